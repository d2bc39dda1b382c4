/**
 * `corelab replay <file-or-folder>...`: replays each scenario file and prints one line per file
 * (PASS/FAIL, name, blocks, final state root), every mismatch (file:line, step, block, path,
 * expected, actual), and a summary. Carries on with the next file after a failure.
 *
 * Exit status: 0 all passed · 1 some expectation failed · 2 a file is malformed (or the command
 * line is) · 3 a replay stopped with an error (a hook or a call threw, an internal bug). Each file
 * runs through `runScenarioFile` of `@corelab/testing`, which classifies its outcome.
 *
 * Limits (`ScenarioLimits`): `CORELAB_MAX_BLOCKS`, `CORELAB_MAX_CALLS_PER_BLOCK` and
 * `CORELAB_MAX_FILE_BYTES` in the environment raise or lower what a file may ask for.
 *
 * `--json` writes one JSON array to stdout, one object per file with every block record; the
 * human lines then go to stderr.
 */
import { CorelabError, formatRawStateSummary, initCrypto, parseStateRootPolicy, type BlockRecord, type EngineOptions, type Preset, type Runtime } from "@corelab/frame";
import {
  BlockJsonEncoder,
  checkedExpectations,
  ScenarioError,
  findScenarioFiles,
  formatMismatch,
  limitsFromEnv,
  plainJson,
  loadPresetModule,
  loadScenarioRuntime,
  runScenarioFile,
  type FileRun,
  type CompiledScenario,
  type Mismatch,
  type ReplayObserver,
  type ReplayResult,
  type ScenarioLimits,
} from "@corelab/testing";
import { styleFor, type CliIO, type OutStream, type Style } from "./io.ts";
import { progressFor } from "./progress.ts";
import { getReporter, type Report, type Reporter, type ReporterSession } from "./reporters/index.ts";

/** Options of the replay command. */
export interface ReplayCommandOptions {
  readonly json?: boolean;
  readonly report?: readonly string[];
  readonly bail?: boolean;
  /** `--state-roots`: every-block (default), on-request, or N. */
  readonly stateRoots?: string;
  readonly color?: boolean;
  readonly progress?: boolean;
  /** `--runtime <module>`: every file runs on this runtime module's preset, whatever its `runtime:` says. */
  readonly runtime?: string;
  /** `--fork <file>`: every file starts from this state file (see `CompileOptions.fork` of `@corelab/testing`). */
  readonly fork?: string;
  /** `--store <file>` / `--no-store` (default: record into `.corelab/runs.duckdb`). */
  readonly store?: string | boolean;
}

export { EXIT } from "./exit.ts";
import { EXIT } from "./exit.ts";
import { registerBuiltinPresets } from "./presets.ts";
import { Recording } from "./store.ts";
import { VERSION } from "./cli.ts";
import type { CoreRunInput, ExpectationInput, RunRecorder } from "@corelab/store";

type Status = "pass" | "fail" | "malformed" | "error";

/** Writes the `--json` array incrementally, so block records are never all kept in memory. */
class JsonWriter {
  private files = 0;
  private blocks = 0;
  constructor(private readonly out: OutStream) {
    out.write("[");
  }
  openFile(fields: Record<string, unknown>): void {
    const head = JSON.stringify(fields);
    this.out.write(`${this.files++ ? "," : ""}\n${head.slice(0, -1)},"blocks":[`);
    this.blocks = 0;
  }
  block(json: unknown): void {
    this.out.write(`${this.blocks++ ? "," : ""}\n${JSON.stringify(json)}`);
  }
  closeFile(fields: Record<string, unknown>): void {
    this.out.write(`\n],${JSON.stringify(fields).slice(1)}`);
  }
  file(fields: Record<string, unknown>): void {
    this.out.write(`${this.files++ ? "," : ""}\n${JSON.stringify(fields)}`);
  }
  end(): void {
    this.out.write("\n]\n");
  }
}

