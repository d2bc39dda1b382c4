/**
 * `orderer`: a parachain's on-demand coretime ordering, run once per relay block as a collator's
 * order task does (Magnet `client/coretime/on-demand`, reference B.2), with the decision rule of
 * Magnet's documentation (B.8) and the alternatives a study compares it with:
 *
 * - `magnet`: `@corelab/pallet-assurance`'s `decideOrder` (the same rule its node task runs). In
 *   `documented` mode: order when the spot price is within `price_limit` (0 = no limit) **and** the
 *   fees of the transactions waiting in the pool reach `threshold × spot price` (reason `profit`);
 *   with `assurance` on, when more than `bid_threshold` relay blocks passed since the para's last
 *   block and transactions are waiting, order anyway, paid by `reserve` (reason `assurance`), also
 *   over the price limit. `magnet-code` mode: Magnet's code (Perbill threshold with strict `>`, no
 *   price-limit check, ordering only in the first half of 2^slot_width windows). The model's paras
 *   charge fees in the relay token, so Magnet's relay→para unit scale (×1e6) is 1 in both modes.
 * - `no-assurance`: `magnet` with assurance off (waits as long as price or profit say so).
 * - `always`: order whenever no order of this para is in flight (reason `always`).
 * - `interval`: order at relay blocks that are multiples of `interval` (reason `interval`).
 *
 * - `bulk` (Magnet's "future steps": orders fulfilled through bulk purchases): the order manager
 *   buys a region in each sale while the sale price is within `bulk_price_limit`, assigns it to the
 *   para for good, and renews it while the renewal price stays within `renewal_limit`; it places no
 *   on-demand order.
 * - `mixed`: `bulk`, and while no core runs the para by a bulk assignment (`ParaView.bulkCore`:
 *   before its first region begins, after a renewal it could not afford) Magnet's on-demand rule
 *   with profit control and assurance, as `magnet`.
 *
 * The bulk strategies buy from `buyer` on the coretime chain (default: the para's sibling sovereign
 * account there, which a parachain's XCM purchase pays from: `siblingSovereignAccount`). A
 * strategy buys a region in a sale only when it has no renewal for that sale (the first sale,
 * or a renewal lost or over the limit). When the coretime chain has the secondary market
 * (`Market`, see `reseller.ts`) and the para holds no region running now or later (none bought,
 * renewed or bought there whose end is past the current timeslice), it buys the cheapest listed
 * region whose price now is within `bulk_price_limit` and assigns it to the para for good
 * (Magnet's "secondary market where regions change hands at a price").
 *
 * Every strategy skips while its previous order is not served yet (`AlreadyQueued` /
 * `OrderInFlight`); wait reasons are pallet-assurance's `SkipReason` names (plus `NotDue`).
 * `max_amount` is the spot price seen (as Magnet sends), so an order can fail with
 * `SpotPriceHigherThanMaxAmount` when the price moves first.
 * "Gas collected since the last para block" is what the next block would collect: the fees
 * waiting in the pool (Magnet's code sums the ready pool; a para without a block collects nothing).
 */
import { DEFAULT_SETTINGS, decideOrder, type AssuranceSettings, type ParaObservation, type RelayObservation } from "@corelab/pallet-assurance";
import { siblingSovereignAccount } from "@corelab/runtimes";
import { assignIssued, buyRegion, renewParaCore, runningSale } from "./bulk.ts";
import { buyListedRegion, currentTimeslice, hasRegionMarket, regionsIssuedTo } from "./reseller.ts";
import type { BuiltinAgent } from "./index.ts";

/** Who an orderer with a bulk strategy buys and renews as: `buyer`, or the para's sibling sovereign account on the coretime chain. */
export function bulkBuyerOf(params: Readonly<Record<string, unknown>>): string {
  return (params.buyer as string | undefined) ?? siblingSovereignAccount(params.para as number);
}

/** The ordering strategies. */
export const ORDER_STRATEGIES = ["magnet", "no-assurance", "always", "interval", "bulk", "mixed"] as const;
/** An ordering strategy. */
export type OrderStrategy = (typeof ORDER_STRATEGIES)[number];

