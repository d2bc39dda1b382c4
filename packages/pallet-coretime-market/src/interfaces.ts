/**
 * The ports of the coretime market: what it needs (`CoretimeMarketConfig`: the core range, the
 * timeslice clock and the renewal rights, all from the broker; the constants) and what it offers
 * (`Market`, the broker's market port). Mirrors polkadot-sdk#11802's `Config` trait
 * (`substrate/frame/coretime-market/src/lib.rs`) and the `fp_coretime::market` trait it implements
 * (`Market`, `CoreRangeProvider`, `TimesliceProvider`, `OrderResult`, `RenewalOrderResult`,
 * `AdjustBidResult`, `TickAction`, `MarketSaleInfo`, `SalesStarted`), the later shape of
 * sdk#11563's `substrate/frame/broker/src/market.rs`.
 *
 * Port methods are camelCase; each doc names the Rust item it stands for. Errors are thrown as
 * `DispatchFailure`s (`fail`/`ensure` of `@corelab/frame`) carrying `CoretimeMarket` module
 * errors, so a failing order inside a call discards every write of that call.
 */
import { withPalletConfig, type Context, type PalletContext } from "@corelab/frame";
import { adjustBid, configure, placeOrder, placeRenewalOrder, startSales } from "./dispatchables.ts";
import { tick } from "./hooks.ts";
import type { BidId, ConfigRecord, InitData, PenaltyRule, PotentialRenewalId, RegionId } from "./types.ts";

/** `SoldCoresRange { from, to }`: the half-open range `[from, to)` of core indices for sale. */
export interface SoldCoresRange {
  /** First core index for sale (inclusive). */
  readonly from: number;
  /** End of the range (exclusive). */
  readonly to: number;
}

/** `CoreRangeProvider`: the cores a sale may offer (the broker: after reservations and leases). */
export interface CoreRangeProvider {
  /** `core_range()`: undefined while unknown (the broker has no core count yet). */
  coreRange(ctx: Context): SoldCoresRange | undefined;
}

/** `TimesliceProvider`: the broker's commit clock, in timeslices. */
export interface TimesliceProvider {
  /** `next_timeslice_to_commit()`: undefined while unknown. */
  nextTimesliceToCommit(ctx: Context): number | undefined;
  /** `latest_timeslice_ready_to_commit()`: undefined while unknown. The Settlement phase ends when it reaches the sale's `region_begin`. */
  latestTimesliceReadyToCommit(ctx: Context): number | undefined;
}

/** `RenewalRightsProvider<AccountId>` (types.rs): the broker's renewal rights. */
export interface RenewalRightsProvider {
  /** `renewal_rights_count(who, when)`: how many cores `who` may renew into the sale whose regions begin at `when`. */
  renewalRightsCount(ctx: Context, who: string, when: number): number;
  /**
   * Corelab addition, for `PenaltyRule: Rfc`: how many accounts hold at least one renewal right
   * at `when` (RFC-17's "current tenants with renewal rights").
   */
  renewersCount(ctx: Context, when: number): number;
}

/**
 * Seeded randomness (`T::Randomness`, `Randomness<Hash, BlockNumber>::random(subject)`): 32 bytes
 * for `subject` in the block being built. Default: `seededRandomness` (see dispatchables.ts).
 */
export type RandomnessSource = (ctx: Context, subject: Uint8Array) => Uint8Array;

/**
 * `coretime_market::Config` as a runtime gives it, plus the market's parameters as constants
 * (Corelab: every parameter a constant; the `ConfigRecord` fields are written into
 * `Configuration` at genesis, as the broker's `configure` would, and `configure` may replace them).
 * Constant names are the scenario names (`constants: { CoretimeMarket: { MarketPeriod: 20 } }`).
 */
