/**
 * The secondary market for regions in the `network` model: the `reseller` agent and the purchase
 * of a listed region by a para's order manager (`orderer` with strategy `bulk` or `mixed`).
 *
 * The market is `Market` (`@corelab/pallet-region-market`, RegionX-Node's `pallets/market`) on the
 * coretime chain, beside Broker; a model has it when it names `constants: { coretime.Market: … }`,
 * and a model with a `reseller` gets it by default (`schema.ts`). A listed region costs
 * `timeslice_price × the timeslices that remain of it` (the whole region before it begins).
 *
 * - `reseller`: buys up to `regions` regions in each sale at up to `price_limit`
 *   (`Broker.purchase`, dry-run first), by default only after the lead-in (`wait: floor`, the end
 *   price), keeps them unassigned and lists each on the market (`Market.list_region`) at the price
 *   it paid plus `markup` for the whole region: `timeslice_price = ⌈paid × (1 + markup) /
 *   duration⌉`, planck per timeslice. It pays in the sale with its own account (counted as bulk
 *   spend, as a bulk buyer's) and is paid by the buyer through the market. In a bidding market
 *   (RFC-17) it bids and lists the regions the settlement issues to it.
 * - `buyListedRegion`: the cheapest listing (price now, then region begin, then core) whose price is
 *   within a limit and whose region has not ended, bought with `Market.purchase_region { max_price:
 *   limit }` and assigned to the para for good (`Broker.assign`, `Final`); the `orderer` calls it
 *   while it holds no region running now or later.
 *
 * Every trade on the market is counted by the run's `SalesLedger` (`Market.Purchased`: summary
 * columns `resales`, `resale_price_mean`).
 */
import type { Origin, RuntimeEvent } from "@corelab/frame";
import { Broker, type BrokerConfig, type RegionId, type RegionRecord } from "@corelab/pallet-broker";
import { RegionMarket, regionPrice, type Listing } from "@corelab/pallet-region-market";
import type { AgentView } from "../types.ts";
import { runningSale, sellsByBids } from "./bulk.ts";
import type { BuiltinAgent } from "./index.ts";

/** Whether the model's coretime chain has the region market (`Market`). */
export function hasRegionMarket(view: AgentView): boolean {
  return view.coretime.pallets.has("Market");
}

/** The broker's current timeslice: `⌊relay block / TimeslicePeriod⌋` (the broker's and the market's clock). */
export function currentTimeslice(view: AgentView): number {
  const config = view.coretime.pallet("Broker").config as BrokerConfig;
  return Math.floor(view.block / config.TimeslicePeriod);
}

function eventOf(events: readonly RuntimeEvent[], pallet: string, name: string): Record<string, unknown> | undefined {
  const e = events.find((x) => x.type === pallet && x.value.type === name);
  return e?.value.value;
}

/**
 * The ends (timeslices, `begin + duration`) of the regions a bidding market's settlement issued to
 * `who` in the open coretime block (`Broker.Purchased` in its initialization, before extrinsics).
 */
export function regionsIssuedTo(view: AgentView, who: string): number[] {
  if (!view.coretimeOpen) return [];
  const ends: number[] = [];
  for (const rec of view.coretime.pendingEvents) {
    const e = rec.event;
    if (rec.phase.type !== "Initialization" || e.type !== "Broker" || e.value.type !== "Purchased") continue;
    const v = e.value.value as { who: string; region_id: RegionId; duration: number };
    if (v.who === who) ends.push(v.region_id.begin + v.duration);
  }
  return ends;
}

/** A listing on the market with what it costs now (planck) and its region's end (timeslice). */
export interface PricedListing {
  readonly regionId: RegionId;
  readonly listing: Listing;
  readonly price: bigint;
  readonly end: number;
}

/** The market's listings whose regions have not ended, with their price now, cheapest first (then by region begin, then core). */
export function pricedListings(view: AgentView): PricedListing[] {
  const now = currentTimeslice(view);
  const out: PricedListing[] = view.coretime.read((ctx) => {
    const list: PricedListing[] = [];
    for (const [regionId, listing] of RegionMarket.storage.Listings.entries(ctx) as Iterable<readonly [RegionId, Listing]>) {
      const record = Broker.storage.Regions.get(ctx, regionId) as RegionRecord | undefined;
      if (record === undefined || record.end <= now) continue;
      list.push({ regionId, listing, price: regionPrice(regionId.begin, record.end, now, listing.timeslice_price), end: record.end });
    }
    return list;
  });
  return out.sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : a.regionId.begin - b.regionId.begin || a.regionId.core - b.regionId.core));
}

/**
 * Buys the cheapest listed region within `limit` (planck, the whole price now) for `origin`
 * (`Market.purchase_region { max_price: limit }`, dry-run first, so a refused attempt costs
 * nothing) and, when `para` is not 0, assigns it to `para` for good. Counts the price as coretime
 * spend (`resale`). Returns the region's end (timeslice) and price, or `undefined` when nothing
 * was bought (no market, no listing within the limit, or the purchase failed).
 */
