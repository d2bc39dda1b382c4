// The auction's arithmetic: linear descent (§1.3.5), load curve and floor (§1.3.7), EWMA target.
import { describe, expect, it } from "vitest";
import { floorPrice, loadMultiplier, nextLoadTarget, priceAt, requiredCollateral, utilization } from "./price.ts";

const P = (pct: number): bigint => BigInt(pct) * 10_000_000n; // percent → Perbill parts

describe("priceAt (linear Dutch descent)", () => {
  it("descends from start to floor over D blocks, exactly, and stays at the floor", () => {
    const prices = Array.from({ length: 13 }, (_, i) => priceAt(1000n, 100n, 5, 10, 5 + i));
    expect(prices).toEqual([1000n, 910n, 820n, 730n, 640n, 550n, 460n, 370n, 280n, 190n, 100n, 100n, 100n]);
  });
  it("rounds the drop down (the price up) when it is not whole", () => {
    // (1000 - 0) * 1 / 3 = 333.33 → drop 333 → 667; τ = 2: 666.67 → 666 → 334
    expect([1, 2, 3].map((tau) => priceAt(1000n, 0n, 0, 3, tau))).toEqual([667n, 334n, 0n]);
  });
  it("D = 0 sells at the floor at once; before posting it is the start price", () => {
    expect(priceAt(1000n, 250n, 7, 0, 7)).toBe(250n);
    expect(priceAt(1000n, 250n, 7, 10, 3)).toBe(1000n);
  });
});

describe("load curve", () => {
  it("utilisation is load/capacity in Perbill, 0 with no capacity, capped at one", () => {
    expect(utilization(7n, 20n)).toBe(P(35));
    expect(utilization(0n, 0n)).toBe(0n);
    expect(utilization(30n, 20n)).toBe(P(100));
  });
  it("m(u): bonus below the target, 1 at the target, discount above, 1 − α↓ at full load", () => {
    const m = (u: number): bigint => loadMultiplier(P(u), P(70), P(50), P(50));
    expect(m(0)).toBe(P(150));
    expect(m(35)).toBe(P(125));
    expect(m(70)).toBe(P(100));
    expect(m(85)).toBe(P(75));
    expect(m(100)).toBe(P(50));
  });
  it("m(u) with target 100 % only discounts at full load; with target 0 only discounts", () => {
    expect(loadMultiplier(P(100), P(100), P(50), P(30))).toBe(P(70));
    expect(loadMultiplier(P(40), P(100), P(50), P(30))).toBe(P(130));
    expect(loadMultiplier(P(50), 0n, P(50), P(30))).toBe(P(85));
  });
  it("floor = reward − min(1, (1 − φ)·m)·reward", () => {
    expect(floorPrice(1000n, P(40), P(150))).toBe(100n); // idle network
    expect(floorPrice(1000n, P(40), P(100))).toBe(400n); // at target
    expect(floorPrice(1000n, P(40), P(50))).toBe(700n); // full
    expect(floorPrice(1000n, P(20), P(150))).toBe(0n); // share capped at the whole reward
    expect(floorPrice(999n, P(40), P(125))).toBe(250n); // 0.75 · 999 = 749.25 → pays 749
  });
  it("EWMA target and collateral rounding", () => {
    expect(nextLoadTarget(P(70), P(20), P(10))).toBe(P(65));
    expect(nextLoadTarget(P(70), P(20), 0n)).toBe(P(70));
    expect(requiredCollateral(1001n, P(50))).toBe(501n);
    expect(requiredCollateral(1000n, 0)).toBe(0n);
  });
});
