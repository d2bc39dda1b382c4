// Resellers and the secondary market (`Market`, RegionX's pallet_market) in the network model:
// a reseller buys the only core in the sale, lists it at a markup; the para's orderer (bulk), sold
// out in the sale, buys the listed region within its limit, assigns it and its para builds on it.
// Asserted from the coretime chain's events (Broker.Purchased, Market.Listed / Purchased,
// Broker.Assigned) and the run's blocks and summary.
import { describe, expect, it } from "vitest";
import { networkModel, parseNetworkModel, preloadAgentModules } from "./index.ts";
import { recorded } from "./__fixtures__/event-recorder.ts";

const FILE = `${import.meta.dirname}/model.yaml`;
const KSM = 10n ** 12n;

// one core, sold in one sale: regions of 5 timeslices × 2 relay blocks (TimeslicePeriod 2)
const model = (agents: unknown[], extra: Record<string, unknown> = {}) => ({
  model: "network",
  blocks: 40,
  cores: 0,
  constants: { "coretime.Broker": { TimeslicePeriod: 2 } },
  genesis: {
    "relay.Coretime": { core_count: 1 },
    "coretime.Broker": { config: { advance_notice: 2, interlude_length: 4, leadin_length: 4, region_length: 5, ideal_bulk_proportion: 0, limit_cores_offered: null, renewal_bump: "10%", contribution_timeout: 5 } },
  },
  setup: [{ at: 2, chain: "coretime", call: "Broker.start_sales", args: { end_price: "1 KSM", extra_cores: 1 } }],
  agents: [...agents, { module: "./__fixtures__/event-recorder.ts", name: "recorder" }],
  ...extra,
});

async function run(raw: Record<string, unknown>) {
  const p = parseNetworkModel(raw, FILE);
  await preloadAgentModules(p);
  recorded.length = 0;
  return networkModel.run(p, { seed: 1 });
}

const of = (pallet: string, name: string) => recorded.filter((e) => e.pallet === pallet && e.name === name);

