// The market end to end on the region market mock (System, Balances, TestCoretime, Broker, Market):
// RegionX's tests (list_region_works, unlist_region_works, unlist_expired_region_works,
// update_region_price_works, purchase_region_works) adapted to escrow beside Broker, the behaviours
// the scenario files show (they replay in @corelab/testing's repository-scenarios suite: a pallet's
// tests may not import @corelab/testing, see the README), and the invariants: a failing call changes
// nothing, a listed region is held by the market's account and by nothing else.
//
// Timing of the broker mock: TimeslicePeriod 2 (block b is timeslice ⌊b/2⌋), regions of 3
// timeslices; `start_sales` at block 0 and a purchase at block 2 give region {4, 0} ending at 7,
// paid 100. Expected prices are derived from the rule in each test, never read back from a run.
import { Origin, initCrypto } from "@corelab/frame";
import { Broker } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { ALICE, BOB, CHARLIE, COMPLETE, DAVE, EVE, Mock, outcome, rid } from "./__fixtures__/harness.ts";
import { regionPrice } from "./dispatchables.ts";
import { RegionMarket } from "./pallet.ts";
import { MOCK_MARKET_POT, regionMarketMock } from "./testing.ts";
import type { RegionId } from "./types.ts";

beforeAll(initCrypto);

const R = rid(4); // the region the sale at block 0 sells at block 2
const BEGIN = 4;
const END = 7;
const PAID = 100n;
const TP = 50n; // the timeslice price of most listings below

/** Alice holds region {4, 0} (bought at block 2 for 100); every account starts with 1000. */
function bought(): Mock {
  const m = new Mock({ endow: { [ALICE]: 1000n, [BOB]: 1000n, [CHARLIE]: 1000n } });
  m.brokerOk("root", "start_sales", { end_price: 100n, extra_cores: 1 });
  m.to(2);
  m.brokerOk(ALICE, "purchase", { price_limit: 1000n });
  return m;
}

/** `bought()` and alice's listing of it at `TP` a timeslice (recipient `recipient`, default herself). */
function listed(recipient?: string): Mock {
  const m = bought();
  m.ok(ALICE, "list_region", { region_id: R, timeslice_price: TP, sale_recipient: recipient });
  return m;
}

describe("list_region", () => {
  it("escrows the region with the market's account and stores the listing (RegionX list_region_works)", () => {
    const m = bought();
    expect(m.region(R)).toEqual({ end: END, owner: ALICE, paid: PAID });
    m.ok(ALICE, "list_region", { region_id: R, timeslice_price: 1_000_000n, sale_recipient: CHARLIE });
    expect(m.lastCallEvents()).toEqual(["Broker.Transferred", "Market.Listed"]);
    expect(m.eventsOf("Broker", "Transferred")).toEqual([{ region_id: R, duration: END - BEGIN, old_owner: ALICE, owner: MOCK_MARKET_POT }]);
    expect(m.eventsOf("Market", "Listed")).toEqual([{ region_id: R, timeslice_price: 1_000_000n, seller: ALICE, sale_recipient: CHARLIE }]);
    expect(m.listing(R)).toEqual({ seller: ALICE, timeslice_price: 1_000_000n, sale_recipient: CHARLIE });
    // the record is the broker's, owner aside: end and renewal price stay
    expect(m.region(R)).toEqual({ end: END, owner: MOCK_MARKET_POT, paid: PAID });
  });

  it("defaults the sale recipient to the seller", () => {
    const m = listed();
    expect(m.listing(R)).toEqual({ seller: ALICE, timeslice_price: TP, sale_recipient: ALICE });
  });

  it("refuses, changing nothing: not the owner (Broker.NotOwner), unknown (UnknownRegion), listed (AlreadyListed), ended (RegionExpired), unsigned (BadOrigin)", () => {
    const m = bought();
    m.err(DAVE, "list_region", { region_id: R, timeslice_price: 1n, sale_recipient: undefined }, "Broker.NotOwner");
    m.err(ALICE, "list_region", { region_id: rid(5), timeslice_price: 1n, sale_recipient: undefined }, "Market.UnknownRegion");
    m.err(ALICE, "list_region", { region_id: rid(4, 1), timeslice_price: 1n, sale_recipient: undefined }, "Market.UnknownRegion");
    m.failsWith("BadOrigin", () => m.rt.applyExtrinsic({ origin: Origin.root, call: RegionMarket.call("list_region", { region_id: R, timeslice_price: 1n, sale_recipient: undefined }) }));
    m.ok(ALICE, "list_region", { region_id: R, timeslice_price: TP, sale_recipient: undefined });
    m.err(ALICE, "list_region", { region_id: R, timeslice_price: 2n * TP, sale_recipient: undefined }, "Market.AlreadyListed");
    // AlreadyListed comes first, as upstream: even a stranger's attempt says so
    m.err(DAVE, "list_region", { region_id: R, timeslice_price: 1n, sale_recipient: undefined }, "Market.AlreadyListed");
    // an ended region (timeslice 7 = its end, block 14) cannot be listed
    const n = bought();
    n.to(2 * END);
    n.err(ALICE, "list_region", { region_id: R, timeslice_price: 1n, sale_recipient: undefined }, "Market.RegionExpired");
    const o = bought();
    o.to(2 * END - 1); // timeslice 6: one timeslice remains, listing is allowed
    o.ok(ALICE, "list_region", { region_id: R, timeslice_price: 1n, sale_recipient: undefined });
  });
});