export interface CoretimeMarketConfig {
  /** `MaxBids` (`#[pallet::constant]`): most bids (unit bids) in one sale; the pallet's mock: 100. */
  readonly MaxBids: number;
  /** `advance_notice` (relay blocks). */
  readonly AdvanceNotice: number;
  /** `market_period` (relay blocks): RFC-17 `MARKET_PERIOD`, 14 days = 201_600. Must be > 0. */
  readonly MarketPeriod: number;
  /** `renewal_period` (relay blocks): RFC-17 `RENEWAL_PERIOD`, 7 days = 100_800. */
  readonly RenewalPeriod: number;
  /** `region_length` (timeslices): the regions sold; 28 days = 5_040 timeslices of 80 blocks. Must be > 0. */
  readonly RegionLength: number;
  /** `ideal_bulk_proportion` (Perbill parts): gives `ideal_cores_sold` (informational). */
  readonly IdealBulkProportion: number;
  /** `limit_cores_offered` (optional core count). */
  readonly LimitCoresOffered: number | undefined;
  /** `penalty` (Perbill parts): RFC-17 `PENALTY`, 30 %. Renewal price = clearing · (1 + penalty). */
  readonly Penalty: number;
  /** `contribution_timeout` (timeslices; unused by the market, kept for the broker). */
  readonly ContributionTimeout: number;
  /** `price_multiplier`: RFC-17 `PRICE_MULTIPLIER`, 3. Opening = max(min_opening_price, multiplier · reserve). Must be > 0. */
  readonly PriceMultiplier: number;
  /** `min_opening_price` (planck): RFC-17 `MIN_OPENING_PRICE`, 150 DOT. */
  readonly MinOpeningPrice: bigint;
  /** `target_consumption_rate` (Perbill parts): RFC-17 `TARGET_CONSUMPTION_RATE`, 90 %. */
  readonly TargetConsumptionRate: number;
  /** `sensitivity_millis`: RFC-17 `K` × 1000 (2–3 → 2000–3000). Must be > 0. */
  readonly SensitivityMillis: number;
  /** `min_reserve_price` (planck): RFC-17 `P_MIN`, 1 DOT. */
  readonly MinReservePrice: bigint;
  /** `min_increment` (planck): RFC-17 `MIN_INCREMENT`, 100 DOT (applied at 100 % consumption). */
  readonly MinIncrement: bigint;
  /**
   * Corelab parameter `STEP` (relay blocks): 0 = the clock descends every block (the pallet);
   * otherwise each price level is held `STEP` blocks (RFC-17 "each discrete price level should be
   * held … 6–12 hours": 3_600–7_200).
   */
  readonly PriceStep: number;
  /** Corelab parameter: which rule triggers the renewal penalty (`Pallet` or `Rfc`), brief question 2. */
  readonly PenaltyRule: PenaltyRule;
  /** Corelab parameter: the named seed of the tie shuffle ("" = the runtime's seed). */
  readonly RandomnessSeed: string;
  /** `T::CoreRangeProvider`. */
  readonly CoreRangeProvider: CoreRangeProvider;
  /** `T::TimesliceProvider`. */
  readonly TimesliceProvider: TimesliceProvider;
  /** `T::RenewalRights`. */
  readonly RenewalRights: RenewalRightsProvider;
  /** `T::Randomness` (default: `seededRandomness`, blake2 of the named seed, the subject and the block). */
  readonly Randomness?: RandomnessSource;
}

/** The constants of a `CoretimeMarketConfig` (what a scenario's `constants: { CoretimeMarket: … }` may override). */
export type CoretimeMarketConstants = Omit<CoretimeMarketConfig, "CoreRangeProvider" | "TimesliceProvider" | "RenewalRights" | "Randomness">;

/** A context of the pallet's own code. */
export type CoretimeMarketContext = PalletContext<CoretimeMarketConfig>;

/** A pallet context for the market's code from a caller's context (the broker's dispatch or tick). */
export function withCoretimeMarketConfig(ctx: Context, config: CoretimeMarketConfig): CoretimeMarketContext {
  return withPalletConfig(ctx, config);
}

/** `MarketSaleInfo`: what the broker learns of a sale. */
export interface MarketSaleInfo {
  /** Relay block at which the sale (its Market phase) starts. */
  readonly sale_start: number;
  /** First timeslice of the regions sold. */
  readonly region_begin: number;
  /** Timeslice at which they end. */
  readonly region_end: number;
  /** Cores offered. */
  readonly cores_offered: number;
  /** First core of the range sold. */
  readonly first_core: number;
  /** Cores sold (see `SaleInfoRecord.cores_sold`). */
  readonly cores_sold: number;
}

