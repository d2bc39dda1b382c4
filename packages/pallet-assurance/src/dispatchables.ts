/**
 * The logic of pallet-assurance: recording decisions (`doNoteDecisions`, Magnet's `create_order`
 * inherent), the checked setters, genesis, and `settingsOf` (the configuration as the node reads it).
 */
import { FixedU128, InvalidGenesisError, ensureNone, ensureRoot, fail, type CallContext, type Context, type PalletContext } from "@corelab/frame";
import type { AssuranceConfig } from "./interfaces.ts";
import { Assurance } from "./pallet.ts";
import { DEFAULT_SETTINGS, type AssuranceMode, type AssuranceSettings, type DecisionRecord } from "./types.ts";

type Ctx = CallContext<AssuranceConfig>;

/** Checks the `UpdateOrigin` (default Root); `BadOrigin` otherwise. */
export function ensureUpdateOrigin(ctx: Ctx): void {
  if (ctx.config.UpdateOrigin) ctx.config.UpdateOrigin(ctx.origin);
  else ensureRoot(ctx.origin);
}

/**
 * The settings the order task reads from the para's state (defaults: `DEFAULT_SETTINGS` when the
 * runtime has no Assurance pallet).
 */
export function settingsOf(ctx: Context): AssuranceSettings {
  if (!ctx.runtime.pallets.has("Assurance")) return DEFAULT_SETTINGS;
  const s = Assurance.storage;
  return {
    mode: s.Mode.get(ctx).type,
    priceLimit: s.PriceLimit.get(ctx),
    profitThreshold: s.ProfitThreshold.get(ctx),
    bidThreshold: s.BidThreshold.get(ctx),
    assurance: s.AssuranceEnabled.get(ctx),
    reserveAccount: s.ReserveAccount.get(ctx),
    priceScale: s.PriceScale.get(ctx),
    slotWidth: s.SlotWidth.get(ctx),
  };
}

/**
 * `note_decisions` (inherent, origin None): for each decision in order, deposits `OrderPlaced`
 * (after `AssuranceTriggered` for an assurance order) and appends the order to `Orders` with the
 * next `SequenceNumber`, or deposits `OrderSkipped { reason }` (and `OrderFailed` for a rejected
 * order). Keeps the last one as `LastDecision`. `BadOrigin` for any other origin.
 */
export function doNoteDecisions(ctx: Ctx, decisions: readonly DecisionRecord[]): void {
  ensureNone(ctx.origin);
  const s = Assurance.storage;
  // SequenceNumber is read once and written once (after the orders), not per order: the same state.
  let seq: bigint | undefined;
  for (const d of decisions) {
    if (d.kind.type === "Skip") {
      const reason = d.reason ?? { type: "OrderFailed" as const };
      if (reason.type === "OrderFailed") Assurance.deposit(ctx, "OrderFailed", { relay_block: d.relay_block, orderer: d.orderer ?? "", error: d.error ?? "" });
      Assurance.deposit(ctx, "OrderSkipped", { relay_block: d.relay_block, reason, spot_price: d.spot_price, gas: d.gas });
      continue;
    }
    const assurance = d.kind.type === "Assurance";
    const orderer = d.orderer ?? "";
    if (assurance) Assurance.deposit(ctx, "AssuranceTriggered", { relay_block: d.relay_block, waited: d.waited, payer: orderer });
    seq ??= s.SequenceNumber.get(ctx);
    s.Orders.insert(ctx, seq, { sequence_number: seq, place_order_height: d.relay_block, para_block: ctx.blockNumber, price: d.spot_price, orderer, assurance, gas: d.gas });
    Assurance.deposit(ctx, "OrderPlaced", { sequence_number: seq, relay_block: d.relay_block, spot_price: d.spot_price, orderer, gas: d.gas, assurance });
    seq++;
  }
  if (seq !== undefined) s.SequenceNumber.put(ctx, seq);
  const last = decisions[decisions.length - 1];
  if (last) s.LastDecision.put(ctx, last);
}

/** `set_profit_threshold`: UpdateOrigin; in Magnet mode at most 1.0 (`ThresholdAboveOne`). */
export function doSetProfitThreshold(ctx: Ctx, threshold: bigint): void {
  ensureUpdateOrigin(ctx);
  if (Assurance.storage.Mode.get(ctx).type === "Magnet" && threshold > FixedU128.one) fail(Assurance.err("ThresholdAboveOne"));
  Assurance.storage.ProfitThreshold.put(ctx, threshold);
  Assurance.deposit(ctx, "ConfigurationSet", { item: "ProfitThreshold" });
}

/** `set_mode`: UpdateOrigin; Magnet needs a threshold of at most 1.0 (`ThresholdAboveOne`). */
export function doSetMode(ctx: Ctx, mode: AssuranceMode): void {
  ensureUpdateOrigin(ctx);
  if (mode.type === "Magnet" && Assurance.storage.ProfitThreshold.get(ctx) > FixedU128.one) fail(Assurance.err("ThresholdAboveOne"));
  Assurance.storage.Mode.put(ctx, mode);
  Assurance.deposit(ctx, "ConfigurationSet", { item: "Mode" });
}

/** Genesis fields (all optional), parsed. */
export interface AssuranceGenesis {
  mode?: AssuranceMode;
  price_limit?: bigint;
  profit_threshold?: bigint;
  bid_threshold?: number;
  assurance?: boolean;
  reserve_account?: string;
  price_scale?: bigint;
  slot_width?: number;
}

/**
 * Genesis: writes the given settings. Magnet mode defaults `price_scale` to 1_000_000. Rejects
 * (`InvalidGenesisError` naming the parameter) a threshold above 1.0 in Magnet mode, a price
 * scale of 0, a slot width above 16.
 */
export function buildGenesis(ctx: PalletContext<AssuranceConfig>, cfg: Partial<AssuranceGenesis>): void {
  const s = Assurance.storage;
  const magnet = cfg.mode?.type === "Magnet";
  if (magnet && cfg.profit_threshold !== undefined && cfg.profit_threshold > FixedU128.one)
    throw new InvalidGenesisError("Assurance", "profit_threshold", `${FixedU128.format(cfg.profit_threshold)} is above 1.0: Magnet mode stores it as a Perbill`);
  if (cfg.price_scale !== undefined && cfg.price_scale < 1n) throw new InvalidGenesisError("Assurance", "price_scale", "must be at least 1 (para planck per relay planck)");
  if (cfg.slot_width !== undefined && cfg.slot_width > 16) throw new InvalidGenesisError("Assurance", "slot_width", `${cfg.slot_width} is above 16`);
  if (cfg.mode) s.Mode.put(ctx, cfg.mode);
  if (cfg.price_limit !== undefined) s.PriceLimit.put(ctx, cfg.price_limit);
  if (cfg.profit_threshold !== undefined) s.ProfitThreshold.put(ctx, cfg.profit_threshold);
  if (cfg.bid_threshold !== undefined) s.BidThreshold.put(ctx, cfg.bid_threshold);
  if (cfg.assurance !== undefined) s.AssuranceEnabled.put(ctx, cfg.assurance);
  if (cfg.reserve_account !== undefined) s.ReserveAccount.put(ctx, cfg.reserve_account);
  if (cfg.price_scale !== undefined) s.PriceScale.put(ctx, cfg.price_scale);
  else if (magnet) s.PriceScale.put(ctx, 1_000_000n);
  if (cfg.slot_width !== undefined) s.SlotWidth.put(ctx, cfg.slot_width);
}
