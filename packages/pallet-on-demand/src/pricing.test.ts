// The pricing rules as pure functions, at the vectors of the issue-14 research brief (§3.5
// sdk#13009, §5.2 RFC-1) and their edge cases, and the knobs' parsing. Expected prices are
// derived from exact rationals here (bigint), never pasted from an implementation's output.
import { FixedU128, InvalidValueError, U128_MAX, UnknownNameError, parsePalletOptions } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PRICE_PARAMETERS,
  DEFAULT_RFC1_PARAMETERS,
  PRICING_NAMES,
  drainedOutstanding,
  exponentialQuote,
  exponentialSpotPrice,
  fixedU128Pow,
  parsePricing,
  priceParametersValid,
  rfc1GeometricNext,
  type PriceParameters,
} from "./pricing.ts";
import { ON_DEMAND_MOCK_PALLETS } from "./testing.ts";

const ONE = FixedU128.one; // 10^18
const P = DEFAULT_PRICE_PARAMETERS;

/** The exact price `floor(base · (1 + step)^q)` for a step of `num/den`, in bigint. */
function exactPrice(base: bigint, num: bigint, den: bigint, q: number): bigint {
  return (base * (den + num) ** BigInt(q)) / den ** BigInt(q);
}

/** The exact `(1 + num/den)^q` as a FixedU128 inner value, rounded down. */
function exactPow(num: bigint, den: bigint, q: number): bigint {
  return (ONE * (den + num) ** BigInt(q)) / den ** BigInt(q);
}

