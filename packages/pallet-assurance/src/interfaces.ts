/**
 * Ports of pallet-assurance. The runtime side needs only an `UpdateOrigin` (Magnet: Root or more
 * than half of the council). The node side (`assuranceOrderTask`) needs a view of the relay's
 * on-demand pallet (`RelayOnDemandPort`) and the fee of a pooled transaction (`feeOf`), so that
 * this package depends on no other pallet.
 */
import type { EnsureOrigin, Extrinsic, RuntimeCall, Runtime } from "@corelab/frame";

/** Configuration of the pallet: who may change the settings (default: Root only). */
export interface AssuranceConfig {
  readonly UpdateOrigin?: EnsureOrigin;
}

/**
 * What the order task reads from and sends to the relay's on-demand pallet:
 * `spotPrice` (`SpotTraffic × on_demand_base_fee`, relay planck, after the relay's
 * `on_initialize`), `queued` (is `paraId` in the on-demand queue), and `orderCall` (the call to
 * sign: `OnDemand.place_order_allow_death { max_amount, para_id }`).
 */
export interface RelayOnDemandPort {
  spotPrice(relay: Runtime): bigint;
  queued(relay: Runtime, paraId: number): boolean;
  orderCall(maxAmount: bigint, paraId: number): RuntimeCall;
}

/** The final fee (`query_fee_details(..).final_fee()`, para planck) of a pooled transaction, read on the para's current state. */
export type PooledFee = (para: Runtime, xt: Extrinsic) => bigint;

/**
 * The `OnDemand.place_order_allow_death { max_amount, para_id }` call, built by name (the pallet
 * need not be imported). Use it in a `RelayOnDemandPort`'s `orderCall`.
 */
export function placeOrderAllowDeath(maxAmount: bigint, paraId: number): RuntimeCall {
  return { pallet: "OnDemand", name: "place_order_allow_death", args: { max_amount: maxAmount, para_id: paraId } };
}
