// The RFC price rules as pure functions: the vectors of docs/research/issue-14.md §5.1, §5.3 and
// §5.4 (each recomputed by hand in the comments), their edges, and a property check against the
// real-number formulas.
import { FixedU128 } from "@corelab/frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CenterTargetPrice } from "./adapt-price.ts";
import { Rfc149RenewalCap, Rfc1RenewalCap, renewalPriceRule } from "./renewal-price.ts";
import {
  RFC6_VARIANTS,
  Rfc1Linear,
  Rfc6Aggressive,
  Rfc6Baseline,
  Rfc6Conservative,
  Rfc6Linear,
  Rfc6Price,
  powRatioHalves,
  rfc1LinearPrice,
  rfc6Price,
  type Rfc6Variant,
} from "./rfc-prices.ts";

const T = 30;
const L = 45;

describe("RFC-1 linear progression (OLD 100, T 30, L 45)", () => {
  // 10^10 planck per unit, so that 3.333… shows its rounding
  const U = 10_000_000_000n;
  const at = (n: number, sellout: bigint | undefined, old = 100n * U) => rfc1LinearPrice({ old, sellout, sold: n, target: T, limit: L });

  it("n = 15 → 50 (100 · 15/30)", () => expect(at(15, undefined)).toBe(50n * U));
  it("n = 0 → 3.333… (100 · max(0, 1)/30), the fall rounded toward zero (up)", () => {
    expect(at(0, undefined)).toBe(33_333_333_334n); // 10^12 / 30 = 33 333 333 333.3…
    expect(at(0, undefined, 100n)).toBe(4n); // 3.3… rounded up in whole planck
  });
  it("n = 30 → 100 (at target the price stays)", () => expect(at(30, 999n * U)).toBe(100n * U));
  it("n = 40, SELLOUT 120 → 200 (120 + 120 · 10/15)", () => expect(at(40, 120n * U)).toBe(200n * U));
  it("n = 40, SELLOUT null → 100 (OLD)", () => expect(at(40, undefined)).toBe(100n * U));
  it("clamps n to L (n = 50 prices as 45: 2 × SELLOUT)", () => expect(at(50, 120n * U)).toBe(240n * U));
  it("a sale that offered nothing (T = L = 0) keeps its price", () => expect(rfc1LinearPrice({ old: 7n, sellout: 9n, sold: 0, target: 0, limit: 0 })).toBe(7n));
  it("target 0 with cores offered: every sale is above target (EFF + EFF · n/L, the rise rounded down)", () =>
    expect(rfc1LinearPrice({ old: 7n, sellout: 10n, sold: 1, target: 0, limit: 3 })).toBe(13n)); // 10 + 10/3 = 13.3…

  it("as an adapter: end = target = the new price; lead-in 2 − t", () => {
    expect(Rfc1Linear.adaptPrice({ sellout_price: 120n, end_price: 100n, ideal_cores_sold: 30, cores_offered: 45, cores_sold: 40 })).toEqual({ end_price: 200n, target_price: 200n });
    expect(Rfc1Linear.leadinFactorAt(500_000_000n)).toBe(1_500_000_000n); // t = 0.5 → 1.5 (FixedU64)
  });
});

