/**
 * The market's order logic, as polkadot-sdk#11802 `impl Market for Pallet` has it (`configure`,
 * `start_sales`, `place_order`, `place_renewal_order`, `adjust_bid`, `descending_price`,
 * `current_price`), every check in the same order, plus Corelab's quantity bid (`placeOrders`,
 * RFC-17's (price, quantity) bid as q unit bids) and the seeded randomness of the tie shuffle.
 * A failing check throws a `DispatchFailure` with a `CoretimeMarket` error; the caller's dispatch
 * then drops every write of the call.
 */
import { FixedU64, Perbill, blake2, ensure, fail, saturatingAdd, saturatingSub, type Context } from "@corelab/frame";
import { rotateSale } from "./hooks.ts";
import type { CoretimeMarketConstants, CoretimeMarketContext, OrderResult, RenewalOrderResult, AdjustBidResult, SalesStarted, MarketSaleInfo } from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";
import { COMPLETE_MASK, type ConfigRecord, type InitData, type PotentialRenewalId, type SaleInfoRecord } from "./types.ts";

type Ctx = CoretimeMarketContext;

/** The `ConfigRecord` the constants describe (what genesis stores as `Configuration`). */
export function configFromConstants(c: CoretimeMarketConstants): ConfigRecord {
  return {
    advance_notice: c.AdvanceNotice,
    market_period: c.MarketPeriod,
    renewal_period: c.RenewalPeriod,
    region_length: c.RegionLength,
    ideal_bulk_proportion: c.IdealBulkProportion,
    limit_cores_offered: c.LimitCoresOffered,
    penalty: c.Penalty,
    contribution_timeout: c.ContributionTimeout,
    price_multiplier: c.PriceMultiplier,
    min_opening_price: c.MinOpeningPrice,
    target_consumption_rate: c.TargetConsumptionRate,
    sensitivity_millis: c.SensitivityMillis,
    min_reserve_price: c.MinReservePrice,
    min_increment: c.MinIncrement,
  };
}

/**
 * `ConfigRecord::validate()`: `market_period`, `region_length`, `price_multiplier` and
 * `sensitivity_millis` must be non-zero (the checks of #11802 at 00ba85f7; the last revision
 * keeps only `market_period`, Corelab keeps all four). Returns the first zero field, or undefined.
 */
export function validateConfig(c: ConfigRecord): string | undefined {
  if (c.market_period === 0) return "market_period";
  if (c.region_length === 0) return "region_length";
  if (c.price_multiplier === 0) return "price_multiplier";
  if (c.sensitivity_millis === 0) return "sensitivity_millis";
  return undefined;
}

/** `Configuration::get()`, or `Uninitialized`. */
function configuration(ctx: Context): ConfigRecord {
  const c = CoretimeMarket.storage.Configuration.get(ctx);
  if (c === undefined) fail(CoretimeMarket.err("Uninitialized"));
  return c;
}

/** `SaleInfo::get()`, or `NoSales`. */
function saleInfo(ctx: Context): SaleInfoRecord {
  const s = CoretimeMarket.storage.SaleInfo.get(ctx);
  if (s === undefined) fail(CoretimeMarket.err("NoSales"));
  return s;
}

/** `to_market_sale_info()`: what the broker sees of a sale. */
export function toMarketSaleInfo(s: SaleInfoRecord): MarketSaleInfo {
  return {
    sale_start: s.sale_start,
    region_begin: s.region_begin,
    region_end: s.region_end,
    cores_offered: s.cores_offered,
    first_core: s.first_core,
    cores_sold: s.cores_sold,
  };
}

