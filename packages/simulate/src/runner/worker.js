// The piscina worker of `corelab simulate`. It is a .js file because Node 20 cannot load a .ts
// worker (toolchain.md P13). Worker threads do not run the parent's `--import tsx` on Node 20, so
// this file registers tsx itself, for `import` and for `require` (a model may load TypeScript
// modules synchronously); the `@corelab/source` condition comes from the pool's execArgv.
// Input: { task: RunTask, port?: MessagePort } (plain data); output: a RunResult (plain data).
import { register as registerCjs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

register();
registerCjs();
const { executeRun } = await import("./execute.ts");

/** Runs one task, posting (done, total) progress on `port` at most every 1% of the run. */
export default async function runTask({ task, port }) {
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
  // the port stays open: the pool drains what is queued on it when the result arrives, then closes it
  return await executeRun(task, onProgress);
}
