// The `Market` port: a market other than the legacy one, with bids, plugged into the broker mock.
// A toy sealed-bid market (its own pallet and storage, as an RFC-17 market would be) checks that
// the broker locks a bid's deposit, raises it, refunds losers and settles winners from the pot
// (`Refund`, `SellRegion`, `RenewRegion`), rotates the sale (`SaleRotated`, `SaleInitialized`)
// and reads the sale's cores from the market (`getSaleInfo`). The legacy market is the default:
// every other test and scenario of the package runs through it.
import { DispatchErrors, DispatchFailure, definePallet, initCrypto, map, t, value, fail, required, type Context, type DispatchError } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { C, Final, Mock, rid } from "./__fixtures__/harness.ts";
import { doAdjustBid, currentPrice } from "./dispatchables.ts";
import { LegacyMarket } from "./legacy-market.ts";
import type { Market, MarketSaleInfo, TickAction } from "./market.ts";
import { Broker } from "./pallet.ts";
import { BROKER_MOCK_PALLETS, createBrokerMockRuntime } from "./testing.ts";
import { Balance, CoreIndex, PotentialRenewalId, Timeslice } from "./types.ts";
import { complete } from "./core-mask.ts";
import { parsePalletOptions, UnknownNameError } from "@corelab/frame";

beforeAll(initCrypto);

const ToySale = t.struct("ToySale", {
  sale_start: t.u32,
  region_begin: Timeslice,
  region_end: Timeslice,
  ideal_cores_sold: CoreIndex,
  cores_offered: CoreIndex,
  first_core: CoreIndex,
  cores_sold: CoreIndex,
});
const ToyBid = t.struct("ToyBid", { who: t.accountId, price: Balance, renewal: t.option(PotentialRenewalId) });

/**
 * A toy sealed-bid market: bids at or above the reserve; one timeslice before the sale's region is
 * committed the highest bids win, pay as bid, and the sale rotates.
 */
const Toy = definePallet<object>()({
  name: "ToyMarket",
  source: "test",
  storage: {
    Sale: value(ToySale),
    Reserve: value(Balance),
    Bids: map(t.u32, ToyBid, { hasher: "Twox64Concat" }),
    NextBid: value(t.u32, { default: () => 0 }),
  },
  events: {},
  errors: {},
  calls: {},
});
const REGION = 3;

/** The dispatch error `f` fails with. */
function failure(f: () => unknown): DispatchError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DispatchFailure) return e.error;
    throw e;
  }
  return undefined;
}

function bid(ctx: Context, who: string, price: bigint, renewal?: { core: number; when: number }): number {
  const id = Toy.storage.NextBid.get(ctx);
  Toy.storage.NextBid.put(ctx, id + 1);
  Toy.storage.Bids.insert(ctx, id, { who, price, renewal });
  return id;
}

