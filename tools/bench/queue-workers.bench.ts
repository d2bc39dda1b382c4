/**
 * Benchmark: one sweep spread over queue workers (issue 13, "sweeps across machines"). The magnet
 * study (`studies/magnet/magnet.yaml`, its 4 on-demand ordering strategies: the sweep is pinned to
 * them, as when the bench was first measured; the study's bulk and mixed points are left out) × `BENCH_SEEDS` seeds (default 2) at
 * `BENCH_BLOCKS` relay blocks (default 24,000, ten times the study's length, so that a run takes seconds and the fixed cost of a sweep, about 4 s of loading, summary and charts, does not hide the workers) is run, round after round, as
 *
 * - `local`: `corelab simulate … --workers 1`, one worker thread in the submitting process;
 * - `queue ×1`: `corelab simulate … --queue redis://…` with one `corelab worker` process running;
 * - `queue ×2`: the same with two `corelab worker` processes.
 *
 * The configurations alternate within each round (this machine's speed drifts: only figures from
 * the same minutes compare). Workers are started, and have loaded the engine, before the sweep is
 * timed, as workers on other machines would be waiting; the time is the submitting process's wall
 * time, from its start to its exit (loading the model, the queue round trips, the summary, charts
 * and files included). Every run's `summary.json` must equal the local one byte for byte.
 *
 * Needs Debian's `redis-server` (`apt-get install redis-server`); without it the bench says so and
 * exits 0. It starts its own on a free port of 127.0.0.1, with no persistence, and stops it.
 *
 *   npm run bench -- queue-workers           BENCH_ROUNDS=3 (default), BENCH_SEEDS, BENCH_BLOCKS
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const REDIS = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const SEEDS = Math.max(1, Number(process.env.BENCH_SEEDS ?? 2));
const BLOCKS = Math.max(1, Number(process.env.BENCH_BLOCKS ?? 24000));
const STUDY = "studies/magnet/magnet.yaml";
/** The study's on-demand strategies (its sweep also has `bulk` and `mixed`). */
const STRATEGIES = ["magnet", "no-assurance", "always", "interval"];
const CLI = [join("tools", "run.mjs"), "corelab"];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** When a worker's runs finished (`run … done` lines), `performance.now()` in this process. */
const finishedAt: number[] = [];

/** Starts `corelab worker` and resolves once it takes runs (its first line). */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...CLI, "worker", "--queue", url], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CORELAB_STORE: "off" } });
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (d: Buffer): void => {
      const text = d.toString();
      for (const line of text.split("\n")) if (/^run \S+ done/.test(line)) finishedAt.push(performance.now());
      seen += text;
      if (seen.includes("taking runs")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`corelab worker exited (${code}) before taking runs:\n${seen}`)));
  });
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        }),
    ),
  );
}

/**
 * Runs the sweep; its wall seconds, summary.json, and (on a queue) when the workers' last run
 * finished, in seconds from the start. Asynchronous, so the workers' lines are read meanwhile.
 */
async function sweep(out: string, extra: readonly string[]): Promise<{ wall: number; runsDone?: number; summary: string }> {
  const args = [...CLI, "simulate", STUDY, "--seeds", String(SEEDS), "--blocks", String(BLOCKS), "--no-store", "--out", out, "--sweep", `agents.orderer.strategy=${STRATEGIES.join(",")}`, ...extra];
  finishedAt.length = 0;
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`corelab ${args.slice(2).join(" ")} exited ${code}:\n${output}`);
  const runsDone = finishedAt.length > 0 ? (Math.max(...finishedAt) - t0) / 1000 : undefined;
  return { wall, ...(runsDone !== undefined ? { runsDone } : {}), summary: readFileSync(join(out, "summary.json"), "utf8") };
}

async function main(): Promise<void> {
  if (!existsSync(REDIS)) {
    console.log(`queue-workers: skipped, no ${REDIS} (apt-get install redis-server, or set REDIS_SERVER)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "corelab-queue-bench-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = spawn(REDIS, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const times = new Map<string, number[]>([
    ["local", []],
    ["queue ×1", []],
    ["queue ×2", []],
  ]);
  const runsDone = new Map<string, number[]>([
    ["queue ×1", []],
    ["queue ×2", []],
  ]);
  let reference: string | undefined;
  let differs = 0;
  try {
    await new Promise((r) => setTimeout(r, 300));
    console.log(`queue-workers: ${STUDY}, ${STRATEGIES.length} points × ${SEEDS} seeds = ${STRATEGIES.length * SEEDS} runs of ${BLOCKS} relay blocks, ${ROUNDS} rounds, Redis on ${url}`);
    for (let round = 1; round <= ROUNDS; round++) {
      const local = await sweep(join(dir, `local-${round}`), ["--workers", "1"]);
      reference ??= local.summary;
      if (local.summary !== reference) differs++;
      times.get("local")!.push(local.wall);
      for (const n of [1, 2]) {
        const workers: ChildProcess[] = [];
        try {
          for (let i = 0; i < n; i++) workers.push(await startWorker(url));
          const q = await sweep(join(dir, `queue${n}-${round}`), ["--queue", url]);
          if (q.summary !== reference) differs++;
          times.get(`queue ×${n}`)!.push(q.wall);
          if (q.runsDone !== undefined) runsDone.get(`queue ×${n}`)!.push(q.runsDone);
        } finally {
          await stopWorkers(workers);
        }
      }
      const last = [...times].map(([k, v]) => `${k} ${v[v.length - 1]!.toFixed(1)} s`).join(", ");
      console.log(`  round ${round}: ${last}`);
    }
  } finally {
    redis.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const one = median(times.get("queue ×1")!);
  const oneDone = runsDone.get("queue ×1")!.length ? median(runsDone.get("queue ×1")!) : undefined;
  console.log(`\n| configuration | sweep wall, median of ${ROUNDS} (s) | each round (s) | speed-up | the workers' last run done at, median (s) | speed-up |`);
  console.log(`|---|---|---|---|---|---|`);
  for (const [k, v] of times) {
    const d = runsDone.get(k);
    const dm = d && d.length ? median(d) : undefined;
    console.log(
      `| ${k} | ${median(v).toFixed(1)} | ${v.map((x) => x.toFixed(1)).join(", ")} | ${(one / median(v)).toFixed(2)}× | ${dm !== undefined ? dm.toFixed(1) : "—"} | ${dm !== undefined && oneDone !== undefined ? `${(oneDone / dm).toFixed(2)}×` : "—"} |`,
    );
  }
  console.log(`\nsummary.json identical to the first local run: ${differs === 0 ? "yes, every run" : `NO, ${differs} differ`}`);
  if (differs > 0) process.exitCode = 1;
}

await main();