describe("sdk#13009 Exponential: spot = floor(base_fee · (1 + price_step)^q)", () => {
  it("defaults are sdk#13009's: order_cap 100, drain 1, step 3%, base fee 10_000_000", () => {
    expect(P).toEqual({ order_cap: 100, drain_rate_per_block: 1, price_step: 30_000_000, base_fee: 10_000_000n });
  });

  it.each([
    [0, 10_000_000n],
    [1, 10_300_000n],
    [2, 10_609_000n],
    [10, 13_439_163n],
    [99, 186_588_660n],
  ])("q = %i → %s planck (the brief's vector, equal to the exact rational floored)", (q, vector) => {
    const exact = exactPrice(10_000_000n, 3n, 100n, q);
    expect(exact).toBe(vector);
    expect(exponentialSpotPrice(P, q)).toEqual({ ok: exact });
  });

  it("q = 99: FixedU128's rounded-down power sits a few dozen units of 10^-18 under the exact power, far from moving the planck", () => {
    const ours = fixedU128Pow(FixedU128.fromInteger(1) + FixedU128.fromPerbill(30_000_000), 99)!;
    const exact = exactPow(3n, 100n, 99);
    // every product of the power rounds down, so the result never exceeds the exact value, and
    // the loss is bounded by the number of products (≤ 2·log2(99) + 1) times the value's size
    expect(ours).toBeLessThanOrEqual(exact);
    expect(exact - ours).toBeLessThan(13n * 19n);
    // the exact price is 186_588_660 + a fraction of 0.0083: a loss of < 1e-15 cannot change the floor
    const scaled = 10_000_000n * 103n ** 99n;
    const frac = scaled % 100n ** 99n;
    expect(frac * 10_000n / 100n ** 99n).toBe(83n); // 0.0083…
    expect((ours * 10_000_000n) / ONE).toBe(186_588_660n);
  });

  it("the power is num-traits' checked_pow: exact while the decimals fit (q ≤ 9 for 1.03), exponent 0 is one", () => {
    const base = ONE + FixedU128.fromPerbill(30_000_000);
    expect(fixedU128Pow(base, 0)).toBe(ONE);
    expect(fixedU128Pow(0n, 0)).toBe(ONE);
    for (let q = 1; q <= 9; q++) expect(fixedU128Pow(base, q)).toBe(exactPow(3n, 100n, q));
  });

  it("q = 100 → QueueFull (outstanding ≥ order_cap), before any price", () => {
    expect(exponentialQuote(P, { outstanding_orders: 100, last_updated: 7 }, 7, 1)).toEqual({ err: "QueueFull" });
    expect(exponentialQuote(P, { outstanding_orders: 99, last_updated: 7 }, 7, 1)).toEqual({ ok: { price: 186_588_660n, outstanding: 99 } });
    expect(exponentialQuote({ ...P, order_cap: 0 }, undefined, 7, 1)).toEqual({ err: "QueueFull" });
  });

  it("EmptyPool comes first: zero pool cores refuse even an empty queue", () => {
    expect(exponentialQuote(P, undefined, 5, 0)).toEqual({ err: "EmptyPool" });
    expect(exponentialQuote(P, { outstanding_orders: 100, last_updated: 0 }, 5, 0)).toEqual({ err: "EmptyPool" });
  });

  it("drains drain_rate · elapsed · pool_cores, floored at 0; no tracker is 0; a past now drains nothing", () => {
    expect(drainedOutstanding(undefined, 10, 1, 1)).toBe(0);
    expect(drainedOutstanding({ outstanding_orders: 50, last_updated: 10 }, 13, 2, 4)).toBe(50 - 2 * 3 * 4);
    expect(drainedOutstanding({ outstanding_orders: 5, last_updated: 10 }, 13, 1, 2)).toBe(0);
    expect(drainedOutstanding({ outstanding_orders: 5, last_updated: 10 }, 9, 1, 2)).toBe(5);
    // u32 saturation: a huge product saturates at u32::MAX rather than wrapping
    expect(drainedOutstanding({ outstanding_orders: 0xffff_ffff, last_updated: 0 }, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff)).toBe(0);
    expect(drainedOutstanding({ outstanding_orders: 0xffff_ffff, last_updated: 0 }, 1, 1, 1)).toBe(0xffff_fffe);
  });

  it("overflow: (1 + 100%)^n fits FixedU128 up to 2^n · 10^18 ≤ u128::MAX, then ensure_pow fails (Overflow)", () => {
    let last = 0;
    while ((1n << BigInt(last + 1)) * ONE <= U128_MAX) last++;
    const doubling: PriceParameters = { ...P, price_step: 1_000_000_000, base_fee: 1n };
    expect(fixedU128Pow(2n * ONE, last)).toBe((1n << BigInt(last)) * ONE);
    expect(fixedU128Pow(2n * ONE, last + 1)).toBeUndefined();
    expect(exponentialSpotPrice(doubling, last)).toEqual({ ok: 1n << BigInt(last) });
    expect(exponentialSpotPrice(doubling, last + 1)).toEqual({ err: "Overflow" });
    // validate(): the price at order_cap must not overflow (OrderPriceCanOverflow otherwise)
    expect(priceParametersValid({ ...doubling, order_cap: last })).toBe(true);
    expect(priceParametersValid({ ...doubling, order_cap: last + 1 })).toBe(false);
    expect(priceParametersValid(P)).toBe(true);
  });

  it("saturating_mul_int: a base fee near u128::MAX saturates instead of overflowing", () => {
    expect(exponentialSpotPrice({ ...P, base_fee: U128_MAX }, 1)).toEqual({ ok: U128_MAX });
    expect(exponentialSpotPrice({ ...P, base_fee: U128_MAX }, 0)).toEqual({ ok: U128_MAX });
  });
});

describe("RFC-1 ×0.95 per relay block", () => {
  const hundred = 100n * ONE;

  it("queue short (size < pool · 3): 100 → 95", () => {
    expect(rfc1GeometricNext(hundred, 0, 1)).toBe(95n * ONE);
    expect(rfc1GeometricNext(hundred, 2, 1)).toBe(95n * ONE);
  });

  it("queue ≥ 3 · pool: 100 → 100 / 0.95 = 105.263157894736842105… (rounded down to 18 decimals)", () => {
    const expected = (hundred * ONE) / (95n * ONE / 100n); // 100 / 0.95 in FixedU128, floored
    expect(expected).toBe(105_263_157_894_736_842_105n);
    expect(rfc1GeometricNext(hundred, 3, 1)).toBe(expected);
    expect(rfc1GeometricNext(hundred, 30, 10)).toBe(expected);
  });

  it("edges: no pool core counts as a long queue; ratio 0 drops to 0 or saturates; the maximum saturates", () => {
    expect(rfc1GeometricNext(hundred, 0, 0)).toBe(rfc1GeometricNext(hundred, 3, 1));
    expect(rfc1GeometricNext(hundred, 0, 1, { factor: 3, ratio: 0 })).toBe(0n);
    expect(rfc1GeometricNext(hundred, 3, 1, { factor: 3, ratio: 0 })).toBe(FixedU128.max);
    expect(rfc1GeometricNext(FixedU128.max, 3, 1)).toBe(FixedU128.max);
    expect(DEFAULT_RFC1_PARAMETERS).toEqual({ factor: 3, ratio: 950_000_000 });
  });

  it("has no floor: a long idle stretch keeps shrinking the multiplier (the RFC's formula)", () => {
    let v = ONE;
    for (let i = 0; i < 100; i++) v = rfc1GeometricNext(v, 0, 1);
    // 0.95^100 ≈ 0.0059; each step rounds down, so at most the exact value
    expect(v).toBeLessThanOrEqual((ONE * 95n ** 100n) / 100n ** 100n);
    expect(v).toBeGreaterThan(0n);
  });
});

