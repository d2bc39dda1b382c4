// The restaking model on short runs: determinism, the shapes the reconstruction predicts (§1.3.10
// of restaking-and-pricing.md), the figures, and bad parameters.
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { renderChart } from "../charts.ts";
import type { LabelledRun } from "../types.ts";
import { PARAM_PATHS, RestakingParamsError, parseRestakingParams, restakingModel, type RestakingParams, type RestakingRunResult } from "./index.ts";
import { quantile } from "./stats.ts";

/**
 * A small network that still shows the dynamics in 100 rounds: 10 operators, 6 coprocessors, and
 * S_min = 0.8·S_v(0) so that a few failures deactivate an operator (three at s = 0.1, one at s = 0.5).
 */
function small(s: number, extra: Record<string, unknown> = {}): RestakingParams {
  return parseRestakingParams(
    {
      model: "restaking",
      params: {
        operators: 10,
        coprocessors: 6,
        rounds: 100,
        task_rate: 3,
        min_stake_ratio: 0.8,
        slashing_factor: s,
        auction_sample_round: 10,
        network: { rounds: 40 },
        ...extra,
      },
    },
    "test.yaml",
  );
}

const SWEEP = [0, 0.1, 0.5] as const;
const runs = new Map<number, RestakingRunResult>();
const run = (s: number): RestakingRunResult => runs.get(s)!;

beforeAll(async () => {
  await initCrypto();
  for (const s of SWEEP) runs.set(s, restakingModel.run(small(s), { seed: 7 }) as RestakingRunResult);
}, 120_000);

const active = (r: RestakingRunResult): number[] => r.rows.map((row) => row.active_operators as number);