const ToyMarket: Market = {
  name: "ToyMarket",
  configure() {},
  startSales(ctx, now, endPrice, coreCount, inputs) {
    const commit = inputs.latestTimesliceReadyToCommit()!;
    const old: MarketSaleInfo = { sale_start: now, region_begin: commit, region_end: commit + REGION, ideal_cores_sold: 0, cores_offered: 0, first_core: 0, cores_sold: 0 };
    const first = inputs.reservedCoreCount();
    const sale = { ...old, region_begin: commit + REGION, region_end: commit + 2 * REGION, first_core: first, cores_offered: coreCount - first };
    Toy.storage.Sale.put(ctx, sale);
    Toy.storage.Reserve.put(ctx, endPrice);
    return { old_sale: old, new_sale: sale, new_prices: { end_price: endPrice, target_price: endPrice }, start_price: endPrice };
  },
  placeOrder(ctx, _now, who, priceLimit) {
    if (Toy.storage.Sale.get(ctx) === undefined) fail(Broker.err("NoSales"));
    if (priceLimit < Toy.storage.Reserve.get(ctx)!) fail(Broker.err("Overpriced"));
    return { type: "BidPlaced", id: bid(ctx, who, priceLimit), bid_price: priceLimit };
  },
  placeRenewalOrder(ctx, _now, who, core, inputs) {
    const sale = required(Toy.storage.Sale.get(ctx), Broker.err("NoSales"));
    const id = { core, when: sale.region_begin };
    const right = inputs.renewalRight(id);
    return { type: "BidPlaced", id: bid(ctx, who, right.price, id), bid_price: right.price };
  },
  adjustBid(ctx, _now, id, who, newPrice) {
    const b = Toy.storage.Bids.get(ctx, id);
    if (b === undefined || b.who !== who) fail(DispatchErrors.other("BidNotExist"));
    if (newPrice < b.price) fail(DispatchErrors.other("BidNotCancellable"));
    Toy.storage.Bids.insert(ctx, id, { ...b, price: newPrice });
    return { payment_due: newPrice - b.price };
  },
  tick(ctx, now, inputs) {
    const commit = inputs.nextTimesliceToCommit();
    const sale = Toy.storage.Sale.get(ctx);
    if (commit === undefined || sale === undefined || commit + 1 < sale.region_begin) return [];
    const bids = Toy.storage.Bids.entries(ctx).sort((a, b) => (a[1].price === b[1].price ? a[0] - b[0] : a[1].price > b[1].price ? -1 : 1));
    const actions: TickAction[] = [];
    let sold = 0;
    for (const [id, b] of bids) {
      Toy.storage.Bids.remove(ctx, id);
      if (sold < sale.cores_offered) {
        const region_id = { begin: sale.region_begin, core: sale.first_core + sold, mask: complete() };
        sold++;
        if (b.renewal === undefined) actions.push({ type: "SellRegion", owner: b.who, paid: b.price, region_id, region_end: sale.region_end });
        else
          actions.push({
            type: "RenewRegion",
            owner: b.who,
            renewal_id: b.renewal,
            paid: b.price,
            region_id,
            effective_to: sale.region_end,
            next_renewal_price: b.price + b.price / 10n,
          });
      } else actions.push({ type: "Refund", who: b.who, amount: b.price });
      actions.push({ type: "BidClosed", id, owner: b.who });
    }
    const old = { ...sale, cores_sold: sold };
    const first = inputs.reservedCoreCount();
    const next = { ...old, sale_start: now, region_begin: sale.region_end, region_end: sale.region_end + REGION, first_core: first, cores_offered: inputs.coreCount()! - first, cores_sold: 0 };
    Toy.storage.Sale.put(ctx, next);
    const reserve = Toy.storage.Reserve.get(ctx)!;
    actions.push({ type: "SaleRotated", old_sale: old, new_sale: next, new_prices: { end_price: reserve, target_price: reserve }, start_price: reserve }, { type: "ProcessAutoRenewals" });
    return actions;
  },
  getSaleInfo: (ctx) => Toy.storage.Sale.get(ctx),
};

function toy(): Mock {
  return new Mock({
    endow: { "2": 1000n, "3": 1000n, "4": 1000n },
    options: { market: ToyMarket, extraPallets: [Toy.instance({})] },
  });
}