export function buyListedRegion(view: AgentView, origin: Origin, limit: bigint, para: number): { end: number; price: bigint } | undefined {
  if (!view.coretimeOpen || !hasRegionMarket(view) || origin.type !== "Signed") return undefined;
  for (const l of pricedListings(view)) {
    if (l.price > limit) break;
    if (l.listing.seller === origin.value || l.listing.sale_recipient === origin.value) continue;
    const call = RegionMarket.call("purchase_region", { region_id: l.regionId, max_price: limit });
    if (!view.coretime.dryRun({ origin, call }).result.ok) continue;
    const r = view.submit("coretime", origin, call);
    const ev = r.ok ? eventOf(r.events, "Market", "Purchased") : undefined;
    if (!ev) continue;
    const price = ev.total_price as bigint;
    view.recordSpend(price, "resale");
    if (para !== 0) view.submit("coretime", origin, Broker.call("assign", { region_id: l.regionId, task: para, finality: { type: "Final" } as never }));
    return { end: l.end, price };
  }
  return undefined;
}

/** `⌈paid × (1 + markup) / duration⌉` in planck per timeslice; `markup` in millionths (0.5 = 500 000). */
export function listingPrice(paid: bigint, markupMillionths: bigint, duration: number): bigint {
  const total = (paid * (1_000_000n + markupMillionths) + 999_999n) / 1_000_000n;
  const d = BigInt(Math.max(1, duration));
  return (total + d - 1n) / d;
}

/** The `reseller` agent kind. */
export const resellerAgent: BuiltinAgent = {
  kind: "reseller",
  description: "buys regions in the coretime sale when cheap and lists them on the secondary market (Market) at a markup",
  params: {
    account: { type: "account", default: "charlie", docs: "the reseller (funded on the coretime chain at genesis)" },
    price_limit: { type: "amount", required: true, docs: "the highest sale price paid for a region (planck or \"1 KSM\")" },
    regions: { type: "int", min: 1, default: 1, docs: "regions bought per sale" },
    sales: { type: "int", min: 0, default: 0, docs: "how many sales it buys in, from its first purchase (0 = every sale)" },
    wait: { type: "enum", values: ["no", "floor"], default: "floor", docs: "floor: buy only after the lead-in, at the sale's end price; no: as soon as the sale runs" },
    markup: { type: "number", min: 0, max: 1000, default: 0.5, docs: "the listing asks what it paid × (1 + markup) for the whole region (0.5 = +50 %)" },
  },
  create({ name, params }) {
    const who = params.account as string;
    const origin = { type: "Signed" as const, value: who };
    const limit = params.price_limit as bigint;
    const want = params.regions as number;
    const maxSales = params.sales as number;
    const floor = params.wait === "floor";
    const markup = BigInt(Math.round((params.markup as number) * 1e6));
    const bought = new Map<number, number>(); // region_begin → regions bought in that sale
    const list = (view: AgentView, regionId: RegionId, paid: bigint, duration: number): void => {
      view.submit("coretime", origin, RegionMarket.call("list_region", { region_id: regionId, timeslice_price: listingPrice(paid, markup, duration), sale_recipient: undefined }));
    };
    return {
      name,
      onBlock(view) {
        if (!view.coretimeOpen) return;
        if (!hasRegionMarket(view)) throw new Error("the coretime chain has no region market (Market): name constants.coretime.Market in the model");
        // regions a bidding market's settlement issued to it (in the broker's tick, before extrinsics)
        for (const rec of view.coretime.pendingEvents) {
          const e = rec.event;
          if (rec.phase.type !== "Initialization" || e.type !== "Broker" || e.value.type !== "Purchased") continue;
          const v = e.value.value as Record<string, unknown>;
          if (v.who !== who) continue;
          view.recordSpend(v.price as bigint, "bulk");
          list(view, v.region_id as RegionId, v.price as bigint, v.duration as number);
        }
        const s = runningSale(view);
        if (!s || (bought.get(s.region_begin) ?? 0) >= want) return;
        if (maxSales > 0 && !bought.has(s.region_begin) && bought.size >= maxSales) return;
        if (floor && !sellsByBids(view) && view.block < s.sale_start + (s.leadin_length ?? 0)) return;
        const call = Broker.call("purchase", { price_limit: limit });
        if (!view.coretime.dryRun({ origin, call }).result.ok) return;
        const r = view.submit("coretime", origin, call);
        if (!r.ok) return;
        bought.set(s.region_begin, (bought.get(s.region_begin) ?? 0) + 1);
        const ev = eventOf(r.events, "Broker", "Purchased");
        if (!ev) return; // a bid: listed when the settlement issues the region
        view.recordSpend(ev.price as bigint, "bulk");
        list(view, ev.region_id as RegionId, ev.price as bigint, ev.duration as number);
      },
    };
  },
};