/** Runs `corelab replay`. Returns the exit status. */
export async function replayCommand(inputs: readonly string[], opts: ReplayCommandOptions, io: CliIO): Promise<number> {
  registerBuiltinPresets();
  const human = opts.json ? io.stderr : io.stdout;
  const style = styleFor(human, io.env, opts.color);
  const say = (s: string) => human.write(`${s}\n`);
  let reporters: Reporter[];
  let engine: EngineOptions | undefined;
  let limits: Partial<ScenarioLimits>;
  try {
    reporters = (opts.report ?? []).map((r) => getReporter(r));
    if (opts.stateRoots !== undefined) engine = { stateRoots: parseStateRootPolicy(opts.stateRoots) };
    limits = limitsFromEnv(io.env);
  } catch (e) {
    io.stderr.write(`${style.fail("error")}: ${(e as Error).message}\n`);
    return EXIT.malformed;
  }
  const files = findScenarioFiles(inputs, { cwd: io.cwd });
  if (files.length === 0) {
    io.stderr.write(`${style.fail("error")}: no scenario files (*.yaml, *.yml, *.json) in ${inputs.join(", ")}\n`);
    return EXIT.malformed;
  }
  await initCrypto();
  // users' runtime modules: `--runtime <module>` for every file, else a file's own `runtime: ./x.ts`
  const load = { cwd: io.cwd, limits }; // TypeScript modules: tsx is registered when one is loaded
  let given: Preset | undefined;
  if (opts.runtime !== undefined) {
    try {
      given = await loadPresetModule(opts.runtime, io.cwd);
    } catch (e) {
      if (!(e instanceof CorelabError)) throw e;
      io.stderr.write(`${style.fail("error")}: --runtime ${e.message}\n`);
      return EXIT.malformed;
    }
  }
  const json = opts.json ? new JsonWriter(io.stdout) : undefined;
  const recording = await Recording.begin(opts, io, {
    kind: "replay",
    command: ["replay", ...inputs, ...(opts.runtime !== undefined ? ["--runtime", opts.runtime] : []), ...(opts.fork !== undefined ? ["--fork", opts.fork] : []), ...(opts.stateRoots !== undefined ? ["--state-roots", opts.stateRoots] : []), ...(opts.bail ? ["--bail"] : [])],
    corelabVersion: VERSION,
    ...(opts.runtime !== undefined ? { runtime: opts.runtime } : {}),
    params: { files, stateRoots: opts.stateRoots ?? "every-block", bail: opts.bail === true },
  });
  const counts: Record<Status, number> = { pass: 0, fail: 0, malformed: 0, error: 0 };
  for (const file of files) {
    let preset = given;
    let refused: unknown;
    if (preset === undefined) {
      try {
        preset = await loadScenarioRuntime(file, load);
      } catch (e) {
        if (!(e instanceof CorelabError)) throw e;
        refused = e; // reported as the file's own malformation, below
      }
    }
    const status = replayOne(file, { io, opts, style, say, json, reporters, engine, limits, preset, refused, recorder: recording.recorder });
    counts[status]++;
  }
  json?.end();
  const parts = [
    style.pass(`${counts.pass} passed`),
    counts.fail ? style.fail(`${counts.fail} failed`) : `0 failed`,
    ...(counts.malformed ? [style.fail(`${counts.malformed} malformed`)] : []),
    ...(counts.error ? [style.fail(`${counts.error} stopped with an error`)] : []),
  ];
  say(`\n${files.length} file${files.length === 1 ? "" : "s"}: ${parts.join(", ")}`);
  const outcome = counts.error ? "error" : counts.malformed ? "malformed" : counts.fail ? "fail" : "pass";
  await recording.finish(outcome, { files: files.length, ...counts });
  if (counts.error) return EXIT.error;
  if (counts.malformed) return EXIT.malformed;
  if (counts.fail) return EXIT.failed;
  return EXIT.ok;
}