describe("the knobs (constants.OnDemand.Version / Pricing)", () => {
  const parse = (OnDemand: Record<string, unknown>) => parsePalletOptions({}, ON_DEMAND_MOCK_PALLETS, { constants: { OnDemand } }).constants["OnDemand"]!;

  it("Pricing: bare names take the defaults; maps override fields; Perbill accepts percentages", () => {
    expect(parse({ Pricing: "SpotTraffic" }).Pricing).toEqual({ type: "SpotTraffic" });
    expect(parse({ Pricing: "Exponential" }).Pricing).toEqual({ type: "Exponential", value: P });
    expect(parse({ Pricing: { Exponential: { order_cap: 10, price_step: "5%" } } }).Pricing).toEqual({
      type: "Exponential",
      value: { ...P, order_cap: 10, price_step: 50_000_000 },
    });
    expect(parse({ Pricing: { Rfc1Geometric: { factor: 2 } } }).Pricing).toEqual({ type: "Rfc1Geometric", value: { factor: 2, ratio: 950_000_000 } });
    expect(parse({ Pricing: null }).Pricing).toBeUndefined();
  });

  it("Pricing: an unknown rule names the option and the valid names", () => {
    const e = (() => {
      try {
        parse({ Pricing: "Linear" });
      } catch (x) {
        return x as UnknownNameError;
      }
      throw new Error("no error");
    })();
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e.message).toContain("constants.OnDemand.Pricing");
    expect(e.message).toContain("'Linear'");
    expect(e.details.join("\n")).toContain(`valid: ${PRICING_NAMES.join(", ")}`);
  });

  it("Pricing: an unknown parameter names its path and the valid parameters", () => {
    expect(() => parse({ Pricing: { Exponential: { cap: 3 } } })).toThrow(UnknownNameError);
    expect(() => parse({ Pricing: { Exponential: { cap: 3 } } })).toThrow(/constants\.OnDemand\.Pricing\.Exponential: unknown parameter of Exponential 'cap'/);
    expect(() => parse({ Pricing: { Rfc1Geometric: { factor: -1 } } })).toThrow(/constants\.OnDemand\.Pricing\.Rfc1Geometric\.factor/);
    expect(() => parse({ Pricing: { SpotTraffic: { base_fee: 1 } } })).toThrow(InvalidValueError);
  });

  it("Pricing: parameters whose price at order_cap overflows are refused (OrderPriceCanOverflow)", () => {
    expect(() => parse({ Pricing: { Exponential: { price_step: "100%", order_cap: 1000 } } })).toThrow(/OrderPriceCanOverflow/);
  });

  it("Version: 1 or 2 (or v1/v2); anything else names the option and the valid values", () => {
    expect(parse({ Version: 2 }).Version).toBe(2);
    expect(parse({ Version: "v1" }).Version).toBe(1);
    expect(parse({ Version: null }).Version).toBeUndefined();
    expect(() => parse({ Version: 3 })).toThrow(InvalidValueError);
    expect(() => parse({ Version: 3 })).toThrow(/constants\.OnDemand\.Version: expected an on-demand pallet version: 1 .* \| 2/);
  });

  it("the parser is exported for code that builds configs by hand", () => {
    expect(parsePricing("Rfc1Geometric", { path: "x" })).toEqual({ type: "Rfc1Geometric", value: DEFAULT_RFC1_PARAMETERS });
  });
});
