/**
 * The market's tick (polkadot-sdk#11802 `Market::tick` and its helpers), split into named steps:
 *
 * ```
 * tick(now)                       (no configuration or no sale: nothing)
 *   Market     and now ≥ sale_start + market_period:
 *       settleAuction             clearing price, tie shuffle, refunds, Allocations, AuctionSettled
 *       phase → Renewal           PhaseTransitioned; action ProcessAutoRenewals
 *   Renewal    and now ≥ sale_start + market_period + renewal_period:
 *       finalizeSale              SellRegion per remaining winner, Refund per displacement,
 *                                 cores_sold = winners left + renewals, SaleFinalized
 *       phase → Settlement        Quotas cleared; PhaseTransitioned
 *   Settlement and latest_timeslice_ready_to_commit ≥ region_begin (and a core range):
 *       rotateSale                adjustReservePrice, the next sale in the Market phase
 *                                 PhaseTransitioned, SaleInitialized; action SaleRotated
 * ```
 *
 * One phase change per tick at most, as in Rust. The actions are the broker's to execute.
 */
import { FixedU64, Perbill, saturatingAdd, saturatingMul, saturatingSub, U128_MAX } from "@corelab/frame";
import { depositSaleInitialized, partitionPoint, SHUFFLE_SUBJECT, seededRandomness, toMarketSaleInfo } from "./dispatchables.ts";
import type { CoretimeMarketContext, SoldCoresRange, TickAction } from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";
import { COMPLETE_MASK, type AllocationRecord, type BidRecord, type ConfigRecord, type SaleInfoRecord } from "./types.ts";

type Ctx = CoretimeMarketContext;

/** `tick(now)`: at most one phase change; returns the actions for the broker, in order. Never throws. */
export function tick(ctx: Ctx, now: number): TickAction[] {
  const S = CoretimeMarket.storage;
  const config = S.Configuration.get(ctx);
  const sale = S.SaleInfo.get(ctx);
  if (config === undefined || sale === undefined) return [];
  const actions: TickAction[] = [];
  switch (sale.phase.type) {
    case "Market": {
      if (now < sale.sale_start + config.market_period) break;
      actions.push(...settleAuction(ctx, sale));
      S.SaleInfo.put(ctx, { ...S.SaleInfo.get(ctx)!, phase: { type: "Renewal" } });
      CoretimeMarket.deposit(ctx, "PhaseTransitioned", { from: { type: "Market" }, to: { type: "Renewal" } });
      actions.push({ type: "ProcessAutoRenewals", after_timeslice: sale.region_begin, next_renewal_at: sale.region_end });
      break;
    }
    case "Renewal": {
      if (now < sale.sale_start + config.market_period + config.renewal_period) break;
      actions.push(...finalizeSale(ctx, sale));
      S.SaleInfo.put(ctx, { ...S.SaleInfo.get(ctx)!, phase: { type: "Settlement" } });
      S.Quotas.clear(ctx);
      CoretimeMarket.deposit(ctx, "PhaseTransitioned", { from: { type: "Renewal" }, to: { type: "Settlement" } });
      break;
    }
    case "Settlement": {
      const ready = ctx.config.TimesliceProvider.latestTimesliceReadyToCommit(ctx);
      if (ready === undefined || ready < sale.region_begin) break;
      const range = ctx.config.CoreRangeProvider.coreRange(ctx);
      if (range === undefined) break;
      const next = rotateSale(sale, config, range, now);
      S.SaleInfo.put(ctx, next);
      CoretimeMarket.deposit(ctx, "PhaseTransitioned", { from: { type: "Settlement" }, to: { type: "Market" } });
      depositSaleInitialized(ctx, next, config);
      actions.push({ type: "SaleRotated", old_sale: toMarketSaleInfo(sale), new_sale: toMarketSaleInfo(next) });
      break;
    }
  }
  return actions;
}

/**
 * `shuffle_marginal_bids(bids, clearing, seed)`: Fisher–Yates over the bids tied at the clearing
 * price (the slice `[first with price ≤ clearing, first with price < clearing)`), as the pallet
 * draws it: with `h = len(seed) − 3`, for `i` from `n − 1` down to 1, `j = u32_le(seed[((i−1)·4) mod h ..][..4]) mod (i + 1)`,
 * swap `i` and `j`. In place; fewer than two tied bids: nothing.
 */