/**
 * The descending clock (`descending_price`), pure: with `elapsed = min(now − sale_start, P)`
 * (saturating at 0) and, when `step > 0`, `elapsed = ⌊elapsed / step⌋ · step` (Corelab's `STEP`
 * hold),
 *
 *     price = opening − FixedU64::from_rational(elapsed, P).saturating_mul_int(opening − reserve)
 *
 * (`from_rational` rounds to the nearest, ties down; `saturating_mul_int` rounds down; so the
 * price is never below `reserve`). `P == 0` gives the reserve. Planck in, planck out.
 */
export function clockPrice(opening: bigint, reserve: bigint, saleStart: number, marketPeriod: number, step: number, now: number): bigint {
  let elapsed = Math.min(Math.max(0, now - saleStart), marketPeriod);
  if (marketPeriod === 0) return reserve;
  if (step > 0) elapsed = Math.floor(elapsed / step) * step;
  const range = saturatingSub(opening, reserve);
  const descent = FixedU64.saturatingMulInt(FixedU64.fromRational(BigInt(elapsed), BigInt(marketPeriod)), range);
  return saturatingSub(opening, descent);
}

/** `descending_price(now, sale)`: the clock of the current sale (`Uninitialized` without configuration). */
export function descendingPrice(ctx: Ctx, now: number, sale: SaleInfoRecord): bigint {
  const config = configuration(ctx);
  return clockPrice(sale.opening_price, sale.reserve_price, sale.sale_start, config.market_period, ctx.config.PriceStep, now);
}

/**
 * `Pallet::current_price(block_number)`: the clock in the Market phase, the clearing price
 * afterwards (undefined before settlement or without a sale). Planck.
 */
export function currentPrice(ctx: Ctx, now: number): bigint | undefined {
  const sale = CoretimeMarket.storage.SaleInfo.get(ctx);
  if (sale === undefined) return undefined;
  if (sale.phase.type === "Market") return CoretimeMarket.storage.Configuration.exists(ctx) ? descendingPrice(ctx, now, sale) : undefined;
  return sale.clearing_price;
}

/** `configure(configuration)`: `InvalidConfig` when `validate` fails, else stores it. */
export function configure(ctx: Ctx, configuration: ConfigRecord): void {
  ensure(validateConfig(configuration) === undefined, CoretimeMarket.err("InvalidConfig"));
  CoretimeMarket.storage.Configuration.put(ctx, configuration);
}

/**
 * `start_sales(block_number, init_data)`: rotates an imaginary previous sale (reserve
 * `init_data.reserve_price`, no cores offered, so the reserve is kept; regions from the latest
 * timeslice ready to commit) into the first sale, starting at `now` in the Market phase; emits
 * `SaleInitialized`. Errors: `Uninitialized` (no configuration, core range or timeslice).
 */
export function startSales(ctx: Ctx, now: number, init: InitData): SalesStarted {
  const config = configuration(ctx);
  const range = ctx.config.CoreRangeProvider.coreRange(ctx);
  if (range === undefined) fail(CoretimeMarket.err("Uninitialized"));
  const commit = ctx.config.TimesliceProvider.latestTimesliceReadyToCommit(ctx);
  if (commit === undefined) fail(CoretimeMarket.err("Uninitialized"));
  const old: SaleInfoRecord = {
    sale_start: now,
    opening_price: init.reserve_price,
    reserve_price: init.reserve_price,
    clearing_price: undefined,
    region_begin: commit,
    region_end: commit + config.region_length,
    ideal_cores_sold: 0,
    cores_offered: 0,
    first_core: 0,
    cores_sold: 0,
    renewal_count: 0,
    phase: { type: "Settlement" },
  };
  const sale = rotateSale(old, config, range, now);
  CoretimeMarket.storage.SaleInfo.put(ctx, sale);
  depositSaleInitialized(ctx, sale, config);
  return { sale: toMarketSaleInfo(sale) };
}

