/**
 * A queue worker process for the tests: `QUEUE_URL`, `QUEUE_NAME`; with `QUEUE_HANG=1` it never
 * finishes a job it takes (so the test can kill it mid-run). Prints `ready`, `active <id>`, … lines.
 */
import { runQueueWorker } from "../index.ts";

const ac = new AbortController();
process.on("SIGTERM", () => ac.abort());
const hang = process.env.QUEUE_HANG === "1";
await runQueueWorker({
  url: process.env.QUEUE_URL!,
  queue: process.env.QUEUE_NAME!,
  signal: ac.signal,
  lockDuration: 1000,
  stalledInterval: 500,
  onEvent: async (event, id, detail) => {
    process.stdout.write(`${event}${id ? ` ${id}` : ""}${detail ? ` ${JSON.stringify(detail)}` : ""}\n`);
    if (hang && event === "active") await new Promise(() => {});
  },
});
process.stdout.write("stopped\n");
