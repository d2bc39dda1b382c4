/**
 * Side by side with a mutable baseline: `tools/bench/baselines/<name>.mjs` (hand-written JavaScript
 * loops making the same state transitions as a benchmark, without events, roots, records or
 * rollback: the physical limit) run now as a whole process, so that both figures come from the same
 * minute of this machine (its speed drifts: figures from different runs are not comparable).
 *
 * The baseline's CPU is its whole process (`process.cpuUsage()` at its exit, reported through a
 * `--import` hook); the benchmark's is this process up to the end of its first direct run (module
 * loading and start-up included). `BENCH_BASELINE=0` skips it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const REPORT = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\ncorelab-baseline-cpu "+JSON.stringify(process.cpuUsage())+"\\n"))';

/** CPU seconds (user + system) and wall seconds of a whole process. */
export interface ProcessTime {
  readonly cpu: number;
  readonly wall: number;
}

/** This process's CPU seconds so far (user + system). */
export function processCpu(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}

/** Runs baseline `name` (with `args`) as a whole process; `undefined` when skipped or not found (says why on stderr). */
export function runBaseline(name: string, args: readonly string[] = []): ProcessTime | undefined {
  if (process.env.BENCH_BASELINE === "0") return undefined;
  const file = join(process.env.BENCH_BASELINE_DIR ?? join(process.cwd(), "tools", "bench", "baselines"), `${name}.mjs`);
  if (!existsSync(file)) {
    process.stderr.write(`  (no baseline at ${file}: run from the repository's root, or set BENCH_BASELINE_DIR)\n`);
    return undefined;
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", REPORT, file, ...args], { encoding: "utf8" });
  const wall = (performance.now() - t0) / 1000;
  const line = /corelab-baseline-cpu (\{.*\})/.exec(r.stderr ?? "");
  if (r.status !== 0 || !line) {
    process.stderr.write(`  (the baseline ${name} failed: exit ${r.status}; ${(r.stderr ?? "").trim().split("\n").slice(-2).join(" ")})\n`);
    return undefined;
  }
  const c = JSON.parse(line[1]!) as { user: number; system: number };
  return { cpu: (c.user + c.system) / 1e6, wall };
}

/** Prints the benchmark's whole-process time beside the baseline's, and the ratio against `target` (× the baseline). */
export function printSideBySide(name: string, ours: ProcessTime, baseline: ProcessTime | undefined, target: number): void {
  if (baseline === undefined) return;
  const ratio = ours.cpu / baseline.cpu;
  console.log(`\n  side by side with the mutable baseline (tools/bench/baselines/${name}.mjs, run just now as a whole process):`);
  console.log(`    baseline   ${baseline.cpu.toFixed(2).padStart(8)} s CPU  ${baseline.wall.toFixed(2).padStart(8)} s wall`);
  console.log(`    corelab    ${ours.cpu.toFixed(2).padStart(8)} s CPU  ${ours.wall.toFixed(2).padStart(8)} s wall   (this process to the end of run 1, start-up included)`);
  console.log(`    ratio      ${ratio.toFixed(2).padStart(8)}x CPU  ${(ours.wall / baseline.wall).toFixed(2).padStart(8)}x wall   target: at most ${target}x: ${ratio <= target ? "met" : "NOT met"}`);
}