/** Emits `SaleInitialized` for `sale` (`start_price` = the opening price). */
export function depositSaleInitialized(ctx: Context, sale: SaleInfoRecord, config: ConfigRecord): void {
  CoretimeMarket.deposit(ctx, "SaleInitialized", {
    sale_start: sale.sale_start,
    market_period: config.market_period,
    start_price: sale.opening_price,
    reserve_price: sale.reserve_price,
    region_begin: sale.region_begin,
    region_end: sale.region_end,
    ideal_cores_sold: sale.ideal_cores_sold,
    cores_offered: sale.cores_offered,
  });
}

/**
 * `place_order(block_number, who, price_limit)`: one bid for one core.
 * Checks, in order: a sale (`NoSales`), the Market phase (`WrongPhase`), `now ≥ sale_start`
 * (`TooEarly`), `price_limit ≥ reserve` (`BidTooLow`), the configuration (`Uninitialized`),
 * room in `Bids` (`TooManyBids`, `MaxBids`). The bid's price is `min(price_limit, clock(now))`
 * (a limit above the clock is capped, not refused); it is inserted at `partition_point(price >
 * bid_price)`: after every higher bid and **before** earlier bids of the same price (the later of
 * equal bids ranks first), with `bid_id` = the number of bids before it. Emits `BidPlaced { who, bid_id,
 * amount }`; the broker locks `bid_price` (the full deposit).
 */
export function placeOrder(ctx: Ctx, now: number, who: string, priceLimit: bigint): OrderResult {
  const sale = saleInfo(ctx);
  ensure(sale.phase.type === "Market", CoretimeMarket.err("WrongPhase"));
  ensure(now >= sale.sale_start, CoretimeMarket.err("TooEarly"));
  ensure(priceLimit >= sale.reserve_price, CoretimeMarket.err("BidTooLow"));
  const clock = descendingPrice(ctx, now, sale);
  const bidPrice = priceLimit < clock ? priceLimit : clock;
  const bids = CoretimeMarket.storage.Bids.get(ctx);
  ensure(bids.length < ctx.config.MaxBids, CoretimeMarket.err("TooManyBids"));
  const bidId = bids.length;
  const pos = partitionPoint(bids, (b) => b.price > bidPrice);
  const next = bids.slice();
  next.splice(pos, 0, { bid_id: bidId, who, price: bidPrice });
  CoretimeMarket.storage.Bids.put(ctx, next);
  CoretimeMarket.deposit(ctx, "BidPlaced", { who, bid_id: bidId, amount: bidPrice });
  return { type: "BidPlaced", id: bidId, bid_price: bidPrice };
}

/**
 * Corelab: RFC-17's bid of (price, quantity) as `quantity` unit bids at the same price
 * (`place_order` `quantity` times; consecutive bid ids, each its own `BidPlaced`). All or
 * nothing: when one fails, the caller's dispatch drops them all. `quantity` must be 1 ..=
 * `cores_offered` of the current sale, else `Unavailable` (a bid for more cores than are sold
 * could only lock funds for nothing); past `MaxBids`, `TooManyBids`. The broker locks the sum.
 */
export function placeOrders(ctx: Ctx, now: number, who: string, priceLimit: bigint, quantity: number): OrderResult[] {
  const sale = saleInfo(ctx);
  ensure(quantity >= 1 && quantity <= sale.cores_offered, CoretimeMarket.err("Unavailable"));
  const out: OrderResult[] = [];
  for (let i = 0; i < quantity; i++) out.push(placeOrder(ctx, now, who, priceLimit));
  return out;
}

/**
 * Whether renewers pay the penalty in the current sale, by `PenaltyRule`:
 * `Pallet`: the auction sold out (`cores_sold == cores_offered`, cores_sold as settled);
 * `Rfc`: `UniqueBidders` + accounts with renewal rights at `region_begin` > `cores_offered`.
 */
export function penaltyApplies(ctx: Ctx, sale: SaleInfoRecord): boolean {
  if (ctx.config.PenaltyRule.type === "Pallet") return sale.cores_sold === sale.cores_offered;
  const bidders = CoretimeMarket.storage.UniqueBidders.get(ctx);
  return bidders + ctx.config.RenewalRights.renewersCount(ctx, sale.region_begin) > sale.cores_offered;
}

