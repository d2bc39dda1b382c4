/**
 * Sweeps across machines: each `RunTask` of the matrix becomes a BullMQ job on Redis, and queue
 * workers (`runQueueWorker`, on any machine that can reach Redis and has the project installed)
 * execute them with `executeRun`, exactly as simulate's worker threads do. Jobs carry and return
 * plain data only (the task; the `RunResult` as gzipped JSON under a key of its own, see
 * `StoredResult`), so a run gives the same result on any machine.
 */
import { randomUUID } from "node:crypto";
import { CorelabError } from "@corelab/frame";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import type { RunResult, RunTask } from "@corelab/simulate";
import { Piscina } from "piscina";
import { Job, Queue, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { gunzipSync } from "node:zlib";
import type { ThreadOutcome } from "./run-job.ts";

/** The queue sweeps go to, unless `queue` is given (submitters and workers must agree). */
export const DEFAULT_QUEUE = "corelab-simulate";

/** The BullMQ job name of every run. */
export const JOB_NAME = "run";

/**
 * What a finished job returns through BullMQ: where its `RunResult` is. A run's result (every
 * block's metrics: megabytes of JSON for a long run) is not the job's return value, which BullMQ
 * copies into its events stream and its job hash: the worker stores it once, gzipped, under its own
 * Redis key (expiring after `RESULT_TTL_MS`), and the submitter reads and deletes it.
 */
export interface StoredResult {
  /** The Redis key of the gzipped JSON. */
  readonly resultKey: string;
  /** Its size in bytes. */
  readonly bytes: number;
}

/** How long a stored result waits for its submitter (7 days, as finished jobs are kept). */
export const RESULT_TTL_MS = 7 * 86_400_000;

/** The Redis key of job `jobId`'s stored result. */
export function resultKey(queue: string, jobId: string): string {
  return `corelab:${queue}:result:${jobId}`;
}

/** What a job carries: the sweep it belongs to, the task's position in it, and the task. */
export interface QueueJobData {
  readonly sweepId: string;
  readonly index: number;
  readonly task: RunTask;
}

/** Options of `executeTasksOnQueue` (task index = position in the task list). */
export interface QueueExecuteOptions {
  /** The Redis URL, e.g. `redis://host:6379` (`rediss://` for TLS). */
  readonly url: string;
  /** The queue name (default `corelab-simulate`). */
  readonly queue?: string;
  /** A task's progress: `done` of `total` steps (reported by the workers, throttled). */
  readonly onProgress?: (index: number, done: number, total: number) => void;
  /** A task's result, as soon as it is known (in completion order). */
  readonly onDone?: (index: number, result: RunResult) => void;
  /**
   * Give up waiting after this long: runs not finished by then get a `failure` (source `queue`)
   * and their jobs still waiting are removed. Default: wait for ever (while Redis is reachable).
   */
  readonly timeoutMs?: number;
  /** The sweep id (default: a random UUID); jobs are `${sweepId}-${index}`. */
  readonly sweepId?: string;
  /** How long to wait for Redis before giving up with a `CorelabError` (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

/** Options of `runQueueWorker`. */
export interface QueueWorkerOptions {
  /** The Redis URL, e.g. `redis://host:6379`. */
  readonly url: string;
  /** The queue name (default `corelab-simulate`). */
  readonly queue?: string;
  /** Runs at once in this process (default 1: runs are CPU-bound; start one worker per core). */
  readonly concurrency?: number;
  /** Stops the worker: the runs in progress finish, then the promise resolves. */
  readonly signal?: AbortSignal;
  /**
   * How long a worker's lock on its job lasts, renewed every half of it while the worker lives
   * (BullMQ default 30 000 ms). A worker that dies stops renewing: once the lock expires, the job
   * is "stalled" and goes back to the queue for another worker.
   */
  readonly lockDuration?: number;
  /** How often this worker looks for stalled jobs (BullMQ default 30 000 ms). */
  readonly stalledInterval?: number;
  /** How many times a job may stall before it fails (BullMQ default 1). */
  readonly maxStalledCount?: number;
  /** Called when this worker starts (`ready`), takes (`active`) or finishes a job (for logs). */
  readonly onEvent?: (event: "ready" | "active" | "completed" | "failed", jobId?: string, detail?: string) => void | Promise<void>;
  /** How long to wait for Redis before giving up with a `CorelabError` (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

/** The condition that maps workspace packages to their TypeScript sources (see tools/run.mjs). */
const SOURCE_CONDITION = "--conditions=@corelab/source";

/**
 * The job threads' Node options: this process's, plus the source condition when running from the
 * TypeScript sources (as simulate's `workerExecArgv`, not imported: this process does not load the
 * simulation engine, only its threads do).
 */
function threadExecArgv(): string[] {
  const parent = process.execArgv;
  if (!import.meta.url.endsWith(".ts")) return [...parent];
  const has = parent.some((a, i) => a === SOURCE_CONDITION || ((a === "--conditions" || a === "-C") && parent[i + 1] === "@corelab/source"));
  return has ? [...parent] : [...parent, SOURCE_CONDITION];
}

/** `url` without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

/**
 * Connects to Redis at `url`, or throws a `CorelabError` naming it within `timeoutMs` (ioredis
 * would otherwise retry for ever). Returns the connection for BullMQ (`maxRetriesPerRequest: null`,
 * as BullMQ requires; it reconnects after this first success).
 */
export async function connectRedis(url: string, timeoutMs = 5000): Promise<Redis> {
  const shown = redactUrl(url);
  let probe: Redis;
  try {
    probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  } catch (e) {
    throw new CorelabError("QueueUnreachable", `cannot reach Redis at ${shown}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  probe.on("error", () => {}); // reported by connect() below
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    probe.disconnect();
    throw new CorelabError("QueueUnreachable", `cannot reach Redis at ${shown}: ${e instanceof Error ? e.message || String(e) : String(e)}`, {
      details: ["start Redis (6.2 or later) there, or pass the URL of one this machine can reach"],
      cause: e,
    });
  } finally {
    clearTimeout(timer);
  }
  probe.disconnect();
  const conn = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: timeoutMs });
  conn.on("error", () => {}); // ioredis reconnects; BullMQ reports what it cannot do
  return conn;
}

/** The result standing for a job that failed (it has no `RunResult`). */
function failedResult(task: RunTask, reason: string): RunResult {
  const stalled = /stalled/i.test(reason);
  return { seed: task.seed, params: {}, rows: [], summary: {}, failure: { source: stalled ? "worker" : `model '${task.model}'`, block: 0, message: reason } };
}

/**
 * Runs every task as a job on the queue at `opts.url` and returns their results in task order.
 * Never rejects for a failing run: a model that throws, a worker that cannot load the model or
 * does not know its parameters, gives a result with `failure` set. Rejects with a `CorelabError`
 * when Redis cannot be reached.
 */
export async function executeTasksOnQueue(tasks: readonly RunTask[], opts: QueueExecuteOptions): Promise<RunResult[]> {
  const results: RunResult[] = new Array<RunResult>(tasks.length);
  if (tasks.length === 0) return results;
  const name = opts.queue ?? DEFAULT_QUEUE;
  const sweepId = opts.sweepId ?? randomUUID();
  const connection = await connectRedis(opts.url, opts.connectTimeoutMs);
  const queue = new Queue<QueueJobData, StoredResult | RunResult>(name, { connection });
  // BullMQ does not close connections it is given: this function closes both
  const eventsConnection = connection.duplicate();
  eventsConnection.on("error", () => {});
  const events = new QueueEvents(name, { connection: eventsConnection });
  queue.on("error", () => {});
  events.on("error", () => {});
  const jobId = (i: number): string => `${sweepId}-${i}`;
  const indexOf = (id: string): number | undefined => {
    if (!id.startsWith(`${sweepId}-`)) return undefined;
    const i = Number(id.slice(sweepId.length + 1));
    return Number.isInteger(i) && i >= 0 && i < tasks.length ? i : undefined;
  };
  let remaining = tasks.length;
  let finish!: () => void;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const settle = (i: number, r: RunResult): void => {
    if (results[i] !== undefined) return;
    results[i] = r;
    remaining--;
    opts.onDone?.(i, r);
    if (remaining === 0) finish();
  };
  /** Reads job `i` when it has finished; true if it had. */
  const check = async (i: number): Promise<boolean> => {
    if (results[i] !== undefined) return true;
    const job = await Job.fromId<QueueJobData, StoredResult | RunResult>(queue, jobId(i));
    if (!job) return false;
    if (job.finishedOn && job.failedReason === undefined && job.returnvalue) {
      const rv = job.returnvalue;
      if (!("resultKey" in rv)) settle(i, rv);
      else {
        const gz = await connection.getBuffer(rv.resultKey);
        if (results[i] !== undefined) return true;
        settle(i, gz === null ? failedResult(tasks[i]!, `the result of job ${job.id} is gone from Redis (${rv.resultKey})`) : (JSON.parse(gunzipSync(gz).toString("utf8")) as RunResult));
        await connection.del(rv.resultKey).catch(() => {});
      }
    } else if (job.finishedOn && job.failedReason !== undefined) {
      settle(i, failedResult(tasks[i]!, job.failedReason));
    } else return false;
    await job.remove().catch(() => {});
    return true;
  };
  const onFinished = ({ jobId: id }: { jobId: string }): void => {
    const i = indexOf(id);
    if (i !== undefined) void check(i).catch(() => {});
  };
  events.on("completed", onFinished);
  events.on("failed", onFinished);
  events.on("progress", ({ jobId: id, data }) => {
    const i = indexOf(id);
    const p = data as { done?: number; total?: number } | undefined;
    if (i !== undefined && results[i] === undefined && typeof p?.done === "number" && typeof p.total === "number") opts.onProgress?.(i, p.done, p.total);
  });
  let poll: NodeJS.Timeout | undefined;
  let timeout: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady();
    await queue.addBulk(
      tasks.map((task, index) => ({
        name: JOB_NAME,
        data: { sweepId, index, task },
        // attempts 1: a run is deterministic, so a model failure would fail again; a worker that
        // dies is covered by stalled-job handling (maxStalledCount), not by attempts
        opts: { jobId: jobId(index), attempts: 1, removeOnComplete: { age: 7 * 86400 }, removeOnFail: { age: 7 * 86400 } },
      })),
    );
    // events may be missed (a reconnect): look at the unfinished jobs every second too
    const sweep = async (): Promise<void> => {
      for (let i = 0; i < tasks.length && remaining > 0; i++) if (results[i] === undefined) await check(i).catch(() => {});
    };
    const tick = (): void => {
      poll = setTimeout(() => void sweep().finally(() => remaining > 0 && tick()), 1000);
    };
    tick();
    if (opts.timeoutMs !== undefined) {
      timeout = setTimeout(() => {
        for (let i = 0; i < tasks.length; i++) {
          if (results[i] !== undefined) continue;
          void queue.remove(jobId(i)).catch(() => {});
          settle(i, { seed: tasks[i]!.seed, params: {}, rows: [], summary: {}, failure: { source: "queue", block: 0, message: `no result within ${opts.timeoutMs} ms` } });
        }
      }, opts.timeoutMs);
    }
    await sweep();
    await allDone;
  } finally {
    clearTimeout(poll);
    clearTimeout(timeout);
    await events.close().catch(() => {});
    await queue.close().catch(() => {});
    eventsConnection.disconnect();
    connection.disconnect();
  }
  return results;
}

/**
 * A queue worker: takes jobs from the queue at `opts.url` and runs each with `executeRun`,
 * returning its `RunResult`. A job whose model module this worker cannot load, or whose
 * parameters its model does not know, fails with the reason (no retry: another worker with the
 * same project would fail alike). Resolves when `signal` aborts and the runs in progress finish.
 */
export async function runQueueWorker(opts: QueueWorkerOptions): Promise<void> {
  if (opts.signal?.aborted) return;
  const connection = await connectRedis(opts.url, opts.connectTimeoutMs);
  const threads = Math.max(1, opts.concurrency ?? 1);
  const pool = new Piscina({ filename: new URL("./thread.js", import.meta.url).href, minThreads: threads, maxThreads: threads, execArgv: threadExecArgv() });
  // load the engine on every thread before taking jobs (seconds), so that `ready` means ready
  await Promise.all(Array.from({ length: threads }, () => pool.run({})));
  const name = opts.queue ?? DEFAULT_QUEUE;
  const worker = new Worker<QueueJobData, StoredResult>(
    name,
    async (job) => {
      await opts.onEvent?.("active", job.id);
      const { port1, port2 } = new MessageChannel();
      let pending: Promise<unknown> = Promise.resolve();
      // the thread posts at most every 1% of the run
      const onMessage = ({ done, total }: { done: number; total: number }): void => {
        pending = job.updateProgress({ done, total }).catch(() => {});
      };
      port1.on("message", onMessage);
      let outcome: ThreadOutcome;
      try {
        outcome = (await pool.run({ task: job.data.task, port: port2 }, { transferList: [port2] })) as ThreadOutcome;
      } catch (e) {
        // the thread died or the task could not cross to it
        throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
      } finally {
        for (let r = receiveMessageOnPort(port1); r !== undefined; r = receiveMessageOnPort(port1)) onMessage(r.message as { done: number; total: number });
        port1.close();
      }
      await pending;
      if (outcome.error !== undefined) throw new UnrecoverableError(outcome.error);
      const key = resultKey(name, job.id!);
      const gz = Buffer.from(outcome.gz.buffer, outcome.gz.byteOffset, outcome.gz.byteLength);
      await connection.set(key, gz, "PX", RESULT_TTL_MS);
      return { resultKey: key, bytes: gz.length };
    },
    {
      connection,
      concurrency: opts.concurrency ?? 1,
      ...(opts.lockDuration !== undefined ? { lockDuration: opts.lockDuration } : {}),
      ...(opts.stalledInterval !== undefined ? { stalledInterval: opts.stalledInterval } : {}),
      ...(opts.maxStalledCount !== undefined ? { maxStalledCount: opts.maxStalledCount } : {}),
      autorun: false,
    },
  );
  worker.on("error", () => {}); // connection errors: ioredis reconnects
  worker.on("completed", (job) => void opts.onEvent?.("completed", job.id));
  worker.on("failed", (job, err) => void opts.onEvent?.("failed", job?.id, err.message));
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => void worker.close().finally(resolve);
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener("abort", stop, { once: true });
  });
  const running = worker.run();
  await worker.waitUntilReady();
  await opts.onEvent?.("ready");
  await Promise.all([running, stopped]).finally(async () => {
    await pool.destroy();
    connection.disconnect();
  });
}