describe("purchase_region", () => {
  it("pays the sale recipient timeslice_price × remaining timeslices and hands the region over (RegionX purchase_region_works)", () => {
    const m = listed(EVE);
    m.to(10); // timeslice 5: 7 − 5 = 2 remain
    const price = TP * BigInt(END - 5);
    m.err(BOB, "purchase_region", { region_id: R, max_price: price - 1n }, "Market.PriceTooHigh");
    m.ok(BOB, "purchase_region", { region_id: R, max_price: price });
    // eve had no account: the payment creates it
    expect(m.lastCallEvents()).toEqual(["Balances.Endowed", "Balances.Transfer", "Broker.Transferred", "Market.Purchased"]);
    expect(m.eventsOf("Balances", "Transfer").at(-1)).toEqual({ from: BOB, to: EVE, amount: price });
    expect(m.eventsOf("Broker", "Transferred").at(-1)).toEqual({ region_id: R, duration: END - BEGIN, old_owner: MOCK_MARKET_POT, owner: BOB });
    expect(m.eventsOf("Market", "Purchased")).toEqual([{ region_id: R, buyer: BOB, total_price: price }]);
    expect(m.listing(R)).toBeUndefined();
    expect(m.region(R)).toEqual({ end: END, owner: BOB, paid: PAID });
    expect(m.free(BOB)).toBe(1000n - price);
    expect(m.free(EVE)).toBe(price);
    expect(m.free(ALICE)).toBe(1000n - PAID); // the seller gets nothing: the recipient does
    // the buyer owns it in the broker now
    expect(outcome(m.broker(BOB, "transfer", { region_id: R, new_owner: CHARLIE }))).toBe("ok");
  });

  it("charges, block by block, the whole duration before the region begins and what remains of it after", () => {
    const m = listed();
    for (let block = 2; block < 2 * END; block++) {
      m.to(block);
      const now = Math.floor(block / 2);
      const remaining = now < BEGIN ? END - BEGIN : END - now;
      const price = TP * BigInt(remaining);
      expect(regionPrice(BEGIN, END, now, TP)).toBe(price);
      const xt = (max: bigint) => ({ origin: Origin.signed(BOB), call: RegionMarket.call("purchase_region", { region_id: R, max_price: max }) });
      expect(outcome(m.rt.dryRun(xt(price - 1n)).result)).toBe("Market.PriceTooHigh");
      const ok = m.rt.dryRun(xt(price));
      expect(outcome(ok.result)).toBe("ok");
      const purchased = ok.events.find((e) => e.type === "Market" && e.value.type === "Purchased");
      expect(purchased?.value.value).toEqual({ region_id: R, buyer: BOB, total_price: price });
    }
  });

  it("refuses, changing nothing: the seller or the recipient (NotAllowed), unlisted (NotListed), unaffordable (Token.FundsUnavailable)", () => {
    const m = listed(EVE);
    m.err(ALICE, "purchase_region", { region_id: R, max_price: 10_000n }, "Market.NotAllowed");
    m.err(EVE, "purchase_region", { region_id: R, max_price: 10_000n }, "Market.NotAllowed");
    m.err(BOB, "purchase_region", { region_id: rid(5), max_price: 10_000n }, "Market.NotListed");
    // dave has nothing; the price now is 50 × 3 = 150
    m.err(DAVE, "purchase_region", { region_id: R, max_price: 10_000n }, "Token.FundsUnavailable");
    expect(m.listing(R)).toEqual({ seller: ALICE, timeslice_price: TP, sale_recipient: EVE });
    expect(m.region(R)?.owner).toBe(MOCK_MARKET_POT);
  });

  it("refuses an expired region (Corelab: upstream sells it for 0), from the end on", () => {
    const m = listed();
    m.to(2 * END - 1); // timeslice 6: one remains
    expect(m.rt.dryRun({ origin: Origin.signed(BOB), call: RegionMarket.call("purchase_region", { region_id: R, max_price: TP }) }).result.ok).toBe(true);
    m.to(2 * END); // timeslice 7 = end
    m.err(BOB, "purchase_region", { region_id: R, max_price: 10_000n }, "Market.RegionExpired");
    expect(regionPrice(BEGIN, END, END, TP)).toBe(0n); // what upstream would have charged
  });

  it("a zero price is a purchase for nothing (Balances.Transfer of 0)", () => {
    const m = bought();
    m.ok(ALICE, "list_region", { region_id: R, timeslice_price: 0n, sale_recipient: undefined });
    m.ok(DAVE, "purchase_region", { region_id: R, max_price: 0n });
    expect(m.region(R)?.owner).toBe(DAVE);
    expect(m.eventsOf("Market", "Purchased").at(-1)).toEqual({ region_id: R, buyer: DAVE, total_price: 0n });
  });
});