describe("restaking model", () => {
  it("gives the same rows, summary and detail for the same seed, and other rows for another seed", () => {
    const again = restakingModel.run(small(0.1), { seed: 7 }) as RestakingRunResult;
    expect(again.failure).toBeUndefined();
    expect(again.rows).toEqual(run(0.1).rows);
    expect(again.summary).toEqual(run(0.1).summary);
    expect(again.detail).toEqual(run(0.1).detail);
    const other = restakingModel.run(small(0.1), { seed: 8 }) as RestakingRunResult;
    expect(other.rows).not.toEqual(run(0.1).rows);
  }, 60_000);

  it("records one row per round with the parameters flattened by their file paths", () => {
    const r = run(0.1);
    expect(r.rows).toHaveLength(100);
    expect(r.rows.map((x) => x.round)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(r.params["params.slashing_factor"]).toBe(0.1);
    expect(r.params["params.gas.alpha"]).toBe(0.2);
    expect(Object.keys(r.rows[0]!)).toEqual(expect.arrayContaining(["active_operators", "cumulative_net_reward", "reward.op01", "reward.op06"]));
    // tasks flow through the auction pallet: some sold, every settled one counted
    expect(r.summary.tasks_emitted).toBeGreaterThan(200);
    expect(r.summary.delegated_share).toBeGreaterThan(0);
    expect(r.summary.sold_share).toBeGreaterThan(0.5);
  });

  it("keeps every operator active and slashes nothing when s = 0", () => {
    const r = run(0);
    expect(new Set(active(r))).toEqual(new Set([10]));
    expect(r.summary.total_slashed).toBe(0);
    expect(r.summary.active_operators_end).toBe(10);
  });

  it("has active operators non-increasing over time, falling faster for larger s", () => {
    for (const s of SWEEP) {
      const a = active(run(s));
      for (let i = 1; i < a.length; i++) expect(a[i]).toBeLessThanOrEqual(a[i - 1]!);
    }
    // faster: at every round no more operators are active under a larger s, and over the run strictly fewer
    const [a0, a1, a5] = SWEEP.map((s) => active(run(s)));
    for (let i = 0; i < a0!.length; i++) {
      expect(a1![i]).toBeLessThanOrEqual(a0![i]!);
      expect(a5![i]).toBeLessThanOrEqual(a1![i]!);
    }
    const area = (a: number[]): number => a.reduce((x, y) => x + y, 0);
    expect(area(a1!)).toBeLessThan(area(a0!));
    expect(area(a5!)).toBeLessThan(area(a1!));
    expect(run(0.5).summary.active_operators_end).toBeLessThan(run(0.1).summary.active_operators_end!);
  });

  it("correlates coprocessor reputation and total reward positively", () => {
    for (const s of [0, 0.1]) {
      const r = run(s);
      expect(r.summary.reputation_reward_correlation).toBeGreaterThan(0.3);
      const cops = r.detail!.coprocessors;
      // the best-reputed half earned more than the worst-reputed half
      const sorted = [...cops].sort((x, y) => x.mean_reputation - y.mean_reputation);
      const half = Math.floor(sorted.length / 2);
      const sum = (xs: typeof cops): number => xs.reduce((x, c) => x + c.reward, 0);
      expect(sum(sorted.slice(half))).toBeGreaterThan(sum(sorted.slice(0, half)));
    }
  });

  it("distributes the five-by-ten network's tasks to more than one coprocessor", () => {
    const net = run(0).detail!.network!;
    expect(net.operators).toHaveLength(5);
    expect(net.coprocessors).toHaveLength(10);
    const perCoprocessor = net.coprocessors.map((_, j) => net.edges.reduce((x, row) => x + row[j]!, 0));
    expect(perCoprocessor.filter((n) => n > 0).length).toBeGreaterThan(1);
    // and no single coprocessor takes everything (the load curve and capacity limit hubs)
    const total = perCoprocessor.reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThan(0);
    expect(Math.max(...perCoprocessor)).toBeLessThan(total);
  });

  it("samples a Dutch auction sold to one of the block's bidders, before any other limit was reached", () => {
    const a = run(0.1).detail!.sample_auction!;
    expect(a.posted_at).toBeGreaterThanOrEqual(10);
    expect(a.prices).toHaveLength(a.duration + 1);
    expect(a.prices[0]).toBe(a.reward);
    expect(a.prices[a.duration]).toBe(a.floor);
    for (let i = 1; i < a.prices.length; i++) expect(a.prices[i]).toBeLessThanOrEqual(a.prices[i - 1]!);
    expect(a.price).toBe(a.prices[a.sold_tau]);
    const bidders = a.bidders.filter((b) => b.bid);
    expect(bidders.length).toBeGreaterThanOrEqual(2);
    expect(bidders.map((b) => b.coprocessor)).toContain(a.winner);
    // every bid came in the block of the sale, at limits the price had reached; the others' limits were not reached yet
    for (const b of bidders) expect([b.tau, b.limit >= a.price]).toEqual([a.sold_tau, true]);
    for (const b of a.bidders.filter((x) => !x.bid)) expect([b.tau > a.sold_tau, b.limit < a.price]).toEqual([true, true]);
  });

  it("draws every figure of the list it can produce, as valid vega-lite rendering to SVG and PNG", async () => {
    const labelled: LabelledRun[] = SWEEP.map((s) => ({ label: `s=${s}`, result: run(s) }));
    const charts = restakingModel.charts(labelled);
    expect(Object.keys(charts).sort()).toEqual(["active-operators", "auction", "cumulative-reward", "operator-rewards", "reputation-vs-reward", "task-network"]);
    for (const spec of Object.values(charts)) {
      const { svg, png } = await renderChart(spec);
      expect(svg).toContain("<svg");
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");
    }
    // one line per s in the figures by slashing factor
    const data = (charts["active-operators"] as unknown as { data: { values: Array<{ s: string }> } }).data.values;
    expect(new Set(data.map((d) => d.s))).toEqual(new Set(["s = 0", "s = 0.1", "s = 0.5"]));
  }, 60_000);
});

describe("restaking parameters", () => {
  const bad = (params: Record<string, unknown>): string => {
    try {
      parseRestakingParams({ model: "restaking", params }, "m.yaml");
    } catch (e) {
      expect(e).toBeInstanceOf(RestakingParamsError);
      return (e as Error).message;
    }
    throw new Error("accepted");
  };

  it("takes the reconstruction's defaults when the file has no params", () => {
    const p = parseRestakingParams(undefined, "(built-in)");
    expect([p.operators, p.coprocessors, p.rounds, p.task_rate]).toEqual([50, 20, 1000, 10]);
    expect([p.min_stake_ratio, p.min_reputation, p.gas.omega, p.gas.alpha, p.gas.beta, p.collateral_ratio, p.compensation_share, p.target_utilization]).toEqual([
      0.5, 0.3, 0.05, 0.2, 0.9, 1, 0.5, 0.7,
    ]);
  });

  it("reads decimals written as strings, as the runner passes them and --sweep values", () => {
    const p = parseRestakingParams({ model: "restaking", params: { slashing_factor: "0.05", rounds: "200", gas: { alpha: "0.25" } } }, "m.yaml");
    expect([p.slashing_factor, p.rounds, p.gas.alpha]).toEqual([0.05, 200, 0.25]);
  });

  it("offers the slashing factor (and every scalar) as a sweep key, and --blocks sets the rounds", () => {
    expect(restakingModel.blocksKey).toBe("params.rounds");
    expect(restakingModel.sweepKeys(parseRestakingParams({}, "x"))).toContain("params.slashing_factor");
    expect(PARAM_PATHS).toContain("params.gas.beta");
  });

  it("rejects values outside their domain naming the path and the domain", () => {
    expect(bad({ slashing_factor: 1.5 })).toBe("m.yaml: params.slashing_factor: expected a number in [0, 1], got 1.5");
    expect(bad({ slashing_factor: "10%" })).toContain("params.slashing_factor: expected a number in [0, 1]");
    expect(bad({ slashing_factor: "0.1.2" })).toContain("params.slashing_factor: expected a number in [0, 1]");
    expect(bad({ operators: 2.5 })).toContain("params.operators: expected an integer in [1, 1000]");
    expect(bad({ coprocessor_quality: { min: 0.9, max: 0.5 } })).toContain("params.coprocessor_quality: expected min ≤ max");
    expect(bad({ network: { rounds: -1 } })).toContain("params.network.rounds");
    expect(bad({ tracked_operators: 9, operators: 8 })).toContain("params.tracked_operators: expected at most params.operators (8)");
  });

  it("rejects GAS weights that would let a reputation leave [0, 1]", () => {
    expect(bad({ gas: { alpha: 0.95, beta: 0.9 } })).toContain("params.gas.alpha: expected alpha ≤ beta");
    expect(bad({ gas: { omega: 0.2, beta: 0.9 } })).toContain("params.gas.omega: expected omega + beta ≤ 1");
  });

  it("rejects unknown keys naming them and the valid ones", () => {
    expect(bad({ slashing: 0.1 })).toMatch(/^m\.yaml: params\.slashing: expected one of operators, coprocessors, .*slashing_factor/);
    expect(bad({ gas: { gamma: 1 } })).toContain("params.gas.gamma: expected one of omega, alpha, beta, initial");
    expect(() => parseRestakingParams({ model: "network" }, "m.yaml")).toThrow('m.yaml: model: expected "restaking", got "network"');
  });
});

describe("stats", () => {
  it("interpolates quantiles linearly between closest ranks", () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([10, 0], 0.05)).toBeCloseTo(0.5);
    expect(quantile([0, 10, 20], 0.95)).toBeCloseTo(19);
  });
});
