/**
 * SCALE layouts of pallet-broker's types and its storage hashers, checked against bytes worked out
 * by hand from polkadot-sdk `substrate/frame/broker/src/types.rs`, `core_mask.rs` and `lib.rs`
 * (snapshot 92b7dd505d, the version the coretime-polkadot 1003000 runtime carries): field order,
 * integer widths, `CoreMask` as its 10 bytes, enum indices, and every map's hasher. Round trips of
 * every type with fast-check.
 */
import { decodeScale, decodeStorageKey, devAccount, encodeScaleHex, storageKey, storagePrefix, type Codec, type StorageHasher } from "@corelab/frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromChunk } from "./core-mask.ts";
import { Broker } from "./pallet.ts";
import {
  AutoRenewalRecord,
  CompletionStatus,
  ConfigRecord,
  ContributionRecord,
  CoreAssignment,
  CoreMaskCodec,
  Finality,
  InstaPoolHistoryRecord,
  LeaseRecordItem,
  OnDemandRevenueRecord,
  PoolIoRecord,
  PotentialRenewalId,
  PotentialRenewalRecord,
  RegionId,
  RegionRecord,
  Schedule,
  ScheduleItem,
  SaleInfoRecord,
  StatusRecord,
  type CompletionStatus as CompletionStatusT,
  type ScheduleItem as ScheduleItemT,
} from "./types.ts";