describe("the Market port", () => {
  it("LegacyMarket is the default and has no bids", () => {
    const m = new Mock();
    expect(m.rt.configOf<{ Market?: Market }>(Broker).Market).toBeUndefined();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    expect(failure(() => m.withBroker((ctx) => doAdjustBid(ctx, "1", 0, 5n)))).toEqual(DispatchErrors.other("BidNotExist"));
    expect(m.withBroker((ctx) => LegacyMarket.getSaleInfo(ctx))).toEqual(m.read((ctx) => Broker.storage.SaleInfo.get(ctx)));
  });

  it("locks bids, raises them, refunds losers and settles winners through TickActions", () => {
    const m = toy();
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 2 });
    // the market keeps its own sale; the broker's SaleInfo stays empty, and the broker reads the cores through getSaleInfo
    expect(m.read((ctx) => Broker.storage.SaleInfo.get(ctx))).toBeUndefined();
    expect(m.withBroker((ctx) => currentPrice(ctx))).toEqual({ ok: false, error: Broker.err("NoSales") }); // the toy has no currentPrice
    m.to(2);
    m.err("2", "purchase", { price_limit: 5n }, "Broker.Overpriced");
    m.ok("2", "purchase", { price_limit: 50n });
    m.ok("3", "purchase", { price_limit: 40n });
    m.ok("4", "purchase", { price_limit: 30n });
    m.err("4", "purchase", { price_limit: 2000n }, "Token.FundsUnavailable");
    expect([m.balance("2"), m.balance("3"), m.balance("4"), m.pot()]).toEqual([950n, 960n, 970n, 120n]);
    expect(m.brokerEvents("Purchased")).toEqual([]);
    // "4" raises its bid to 45: 15 more locked
    m.withBroker((ctx) => doAdjustBid(ctx, "4", 2, 45n));
    expect([m.balance("4"), m.pot()]).toEqual([955n, 135n]);
    expect(failure(() => m.withBroker((ctx) => doAdjustBid(ctx, "3", 2, 99n)))).toEqual(DispatchErrors.other("BidNotExist"));

    // timeslice 3 (the one before region [4, 7)) is committed at block 4: settlement and rotation
    m.to(4);
    expect(m.brokerEvents("Purchased")).toEqual([
      { who: "2", region_id: rid(4, 0), price: 50n, duration: 3 },
      { who: "4", region_id: rid(4, 1), price: 45n, duration: 3 },
    ]);
    expect(m.read((ctx) => Broker.storage.Regions.get(ctx, rid(4, 0)))).toEqual({ end: 7, owner: "2", paid: 50n });
    expect(m.read((ctx) => Broker.storage.Regions.get(ctx, rid(4, 1)))).toEqual({ end: 7, owner: "4", paid: 45n });
    // the loser got its 40 back; the winners' 95 went from the pot to OnRevenue ("0")
    expect([m.balance("3"), m.pot(), m.revenue()]).toEqual([1000n, 0n, 95n]);
    expect(m.brokerEvents("SaleInitialized").at(-1)).toMatchObject({ region_begin: 7, region_end: 10, cores_offered: 2, end_price: 10n });
    expect(m.withBroker((ctx) => ToyMarket.getSaleInfo(ctx))).toMatchObject({ region_begin: 7, first_core: 0, cores_offered: 2, cores_sold: 0 });
  });

  it("pools the unsold cores of a market's sale and settles a renewal bid with RenewRegion", () => {
    const m = toy();
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 2 });
    m.to(2);
    m.ok("2", "purchase", { price_limit: 50n });
    m.to(4);
    // one of two cores sold: the other is pooled for [4, 7) (system pool), laid over core 1 at block 6
    expect(m.read((ctx) => Broker.storage.Workplan.get(ctx, [4, 1]))).toEqual([{ mask: C, assignment: { type: "Pool" } }]);
    expect(m.read((ctx) => Broker.storage.InstaPoolIo.get(ctx, 4))).toEqual({ private: 0, system: 80 });
    m.ok("2", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    // the assignment records the right { core 0, when 7 }, renewable in the sale of [7, 10)
    expect(m.read((ctx) => Broker.storage.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toMatchObject({ price: 50n });
    m.to(6);
    expect(m.read((ctx) => Broker.storage.Workload.get(ctx, 1))).toEqual([{ mask: C, assignment: { type: "Pool" } }]);
    m.to(8);
    m.ok("2", "renew", { core: 0 });
    expect([m.balance("2"), m.pot()]).toEqual([900n, 50n]);
    expect(m.brokerEvents("Renewed")).toEqual([]);
    m.to(10); // timeslice 6, the one before [7, 10), is committed at block 10: the renewal settles
    expect(m.brokerEvents("Renewed")).toEqual([{ who: "2", price: 50n, old_core: 0, core: 0, begin: 7, duration: 3, workload: [{ mask: C, assignment: { type: "Task", value: 1001 } }] }]);
    expect(m.read((ctx) => Broker.storage.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toBeUndefined();
    expect(m.read((ctx) => Broker.storage.PotentialRenewals.get(ctx, { core: 0, when: 10 }))).toMatchObject({ price: 55n });
    expect([m.pot(), m.revenue()]).toEqual([0n, 100n]);
    // a right that does not exist is the broker's NotAllowed, checked through MarketInputs.renewalRight
    m.err("2", "renew", { core: 1 }, "Broker.NotAllowed");
  });
});

describe("the Market port: a renewal bid whose right is gone", () => {
  it("is refunded at settlement, with no renewal", () => {
    const m = toy();
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 2 });
    m.to(2);
    m.ok("2", "purchase", { price_limit: 50n });
    m.to(4);
    m.ok("2", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.to(8);
    m.ok("2", "renew", { core: 0 });
    expect(m.balance("2")).toBe(900n);
    m.write((ctx) => Broker.storage.PotentialRenewals.remove(ctx, { core: 0, when: 7 }));
    m.to(10);
    expect(m.brokerEvents("Renewed")).toEqual([]);
    expect([m.balance("2"), m.pot(), m.revenue()]).toEqual([950n, 0n, 50n]);
  });
});

