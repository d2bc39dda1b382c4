/**
 * The broker's `Market` port: what sells bulk coretime (prices, bids, sale rotation), kept apart
 * from what the broker does with the result (charging, regions, workplans, renewal rights,
 * auto-renewals). The shape follows polkadot-sdk's `Market` trait (sdk#11563, `frame/broker/src/
 * market.rs`, merged 2026-03-30 and not wired in upstream; the later shape of sdk#11802's
 * `fp_coretime::market::Market`, and the broker side of sdk#10916 / sdk#11828); the trait is still
 * moving upstream, so this is its shape, not a frozen signature. See the package README, "The
 * `Market` port", for the timeline.
 *
 * A market runs inside the broker's storage layer: its methods get the broker's context (the
 * call's or the hook's storage transaction, its events). `LegacyMarket` (`legacy-market.ts`, the
 * default) is part of the broker: its state is the broker's own `SaleInfo` and `Configuration`,
 * so the chain state is byte for byte what it was before the port. Any other market (the RFC-17
 * market of `@corelab/pallet-coretime-market`) is a pallet of its own with its own storage items,
 * reached from these methods through `ctx.storage`; the broker's `SaleInfo` then stays empty.
 *
 * The broker executes what a market returns (`OrderResult`, `RenewalOrderResult`, `TickAction`)
 * through its `Currency` (see `dispatchables.ts` `doPurchase`/`doRenew` and `hooks.ts`
 * `executeTickActions`): a bid's deposit is moved from the bidder into the broker's pot when the
 * bid is placed or raised (the `Fungible` port has no holds), and at settlement moved on from the
 * pot to `OnRevenue` (`SellRegion`, `RenewRegion`) or back to the bidder (`Refund`).
 */
import type { CoreIndex, PotentialRenewalId, RegionId, AdaptedPrices, ConfigRecord, Schedule, Timeslice } from "./types.ts";
import type { BrokerContext } from "./utility.ts";

/** A bid's id, given by the market (`Market::BidId`). u32 here. */
export type BidId = number;

/**
 * What a market says of its current sale (sdk#11802 `MarketSaleInfo`): the broker reads the
 * region, the cores on offer and the first of them. The legacy market's `SaleInfoRecord` has these
 * fields; `leadin_length` and `end_price` are optional (used only for `SaleInitialized`).
 */
export interface MarketSaleInfo {
  readonly sale_start: number;
  readonly region_begin: Timeslice;
  readonly region_end: Timeslice;
  readonly ideal_cores_sold: CoreIndex;
  readonly cores_offered: CoreIndex;
  readonly first_core: CoreIndex;
  readonly cores_sold: CoreIndex;
  readonly leadin_length?: number;
  readonly end_price?: bigint;
}

/** `OrderResult` of `place_order` (sdk#11563): sold now, or a bid placed whose `bid_price` the broker locks. */
export type OrderResult =
  | { readonly type: "Sold"; readonly price: bigint; readonly region_id: RegionId; readonly region_end: Timeslice }
  | { readonly type: "BidPlaced"; readonly id: BidId; readonly bid_price: bigint };

/**
 * `RenewalOrderResult` of `place_renewal_order` (sdk#11563; sdk#11802 names the first variant
 * `Sold`). `Renewed`: the broker charges `price`, moves the workload of `renewal_id` to
 * `region_id` and records the next renewal right at `effective_to` priced `next_renewal_price`.
 * `renewal_id` is a Corelab addition: the right the market consumed (its `when` is the market's
 * sale's `region_begin`, which the broker does not know for a market other than the legacy one).
 */
export type RenewalOrderResult =
  | {
      readonly type: "Renewed";
      readonly price: bigint;
      readonly next_renewal_price: bigint;
      readonly renewal_id: PotentialRenewalId;
      readonly region_id: RegionId;
      readonly effective_to: Timeslice;
    }
  | { readonly type: "BidPlaced"; readonly id: BidId; readonly bid_price: bigint };

/** `RaiseBidResult` / sdk#11802's `adjust_bid`: how much more the broker locks from the bidder. */
export interface AdjustBidResult {
  readonly payment_due: bigint;
}

/** `SalesStarted` of `start_sales`: the imaginary sale that ends at once, and the first real one. */
export interface SalesStarted {
  readonly old_sale: MarketSaleInfo;
  readonly new_sale: MarketSaleInfo;
  readonly new_prices: AdaptedPrices;
  /** The price at the start of the new sale (only for the `SaleInitialized` event). */
  readonly start_price: bigint;
}

/**
 * `TickAction` (sdk#11563; `BidClosed` and `ProcessRenewals` from sdk#11802, here
 * `ProcessAutoRenewals`): what the broker does, in order, for a market's `tick`.
 *
 * - `SellRegion`: a won bid settles. The broker moves `paid` from its pot (where the bid's deposit
 *   was locked) to `OnRevenue`, issues the region to `owner` with `paid` recorded (renewable once
 *   finally assigned) and emits `Purchased`.
 * - `RenewRegion`: a renewal bid settles: `paid` from the pot to `OnRevenue`, then as a renewal
 *   (`Renewed`, the workload of `renewal_id` on `region_id`, next right at `effective_to` for
 *   `next_renewal_price`, `Renewable`). The last four fields are Corelab additions (upstream the
 *   market keeps them; the broker's `PotentialRenewals` still records the price here). A right
 *   that is gone (or incomplete) by then is not renewed: `paid` goes back to `owner`.
 * - `Refund`: `amount` from the pot back to `who` (a losing or over-locked bid).
 * - `BidClosed`: a bid is over; the broker keeps no bid state, so nothing happens (the market's
 *   pallet emits its own events).
 * - `ProcessAutoRenewals`: run `AutoRenewals` now against the market's current sale (skipped with
 *   `AutoRenew: false`).
 * - `SaleRotated`: a sale ended and the next began. The broker pools the old sale's unsold cores,
 *   lays out reservations and leases from core 0 for the new region (ending leases become
 *   renewable at `new_prices.target_price`) and emits `SaleInitialized` once the actions after it
 *   (up to the next `SaleRotated` or the end) have run, as the legacy rotation emits it after the
 *   auto-renewals.
 */
