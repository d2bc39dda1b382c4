/**
 * One run of the matrix, as both the main thread (`--workers 0`, a single run) and the worker
 * threads execute it: find the model (by registered name, or by module URL), apply the point's
 * overrides to the raw model file, parse, run the seed. Only plain data comes in (`RunTask`) and
 * goes out (`RunResult`), so the same task gives the same result on any thread.
 */
import { getModel, hasModel, loadModelModule, type AnyModel } from "../registry.ts";
import type { RunResult } from "../types.ts";
import { applyOverrides } from "./overrides.ts";

/** What a run needs: plain, structured-cloneable data only. */
export interface RunTask {
  /** The model's registered name. */
  readonly model: string;
  /** A file URL exporting the model (`default` or `model`), for models that are not built in. */
  readonly module?: string;
  /** The model file (or `built-in model 'x'`), for the model's error messages. */
  readonly file: string;
  /** The raw model file (YAML values), `sweep:` removed, `--blocks` applied. */
  readonly raw: unknown;
  /** The sweep point's (dotted key, value) overrides, applied in order. */
  readonly overrides: ReadonlyArray<readonly [string, unknown]>;
  readonly seed: number;
}

const loaded = new Map<string, Promise<AnyModel>>();

/** The model a task names: a registered one, else the one its `module` exports (loaded once per thread). */
export function resolveModel(name: string, module: string | undefined): Promise<AnyModel> {
  if (module === undefined) return Promise.resolve(getModel(name).model);
  if (hasModel(name) && getModel(name).module === module) return Promise.resolve(getModel(name).model);
  let p = loaded.get(module);
  if (!p) {
    p = loadModelModule(module);
    loaded.set(module, p);
  }
  return p;
}

/** A result standing for a run that threw instead of returning (`failure.source` says where). */
export function thrownResult(seed: number, source: string, block: number, error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error);
  return { seed, params: {}, rows: [], summary: {}, failure: { source, block, message } };
}

/**
 * Executes `task`. Never throws: a model that throws (in `parse` or `run`) gives a result whose
 * `failure` names the model and the last step it reported through `onProgress` (0 if none).
 */
export async function executeRun(task: RunTask, onProgress?: (done: number, total: number) => void): Promise<RunResult> {
  let last = 0;
  const progress = (done: number, total: number): void => {
    last = done;
    onProgress?.(done, total);
  };
  let model: AnyModel;
  try {
    model = await resolveModel(task.model, task.module);
  } catch (e) {
    return thrownResult(task.seed, `model '${task.model}'`, 0, e);
  }
  try {
    const params: unknown = model.parse(applyOverrides(task.raw, task.overrides), task.file);
    if (model.prepare) await model.prepare(params);
    return model.run(params, { seed: task.seed, onProgress: progress });
  } catch (e) {
    return thrownResult(task.seed, `model '${task.model}'`, last, e);
  }
}
