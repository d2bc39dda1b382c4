/**
 * `corelab simulate <model.yaml | built-in name>`: Monte Carlo runs and parameter sweeps of a
 * simulation model (`@corelab/simulate`), in parallel on worker threads, aggregated per sweep point.
 *
 * ```
 * corelab simulate <model.yaml | name>
 *   --seeds <n>             seeds per sweep point (default 1): --seed, --seed+1, …
 *   --seed <s>              the first seed (default 1)
 *   --sweep <key=v1,v2,…>   sweep a dotted key of the model file (repeatable: cartesian product);
 *                           a model file may also hold `sweep: { key: [v1, v2] }` (--sweep wins)
 *   --blocks <n>            set the run length (the model's `blocksKey`, default `blocks`)
 *   --out <dir>             output folder (default out/simulate/<file stem or model name>)
 *   --metrics <format>      per-run metrics as jsonl (default) or csv
 *   --workers <n>           worker threads (default: cores − 1, at least 1; 0 = in this process)
 *   --list                  list the models
 *   --[no-]progress         progress bar on stderr (default: on a terminal, unless CI is set)
 * ```
 *
 * Writes `<out>/summary.csv`, `<out>/summary.json`, `<out>/runs/<point>/seed-<n>.<jsonl|csv>` and the
 * model's charts as `<out>/<name>.svg` + `.png`; prints the summary table (mean, p5, p95 per point
 * and column) on stdout. Results are ordered by (point, seed), so the same seeds give the same
 * files and stdout for any worker count.
 *
 * Exit status: 0 every run completed · 1 some run failed (the others still ran and are reported) ·
 * 2 bad input (file, `model:`, parameters, an unknown model or sweep key: the message names the path
 * and the valid names) · 3 a chart could not be rendered (a bug in the model's chart spec).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CorelabError, parseStateRootPolicy, type EngineOptions } from "@corelab/frame";
import { parseSource } from "@corelab/testing";
import type { CliIO } from "./io.ts";
import { EXIT } from "./replay-command.ts";
import {
  METRICS_FORMATS,
  SIMULATION_ENGINE,
  UnknownModelError,
  aggregate,
  applyOverrides,
  dedupeSweeps,
  defaultWorkers,
  executeTasks,
  expandMatrix,
  failedRuns,
  formatSummaryTable,
  getModel,
  hasModel,
  listModels,
  loadModelModule,
  parseSweepOption,
  setPath,
  summaryCsv,
  summaryJson,
  sweepSection,
  writeChart,
  writeMetrics,
  writeSummary,
  type AnyModel,
  type LabelledRun,
  type MetricsFormat,
  type RunTask,
  type SweepOption,
} from "@corelab/simulate";
import { matrixProgress, progressEnabled } from "./simulate-progress.ts";
import { Recording } from "./store.ts";
import { VERSION } from "./cli.ts";

/** Options of `corelab simulate` as commander parses them (strings, validated here). */
export interface SimulateOptions {
  readonly seeds?: string;
  readonly seed?: string;
  readonly sweep?: readonly string[];
  readonly blocks?: string;
  readonly out?: string;
  readonly metrics?: string;
  readonly workers?: string;
  /** `--state-roots`: on-request (default), every-block, or N. */
  readonly stateRoots?: string;
  readonly list?: boolean;
  readonly progress?: boolean;
  /** `--store <file>` / `--no-store` (default: record into `.corelab/runs.duckdb`). */
  readonly store?: string | boolean;
  /** `--queue redis://host:port`: put each run on a BullMQ queue for `corelab worker`s instead of local threads. */
  readonly queue?: string;
}

/** A loaded model file (or a built-in model run without one). */
export interface LoadedModel {
  readonly model: AnyModel;
  /** The module URL exporting the model, for models that are not built in. */
  readonly module?: string;
  /** The file as given (`studies/x.yaml`), or `built-in model 'x'`. */
  readonly file: string;
  /** Default output folder name: the file's stem or the model's name. */
  readonly stem: string;
  /** The raw file, `sweep:` removed. */
  readonly raw: unknown;
  /** The file's `sweep:` section. */
  readonly sweeps: readonly SweepOption[];
}