export type TickAction =
  | { readonly type: "SellRegion"; readonly owner: string; readonly paid: bigint; readonly region_id: RegionId; readonly region_end: Timeslice }
  | {
      readonly type: "RenewRegion";
      readonly owner: string;
      readonly renewal_id: PotentialRenewalId;
      readonly paid: bigint;
      readonly region_id: RegionId;
      readonly effective_to: Timeslice;
      readonly next_renewal_price: bigint;
    }
  | { readonly type: "Refund"; readonly who: string; readonly amount: bigint }
  | { readonly type: "BidClosed"; readonly id: BidId; readonly owner: string }
  | { readonly type: "ProcessAutoRenewals" }
  | {
      readonly type: "SaleRotated";
      readonly old_sale: MarketSaleInfo;
      readonly new_sale: MarketSaleInfo;
      readonly new_prices: AdaptedPrices;
      readonly start_price: bigint;
    };

/** `TimesliceProvider` (sdk#11563): the broker's commit clock as the market sees it. */
export interface TimesliceProvider {
  /** The timeslice the broker commits in this tick (`None` when it commits nothing). */
  nextTimesliceToCommit(): Timeslice | undefined;
  /** `⌊(relay block + advance_notice) / TimeslicePeriod⌋`, `None` when the broker is not initialized. */
  latestTimesliceReadyToCommit(): Timeslice | undefined;
}

/**
 * What the broker gives a market besides the context (sdk#11563's `TimesliceProvider` and
 * `CoreCountProvider`, sdk#11802's `RenewalRightsProvider`).
 */
export interface MarketInputs extends TimesliceProvider {
  /** The relay cores the broker has (`Status.core_count` as this tick or call sees it); `None` before `start_sales`. */
  coreCount(): CoreIndex | undefined;
  /** Cores taken before the sale's (`Reservations` + `Leases`): the next sale's `first_core`. */
  reservedCoreCount(): CoreIndex;
  /**
   * The renewal right `id` (`PotentialRenewals`), checked by the broker: `NotAllowed` when there is
   * none, `IncompleteAssignment` when it does not cover the whole core (thrown as dispatch
   * failures). Returns its recorded price and workload.
   */
  renewalRight(id: PotentialRenewalId): { readonly price: bigint; readonly workload: Schedule };
}

/**
 * The `Market` port (sdk#11563 / sdk#11802 shape, camelCase, the broker's context first). Errors
 * are thrown as `DispatchFailure`s (`fail(...)`); a failing order rolls the call back.
 */
export interface Market {
  /** A short name for reports (`LegacyMarket`). */
  readonly name: string;
  /**
   * `configure(config)`: validates the broker's `ConfigRecord` for this market (the legacy market:
   * `InvalidConfig` when `leadin_length` is 0). The broker stores `Configuration` after it.
   */
  configure(ctx: BrokerContext, config: ConfigRecord): void;
  /**
   * `start_sales(now, end_price, core_count)`: (re)starts the sales with `coreCount` relay cores.
   * The broker then deposits `SalesStarted` and executes the result as a `SaleRotated` followed by
   * `ProcessAutoRenewals`.
   */
  startSales(ctx: BrokerContext, now: number, endPrice: bigint, coreCount: CoreIndex, inputs: MarketInputs): SalesStarted;
  /** `place_order(now, who, price_limit)`. */
  placeOrder(ctx: BrokerContext, now: number, who: string, priceLimit: bigint, inputs: MarketInputs): OrderResult;
  /**
   * `place_renewal_order(now, who, renewal)`: renew the workload on `core` whose right falls in the
   * market's current sale. The core (not a `PotentialRenewalId`) is passed because the right's
   * `when` is the market's `region_begin`: the market forms the id and checks it with
   * `inputs.renewalRight` at the point its error order wants.
   */
  placeRenewalOrder(ctx: BrokerContext, now: number, who: string, core: CoreIndex, inputs: MarketInputs): RenewalOrderResult;
  /** `adjust_bid(now, id, who, new_price)` (sdk#11802; sdk#11563 `raise_bid`): the broker locks `payment_due` more. */
  adjustBid(ctx: BrokerContext, now: number, id: BidId, who: string, newPrice: bigint): AdjustBidResult;
  /** `tick(now)`: called by the broker's `on_initialize` every block once `Status` and `Configuration` exist. */
  tick(ctx: BrokerContext, now: number, inputs: MarketInputs): readonly TickAction[];
  /** `get_sale_info()` (sdk#11802): the current sale, `undefined` before `start_sales`. */
  getSaleInfo(ctx: BrokerContext): MarketSaleInfo | undefined;
  /** The runtime API `sale_price()` at `now` for the current sale (called only when it has a core left). */
  currentPrice?(ctx: BrokerContext, now: number): bigint;
}
