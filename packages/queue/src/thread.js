// The thread a queue worker runs each job on (piscina), so that a long, synchronous run does not
// block the worker's event loop: BullMQ renews the job's lock from there, and a lock not renewed
// makes the job "stalled" (taken from this worker and given to another). A .js file because Node 20
// cannot load a .ts worker; worker threads do not run the parent's `--import tsx` on Node 20, so
// this file registers tsx itself (a model may be TypeScript); the `@corelab/source` condition comes
// from the pool's execArgv. Input: { task, port? }; output: { gz } (the RunResult as gzipped JSON) or
// { error } (plain data).
import { register as registerCjs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";
import { gzipSync } from "node:zlib";

register();
registerCjs();
const { runJob } = await import("./run-job.ts");

export default async function runTask({ task, port }) {
  if (task === undefined) return null; // warm-up
  let shown = -1;
  const onProgress = port
    ? (done, total) => {
        const pct = total > 0 ? Math.floor((done * 100) / total) : 0;
        if (pct !== shown) {
          shown = pct;
          port.postMessage({ done, total });
        }
      }
    : undefined;
  const outcome = await runJob(task, onProgress);
  if (outcome.result === undefined) return outcome;
  // the result leaves this thread as gzipped JSON: it crosses Redis once, a tenth of its size
  return { gz: gzipSync(JSON.stringify(outcome.result)) };
}
