// The tick's write discipline, genesis, the runtime API, the historical rule variants and the
// scenario-facing shapes of the mock runtime.
import { initCrypto, matchesPartial, Origin, firstMismatch, InvalidGenesisError } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Final, MAX, Mock, rid } from "./__fixtures__/harness.ts";
import { KusamaLaunchPrice } from "./adapt-price.ts";
import { currentPrice } from "./dispatchables.ts";
import { Broker } from "./pallet.ts";
import { BROKER_MOCK_ACCOUNTS, MOCK_POT, TestCoretime, createBrokerMockRuntime, mockNewConfig } from "./testing.ts";

beforeAll(initCrypto);

const S = Broker.storage;

describe("tick", () => {
  it("writes nothing on blocks that commit nothing, request nothing and have empty inboxes", () => {
    const m = new Mock({
      config: { advance_notice: 10, interlude_length: 100, leadin_length: 100, region_length: 10 },
      options: { constants: { Broker: { TimeslicePeriod: 80 } } },
    });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 4 });
    m.to(100);
    m.rt.finalizeBlock();
    const state = m.rt.state;
    // next commit at block 150 ((150 + 10) / 80 = 2), next revenue request at block 160
    m.to(149);
    m.rt.finalizeBlock();
    expect(m.rt.state).toBe(state);
    expect(m.rt.lastBlock!.changes).toEqual([]);
    m.to(150);
    m.rt.finalizeBlock();
    expect(m.rt.state).not.toBe(state);
    expect(m.read((ctx) => S.Status.get(ctx))).toMatchObject({ last_committed_timeslice: 2, last_timeslice: 1 });
    m.to(160);
    expect(m.read((ctx) => S.Status.get(ctx))).toMatchObject({ last_committed_timeslice: 2, last_timeslice: 2 });
    expect(m.read((ctx) => S.RevenueInbox.get(ctx))).toEqual({ until: 160, amount: 0n });
    m.to(161);
    expect(m.read((ctx) => S.RevenueInbox.get(ctx))).toBeUndefined();
    expect(m.brokerEvents("HistoryDropped").at(-1)).toEqual({ when: 1, revenue: 0n });
  });

  it("commits at most one timeslice per block when it falls behind (catch-up)", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    // a Status far behind the clock: one commit and one revenue request per block
    m.to(20);
    m.write((ctx) => S.Status.put(ctx, { ...S.Status.get(ctx)!, last_committed_timeslice: 3, last_timeslice: 3 }));
    m.to(21);
    expect(m.read((ctx) => S.Status.get(ctx))).toMatchObject({ last_committed_timeslice: 4, last_timeslice: 4 });
    m.to(22);
    expect(m.read((ctx) => S.Status.get(ctx))).toMatchObject({ last_committed_timeslice: 5, last_timeslice: 5 });
  });

  it("does nothing before start_sales", () => {
    const m = new Mock();
    const state = m.rt.state;
    m.to(10);
    m.rt.finalizeBlock();
    expect(m.rt.state).toBe(state);
  });
});

describe("genesis", () => {
  it("configures as TestExt::new() by default, takes another config, or none", () => {
    const rt = createBrokerMockRuntime();
    expect(rt.query("Broker", "Configuration")).toEqual(mockNewConfig());
    const other = createBrokerMockRuntime({ genesis: { Broker: { config: { ...mockNewConfig(), region_length: 20 } } } });
    expect(rt.read((ctx) => S.Configuration.get(ctx))!.region_length).toBe(3);
    expect(other.read((ctx) => S.Configuration.get(ctx))!.region_length).toBe(20);
    const none = createBrokerMockRuntime({ genesis: { Broker: { config: undefined } } });
    expect(none.query("Broker", "Configuration")).toBeUndefined();
    expect(none.applyExtrinsic({ origin: Origin.root, call: Broker.call("start_sales", { end_price: 1n, extra_cores: 1 }) })).toEqual({
      ok: false,
      error: Broker.err("Uninitialized"),
    });
    expect(() => createBrokerMockRuntime({ genesis: { Broker: { config: { ...mockNewConfig(), leadin_length: 0 } } } })).toThrow(InvalidGenesisError);
  });

  it("names the pot and the revenue sink as the mock does", () => {
    expect(BROKER_MOCK_ACCOUNTS).toEqual({ "pallet:Broker": MOCK_POT });
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    expect(m.balance("0")).toBe(100n);
    m.ok("1", "purchase_credit", { amount: 20n, beneficiary: "7" });
    expect(m.read((ctx) => TestCoretime.storage.CoretimeCredit.get(ctx, "7"))).toBe(20n);
  });
});

describe("runtime API", () => {
  it("sale_price follows the lead-in and reports why there is no price", () => {
    const m = new Mock({ config: { interlude_length: 4, leadin_length: 20, region_length: 20 } });
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: false, error: Broker.err("Uninitialized") });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    // sale_start = 4
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: true, price: 10_000n });
    m.to(9); // a quarter through: factor 55
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: true, price: 5_500n });
    m.to(14); // half way: factor 10 (the target)
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: true, price: 1_000n });
    m.to(19); // three quarters: factor 5.5
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: true, price: 550n });
    m.to(30);
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: true, price: 100n });
  });
});

