/**
 * The relay chain's on-demand pallet (`OnDemand`) as polkadot-sdk
 * `polkadot/runtime/parachains/src/on_demand/mod.rs` declares it in the version with
 * `QueueStatus`, `FreeEntries`, `AffinityEntries`, `Revenue` and `Credits` (storage version 1,
 * with PR #5990's credits; source snapshot 0355ecc29b): storage, events and errors in declaration
 * order, calls with their indices and argument names, the `on_initialize` hook. The logic lives
 * in `dispatchables.ts` and `hooks.ts`.
 */
import { arithmeticCodecs, definePallet, ensureSigned, map, palletIdScale, t, value, type Codec } from "@corelab/frame";
import { doPlaceOrder } from "./dispatchables.ts";
import { onInitialize } from "./hooks.ts";
import type { OnDemandConfig } from "./interfaces.ts";
import { PricingCodec, QueueTrackerCodec, VersionCodec } from "./pricing.ts";
import { Balance, CoreAffinityCount, CoreIndex, OrderHeap, ParaId, QueueStatusType } from "./types.ts";

/** Codec of a `PalletId`: 8 ASCII characters (`"py/ondmd"`). */
export const PalletIdCodec: Codec<string> = t.custom<string>({
  name: "PalletId",
  parse(input, ctx) {
    const s = t.str.parse(input, ctx);
    if (!/^[\x20-\x7e]{8}$/.test(s)) return t.bytes(8).parse(s, ctx).replace(/^0x/, "").replace(/../g, (h) => String.fromCharCode(parseInt(h, 16)));
    return s;
  },
  toJson: (v) => v,
  key: (v) => v,
  // `PalletId([u8; 8])`: the 8 bytes
  scale: palletIdScale,
});

/** The arguments of the three `place_order_*` calls (both versions). */
export const orderArgs = { max_amount: Balance, para_id: ParaId } as const;

/**
 * The constants of both declarations: the Rust ones (`TrafficDefaultValue`, `MaxHistoricalRevenue`,
 * `PalletId`) and Corelab's knobs `Version` (1 | 2) and `Pricing` (`pricing.ts`).
 */
export const onDemandConstants = {
  TrafficDefaultValue: arithmeticCodecs.fixedU128,
  MaxHistoricalRevenue: t.u32,
  PalletId: PalletIdCodec,
  Version: VersionCodec,
  Pricing: PricingCodec,
} as const;

/** `Revenue`, shared by both declarations (same item, same codec). */
export const revenueStorage = value(t.vec(Balance, { name: "BoundedVec<Balance, MaxHistoricalRevenue>" }), {
  default: () => [],
  docs: "Revenue of the last blocks not yet claimed; index 0 is the current block.",
});

/** `Credits`, shared by both declarations. */
export const creditsStorage = map(t.accountId, Balance, { hasher: "Blake2_128Concat", default: () => 0n, docs: "On-demand credits of each account (planck)." });

/**
 * `QueueState` (sdk#13009's name and type, `QueueTracker`): the `Exponential` pricing's estimate of
 * the outstanding orders. A Corelab addition to the relay pallet, written only under
 * `Pricing: Exponential`.
 */
export const queueStateStorage = value(QueueTrackerCodec, {
  docs: "Corelab (sdk#13009's QueueState): estimated outstanding orders and when last updated; written only by the Exponential pricing.",
});

/** The errors of both declarations, in order: Rust's three, then sdk#13009's `EmptyPool` (a Corelab addition: `Exponential` pricing with no pool core). */
export const onDemandErrors = {
  QueueFull: "The order queue is full, `place_order` will not continue (with Exponential pricing: the estimated outstanding orders reached order_cap).",
  SpotPriceHigherThanMaxAmount: "The current spot price is higher than the max amount specified in the `place_order` call.",
  InsufficientCredits: "The account doesn't have enough credits to purchase on-demand coretime.",
  EmptyPool: "Corelab (sdk#13009): the on-demand pool has no cores (Exponential pricing).",
} as const;

/**
 * The on-demand pallet (`OnDemand`): orders for single blocks of coretime at a spot price driven
 * by queue utilisation, the order queue with core affinity, per-block revenue and credits.
 * Configure it with an `OnDemandConfig` (`OnDemand.instance(config)`).
 */
export const OnDemand = definePallet<OnDemandConfig>()({
  name: "OnDemand",
  source: "polkadot-sdk polkadot/runtime/parachains/src/on_demand/mod.rs @ 0355ecc29b (v1 + credits)",
  docs: "On-demand coretime: spot-priced orders, a queue with core affinity, revenue history for the coretime chain, and credits.",
  constants: onDemandConstants,
  storage: {
    ParaIdAffinity: map(ParaId, CoreAffinityCount, {
      hasher: "Twox64Concat",
      docs: "The core a para is bound to and how many of its assignments the scheduler holds (removed at 0).",
    }),
    QueueStatus: value(QueueStatusType, {
      default: () => ({ traffic: 1_000_000_000_000_000_000n, next_index: 0, smallest_index: 0, freed_indices: [] }),
      docs: "Overall status of the queue (free + affinity entries). Empty: traffic = TrafficDefaultValue (1.0 on every runtime).",
    }),
    FreeEntries: value(OrderHeap, { default: () => [], docs: "Orders of paras without core affinity (pop order: oldest first)." }),
    AffinityEntries: map(CoreIndex, OrderHeap, { hasher: "Twox64Concat", default: () => [], docs: "Orders bound to a core by affinity (pop order: oldest first)." }),
    Revenue: revenueStorage,
    Credits: creditsStorage,
    QueueState: queueStateStorage,
  },
  events: {
    OnDemandOrderPlaced: { para_id: ParaId, spot_price: Balance, ordered_by: t.accountId },
    SpotPriceSet: { spot_price: Balance },
  },
  errors: onDemandErrors,
  hooks: {
    onInitialize: (ctx) => onInitialize(ctx),
  },
  calls: {
    place_order_allow_death: {
      index: 0,
      args: orderArgs,
      docs: "Create a single on-demand core order at the current spot price, paid from the free balance; may reap the account. Signed. Deprecated in Rust (use place_order_with_credits). Errors: SpotPriceHigherThanMaxAmount, QueueFull, Balances.InsufficientBalance.",
      dispatch: (ctx, a) => doPlaceOrder(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "AllowDeath", "Balance"),
    },
    place_order_keep_alive: {
      index: 1,
      args: orderArgs,
      docs: "As place_order_allow_death, but the payment may not reap the account. Signed. Errors: SpotPriceHigherThanMaxAmount, QueueFull, Balances.InsufficientBalance, Balances.Expendability.",
      dispatch: (ctx, a) => doPlaceOrder(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "KeepAlive", "Balance"),
    },
    place_order_with_credits: {
      index: 2,
      args: orderArgs,
      docs: "Create a single on-demand core order paid with the sender's credits (`max_amount` = most credits to spend). Signed. Errors: SpotPriceHigherThanMaxAmount, QueueFull, InsufficientCredits.",
      dispatch: (ctx, a) => doPlaceOrder(ctx, ensureSigned(ctx.origin), a.max_amount, a.para_id, "KeepAlive", "Credits"),
    },
  },
});
