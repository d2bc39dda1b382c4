/**
 * On-demand v2 (`OnDemand` in metadata) as polkadot-sdk declares it after #10184 (eskimor, merged
 * 2025-11; `polkadot/runtime/parachains/src/on_demand/mod.rs`, storage version 2; shipped in the
 * fellows relay runtimes v2.2.0 with `MigrateV1ToV2`): storage `OrderStatus { traffic, queue }`,
 * `Revenue`, `Credits` (no `QueueStatus`, `FreeEntries`, `AffinityEntries`, `ParaIdAffinity`),
 * events with `AccountCredited`, the same errors and calls as v1. A runtime holds this declaration
 * instead of `OnDemand` when its config says `Version: 2`; both are named `OnDemand`.
 */
import { definePallet, ensureSigned, t, value } from "@corelab/frame";
import { doPlaceOrderV2, onInitializeV2 } from "./dispatchables-v2.ts";
import type { OnDemandConfig } from "./interfaces.ts";
import { creditsStorage, onDemandConstants, onDemandErrors, orderArgs, queueStateStorage, revenueStorage } from "./pallet.ts";
import { Balance, OrderStatusType, ParaId } from "./types.ts";

/**
 * The on-demand pallet, version 2 (sdk#10184): one FIFO of orders served at `ordered_at + 2`, all
 * on-demand cores of a block popped at once with a para unique per height, no core affinity.
 * Configure it with an `OnDemandConfig` whose `Version` is 2 (`OnDemandV2.instance(config)`).
 */
export const OnDemandV2 = definePallet<OnDemandConfig>()({
  name: "OnDemand",
  source: "polkadot-sdk polkadot/runtime/parachains/src/on_demand/mod.rs after #10184 (v2: OrderStatus, no affinity)",
  docs: "On-demand coretime, version 2: spot-priced orders in one FIFO (no affinity), revenue history for the coretime chain, and credits.",
  constants: onDemandConstants,
  storage: {
    OrderStatus: value(OrderStatusType, {
      default: () => ({ traffic: 0n, queue: { queue: [] } }),
      docs: "The last spot traffic and the queued orders `(para_id, ordered_at)`, oldest first (ValueQuery: Default has traffic 0).",
    }),
    Revenue: revenueStorage,
    Credits: creditsStorage,
    QueueState: queueStateStorage,
  },
  events: {
    OnDemandOrderPlaced: { para_id: ParaId, spot_price: Balance, ordered_by: t.accountId },
    SpotPriceSet: { spot_price: Balance },
    AccountCredited: { who: t.accountId, amount: Balance },
  },
  errors: onDemandErrors,
  hooks: {
    onInitialize: (ctx) => onInitializeV2(ctx),
  },
  calls: {
    place_order_allow_death: {
      index: 0,
      args: orderArgs,
      docs: "Create a single on-demand core order at the current spot price, paid from the free balance; may reap the account. Signed. Errors: SpotPriceHigherThanMaxAmount, QueueFull, Balances.InsufficientBalance.",
      dispatch: (ctx, a) => doPlaceOrderV2(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "AllowDeath", "Balance"),
    },
    place_order_keep_alive: {
      index: 1,
      args: orderArgs,
      docs: "As place_order_allow_death, but the payment may not reap the account. Signed. Errors: SpotPriceHigherThanMaxAmount, QueueFull, Balances.InsufficientBalance, Balances.Expendability.",
      dispatch: (ctx, a) => doPlaceOrderV2(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "KeepAlive", "Balance"),
    },
    place_order_with_credits: {
      index: 2,
      args: orderArgs,
      docs: "Create a single on-demand core order paid with the sender's credits (`max_amount` = most credits to spend). Signed. Errors: SpotPriceHigherThanMaxAmount, QueueFull, InsufficientCredits.",
      dispatch: (ctx, a) => doPlaceOrderV2(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "KeepAlive", "Credits"),
    },
  },
});