describe("unlist_region", () => {
  it("the seller takes the region back (RegionX unlist_region_works)", () => {
    const m = listed();
    m.err(BOB, "unlist_region", { region_id: R }, "Market.NotAllowed");
    m.err(BOB, "unlist_region", { region_id: rid(5) }, "Market.NotListed");
    m.ok(ALICE, "unlist_region", { region_id: R });
    expect(m.lastCallEvents()).toEqual(["Broker.Transferred", "Market.Unlisted"]);
    expect(m.eventsOf("Broker", "Transferred").at(-1)).toEqual({ region_id: R, duration: END - BEGIN, old_owner: MOCK_MARKET_POT, owner: ALICE });
    expect(m.eventsOf("Market", "Unlisted")).toEqual([{ region_id: R }]);
    expect(m.listing(R)).toBeUndefined();
    expect(m.region(R)).toEqual({ end: END, owner: ALICE, paid: PAID });
    m.err(ALICE, "unlist_region", { region_id: R }, "Market.NotListed");
  });

  it("anyone unlists once the region is past its end; at the end only the seller (RegionX unlist_expired_region_works, `now ≤ end`)", () => {
    const m = listed();
    m.to(2 * END + 1); // timeslice 7 = end
    m.err(BOB, "unlist_region", { region_id: R }, "Market.NotAllowed");
    m.to(2 * (END + 1)); // timeslice 8
    m.ok(BOB, "unlist_region", { region_id: R });
    expect(m.region(R)?.owner).toBe(ALICE); // back to the seller, not to whoever unlisted
    expect(m.listing(R)).toBeUndefined();
  });

  it("anyone unlists a listing whose region the broker dropped, and nothing is given back (Corelab)", () => {
    const m = listed();
    // the broker commits a timeslice advance_notice (2 blocks) ahead: at block 12 (timeslice 6)
    // timeslice 7 is committed, and the region may be dropped though the market still counts one
    // timeslice of it
    m.to(12);
    const status = m.rt.read((ctx) => Broker.storage.Status.get(ctx));
    expect(status?.last_committed_timeslice).toBeGreaterThanOrEqual(END);
    m.brokerOk(DAVE, "drop_region", { region_id: R });
    expect(m.region(R)).toBeUndefined();
    m.err(BOB, "purchase_region", { region_id: R, max_price: 10_000n }, "Market.UnknownRegion");
    m.err(ALICE, "update_region_price", { region_id: R, new_timeslice_price: 1n }, "Market.UnknownRegion");
    m.ok(DAVE, "unlist_region", { region_id: R });
    expect(m.lastCallEvents()).toEqual(["Market.Unlisted"]);
    expect(m.listing(R)).toBeUndefined();
  });
});

