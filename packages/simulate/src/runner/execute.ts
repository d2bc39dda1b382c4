/**
 * One run of the matrix, as both the main thread (`--workers 0`, a single run) and the worker
 * threads execute it: the model (given, or loaded from the task's module URL), the point's
 * overrides applied to the raw model file, parse, prepare, run the seed. Only plain data comes in
 * (`RunTask`) and goes out (`RunResult`), so the same task gives the same result on any thread.
 * This module does not import the registry: a worker loads only the model it runs.
 */
import type { EngineOptions } from "@corelab/frame";
import type { RunResult } from "../types.ts";
import { loadModelModule, type AnyModel } from "./load-model.ts";
import { applyOverrides } from "./overrides.ts";

/** What a run needs: plain, structured-cloneable data only. */
export interface RunTask {
  /** The model's registered name. */
  readonly model: string;
  /** A file URL exporting the model (see `loadModelModule`); worker threads load it from there. */
  readonly module?: string;
  /** The model file (or `built-in model 'x'`), for the model's error messages. */
  readonly file: string;
  /** The raw model file (YAML values), `sweep:` removed, `--blocks` applied. */
  readonly raw: unknown;
  /** The sweep point's (dotted key, value) overrides, applied in order. */
  readonly overrides: ReadonlyArray<readonly [string, unknown]>;
  readonly seed: number;
  /** `--state-roots`, when given (the model's runtimes otherwise run with `SIMULATION_ENGINE`). */
  readonly engine?: EngineOptions;
}

const loaded = new Map<string, Promise<AnyModel>>();

/** The model exported by `module` as `name`, imported once per thread. */
export function modelFromModule(module: string, name: string): Promise<AnyModel> {
  const key = `${module}#${name}`;
  let p = loaded.get(key);
  if (!p) {
    p = loadModelModule(module, name);
    loaded.set(key, p);
  }
  return p;
}

/** A result standing for a run that threw instead of returning (`failure.source` says where). */
export function thrownResult(seed: number, source: string, block: number, error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error);
  return { seed, params: {}, rows: [], summary: {}, failure: { source, block, message } };
}

/**
 * Executes `task` with `model`, or the model its `module` exports. Never throws: a model that
 * throws (in `parse`, `prepare` or `run`) or cannot be loaded gives a result whose `failure` names
 * the model and the last step it reported through `onProgress` (0 if none).
 */
export async function executeRun(task: RunTask, onProgress?: (done: number, total: number) => void, given?: AnyModel): Promise<RunResult> {
  let last = 0;
  const progress = (done: number, total: number): void => {
    last = done;
    onProgress?.(done, total);
  };
  let model: AnyModel;
  try {
    if (given) model = given;
    else if (task.module) model = await modelFromModule(task.module, task.model);
    else throw new Error(`no module to load model '${task.model}' from`);
  } catch (e) {
    return thrownResult(task.seed, `model '${task.model}'`, 0, e);
  }
  try {
    const params: unknown = model.parse(applyOverrides(task.raw, task.overrides), task.file);
    if (model.prepare) await model.prepare(params);
    return model.run(params, { seed: task.seed, onProgress: progress, ...(task.engine ? { engine: task.engine } : {}) });
  } catch (e) {
    return thrownResult(task.seed, `model '${task.model}'`, last, e);
  }
}
