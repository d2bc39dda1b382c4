// The spot traffic arithmetic: every calculate_spot_traffic test of polkadot-sdk on_demand/tests.rs
// and the reference's A.11 vectors (official and [derived]), bit-exact.
import { FixedU128, U128_MAX } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import { calculateSpotTraffic, spotPrice, type SpotTrafficResult } from "./types.ts";

const ONE = 1_000_000_000_000_000_000n;
const U32_MAX = 0xffff_ffff;
const pct = (p: number): number => p * 10_000_000; // Perbill parts
const calc = (traffic: bigint, capacity: number, size: number, target: number, variability: number): SpotTrafficResult =>
  calculateSpotTraffic(traffic, capacity, size, pct(target), pct(variability), ONE);
const ok = (r: SpotTrafficResult): bigint => {
  if (!("ok" in r)) throw new Error(`expected ok, got ${r.err}`);
  return r.ok;
};

describe("calculate_spot_traffic (tests.rs)", () => {
  it("spot_traffic_capacity_zero_returns_none", () => {
    expect(calc(U128_MAX, 0, U32_MAX, 100, 1)).toEqual({ err: "QueueCapacityIsZero" });
  });
  it("spot_traffic_queue_size_larger_than_capacity_returns_none", () => {
    expect(calc(U128_MAX, 1, 2, 100, 1)).toEqual({ err: "QueueSizeLargerThanCapacity" });
  });
  it("spot_traffic_calculation_identity (ratio == target leaves the traffic)", () => {
    expect(ok(calc(ONE, 1000, 100, 10, 3))).toBe(ONE);
  });
  it("spot_traffic_calculation_u32_max", () => {
    expect(ok(calc(ONE, U32_MAX, U32_MAX, 100, 3))).toBe(ONE);
  });
  it("spot_traffic_calculation_u32_traffic_max (saturates at u128::MAX)", () => {
    expect(ok(calc(U128_MAX, U32_MAX, U32_MAX, 1, 1))).toBe(U128_MAX);
  });
  it("sustained_target_increases_spot_traffic (50 updates at 12% of 100, target 10%, variability 100%)", () => {
    let traffic = ONE;
    for (let i = 0; i < 50; i++) traffic = ok(calc(traffic, 100, 12, 10, 100));
    expect(traffic).toBe(2_718_103_312_071_174_015n);
  });
  it("spot_traffic_can_decrease", () => {
    expect(ok(calc(100n * ONE, 100, 0, 100, 100))).toBe(50_000_000_000_000_000_000n);
  });
  it("spot_traffic_decreases_over_time (5 idle updates from 100)", () => {
    let traffic = 100n * ONE;
    for (let i = 0; i < 5; i++) traffic = ok(calc(traffic, 100, 0, 100, 100));
    expect(traffic).toBe(3_125_000_000_000_000_000n);
  });
  it("spot_traffic_decreases_between_idle_blocks, as arithmetic (mock config, empty queue, from 10.0)", () => {
    const t1 = ok(calc(10n * ONE, 100, 0, 25, 1));
    expect(t1).toBe(2_499_968_750_000_000_000n); // [derived]
    expect(t1 < 10n * ONE).toBe(true);
    expect(ok(calc(t1, 100, 0, 25, 1))).toBe(ONE);
  });
});

describe("derived vectors (reference A.11)", () => {
  const cases: Array<[string, bigint, number, number, number, number, bigint]> = [
    ["d_prod_half_full", ONE, 10_000, 5_000, 25, 3, 1_250_028_125_000_000_000n],
    ["d_prod_at_target", ONE, 10_000, 2_500, 25, 3, ONE],
    ["d_prod_full", ONE, 10_000, 10_000, 25, 3, 1_750_253_125_000_000_000n],
    ["d_prod_idle_from10", 10n * ONE, 10_000, 0, 25, 3, 2_499_718_750_000_000_000n],
    ["d_prod_below_from4", 4n * ONE, 10_000, 2_000, 25, 3, ONE],
    ["d_mock_half_full", ONE, 100, 50, 25, 1, 1_250_003_125_000_000_000n],
    ["d_mock_26pct", ONE, 100, 26, 25, 1, 1_010_000_005_000_000_000n],
    ["d_rounding_thirds", ONE, 3, 1, 30, 4, 1_033_334_222_222_222_221n],
    ["d_rounding_2thirds", ONE, 3, 2, 30, 4, 1_366_774_222_222_222_222n],
  ];
  for (const [id, traffic, capacity, size, target, variability, expected] of cases) {
    it(id, () => expect(ok(calc(traffic, capacity, size, target, variability))).toBe(expected));
  }
  it("prices: d_prod_half_full at base fee 10_000_000 is 12_500_281; d_mock_half_full at 10_000 is 12_500", () => {
    expect(spotPrice(1_250_028_125_000_000_000n, 10_000_000n)).toBe(12_500_281n);
    expect(spotPrice(1_250_003_125_000_000_000n, 10_000n)).toBe(12_500n);
  });
  it("d_price_floor: the price rounds down", () => {
    expect(spotPrice(ONE + 1n, 10n)).toBe(10n);
  });
  it("the ratio uses from_rational (nearest, ties down): 1/3 rounds down, 2/3 up", () => {
    expect(FixedU128.fromRational(1n, 3n)).toBe(333_333_333_333_333_333n);
    expect(FixedU128.fromRational(2n, 3n)).toBe(666_666_666_666_666_667n);
  });
  it("the linear term is the raw difference, not variability × difference (half-full mock queue: +25%)", () => {
    // with V·d as the doc comment says, the result would be 1.0025…, not 1.25…
    expect(ok(calc(ONE, 100, 50, 25, 1)) / 10_000_000_000_000_000n).toBe(125n);
  });
  it("the result never falls below TrafficDefaultValue", () => {
    expect(calculateSpotTraffic(ONE, 100, 0, pct(25), pct(1), 2n * ONE)).toEqual({ ok: 2n * ONE });
  });
});