describe("RFC-6 (P_old 1000, P_min 1, T 30, L 45)", () => {
  // 10^6 planck per unit: 750.25 → 750 250 000
  const U = 1_000_000n;
  const at = (v: Rfc6Variant, n: number) => rfc6Price({ old: 1000n * U, sold: n, target: T, limit: L }, { ...RFC6_VARIANTS[v], minPrice: 1n * U });

  it("baseline (F 2, d 2, u 2)", () => {
    expect(at("baseline", 15)).toBe(750_250_000n); // 999 · (1 − 0.25) + 1 = 750.25
    expect(at("baseline", 30)).toBe(1000n * U);
    expect(at("baseline", 40)).toBe(1_444_444_444n); // 1000 · (10/15)² + 1000 = 1444.44…
    expect(at("baseline", 45)).toBe(2000n * U); // (2 − 1) · 1000 · 1 + 1000
    expect(at("baseline", 0)).toBe(1n * U); // 999 · (1 − 1) + 1 = P_min
  });
  it("conservative (F 1.5, d 0.5, u 2): the square root in fixed point", () => {
    // 999 · (1 − √0.5) + 1 = 293.6003255946…: √0.5 = 0.707106781186547524 (FixedU128, down),
    // the fall 999e6 · that = 706 399 674.4… rounded toward zero → 1e9 − 706 399 674
    expect(at("conservative", 15)).toBe(293_600_326n);
    expect(at("conservative", 40)).toBe(1_222_222_222n); // 0.5 · 1000 · 4/9 + 1000 = 1222.22…
  });
  it("aggressive (F 3, d 2, u 1)", () => {
    expect(at("aggressive", 40)).toBe(2_333_333_333n); // 2 · 1000 · 2/3 + 1000 = 2333.33…
    expect(at("aggressive", 15)).toBe(750_250_000n); // same fall as baseline (d 2)
  });
  it("linear (F 1.5, d 1, u 1)", () => {
    expect(at("linear", 15)).toBe(500_500_000n); // 999 · 0.5 + 1 = 500.5
    expect(at("linear", 40)).toBe(1_333_333_333n); // 0.5 · 1000 · 2/3 + 1000 = 1333.33…
  });
  it("clamps n to L, and T = L = 0 keeps the price", () => {
    expect(at("baseline", 60)).toBe(2000n * U);
    expect(rfc6Price({ old: 5n, sold: 0, target: 0, limit: 0 }, { ...RFC6_VARIANTS.baseline, minPrice: 1n })).toBe(5n);
  });
  it("a price below P_min rises toward it below target (change rounded toward zero)", () => {
    // P_old 1, P_min 10, n 15 of 30, d 2: 1 + 9 · 0.25 = 3.25 → 3
    expect(rfc6Price({ old: 1n, sold: 15, target: 30, limit: 45 }, { ...RFC6_VARIANTS.baseline, minPrice: 10n })).toBe(3n);
  });
  it("refuses exponents that are not positive multiples of ½, and F below 1", () => {
    expect(() => Rfc6Price("x", { F: FixedU128.fromInteger(2), d: FixedU128.fromRational(1n, 3n), u: FixedU128.fromInteger(1), minPrice: 1n })).toThrow(/multiple of 0.5/);
    expect(() => Rfc6Price("x", { F: FixedU128.fromInteger(2), d: 0n, u: FixedU128.fromInteger(1), minPrice: 1n })).toThrow(/SCALE_DOWN/);
    expect(() => Rfc6Price("x", { F: FixedU128.fromRational(1n, 2n), d: FixedU128.fromInteger(1), u: FixedU128.fromInteger(1), minPrice: 1n })).toThrow(/at least 1/);
  });
  it("named adapters carry P_min in their name and reuse CenterTargetPrice's lead-in", () => {
    for (const a of [Rfc6Baseline(7n), Rfc6Aggressive(7n), Rfc6Conservative(7n), Rfc6Linear(7n)]) {
      expect(a.name).toMatch(/^Rfc6\w+\(7\)$/);
      expect(a.leadinFactorAt(0n)).toBe(CenterTargetPrice.leadinFactorAt(0n));
    }
    expect(Rfc6Baseline().name).toBe("Rfc6Baseline(1)");
    expect(Rfc6Aggressive(1n).adaptPrice({ sellout_price: undefined, end_price: 1000n, ideal_cores_sold: 30, cores_offered: 45, cores_sold: 40 })).toEqual({ end_price: 2333n, target_price: 2333n });
  });

  it("powRatioHalves is ⌊(a/b)^(k/2) · 10^18⌋", () => {
    expect(powRatioHalves(1n, 2n, 1)).toBe(707_106_781_186_547_524n);
    expect(powRatioHalves(1n, 4n, 1)).toBe(500_000_000_000_000_000n);
    expect(powRatioHalves(2n, 3n, 2)).toBe(666_666_666_666_666_666n);
    expect(powRatioHalves(2n, 3n, 4)).toBe(444_444_444_444_444_444n);
    expect(powRatioHalves(3n, 3n, 3)).toBe(FixedU128.div);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 6 }), (a, b, k) => {
        const p = powRatioHalves(BigInt(a), BigInt(b), k);
        // p ≤ x < p + 1 in units of 10^-18: p² · b^k ≤ a^k · 10^36 < (p + 1)² · b^k
        const lhs = BigInt(a) ** BigInt(k) * 10n ** 36n;
        const bk = BigInt(b) ** BigInt(k);
        return p * p * bk <= lhs && lhs < (p + 1n) * (p + 1n) * bk;
      }),
    );
  });

  it("every variant is within one planck of the real-number formula, and never past it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Rfc6Variant>("baseline", "aggressive", "conservative", "linear"),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 90 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (v, target, extra, n, old) => {
          const limit = target + extra;
          const par = RFC6_VARIANTS[v];
          const minPrice = old / 3n;
          const got = rfc6Price({ old, sold: n, target, limit }, { ...par, minPrice });
          const f = (x: bigint) => Number(x) / 1e18;
          const m = Math.min(n, limit);
          const real =
            m <= target
              ? (Number(old) - Number(minPrice)) * (1 - ((target - m) / target) ** f(par.d)) + Number(minPrice)
              : (f(par.F) - 1) * Number(old) * ((m - target) / (limit - target)) ** f(par.u) + Number(old);
          const slack = Number(old) * 1e-12 + 1;
          // the change from P_old is rounded toward zero: below target the price is at or above the real one, above at or below
          if (m < target) return Number(got) >= real - slack * 1e-3 && Number(got) <= real + slack;
          return Number(got) <= real + slack * 1e-3 && Number(got) >= real - slack;
        },
      ),
    );
  });
});

describe("RFC-149 renewal cap", () => {
  it("all cores sold at 1000 → next end price 100 → a 10 renewal is next renewable at 100", () => {
    const next = CenterTargetPrice.adaptPrice({ sellout_price: 1000n, end_price: 100n, ideal_cores_sold: 0, cores_offered: 5, cores_sold: 5 });
    expect(next.end_price).toBe(100n);
    const bump = 100_000_000; // 10 %
    // at the end of the lead-in the sale price is the end price (factor 1)
    expect(Rfc149RenewalCap({ recorded: 10n, renewal_bump: bump, end_price: next.end_price, sale_price: next.end_price })).toBe(100n);
    // the cap never exceeds the sale price
    expect(Rfc149RenewalCap({ recorded: 10n, renewal_bump: bump, end_price: 100n, sale_price: 60n })).toBe(60n);
    // before #8630 (RFC-1's cap): 10 · 1.1
    expect(Rfc1RenewalCap({ recorded: 10n, renewal_bump: bump, end_price: 100n, sale_price: 100n })).toBe(11n);
    // above the end price the bump decides
    expect(Rfc149RenewalCap({ recorded: 1000n, renewal_bump: bump, end_price: 100n, sale_price: 5000n })).toBe(1100n);
  });
  it("renewalPriceRule follows SaleRules", () => {
    expect(renewalPriceRule("current")).toBe(Rfc149RenewalCap);
    expect(renewalPriceRule("before-8630")).toBe(Rfc1RenewalCap);
    expect(renewalPriceRule("before-4521")).toBe(Rfc1RenewalCap);
  });
});
