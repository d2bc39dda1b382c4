// The exact GAS recursion (gas.ts): the §1.4 Gaussian vector of restaking-and-pricing.md, the
// single round-down, the domain rules and the long-run mean.
import { describe, expect, it } from "vitest";
import { checkGasParams, gasUpdate, longRunMean, observationOf } from "./gas.ts";
import { DEFAULT_GAS_PARAMS, type GasParams } from "./types.ts";

const ONE = 1_000_000_000;

describe("gasUpdate", () => {
  it("reproduces the §1.4 Gaussian vector exactly (ω .05, α .2, β .9, R0 .5, y = 1,1,0,1,1)", () => {
    const ys = [1, 1, 0, 1, 1];
    const path: number[] = [];
    let r = DEFAULT_GAS_PARAMS.initial_reputation;
    for (const y of ys) {
      r = gasUpdate(DEFAULT_GAS_PARAMS, r, y * ONE);
      path.push(r);
    }
    // 0.6, 0.67, 0.519, 0.6133, 0.67931
    expect(path).toEqual([600_000_000, 670_000_000, 519_000_000, 613_300_000, 679_310_000]);
  });

  it("rounds the exact sum once, down (not each product)", () => {
    // ω 0, α .5, β 1: R' = .5·R + .5·y. With R = y = 1 part each product is half a part; their sum is one part.
    const p: GasParams = { omega: 0, alpha: 500_000_000, beta: ONE, initial_reputation: 0 };
    expect(gasUpdate(p, 1, 1)).toBe(1);
    // ω 0, α .2, β .9, R = 3 parts, y = 0: 0.7 · 3 = 2.1 parts → 2
    expect(gasUpdate({ ...DEFAULT_GAS_PARAMS, omega: 0 }, 3, 0)).toBe(2);
  });

  it("stays in [0, 1] at the corners of the domain", () => {
    const edge: GasParams = { omega: 100_000_000, alpha: 900_000_000, beta: 900_000_000, initial_reputation: 0 };
    expect(gasUpdate(edge, ONE, ONE)).toBe(ONE); // ω + α = 1
    expect(gasUpdate(edge, 0, 0)).toBe(100_000_000);
    expect(gasUpdate({ omega: 0, alpha: 0, beta: 0, initial_reputation: 0 }, ONE, ONE)).toBe(0);
  });

  it("uses the quality as the observation of a success, 0 for a failure", () => {
    expect(observationOf({ success: true })).toBe(ONE);
    expect(observationOf({ success: true, quality: 250_000_000 })).toBe(250_000_000);
    expect(observationOf({ success: false, quality: 900_000_000 })).toBe(0);
    expect(observationOf({ success: true, quality: 2 * ONE })).toBe(ONE); // from_parts clamps
    expect(() => observationOf({ success: true, quality: -1 })).toThrow(RangeError);
    // R = .5, y = .25: .05 + .7·.5 + .2·.25 = .45
    expect(gasUpdate(DEFAULT_GAS_PARAMS, 500_000_000, 250_000_000)).toBe(450_000_000);
  });
});

describe("checkGasParams", () => {
  it("accepts the defaults and the boundary ω + β = 1, α = β", () => {
    expect(checkGasParams({ ...DEFAULT_GAS_PARAMS })).toBeUndefined();
    expect(checkGasParams({ omega: 100_000_000, alpha: 900_000_000, beta: 900_000_000, initial_reputation: ONE })).toBeUndefined();
  });

  it("names the first parameter outside [0, 1]", () => {
    expect(checkGasParams({ ...DEFAULT_GAS_PARAMS, beta: ONE + 1 })?.parameter).toBe("beta");
    expect(checkGasParams({ ...DEFAULT_GAS_PARAMS, omega: -1 })?.parameter).toBe("omega");
    expect(checkGasParams({ ...DEFAULT_GAS_PARAMS, initial_reputation: 0.5 })?.parameter).toBe("initial_reputation");
    expect(checkGasParams({ ...DEFAULT_GAS_PARAMS, alpha: undefined })?.parameter).toBe("alpha");
  });

  it("blames alpha when alpha > beta and omega when omega + beta > 1", () => {
    const a = checkGasParams({ ...DEFAULT_GAS_PARAMS, alpha: 950_000_000 });
    expect(a?.parameter).toBe("alpha");
    expect(a?.message).toMatch(/must not exceed beta/);
    const o = checkGasParams({ ...DEFAULT_GAS_PARAMS, omega: 100_000_001 });
    expect(o?.parameter).toBe("omega");
    expect(o?.message).toMatch(/omega \+ beta must not exceed 1/);
  });
});

describe("longRunMean", () => {
  it("is (ω + α·ȳ) / (1 − β + α), rounded down", () => {
    expect(longRunMean(DEFAULT_GAS_PARAMS, ONE)).toBe(833_333_333); // .25 / .3
    expect(longRunMean(DEFAULT_GAS_PARAMS, 0)).toBe(166_666_666); // .05 / .3
    expect(longRunMean({ omega: 0, alpha: 0, beta: ONE, initial_reputation: 0 }, ONE)).toBeUndefined();
  });

  it("is the fixed point the recursion converges to", () => {
    let r = 0;
    for (let i = 0; i < 200; i++) r = gasUpdate(DEFAULT_GAS_PARAMS, r, ONE);
    expect(Math.abs(r - longRunMean(DEFAULT_GAS_PARAMS, ONE)!)).toBeLessThanOrEqual(5);
  });
});

describe("gasUpdate over the whole domain", () => {
  // A seeded LCG (test code only): parameters drawn inside the domain, then R and y anywhere in [0, 1].
  let seed = 0x2545f491;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % (n + 1);
  };

  it("keeps [0, 1] invariant, is monotone in R and y, and is within one part of the exact value", () => {
    for (let i = 0; i < 1000; i++) {
      const beta = next(ONE);
      const alpha = next(beta);
      const omega = next(ONE - beta);
      const p: GasParams = { omega, alpha, beta, initial_reputation: 0 };
      expect(checkGasParams(p)).toBeUndefined();
      const r = next(ONE);
      const y = next(ONE);
      const v = gasUpdate(p, r, y);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(ONE);
      // exact value in parts: (ω·1e9 + (β−α)·R + α·y) / 1e9, as a rational; v is its floor
      const num = BigInt(omega) * 1_000_000_000n + BigInt(beta - alpha) * BigInt(r) + BigInt(alpha) * BigInt(y);
      expect(BigInt(v) * 1_000_000_000n <= num && num < BigInt(v + 1) * 1_000_000_000n).toBe(true);
      if (r < ONE) expect(gasUpdate(p, r + 1, y)).toBeGreaterThanOrEqual(v);
      if (y < ONE) expect(gasUpdate(p, r, y + 1)).toBeGreaterThanOrEqual(v);
    }
  });
});