/** `SalesStarted { sale }`: the first sale. */
export interface SalesStarted {
  readonly sale: MarketSaleInfo;
}

/** `OrderResult`: a bid was placed (the broker locks `bid_price`), or (other markets) a region sold at once. */
export type OrderResult =
  | { readonly type: "BidPlaced"; readonly id: BidId; readonly bid_price: bigint }
  | { readonly type: "Sold"; readonly price: bigint; readonly region_id: RegionId; readonly region_end: number };

/** `RenewalOrderResult`: this market renews at once (`Renewed`: the broker charges `price` and issues the region). */
export type RenewalOrderResult =
  | { readonly type: "BidPlaced"; readonly id: BidId; readonly bid_price: bigint }
  | { readonly type: "Renewed"; readonly price: bigint; readonly region_id: RegionId; readonly effective_to: number };

/** `AdjustBidResult`: lock `amount` more (a raise), or refund it. */
export type AdjustBidResult = { readonly type: "Lock"; readonly amount: bigint } | { readonly type: "Refund"; readonly amount: bigint };

/** `TickAction`: what the broker executes after `tick` (the market moves no funds and issues no regions itself). */
export type TickAction =
  | { readonly type: "SellRegion"; readonly owner: string; readonly paid: bigint; readonly region_id: RegionId; readonly region_end: number }
  | { readonly type: "RenewRegion"; readonly owner: string; readonly renewal_id: PotentialRenewalId }
  | { readonly type: "Refund"; readonly amount: bigint; readonly who: string }
  | { readonly type: "ProcessAutoRenewals"; readonly after_timeslice: number; readonly next_renewal_at: number }
  | { readonly type: "SaleRotated"; readonly old_sale: MarketSaleInfo; readonly new_sale: MarketSaleInfo };

/**
 * The broker's market port, as `fp_coretime::market::Market<RelayBlockNumber, Balance, AccountId>`
 * of sdk#11802 (the later form of sdk#11563's trait: `adjust_bid(.., Option<new_price>)`,
 * `place_renewal_order` without a recorded price). Every method runs on the caller's context
 * (its storage layer and events) and fails by throwing a `DispatchFailure`.
 */
export interface Market {
  /** `configure(configuration)`: validates (`InvalidConfig`) and stores the configuration. */
  configure(ctx: Context, configuration: ConfigRecord): void;
  /** `start_sales(block_number, init_data)`: the first sale (`Uninitialized` without configuration, core range or timeslice). */
  startSales(ctx: Context, blockNumber: number, initData: InitData): SalesStarted;
  /** `place_order(block_number, who, price_limit)`: one unit bid at `min(price_limit, clock)`. */
  placeOrder(ctx: Context, blockNumber: number, who: string, priceLimit: bigint): OrderResult;
  /** `place_renewal_order(block_number, who, renewal)`: renews at once in the Renewal phase. */
  placeRenewalOrder(ctx: Context, blockNumber: number, who: string, renewal: PotentialRenewalId): RenewalOrderResult;
  /** `adjust_bid(block_number, id, who, new_price)`: raise (`undefined` = withdraw, refused with `NotAllowed`). */
  adjustBid(ctx: Context, blockNumber: number, id: BidId, who: string, newPrice: bigint | undefined): AdjustBidResult;
  /** `tick(now, weight_meter)`: phase changes, settlement, finalization, rotation; the actions for the broker. */
  tick(ctx: Context, now: number): TickAction[];
}

/**
 * The `Market` port of a runtime whose `CoretimeMarket` pallet has `config` (pass the same object
 * as `CoretimeMarket.instance(config)`): `impl Market for Pallet<T>` of #11802. Each method runs the
 * pallet's function on the caller's context: its writes and events land in the caller's block and
 * dispatch, and a failure (a thrown `DispatchFailure`) drops them with the caller's.
 */