export function shuffleMarginalBids(bids: BidRecord[], clearing: bigint, seed: Uint8Array): void {
  const start = partitionPoint(bids, (b) => b.price > clearing);
  const end = partitionPoint(bids, (b) => b.price >= clearing);
  const n = end - start;
  if (n <= 1) return;
  const h = Math.max(0, seed.length - 3);
  if (h === 0) return;
  const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
  for (let i = n - 1; i >= 1; i--) {
    const offset = ((i - 1) * 4) % h;
    const j = view.getUint32(offset, true) % (i + 1);
    const a = bids[start + i]!;
    bids[start + i] = bids[start + j]!;
    bids[start + j] = a;
  }
}

/**
 * `settle_auction(sale)`: with `k = cores_offered` and the bids sorted by price (descending),
 * `clearing = max(bids[k−1].price, reserve)` when there are at least k ≥ 1 bids, else the reserve;
 * the bids tied at the clearing price are shuffled (`shuffleMarginalBids`, seeded randomness for
 * `"coretime-market/shuffle"`); winners are the first k bids with `price ≥ clearing`, winner i
 * gets core `first_core + i`. Actions: `Refund { price }` per loser, then `Refund { price −
 * clearing }` per winner paying less than its bid. Stores `Allocations`, counts each winner's
 * `Quotas.auction_wins`, sets `cores_sold = winners`, `clearing_price`, `UniqueBidders`; emits
 * `AuctionSettled { clearing_price, winners }`.
 */
export function settleAuction(ctx: Ctx, sale: SaleInfoRecord): TickAction[] {
  const S = CoretimeMarket.storage;
  const bids = S.Bids.take(ctx).map((b) => ({ bid_id: b.bid_id, who: b.who, price: b.price }));
  const k = sale.cores_offered;
  const reserve = sale.reserve_price;
  const kth = k > 0 ? bids[k - 1] : undefined;
  const clearing = kth === undefined ? reserve : kth.price > reserve ? kth.price : reserve;
  const random = ctx.config.Randomness ?? ((c, subject) => seededRandomness(c, subject, ctx.config.RandomnessSeed));
  const start = partitionPoint(bids, (b) => b.price > clearing);
  const end = partitionPoint(bids, (b) => b.price >= clearing);
  if (end - start > 1) shuffleMarginalBids(bids, clearing, random(ctx, SHUFFLE_SUBJECT));
  const actions: TickAction[] = [];
  const winners: Array<[number, BidRecord]> = [];
  bids.forEach((bid, i) => {
    if (i < k && bid.price >= clearing) winners.push([i, bid]);
    else actions.push({ type: "Refund", amount: bid.price, who: bid.who });
  });
  const allocations: AllocationRecord[] = [];
  for (const [i, bid] of winners) {
    const excess = saturatingSub(bid.price, clearing);
    if (excess > 0n) actions.push({ type: "Refund", amount: excess, who: bid.who });
    const q = S.Quotas.get(ctx, bid.who);
    S.Quotas.insert(ctx, bid.who, { auction_wins: q.auction_wins + 1, renewals_used: q.renewals_used });
    allocations.push({ who: bid.who, bid_price: bid.price, bid_id: bid.bid_id, core: sale.first_core + i });
  }
  S.Allocations.put(ctx, allocations);
  S.UniqueBidders.put(ctx, new Set(bids.map((b) => b.who)).size);
  S.SaleInfo.put(ctx, { ...sale, cores_sold: allocations.length, clearing_price: clearing });
  CoretimeMarket.deposit(ctx, "AuctionSettled", { clearing_price: clearing, winners: allocations.length });
  return actions;
}

/**
 * `finalize_sale(sale)`: `SellRegion { owner, paid: clearing, region_id, region_end }` per
 * remaining allocation (in allocation order), then `Refund` per pending displacement; sets
 * `cores_sold = remaining winners + renewals` (the consumption numerator of the next reserve
 * update: displaced winners do not count, brief question 6, as #11802's last revision has it);
 * emits `SaleFinalized { regions_issued }`.
 */
export function finalizeSale(ctx: Ctx, sale: SaleInfoRecord): TickAction[] {
  const S = CoretimeMarket.storage;
  const allocations = S.Allocations.take(ctx);
  const clearing = sale.clearing_price ?? sale.reserve_price;
  const actions: TickAction[] = allocations.map((a) => ({
    type: "SellRegion",
    owner: a.who,
    paid: clearing,
    region_id: { begin: sale.region_begin, core: a.core, mask: COMPLETE_MASK },
    region_end: sale.region_end,
  }));
  for (const d of S.PendingDisplacements.take(ctx)) actions.push({ type: "Refund", who: d.who, amount: d.refund });
  const current = S.SaleInfo.get(ctx)!;
  S.SaleInfo.put(ctx, { ...current, cores_sold: Math.min(0xffff, allocations.length + current.renewal_count) });
  CoretimeMarket.deposit(ctx, "SaleFinalized", { regions_issued: allocations.length });
  return actions;
}