interface RunContext {
  readonly io: CliIO;
  readonly opts: ReplayCommandOptions;
  readonly style: Style;
  readonly say: (s: string) => void;
  readonly json: JsonWriter | undefined;
  readonly reporters: readonly Reporter[];
  readonly engine: EngineOptions | undefined;
  readonly limits: Partial<ScenarioLimits>;
  /** The file's runtime module's preset (or `--runtime`'s), when it names one. */
  readonly preset: Preset | undefined;
  /** Why the file's runtime module could not be loaded (the file is then malformed). */
  readonly refused: unknown;
  /** The run store's recorder of this command, when it records. */
  readonly recorder: RunRecorder | undefined;
}

function errorJson(e: unknown): Record<string, unknown> {
  if (e instanceof ScenarioError)
    return { message: e.message, path: e.path, line: e.line ?? null, column: e.column ?? null, expected: e.expected ?? null };
  if (e instanceof CorelabError) return { message: e.message, code: e.code };
  return { message: e instanceof Error ? e.message : String(e), bug: true };
}

function replayOne(file: string, rc: RunContext): Status {
  const { io, opts, style, say, json } = rc;
  // made once the file has compiled (see `observe`)
  const live: { progress?: ReturnType<typeof progressFor>; sessions: Array<[Reporter, ReporterSession | undefined]> } = { sessions: [] };
  const run: FileRun = rc.refused !== undefined ? { file, status: "malformed", error: rc.refused, bug: false } : runScenarioFile(file, {
    cwd: io.cwd,
    preset: rc.preset,
    limits: rc.limits,
    bail: opts.bail,
    engine: rc.engine,
    ...(opts.fork !== undefined ? { fork: opts.fork } : {}),
    observe: (compiled) => {
      const observers: ReplayObserver[] = [];
      const progress = opts.json && io.stdout === io.stderr ? undefined : progressFor(io.stderr, file, compiled.lastBlock - compiled.start, opts.progress, compiled.start);
      live.progress = progress;
      if (progress) observers.push(progress);
      const recorder = rc.recorder;
      if (recorder !== undefined) {
        // the run store keeps every block that did something (extrinsics, events or storage changes:
        // the engine's change set); blocks that changed nothing are not stored
        const encoders = new Map<Runtime, BlockJsonEncoder>();
        const net = compiled.network;
        const timeline = net !== undefined && net.describeCores() !== undefined ? new CoreTimeline(file, (rows) => void recorder.addCoreRuns(rows).catch(() => {})) : undefined;
        observers.push({
          end: () => timeline?.close(),
          block: (b: BlockRecord, rt: Runtime, chain?: string) => {
            if (timeline !== undefined && rt === net!.relay) timeline.block(b.number, net!.describeCores()!);
            if (b.extrinsics.length === 0 && b.events.length === 0 && b.changes.length === 0) return;
            let enc = encoders.get(rt);
            if (enc === undefined) encoders.set(rt, (enc = new BlockJsonEncoder(rt)));
            const j = enc.encode(b);
            void recorder.addBlocks([{ file, ...(chain !== undefined ? { chain } : {}), number: b.number, hash: b.hash, stateRoot: b.state_root, extrinsics: j.extrinsics, events: j.events, changes: j.changes }]).catch(() => {});
          },
        });
      }
      if (json) {
        // one encoder per chain; in a network every chain's blocks are written, each with its `chain`
        const encoders = new Map<Runtime, BlockJsonEncoder>();
        const network = compiled.network;
        json.openFile({ file, name: compiled.scenario.document.name, preset: compiled.preset.name, ...(network ? { chains: network.chains.map((c) => c.name) } : {}) });
        observers.push({
          block: (b: BlockRecord, rt: Runtime, chain?: string) => {
            let enc = encoders.get(rt);
            if (!enc) encoders.set(rt, (enc = new BlockJsonEncoder(rt)));
            json.block(chain === undefined ? enc.encode(b) : { chain, ...enc.encode(b) });
          },
        });
      }
      live.sessions = rc.reporters.map((r) => [
        r,
        !r.appliesTo || r.appliesTo(compiled.preset, compiled.runtime) ? r.create({ file, compiled, preset: compiled.preset, runtime: compiled.runtime, style }) : undefined,
      ]);
      for (const [, s] of live.sessions) if (s) observers.push(s);
      return observers;
    },
  });
  if (run.status === "malformed") {
    const e = run.error as CorelabError;
    say(`${style.fail("ERROR")} ${file}  ${style.dim("malformed")}\n  ${indent(e.message)}`);
    json?.file({ file, status: "malformed", error: errorJson(e) });
    return "malformed";
  }
  const compiled: CompiledScenario | undefined = run.compiled;
  if (run.status === "error") {
    live.progress?.stop();
    if (run.bug) return bug(file, run.error, rc, compiled !== undefined);
    const e = run.error as CorelabError;
    say(`${style.fail("ERROR")} ${file}  ${style.dim(`stopped at block ${compiled?.runtime.blockNumber ?? "?"}`)}\n  ${indent(e.message)}`);
    json?.closeFile({ status: "error", error: errorJson(e) });
    return "error";
  }
  const result = run.result!;
  live.progress?.stop();
  if (rc.recorder !== undefined && compiled !== undefined) void rc.recorder.addExpectations(expectationRows(file, compiled, result)).catch(() => {});
  say(resultLine(result, style));
  if (compiled?.rawGenesis !== undefined) say(style.dim(formatRawStateSummary(compiled.rawGenesis).map((l, i) => `  ${i === 0 ? "genesis from " : ""}${l}`).join("\n")));
  for (const m of result.mismatches) say(formatMismatch(m, style));
  if (result.stopped) say(`  ${style.dim(`(stopped after step ${result.steps - 1}: --bail)`)}`);
  const reports: Record<string, unknown> = {};
  for (const [r, s] of live.sessions) {
    const rep: Report = s ? safeRender(r, s, result) : { text: `not applicable to runtime ${compiled!.preset.name}` };
    say(`  ${style.bold(`report ${r.name}:`)}\n${rep.text.split("\n").map((l) => `    ${l}`).join("\n")}`);
    reports[r.name] = rep.json ?? rep.text;
  }
  json?.closeFile({
    status: result.passed ? "pass" : "fail",
    ...(compiled?.rawGenesis !== undefined ? { raw_genesis: compiled.rawGenesis } : {}),
    blocks_built: result.blocks,
    state_root: result.stateRoot,
    ...(result.stateRoots ? { state_roots: result.stateRoots, produced: Object.fromEntries(result.network!.chains.map((c) => [c.name, c.produced])) } : {}),
    mismatches: result.mismatches.map(mismatchJson),
    ...(rc.reporters.length ? { reports: plainJson(reports) } : {}),
  });
  return result.passed ? "pass" : "fail";
}

