// TV51 of the broker reference: the pure functions of adapt_price.rs, core_mask.rs and types.rs,
// plus the legacy adapters and the codecs of masks and region ids.
import { FixedU64 } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import {
  CenterTargetPrice,
  KusamaLaunchPrice,
  LinearPrice,
  MinimumPrice,
  UnitPriceAdapter,
  kusamaLaunchAdaptFactor,
  linearAdaptFactor,
} from "./adapt-price.ts";
import { clearBit, complete, countOnes, fromBytes, fromChunk, isComplete, isVoid, not, setBit, toBytes, toHex, voidMask } from "./core-mask.ts";
import { binarySearchByCore } from "./dispatchables.ts";
import {
  CoreAssignment,
  CoreMaskCodec,
  RegionId,
  compareCoreAssignment,
  regionIdFromU128,
  regionIdToU128,
  type SalePerformance,
} from "./types.ts";
import { u64AccountOfPalletId } from "./utility.ts";

const fx = (n: bigint, d: bigint) => FixedU64.fromRational(n, d);
const perf = (sellout: bigint | undefined, end: bigint): SalePerformance => ({
  sellout_price: sellout,
  end_price: end,
  ideal_cores_sold: 0,
  cores_offered: 0,
  cores_sold: 0,
});

describe("CenterTargetPrice", () => {
  it("has the lead-in factors 100, 55, 10, 5.5, 1 at 0, 1/4, 1/2, 3/4, 1", () => {
    const f = CenterTargetPrice.leadinFactorAt;
    expect(f(0n)).toBe(FixedU64.fromInteger(100));
    expect(f(fx(1n, 4n))).toBe(FixedU64.fromInteger(55));
    expect(f(fx(1n, 2n))).toBe(FixedU64.fromInteger(10));
    expect(f(fx(3n, 4n))).toBe(fx(11n, 2n));
    expect(f(FixedU64.fromInteger(1))).toBe(FixedU64.fromInteger(1));
  });

  it("adapts prices as the reference vectors say", () => {
    const a = CenterTargetPrice.adaptPrice;
    expect(a(perf(undefined, 1n))).toEqual({ end_price: 1n, target_price: 10n });
    expect(a(perf(10000n, 100n))).toEqual({ end_price: 1000n, target_price: 10000n });
    expect(a(perf(100n, 100n))).toEqual({ end_price: 10n, target_price: 100n });
    expect(a(perf(undefined, 100n))).toEqual({ end_price: 100n, target_price: 1000n });
    expect(a(perf(1000n, 100n))).toEqual({ end_price: 100n, target_price: 1000n });
    // derived: the zero trap, and a tenth that rounds to zero keeps the sellout price
    expect(a(perf(0n, 10n))).toEqual({ end_price: 0n, target_price: 0n });
    expect(a(perf(9n, 5n))).toEqual({ end_price: 9n, target_price: 9n });
    expect(a(perf(19n, 5n))).toEqual({ end_price: 1n, target_price: 19n });
  });

  it("is stable when sales keep selling out at the same price, and never reaches 0 from 1", () => {
    let end = 100n;
    for (let i = 0; i < 10; i++) {
      const r = CenterTargetPrice.adaptPrice(perf(1000n, end));
      end = r.end_price;
      expect(end >= 99n && end <= 101n).toBe(true);
      expect(r.target_price >= 999n && r.target_price <= 1001n).toBe(true);
    }
    end = 1n;
    for (let i = 0; i < 11; i++) {
      end = CenterTargetPrice.adaptPrice(perf(1n, end)).end_price;
      expect(end > 0n && end <= 1n).toBe(true);
    }
  });
});

describe("MinimumPrice", () => {
  it("raises the end price to the minimum and the target to at least the end price", () => {
    expect(MinimumPrice(10n).adaptPrice(perf(10n, 10n))).toEqual({ end_price: 10n, target_price: 10n });
    expect(MinimumPrice(10n).adaptPrice(perf(12n, 10n))).toEqual({ end_price: 10n, target_price: 12n });
    expect(MinimumPrice(10n).leadinFactorAt(fx(1n, 4n))).toBe(FixedU64.fromInteger(55));
  });

  it("with a minimum of 0 equals CenterTargetPrice", () => {
    for (const [s, e] of [[100n, 10n], [undefined, 20n], [1000n, 10n], [10n, 10n], [1n, 1n], [0n, 10n]] as const)
      expect(MinimumPrice(0n).adaptPrice(perf(s, e))).toEqual(CenterTargetPrice.adaptPrice(perf(s, e)));
  });
});