function bad(message: string, details: string[] = []): never {
  throw new CorelabError("SimulateInput", message, { details });
}

/** A non-negative integer option (`--seeds 5`); throws (exit 2) otherwise. */
function intOption(name: string, text: string | undefined, fallback: number, min: number, max = 2 ** 31 - 1): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) bad(`${name} ${text}: expected an integer from ${min} to ${max}`);
  return Number(text);
}

const isModulePath = (s: string): boolean => /^\.{1,2}[\\/]|^\//.test(s) || /\.(m?[jt]s)$/.test(s);

/**
 * Reads `target`: a model file (YAML/JSON; its `model:` names a registered model or a module path
 * relative to the file) or a registered model's name. Throws a `CorelabError` (exit 2) naming the
 * file and the path in it, with the valid model names.
 */
export async function loadModelTarget(target: string, cwd: string): Promise<LoadedModel> {
  const path = resolve(cwd, target);
  if (!(existsSync(path) && statSync(path).isFile())) {
    if (hasModel(target)) {
      const m = getModel(target);
      return { model: m.model, ...(m.module ? { module: m.module } : {}), file: `built-in model '${target}'`, stem: target, raw: { model: target }, sweeps: [] };
    }
    if (/[\\/]|\.(ya?ml|json)$/i.test(target)) bad(`${target}: no such file`);
    throw new UnknownModelError(target, "simulate");
  }
  // models resolve paths in the file (agent modules) against `file` from the process's folder
  const file = isAbsolute(target) || resolve(target) === path ? target : path;
  const doc = parseSource(readFileSync(path, "utf8"), file).value;
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) bad(`${file}: expected a map with a \`model:\` key at the top`);
  const { sweep, ...raw } = doc as Record<string, unknown>;
  const name = raw.model;
  const names = listModels().map((m) => m.name);
  if (typeof name !== "string" || name === "") {
    bad(`${file}: model: required: a model name or a TypeScript module path`, [`valid models: ${names.join(", ") || "(none registered)"}`]);
  }
  let model: AnyModel;
  let module: string | undefined;
  if (isModulePath(name)) {
    const modPath = resolve(dirname(path), name);
    if (!existsSync(modPath)) bad(`${file}: model: no such module ${name} (looked for ${modPath})`);
    module = pathToFileURL(modPath).href;
    model = await loadModelModule(module);
  } else {
    if (!hasModel(name)) throw new UnknownModelError(name, `${file}: model`);
    const m = getModel(name);
    model = m.model;
    module = m.module;
  }
  return { model, ...(module ? { module } : {}), file, stem: basename(target, extname(target)), raw, sweeps: sweepSection(sweep, file) };
}

/** Calls `model.parse`, turning any error into a `CorelabError` (exit 2) that names the file. */
export function parseOrExplain(model: AnyModel, raw: unknown, file: string, context = ""): unknown {
  try {
    return model.parse(raw, file);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const named = msg.includes(file) ? msg : `${file}: ${msg}`;
    throw new CorelabError("SimulateInput", context ? `${context}: ${named}` : named);
  }
}