function safeRender(r: Reporter, s: ReporterSession, result: ReplayResult): Report {
  try {
    return s.render(result);
  } catch (e) {
    return { text: `reporter ${r.name} failed: ${e instanceof Error ? e.message : String(e)} (this is a bug in the reporter)` };
  }
}

/**
 * A network replay's core timeline for the run store: what each core ran, relay block by relay
 * block, kept as segments of consecutive blocks over which it ran the same thing; a segment is
 * written when it ends (and every open one at `close`).
 */
class CoreTimeline {
  private readonly open: Array<{ what: string; from: number; to: number } | undefined> = [];

  constructor(
    private readonly file: string,
    private readonly write: (rows: CoreRunInput[]) => void,
  ) {}

  /** Relay block `n` ran `cores` (index = core). */
  block(n: number, cores: readonly string[]): void {
    const ended: CoreRunInput[] = [];
    const width = Math.max(cores.length, this.open.length);
    for (let core = 0; core < width; core++) {
      const what = cores[core];
      const cur = this.open[core];
      if (cur !== undefined && cur.what === what && cur.to === n - 1) {
        cur.to = n;
        continue;
      }
      if (cur !== undefined) ended.push({ file: this.file, core, from: cur.from, to: cur.to, what: cur.what });
      this.open[core] = what === undefined ? undefined : { what, from: n, to: n };
    }
    if (ended.length > 0) this.write(ended);
  }

