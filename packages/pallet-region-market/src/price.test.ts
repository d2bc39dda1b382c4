// The price rule (`calculate_region_price`): timeslice_price × (end − begin) before the region
// begins, timeslice_price × (end − now) after, saturating. The vectors of RegionX's
// `calculate_region_price_works` (TimeslicePeriod 80, region 0..8, 10 a timeslice), re-derived, and
// a region at the real chains' scale.
import { U128_MAX } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import { regionPrice } from "./dispatchables.ts";

const PERIOD = 80; // relay blocks per timeslice, RegionX's mock and the real chains
const ts = (relayBlock: number) => Math.floor(relayBlock / PERIOD);

describe("regionPrice", () => {
  it("RegionX calculate_region_price_works: 8 × 10 until a timeslice passes, then 10 less each timeslice, 0 at the end", () => {
    const at = (relayBlock: number) => regionPrice(0, 8, ts(relayBlock), 10n);
    expect(at(0)).toBe(8n * 10n);
    expect(at(79)).toBe(8n * 10n); // still timeslice 0
    expect(at(80)).toBe(7n * 10n); // timeslice 1: 7 remain
    expect(at(8 * 80)).toBe(0n); // the end: nothing remains
    expect(at(20 * 80)).toBe(0n); // past it: saturates at 0
  });

  it("is the whole duration before the region begins, whatever the time", () => {
    for (const now of [0, 1, 99]) expect(regionPrice(100, 103, now, 7n)).toBe(21n);
    expect(regionPrice(100, 103, 100, 7n)).toBe(21n); // at begin, all three remain
    expect(regionPrice(100, 103, 101, 7n)).toBe(14n);
    expect(regionPrice(100, 103, 102, 7n)).toBe(7n);
  });

  it("never rises as time passes, and falls by the timeslice price each timeslice once begun", () => {
    const begin = 10;
    const end = 40;
    const p = 3n;
    let last = regionPrice(begin, end, 0, p);
    for (let now = 1; now <= end + 5; now++) {
      const price = regionPrice(begin, end, now, p);
      expect(price <= last).toBe(true);
      if (now > begin && now <= end) expect(last - price).toBe(p);
      last = price;
    }
  });

  it("saturates at u128::MAX (saturating_mul)", () => {
    expect(regionPrice(0, 5, 0, U128_MAX)).toBe(U128_MAX);
    expect(regionPrice(0, 5, 0, U128_MAX / 5n)).toBe((U128_MAX / 5n) * 5n);
    expect(regionPrice(5, 3, 0, 10n)).toBe(0n); // end before begin: saturating_sub → 0
  });

  it("at the real scale: a 28-day Polkadot region (5040 timeslices) listed so that it sells whole for ~2000 DOT", () => {
    const DOT = 10n ** 10n;
    const length = 5040; // region_length of the Polkadot sales (timeslices of 80 relay blocks, 8 h)
    const begin = 287_565; // Polkadot sale 1's region_begin (real-coretime-data.yaml)
    const price = (2000n * DOT) / BigInt(length); // planck per timeslice, rounded down
    expect(price).toBe(3_968_253_968n);
    const whole = regionPrice(begin, begin + length, begin - 1, price);
    expect(whole).toBe(price * 5040n);
    expect(2000n * DOT - whole).toBeLessThan(5040n); // short of 2000 DOT by the rounding only
    // half-way through (2520 timeslices = 14 days left), half the price
    expect(regionPrice(begin, begin + length, begin + 2520, price)).toBe(whole / 2n);
  });
});