/** What `decideStrategy` sees at one relay block. */
export interface OrderInput {
  readonly strategy: OrderStrategy;
  /** `@corelab/pallet-assurance` settings (used by `magnet` and `no-assurance`). */
  readonly settings: AssuranceSettings;
  /** Fixed interval of the `interval` strategy (relay blocks). */
  readonly interval: number;
  readonly para: ParaObservation;
  readonly relay: RelayObservation;
  /** Whether a bulk (`Task`) assignment runs the para now (`bulk` and `mixed` order on demand only without one). */
  readonly bulkCore?: boolean;
}

/** The decision: order (with its reason) or wait (with the reason, `SkipReason` names). */
export type OrderDecision = { readonly order: true; readonly reason: "profit" | "assurance" | "always" | "interval" } | { readonly order: false; readonly reason: string };

/**
 * The ordering decision at one relay block (pure). `magnet` / `no-assurance`: pallet-assurance's
 * `decideOrder` (Documented or Magnet mode per `settings.mode`; `no-assurance` with assurance off);
 * `always`: order unless an order is queued or in flight; `interval`: order at relay blocks that are
 * multiples of `interval`, unless queued or in flight; `bulk`: never (`BulkOnly`); `mixed`: as
 * `magnet` while no bulk assignment runs the para, else not (`BulkCore`).
 */
export function decideStrategy(i: OrderInput): OrderDecision {
  if (i.strategy === "bulk") return { order: false, reason: "BulkOnly" };
  if (i.strategy === "mixed") {
    if (i.bulkCore === true) return { order: false, reason: "BulkCore" };
    return decideStrategy({ ...i, strategy: "magnet" });
  }
  if (i.strategy === "magnet" || i.strategy === "no-assurance") {
    const d = decideOrder(i.strategy === "no-assurance" ? { ...i.settings, assurance: false } : i.settings, i.para, i.relay);
    return d.type === "Order" ? { order: true, reason: d.assurance ? "assurance" : "profit" } : { order: false, reason: d.reason };
  }
  if (i.relay.queued) return { order: false, reason: "AlreadyQueued" };
  const last = i.para.lastOrderRelayBlock;
  if (last !== undefined && last >= i.para.lastBlockRelayParent) return { order: false, reason: "OrderInFlight" };
  if (i.strategy === "always") return { order: true, reason: "always" };
  return i.relay.relayBlock % i.interval === 0 ? { order: true, reason: "interval" } : { order: false, reason: "NotDue" };
}