describe("the broker mock's PriceAdapter knob", () => {
  const parse = (Broker: Record<string, unknown>) => parsePalletOptions({}, BROKER_MOCK_PALLETS, { constants: { Broker } });
  it("parses a valid name and builds the adapter", () => {
    const { constants } = parse({ PriceAdapter: "Rfc6Aggressive", PriceAdapterMinPrice: 5 });
    expect(constants.Broker).toEqual({ PriceAdapter: "Rfc6Aggressive", PriceAdapterMinPrice: 5n });
    const rt = createBrokerMockRuntime({ constants: { Broker: { PriceAdapter: "Rfc6Aggressive", PriceAdapterMinPrice: 5n } } });
    const cfg = rt.configOf<{ PriceAdapter: { name: string }; PriceAdapterMinPrice?: unknown }>(Broker);
    expect(cfg.PriceAdapter.name).toBe("Rfc6Aggressive(5)");
    expect(cfg.PriceAdapterMinPrice).toBeUndefined(); // a knob, not a configuration value
  });
  it("refuses an unknown name, listing the valid ones", () => {
    let error: unknown;
    try {
      parse({ PriceAdapter: "Rfc6Agressive" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownNameError);
    expect(String((error as Error).message)).toMatch(/constants\.Broker\.PriceAdapter: unknown price adapter 'Rfc6Agressive'/);
    const details = (error as UnknownNameError).details.join("\n");
    expect(details).toMatch(/did you mean 'Rfc6Aggressive'/);
    expect(details).toMatch(/valid: CenterTargetPrice, MinimumPrice, UnitPriceAdapter, Linear, KusamaLaunchPrice, Rfc1Linear, Rfc6Baseline, Rfc6Aggressive, Rfc6Conservative, Rfc6Linear/);
  });
  it("MinimumPrice needs PriceAdapterMinPrice", () => {
    expect(() => createBrokerMockRuntime({ constants: { Broker: { PriceAdapter: "MinimumPrice" } } })).toThrow(/PriceAdapterMinPrice/);
    const rt = createBrokerMockRuntime({ constants: { Broker: { PriceAdapter: "MinimumPrice", PriceAdapterMinPrice: 7n } } });
    expect(rt.configOf<{ PriceAdapter: { name: string } }>(Broker).PriceAdapter.name).toBe("MinimumPrice(7)");
  });
});