describe("update_region_price", () => {
  it("the seller reprices; the recipient stays (RegionX update_region_price_works)", () => {
    const m = listed(CHARLIE);
    m.err(ALICE, "update_region_price", { region_id: rid(5), new_timeslice_price: 1n }, "Market.NotListed");
    m.err(CHARLIE, "update_region_price", { region_id: R, new_timeslice_price: 1n }, "Market.NotAllowed");
    m.to(4);
    m.ok(ALICE, "update_region_price", { region_id: R, new_timeslice_price: 2n * TP });
    expect(m.eventsOf("Market", "PriceUpdated")).toEqual([{ region_id: R, new_timeslice_price: 2n * TP }]);
    expect(m.listing(R)).toEqual({ seller: ALICE, timeslice_price: 2n * TP, sale_recipient: CHARLIE });
    m.to(2 * END);
    m.err(ALICE, "update_region_price", { region_id: R, new_timeslice_price: 1n }, "Market.RegionExpired");
  });
});

describe("escrow beside Broker", () => {
  it("a listed region cannot be partitioned, interlaced, assigned, pooled or transferred by its seller", () => {
    const m = listed();
    const tries: Array<[string, () => ReturnType<Mock["broker"]>]> = [
      ["partition", () => m.broker(ALICE, "partition", { region_id: R, pivot: 1 })],
      ["interlace", () => m.broker(ALICE, "interlace", { region_id: R, pivot: COMPLETE >> 40n })],
      ["assign", () => m.broker(ALICE, "assign", { region_id: R, task: 1000, finality: { type: "Provisional" } })],
      ["pool", () => m.broker(ALICE, "pool", { region_id: R, payee: ALICE, finality: { type: "Provisional" } })],
      ["transfer", () => m.broker(ALICE, "transfer", { region_id: R, new_owner: BOB })],
    ];
    for (const [, apply] of tries) m.failsWith("Broker.NotOwner", apply);
    expect(m.listing(R)).toEqual({ seller: ALICE, timeslice_price: TP, sale_recipient: ALICE });
  });

  it("parts of a region are listed and priced each on its own begin and end", () => {
    const m = bought();
    m.brokerOk(ALICE, "partition", { region_id: R, pivot: 1 }); // {4} ends at 5, {5} ends at 7
    const half = (mask: bigint): RegionId => rid(5, 0, mask);
    const top = COMPLETE ^ (COMPLETE >> 40n);
    m.brokerOk(ALICE, "interlace", { region_id: rid(5), pivot: top }); // {5, top} and {5, bottom}
    m.ok(ALICE, "list_region", { region_id: rid(4), timeslice_price: 60n, sale_recipient: undefined });
    m.ok(ALICE, "list_region", { region_id: half(top), timeslice_price: 40n, sale_recipient: undefined });
    m.to(10); // timeslice 5
    // {4, 0} ended at 5; {5, top} begins now: 40 × (7 − 5)
    m.err(BOB, "purchase_region", { region_id: rid(4), max_price: 10_000n }, "Market.RegionExpired");
    m.ok(BOB, "purchase_region", { region_id: half(top), max_price: 40n * 2n });
    expect(m.region(half(top))?.owner).toBe(BOB);
    expect(m.region(half(COMPLETE >> 40n))?.owner).toBe(ALICE); // the other half never left her
  });

  it("holds exactly the listed regions: after a run of listings, sales and unlistings the market's account owns what is listed", () => {
    const m = new Mock({ endow: { [ALICE]: 10_000n, [BOB]: 10_000n, [CHARLIE]: 10_000n } });
    m.brokerOk("root", "start_sales", { end_price: 100n, extra_cores: 3 });
    m.to(2);
    for (const who of [ALICE, BOB, CHARLIE]) m.brokerOk(who, "purchase", { price_limit: 10_000n });
    const ids = m.eventsOf("Broker", "Purchased").map((e) => e.region_id as RegionId);
    expect(ids.map((r) => r.core)).toEqual([0, 1, 2]);
    const owners = [ALICE, BOB, CHARLIE];
    ids.forEach((r, i) => m.ok(owners[i]!, "list_region", { region_id: r, timeslice_price: 10n, sale_recipient: undefined }));
    m.ok(BOB, "unlist_region", { region_id: ids[1]! });
    m.ok(BOB, "purchase_region", { region_id: ids[0]!, max_price: 10_000n });
    m.ok(BOB, "list_region", { region_id: ids[0]!, timeslice_price: 20n, sale_recipient: undefined });
    m.ok(ALICE, "purchase_region", { region_id: ids[2]!, max_price: 10_000n });
    const listings = m.rt.read((ctx) => RegionMarket.storage.Listings.keys(ctx));
    const escrowed = m.rt.read((ctx) => Broker.storage.Regions.entries(ctx)).filter(([, r]) => r.owner === MOCK_MARKET_POT).map(([k]) => k);
    expect(listings).toEqual([ids[0]]);
    expect(escrowed).toEqual(listings);
    expect(m.listing(ids[0]!)).toEqual({ seller: BOB, timeslice_price: 20n, sale_recipient: BOB });
  });

  it("a region bought after the broker committed its rest cannot be assigned anew: the broker drops it (README: what the price counts)", () => {
    const m = listed();
    m.to(10); // timeslice 5; the broker has committed timeslice 6 already
    m.ok(BOB, "purchase_region", { region_id: R, max_price: TP * 2n });
    m.brokerOk(BOB, "assign", { region_id: R, task: 2000, finality: { type: "Final" } });
    // the broker moves the region's begin past its last committed timeslice (7 = its end) and drops it
    const dropped = m.eventsOf("Broker", "RegionDropped");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ region_id: { begin: END, core: 0, mask: COMPLETE } });
    expect(m.eventsOf("Broker", "Assigned")).toEqual([]);
    expect(m.region(R)).toBeUndefined();
  });
});

