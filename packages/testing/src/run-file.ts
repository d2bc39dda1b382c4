/**
 * One scenario file, run as `corelab replay` runs it: read (`loadScenario`), compiled
 * (`compileScenario`) and replayed (`replay`), with the outcome classified as the command's exit
 * status counts it. The command calls this for every file; tests call it in-process to get the
 * very outcome the command would print.
 */
import { CorelabError } from "@corelab/frame";
import { compileScenario, type CompiledScenario } from "./compile.ts";
import { replay, type ReplayObserver, type ReplayOptions, type ReplayResult } from "./replay.ts";
import { loadScenario } from "./scenario.ts";

/**
 * How a file's run ended: `pass`, `fail` (an expectation failed), `malformed` (the file was
 * refused before any block was built: a `ScenarioError` or another `CorelabError`), or `error`
 * (the replay stopped with an error, or a bug of Corelab threw).
 */
export type FileStatus = "pass" | "fail" | "malformed" | "error";

/** The exit status `corelab replay` gives a file that ended so: 0 pass, 1 fail, 2 malformed, 3 error. */
export const FILE_EXIT_STATUS: Readonly<Record<FileStatus, 0 | 1 | 2 | 3>> = Object.freeze({ pass: 0, fail: 1, malformed: 2, error: 3 });

/** The outcome of `runScenarioFile`. */
export interface FileRun {
  readonly file: string;
  readonly status: FileStatus;
  /** The compiled scenario (when the file compiled). */
  readonly compiled?: CompiledScenario;
  /** The replay's result (`pass` and `fail`). */
  readonly result?: ReplayResult;
  /** What was thrown (`malformed` and `error`). */
  readonly error?: unknown;
  /**
   * Whether `error` is a bug of Corelab rather than a problem the error names: anything thrown
   * that is not a `CorelabError` (the command prints it with its stack and says so).
   */
  readonly bug: boolean;
}

/** Options of `runScenarioFile`: the replay's, and where and how the file is read. */
export interface RunFileOptions extends ReplayOptions {
  /** Folder a relative `file` is resolved against (default: the process's). */
  readonly cwd?: string;
  /** `corelab replay --fork`: a state file the genesis state is replaced with (see `CompileOptions.fork`), relative to `cwd`. */
  readonly fork?: string;
  /** Observers made once the file has compiled (progress bars, JSON writers and reporters need the compiled scenario); added after `observers`. */
  readonly observe?: (compiled: CompiledScenario) => readonly ReplayObserver[];
}

/**
 * Reads, compiles and replays one scenario file as `corelab replay` does, and classifies the
 * outcome (`FileStatus`, exit status `FILE_EXIT_STATUS[status]`). Never throws for anything the
 * file holds: what is thrown is returned as `error` (an exception from `opts.observe` propagates).
 */
export function runScenarioFile(file: string, opts: RunFileOptions = {}): FileRun {
  let compiled: CompiledScenario;
  try {
    compiled = compileScenario(loadScenario(file, { cwd: opts.cwd, limits: opts.limits }), { preset: opts.preset, limits: opts.limits, cwd: opts.cwd, ...(opts.fork !== undefined ? { fork: opts.fork } : {}) });
  } catch (e) {
    const known = e instanceof CorelabError;
    return { file, status: known ? "malformed" : "error", error: e, bug: !known };
  }
  const observers = [...(opts.observers ?? []), ...(opts.observe?.(compiled) ?? [])];
  try {
    const result = replay(compiled, { ...opts, observers });
    return { file, status: result.passed ? "pass" : "fail", compiled, result, bug: false };
  } catch (e) {
    return { file, status: "error", compiled, error: e, bug: !(e instanceof CorelabError) };
  }
}
