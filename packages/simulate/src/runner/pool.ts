/**
 * Executes the run matrix: on piscina worker threads (`worker.js`), or in this thread when
 * `workers` is 0, there is a single run, or a task has no model module. Results come back in task order whatever order the
 * workers finish in, so the report is the same for any worker count.
 */
import { availableParallelism } from "node:os";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RunResult } from "../types.ts";
import { executeRun, thrownResult, type RunTask } from "./execute.ts";
import type { AnyModel } from "./load-model.ts";

/** The default worker count: available cores − 1, at least 1. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Options and callbacks of `executeTasks` (task index = position in the task list). */
export interface ExecuteOptions {
  /** Worker threads; 0 runs every task in this thread, one after another. */
  readonly workers: number;
  /**
   * The model, for runs in this thread (else loaded from each task's module). Tasks without a
   * module always run in this thread, since a worker could not find their model.
   */
  readonly model?: AnyModel;
  /** A task's progress: `done` of `total` steps. */
  readonly onProgress?: (index: number, done: number, total: number) => void;
  /** A task's result, as soon as it is known (in completion order). */
  readonly onDone?: (index: number, result: RunResult) => void;
}

/** The condition that maps workspace packages to their TypeScript sources (see tools/run.mjs). */
const SOURCE_CONDITION = "--conditions=@corelab/source";

/** Whether this module runs from the TypeScript sources (tsx, vitest), not from built JavaScript. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * The worker threads' Node options: the parent's (which on Node 20 a worker does not apply
 * `--import` from, hence worker.js registering tsx itself), plus, when running from the sources,
 * the source condition (built packages, as users install them, resolve to their `dist/`).
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv, fromSources = FROM_SOURCES): string[] {
  if (!fromSources) return [...parent];
  const has = parent.some((a, i) => a === SOURCE_CONDITION || ((a === "--conditions" || a === "-C") && parent[i + 1] === "@corelab/source"));
  return has ? [...parent] : [...parent, SOURCE_CONDITION];
}

/**
 * Runs every task and returns their results in task order. Never rejects for a failing run: a
 * model that throws, or a worker that dies, gives a result with `failure` set.
 */
export async function executeTasks(tasks: readonly RunTask[], opts: ExecuteOptions): Promise<RunResult[]> {
  const results: RunResult[] = new Array<RunResult>(tasks.length);
  if (opts.workers === 0 || tasks.length <= 1 || tasks.some((t) => t.module === undefined)) {
    for (let i = 0; i < tasks.length; i++) {
      results[i] = await executeRun(tasks[i]!, (done, total) => opts.onProgress?.(i, done, total), opts.model);
      opts.onDone?.(i, results[i]!);
    }
    return results;
  }
  const threads = Math.max(1, Math.min(opts.workers, tasks.length));
  const pool = new Piscina({
    filename: new URL("./worker.js", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: workerExecArgv(),
  });
  try {
    await Promise.all(
      tasks.map(async (task, i) => {
        const { port1, port2 } = new MessageChannel();
        let last = 0;
        const onMessage = (m: { done: number; total: number }): void => {
          last = m.done;
          opts.onProgress?.(i, m.done, m.total);
        };
        port1.on("message", onMessage);
        try {
          results[i] = (await pool.run({ task, port: port2 }, { transferList: [port2] })) as RunResult;
        } catch (e) {
          results[i] = thrownResult(task.seed, "worker", last, e);
        } finally {
          // The result came on piscina's channel: progress the worker posted before it may still be
          // queued on this port, undelivered. Take it now, then close (both ends).
          for (let r = receiveMessageOnPort(port1); r !== undefined; r = receiveMessageOnPort(port1)) onMessage(r.message as { done: number; total: number });
          port1.close();
        }
        opts.onDone?.(i, results[i]!);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