describe("network model: a reseller and the secondary market", () => {
  it("the reseller buys in the sale and lists at +50 %; the sold-out para buys the listing, assigns it and builds on it", async () => {
    const r = await run(
      model([
        { kind: "reseller", account: "charlie", price_limit: "100 KSM", wait: "no", markup: 0.5 },
        { kind: "orderer", para: 2000, strategy: "bulk", bulk_price_limit: "100 KSM" },
      ]),
    );
    expect(r.failure).toBeUndefined();
    // the sale's only core goes to the reseller
    const bought = of("Broker", "Purchased");
    expect(bought).toHaveLength(1);
    const paid = bought[0]!.value.price as bigint;
    const duration = bought[0]!.value.duration as number;
    const region = bought[0]!.value.region_id as { begin: number; core: number };
    expect(duration).toBe(5);
    // listed for the whole region at ⌈⌈paid × 1.5⌉ / 5⌉ a timeslice (derived from the listing rule)
    const perTs = ((paid * 3n + 1n) / 2n + 4n) / 5n;
    const listed = of("Market", "Listed");
    expect(listed).toHaveLength(1);
    expect(listed[0]!.value).toMatchObject({ region_id: region, timeslice_price: perTs, seller: bought[0]!.value.who });
    // the orderer finds the sale sold out and buys the listing in the same block, before the region
    // begins: the whole region's price, perTs × 5, paid to the reseller
    const sold = of("Market", "Purchased");
    expect(sold).toHaveLength(1);
    expect(sold[0]!.block).toBe(listed[0]!.block);
    expect(sold[0]!.value).toMatchObject({ region_id: region, total_price: perTs * 5n });
    expect(sold[0]!.value.buyer).not.toBe(bought[0]!.value.who);
    const assigned = of("Broker", "Assigned");
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.value).toMatchObject({ region_id: region, task: 2000 });
    // the broker hands the core's work for the region to the relay (CoreAssigned, a message that
    // arrives one relay block later); the relay runs it from its next block: the para builds from
    // then on, every relay block (the orderer renews the resold region in each later sale)
    const committed = of("Broker", "CoreAssigned").find((e) => JSON.stringify(e.value.assignment) === JSON.stringify([[{ type: "Task", value: 2000 }, 57_600]]));
    expect(committed).toBeDefined();
    expect(committed!.value.when).toBe(region.begin * 2);
    const first = r.rows.findIndex((row) => row.para_blocks === 1) + 1;
    expect(first).toBe(committed!.block + 2);
    expect(r.rows.slice(first - 1).every((row) => row.para_blocks === 1)).toBe(true);
    expect(of("Broker", "Renewed").length).toBeGreaterThanOrEqual(2);
    // the run's figures: one resale at that price; the orderer bought nothing in the sale
    expect(r.summary.resales).toBe(1);
    expect(r.summary.resale_price_mean).toBeCloseTo(Number(perTs * 5n) / 1e12, 12);
    expect(r.summary.bulk_purchases).toBe(1); // the reseller's
    const renewed = of("Broker", "Renewed").reduce((a, e) => a + (e.value.price as bigint), 0n);
    expect(r.summary.bulk_spend).toBeCloseTo(Number(paid + perTs * 5n + renewed) / 1e12, 9); // the reseller's purchase, the resale, the para's renewals
    expect(paid).toBeGreaterThan(KSM); // bought during the lead-in, above the end price
  });

  it("a mixed orderer buys the listing too (and orders on demand only until its core runs)", async () => {
    const r = await run(
      model([
        { kind: "reseller", account: "charlie", price_limit: "100 KSM", wait: "no", markup: 0.5 },
        { kind: "orderer", para: 2000, strategy: "mixed", bulk_price_limit: "100 KSM", threshold: 0 },
      ]),
    );
    expect(r.failure).toBeUndefined();
    expect(of("Market", "Purchased")).toHaveLength(1);
    expect(r.summary.resales).toBe(1);
    const first = r.rows.findIndex((row) => row.wait_reason === "BulkCore");
    expect(first).toBeGreaterThan(0);
    expect(r.rows.slice(first).every((row) => row.orders === 0)).toBe(true);
  });

  it("under RFC-17 the reseller bids, and lists the region the settlement issues to it; the para buys it", async () => {
    const r = await run(
      model(
        [
          // the highest bid wins RFC-17's one core; the listing (1.5 × the clearing price) is within the para's limit
          { kind: "reseller", account: "charlie", price_limit: "1000 KSM", markup: 0.5 },
          { kind: "orderer", para: 2000, strategy: "bulk", bulk_price_limit: "300 KSM" },
        ],
        {
          blocks: 60,
          market: "rfc17",
          constants: { "coretime.Broker": { TimeslicePeriod: 2 }, "coretime.CoretimeMarket": { MarketPeriod: 8, RenewalPeriod: 6, RegionLength: 12, AdvanceNotice: 2 } },
        },
      ),
    );
    expect(r.failure).toBeUndefined();
    const issued = of("Broker", "Purchased");
    const listed = of("Market", "Listed");
    expect(issued.length).toBeGreaterThanOrEqual(1);
    // each region issued to the reseller is listed in that same coretime block, at ⌈⌈paid × 1.5⌉ / duration⌉
    const mine = issued.filter((e) => e.value.who === listed[0]?.value.seller);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const first = mine[0]!;
    const paid = first.value.price as bigint;
    const d = BigInt(first.value.duration as number);
    expect(listed[0]!.block).toBe(first.block);
    expect(listed[0]!.value.timeslice_price).toBe(((paid * 3n + 1n) / 2n + d - 1n) / d);
    expect(of("Market", "Purchased").length).toBeGreaterThanOrEqual(1);
    expect(r.summary.resales).toBeGreaterThanOrEqual(1);
  });

  it("a listing over the para's limit is not bought: the region idles and no resale is counted", async () => {
    const r = await run(
      model([
        { kind: "reseller", account: "charlie", price_limit: "100 KSM", wait: "no", markup: 10 },
        { kind: "orderer", para: 2000, strategy: "bulk", bulk_price_limit: "5 KSM" },
      ]),
    );
    expect(r.failure).toBeUndefined();
    // nobody renews what nobody uses: the core is on sale again each sale, the reseller buys and lists it each time
    expect(of("Market", "Listed").length).toBe(of("Broker", "Purchased").length);
    expect(of("Market", "Listed").length).toBeGreaterThanOrEqual(2);
    expect(of("Market", "Purchased")).toHaveLength(0);
    expect(r.summary.resales).toBe(0);
    expect(r.summary.para_blocks).toBe(0);
  });

  it("a model without a reseller or coretime.Market has no market and no resale columns", async () => {
    const r = await run(model([{ kind: "orderer", para: 2000, strategy: "bulk", bulk_price_limit: "100 KSM" }]));
    expect(r.summary).not.toHaveProperty("resales");
    expect(r.summary.bulk_purchases).toBe(1);
    expect(parseNetworkModel(model([{ kind: "reseller", price_limit: 1 }]), FILE).constants["coretime.Market"]).toEqual({});
    expect(parseNetworkModel(model([]), FILE).constants).not.toHaveProperty("coretime.Market");
  });

  it("bad reseller parameters name the path", () => {
    expect(() => parseNetworkModel(model([{ kind: "reseller" }]), FILE)).toThrow(/agents\[0\]\.price_limit: agent kind 'reseller' needs 'price_limit'/);
    expect(() => parseNetworkModel(model([{ kind: "reseller", price_limit: 1, markup: -1 }]), FILE)).toThrow(/agents\[0\]\.markup: expected a number >= 0/);
    expect(() => parseNetworkModel(model([{ kind: "reseller", price_limit: 1, wait: "later" }]), FILE)).toThrow(/agents\[0\]\.wait: unknown value 'later'; valid: no, floor/);
    expect(() => parseNetworkModel(model([{ kind: "reseller", price_limit: 1, listing: 2 }]), FILE)).toThrow(/agents\[0\]\.listing: unknown parameter 'listing' of agent kind 'reseller'; valid: kind, name, account, price_limit/);
  });
});
