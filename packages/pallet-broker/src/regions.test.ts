// End-to-end tests of regions: transfer, partition, interlace, assign (Final and Provisional),
// the renewal rights they create, drops, and the NFT functions (TV08, TV09, TV13–TV26, TV44 of
// the reference and the tests of polkadot-sdk broker tests.rs they come from).
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { C, Final, MAX, Mock, Provisional, rid, wholeCore } from "./__fixtures__/harness.ts";
import { fromChunk, not } from "./core-mask.ts";
import { nftAttribute, nftBurn, nftMintInto, nftOwner, nftSetAttribute, nftTransfer } from "./nonfungible.ts";
import { Broker } from "./pallet.ts";
import { TestCoretime } from "./testing.ts";
import { regionIdToU128 } from "./types.ts";
import type { BrokerContext } from "./utility.ts";

beforeAll(initCrypto);

const S = Broker.storage;

/** A runtime at block 2 with region {4, 0, C} bought by "1" for 100. */
function bought(): Mock {
  const m = new Mock({ endow: { "1": 1000n } });
  m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
  m.to(2);
  m.ok("1", "purchase", { price_limit: MAX });
  return m;
}

const asBroker = (ctx: unknown) => ctx as BrokerContext;

describe("regions", () => {
  it("TV13 transfer_works and ownership checks", () => {
    const m = bought();
    const r = rid(4, 0);
    m.err("2", "transfer", { region_id: r, new_owner: "2" }, "Broker.NotOwner");
    m.err("2", "partition", { region_id: r, pivot: 2 }, "Broker.NotOwner");
    m.err("2", "interlace", { region_id: r, pivot: fromChunk(0, 20) }, "Broker.NotOwner");
    m.ok("1", "transfer", { region_id: r, new_owner: "2" });
    expect(m.brokerEvents("Transferred")).toEqual([{ region_id: r, duration: 3, old_owner: "1", owner: "2" }]);
    m.err("1", "assign", { region_id: r, task: 1001, finality: Final }, "Broker.NotOwner");
    m.ok("2", "assign", { region_id: r, task: 1002, finality: Final });
  });

  it("TV13 the NFT transfer needs no owner check", () => {
    const m = bought();
    const item = regionIdToU128(rid(4, 0));
    m.write((ctx) => nftTransfer(asBroker(ctx), item, "2"));
    expect(m.read((ctx) => nftOwner(asBroker(ctx), item))).toBe("2");
    m.err("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final }, "Broker.NotOwner");
    m.ok("2", "assign", { region_id: rid(4, 0), task: 1002, finality: Final });
  });

  it("TV14 nft_metadata_works", () => {
    const m = bought();
    const attrs = (r: ReturnType<typeof rid>) =>
      m.read((ctx) => Object.fromEntries(["begin", "length", "end", "owner", "part", "core", "paid", "other"].map((k) => [k, nftAttribute(asBroker(ctx), regionIdToU128(r), k)])));
    expect(attrs(rid(4, 0))).toEqual({ begin: 4, length: 3, end: 7, owner: "1", part: C, core: 0, paid: 100n, other: undefined });
    m.ok("1", "transfer", { region_id: rid(4, 0), new_owner: "42" });
    m.ok("42", "partition", { region_id: rid(4, 0), pivot: 2 });
    expect(m.brokerEvents("Partitioned")).toEqual([{ old_region_id: rid(4, 0), new_region_ids: [rid(4, 0), rid(6, 0)] }]);
    m.ok("42", "interlace", { region_id: rid(6, 0), pivot: 0x00000_fffff_fffff_00000n });
    expect(m.brokerEvents("Interlaced")).toEqual([
      { old_region_id: rid(6, 0), new_region_ids: [rid(6, 0, 0x00000_fffff_fffff_00000n), rid(6, 0, 0xfffff_00000_00000_fffffn)] },
    ]);
    expect(attrs(rid(6, 0, 0x00000_fffff_fffff_00000n))).toEqual({ begin: 6, length: 1, end: 7, owner: "42", part: 0x00000_fffff_fffff_00000n, core: 0, paid: null, other: undefined });
    expect(m.read((ctx) => nftAttribute(asBroker(ctx), regionIdToU128(rid(6, 0)), "begin"))).toBeUndefined();
  });

  it("TV15 mutate_operations_work: burn and mint_into for reserve transfers", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    const item0 = regionIdToU128(rid(0, 0));
    expect(() => m.write((ctx) => nftMintInto(asBroker(ctx), item0, "2"))).toThrow();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    const item = regionIdToU128(rid(4, 0));
    const errorOf = (f: (ctx: BrokerContext) => void) => {
      try {
        m.write((ctx) => f(asBroker(ctx)));
        return "ok";
      } catch (e) {
        return (e as { error: { type: string; value: { type: string; value?: { type: string } } } }).error;
      }
    };
    expect(errorOf((ctx) => nftMintInto(ctx, item, "2"))).toEqual(Broker.err("NotAllowed"));
    expect(errorOf((ctx) => nftBurn(ctx, item, "2"))).toEqual(Broker.err("NotOwner"));
    expect(errorOf((ctx) => nftBurn(ctx, item, "1"))).toBe("ok");
    expect(m.read((ctx) => S.Regions.get(ctx, rid(4, 0))?.owner)).toBeUndefined();
    expect(errorOf((ctx) => nftMintInto(ctx, item, "2"))).toBe("ok");
    expect(m.read((ctx) => S.Regions.get(ctx, rid(4, 0)))).toEqual({ end: 7, owner: "2", paid: 100n });
    expect(errorOf((ctx) => nftSetAttribute(ctx, item, new Uint8Array(), new Uint8Array()))).toEqual({ type: "Token", value: { type: "Unsupported" } });
  });

  it("TV15 variants: burning and re-minting a partitioned or interlaced piece restores its record", () => {
    for (const split of ["partition", "interlace"] as const) {
      const m = bought();
      if (split === "partition") m.ok("1", "partition", { region_id: rid(4, 0), pivot: 2 });
      else m.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 40) });
      const r1 = split === "partition" ? rid(4, 0) : rid(4, 0, fromChunk(0, 40));
      const before = m.read((ctx) => S.Regions.get(ctx, r1));
      m.write((ctx) => nftBurn(asBroker(ctx), regionIdToU128(r1), "1"));
      m.write((ctx) => nftMintInto(asBroker(ctx), regionIdToU128(r1), "1"));
      expect(m.read((ctx) => S.Regions.get(ctx, r1))).toEqual(before);
    }
  });

  it("TV16 permanent_is_not_reassignable", () => {
    const m = bought();
    const r = rid(4, 0);
    m.ok("1", "assign", { region_id: r, task: 1001, finality: Final });
    m.err("1", "assign", { region_id: r, task: 1002, finality: Final }, "Broker.UnknownRegion");
    m.err("1", "pool", { region_id: r, payee: "1002", finality: Final }, "Broker.UnknownRegion");
    m.err("1", "partition", { region_id: r, pivot: 1 }, "Broker.UnknownRegion");
    m.err("1", "interlace", { region_id: r, pivot: fromChunk(0, 40) }, "Broker.UnknownRegion");
  });

  it("TV17 provisional_is_reassignable: the relay sees only the last dispatch of each part", () => {
    const m = bought();
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
    m.ok("1", "partition", { region_id: rid(4, 0), pivot: 1 });
    m.ok("1", "interlace", { region_id: rid(5, 0), pivot: fromChunk(0, 40) });
    expect(m.brokerEvents("Interlaced").at(-1)).toEqual({
      old_region_id: rid(5, 0),
      new_region_ids: [rid(5, 0, 0xfffff_fffff_00000_00000n), rid(5, 0, 0x00000_00000_fffff_fffffn)],
    });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "1", finality: Provisional });
    m.ok("1", "assign", { region_id: rid(5, 0, 0xfffff_fffff_00000_00000n), task: 1002, finality: Provisional });
    m.ok("1", "assign", { region_id: rid(5, 0, 0x00000_00000_fffff_fffffn), task: 1003, finality: Provisional });
    m.to(8);
    expect(m.trace()).toEqual([
      [6, 0, 8, [["Pool", 57600]]],
      [8, 0, 10, [[1002, 28800], [1003, 28800]]],
    ]);
    expect(m.read((ctx) => TestTrace(ctx))).toEqual([
      [0, { block: 6, core: 0, begin: 8, assignment: [[{ type: "Pool" }, 57600]], end_hint: undefined }],
      [1, { block: 8, core: 0, begin: 10, assignment: [[{ type: "Task", value: 1002 }, 28800], [{ type: "Task", value: 1003 }, 28800]], end_hint: undefined }],
    ]);
  });

  it("TV18 partition_works: partitioned regions reach the relay one timeslice each and are not renewable", () => {
    const m = bought();
    m.ok("1", "partition", { region_id: rid(4, 0), pivot: 1 });
    m.ok("1", "partition", { region_id: rid(5, 0), pivot: 1 });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.ok("1", "assign", { region_id: rid(5, 0), task: 1002, finality: Final });
    m.ok("1", "assign", { region_id: rid(6, 0), task: 1003, finality: Final });
    m.to(10);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1001, 57600]]],
      [8, 0, 10, [[1002, 57600]]],
      [10, 0, 12, [[1003, 57600]]],
    ]);
    expect(m.read((ctx) => S.PotentialRenewals.entries(ctx))).toEqual([]);
  });

  it("TV19 interlace_works: the union of Final assignments becomes renewable on the last one", () => {
    const m = bought();
    m.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 30) });
    const first = rid(4, 0, 0xfffff_ffc00_00000_00000n);
    m.ok("1", "interlace", { region_id: rid(4, 0, 0x00000_003ff_fffff_fffffn), pivot: fromChunk(30, 60) });
    const second = rid(4, 0, 0x00000_003ff_fffff_00000n);
    const third = rid(4, 0, 0x00000_00000_00000_fffffn);
    m.ok("1", "assign", { region_id: first, task: 1001, finality: Final });
    m.ok("1", "assign", { region_id: second, task: 1002, finality: Final });
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toEqual({ price: 100n, completion: { type: "Partial", value: fromChunk(0, 60) } });
    expect(m.brokerEvents("Renewable")).toEqual([]);
    m.ok("1", "assign", { region_id: third, task: 1003, finality: Final });
    const workload = [
      { mask: first.mask, assignment: { type: "Task", value: 1001 } },
      { mask: second.mask, assignment: { type: "Task", value: 1002 } },
      { mask: third.mask, assignment: { type: "Task", value: 1003 } },
    ];
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toEqual({ price: 100n, completion: { type: "Complete", value: workload } });
    expect(m.brokerEvents("Renewable")).toEqual([{ core: 0, price: 100n, begin: 7, workload }]);
    m.to(10);
    expect(m.trace()).toEqual([[6, 0, 8, [[1001, 21600], [1002, 21600], [1003, 14400]]]]);
  });

  it("TV20 cant_assign_unowned_region", () => {
    const m = bought();
    m.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 30) });
    const r1 = rid(4, 0, fromChunk(0, 30));
    const r2 = rid(4, 0, fromChunk(30, 80));
    m.ok("1", "transfer", { region_id: r2, new_owner: "2" });
    m.err("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final }, "Broker.UnknownRegion");
    m.ok("1", "assign", { region_id: r1, task: 1001, finality: Final });
    m.ok("2", "assign", { region_id: r2, task: 1002, finality: Final });
    m.to(10);
    expect(m.trace()).toEqual([[6, 0, 8, [[1001, 21600], [1002, 36000]]]]);
  });

  it("interlace_then_partition_works and partition_then_interlace_works: the workload carries over between timeslices", () => {
    const m = bought();
    m.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 20) });
    const a = fromChunk(0, 20);
    const b = not(a);
    m.ok("1", "partition", { region_id: rid(4, 0, a), pivot: 1 });
    m.ok("1", "partition", { region_id: rid(4, 0, b), pivot: 2 });
    m.ok("1", "assign", { region_id: rid(4, 0, a), task: 1001, finality: Final });
    m.ok("1", "assign", { region_id: rid(4, 0, b), task: 1002, finality: Final });
    m.ok("1", "assign", { region_id: rid(5, 0, a), task: 1003, finality: Final });
    m.ok("1", "assign", { region_id: rid(6, 0, b), task: 1004, finality: Final });
    m.to(10);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1001, 14400], [1002, 43200]]],
      [8, 0, 10, [[1002, 43200], [1003, 14400]]],
      [10, 0, 12, [[1003, 14400], [1004, 43200]]],
    ]);

    const n = bought();
    n.ok("1", "partition", { region_id: rid(4, 0), pivot: 1 });
    n.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 20) });
    n.ok("1", "interlace", { region_id: rid(5, 0), pivot: fromChunk(0, 30) });
    n.ok("1", "assign", { region_id: rid(4, 0, fromChunk(0, 20)), task: 1001, finality: Final });
    n.ok("1", "assign", { region_id: rid(5, 0, fromChunk(0, 30)), task: 1002, finality: Final });
    n.ok("1", "assign", { region_id: rid(4, 0, fromChunk(20, 80)), task: 1003, finality: Final });
    n.ok("1", "assign", { region_id: rid(5, 0, fromChunk(30, 80)), task: 1004, finality: Final });
    n.to(10);
    expect(n.trace()).toEqual([
      [6, 0, 8, [[1001, 14400], [1003, 43200]]],
      [8, 0, 10, [[1002, 21600], [1004, 36000]]],
    ]);
  });

  it("TV23 partitioning_after_assignment_works and TV24 interlacing_after_assignment_works", () => {
    const m = bought();
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
    m.ok("1", "partition", { region_id: rid(4, 0), pivot: 2 });
    m.ok("1", "assign", { region_id: rid(6, 0), task: 1002, finality: Provisional });
    m.to(10);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1001, 57600]]],
      [10, 0, 12, [[1002, 57600]]],
    ]);

    const n = bought();
    n.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
    n.ok("1", "interlace", { region_id: rid(4, 0), pivot: fromChunk(0, 40) });
    n.ok("1", "assign", { region_id: rid(4, 0, fromChunk(0, 40)), task: 1002, finality: Provisional });
    n.to(10);
    expect(n.trace()).toEqual([[6, 0, 8, [["Idle", 28800], [1002, 28800]]]]);
  });

  it("TV25 invalid pivots and unknown regions", () => {
    const m = bought();
    const r = rid(4, 0);
    m.err("1", "partition", { region_id: r, pivot: 0 }, "Broker.PivotTooEarly");
    m.err("1", "partition", { region_id: r, pivot: 5 }, "Broker.PivotTooLate");
    m.err("1", "partition", { region_id: r, pivot: 3 }, "Broker.PivotTooLate");
    m.ok("1", "interlace", { region_id: r, pivot: fromChunk(0, 20) });
    const r1 = rid(4, 0, fromChunk(0, 20));
    m.err("1", "interlace", { region_id: r1, pivot: fromChunk(20, 40) }, "Broker.ExteriorPivot");
    m.err("1", "interlace", { region_id: r1, pivot: 0n }, "Broker.VoidPivot");
    m.err("1", "interlace", { region_id: r1, pivot: fromChunk(0, 20) }, "Broker.CompletePivot");
    m.err("1", "transfer", { region_id: rid(0, 0), new_owner: "2" }, "Broker.UnknownRegion");
    m.err("1", "partition", { region_id: rid(0, 0), pivot: 2 }, "Broker.UnknownRegion");
    m.err("1", "interlace", { region_id: rid(0, 0), pivot: fromChunk(0, 20) }, "Broker.UnknownRegion");
  });

  it("TV26 assign_should_drop_invalid_region / pool_should_drop_invalid_region", () => {
    for (const how of ["assign", "pool"] as const) {
      const m = bought();
      m.to(10);
      if (how === "assign") m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
      else m.ok("1", "pool", { region_id: rid(4, 0), payee: "1001", finality: Provisional });
      expect(m.lastBrokerEvent()).toEqual({ name: "RegionDropped", fields: { region_id: rid(7, 0), duration: 3 } });
      expect(m.read((ctx) => S.Regions.entries(ctx))).toEqual([]);
    }
  });

  it("a region under way starts at the next uncommitted timeslice when assigned", () => {
    const m = bought();
    m.to(8); // last committed 5
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    expect(m.brokerEvents("Assigned")).toEqual([{ region_id: rid(6, 0), duration: 1, task: 1001 }]);
    // duration 1 ≠ region_length: no renewal right
    expect(m.read((ctx) => S.PotentialRenewals.entries(ctx))).toEqual([]);
    m.to(10);
    expect(m.trace()).toEqual([[10, 0, 12, [[1001, 57600]]]]);
  });
});