  close(): void {
    const rows: CoreRunInput[] = [];
    this.open.forEach((cur, core) => cur !== undefined && rows.push({ file: this.file, core, from: cur.from, to: cur.to, what: cur.what }));
    this.open.length = 0;
    if (rows.length > 0) this.write(rows);
  }
}

/**
 * The rows a run store keeps of a replay's expectations, in file order: each expectation that held
 * (`passed`), and in place of each one that did not, its mismatches (what was expected, what
 * happened); a mismatch of no listed expectation (a pooled call never applied) after its step's.
 */
function expectationRows(file: string, compiled: CompiledScenario, result: ReplayResult): ExpectationInput[] {
  const failed = (m: Mismatch): ExpectationInput => ({ file, step: m.step, block: m.block, path: m.path, passed: false, expected: m.expected, actual: m.actual, ...(m.note !== undefined ? { note: m.note } : {}), ...(m.line !== undefined ? { line: m.line, column: m.column } : {}) });
  const within = (p: string, q: string) => p === q || (p.startsWith(q) && (p[q.length] === "." || p[q.length] === "["));
  const left = new Set(result.mismatches);
  const rows: ExpectationInput[] = [];
  const checked = checkedExpectations(compiled, result.mismatches, result.steps);
  checked.forEach((x, i) => {
    if (x.passed) rows.push({ file, step: x.step, block: x.block, path: x.path, passed: true, expected: x.expected, ...(x.line !== undefined ? { line: x.line, column: x.column } : {}) });
    else
      for (const m of result.mismatches)
        if (left.has(m) && (within(m.path, x.path) || within(x.path, m.path))) {
          left.delete(m);
          rows.push(failed(m));
        }
    if (checked[i + 1]?.step !== x.step)
      for (const m of left)
        if (m.step === x.step) {
          left.delete(m);
          rows.push(failed(m));
        }
  });
  for (const m of left) rows.push(failed(m));
  return rows;
}

function mismatchJson(m: Mismatch): Record<string, unknown> {
  return { step: m.step, block: m.block, path: m.path, expected: m.expected, actual: m.actual, note: m.note ?? null, line: m.line ?? null, column: m.column ?? null };
}

/** `PASS  name  file  N blocks  state root 0x…` */
export function resultLine(r: ReplayResult, style: Style): string {
  const head = r.passed ? style.pass("PASS") : style.fail("FAIL");
  const range = r.start > 0 && r.blocks > 0 ? ` (#${r.start + 1}..#${r.start + r.blocks})` : "";
  return `${head}  ${style.bold(r.name)}  ${style.dim(r.file)}  ${r.blocks} block${r.blocks === 1 ? "" : "s"}${range}  ${style.dim("state root")} ${r.stateRoot}`;
}

function indent(s: string): string {
  return s.split("\n").join("\n  ");
}

function bug(file: string, e: unknown, rc: RunContext, open: boolean): Status {
  const { style, io } = rc;
  io.stderr.write(
    `${style.fail("BUG")} ${file}: the emulator failed unexpectedly: this is a bug in Corelab, not in the scenario.\n` +
      `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  if (rc.json) {
    if (open) rc.json.closeFile({ status: "error", error: errorJson(e) });
    else rc.json.file({ file, status: "error", error: errorJson(e) });
  }
  return "error";
}