describe("declaration", () => {
  it("has RegionX's call indices, argument names, events and errors in declaration order", () => {
    const calls = Object.entries(RegionMarket.calls).map(([name, c]) => [c.index, name, Object.keys(c.args)]);
    expect(calls).toEqual([
      [0, "list_region", ["region_id", "timeslice_price", "sale_recipient"]],
      [1, "unlist_region", ["region_id"]],
      [2, "update_region_price", ["region_id", "new_timeslice_price"]],
      [3, "purchase_region", ["region_id", "max_price"]],
    ]);
    expect(Object.keys(RegionMarket.errors)).toEqual(["AlreadyListed", "NotListed", "UnknownRegion", "RegionExpired", "NotAllowed", "PriceTooHigh", "RecordUnavailable", "RegionLocked"]);
    const events = Object.fromEntries(Object.entries(RegionMarket.events).map(([n, c]) => [n, Object.keys((c as unknown as { fields: object }).fields)]));
    expect(events).toEqual({
      Listed: ["region_id", "timeslice_price", "seller", "sale_recipient"],
      Unlisted: ["region_id"],
      Purchased: ["region_id", "buyer", "total_price"],
      PriceUpdated: ["region_id", "new_timeslice_price"],
    });
  });

  it("describes itself in the runtime's metadata", () => {
    const m = new Mock();
    const md = m.rt.metadata();
    expect(md.omitted.filter((l) => l.startsWith("Market"))).toEqual([]);
    const pallet = md.v15.pallets.find((p) => p.name === "Market");
    expect(pallet?.constants.map((c) => c.name)).toEqual(["TimeslicePeriod", "PalletId"]);
    expect(pallet?.storage?.items.map((i) => i.name)).toEqual(["Listings"]);
  });
});

describe("region-market-mock preset", () => {
  const DEV = { alice: ALICE, bob: BOB } as Record<string, string>;
  const resolveAccount = (name: string) => DEV[name] ?? name;

  it("takes the broker's TimeslicePeriod for the market's clock, and a Market override of it", () => {
    const rt = regionMarketMock.create({ constants: { Broker: { TimeslicePeriod: 4 } }, resolveAccount });
    const config = rt.configOf<{ TimeslicePeriod: number }>(RegionMarket);
    expect(config.TimeslicePeriod).toBe(4);
    const rt2 = regionMarketMock.create({ constants: { Market: { TimeslicePeriod: 6 } }, resolveAccount });
    expect(rt2.configOf<{ TimeslicePeriod: number }>(RegionMarket).TimeslicePeriod).toBe(6);
    expect(rt2.configOf<{ TimeslicePeriod: number }>(Broker).TimeslicePeriod).toBe(2);
  });

  it("parses genesis and names the escrow account pallet:Market", () => {
    const rt = regionMarketMock.create({ genesis: { Balances: { balances: { alice: 1000 } } }, resolveAccount });
    expect(rt.query("Balances", "Account", ALICE)).toMatchObject({ free: 1000n });
    expect(regionMarketMock.accounts?.["pallet:Market"]).toBe(MOCK_MARKET_POT);
    expect(regionMarketMock.accounts?.["pallet:Broker"]).toBeDefined();
    expect(() => regionMarketMock.create({ constants: { Market: { Nope: 1 } } })).toThrow(/Nope/);
  });
});