/**
 * `place_renewal_order(block_number, who, renewal)`: renews one core at once.
 * Checks, in order: configuration (`Uninitialized`), a sale (`NoSales`), the Renewal phase
 * (`WrongPhase`), `renewal.when == region_begin` (`Unavailable`), a right left (`Unavailable`:
 * `rights − auction_wins − renewals_used > 0`). Price: `clearing + penalty · clearing` when the
 * penalty applies (`penaltyApplies`), else `clearing` (Perbill product, rounded as sp-arithmetic).
 * Core: the next unallocated core (`first_core + allocations + renewals`) while one is free; else,
 * if the auction sold out, the core of the winner with the lowest bid among those whose wins exceed
 * their rights (first such in allocation order on equal bids), which is displaced (`BidDisplaced`,
 * refund = clearing at finalization, its win uncounted); else `Unavailable`. Emits
 * `RenewalExercised`; the broker charges `price` and issues the region.
 */
export function placeRenewalOrder(ctx: Ctx, _now: number, who: string, renewal: PotentialRenewalId): RenewalOrderResult {
  configuration(ctx);
  const sale = saleInfo(ctx);
  ensure(sale.phase.type === "Renewal", CoretimeMarket.err("WrongPhase"));
  ensure(renewal.when === sale.region_begin, CoretimeMarket.err("Unavailable"));
  const S = CoretimeMarket.storage;
  const rights = ctx.config.RenewalRights.renewalRightsCount(ctx, who, sale.region_begin);
  const quota = S.Quotas.get(ctx, who);
  const remaining = Math.max(0, Math.max(0, rights - quota.auction_wins) - quota.renewals_used);
  ensure(remaining > 0, CoretimeMarket.err("Unavailable"));
  const clearing = sale.clearing_price ?? sale.reserve_price;
  const oversubscribed = sale.cores_sold === sale.cores_offered;
  const config = configuration(ctx);
  const penalty = penaltyApplies(ctx, sale) ? Perbill.mul(config.penalty, clearing) : 0n;
  const price = saturatingAdd(clearing, penalty);
  const allocations = S.Allocations.get(ctx);
  const allocated = allocations.length + sale.renewal_count;
  let core: number;
  if (allocated < sale.cores_offered) core = sale.first_core + allocated;
  else if (oversubscribed) {
    let idx = -1;
    for (let i = 0; i < allocations.length; i++) {
      const a = allocations[i]!;
      const aRights = ctx.config.RenewalRights.renewalRightsCount(ctx, a.who, sale.region_begin);
      if (!(aRights < S.Quotas.get(ctx, a.who).auction_wins)) continue;
      if (idx < 0 || a.bid_price < allocations[idx]!.bid_price) idx = i;
    }
    ensure(idx >= 0, CoretimeMarket.err("Unavailable"));
    const displaced = allocations[idx]!;
    core = displaced.core;
    const pending = S.PendingDisplacements.get(ctx);
    ensure(pending.length < ctx.config.MaxBids, CoretimeMarket.err("TooManyBids"));
    S.PendingDisplacements.put(ctx, [...pending, { who: displaced.who, refund: clearing }]);
    const dq = S.Quotas.get(ctx, displaced.who);
    S.Quotas.insert(ctx, displaced.who, { auction_wins: Math.max(0, dq.auction_wins - 1), renewals_used: dq.renewals_used });
    CoretimeMarket.deposit(ctx, "BidDisplaced", { who: displaced.who, bid_id: displaced.bid_id, refund: clearing });
    S.Allocations.put(ctx, allocations.filter((_, i) => i !== idx));
  } else fail(CoretimeMarket.err("Unavailable"));
  const regionId = { begin: sale.region_begin, core, mask: COMPLETE_MASK };
  S.SaleInfo.put(ctx, { ...sale, renewal_count: sale.renewal_count + 1 });
  const q = S.Quotas.get(ctx, who);
  S.Quotas.insert(ctx, who, { auction_wins: q.auction_wins, renewals_used: q.renewals_used + 1 });
  CoretimeMarket.deposit(ctx, "RenewalExercised", { who, price, region_id: regionId });
  return { type: "Renewed", price, region_id: regionId, effective_to: sale.region_end };
}

