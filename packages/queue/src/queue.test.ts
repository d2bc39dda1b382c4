import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { CorelabError } from "@corelab/frame";
import { executeTasks, expandMatrix, type RunTask } from "@corelab/simulate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis, executeTasksOnQueue, resultKey } from "./index.ts";

const TOY = new URL("../../simulate/src/runner/__fixtures__/toy-model.ts", import.meta.url).href;
const WORKER = fileURLToPath(new URL("./__fixtures__/worker.ts", import.meta.url));
const RAW = { model: "./toy-model.ts", blocks: 30, params: { rate: "0.5" } };

function tasks(raw: unknown, seeds: number, sweep: Array<{ key: string; values: unknown[] }> = []): RunTask[] {
  return expandMatrix(sweep, 1, seeds).runs.map((r) => ({ model: "toy", module: TOY, file: "toy.yaml", raw, overrides: r.point.overrides, seed: r.seed }));
}

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const port = (srv.address() as { port: number }).port;
  srv.close();
  await once(srv, "close");
  return port;
}

/** A worker process with its stdout lines. */
interface WorkerProc {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line matching `re`. */
  waitFor(re: RegExp): Promise<string>;
}

let redis: ChildProcess;
let url: string;
const children: ChildProcess[] = [];

function startWorker(queue: string, hang = false): WorkerProc {
  const child = spawn(process.execPath, ["--conditions=@corelab/source", "--import", "tsx", WORKER], {
    env: { ...process.env, QUEUE_URL: url, QUEUE_NAME: queue, QUEUE_HANG: hang ? "1" : "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; resolve: (l: string) => void }> = [];
  let buf = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    buf += d;
    for (let n = buf.indexOf("\n"); n >= 0; n = buf.indexOf("\n")) {
      const line = buf.slice(0, n);
      buf = buf.slice(n + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) if (w.re.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  return {
    child,
    lines,
    waitFor: (re) => {
      const seen = lines.find((l) => re.test(l));
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ re, resolve }));
    },
  };
}

async function stopWorker(w: WorkerProc): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill("SIGTERM");
  await once(w.child, "exit");
}

/** Debian's redis-server: these tests start a private one (CI installs it). */
const REDIS_SERVER = "/usr/bin/redis-server";
const HAVE_REDIS = existsSync(REDIS_SERVER);

beforeAll(async () => {
  if (!HAVE_REDIS) return;
  const port = await freePort();
  redis = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  redis.stdout!.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    redis.stdout!.on("data", (d: string) => {
      out += d;
      if (/Ready to accept connections/.test(out)) resolve();
    });
    redis.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
  url = `redis://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  redis?.kill("SIGTERM");
  if (redis && redis.exitCode === null) await once(redis, "exit");
});

if (!HAVE_REDIS) {
  describe("executeTasksOnQueue", () => {
    it.skip("install Debian's redis-server (apt-get install redis-server) to run the queue tests", () => {});
  });
}

describe.skipIf(!HAVE_REDIS)("executeTasksOnQueue", () => {
  it("runs a sweep on two worker processes with the results of a local run, in task order", async () => {
    const ts = tasks(RAW, 3, [{ key: "params.rate", values: ["0.2", "0.8"] }]);
    const local = await executeTasks(ts, { workers: 0 });
    const tw = Date.now();
    const ws = [startWorker("sweep"), startWorker("sweep")];
    await Promise.all(ws.map((w) => w.waitFor(/^ready/)));
    console.log(`2 workers ready in ${Date.now() - tw} ms`);
    const done: number[] = [];
    const progress: number[] = [];
    const t0 = Date.now();
    const remote = await executeTasksOnQueue(ts, { url, queue: "sweep", onDone: (i) => done.push(i), onProgress: (i, d, t) => d === t && progress.push(i) });
    const ms = Date.now() - t0;
    expect(remote).toEqual(local);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(remote.map((r) => r.params.rate)).toEqual([0.2, 0.2, 0.2, 0.8, 0.8, 0.8]);
    // every job was completed by one of the workers (which one takes which is up to them)
    // (a worker's line may come a moment after the result is in Redis)
    const completed = (): number[] => ws.map((w) => w.lines.filter((l) => l.startsWith("completed ")).length);
    await expect.poll(() => completed().reduce((a, b) => a + b), { timeout: 5000 }).toBe(ts.length);
    // a second sweep on the same queue (the same tasks) does not mix with the first: new job ids
    const again = await executeTasksOnQueue(ts.slice(0, 2), { url, queue: "sweep" });
    expect(again).toEqual(local.slice(0, 2));
    // the results crossed Redis under keys of their own, which the submitter deleted once read
    const redisClient = await connectRedis(url);
    try {
      expect(await redisClient.keys(resultKey("sweep", "*"))).toEqual([]);
      expect(await redisClient.keys("*")).not.toEqual([]); // (the queue's own keys are there)
    } finally {
      redisClient.disconnect();
    }
    await Promise.all(ws.map(stopWorker));
    expect(ws.every((w) => w.lines.at(-1) === "stopped")).toBe(true);
    console.log(`queue sweep of ${ts.length} runs on 2 workers: ${ms} ms; jobs per worker ${completed().join(", ")}`);
  }, 30_000);

  it("completes when one of two workers is killed mid-sweep: its stalled job goes to the other", async () => {
    const ts = tasks(RAW, 4);
    const local = await executeTasks(ts, { workers: 0 });
    // the victim takes a job and never finishes it (as a run in progress); then it is killed
    const victim = startWorker("stall", true);
    await victim.waitFor(/^ready/);
    const sweep = executeTasksOnQueue(ts, { url, queue: "stall", sweepId: "stall-sweep" });
    const taken = (await victim.waitFor(/^active /)).split(" ")[1]!;
    const other = startWorker("stall");
    victim.child.kill("SIGKILL");
    await once(victim.child, "exit");
    const remote = await sweep;
    expect(remote).toEqual(local);
    // the other worker ran the job the killed one had taken
    // (its line may come a moment after the result is in Redis)
    expect(await other.waitFor(new RegExp(`^completed ${taken}$`))).toBe(`completed ${taken}`);
    await stopWorker(other);
  }, 30_000);

  it("fails a run whose model module a worker cannot load, with the reason; the others complete", async () => {
    const ts = tasks(RAW, 3);
    const missing = new URL("./__fixtures__/no-such-model.ts", import.meta.url).href;
    ts[1] = { ...ts[1]!, module: missing };
    // and one whose parameters the model does not know
    ts.push({ ...ts[0]!, raw: { ...RAW, params: { rate: "0.5", colour: "red" } } });
    const local = await executeTasks(ts, { workers: 0 });
    const w = startWorker("missing");
    await w.waitFor(/^ready/);
    const remote = await executeTasksOnQueue(ts, { url, queue: "missing" });
    expect(remote.map((r) => r.failure === undefined)).toEqual([true, false, true, false]);
    expect(remote[1]!.failure).toMatchObject({ source: "model 'toy'", block: 0 });
    expect(remote[1]!.failure!.message).toContain("no-such-model.ts");
    expect(remote[3]!.failure!.message).toMatch(/params\.colour: unknown key/);
    // the same results as a local run gives (whose loader's message, under vitest, spells the path differently)
    expect(remote[1]!.failure!.message).toMatch(/^cannot load the model module file:.*no-such-model\.ts: Cannot find module/);
    expect(remote.filter((_, i) => i !== 1)).toEqual(local.filter((_, i) => i !== 1));
    expect({ ...remote[1]!, failure: { ...remote[1]!.failure!, message: "" } }).toEqual({ ...local[1]!, failure: { ...local[1]!.failure!, message: "" } });
    await stopWorker(w);
  }, 30_000);

  it("gives a CorelabError naming an unreachable Redis within seconds", async () => {
    const port = await freePort(); // nothing listens there
    const bad = `redis://127.0.0.1:${port}`;
    const t0 = Date.now();
    const err = await executeTasksOnQueue(tasks(RAW, 1), { url: bad, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorelabError);
    expect((err as CorelabError).message).toContain(bad);
    expect(Date.now() - t0).toBeLessThan(5000);
    // a host that does not answer at all (not refused): the timeout
    const t1 = Date.now();
    const err2 = await executeTasksOnQueue(tasks(RAW, 1), { url: "redis://10.255.255.1:6379", connectTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(CorelabError);
    expect((err2 as CorelabError).message).toContain("redis://10.255.255.1:6379");
    expect(Date.now() - t1).toBeLessThan(5000);
  }, 20_000);
});
