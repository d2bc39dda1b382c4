// End-to-end tests of the instantaneous pool: pool sizes, revenue intake from the mock relay,
// claims and their quirks, un-pooling, drops (TV10, TV12, TV27, TV32 of the reference and the
// instapool tests of polkadot-sdk broker tests.rs).
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Final, MAX, Mock, Provisional, poolCore, rid } from "./__fixtures__/harness.ts";
import { fromChunk } from "./core-mask.ts";
import { Broker } from "./pallet.ts";
import { TestCoretime } from "./testing.ts";
import { currentTimeslice, forceUnpoolRegion } from "./utility.ts";

beforeAll(initCrypto);

const S = Broker.storage;

describe("instantaneous pool", () => {
  it("TV27 instapool_payouts_work: system share to OnRevenue, private share claimable, the break quirk leaves a contribution", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "reserve", { workload: poolCore() });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 2 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    expect(m.revenue()).toBe(100n);
    m.ok("1", "pool", { region_id: rid(4, 1), payee: "2", finality: Final });
    m.ok("1", "purchase_credit", { amount: 20n, beneficiary: "1" });
    expect(m.pot()).toBe(0n);
    expect(m.revenue()).toBe(100n);
    m.to(8);
    expect(m.relay("spend_instantaneous", { who: "1", price: 10n })).toEqual({ ok: true });
    m.to(11);
    expect(m.read((ctx) => S.InstaPoolHistory.get(ctx, 4))).toEqual({ private_contributions: 80, system_contributions: 160, maybe_payout: 4n });
    expect(m.brokerEvents("ClaimsReady")).toEqual([{ when: 4, system_payout: 6n, private_payout: 4n }]);
    expect(m.pot()).toBe(4n);
    expect(m.revenue()).toBe(106n);
    m.err("1", "claim_revenue", { region_id: rid(4, 1), max_timeslices: 0 }, "Broker.NoClaimTimeslices");
    m.ok("3", "claim_revenue", { region_id: rid(4, 1), max_timeslices: 100 });
    expect(m.pot()).toBe(0n);
    expect(m.revenue()).toBe(106n);
    expect(m.balance("2")).toBe(4n);
    expect(m.brokerEvents("RevenueClaimBegun")).toEqual([{ region: rid(4, 1), max_timeslices: 100 }]);
    expect(m.brokerEvents("RevenueClaimItem")).toEqual([{ when: 4, amount: 4n }]);
    expect(m.brokerEvents("RevenueClaimPaid")).toEqual([{ who: "2", amount: 4n, next: undefined }]);
    // timeslice 5 was consumed by the `break` (its revenue was not known yet)
    expect(m.read((ctx) => S.InstaPoolContribution.entries(ctx))).toEqual([[rid(6, 1), { length: 1, payee: "2" }]]);
  });

  it("instapool_partial_core_payouts_work: interlaced pieces are paid pro rata", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "reserve", { workload: poolCore() });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "interlace", { region_id: rid(4, 1), pivot: fromChunk(0, 20) });
    m.ok("1", "pool", { region_id: rid(4, 1, fromChunk(0, 20)), payee: "2", finality: Final });
    m.ok("1", "pool", { region_id: rid(4, 1, fromChunk(20, 80)), payee: "3", finality: Final });
    m.ok("1", "purchase_credit", { amount: 40n, beneficiary: "1" });
    expect(m.pot()).toBe(0n);
    expect(m.revenue()).toBe(100n);
    m.to(8);
    expect(m.relay("spend_instantaneous", { who: "1", price: 40n }).ok).toBe(true);
    m.to(11);
    expect(m.pot()).toBe(20n);
    m.ok("1", "claim_revenue", { region_id: rid(4, 1, fromChunk(0, 20)), max_timeslices: 100 });
    m.ok("1", "claim_revenue", { region_id: rid(4, 1, fromChunk(20, 80)), max_timeslices: 100 });
    expect(m.balance("2")).toBe(5n);
    expect(m.balance("3")).toBe(15n);
    expect(m.pot()).toBe(0n);
    expect(m.revenue()).toBe(120n);
  });

  it("instapool_core_payouts_work_with_partitioned_region", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "partition", { region_id: rid(4, 0), pivot: 2 });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Final });
    m.ok("1", "pool", { region_id: rid(6, 0), payee: "3", finality: Final });
    m.ok("1", "purchase_credit", { amount: 20n, beneficiary: "1" });
    m.to(8);
    expect(m.relay("spend_instantaneous", { who: "1", price: 10n }).ok).toBe(true);
    m.to(11);
    expect(m.pot()).toBe(10n);
    expect(m.revenue()).toBe(100n);
    m.ok("1", "claim_revenue", { region_id: rid(4, 0), max_timeslices: 100 });
    expect(m.pot()).toBe(0n);
    expect(m.balance("2")).toBe(10n);
    m.to(12);
    expect(m.relay("spend_instantaneous", { who: "1", price: 10n }).ok).toBe(true);
    m.to(15);
    expect(m.pot()).toBe(10n);
    m.ok("1", "claim_revenue", { region_id: rid(6, 0), max_timeslices: 100 });
    expect(m.pot()).toBe(0n);
    expect(m.balance("2")).toBe(10n);
    expect(m.balance("3")).toBe(10n);
  });

  it("payouts cannot be duplicated through partition, interlace or reassignment (force-unpool, #4081)", () => {
    for (const redispatch of ["partition", "interlace", "assign"] as const) {
      const m = new Mock({ endow: { "1": 1000n } });
      m.ok("root", "reserve", { workload: poolCore() });
      m.ok("root", "start_sales", { end_price: 100n, extra_cores: redispatch === "partition" ? 3 : 2 });
      m.to(2);
      m.ok("1", "purchase", { price_limit: MAX });
      const r = rid(4, 1);
      expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 4), S.InstaPoolIo.get(ctx, 7)])).toEqual([{ private: 0, system: 80 }, { private: 0, system: -80 }]);
      m.ok("1", "pool", { region_id: r, payee: "2", finality: Provisional });
      expect(m.read((ctx) => S.InstaPoolContribution.get(ctx, r))).toEqual({ length: 3, payee: "2" });
      expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 4), S.InstaPoolIo.get(ctx, 7)])).toEqual([{ private: 80, system: 80 }, { private: -80, system: -80 }]);
      if (redispatch === "partition") m.ok("1", "partition", { region_id: r, pivot: 1 });
      else if (redispatch === "interlace") m.ok("1", "interlace", { region_id: r, pivot: 0xfffff_fffff_00000_00000n });
      else m.ok("1", "assign", { region_id: r, task: 2000, finality: Final });
      expect(m.brokerEvents("RegionUnpooled")).toEqual([{ region_id: r, when: 4 }]);
      expect(m.read((ctx) => S.InstaPoolContribution.get(ctx, r))).toBeUndefined();
      expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 4), S.InstaPoolIo.get(ctx, 7)])).toEqual([{ private: 0, system: 80 }, { private: 0, system: -80 }]);
      m.ok("1", "purchase_credit", { amount: 20n, beneficiary: "1" });
      m.to(8);
      expect(m.relay("spend_instantaneous", { who: "1", price: 10n }).ok).toBe(true);
      m.to(11);
      expect(m.pot()).toBe(0n);
      expect(m.revenue()).toBe(110n);
      m.err("1", "claim_revenue", { region_id: r, max_timeslices: 100 }, "Broker.UnknownContribution");
      expect(m.balance("2")).toBe(0n);
    }
  });

  it("pooling the same provisional region twice counts it twice (mirrored snapshot behaviour)", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Provisional });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Provisional });
    expect(m.read((ctx) => S.InstaPoolIo.get(ctx, 4))).toEqual({ private: 160, system: 0 });
    expect(m.read((ctx) => S.InstaPoolIo.get(ctx, 7))).toEqual({ private: -160, system: 0 });
    // utilize stripped the first Pool item of the (future) workplan: the relay sees one core
    expect(m.read((ctx) => S.Workplan.get(ctx, [4, 0]))).toHaveLength(1);
    m.to(6);
    expect(m.trace()).toEqual([[6, 0, 8, [["Pool", 57600]]]]);
    // but the pool counts 160 parts for one core
    expect(m.brokerEvents("HistoryInitialized").at(-1)).toEqual({ when: 4, private_pool_size: 160, system_pool_size: 0 });
  });

  it("re-assigning a provisionally pooled region once under way does not un-pool it (mirrored snapshot quirk)", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Provisional });
    m.to(8); // last committed 5: the region's id moves to {6, 0, C} in utilize
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    expect(m.brokerEvents("RegionUnpooled")).toEqual([]);
    expect(m.read((ctx) => S.InstaPoolContribution.get(ctx, rid(4, 0)))).toEqual({ length: 3, payee: "2" });
    m.to(10);
    // timeslice 6 runs the task on the relay and still counts 80 private parts in the pool
    expect(m.trace().at(-1)).toEqual([10, 0, 12, [[1001, 57600]]]);
    expect(m.brokerEvents("HistoryInitialized").at(-1)).toEqual({ when: 6, private_pool_size: 80, system_pool_size: 0 });
  });

  it("insta_pool_history_works", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 4), S.InstaPoolIo.get(ctx, 7)])).toEqual([{ private: 0, system: 0 }, { private: 0, system: 0 }]);
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Provisional });
    const history: number[] = [];
    for (let ts = 1; ts < 8; ts++) {
      m.to(ts * 2);
      history.push(m.read((ctx) => S.InstaPoolHistory.get(ctx, ts))!.private_contributions);
    }
    expect(history).toEqual([0, 0, 0, 80, 80, 80, 0]);
    const initialized = m.brokerEvents("HistoryInitialized");
    for (const e of [
      { when: 1, private_pool_size: 0, system_pool_size: 0 },
      { when: 4, private_pool_size: 80, system_pool_size: 0 },
      { when: 6, private_pool_size: 80, system_pool_size: 0 },
      { when: 7, private_pool_size: 0, system_pool_size: 80 },
    ])
      expect(initialized).toContainEqual(e);
  });

  it("TV32 force_unpool_works", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    expect(m.brokerEvents("HistoryInitialized")).toContainEqual({ when: 1, private_pool_size: 0, system_pool_size: 0 });
    m.ok("1", "purchase", { price_limit: MAX });
    const r = rid(4, 0);
    m.ok("1", "pool", { region_id: r, payee: "2", finality: Provisional });
    expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 4), S.InstaPoolIo.get(ctx, 7)])).toEqual([{ private: 80, system: 0 }, { private: -80, system: 0 }]);
    // force_unpool_region is internal: call it as the Rust test does (its event is not recorded here)
    const unpool = () => m.withBroker((ctx) => forceUnpoolRegion(ctx, r, S.Regions.get(ctx, r)!, S.Status.get(ctx)!));
    unpool();
    expect(m.withBroker((ctx) => [S.InstaPoolIo.get(ctx, currentTimeslice(ctx)), S.InstaPoolIo.get(ctx, 4)])).toEqual([{ private: 0, system: 0 }, { private: 0, system: 0 }]);
    expect(m.read((ctx) => S.InstaPoolContribution.get(ctx, r))).toBeUndefined();
    m.ok("1", "pool", { region_id: r, payee: "2", finality: Provisional });
    expect(m.read((ctx) => S.InstaPoolIo.get(ctx, 4))).toEqual({ private: 80, system: 0 });
    m.to(6);
    const current = m.withBroker((ctx) => currentTimeslice(ctx));
    expect(m.brokerEvents("HistoryInitialized")).toContainEqual({ when: 4, private_pool_size: 80, system_pool_size: 0 });
    expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 7), S.InstaPoolIo.get(ctx, current)])).toEqual([{ private: -80, system: 0 }, { private: 0, system: 0 }]);
    unpool();
    expect(m.read((ctx) => [S.InstaPoolIo.get(ctx, 7), S.InstaPoolIo.get(ctx, current + 2)])).toEqual([{ private: 0, system: 0 }, { private: -80, system: 0 }]);
    m.salePeriod();
    const initialized = m.brokerEvents("HistoryInitialized");
    expect(initialized).toContainEqual({ when: 5, private_pool_size: 0, system_pool_size: 0 });
    expect(initialized).toContainEqual({ when: 6, private_pool_size: 0, system_pool_size: 0 });
    expect(initialized).toContainEqual({ when: 7, private_pool_size: 0, system_pool_size: 80 });
  });

  it("RegionUnpooled names the first timeslice the region leaves the pool", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "2", finality: Provisional });
    m.to(6); // last committed 4
    m.ok("1", "partition", { region_id: rid(4, 0), pivot: 2 });
    expect(m.brokerEvents("RegionUnpooled")).toEqual([{ region_id: rid(4, 0), when: 5 }]);
  });

  it("TV10 drop_contribution_works", () => {
    const m = new Mock({ endow: { "1": 1000n }, config: { contribution_timeout: 3 } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "1", finality: Final });
    m.to(19);
    m.err("1", "drop_contribution", { region_id: rid(4, 0) }, "Broker.StillValid");
    m.to(20);
    m.ok("1", "drop_contribution", { region_id: rid(4, 0) });
    expect(m.read((ctx) => S.InstaPoolContribution.count(ctx))).toBe(0);
    expect(m.lastBrokerEvent()).toEqual({ name: "ContributionDropped", fields: { region_id: rid(4, 0) } });
    m.err("1", "drop_contribution", { region_id: rid(4, 0) }, "Broker.UnknownContribution");
  });

  it("drop_history_works: the queue of history records, and dropped revenue goes to OnRevenue", () => {
    const m = new Mock({ endow: { "1": 1000n, "2": 50n }, config: { contribution_timeout: 4 } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "1", finality: Final });
    m.ok("2", "purchase_credit", { amount: 50n, beneficiary: "2" });
    const count = () => m.read((ctx) => S.InstaPoolHistory.count(ctx));
    m.to(6);
    expect(count()).toBe(3);
    m.to(7);
    expect(count()).toBe(2);
    m.to(8);
    expect(count()).toBe(3);
    expect(m.relay("spend_instantaneous", { who: "2", price: 10n }).ok).toBe(true);
    m.to(10);
    expect(count()).toBe(3);
    expect(m.relay("spend_instantaneous", { who: "2", price: 10n }).ok).toBe(true);
    m.to(12);
    expect(count()).toBe(4);
    expect(m.relay("spend_instantaneous", { who: "2", price: 10n }).ok).toBe(true);
    m.to(14);
    expect(count()).toBe(5);
    m.to(16);
    expect(count()).toBe(6);
    m.to(17);
    m.err("1", "drop_history", { when: 0xffff_ffff }, "Broker.StillValid");
    m.err("1", "drop_history", { when: 4 }, "Broker.StillValid");
    m.to(18);
    expect(count()).toBe(6);
    const revenue = m.revenue();
    m.ok("1", "drop_history", { when: 4 });
    expect(m.lastBrokerEvent()).toEqual({ name: "HistoryDropped", fields: { when: 4, revenue: 10n } });
    expect(m.revenue()).toBe(revenue + 10n);
    expect(count()).toBe(5);
    m.err("1", "drop_history", { when: 4 }, "Broker.NoHistory");
    m.to(19);
    m.err("1", "drop_history", { when: 5 }, "Broker.StillValid");
    m.to(20);
    m.ok("1", "drop_history", { when: 5 });
    expect(count()).toBe(4);
    m.err("1", "drop_history", { when: 5 }, "Broker.NoHistory");
    m.to(21);
    m.err("1", "drop_history", { when: 6 }, "Broker.StillValid");
    m.to(22);
    m.ok("1", "drop_history", { when: 6 });
    expect(count()).toBe(3);
    m.err("1", "drop_history", { when: 6 }, "Broker.NoHistory");
  });

  it("notify_revenue for a timeslice already paid is ignored; zero revenue drops the history", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "pool", { region_id: rid(4, 0), payee: "1", finality: Final });
    m.ok("1", "purchase_credit", { amount: 20n, beneficiary: "1" });
    m.to(8);
    expect(m.relay("spend_instantaneous", { who: "1", price: 10n }).ok).toBe(true);
    m.to(11);
    expect(m.brokerEvents("ClaimsReady")).toEqual([{ when: 4, system_payout: 0n, private_payout: 10n }]);
    m.ok("root", "notify_revenue", { revenue: { until: 10, amount: 5n } });
    m.to(12);
    expect(m.brokerEvents("HistoryIgnored")).toEqual([{ when: 4, revenue: 5n }]);
    // the relay reported 0 for timeslice 5 at block 13
    m.to(13);
    expect(m.brokerEvents("HistoryDropped")).toContainEqual({ when: 5, revenue: 0n });
    expect(m.read((ctx) => S.InstaPoolHistory.get(ctx, 5))).toBeUndefined();
  });

  it("TV12 request_core_count_works: a core count change reaches the next rotation", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.ok("root", "request_core_count", { core_count: 1 });
    m.to(1);
    expect(m.brokerEvents("CoreCountChanged")).toEqual([{ core_count: 1 }]);
    m.to(12);
    expect(m.trace()).toEqual([[12, 0, 14, [["Pool", 57600]]]]);
  });

  it("the mock relay keeps pool size and usage as bump() applies assignments", () => {
    const m = new Mock();
    m.ok("root", "reserve", { workload: poolCore() });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(12);
    const relay = m.read((ctx) => ({
      inPool: TestCoretime.storage.CoretimeInPool.get(ctx),
      usage: TestCoretime.storage.CoretimeUsage.get(ctx, 0),
      planned: TestCoretime.storage.CoretimeWorkplan.keys(ctx),
    }));
    // the assignment of block 6 (begin 8) is in use; the one of block 12 (begin 14) is still planned
    expect(relay).toEqual({ inPool: 80, usage: [[{ type: "Pool" }, 57600]], planned: [[14, 0]] });
    expect(m.relay("spend_instantaneous", { who: "9", price: 1n })).toEqual({ ok: false, error: { type: "Other", value: "Account not there" } });
  });
});
