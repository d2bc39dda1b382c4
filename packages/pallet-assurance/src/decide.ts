/**
 * The decision of the order task, as a pure function (Magnet's node-side
 * `client/coretime/on-demand/src/lib.rs` `handle_relaychain_stream`, B.2 of the reference, and the
 * documented "Coretime Order Control and Assurance" workflow). No state, no I/O: the node task
 * (`node.ts`) observes the chains and acts on the result; the simulation engine may call it too.
 */
import { FixedU128, Perbill } from "@corelab/frame";
import type { AssuranceSettings, SkipReasonName } from "./types.ts";

/**
 * What the node sees of its parachain at a relay block:
 * - `pendingFees` (para planck): the sum of the final fees of the transactions waiting in the pool,
 *   i.e. the gas the next para block would collect. A para without coretime has no block, so
 *   nothing is "collected since the last para block" until it gets one: the pool is what Magnet's
 *   code sums (`reach_txpool_threshold` over `ready()` transactions);
 * - `pendingCount`: how many transactions wait;
 * - `lastBlockRelayParent`: the relay block of the para's last block (Magnet: the relay parent
 *   stored by `parachain-system`; at genesis, the relay's genesis block);
 * - `lastOrderRelayBlock`: the relay block of this node's last order, if any.
 */
export interface ParaObservation {
  readonly pendingFees: bigint;
  readonly pendingCount: number;
  readonly lastBlockRelayParent: number;
  readonly lastOrderRelayBlock: number | undefined;
}

/**
 * What the node sees of the relay at relay block `relayBlock` (after its `on_initialize`):
 * the on-demand spot price (`traffic × base fee`, relay planck) and whether the para already
 * has an order in the on-demand queue.
 */
export interface RelayObservation {
  readonly relayBlock: number;
  readonly spotPrice: bigint;
  readonly queued: boolean;
}

/**
 * The decision: `Order` (profit control allows it; `assurance` false) or an assurance order
 * (`assurance` true: bid threshold exceeded), with `maxAmount` = the spot price seen; or `Skip`
 * with its reason.
 */
export type Decision =
  | { readonly type: "Order"; readonly assurance: boolean; readonly maxAmount: bigint; readonly spotPrice: bigint; readonly gas: bigint }
  | { readonly type: "Skip"; readonly reason: SkipReasonName; readonly spotPrice: bigint; readonly gas: bigint };

/** Whether more than `bidThreshold` relay blocks passed since the para's last block (`on_relaychain`). */
export function bidThresholdExceeded(settings: Pick<AssuranceSettings, "bidThreshold">, para: Pick<ParaObservation, "lastBlockRelayParent">, relayBlock: number): boolean {
  return relayBlock > para.lastBlockRelayParent + settings.bidThreshold;
}

/**
 * Documented profit control: `fees / (spot × scale) >= threshold`, exactly (integers:
 * `fees × 10^18 >= threshold × spot × scale`). A zero price always passes.
 */
export function reachesProfitThreshold(settings: Pick<AssuranceSettings, "profitThreshold" | "priceScale">, fees: bigint, spotPrice: bigint): boolean {
  return fees * FixedU128.one >= settings.profitThreshold * spotPrice * settings.priceScale;
}

/**
 * Magnet's `reach_txpool_threshold(gas, core_price)`: `gas > GasThreshold × core_price` with
 * `GasThreshold` a Perbill (the threshold converted with `into_perbill`, nearest) and
 * `Perbill × Balance` rounding to the nearest; `core_price = spot × scale`. Strict.
 */
export function magnetReachesThreshold(settings: Pick<AssuranceSettings, "profitThreshold" | "priceScale">, fees: bigint, spotPrice: bigint): boolean {
  const parts = FixedU128.intoPerbill(settings.profitThreshold);
  return fees > Perbill.mul(parts, spotPrice * settings.priceScale);
}

/**
 * The order task's decision at one relay block, given the para's configuration, what it sees
 * of its para and of the relay. In order:
 *
 * 1. the para is in the on-demand queue → `AlreadyQueued`; an earlier order has not produced a
 *    para block yet → `OrderInFlight` (Magnet mode: an order in the current window);
 * 2. Magnet mode: outside the first half of the `2^slotWidth` window → `OutsideOrderWindow`;
 * 3. no pending transaction → `NoTransactions` (nothing would be included; Magnet forces only
 *    with gas > 0 and its threshold test is strict);
 * 4. Documented: price ≤ limit (or limit 0) and fees/price ≥ threshold → `Order`;
 *    Magnet: fees > Perbill threshold × price → `Order` (the limit is not compared);
 * 5. assurance enabled and `relayBlock > lastBlockRelayParent + bidThreshold` → assurance `Order`
 *    (price limit and threshold overridden);
 * 6. otherwise `Skip`: `PriceOverLimit` when the price is over the limit, else `BelowProfitThreshold`.
 */
export function decideOrder(settings: AssuranceSettings, para: ParaObservation, relay: RelayObservation): Decision {
  // No closures here: the order task calls this for every para at every relay block.
  const spotPrice = relay.spotPrice;
  const gas = para.pendingFees;
  const magnet = settings.mode === "Magnet";
  if (relay.queued) return skipDecision("AlreadyQueued", spotPrice, gas);
  const last = para.lastOrderRelayBlock;
  if (magnet) {
    const sw = settings.slotWidth;
    const window = 2 ** sw;
    if (last !== undefined && Math.floor(last / window) === Math.floor(relay.relayBlock / window)) return skipDecision("OrderInFlight", spotPrice, gas);
    if (relay.relayBlock % window >= window / 2) return skipDecision("OutsideOrderWindow", spotPrice, gas);
  } else if (last !== undefined && last >= para.lastBlockRelayParent) return skipDecision("OrderInFlight", spotPrice, gas);
  if (para.pendingCount === 0) return skipDecision("NoTransactions", spotPrice, gas);
  const priceOk = magnet || settings.priceLimit === 0n || spotPrice <= settings.priceLimit;
  const profitOk = magnet ? magnetReachesThreshold(settings, gas, spotPrice) : reachesProfitThreshold(settings, gas, spotPrice);
  if (priceOk && profitOk) return orderDecision(false, spotPrice, gas);
  if (settings.assurance && bidThresholdExceeded(settings, para, relay.relayBlock)) return orderDecision(true, spotPrice, gas);
  return skipDecision(priceOk ? "BelowProfitThreshold" : "PriceOverLimit", spotPrice, gas);
}

function skipDecision(reason: SkipReasonName, spotPrice: bigint, gas: bigint): Decision {
  return { type: "Skip", reason, spotPrice, gas };
}

function orderDecision(assurance: boolean, spotPrice: bigint, gas: bigint): Decision {
  return { type: "Order", assurance, maxAmount: spotPrice, spotPrice, gas };
}
