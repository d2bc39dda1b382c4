import { describe, expect, it } from "vitest";
import { aggregate, columnStats, percentile } from "./aggregate.ts";
import { expandMatrix } from "./matrix.ts";
import type { RunResult } from "../types.ts";

describe("percentile (linear interpolation, type 7)", () => {
  it("interpolates between closest ranks", () => {
    const xs = [5, 1, 4, 2, 3]; // unsorted on purpose
    expect(percentile(xs, 0.05)).toBeCloseTo(1.2, 12); // h = 4·0.05 = 0.2 → 1 + 0.2·(2 − 1)
    expect(percentile(xs, 0.95)).toBeCloseTo(4.8, 12); // h = 3.8 → 4 + 0.8·(5 − 4)
    expect(percentile(xs, 0.5)).toBe(3);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 1)).toBe(5);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });
  it("matches NumPy's default on ten values", () => {
    // numpy.percentile([0, 10, 20, ..., 90], [5, 95]) == [4.5, 85.5]
    const xs = Array.from({ length: 10 }, (_, i) => i * 10);
    expect(percentile(xs, 0.05)).toBeCloseTo(4.5, 12);
    expect(percentile(xs, 0.95)).toBeCloseTo(85.5, 12);
  });
  it("one value is every percentile; none is NaN", () => {
    expect(percentile([7], 0.05)).toBe(7);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe("columnStats", () => {
  it("mean, p5, p95 over the finite values", () => {
    expect(columnStats([2, 4, NaN, 6, Infinity])).toEqual({ mean: 4, p5: 2.2, p95: 5.8, n: 3 });
    expect(columnStats([NaN])).toEqual({ mean: NaN, p5: NaN, p95: NaN, n: 0 });
  });
});

describe("aggregate", () => {
  const result = (seed: number, summary: Record<string, number>, failed = false): RunResult => ({
    seed,
    params: {},
    rows: [],
    summary,
    ...(failed ? { failure: { source: "agent 'a'", block: 3, message: "x" } } : {}),
  });
  it("aggregates per point over the completed seeds, counting failed runs apart", () => {
    const m = expandMatrix([{ key: "p.s", values: [0, 1] }], 1, 3);
    const results = [
      result(1, { fees: 10, blocks: 1 }),
      result(2, { fees: 20, blocks: 2 }),
      result(3, { fees: 1000, blocks: 3 }, true), // failed: left out of the figures
      result(1, { fees: 1, extra: 5 }),
      result(2, { fees: 2 }),
      result(3, { fees: 3 }),
    ];
    const [a, b] = aggregate(m.points, m.runs, results);
    expect(a!.runs).toBe(3);
    expect(a!.failed).toBe(1);
    expect(a!.columns.map(([c]) => c)).toEqual(["fees", "blocks"]);
    expect(a!.columns[0]![1]).toEqual({ mean: 15, p5: 10.5, p95: 19.5, n: 2 });
    expect(b!.failed).toBe(0);
    expect(b!.columns[0]![1]).toEqual({ mean: 2, p5: 1.1, p95: 2.9, n: 3 });
    // a column only one run has: its figures come from that run alone
    expect(b!.columns[1]).toEqual(["extra", { mean: 5, p5: 5, p95: 5, n: 1 }]);
  });
});