/**
 * `exp(x)` for `x ≥ 0` as #11802 computes it, in `FixedU64` (inner integers, 1.0 = 10^9):
 * `sum = term = 1`; for n = 1 ..= 29: `term = term.saturating_mul(x) / n` (both rounded down),
 * stop when `term == 0`, `sum += term`. Each step loses at most one unit of 10^-9, so the result
 * is below the true `exp(x)` by at most about 30·10^-9 (relative, plus the series' rounding
 * carried by later terms), and saturates at FixedU64's maximum for large `x`.
 */
export function expTaylorFixedU64(x: bigint): bigint {
  let sum = FixedU64.one;
  let term = FixedU64.one;
  for (let n = 1; n < 30; n++) {
    term = FixedU64.checkedDiv(FixedU64.saturatingMul(term, x), FixedU64.fromInteger(n))!;
    if (term === 0n) break;
    sum = FixedU64.saturatingAdd(sum, term);
  }
  return sum;
}

/**
 * `adjust_reserve_price(old_sale, config)`: RFC-17's reserve update in exact fixed point.
 *
 *     consumption = Perbill::from_rational(cores_sold, cores_offered)      (down; 100 % at most)
 *     d = |consumption − target| (Perbill), positive = consumption ≥ target
 *     x = FixedU64(K = sensitivity_millis / 1000) · FixedU64(d)             (down)
 *     e = expTaylorFixedU64(x), or 1 / expTaylorFixedU64(x) when negative  (reciprocal: down)
 *     cand = max(e.saturating_mul_int(reserve), min_reserve_price)          (down)
 *     if consumption == 100 % and cand − reserve < min_increment: reserve + min_increment
 *
 * `cores_offered == 0` (the imaginary sale before the first) keeps the reserve. Planck.
 */
export function adjustReservePrice(old: SaleInfoRecord, config: ConfigRecord): bigint {
  if (old.cores_offered === 0) return old.reserve_price;
  const consumption = Perbill.fromRational(BigInt(old.cores_sold), BigInt(old.cores_offered));
  const target = BigInt(config.target_consumption_rate);
  const positive = consumption >= target;
  const deviation = positive ? consumption - target : target - consumption;
  const k = FixedU64.fromRational(BigInt(config.sensitivity_millis), 1000n);
  const dev = FixedU64.fromRational(deviation, 1_000_000_000n);
  const x = FixedU64.saturatingMul(k, dev);
  const sum = expTaylorFixedU64(x);
  const e = positive ? sum : FixedU64.saturatingFromRational(FixedU64.one, sum);
  let cand = FixedU64.saturatingMulInt(e, old.reserve_price);
  if (cand < config.min_reserve_price) cand = config.min_reserve_price;
  if (consumption === Perbill.one) {
    const increase = saturatingSub(cand, old.reserve_price);
    if (increase < config.min_increment) cand = saturatingAdd(old.reserve_price, config.min_increment);
  }
  return cand;
}

/**
 * `rotate_sale(old_sale, config, range, now)`: the next sale, starting at `now` in the Market
 * phase: reserve = `adjustReservePrice`, `cores_offered = min(limit, range.to − range.from)`,
 * `first_core = range.from`, `ideal_cores_sold = ideal_bulk_proportion · cores_offered`, regions
 * `[old.region_end, old.region_end + region_length)`, opening = `max(reserve · price_multiplier,
 * min_opening_price)` (saturating). Pure.
 */
export function rotateSale(old: SaleInfoRecord, config: ConfigRecord, range: SoldCoresRange, now: number): SaleInfoRecord {
  const reserve = adjustReservePrice(old, config);
  const maxPossible = Math.max(0, range.to - range.from);
  const coresOffered = Math.min(config.limit_cores_offered ?? 0xffff, maxPossible);
  const ideal = Number(Perbill.mul(config.ideal_bulk_proportion, BigInt(coresOffered)));
  const multiplied = saturatingMul(reserve, BigInt(config.price_multiplier), U128_MAX);
  const opening = multiplied > config.min_opening_price ? multiplied : config.min_opening_price;
  return {
    sale_start: now,
    opening_price: opening,
    reserve_price: reserve,
    clearing_price: undefined,
    region_begin: old.region_end,
    region_end: old.region_end + config.region_length,
    ideal_cores_sold: ideal,
    cores_offered: coresOffered,
    first_core: range.from,
    cores_sold: 0,
    renewal_count: 0,
    phase: { type: "Market" },
  };
}
