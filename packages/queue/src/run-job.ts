/**
 * One job of a queue worker, on its thread: load the task's model, check its parameters, run it.
 * A model this thread cannot load, or parameters it does not know, give `{ error }` (the job
 * fails with that reason, not retried); anything else gives `{ result }`, the `RunResult` of
 * `executeRun` (whose `failure` says when the run itself failed).
 */
import { applyOverrides, executeRun, loadModelModule, type AnyModel, type RunResult, type RunTask } from "@corelab/simulate";

/** What `runJob` returns: plain data. */
export type JobOutcome = { readonly result: RunResult; readonly error?: undefined } | { readonly error: string; readonly result?: undefined };

/** What a job's thread returns: the run's `RunResult` as gzipped JSON, or why the job fails. */
export type ThreadOutcome = { readonly gz: Uint8Array; readonly error?: undefined } | { readonly error: string; readonly gz?: undefined };

const models = new Map<string, Promise<AnyModel>>();

function modelOf(task: RunTask): Promise<AnyModel> {
  if (!task.module) return Promise.reject(new Error(`no module to load model '${task.model}' from`));
  const key = `${task.module}#${task.model}`;
  let p = models.get(key);
  if (!p) {
    p = loadModelModule(task.module, task.model);
    models.set(key, p);
    p.catch(() => models.delete(key));
  }
  return p;
}

/** Runs `task` (see the module comment). */
export async function runJob(task: RunTask, onProgress?: (done: number, total: number) => void): Promise<JobOutcome> {
  let model: AnyModel;
  try {
    model = await modelOf(task);
    model.parse(applyOverrides(task.raw, task.overrides), task.file);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return { result: await executeRun(task, onProgress, model) };
}
