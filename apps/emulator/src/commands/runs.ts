/**
 * `corelab runs list | show <id> | compare <a> <b> | export <id> --parquet|--csv`: the runs the run
 * store (`@corelab/store`, `.corelab/runs.duckdb` unless `--store`) holds. Ids may be given by a
 * unique prefix. Loaded by `cli.ts` when a `runs` command runs.
 */
import { resolve } from "node:path";
import { CorelabError } from "@corelab/frame";
import type { RunInfo } from "@corelab/store";
import { EXIT } from "../exit.ts";
import type { CliIO } from "../io.ts";
import { storeOf, type StoreOptions } from "../store.ts";

/** What `corelab runs` subcommands take. */
export interface RunsOptions extends StoreOptions {
  readonly json?: boolean;
  readonly kind?: string;
  readonly limit?: string;
  readonly parquet?: boolean;
  readonly csv?: boolean;
  readonly out?: string;
}

const line = (r: RunInfo): string =>
  `${r.id}  ${r.kind.padEnd(8)}  ${(r.outcome ?? r.status).padEnd(10)}  ${r.startedAt}  ${r.command.join(" ")}`;

/** Runs one `corelab runs` subcommand; errors (an unknown run, a store that is not one) exit 2 with their message. */
export async function runsCommand(sub: "list" | "show" | "compare" | "export", ids: readonly string[], opts: RunsOptions, io: CliIO): Promise<number> {
  const say = (s: string): void => void io.stdout.write(`${s}\n`);
  try {
    const store = await storeOf(opts, io, true);
    if (sub === "list") {
      const kind = opts.kind as "replay" | "simulate" | "compare" | undefined;
      const runs = await store.listRuns({ ...(kind ? { kind } : {}), ...(opts.limit ? { limit: Number(opts.limit) } : {}) });
      if (opts.json) say(JSON.stringify(runs, null, 2));
      else if (runs.length === 0) say("no runs recorded");
      else for (const r of runs) say(line(r));
      return EXIT.ok;
    }
    if (sub === "show") {
      const run = await store.getRun(ids[0]!);
      if (opts.json) {
        say(JSON.stringify(run, null, 2));
        return EXIT.ok;
      }
      say(line(run));
      if (run.runtime) say(`runtime   ${run.runtime}`);
      if (run.model) say(`model     ${run.model}`);
      if (run.seeds) say(`seeds     ${run.seeds.join(", ")}`);
      say(`recorded  ${run.counts.blocks} blocks (${run.counts.files} files), ${run.counts.metricRows} metric rows in ${run.counts.series} series, ${run.counts.expectations} expectations (${run.counts.failedExpectations} failed)${run.counts.coreRuns > 0 ? `, ${run.counts.coreRuns} core-run segments` : ""}`);
      say(`summary   ${JSON.stringify(run.summary)}`);
      for (const x of await store.expectations(run.id, { passed: false })) say(`  ✗ ${x.file} block ${x.block}: ${x.path}: expected ${x.expected}, actual ${x.actual}`);
      return EXIT.ok;
    }
    if (sub === "compare") {
      const c = await store.compareRuns(ids[0]!, ids[1]!);
      if (opts.json) {
        say(JSON.stringify(c, null, 2));
        return EXIT.ok;
      }
      say(`a  ${line(c.a)}`);
      say(`b  ${line(c.b)}`);
      say(`outcome ${c.outcome.same ? "the same" : `${c.outcome.a} vs ${c.outcome.b}`}`);
      for (const p of c.params) say(`param    ${p.key}: ${JSON.stringify(p.a)} vs ${JSON.stringify(p.b)}`);
      for (const s of c.summary.filter((x) => !x.same)) say(`summary  ${s.key}: ${JSON.stringify(s.a)} vs ${JSON.stringify(s.b)}${s.delta !== null ? ` (Δ ${s.delta})` : ""}`);
      for (const m of c.metrics) say(`metric   ${m.metric}: mean ${m.a ?? "—"} vs ${m.b ?? "—"}`);
      return EXIT.ok;
    }
    const format = opts.parquet ? "parquet" : opts.csv ? "csv" : undefined;
    if (format === undefined) {
      io.stderr.write("error: corelab runs export needs --parquet or --csv\n");
      return EXIT.malformed;
    }
    const written = await store.exportRun(ids[0]!, resolve(io.cwd, opts.out ?? `out/runs/${ids[0]}`), format);
    say(`wrote ${written.join(", ")}`);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof CorelabError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return EXIT.malformed;
  }
}
