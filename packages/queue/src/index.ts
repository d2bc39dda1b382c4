/**
 * `@corelab/queue`: parameter sweeps of `@corelab/simulate` across machines. `executeTasksOnQueue`
 * has the contract of simulate's `executeTasks` (results in task order, a failing run is a result
 * with `failure`), but each run is a BullMQ job on Redis, executed by `runQueueWorker` processes
 * on any machine that can reach that Redis and has the project installed.
 */
export {
  DEFAULT_QUEUE,
  JOB_NAME,
  RESULT_TTL_MS,
  connectRedis,
  executeTasksOnQueue,
  redactUrl,
  resultKey,
  runQueueWorker,
  type QueueExecuteOptions,
  type QueueJobData,
  type QueueWorkerOptions,
  type StoredResult,
} from "./queue.ts";