describe("the () adapter", () => {
  it("has a flat lead-in and carries the sellout (or end) price forward", () => {
    expect(UnitPriceAdapter.leadinFactorAt(0n)).toBe(FixedU64.fromInteger(1));
    expect(UnitPriceAdapter.adaptPrice(perf(70n, 50n))).toEqual({ end_price: 70n, target_price: 70n });
    expect(UnitPriceAdapter.adaptPrice(perf(undefined, 50n))).toEqual({ end_price: 50n, target_price: 50n });
  });
});

describe("legacy adapters (before polkadot-sdk #4521)", () => {
  it("Kusama launch: lead-in 5 → 1, correction in [0.5, 1.2]", () => {
    expect(KusamaLaunchPrice.leadinFactorAt(0n)).toBe(FixedU64.fromInteger(5));
    expect(KusamaLaunchPrice.leadinFactorAt(fx(1n, 2n))).toBe(FixedU64.fromInteger(3));
    expect(KusamaLaunchPrice.leadinFactorAt(FixedU64.fromInteger(1))).toBe(FixedU64.fromInteger(1));
    expect(kusamaLaunchAdaptFactor(0, 3, 3)).toBe(fx(1n, 2n));
    expect(kusamaLaunchAdaptFactor(3, 3, 3)).toBe(FixedU64.fromInteger(1));
    expect(kusamaLaunchAdaptFactor(1, 3, 3)).toBe(fx(1n, 2n) + fx(1n, 6n)); // 0.5 + 1/6 (rounded to nearest)
    expect(kusamaLaunchAdaptFactor(5, 3, 5)).toBe(fx(6n, 5n));
    expect(kusamaLaunchAdaptFactor(4, 3, 5)).toBe(fx(11n, 10n));
  });

  it("SDK Linear: lead-in 2 → 1, correction in [0.5, 2]", () => {
    expect(LinearPrice.leadinFactorAt(0n)).toBe(FixedU64.fromInteger(2));
    expect(LinearPrice.leadinFactorAt(FixedU64.fromInteger(1))).toBe(FixedU64.fromInteger(1));
    expect(linearAdaptFactor(0, 4, 8)).toBe(fx(1n, 2n));
    expect(linearAdaptFactor(8, 4, 8)).toBe(FixedU64.fromInteger(2));
    expect(linearAdaptFactor(6, 4, 8)).toBe(fx(3n, 2n));
  });

  it("apply the old rotation rule: no offer keeps the price, a sellout scales the sellout price, otherwise the old price", () => {
    const p = (o: Partial<SalePerformance>): SalePerformance => ({ ...perf(undefined, 1000n), ...o });
    // nothing offered: unchanged
    expect(KusamaLaunchPrice.adaptPrice(p({ cores_offered: 0 }))).toEqual({ end_price: 1000n, target_price: 1000n });
    // sold all 3 of 3 (ideal 3) at a sellout price of 4000: 1.0 × 4000
    expect(KusamaLaunchPrice.adaptPrice(p({ cores_offered: 3, ideal_cores_sold: 3, cores_sold: 3, sellout_price: 4000n }))).toEqual({
      end_price: 4000n,
      target_price: 4000n,
    });
    // sold 1 of ideal 3: (0.5 + 1/6) × old price 1000
    expect(KusamaLaunchPrice.adaptPrice(p({ cores_offered: 3, ideal_cores_sold: 3, cores_sold: 1, sellout_price: 4000n })).end_price).toBe(666n);
    // sold ≥ ideal but no purchase at all (ideal 0): unchanged
    expect(KusamaLaunchPrice.adaptPrice(p({ cores_offered: 3, ideal_cores_sold: 0, cores_sold: 0 })).end_price).toBe(1000n);
  });
});

