/**
 * pallet-assurance: the parachain side of on-demand ordering with profit control and assurance.
 * Holds the configuration the collator's order task reads (Magnet's `pallets/on-demand`
 * `PriceLimit`/`GasThreshold`/`SlotWidth` and `pallets/assurance` `BidThreshold`) and records the
 * task's decisions through an inherent (`note_decisions`, Magnet's `create_order`): events for
 * every decision and the order history.
 *
 * Storage hashers: Magnet's `OrderMap` is keyed by a sequence number, so `Orders` uses
 * `Twox64Concat` (Corelab's rule for pallets without a Rust original: `Twox64Concat` for
 * sequential ids, `Blake2_128Concat` for keys users choose).
 */
import { definePallet, t, value, map } from "@corelab/frame";
import { buildGenesis, doNoteDecisions, doSetMode, doSetProfitThreshold, ensureUpdateOrigin } from "./dispatchables.ts";
import type { AssuranceConfig } from "./interfaces.ts";
import { AssuranceMode, DecisionRecord, OrderRecord, Ratio, SkipReason } from "./types.ts";

/** The Assurance pallet (Corelab). Include it in a parachain runtime with `Assurance.instance({})`. */
export const Assurance = definePallet<AssuranceConfig>()({
  name: "Assurance",
  source: "Magnet pallets/on-demand/src/lib.rs + pallets/assurance/src/lib.rs + client/coretime/on-demand (Magport/Magnet 5d07e5f)",
  docs: "On-demand ordering policy of a parachain (price limit, profit threshold, bid threshold, assurance, reserve) and the record of the order task's decisions.",
  storage: {
    Mode: value(AssuranceMode, { default: () => ({ type: "Documented" as const }), docs: "Documented (the documentation's rules, default) or Magnet (its code's rules)." }),
    PriceLimit: value(t.balance, { default: () => 0n, docs: "Highest spot price (relay planck) profit control orders at; 0 = no limit. Not compared in Magnet mode." }),
    ProfitThreshold: value(Ratio, { default: () => 1_000_000_000_000_000_000n, docs: "Pending fees / (spot price × PriceScale) must reach this FixedU128 ratio (1.0 = break even; may exceed 1 in Documented mode)." }),
    BidThreshold: value(t.u32, { default: () => 8, docs: "Relay blocks since the last para block after which assurance orders (Magnet's BidThreshold, default 8)." }),
    AssuranceEnabled: value(t.bool, { default: () => false, docs: "Whether assurance may force an order." }),
    ReserveAccount: value(t.accountId, { docs: "Relay account that pays assurance orders (Documented mode); absent: the ordering account pays." }),
    PriceScale: value(t.u128, { default: () => 1n, docs: "Para planck per relay planck when comparing fees with the price (Magnet: 1_000_000)." }),
    SlotWidth: value(t.u32, { default: () => 3, docs: "Magnet mode: ordering windows of 2^SlotWidth relay blocks, orders in the first half." }),
    SequenceNumber: value(t.u64, { default: () => 0n, docs: "The next order's sequence number (orders recorded so far)." }),
    Orders: map(t.u64, OrderRecord, { hasher: "Twox64Concat", docs: "Order history by sequence number (Magnet's OrderMap)." }),
    LastDecision: value(DecisionRecord, { docs: "The latest decision recorded." }),
  },
  events: {
    /** The order task placed an on-demand order on the relay at `relay_block` for `spot_price`, paid by `orderer`. */
    OrderPlaced: { sequence_number: t.u64, relay_block: t.u32, spot_price: t.balance, orderer: t.accountId, gas: t.balance, assurance: t.bool },
    /** The order task did not order at `relay_block`, for `reason`. */
    OrderSkipped: { relay_block: t.u32, reason: SkipReason, spot_price: t.balance, gas: t.balance },
    /** Assurance forced an order at `relay_block`, `waited` relay blocks after the last para block, paid by `payer`. */
    AssuranceTriggered: { relay_block: t.u32, waited: t.u32, payer: t.accountId },
    /** An order was sent at `relay_block` and the relay rejected it with `error`. */
    OrderFailed: { relay_block: t.u32, orderer: t.accountId, error: t.str },
    /** `set_bid_threshold` (Magnet's `NewBidThreshold(u32)`). */
    NewBidThreshold: { threshold: t.u32 },
    /** A configuration value changed (`item` = its storage name). */
    ConfigurationSet: { item: t.str },
  },
  errors: {
    /** Magnet mode stores the threshold as a Perbill: it cannot exceed 1.0. */
    ThresholdAboveOne: "Magnet mode: the profit threshold is a Perbill and cannot exceed 1.0.",
    /** The price scale must be at least 1. */
    InvalidPriceScale: "The price scale is at least 1.",
    /** The slot width is at most 16 (windows of 65536 relay blocks). */
    InvalidSlotWidth: "The slot width is at most 16.",
  },
  calls: {
    note_decisions: {
      index: 0,
      args: { decisions: t.vec(DecisionRecord) },
      pays: "No",
      docs: "Inherent (origin None): records the order task's decisions since the last para block (events, order history). Magnet's create_order.",
      dispatch: (ctx, a) => doNoteDecisions(ctx, a.decisions),
    },
    set_price_limit: {
      index: 1,
      args: { price_limit: t.balance },
      docs: "Sets PriceLimit (relay planck, 0 = none). UpdateOrigin (Root).",
      dispatch: (ctx, a) => {
        ensureUpdateOrigin(ctx);
        Assurance.storage.PriceLimit.put(ctx, a.price_limit);
        Assurance.deposit(ctx, "ConfigurationSet", { item: "PriceLimit" });
      },
    },
    set_profit_threshold: {
      index: 2,
      args: { threshold: Ratio },
      docs: "Sets ProfitThreshold (FixedU128). UpdateOrigin (Root). Errors: ThresholdAboveOne (Magnet mode).",
      dispatch: (ctx, a) => doSetProfitThreshold(ctx, a.threshold),
    },
    set_bid_threshold: {
      index: 3,
      args: { blocknumber: t.u32 },
      docs: "Sets BidThreshold (relay blocks). UpdateOrigin (Root). Magnet pallet_assurance::set_bid_threshold.",
      dispatch: (ctx, a) => {
        ensureUpdateOrigin(ctx);
        Assurance.storage.BidThreshold.put(ctx, a.blocknumber);
        Assurance.deposit(ctx, "NewBidThreshold", { threshold: a.blocknumber });
      },
    },
    set_assurance: {
      index: 4,
      args: { enabled: t.bool },
      docs: "Turns assurance on or off. UpdateOrigin (Root).",
      dispatch: (ctx, a) => {
        ensureUpdateOrigin(ctx);
        Assurance.storage.AssuranceEnabled.put(ctx, a.enabled);
        Assurance.deposit(ctx, "ConfigurationSet", { item: "AssuranceEnabled" });
      },
    },
    set_reserve_account: {
      index: 5,
      args: { account: t.option(t.accountId) },
      docs: "Sets (or clears) the relay account paying assurance orders. UpdateOrigin (Root).",
      dispatch: (ctx, a) => {
        ensureUpdateOrigin(ctx);
        if (a.account === undefined) Assurance.storage.ReserveAccount.kill(ctx);
        else Assurance.storage.ReserveAccount.put(ctx, a.account);
        Assurance.deposit(ctx, "ConfigurationSet", { item: "ReserveAccount" });
      },
    },
    set_mode: {
      index: 6,
      args: { mode: AssuranceMode },
      docs: "Switches between Documented and Magnet rules. UpdateOrigin (Root). Errors: ThresholdAboveOne (Magnet with a threshold above 1).",
      dispatch: (ctx, a) => doSetMode(ctx, a.mode),
    },
  },
  genesis: {
    fields: {
      mode: AssuranceMode,
      price_limit: t.balance,
      profit_threshold: Ratio,
      bid_threshold: t.u32,
      assurance: t.bool,
      reserve_account: t.accountId,
      price_scale: t.u128,
      slot_width: t.u32,
    },
    build: (ctx, cfg) => buildGenesis(ctx, cfg),
  },
});