describe("historical rules (SaleRules)", () => {
  const market = { advance_notice: 2, interlude_length: 10, leadin_length: 20, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: undefined, region_length: 20, renewal_bump: 100_000_000, contribution_timeout: 5 };

  function lowerMarketEnd(rules: "current" | "before-8630"): { paid: bigint; endPrice: bigint; bumped: bigint } {
    const m = new Mock({ endow: { "1": 100_000_000n, "2": 100_000_000n }, config: market, options: { constants: { Broker: { SaleRules: rules } } } });
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 2 });
    m.to(11);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(21, 0), task: 1001, finality: Final });
    m.to(40);
    m.ok("1", "renew", { core: 0 });
    m.to(51);
    m.ok("2", "purchase", { price_limit: MAX });
    m.to(80);
    m.ok("1", "renew", { core: 0 });
    m.to(91);
    m.ok("2", "purchase", { price_limit: MAX });
    m.to(120);
    m.ok("1", "renew", { core: 0 });
    const last = m.brokerEvents("Renewed").at(-1)!.price as bigint;
    const endPrice = m.read((ctx) => S.SaleInfo.get(ctx))!.end_price;
    const before = m.balance("1");
    m.to(160);
    m.ok("1", "renew", { core: 0 });
    return { paid: before - m.balance("1"), endPrice, bumped: last + (last + 5n) / 10n };
  }

  it("current: the renewal cap is lifted to the sale's end price (#8630)", () => {
    const r = lowerMarketEnd("current");
    expect(r.endPrice > r.bumped).toBe(true);
    expect(r.paid).toBe(r.endPrice);
  });

  it("before-8630: the renewal cap is the bumped price alone", () => {
    const r = lowerMarketEnd("before-8630");
    expect(r.paid).toBe(r.bumped);
  });

  it("before-4521 with the Kusama launch adapter: regular price rule, no initial sellout, renewals leave the sellout alone", () => {
    const m = new Mock({
      endow: { "1": 10_000_000n },
      config: { advance_notice: 2, interlude_length: 4, leadin_length: 10, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: 3, region_length: 10, renewal_bump: 30_000_000, contribution_timeout: 5 },
      options: { constants: { Broker: { SaleRules: "before-4521" } }, priceAdapter: KusamaLaunchPrice },
    });
    m.ok("root", "start_sales", { end_price: 1000n, extra_cores: 3 });
    // first sale: nothing offered before → price unchanged; lead-in starts at 5×; no sellout price yet
    expect(m.read((ctx) => S.SaleInfo.get(ctx))).toMatchObject({ end_price: 1000n, sellout_price: undefined, cores_offered: 3, ideal_cores_sold: 3 });
    m.to(5);
    m.ok("1", "purchase", { price_limit: MAX });
    // 1/10 through the lead-in: 5 − 0.4 = 4.6 × 1000
    expect(m.brokerEvents("Purchased")[0]).toMatchObject({ price: 4600n });
    expect(m.read((ctx) => S.SaleInfo.get(ctx))!.sellout_price).toBe(4600n);
    m.ok("1", "assign", { region_id: rid(11, 0), task: 1001, finality: Final });
    m.salePeriod();
    // 1 of ideal 3 sold: (0.5 + 1/6) × the old price 1000
    expect(m.brokerEvents("SaleInitialized").at(-1)).toMatchObject({ end_price: 666n, start_price: 3330n });
    expect(m.read((ctx) => S.SaleInfo.get(ctx))!.sellout_price).toBeUndefined();
    m.ok("1", "renew", { core: 0 });
    // the renewal paid 4600 and did not set the sellout price; the next renewal price is min(sale price, 4600 × 1.03)
    expect(m.read((ctx) => S.SaleInfo.get(ctx))).toMatchObject({ cores_sold: 1, sellout_price: undefined });
    expect(m.brokerEvents("Renewable").at(-1)).toMatchObject({ price: 3330n });
  });
});

describe("scenario-facing shapes", () => {
  it("TestCoretime.Trace and Broker storage match values written as scenario files write them", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1000, finality: Final });
    m.to(6);
    const ctx = { path: "expect", partial: true };
    const item = TestCoretime.storage.Trace.codec.parse({ block: 6, core: 0, begin: 8, assignment: [[{ Task: 1000 }, 57600]], end_hint: null }, ctx);
    expect(firstMismatch(m.rt.query("TestCoretime", "Trace", TestCoretime.storage.Trace.keyCodec.parse(0, ctx)), item)).toBeUndefined();
    expect(firstMismatch(m.rt.query("TestCoretime", "Trace"), [[0, item]])).toBeUndefined();
    expect(m.rt.query("TestCoretime", "TraceCount")).toBe(1);
    const key = S.Regions.keyCodec.parse({ begin: 4, core: 0, mask: "0xffffffffffffffffffff" }, ctx);
    const region = S.Regions.codec.parse({ owner: "1", end: 7 }, ctx);
    expect(matchesPartial(m.rt.query("Broker", "Regions", key), region)).toBe(false); // assigned Final: gone
    const renewal = S.PotentialRenewals.codec.parse({ price: 100, completion: { Complete: [{ mask: "0xfffff_fffff_fffff_fffff", assignment: { Task: 1000 } }] } }, ctx);
    expect(firstMismatch(m.rt.query("Broker", "PotentialRenewals", { core: 0, when: 7 }), renewal)).toBeUndefined();
    const sale = S.SaleInfo.codec.parse({ region_begin: 7, region_end: 10, sellout_price: 10, end_price: 10 }, ctx);
    expect(firstMismatch(m.rt.query("Broker", "SaleInfo"), sale)).toBeUndefined();
    // the JSON the state root and `--json` see
    expect(TestCoretime.storage.Trace.codec.toJson(m.rt.query("TestCoretime", "Trace", 0) as never)).toEqual({
      block: 6,
      core: 0,
      begin: 8,
      assignment: [[{ type: "Task", value: 1000 }, 57600]],
      end_hint: null,
    });
  });
});
