/**
 * The `corelab` command (commander). `main(argv, io)` runs it in-process and returns the exit
 * status, so tests need not spawn a process; `bin.ts` calls it with the process's arguments.
 *
 * ```
 * corelab replay <file-or-folder>...   replay scenario files (see replay-command.ts)
 *   --json            every block record as JSON on stdout (human lines go to stderr)
 *   --report <name>   add a reporter's summary (repeatable; `corelab reporters` lists them)
 *   --bail            stop a file at its first failing step
 *   --[no-]color      colour (default: on a TTY, unless NO_COLOR)
 *   --[no-]progress   progress bar on stderr (default: on a TTY, for runs over 20,000 blocks)
 *   --runtime <module> every file on a runtime module of your own (default export a preset)
 *   --fork <file>     every file starts from this state file (a raw chain spec, a raw storage map, chopsticks' import-storage)
 * corelab state <file> [--at N] [--format raw|chopsticks] [--out f]  a scenario's storage after block N as real state
 * corelab check <file-or-folder>...    validate files without running them
 * corelab presets [--json]             list runtime presets
 * corelab metadata <runtime> [--json|--hex|--v15]  a runtime's pallets, calls, storage, events, errors, constants; V15 metadata
 * corelab runs list|show|compare|export  the runs recorded in the run store (.corelab/runs.duckdb)
 * corelab serve [--port N]             the run store in a web browser (read-only, 127.0.0.1)
 * corelab worker --queue redis://…     run simulation runs a `simulate --queue` put on a BullMQ queue
 * corelab reporters                    list reporters
 * corelab simulate <model.yaml | name>  seeded runs and sweeps of a simulation model (see simulate-command.ts)
 * corelab compare <history.yaml> --variant name=spec …  one history under several runtimes (commands/compare.ts)
 * ```
 *
 * Nothing prints a stack trace for bad input: `CorelabError`s print their message only. Any
 * other exception is a bug and is printed with its stack and a line saying so (exit 3).
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { CorelabError } from "@corelab/frame/errors";
import { addPricingCommand } from "./commands/pricing.ts";
import { EXIT } from "./exit.ts";
import { processIO, type CliIO } from "./io.ts";
import type { SimulateOptions } from "./simulate-command.ts";
import type { CompareOptions } from "./commands/compare.ts";
import type { RunsOptions } from "./commands/runs.ts";

// Each command loads what it runs when it runs (the runtimes, the simulation engine and its charts
// take about a second to load): `corelab --help` and `--version` load only this file's imports.

/** Set by the in-repository bundler (tools/bundle.mjs) to the package's version; absent elsewhere. */
declare const CORELAB_VERSION: string | undefined;

/** The version printed by `corelab --version`: `@corelab/emulator`'s, from its package.json. */
export const VERSION: string = typeof CORELAB_VERSION === "string" ? CORELAB_VERSION : packageVersion();