export function coretimeMarketPort(config: CoretimeMarketConfig): Market {
  const c = (ctx: Context): CoretimeMarketContext => withCoretimeMarketConfig(ctx, config);
  return {
    configure: (ctx, configuration) => configure(c(ctx), configuration),
    startSales: (ctx, blockNumber, initData) => startSales(c(ctx), blockNumber, initData),
    placeOrder: (ctx, blockNumber, who, priceLimit) => placeOrder(c(ctx), blockNumber, who, priceLimit),
    placeRenewalOrder: (ctx, blockNumber, who, renewal) => placeRenewalOrder(c(ctx), blockNumber, who, renewal),
    adjustBid: (ctx, blockNumber, id, who, newPrice) => adjustBid(c(ctx), blockNumber, id, who, newPrice),
    tick: (ctx, now) => tick(c(ctx), now),
  };
}

/** One DOT in planck (10 decimals). */
export const DOT = 10_000_000_000n;

/**
 * RFC-17's values (polkadot-fellows/RFCs `text/0017-coretime-market-redesign.md` @ 85ca3ff275de)
 * on Polkadot (6 s relay blocks, 80-block timeslices, DOT): `MARKET_PERIOD` 14 days (201_600),
 * `RENEWAL_PERIOD` 7 days (100_800), regions of 28 days (5_040 timeslices; the Settlement phase is
 * what is left of them), `PENALTY` 30 %, `TARGET_CONSUMPTION_RATE` 90 % (also the ideal bulk
 * proportion), `K` 2.5 (the RFC proposes 2–3), `PRICE_MULTIPLIER` 3, `MIN_OPENING_PRICE` 150 DOT,
 * `P_MIN` 1 DOT, `MIN_INCREMENT` 100 DOT, the RFC penalty rule, a continuous clock (`PriceStep` 0;
 * the RFC's 6–12 h levels are `PriceStep` 3_600–7_200). Values the RFC does not give: `MaxBids`
 * 100 and `ContributionTimeout` 5 (the pallet mock's), `AdvanceNotice` 10 (not read by the market).
 */
export const RFC17_CONSTANTS: CoretimeMarketConstants = Object.freeze({
  MaxBids: 100,
  AdvanceNotice: 10,
  MarketPeriod: 201_600,
  RenewalPeriod: 100_800,
  RegionLength: 5_040,
  IdealBulkProportion: 900_000_000,
  LimitCoresOffered: undefined,
  Penalty: 300_000_000,
  ContributionTimeout: 5,
  PriceMultiplier: 3,
  MinOpeningPrice: 150n * DOT,
  TargetConsumptionRate: 900_000_000,
  SensitivityMillis: 2_500,
  MinReservePrice: 1n * DOT,
  MinIncrement: 100n * DOT,
  PriceStep: 0,
  PenaltyRule: { type: "Rfc" } as const,
  RandomnessSeed: "",
});

/**
 * The values of #11802's `mock.rs` (`new_config()`, `MaxBids` 100): market 20 blocks, renewal 10,
 * regions of 3 timeslices, ideal 100 %, penalty 30 %, multiplier 2, min opening 10, target 90 %,
 * K 2.5, P_MIN 1, MIN_INCREMENT 100 (plain units: the mock's balance is a bare u64), the pallet's
 * penalty rule, a continuous clock.
 */
export const PALLET_TEST_CONSTANTS: CoretimeMarketConstants = Object.freeze({
  MaxBids: 100,
  AdvanceNotice: 2,
  MarketPeriod: 20,
  RenewalPeriod: 10,
  RegionLength: 3,
  IdealBulkProportion: 1_000_000_000,
  LimitCoresOffered: undefined,
  Penalty: 300_000_000,
  ContributionTimeout: 5,
  PriceMultiplier: 2,
  MinOpeningPrice: 10n,
  TargetConsumptionRate: 900_000_000,
  SensitivityMillis: 2_500,
  MinReservePrice: 1n,
  MinIncrement: 100n,
  PriceStep: 0,
  PenaltyRule: { type: "Pallet" } as const,
  RandomnessSeed: "",
});