describe("CoreMask", () => {
  it("complete / void / from_chunk / bytes", () => {
    expect(isComplete(0xfffff_fffff_fffff_fffffn)).toBe(true);
    expect(isComplete(complete())).toBe(true);
    expect(isVoid(voidMask())).toBe(true);
    expect([...toBytes(0x12345_67890_abcde_f0123n)]).toEqual([0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef, 0x01, 0x23]);
    expect(fromBytes(Uint8Array.from([0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef, 0x01, 0x23]))).toBe(0x12345_67890_abcde_f0123n);
    expect(fromChunk(40, 60)).toBe(0x00000_00000_fffff_00000n);
    expect(fromChunk(0, 20)).toBe(0xfffff_00000_00000_00000n);
    expect(fromChunk(70, 200)).toBe(0x3ffn);
    expect(fromChunk(5, 5)).toBe(0n);
  });

  it("and / or / xor / not / count_ones", () => {
    expect(0x02040_a0c0e_d0a0b_0ffffn | 0x10305_0b0d0_0e0d0_e0000n).toBe(0x12345_abcde_deadb_effffn);
    expect(0x00000_abcde_deadb_efff0n & 0x02040_00000_d0a0b_0ff0fn).toBe(0x00000_00000_d0a0b_0ff00n);
    expect(0x10010_10010_10010_10010n ^ 0x01110_01110_01110_01110n).toBe(0x11100_11100_11100_11100n);
    expect(not(fromChunk(0, 30))).toBe(fromChunk(30, 80));
    expect(countOnes(complete())).toBe(80);
    expect(countOnes(fromChunk(0, 30))).toBe(30);
    expect(countOnes(fromChunk(17, 79))).toBe(62);
    expect(countOnes(0x12345_67890_abcde_f0123n)).toBe(0x12345_67890_abcde_f0123n.toString(2).replace(/0/g, "").length);
  });

  it("clearing any bit of complete is not complete; setting any bit of void is not void", () => {
    for (let i = 0; i < 80; i++) {
      expect(isComplete(clearBit(complete(), i))).toBe(false);
      expect(isVoid(setBit(voidMask(), i))).toBe(false);
      expect(setBit(voidMask(), i)).toBe(fromChunk(i, i + 1));
    }
  });

  it("parses and prints as 0x + 20 hex digits", () => {
    const ctx = { path: "mask" };
    expect(CoreMaskCodec.parse("0xfffff_fffff_00000_00000", ctx)).toBe(fromChunk(0, 40));
    expect(CoreMaskCodec.parse("0xFFFFFFFFFFFFFFFFFFFF", ctx)).toBe(complete());
    expect(CoreMaskCodec.toJson(fromChunk(0, 20))).toBe("0xfffff000000000000000");
    expect(toHex(0n)).toBe("0x00000000000000000000");
    expect(() => CoreMaskCodec.parse("0xfff", ctx)).toThrow(/mask: expected a CoreMask/);
    expect(() => CoreMaskCodec.parse(12, ctx)).toThrow(/CoreMask/);
  });
});

describe("RegionId", () => {
  it("converts to and from u128", () => {
    const r = { begin: 0x12345678, core: 0xabcd, mask: 0xdeadbeefcafef00d0123n };
    const u = 0x12345678_abcd_deadbeefcafef00d0123n;
    expect(regionIdToU128(r)).toBe(u);
    expect(regionIdFromU128(u)).toEqual(r);
  });

  it("parses scenario values and sorts keys by begin, then core, then mask", () => {
    const ctx = { path: "region" };
    const id = RegionId.parse({ begin: 4, core: 0, mask: "0xffffffffffffffffffff" }, ctx);
    expect(id).toEqual({ begin: 4, core: 0, mask: complete() });
    expect(RegionId.toJson(id)).toEqual({ begin: 4, core: 0, mask: "0xffffffffffffffffffff" });
    const k = (b: number, c: number, m: bigint) => RegionId.key({ begin: b, core: c, mask: m });
    expect([k(10, 0, 1n), k(4, 1, 1n), k(4, 0, 2n), k(4, 0, 1n)].sort()).toEqual([k(4, 0, 1n), k(4, 0, 2n), k(4, 1, 1n), k(10, 0, 1n)]);
  });
});

describe("CoreAssignment order", () => {
  it("is Idle < Pool < Task(a) < Task(b) for a < b", () => {
    const list: CoreAssignment[] = [{ type: "Task", value: 2 }, { type: "Pool" }, { type: "Task", value: 1 }, { type: "Idle" }];
    expect(list.sort(compareCoreAssignment)).toEqual([{ type: "Idle" }, { type: "Pool" }, { type: "Task", value: 1 }, { type: "Task", value: 2 }]);
    expect(CoreAssignment.parse({ Task: 1001 }, { path: "a" })).toEqual({ type: "Task", value: 1001 });
    expect(CoreAssignment.parse("Pool", { path: "a" })).toEqual({ type: "Pool" });
  });
});

describe("helpers", () => {
  it("binary search by core finds records and insertion points as Rust's std does", () => {
    const list = [0, 2, 5].map((core) => ({ core, task: core, next_renewal: 0 }));
    expect(binarySearchByCore(list, 2)).toEqual({ found: true, index: 1 });
    expect(binarySearchByCore(list, 3)).toEqual({ found: false, index: 2 });
    expect(binarySearchByCore(list, 9)).toEqual({ found: false, index: 3 });
    expect(binarySearchByCore([], 1)).toEqual({ found: false, index: 0 });
  });

  it("derives u64 pallet accounts as into_account_truncating does", () => {
    // "modlTsBr" read as a little-endian u64
    expect(u64AccountOfPalletId("TsBroker")).toBe("8233269875219656557");
  });
});