/** The version in the package's package.json (next to `src/` and `dist/`). */
function packageVersion(): string {
  const json: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return typeof json === "object" && json !== null && typeof (json as { version?: unknown }).version === "string" ? (json as { version: string }).version : "unknown";
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Builds the commander program; `setCode` receives each action's exit status. */
function program(io: CliIO, setCode: (code: number) => void): Command {
  const p = new Command("corelab")
    .description("Replay block sequences (scenario files) on Corelab runtimes")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run `corelab --help` for usage)")
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });

  p.command("replay")
    .description("replay scenario files and check their expectations")
    .argument("<paths...>", "scenario files, folders (searched for *.yaml, *.yml, *.json) or globs")
    .option("--json", "print every block record of each file as JSON on stdout")
    .option("--report <name>", "add a reporter's summary (repeatable)", collect)
    .option("--bail", "stop a file at its first failing step")
    .option("--state-roots <policy>", "when state roots are computed: every-block (default), on-request, or N (every N blocks); the final root is the same")
    .option("--runtime <module>", "run every file on this runtime module (default export a preset), whatever its runtime: says")
    .option("--fork <file>", "start every file from this state file (a raw chain spec, a { \"0xkey\": \"0xvalue\" } map or chopsticks' import-storage), as genesis: { raw } does")
    .option("--store <file>", "record the run into this store (default .corelab/runs.duckdb)")
    .option("--no-store", "do not record the run (also CORELAB_STORE=off)")
    .addOption(new Option("--color", "force colour"))
    .addOption(new Option("--no-color", "no colour"))
    .addOption(new Option("--progress", "force a progress bar on stderr"))
    .addOption(new Option("--no-progress", "no progress bar"))
    .action(async (paths: string[], opts: { json?: boolean; report?: string[]; bail?: boolean; stateRoots?: string; runtime?: string; fork?: string; store?: string | boolean; color?: boolean; progress?: boolean }) => {
      const { replayCommand } = await import("./replay-command.ts");
      setCode(await replayCommand(paths, opts, io));
    });

  p.command("state")
    .description("replay a scenario and write its storage after a block as real state (raw storage JSON or chopsticks import-storage YAML)")
    .argument("<file>", "a scenario file")
    .option("--at <block>", "the block after which the storage is taken (default: the scenario's last block)")
    .addOption(new Option("--format <format>", "raw: { \"0xkey\": \"0xvalue\" } JSON; chopsticks: its import-storage YAML").choices(["raw", "chopsticks"]).default("raw"))
    .option("--out <file>", "write to this file (default: stdout)")
    .option("--fork <file>", "start the scenario from this state file, as genesis: { raw } does")
    .action(async (file: string, opts: { at?: string; format?: string; out?: string; fork?: string }) => {
      const { stateCommand } = await import("./commands/state.ts");
      setCode(await stateCommand(file, opts, io));
    });

  p.command("check")
    .description("validate scenario files (structure and every value) without running them")
    .argument("<paths...>", "scenario files, folders or globs")
    .addOption(new Option("--no-color", "no colour"))
    .action(async (paths: string[], opts: { color?: boolean }) => {
      const { checkCommand } = await import("./commands/scenarios.ts");
      setCode(checkCommand(paths, opts, io));
    });

  p.command("presets")
    .description("list the runtime presets a scenario's `runtime:` may name")
    .option("--json", "as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { presetsCommand } = await import("./commands/scenarios.ts");
      setCode(presetsCommand(opts, io));
    });

  p.command("metadata")
    .description("list a runtime's pallets, calls with argument types, storage items, events, errors and constants")
    .argument("<runtime>", "a preset name (corelab presets) or a runtime module (./my-runtime.ts, default export a preset)")
    .option("--json", "as JSON (Corelab's description: types by name)")
    .option("--hex", "the V15 metadata, SCALE-encoded (RuntimeMetadataPrefixed: \"meta\", 15, V15), as 0x hex")
    .option("--v15", "the V15 metadata as JSON, as polkadot-api decodes it (type registry, pallets, outer enums)")
    .option("--chain <name>", "for a network preset: the chain (default relay)")
    .action(async (runtime: string, opts: { json?: boolean; hex?: boolean; v15?: boolean; chain?: string }) => {
      const { metadataCommand } = await import("./commands/metadata.ts");
      setCode(await metadataCommand(runtime, opts, io));
    });

  p.command("reporters")
    .description("list the reporters `replay --report` may name")
    .action(async () => {
      const rs = (await import("./reporters/index.ts")).listReporters();
      const w = Math.max(...rs.map((r) => r.name.length));
      for (const r of rs) io.stdout.write(`${r.name.padEnd(w)}  ${r.description}\n`);
      setCode(EXIT.ok);
    });
  p.command("simulate")
    .description("Monte Carlo runs and parameter sweeps of a simulation model, on worker threads")
    .argument("[model]", "a model file (YAML/JSON with a `model:` key) or a built-in model's name")
    .option("--seeds <n>", "seeds per sweep point (default 1)")
    .option("--seed <s>", "the first seed (default 1)")
    .option("--sweep <key=v1,v2,...>", "sweep a dotted key of the model file (repeatable: cartesian product)", collect)
    .option("--blocks <n>", "the run length (the model's blocks key)")
    .option("--out <dir>", "output folder (default out/simulate/<file stem or model>)")
    .addOption(new Option("--metrics <format>", "per-run metrics format").choices(["jsonl", "csv"]))
    .option("--workers <n>", "worker threads (default: cores - 1; 0 = in this process)")
    .option("--state-roots <policy>", "when state roots are computed: on-request (default: one root at the end of each run), every-block, or N")
    .option("--list", "list the simulation models")
    .option("--store <file>", "record the runs into this store (default .corelab/runs.duckdb)")
    .option("--no-store", "do not record (also CORELAB_STORE=off)")
    .option("--queue <url>", "put each run on the BullMQ queue at redis://host:port; `corelab worker`s on any machine run them")
    .addOption(new Option("--progress", "force a progress bar on stderr"))
    .addOption(new Option("--no-progress", "no progress bar"))
    .action(async (model: string | undefined, opts: SimulateOptions) => {
      const { simulateCommand } = await import("./simulate-command.ts");
      setCode(await simulateCommand(model, opts, io));
    });
  p.command("compare")
    .description("replay one history (a network model file) under several runtimes; sales side by side, with charts")
    .argument("[history]", "a `model: network` file: chains, setup calls and the buyers' intents as agents")
    .option("--variant <name=spec>", "a variant: a network preset and/or key=value overrides of the history, comma-separated (repeatable)", collect)
    .option("--seed <s>", "the seed every variant runs (default 1)")
    .option("--out <dir>", "output folder (default out/compare/<history stem>)")
    .option("--workers <n>", "worker threads (default: cores - 1; 0 = in this process)")
    .option("--store <file>", "record the comparison into this store (default .corelab/runs.duckdb)")
    .option("--no-store", "do not record (also CORELAB_STORE=off)")
    .action(async (history: string | undefined, opts: CompareOptions) => {
      const { compareCommand } = await import("./commands/compare.ts");
      setCode(await compareCommand(history, opts, io));
    });
  const runs = p.command("runs").description("the runs recorded in the run store (.corelab/runs.duckdb unless --store)");
  const runsSub = (name: "list" | "show" | "compare" | "export", args: string, description: string) => {
    const c = runs.command(`${name}${args ? ` ${args}` : ""}`).description(description).option("--store <file>", "the store (default .corelab/runs.duckdb)").option("--json", "as JSON");
    return c;
  };
  runsSub("list", "", "list runs, newest first")
    .option("--kind <kind>", "only replay, simulate or compare runs")
    .option("--limit <n>", "at most n runs")
    .action(async (opts: RunsOptions) => setCode(await (await import("./commands/runs.ts")).runsCommand("list", [], opts, io)));
  runsSub("show", "<id>", "a run: what it ran, what it recorded, its summary and failed expectations").action(async (id: string, opts: RunsOptions) =>
    setCode(await (await import("./commands/runs.ts")).runsCommand("show", [id], opts, io)),
  );
  runsSub("compare", "<a> <b>", "two runs side by side: outcome, parameters, summary, metric means").action(async (a: string, b: string, opts: RunsOptions) =>
    setCode(await (await import("./commands/runs.ts")).runsCommand("compare", [a, b], opts, io)),
  );
  runsSub("export", "<id>", "a run's records as Parquet or CSV files")
    .option("--parquet", "as Parquet")
    .option("--csv", "as CSV")
    .option("--out <dir>", "output folder (default out/runs/<id>)")
    .action(async (id: string, opts: RunsOptions) => setCode(await (await import("./commands/runs.ts")).runsCommand("export", [id], opts, io)));
  p.command("worker")
    .description("run simulation runs from a BullMQ queue (corelab simulate --queue) until stopped (Ctrl-C)")
    .requiredOption("--queue <url>", "the queue's Redis: redis://host:port")
    .option("--concurrency <n>", "runs at once (default: cores - 1)")
    .action(async (opts: { queue: string; concurrency?: string }) => {
      const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
      if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
        io.stderr.write(`error: --concurrency: expected a positive integer, got ${opts.concurrency}\n`);
        return setCode(EXIT.malformed);
      }
      const { runQueueWorker, redactUrl } = await import("@corelab/queue");
      const stop = new AbortController();
      for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
      // a line per finished run, with its time on this worker (for the worker's log)
      const started = new Map<string, number>();
      const took = (job: string | undefined): string => {
        const t0 = job === undefined ? undefined : started.get(job);
        if (job !== undefined) started.delete(job);
        return t0 === undefined ? "?" : `${((performance.now() - t0) / 1000).toFixed(1)} s`;
      };
      try {
        await runQueueWorker({
          url: opts.queue,
          ...(concurrency !== undefined ? { concurrency } : {}),
          signal: stop.signal,
          onEvent: (event, job, detail) => {
            if (event === "ready") io.stderr.write(`corelab worker: taking runs from ${redactUrl(opts.queue)} (Ctrl-C to stop)\n`);
            else if (event === "active" && job !== undefined) started.set(job, performance.now());
            else if (event === "completed" && job !== undefined) io.stderr.write(`run ${job} done (${took(job)})\n`);
            else if (event === "failed") io.stderr.write(`run ${job} failed (${took(job)}): ${detail ?? ""}\n`);
          },
        });
      } catch (e) {
        if (!(e instanceof CorelabError)) throw e;
        io.stderr.write(`error: ${e.message}\n`);
        setCode(EXIT.malformed);
      }
    });
  p.command("serve")
    .description("browse the run store in a web browser (read-only): runs, blocks, events, changes, simulation charts")
    .option("--store <file>", "the store (default .corelab/runs.duckdb)")
    .option("--port <n>", "port (default 8080; 0: any free port)", "8080")
    .option("--host <host>", "interface to listen on (default 127.0.0.1: this machine only)")
    .action(async (opts: { store?: string; port: string; host?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.stderr.write(`error: --port: expected a port number (0..65535), got ${opts.port}\n`);
        return setCode(EXIT.malformed);
      }
      const [{ startExplorer }, { storeOf }] = await Promise.all([import("@corelab/explorer"), import("./store.ts")]);
      try {
        const ex = await startExplorer({ store: await storeOf(opts, io, true), port, ...(opts.host !== undefined ? { host: opts.host } : {}) });
        io.stdout.write(`corelab explorer at ${ex.url} (Ctrl-C to stop)\n`);
        await new Promise<void>((done) => process.once("SIGINT", () => void ex.close().then(done)));
      } catch (e) {
        if (!(e instanceof CorelabError)) throw e;
        io.stderr.write(`error: ${e.message}\n`);
        setCode(EXIT.malformed);
      }
    });
  addPricingCommand(p, io, setCode);
  return p;
}

/**
 * Runs `corelab` with `argv` (the arguments after the program name, e.g. `["replay", "a.yaml"]`).
 * Returns the exit status: 0 passed, 1 an expectation failed, 2 malformed input (a file or the
 * command line), 3 a replay stopped with an error.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code: number = EXIT.ok;
  const p = program(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      p.outputHelp();
      return EXIT.malformed;
    }
    await p.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; usage errors are bad input
      return e.exitCode === 0 ? EXIT.ok : EXIT.malformed;
    }
    if (e instanceof CorelabError) {
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.malformed;
    }
    io.stderr.write(
      `BUG: corelab failed unexpectedly: this is a bug in Corelab, not in your input.\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return EXIT.error;
  }
}