/** Runs `corelab simulate`. Returns the exit status; bad input throws a `CorelabError` (exit 2). */
export async function simulateCommand(target: string | undefined, opts: SimulateOptions, io: CliIO): Promise<number> {
  if (opts.list) {
    const models = listModels();
    if (models.length === 0) io.stdout.write("no simulation models are registered\n");
    const w = Math.max(0, ...models.map((m) => m.name.length));
    for (const m of models) io.stdout.write(`${m.name.padEnd(w)}  ${m.description}\n`);
    return EXIT.ok;
  }
  if (target === undefined) bad("simulate: expected a model file or a model name (`corelab simulate --list` lists the models)");
  const seedCount = intOption("--seeds", opts.seeds, 1, 1, 100_000);
  const seedBase = intOption("--seed", opts.seed, 1, 0);
  if (seedBase + seedCount - 1 > 2 ** 31 - 1) bad(`--seed ${seedBase} --seeds ${seedCount}: seeds must stay below 2^31`);
  const workers = intOption("--workers", opts.workers, defaultWorkers(), 0, 256);
  let engine: EngineOptions | undefined;
  if (opts.stateRoots !== undefined) {
    try {
      engine = { ...SIMULATION_ENGINE, stateRoots: parseStateRootPolicy(opts.stateRoots) };
    } catch (e) {
      bad(`--state-roots ${opts.stateRoots}: ${(e as Error).message}`);
    }
  }
  const format = (opts.metrics ?? "jsonl") as MetricsFormat;
  if (!METRICS_FORMATS.includes(format)) bad(`--metrics ${opts.metrics}: expected one of ${METRICS_FORMATS.join(", ")}`);

  const loaded = await loadModelTarget(target, io.cwd);
  const { model, file } = loaded;
  let raw = loaded.raw;
  if (opts.blocks !== undefined) raw = setPath(raw, model.blocksKey ?? "blocks", intOption("--blocks", opts.blocks, 0, 1));

  const params = parseOrExplain(model, raw, file);
  const cli = (opts.sweep ?? []).map(parseSweepOption);
  const valid = model.sweepKeys(params);
  for (const [s, where] of [...loaded.sweeps.map((s) => [s, `${file}: sweep.${s.key}`] as const), ...cli.map((s) => [s, `--sweep ${s.key}`] as const)]) {
    if (!valid.includes(s.key)) bad(`${where}: not a sweepable key of model '${model.name}'`, [`valid keys: ${valid.join(", ") || "(none)"}`]);
  }
  const sweeps = dedupeSweeps([...loaded.sweeps, ...cli]);
  const matrix = expandMatrix(sweeps, seedBase, seedCount);
  for (const p of matrix.points) if (p.label) parseOrExplain(model, applyOverrides(raw, p.overrides), file, `sweep point ${p.label}`);

  const tasks: RunTask[] = matrix.runs.map((r) => ({
    model: model.name,
    ...(loaded.module ? { module: loaded.module } : {}),
    file,
    raw,
    overrides: r.point.overrides,
    seed: r.seed,
    ...(engine ? { engine } : {}),
  }));
  const threads = workers === 0 || tasks.length <= 1 || !loaded.module ? 0 : Math.min(workers, tasks.length);
  // the queue's client (BullMQ) is loaded only for a sweep that uses it
  const queue = opts.queue !== undefined ? await import("@corelab/queue") : undefined;
  if (opts.queue !== undefined && !loaded.module) bad(`${file}: model '${model.name}' has no module a remote worker could load`, ["register it with a module URL, or run it without --queue"]);
  io.stderr.write(
    `simulate ${model.name}: ${matrix.points.length} point${matrix.points.length === 1 ? "" : "s"} × ${seedCount} seed${seedCount === 1 ? "" : "s"} = ${tasks.length} run${tasks.length === 1 ? "" : "s"}, ${queue !== undefined ? `on the queue at ${queue.redactUrl(opts.queue!)} (corelab worker runs them)` : threads ? `${threads} worker thread${threads === 1 ? "" : "s"}` : "in process"}\n`,
  );
  const recording = await Recording.begin(opts, io, {
    kind: "simulate",
    command: ["simulate", ...(target !== undefined ? [target] : []), ...(opts.seeds !== undefined ? ["--seeds", opts.seeds] : []), ...(opts.seed !== undefined ? ["--seed", opts.seed] : []), ...(opts.sweep ?? []).flatMap((x) => ["--sweep", x]), ...(opts.blocks !== undefined ? ["--blocks", opts.blocks] : [])],
    corelabVersion: VERSION,
    model: model.name,
    params: raw,
    seeds: matrix.seeds,
    sweepPoints: matrix.points.map((p) => ({ label: p.label, overrides: p.overrides })),
  });
  const recorder = recording.recorder;
  const bar = matrixProgress(io.stderr, `simulate ${model.name}`, tasks.length, progressEnabled(io.stderr, io.env, opts.progress));
  let results;
  try {
    const run = queue !== undefined ? (t: readonly RunTask[], o: Parameters<typeof executeTasks>[1]) => queue.executeTasksOnQueue(t, { url: opts.queue!, onProgress: o.onProgress, onDone: o.onDone }) : executeTasks;
    results = await run(tasks, {
      workers: threads,
      model,
      onProgress: (i, done, total) => bar.update(i, done, total),
      onDone: (i, r) => {
        bar.finish(i, r.failure !== undefined);
        // each run's per-block metrics into the run store, by (sweep point, seed)
        if (recorder !== undefined) void recorder.addMetrics(matrix.runs[i]!.point.index, matrix.runs[i]!.seed, r.rows).catch(() => {});
      },
    });
  } finally {
    bar.stop();
  }

  const out = resolve(io.cwd, opts.out ?? join("out", "simulate", loaded.stem));
  const rel = relative(io.cwd, out);
  const shown = rel === "" ? "." : rel.startsWith("..") ? out : rel;
  const metricFiles = writeMetrics(out, matrix.runs, results, format);
  const summaries = aggregate(matrix.points, matrix.runs, results);
  const failures = failedRuns(matrix.runs, results);
  const sweptKeys = sweeps.map((s) => s.key);
  writeSummary(out, summaryCsv(summaries, sweptKeys), summaryJson(model.name, file, matrix.seeds, sweeps, summaries, failures));

  const labelled: LabelledRun[] = matrix.runs.flatMap((r, i) => (results[i]!.failure ? [] : [{ label: r.point.label, result: results[i]! }]));
  const charts: string[] = [];
  const chartErrors: string[] = [];
  if (labelled.length > 0) {
    let specs: Record<string, unknown> = {};
    try {
      specs = { ...model.charts(labelled) };
    } catch (e) {
      chartErrors.push(`model '${model.name}' charts(): ${(e as Error).message}`);
    }
    for (const [name, spec] of Object.entries(specs)) {
      try {
        await writeChart(out, name, spec as Parameters<typeof writeChart>[2]);
        charts.push(name);
      } catch (e) {
        chartErrors.push(`chart '${name}': ${(e as Error).message}`);
      }
    }
  }

  const say = (s: string): void => void io.stdout.write(`${s}\n`);
  const seedText = seedCount === 1 ? `seed ${seedBase}` : `seeds ${seedBase}..${seedBase + seedCount - 1}`;
  say(`model ${model.name}  ${file}  ${seedText}${sweeps.length ? `  sweep ${sweptKeys.join(", ")}` : ""}`);
  say("");
  for (const line of formatSummaryTable(summaries)) say(line);
  say("(mean over the completed runs of each point; p5/p95 by linear interpolation)");
  for (const f of failures) say(`FAILED  ${f.point ? `${f.point} ` : ""}seed ${f.seed}: ${f.source} at block ${f.block}: ${f.message}`);
  for (const c of chartErrors) io.stderr.write(`error: ${c}\n`);
  say("");
  say(`wrote ${shown}/summary.csv, summary.json, ${metricFiles.length} metrics file${metricFiles.length === 1 ? "" : "s"} under runs/${charts.length ? `, charts ${charts.map((c) => `${c}.svg/.png`).join(", ")}` : ""}`);
  say(`${tasks.length} run${tasks.length === 1 ? "" : "s"}: ${tasks.length - failures.length} completed, ${failures.length} failed`);
  await recording.finish(chartErrors.length ? "error" : failures.length ? "fail" : "pass", { runs: tasks.length, failed: failures.length, points: summaries });
  if (chartErrors.length) return EXIT.error;
  return failures.length ? EXIT.failed : EXIT.ok;
}