const ALICE = devAccount("alice");
const ALICE_BYTES = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const le = (n: bigint, bytes: number): string => {
  let out = "";
  for (let i = 0; i < bytes; i++) out += ((n >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0");
  return out;
};
const u32 = (n: number): string => le(BigInt(n), 4);
const u16 = (n: number): string => le(BigInt(n), 2);
const u128 = (n: bigint): string => le(n, 16);

function vector<T>(codec: Codec<T>, value: T, expected: string): void {
  expect(encodeScaleHex(codec, value)).toBe(expected);
  expect(decodeScale(codec, expected)).toEqual(value);
}

describe("pallet-broker types as SCALE", () => {
  it("CoreMask: the 10 bytes, bit 0 the top bit of byte 0", () => {
    vector(CoreMaskCodec, fromChunk(0, 20), "0xfffff000000000000000");
    vector(CoreMaskCodec, fromChunk(40, 60), "0x0000000000fffff00000");
    vector(CoreMaskCodec, 1n, "0x00000000000000000001");
    expect(() => decodeScale(CoreMaskCodec, "0xffff")).toThrow("CoreMask");
  });

  it("RegionId { begin: u32, core: u16, mask: CoreMask } (the reference's test vector)", () => {
    vector(RegionId, { begin: 0x12345678, core: 0xabcd, mask: 0xdeadbeefcafef00d0123n }, "0x78563412cdabdeadbeefcafef00d0123");
  });

  it("enums: CoreAssignment Idle/Pool/Task, Finality, CompletionStatus", () => {
    vector(CoreAssignment, { type: "Idle" }, "0x00");
    vector(CoreAssignment, { type: "Pool" }, "0x01");
    vector(CoreAssignment, { type: "Task", value: 1001 }, "0x02e9030000");
    vector(Finality, { type: "Provisional" }, "0x00");
    vector(Finality, { type: "Final" }, "0x01");
    vector(CompletionStatus, { type: "Partial", value: fromChunk(0, 40) }, "0x00ffffffffff0000000000");
    const item: ScheduleItemT = { mask: fromChunk(0, 80), assignment: { type: "Task", value: 2000 } };
    vector(CompletionStatus, { type: "Complete", value: [item] }, `0x0104${"ff".repeat(10)}02${u32(2000)}`);
  });

  it("Schedule: a BoundedVec of at most 80 ScheduleItem { mask, assignment }", () => {
    vector(ScheduleItem, { mask: fromChunk(0, 40), assignment: { type: "Pool" } }, "0xffffffffff000000000001");
    vector(Schedule, [], "0x00");
    const full: ScheduleItemT[] = Array.from({ length: 80 }, () => ({ mask: 0n, assignment: { type: "Idle" } }));
    expect(encodeScaleHex(Schedule, full).slice(0, 6)).toBe("0x4101"); // Compact(80)
    const tooLong = `0x4501${"00".repeat(11 * 81)}`; // Compact(81)
    expect(() => decodeScale(Schedule, tooLong)).toThrow("more than the bound 80");
  });

  it("SaleInfoRecord: fields in declaration order, balances u128, Option<Balance>", () => {
    const sale = {
      sale_start: 100,
      leadin_length: 50,
      end_price: 10_000_000_000n,
      region_begin: 4,
      region_end: 7,
      ideal_cores_sold: 1,
      cores_offered: 2,
      first_core: 3,
      sellout_price: 5n,
      cores_sold: 0,
    };
    vector(
      SaleInfoRecord,
      sale,
      `0x${u32(100)}${u32(50)}${u128(10_000_000_000n)}${u32(4)}${u32(7)}${u16(1)}${u16(2)}${u16(3)}01${u128(5n)}${u16(0)}`,
    );
    expect(encodeScaleHex(SaleInfoRecord, sale)).toBe(
      "0x" + "64000000" + "32000000" + "00e40b54020000000000000000000000" + "04000000" + "07000000" + "0100" + "0200" + "0300" + "01" + "05000000000000000000000000000000" + "0000",
    );
    vector(SaleInfoRecord, { ...sale, sellout_price: undefined }, `0x${u32(100)}${u32(50)}${u128(10_000_000_000n)}${u32(4)}${u32(7)}${u16(1)}${u16(2)}${u16(3)}00${u16(0)}`);
  });

  it("ConfigRecord: Perbill as u32, Option<CoreIndex>", () => {
    const config = {
      advance_notice: 2,
      interlude_length: 1,
      leadin_length: 1,
      region_length: 3,
      ideal_bulk_proportion: 0,
      limit_cores_offered: 10,
      renewal_bump: 100_000_000,
      contribution_timeout: 5,
    };
    vector(ConfigRecord, config, `0x${u32(2)}${u32(1)}${u32(1)}${u32(3)}${u32(0)}01${u16(10)}${u32(100_000_000)}${u32(5)}`);
  });

  it("records with accounts and signed counts", () => {
    vector(RegionRecord, { end: 7, owner: ALICE, paid: 5n }, `0x${u32(7)}01${ALICE_BYTES}01${u128(5n)}`);
    vector(RegionRecord, { end: 7, owner: undefined, paid: undefined }, `0x${u32(7)}0000`);
    vector(ContributionRecord, { length: 3, payee: ALICE }, `0x${u32(3)}${ALICE_BYTES}`);
    vector(PoolIoRecord, { private: -1, system: 2 }, `0xffffffff${u32(2)}`);
    vector(InstaPoolHistoryRecord, { private_contributions: 80, system_contributions: 0, maybe_payout: undefined }, `0x${u32(80)}${u32(0)}00`);
    vector(StatusRecord, { core_count: 2, private_pool_size: 0, system_pool_size: 80, last_committed_timeslice: 6, last_timeslice: 5 }, `0x${u16(2)}${u32(0)}${u32(80)}${u32(6)}${u32(5)}`);
    vector(PotentialRenewalId, { core: 1, when: 20 }, `0x${u16(1)}${u32(20)}`);
    vector(PotentialRenewalRecord, { price: 1n, completion: { type: "Partial", value: 0n } }, `0x${u128(1n)}00${"00".repeat(10)}`);
    vector(LeaseRecordItem, { until: 9, task: 2000 }, `0x${u32(9)}${u32(2000)}`);
    vector(AutoRenewalRecord, { core: 1, task: 2000, next_renewal: 9 }, `0x${u16(1)}${u32(2000)}${u32(9)}`);
    vector(OnDemandRevenueRecord, { until: 1000, amount: 7n }, `0x${u32(1000)}${u128(7n)}`);
  });
});

describe("Broker storage hashers, as lib.rs declares them", () => {
  const expected: Record<string, StorageHasher> = {
    PotentialRenewals: "Twox64Concat",
    Regions: "Blake2_128Concat",
    Workplan: "Twox64Concat",
    Workload: "Twox64Concat",
    InstaPoolContribution: "Blake2_128Concat",
    InstaPoolIo: "Blake2_128Concat",
    InstaPoolHistory: "Blake2_128Concat",
  };

  it("every map declares the Rust pallet's hasher", () => {
    const maps = Object.entries(Broker.storage).filter(([, s]) => s.kind === "map");
    expect(maps.map(([n]) => n).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, item] of maps) {
      if (item.kind !== "map") continue;
      expect(item.hasherDeclared, name).toBe(true);
      expect(item.hashers, name).toEqual([expected[name]]);
    }
  });

  it("a Regions key: prefix, blake2_128 of the RegionId, the RegionId; it decodes back", () => {
    const id = { begin: 0x12345678, core: 0xabcd, mask: 0xdeadbeefcafef00d0123n };
    const key = storageKey(Broker.storage.Regions, id);
    expect(Buffer.from(key.slice(0, 32))).toEqual(Buffer.from(storagePrefix("Broker", "Regions")));
    expect(Buffer.from(key.slice(48)).toString("hex")).toBe("78563412cdabdeadbeefcafef00d0123");
    expect(decodeStorageKey(Broker.storage.Regions, key)).toEqual(id);
  });

  it("a Workplan key: Twox64Concat of the (Timeslice, CoreIndex) tuple as one key", () => {
    const key = storageKey(Broker.storage.Workplan, [12, 3]);
    expect(key).toHaveLength(32 + 8 + 6);
    expect(Buffer.from(key.slice(40)).toString("hex")).toBe(`${u32(12)}${u16(3)}`);
    expect(decodeStorageKey(Broker.storage.Workplan, key)).toEqual([12, 3]);
  });
});

// ------------------------------------------------------------------------------------------------
// round trips

const mask = fc.bigInt({ min: 0n, max: (1n << 80n) - 1n });
const ts = fc.integer({ min: 0, max: 0xffff_ffff });
const core = fc.integer({ min: 0, max: 0xffff });
const balance = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const account = fc.constantFrom(ALICE, devAccount("bob"), devAccount("dave"));
const assignment = fc.oneof(fc.constant({ type: "Idle" as const }), fc.constant({ type: "Pool" as const }), ts.map((value) => ({ type: "Task" as const, value })));
const scheduleItem = fc.record({ mask, assignment });
const schedule = fc.array(scheduleItem, { maxLength: 80 });
const completion: fc.Arbitrary<CompletionStatusT> = fc.oneof(
  mask.map((value) => ({ type: "Partial" as const, value })),
  schedule.map((value) => ({ type: "Complete" as const, value })),
);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const cases: Array<[Codec<any>, fc.Arbitrary<unknown>]> = [
  [CoreMaskCodec, mask],
  [RegionId, fc.record({ begin: ts, core, mask })],
  [RegionRecord, fc.record({ end: ts, owner: opt(account), paid: opt(balance) })],
  [CoreAssignment, assignment],
  [ScheduleItem, scheduleItem],
  [Schedule, schedule],
  [CompletionStatus, completion],
  [PotentialRenewalRecord, fc.record({ price: balance, completion })],
  [ContributionRecord, fc.record({ length: ts, payee: account })],
  [InstaPoolHistoryRecord, fc.record({ private_contributions: ts, system_contributions: ts, maybe_payout: opt(balance) })],
  [PoolIoRecord, fc.record({ private: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), system: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) })],
  [StatusRecord, fc.record({ core_count: core, private_pool_size: ts, system_pool_size: ts, last_committed_timeslice: ts, last_timeslice: ts })],
  [
    SaleInfoRecord,
    fc.record({
      sale_start: ts,
      leadin_length: ts,
      end_price: balance,
      region_begin: ts,
      region_end: ts,
      ideal_cores_sold: core,
      cores_offered: core,
      first_core: core,
      sellout_price: opt(balance),
      cores_sold: core,
    }),
  ],
  [
    ConfigRecord,
    fc.record({
      advance_notice: ts,
      interlude_length: ts,
      leadin_length: ts,
      region_length: ts,
      ideal_bulk_proportion: fc.integer({ min: 0, max: 1_000_000_000 }),
      limit_cores_offered: opt(core),
      renewal_bump: fc.integer({ min: 0, max: 1_000_000_000 }),
      contribution_timeout: ts,
    }),
  ],
  [OnDemandRevenueRecord, fc.record({ until: ts, amount: balance })],
];

describe("round trips", () => {
  for (const [codec, arb] of cases) {
    it(`${codec.name}`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const bytes = encodeScaleHex(codec, v);
          expect(decodeScale(codec, bytes)).toEqual(v);
        }),
        { numRuns: 100, seed: 11 },
      );
    });
  }
});
