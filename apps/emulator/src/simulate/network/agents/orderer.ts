/**
 * `orderer`: a parachain's on-demand coretime ordering, run once per relay block as a collator's
 * order task does (Magnet `client/coretime/on-demand`, reference B.2), with the decision rule of
 * Magnet's documentation (B.8) and the alternatives a study compares it with:
 *
 * - `magnet`: order when the spot price is within `price_limit` (0 = no limit) **and** the fees of
 *   the transactions waiting in the pool exceed `threshold × spot price` (reason `profit`); with
 *   `assurance` on, when more than `bid_threshold` relay blocks passed since the para's last block
 *   and transactions are waiting, order anyway, paid by `reserve` (reason `assurance`) — also over
 *   the price limit, as the documentation's workflow lets assurance override both checks.
 * - `no-assurance`: `magnet` with assurance off (waits as long as price or profit say so).
 * - `always`: order whenever no order of this para is waiting to be served (reason `always`).
 * - `interval`: order every `interval` relay blocks (reason `interval`).
 *
 * Every strategy skips while its previous order is not served yet (`queued`: Magnet checks the
 * relay's `OnDemandQueue` for its para). `max_amount` is the spot price seen (as Magnet sends),
 * so an order can fail with `SpotPriceHigherThanMaxAmount` when the price moves first.
 * "Gas collected since the last para block" is what the next block would collect: the fees
 * waiting in the pool (Magnet's code sums the ready pool; a para without a block collects nothing).
 */
import type { BuiltinAgent } from "./index.ts";

/** The ordering strategies. */
export const ORDER_STRATEGIES = ["magnet", "no-assurance", "always", "interval"] as const;
/** An ordering strategy. */
export type OrderStrategy = (typeof ORDER_STRATEGIES)[number];

/** What the decision sees at one relay block. */
export interface OrderInput {
  readonly strategy: OrderStrategy;
  /** The relay block. */
  readonly block: number;
  /** Spot price now (planck). */
  readonly spotPrice: bigint;
  /** Price limit (planck); 0 = no limit. */
  readonly priceLimit: bigint;
  /** Profit threshold in parts per billion (1.0 = 1_000_000_000n; may exceed 1). */
  readonly thresholdPpb: bigint;
  /** Relay blocks without a para block after which assurance orders. */
  readonly bidThreshold: number;
  readonly assurance: boolean;
  /** Fixed interval of the `interval` strategy (relay blocks). */
  readonly interval: number;
  /** Transactions waiting and their fees (planck). */
  readonly pending: number;
  readonly pendingFees: bigint;
  /** Relay block of the para's last block (0 before the first). */
  readonly lastParaBlock: number;
  /** Whether this para's previous order is still waiting to be served. */
  readonly outstanding: boolean;
}

/** The decision: order (with its reason and who pays) or wait (with the reason). */
export type OrderDecision = { readonly order: true; readonly reason: "profit" | "assurance" | "always" | "interval" } | { readonly order: false; readonly reason: "queued" | "no-txs" | "over-price-limit" | "below-threshold" | "not-due" };

/** The ordering decision at one relay block (pure; see the module docs for the rules). */
export function decideOrder(i: OrderInput): OrderDecision {
  if (i.outstanding) return { order: false, reason: "queued" };
  switch (i.strategy) {
    case "always":
      return { order: true, reason: "always" };
    case "interval":
      return i.block % i.interval === 0 ? { order: true, reason: "interval" } : { order: false, reason: "not-due" };
    default: {
      if (i.pending === 0) return { order: false, reason: "no-txs" };
      const assure = i.strategy === "magnet" && i.assurance && i.block - i.lastParaBlock > i.bidThreshold;
      if (i.priceLimit > 0n && i.spotPrice > i.priceLimit) return assure ? { order: true, reason: "assurance" } : { order: false, reason: "over-price-limit" };
      if (i.pendingFees * 1_000_000_000n > i.thresholdPpb * i.spotPrice) return { order: true, reason: "profit" };
      return assure ? { order: true, reason: "assurance" } : { order: false, reason: "below-threshold" };
    }
  }
}

/** The `orderer` agent kind. */
export const ordererAgent: BuiltinAgent = {
  kind: "orderer",
  description: "on-demand ordering for a para: magnet (profit control + assurance), no-assurance, always, interval",
  params: {
    para: { type: "int", required: true, docs: "the para id to order for" },
    strategy: { type: "enum", values: ORDER_STRATEGIES, default: "magnet", docs: "the ordering rule" },
    price_limit: { type: "amount", default: 0, docs: "highest spot price to order at (0 = no limit)" },
    threshold: { type: "number", min: 0, max: 1_000_000, default: 1, docs: "fees waiting / spot price must exceed this (1 = break even, may exceed 1)" },
    bid_threshold: { type: "int", default: 8, docs: "relay blocks without a para block before assurance orders" },
    assurance: { type: "bool", default: true, docs: "whether magnet's assurance is on" },
    interval: { type: "int", min: 1, default: 10, docs: "relay blocks between orders of the interval strategy" },
    payer: { type: "account", docs: "who pays normal orders (default: the para's sovereign account)" },
    reserve: { type: "account", docs: "who pays assurance orders (default: the payer)" },
  },
  create({ name, params, account }) {
    const para = params.para as number;
    const strategy = params.strategy as OrderStrategy;
    const payer = (params.payer as string | undefined) ?? account(`para:${para}`);
    const reserve = (params.reserve as string | undefined) ?? payer;
    const thresholdPpb = BigInt(Math.round((params.threshold as number) * 1e9));
    const base = {
      strategy,
      priceLimit: params.price_limit as bigint,
      thresholdPpb,
      bidThreshold: params.bid_threshold as number,
      assurance: strategy === "magnet" && (params.assurance as boolean),
      interval: params.interval as number,
    };
    return {
      name,
      onBlock(view) {
        const p = view.para(para);
        const d = decideOrder({ ...base, block: view.block, spotPrice: view.spotPrice, pending: p.pending, pendingFees: p.pendingFees, lastParaBlock: p.lastBlock, outstanding: p.orderOutstanding });
        if (!d.order) view.wait(para, d.reason);
        else view.placeOrder(para, { reason: d.reason, maxAmount: view.spotPrice, payer: d.reason === "assurance" ? reserve : payer });
      },
    };
  },
};
