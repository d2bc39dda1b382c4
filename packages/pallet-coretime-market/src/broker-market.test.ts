// The RFC-17 market behind pallet-broker's own `Market` port: Vector A continued, through
// `Broker.start_sales`, `Broker.purchase`, `Broker.renew` and the broker's tick, in a runtime of
// System, Balances, TestCoretime (mock relay), Broker (mock.rs constants, `Market: brokerMarket`)
// and CoretimeMarket. Accounts are mock.rs's u64 ids as strings.
import { describe, expect, it } from "vitest";
import { Origin, createRuntime, type EventRecord } from "@corelab/frame";
import { Balances, fungibleOf, resolveTo } from "@corelab/pallet-balances";
import { Broker, type Market as BrokerPort } from "@corelab/pallet-broker";
import { MOCK_POT, MOCK_REVENUE_ACCOUNT, TestCoretime, brokerMockConfig, mockNewConfig } from "@corelab/pallet-broker/testing";
import { brokerMarket, COMPLETE_MASK_BITS } from "./broker-market.ts";
import { PALLET_TEST_CONSTANTS, type CoretimeMarketConfig } from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";

// the market's constants: the pallet mock's prices (plain units), market 20 / renewal 10 blocks,
// K 2.5; the opening is max(10, 2 · reserve)
const constants = { ...PALLET_TEST_CONSTANTS, MarketPeriod: 20, RenewalPeriod: 10 };

function runtime() {
  const balances = { ExistentialDeposit: 0n };
  const market = brokerMarket(constants);
  // compile-time check: the adapter is the broker's `Market`
  const port: BrokerPort = market;
  const broker = { ...brokerMockConfig({ currency: fungibleOf(balances), onRevenue: resolveTo(balances, MOCK_REVENUE_ACCOUNT) }), Market: port };
  const marketConfig: CoretimeMarketConfig = {
    ...constants,
    CoreRangeProvider: { coreRange: () => undefined },
    TimesliceProvider: { nextTimesliceToCommit: () => undefined, latestTimesliceReadyToCommit: () => undefined },
    RenewalRights: { renewalRightsCount: () => 0, renewersCount: () => 0 },
  };
  const rt = createRuntime({
    name: "broker-with-coretime-market",
    pallets: [Balances.instance(balances), TestCoretime.instance({}), Broker.instance(broker), CoretimeMarket.instance(marketConfig)],
    genesis: {
      Balances: { balances: [["1", 10_000n], ["2", 10_000n], ["3", 10_000n], ["4", 10_000n], ["5", 10_000n]] },
      CoretimeMarket: { configured: false },
    },
  });
  const events: EventRecord[] = [];
  rt.onBlock((b) => events.push(...b.events));
  const of = (pallet: string, name: string) => [...events, ...(rt.pendingEvents ?? [])].filter((e) => e.is(pallet, name)).map((e) => e.data);
  return { rt, of };
}

describe("brokerMarket: the RFC-17 market behind pallet-broker's Market port", () => {
  it("Vector A continued through Broker calls and the broker's tick", () => {
    const { rt, of } = runtime();
    const apply = (who: string | "Root", name: string, args: Record<string, unknown>) =>
      rt.applyExtrinsic({ origin: who === "Root" ? Origin.root : Origin.signed(who), call: Broker.call(name as never, args as never) });
    // Broker.configure goes through Market::configure: regions of 20 timeslices (of 2 blocks)
    expect(apply("Root", "configure", { config: { ...mockNewConfig(), region_length: 20 } })).toEqual({ ok: true });
    expect(rt.read((ctx) => CoretimeMarket.storage.Configuration.get(ctx))).toMatchObject({ region_length: 20, market_period: 20 });
    rt.openBlock(1);
    expect(apply("Root", "start_sales", { end_price: 100n, extra_cores: 3 })).toEqual({ ok: true });
    const sale = rt.read((ctx) => CoretimeMarket.storage.SaleInfo.get(ctx))!;
    // reserve 100, opening max(10, 2 · 100) = 200; 3 cores from core 0
    expect(sale).toMatchObject({ reserve_price: 100n, opening_price: 200n, cores_offered: 3, first_core: 0, phase: { type: "Market" } });
    // a right for eve ("5") on core 0 into this sale, as the broker records one (a complete workload)
    rt.withContext((ctx) =>
      Broker.storage.PotentialRenewals.insert(ctx, { core: 0, when: sale.region_begin }, {
        price: 50n,
        completion: { type: "Complete", value: [{ mask: COMPLETE_MASK_BITS, assignment: { type: "Task", value: 2005 } }] },
      }),
    );
    rt.openBlock(2);
    // clock(2) = 200 − ⌊(1/20) · 100⌋ = 195: Vector A's bids scaled to this opening: 190/150/140/120
    // a bid without its deposit fails in the broker's lock, and the market keeps no bid of it
    expect(apply("6", "purchase", { price_limit: 150n })).toEqual({ ok: false, error: { type: "Token", value: { type: "FundsUnavailable" } } });
    // below the reserve: the market's own error
    expect(apply("1", "purchase", { price_limit: 99n })).toEqual({ ok: false, error: CoretimeMarket.err("BidTooLow") });
    expect(rt.read((ctx) => CoretimeMarket.storage.Bids.get(ctx))).toEqual([]);
    for (const [who, price] of [["1", 190n], ["2", 150n], ["3", 140n], ["4", 120n]] as const) expect(apply(who, "purchase", { price_limit: price })).toEqual({ ok: true });
    // the deposits sit in the broker's pot
    expect((rt.query("Balances", "Account", MOCK_POT) as { free: bigint }).free).toBe(600n);
    rt.openBlock(21);
    expect(of("CoretimeMarket", "AuctionSettled")).toEqual([{ clearing_price: 140n, winners: 3 }]);
    rt.openBlock(22);
    // eve renews core 0's workload: sold out, so 140 + 30 % = 182; "3" (140, lowest) is displaced
    expect(apply("5", "renew", { core: 0 })).toEqual({ ok: true });
    expect(of("CoretimeMarket", "RenewalExercised")).toEqual([{ who: "5", price: 182n, region_id: { begin: sale.region_begin, core: 2, mask: "0xffffffffffffffffffff" } }]);
    expect(of("CoretimeMarket", "BidDisplaced")).toEqual([{ who: "3", bid_id: 2, refund: 140n }]);
    rt.openBlock(31);
    expect(of("CoretimeMarket", "SaleFinalized")).toEqual([{ regions_issued: 2 }]);
    expect(of("Broker", "Purchased").map((e) => [e.who, e.price])).toEqual([["1", 140n], ["2", 140n]]);
    const free = (w: string) => (rt.query("Balances", "Account", w) as { free: bigint }).free;
    expect([free("1"), free("2"), free("3"), free("4"), free("5")]).toEqual([9_860n, 9_860n, 10_000n, 10_000n, 9_818n]);
    // rotation when the broker's latest ready timeslice ⌊(n + 2) / 2⌋ reaches region_begin 21: n = 40.
    // Consumption 3/3 (2 winners + 1 renewal): 100 · e^0.25 = 128 < 100 + 100, so reserve 200, opening 400
    rt.openBlock(39);
    expect(of("CoretimeMarket", "SaleInitialized")).toHaveLength(1);
    rt.openBlock(40);
    expect(of("CoretimeMarket", "SaleInitialized").at(-1)).toMatchObject({ sale_start: 40, reserve_price: 200n, start_price: 400n, region_begin: 41 });
    expect(of("Broker", "SaleInitialized").at(-1)).toMatchObject({ region_begin: 41 });
  });
});