describe("drops", () => {
  it("TV08 drop_region_works", () => {
    const m = bought();
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
    m.to(11);
    m.err("1", "drop_region", { region_id: rid(4, 0) }, "Broker.StillValid");
    m.to(12);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1001, 57600]]],
      [12, 0, 14, [["Pool", 57600]]],
    ]);
    expect(m.read((ctx) => S.Regions.count(ctx))).toBe(1);
    m.ok("2", "drop_region", { region_id: rid(4, 0) });
    expect(m.lastBrokerEvent()).toEqual({ name: "RegionDropped", fields: { region_id: rid(4, 0), duration: 3 } });
    expect(m.read((ctx) => S.Regions.count(ctx))).toBe(0);
    m.err("1", "drop_region", { region_id: rid(4, 0) }, "Broker.UnknownRegion");
  });

  it("TV09 drop_renewal_works", () => {
    const m = bought();
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.to(11);
    m.err("1", "drop_renewal", { core: 0, when: 7 }, "Broker.StillValid");
    m.to(12);
    expect(m.read((ctx) => S.PotentialRenewals.count(ctx))).toBe(1);
    m.ok("1", "drop_renewal", { core: 0, when: 7 });
    expect(m.lastBrokerEvent()).toEqual({ name: "PotentialRenewalDropped", fields: { when: 7, core: 0 } });
    expect(m.read((ctx) => S.PotentialRenewals.count(ctx))).toBe(0);
    m.err("1", "drop_renewal", { core: 0, when: 7 }, "Broker.UnknownRenewal");
  });

  it("TV44 remove_assignment_works: the whole workplan entry goes", () => {
    const m = bought();
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    expect(m.read((ctx) => S.Workplan.get(ctx, [4, 0]))).toEqual(wholeCore(1001));
    m.err("2", "remove_assignment", { region_id: rid(4, 0) }, "BadOrigin");
    m.ok("root", "remove_assignment", { region_id: rid(4, 0) });
    expect(m.read((ctx) => S.Workplan.get(ctx, [4, 0]))).toBeUndefined();
    expect(m.lastBrokerEvent()).toEqual({ name: "AssignmentRemoved", fields: { region_id: rid(4, 0) } });
    m.err("root", "remove_assignment", { region_id: rid(4, 0) }, "Broker.AssignmentNotFound");
  });
});

/** The stored trace: `[sequence number, item]` entries, by sequence number (the map iterates by Twox64Concat key: 1 before 0). */
function TestTrace(ctx: Parameters<Parameters<Mock["read"]>[0]>[0]): unknown {
  return TestCoretime.storage.Trace.entries(ctx).sort((a, b) => a[0] - b[0]);
}
