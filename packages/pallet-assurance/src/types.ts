/**
 * Types of pallet-assurance: the ordering mode, the configuration a node reads, the skip reasons
 * and the decision records the order task hands to the runtime (`Assurance.note_decisions`).
 * Mirrors Magnet's `pallets/on-demand` (`Order`, `OrderInherentData`) and `pallets/assurance`,
 * with the documented behaviour as the default mode (package README, "Differences").
 */
import { FixedU128, arithmeticCodecs, t, type Infer } from "@corelab/frame";

/**
 * How profit control decides (`AssuranceMode`):
 * - `Documented` (default): Magnet's documentation. The price limit is a hard cap (0 = no
 *   limit); the profit threshold is a `FixedU128` ratio `pending fees / (spot price × scale)`
 *   that must be reached (`>=`) and may exceed 1; assurance (if enabled) orders from the reserve
 *   account once more than `bid_threshold` relay blocks passed since the last para block.
 * - `Magnet`: Magnet's code (`client/coretime/on-demand`, B.2 of the reference): the threshold is a
 *   Perbill (at most 1.0) compared strictly (`fees > threshold × price × scale`); the price limit
 *   is never compared (only a fallback price); orders only in the first half of each
 *   `2^slot_width` relay-block window and at most one per window; a forced order is paid by the
 *   ordering (collator) account, there is no reserve.
 */
export const AssuranceMode = t.enumOf("AssuranceMode", { Documented: null, Magnet: null });
/** See the `AssuranceMode` codec. */
export type AssuranceMode = Infer<typeof AssuranceMode>;

/** Why the order task did not order at a relay block (`OrderSkipped { reason }`). */
export const SkipReason = t.enumOf("SkipReason", {
  /** No transaction waits in the para's pool: nothing to include (gas 0). */
  NoTransactions: null,
  /** The para already has an order in the relay's on-demand queue. */
  AlreadyQueued: null,
  /** An order placed earlier has not produced a para block yet (Magnet: one order per window). */
  OrderInFlight: null,
  /** The spot price is above the price limit (Documented mode). */
  PriceOverLimit: null,
  /** The pending fees do not reach the profit threshold. */
  BelowProfitThreshold: null,
  /** Magnet mode: the relay block is in the second half of its `2^slot_width` window. */
  OutsideOrderWindow: null,
  /** Fixed-interval strategy: not an ordering relay block. */
  IntervalNotReached: null,
  /** The order was sent but the relay rejected it (`error` of the decision names why). */
  OrderFailed: null,
});
/** See the `SkipReason` codec. */
export type SkipReason = Infer<typeof SkipReason>;
/** A skip reason's name. */
export type SkipReasonName = SkipReason["type"];

/** The kind of a decision: an order placed by profit control, an assurance order, or a skip. */
export const DecisionKind = t.enumOf("DecisionKind", { Order: null, Assurance: null, Skip: null });
/** See the `DecisionKind` codec. */
export type DecisionKind = Infer<typeof DecisionKind>;

/**
 * One decision of the order task at `relay_block` (what `note_decisions` records): the spot price
 * it saw (relay planck), the pending fees (`gas`, para planck: the fees of the transactions waiting
 * in the pool, i.e. what the next para block would collect), the account that paid the order
 * (`orderer`, relay account; none for a skip), `waited` (relay blocks since the para's last
 * block), the reason of a skip and the relay's error of a
 * failed order (`Pallet.Error`).
 */
export const DecisionRecord = t.struct("DecisionRecord", {
  relay_block: t.u32,
  kind: DecisionKind,
  waited: t.u32,
  reason: t.option(SkipReason),
  spot_price: t.balance,
  gas: t.balance,
  orderer: t.option(t.accountId),
  error: t.option(t.str),
});
/** See the `DecisionRecord` codec. */
export type DecisionRecord = Infer<typeof DecisionRecord>;

/**
 * An order in the history (`Orders`, Magnet's `Order { sequence_number, relay_chian_height,
 * place_order_height, orderer, price }`): its sequence number, the relay block it was placed at,
 * the para block that recorded it, the price paid (= `max_amount`), who paid, whether assurance
 * forced it, and the pending fees it was placed for.
 */
export const OrderRecord = t.struct("OrderRecord", {
  sequence_number: t.u64,
  place_order_height: t.u32,
  para_block: t.u32,
  price: t.balance,
  orderer: t.accountId,
  assurance: t.bool,
  gas: t.balance,
});
/** See the `OrderRecord` codec. */
export type OrderRecord = Infer<typeof OrderRecord>;

/** `FixedU128` ratio codec of the profit threshold (scenario files: `"1.6"` or the inner integer). */
export const Ratio = arithmeticCodecs.fixedU128;

/**
 * The configuration a decision reads (the pallet's storage, read by the node from the para's
 * latest state): all balances planck, `profitThreshold` a `FixedU128` inner value (1.0 = 10^18).
 */
export interface AssuranceSettings {
  readonly mode: AssuranceMode["type"];
  /** Relay planck; 0 = no limit (Documented mode only). */
  readonly priceLimit: bigint;
  /** `FixedU128` inner: pending fees / (spot price × priceScale) must reach it. */
  readonly profitThreshold: bigint;
  /** Relay blocks since the last para block after which assurance orders. */
  readonly bidThreshold: number;
  /** Whether assurance may force an order. */
  readonly assurance: boolean;
  /** Relay account paying assurance orders (Documented mode); none: the ordering account pays. */
  readonly reserveAccount: string | undefined;
  /** Para planck per relay planck, to compare fees with the price (Magnet: 1_000_000). */
  readonly priceScale: bigint;
  /** Magnet mode: ordering windows of `2^slotWidth` relay blocks. */
  readonly slotWidth: number;
}

/** Defaults: Documented mode, no price limit, threshold 1.0, bid threshold 8, assurance off, scale 1, slot width 3. */
export const DEFAULT_SETTINGS: AssuranceSettings = Object.freeze({
  mode: "Documented",
  priceLimit: 0n,
  profitThreshold: FixedU128.one,
  bidThreshold: 8,
  assurance: false,
  reserveAccount: undefined,
  priceScale: 1n,
  slotWidth: 3,
});

/** Magnet's relay→para price scale (`×1_000_000`: 12-decimal relay planck to 18-decimal gas). */
export const MAGNET_PRICE_SCALE = 1_000_000n;