/**
 * `adjust_bid(block_number, id, who, new_price)`: raises a bid. Checks, in order: a new price
 * (`undefined`, a withdrawal: `NotAllowed`, bids are binding), a sale (`NoSales`), the Market
 * phase (`WrongPhase`), the bid (`BidNotExist`), its owner (`NotAllowed`), `new > old`
 * (`Overpriced`), `new ≤ clock(now)` (`BidTooHigh`). Re-sorts the bid (before bids of the same price, as `place_order`),
 * emits `BidRaised`; the broker locks the difference (`Lock { new − old }`).
 */
export function adjustBid(ctx: Ctx, now: number, id: number, who: string, newPrice: bigint | undefined): AdjustBidResult {
  if (newPrice === undefined) fail(CoretimeMarket.err("NotAllowed"));
  const sale = saleInfo(ctx);
  ensure(sale.phase.type === "Market", CoretimeMarket.err("WrongPhase"));
  const bids = CoretimeMarket.storage.Bids.get(ctx);
  const idx = bids.findIndex((b) => b.bid_id === id);
  ensure(idx >= 0, CoretimeMarket.err("BidNotExist"));
  const bid = bids[idx]!;
  ensure(bid.who === who, CoretimeMarket.err("NotAllowed"));
  const oldPrice = bid.price;
  ensure(newPrice > oldPrice, CoretimeMarket.err("Overpriced"));
  ensure(newPrice <= descendingPrice(ctx, now, sale), CoretimeMarket.err("BidTooHigh"));
  const rest = bids.filter((_, i) => i !== idx);
  const pos = partitionPoint(rest, (b) => b.price > newPrice);
  rest.splice(pos, 0, { bid_id: bid.bid_id, who: bid.who, price: newPrice });
  CoretimeMarket.storage.Bids.put(ctx, rest);
  CoretimeMarket.deposit(ctx, "BidRaised", { who, bid_id: id, old_price: oldPrice, new_price: newPrice });
  return { type: "Lock", amount: newPrice - oldPrice };
}

/** `slice::partition_point(pred)`: the first index whose element fails `pred` (the list is partitioned by it). */
export function partitionPoint<T>(list: readonly T[], pred: (x: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SUBJECT_ENCODER = new TextEncoder();

/**
 * The default `T::Randomness` (Corelab): `blake2_256(seed ++ subject ++ block_number as u32 LE)`,
 * with `seed` the UTF-8 bytes of the `RandomnessSeed` constant, or of the runtime's seed when that
 * is empty. Deterministic: the same seed, subject and block give the same 32 bytes everywhere.
 */
export function seededRandomness(ctx: Context, subject: Uint8Array, namedSeed: string): Uint8Array {
  const seed = SUBJECT_ENCODER.encode(namedSeed.length > 0 ? namedSeed : ctx.runtime.seed);
  const buf = new Uint8Array(seed.length + subject.length + 4);
  buf.set(seed, 0);
  buf.set(subject, seed.length);
  new DataView(buf.buffer).setUint32(seed.length + subject.length, ctx.blockNumber >>> 0, true);
  return blake2(buf);
}

/** The subject the tie shuffle asks randomness for (`b"coretime-market/shuffle"`). */
export const SHUFFLE_SUBJECT: Uint8Array = SUBJECT_ENCODER.encode("coretime-market/shuffle");
