import { describe, expect, it } from "vitest";
import type { RunResult } from "../types.ts";
import type { RunTask } from "./execute.ts";
import { expandMatrix } from "./matrix.ts";
import { executeTasks, workerExecArgv } from "./pool.ts";

const TOY = new URL("./__fixtures__/toy-model.ts", import.meta.url).href;

function tasks(raw: unknown, seeds: number, sweep: Array<{ key: string; values: unknown[] }> = []): RunTask[] {
  return expandMatrix(sweep, 1, seeds).runs.map((r) => ({ model: "toy", module: TOY, file: "toy.yaml", raw, overrides: r.point.overrides, seed: r.seed }));
}

const RAW = { model: "./toy-model.ts", blocks: 30, params: { rate: "0.5" } };

describe("executeTasks", () => {
  it("gives the same results in task order in process, on one worker and on two", async () => {
    const ts = tasks(RAW, 3, [{ key: "params.rate", values: ["0.2", "0.8"] }]);
    const done: number[] = [];
    const inProcess = await executeTasks(ts, { workers: 0 });
    const one = await executeTasks(ts, { workers: 1 });
    const two = await executeTasks(ts, { workers: 2, onDone: (i) => done.push(i) });
    expect(one).toEqual(inProcess);
    expect(two).toEqual(inProcess);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(inProcess.map((r) => r.seed)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(inProcess.map((r) => r.params.rate)).toEqual([0.2, 0.2, 0.2, 0.8, 0.8, 0.8]);
    // prepare() ran before run() on the run's thread
    expect(two.every((r) => r.params.prepared === true)).toBe(true);
    // the seeds differ, so the runs do (the toy draws 30 Bernoulli trials per run)
    expect(new Set(inProcess.map((r) => JSON.stringify(r.rows))).size).toBeGreaterThan(1);
  }, 240_000);

  it("marks a failed run (returned failure or a throwing model) and completes the others", async () => {
    // require_ts: run() loads a TypeScript module with a synchronous require, which the worker allows
    const ts = tasks({ ...RAW, params: { rate: "0.5", fail_seed: 2, throw_seed: 3, require_ts: true } }, 4);
    // a task that cannot cross to a worker (not plain data) fails at the pool: marked as the worker's failure
    ts.push({ ...ts[0]!, raw: { model: "toy", bad: () => 1 } });
    const progress: Array<[number, number, number]> = [];
    const results: RunResult[] = await executeTasks(ts, { workers: 2, onProgress: (i, d, t) => progress.push([i, d, t]) });
    expect(results.map((r) => r.failure === undefined)).toEqual([true, false, false, true, false]);
    expect(results[4]!.failure).toMatchObject({ source: "worker", block: 0 });
    expect(results[4]!.failure!.message).toMatch(/could not be cloned/);
    expect(results[1]!.failure).toEqual({ source: "agent 'toy'", block: 5, message: "the toy agent gave up" });
    expect(results[2]!.failure).toEqual({ source: "model 'toy'", block: 4, message: "toy model bug" });
    expect(results[0]!.rows).toHaveLength(30);
    expect(results[3]!.rows).toHaveLength(30);
    expect(results[0]!.params.helper).toBe(42);
    // progress came back from the workers, ending at the full run for the completed ones
    expect(progress.some(([i, d, t]) => i === 0 && d === 30 && t === 30)).toBe(true);
  }, 240_000);

  it("adds the source condition to the workers' Node options once", () => {
    expect(workerExecArgv(["--import", "tsx"])).toEqual(["--import", "tsx", "--conditions=@corelab/source"]);
    expect(workerExecArgv(["--conditions=@corelab/source", "--import", "tsx"])).toEqual(["--conditions=@corelab/source", "--import", "tsx"]);
    expect(workerExecArgv(["-C", "@corelab/source"])).toEqual(["-C", "@corelab/source"]);
    expect(workerExecArgv(["--import", "tsx"], false)).toEqual(["--import", "tsx"]); // built JavaScript: dist/, no source condition
  });
});