/** The `orderer` agent kind. */
export const ordererAgent: BuiltinAgent = {
  kind: "orderer",
  description: "coretime for a para: on demand (magnet: profit control + assurance, no-assurance, always, interval), bulk, or mixed (bulk, on demand while it holds no core)",
  params: {
    para: { type: "int", required: true, docs: "the para id to order for" },
    strategy: { type: "enum", values: ORDER_STRATEGIES, default: "magnet", docs: "the ordering rule" },
    mode: { type: "enum", values: ["documented", "magnet-code"], default: "documented", docs: "pallet-assurance mode: the documentation's rule, or Magnet's code (Perbill threshold, strict >, no price-limit check, 2^slot_width windows)" },
    price_limit: { type: "amount", default: 0, docs: "highest spot price to order at (0 = no limit)" },
    threshold: { type: "number", min: 0, max: 1_000_000, default: 1, docs: "fees waiting / spot price must reach this (1 = break even, may exceed 1)" },
    bid_threshold: { type: "int", default: 8, docs: "relay blocks without a para block before assurance orders" },
    assurance: { type: "bool", default: true, docs: "whether assurance is on (strategies magnet and mixed)" },
    slot_width: { type: "int", min: 0, max: 16, default: 3, docs: "magnet-code mode: ordering windows of 2^slot_width relay blocks" },
    interval: { type: "int", min: 1, default: 10, docs: "relay blocks between orders of the interval strategy" },
    payer: { type: "account", docs: "who pays normal orders (default: the para's sovereign account)" },
    reserve: { type: "account", docs: "who pays assurance orders (default: the payer)" },
    bulk_price_limit: { type: "amount", default: 0, docs: "bulk and mixed: the highest price paid for a region, in the sale or (with the secondary market) for a listed one" },
    renewal_limit: { type: "amount", default: 0, docs: "bulk and mixed: the highest renewal price (0 = bulk_price_limit)" },
    buyer: { type: "account", docs: "bulk and mixed: who buys and renews on the coretime chain (default: the para's sibling sovereign account there)" },
  },
  check(params, fail) {
    if ((params.strategy === "bulk" || params.strategy === "mixed") && (params.bulk_price_limit as bigint) <= 0n) fail("bulk_price_limit", `strategy ${String(params.strategy)} needs a bulk_price_limit above 0`);
  },
  create({ name, params, account }) {
    const para = params.para as number;
    const strategy = params.strategy as OrderStrategy;
    const payer = (params.payer as string | undefined) ?? account(`para:${para}`);
    const reserve = (params.reserve as string | undefined) ?? payer;
    const magnetCode = params.mode === "magnet-code";
    const settings: AssuranceSettings = {
      ...DEFAULT_SETTINGS,
      mode: magnetCode ? "Magnet" : "Documented",
      priceLimit: params.price_limit as bigint,
      profitThreshold: BigInt(Math.round((params.threshold as number) * 1e9)) * 1_000_000_000n,
      bidThreshold: params.bid_threshold as number,
      assurance: (strategy === "magnet" || strategy === "mixed") && (params.assurance as boolean), // mixed runs the magnet rule while no bulk core runs the para
      reserveAccount: reserve,
      priceScale: 1n, // the model's paras charge fees in the relay token: Magnet's ×1e6 (18-decimal gas) is 1 here
      slotWidth: params.slot_width as number,
    };
    const interval = params.interval as number;
    const bulk = strategy === "bulk" || strategy === "mixed";
    const buyer = { type: "Signed" as const, value: bulkBuyerOf(params) };
    const bulkLimit = params.bulk_price_limit as bigint;
    const renewalLimit = (params.renewal_limit as bigint) > 0n ? (params.renewal_limit as bigint) : bulkLimit;
    const served = new Set<number>(); // region_begin of the sales in which it renewed or bought
    let heldUntil = 0; // end (timeslice) of the last region it bought, renewed or bought on the secondary market
    let lastOrder: number | undefined;
    return {
      name,
      onBlock(view) {
        const p = view.para(para);
        if (bulk) {
          assignIssued(view, buyer, para);
          for (const end of regionsIssuedTo(view, buyer.value)) heldUntil = Math.max(heldUntil, end); // a won bid (RFC-17)
          const s = runningSale(view);
          if (s && !served.has(s.region_begin)) {
            if (renewParaCore(view, buyer, para, renewalLimit, s.region_begin) !== undefined) {
              served.add(s.region_begin);
              heldUntil = Math.max(heldUntil, s.region_end);
            } else {
              const bought = buyRegion(view, buyer, bulkLimit, para);
              if (bought !== undefined) served.add(s.region_begin);
              if (bought === "sold") heldUntil = Math.max(heldUntil, s.region_end); // a bid holds nothing until it is issued
            }
          }
          // the secondary market (when the model has one): a listed region within the limit while it holds none running now or later
          if (view.coretimeOpen && hasRegionMarket(view) && heldUntil <= currentTimeslice(view)) {
            const got = buyListedRegion(view, buyer, bulkLimit, para);
            if (got !== undefined) heldUntil = Math.max(heldUntil, got.end);
          }
        }
        const d = decideStrategy({
          strategy,
          settings,
          interval,
          para: { pendingFees: p.pendingFees, pendingCount: p.pending, lastBlockRelayParent: p.lastBlock, lastOrderRelayBlock: lastOrder },
          relay: { relayBlock: view.block, spotPrice: view.spotPrice, queued: p.orderOutstanding },
          bulkCore: p.bulkCore,
        });
        if (!d.order) {
          view.wait(para, d.reason);
          return;
        }
        const r = view.placeOrder(para, { reason: d.reason, maxAmount: view.spotPrice, payer: d.reason === "assurance" ? reserve : payer });
        if (r.ok) lastOrder = view.block;
      },
    };
  },
};
