/**
 * The RFC-17 market as `@corelab/pallet-broker`'s `Market` port (`packages/pallet-broker/src/
 * market.ts`: the broker's shape of sdk#11563 / sdk#11802's trait, with a `MarketInputs` argument
 * instead of the `CoreRangeProvider`/`TimesliceProvider` associated types). Structural: this
 * package does not import the broker (pallets depend on frame only); `brokerMarket(...)` returns
 * an object of that interface's shape, checked against it by `broker-market.test.ts`, and a runtime
 * passes it as `BrokerConfig.Market`, with the `CoretimeMarket` pallet in the same runtime (its
 * storage and events are the market's).
 *
 * What the adapter maps:
 * - `configure(broker config)`: the market's `Configuration` (stored, else from the constants) with
 *   the broker's `advance_notice`, `region_length`, `ideal_bulk_proportion`,
 *   `limit_cores_offered` and `contribution_timeout`; `InvalidConfig` as `configure`.
 * - the core range is `[reservedCoreCount, coreCount)` of the broker's inputs; the timeslice clock
 *   is the broker's.
 * - renewal rights: the broker keeps rights per core (`PotentialRenewals`, no owner), so by
 *   default a renewal needs the right `{ core, when: region_begin }` (`inputs.renewalRight`, the
 *   broker's `NotAllowed`/`IncompleteAssignment`), each right renews once (no forfeit by auction
 *   wins), every winner counts 0 rights (all displaceable) and the RFC penalty rule counts 0
 *   renewers. A runtime with owner-aware rights passes `renewalRights`.
 * - `RegionId.mask` is the broker's bigint; `SaleRotated` carries the new reserve as both adapted
 *   prices and the opening price as `start_price`; `getSaleInfo` gives `leadin_length` = the
 *   market period and `end_price` = the reserve (they only fill the broker's `SaleInitialized`).
 */
import { fail, type Context } from "@corelab/frame";
import {
  adjustBid,
  configFromConstants,
  configure,
  currentPrice,
  placeOrder,
  placeRenewalOrder,
  startSales,
  validateConfig,
} from "./dispatchables.ts";
import { tick } from "./hooks.ts";
import { withCoretimeMarketConfig, type CoretimeMarketConfig, type CoretimeMarketConstants, type RandomnessSource, type RenewalRightsProvider } from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";
import type { PotentialRenewalId, SaleInfoRecord } from "./types.ts";

/** `CoreMask::complete()` as the broker keeps a mask (an 80-bit bigint). */
export const COMPLETE_MASK_BITS = (1n << 80n) - 1n;

/** The broker's `MarketInputs`, as far as this market reads them. */
export interface BrokerMarketInputs {
  nextTimesliceToCommit(): number | undefined;
  latestTimesliceReadyToCommit(): number | undefined;
  coreCount(): number | undefined;
  reservedCoreCount(): number;
  renewalRight(id: PotentialRenewalId): unknown;
}

/** The part of the broker's `ConfigRecord` the market takes over. */
export interface BrokerConfigView {
  readonly advance_notice: number;
  readonly region_length: number;
  readonly ideal_bulk_proportion: number;
  readonly limit_cores_offered: number | undefined;
  readonly contribution_timeout: number;
}

/** A region id as the broker keeps it (mask as bigint). */
export interface BrokerRegionId {
  readonly begin: number;
  readonly core: number;
  readonly mask: bigint;
}

/** The broker's `MarketSaleInfo`. */
export interface BrokerMarketSaleInfo {
  readonly sale_start: number;
  readonly region_begin: number;
  readonly region_end: number;
  readonly ideal_cores_sold: number;
  readonly cores_offered: number;
  readonly first_core: number;
  readonly cores_sold: number;
  readonly leadin_length?: number;
  readonly end_price?: bigint;
}

/** The broker's `TickAction`s this market produces. */
export type BrokerTickAction =
  | { readonly type: "SellRegion"; readonly owner: string; readonly paid: bigint; readonly region_id: BrokerRegionId; readonly region_end: number }
  | { readonly type: "Refund"; readonly who: string; readonly amount: bigint }
  | { readonly type: "ProcessAutoRenewals" }
  | {
      readonly type: "SaleRotated";
      readonly old_sale: BrokerMarketSaleInfo;
      readonly new_sale: BrokerMarketSaleInfo;
      readonly new_prices: { readonly end_price: bigint; readonly target_price: bigint };
      readonly start_price: bigint;
    };

/** The RFC-17 market in the shape of `@corelab/pallet-broker`'s `Market` port. */
export interface BrokerMarket {
  /** For reports: `CoretimeMarket (RFC-17)`. */
  readonly name: string;
  /** `configure`: the broker's region and core settings into the market's `Configuration` (`InvalidConfig`). */
  configure(ctx: Context, config: BrokerConfigView): void;
  /** `start_sales(now, InitData { reserve_price: endPrice })` over cores `[reserved, coreCount)`. */
  startSales(
    ctx: Context,
    now: number,
    endPrice: bigint,
    coreCount: number,
    inputs: BrokerMarketInputs,
  ): { old_sale: BrokerMarketSaleInfo; new_sale: BrokerMarketSaleInfo; new_prices: { end_price: bigint; target_price: bigint }; start_price: bigint };
  /** `place_order`: always a bid (the broker locks `bid_price`). */
  placeOrder(ctx: Context, now: number, who: string, priceLimit: bigint, inputs: BrokerMarketInputs): { readonly type: "BidPlaced"; readonly id: number; readonly bid_price: bigint };
  /** `place_renewal_order` for the right `{ core, when: region_begin }`: renewed at once. */
  placeRenewalOrder(
    ctx: Context,
    now: number,
    who: string,
    core: number,
    inputs: BrokerMarketInputs,
  ): {
    readonly type: "Renewed";
    readonly price: bigint;
    readonly next_renewal_price: bigint;
    readonly renewal_id: PotentialRenewalId;
    readonly region_id: BrokerRegionId;
    readonly effective_to: number;
  };
  /** `adjust_bid(.., Some(new_price))`: the broker locks `payment_due` = new − old. */
  adjustBid(ctx: Context, now: number, id: number, who: string, newPrice: bigint): { readonly payment_due: bigint };
  /** `tick(now)`: the market's actions in the broker's shape. */
  tick(ctx: Context, now: number, inputs: BrokerMarketInputs): BrokerTickAction[];
  /** The current sale (`get_sale_info`), undefined before `start_sales`. */
  getSaleInfo(ctx: Context): BrokerMarketSaleInfo | undefined;
  /** The clock in the Market phase, then the clearing price (planck; 0 without a sale). */
  currentPrice(ctx: Context, now: number): bigint;
}

/** Options of `brokerMarket`. */
export interface BrokerMarketOptions {
  /** Owner-aware renewal rights (default: per-core rights from the broker's inputs, see the module doc). */
  readonly renewalRights?: RenewalRightsProvider;
  /** `T::Randomness` (default: `seededRandomness` with the `RandomnessSeed` constant). */
  readonly randomness?: RandomnessSource;
}

function toBrokerSale(s: SaleInfoRecord, marketPeriod: number | undefined): BrokerMarketSaleInfo {
  return {
    sale_start: s.sale_start,
    region_begin: s.region_begin,
    region_end: s.region_end,
    ideal_cores_sold: s.ideal_cores_sold,
    cores_offered: s.cores_offered,
    first_core: s.first_core,
    cores_sold: s.cores_sold,
    leadin_length: marketPeriod,
    end_price: s.reserve_price,
  };
}

/**
 * The RFC-17 market for `BrokerConfig.Market`: `constants` are the market's (the same object as
 * `CoretimeMarket.instance(...)`'s constants; its providers, if any, are replaced per call by the
 * broker's inputs). Errors are `CoretimeMarket` module errors (and the broker's own from
 * `inputs.renewalRight`), thrown as dispatch failures.
 */
export function brokerMarket(constants: CoretimeMarketConstants, opts: BrokerMarketOptions = {}): BrokerMarket {
  const noRange = { coreRange: () => undefined };
  const noClock = { nextTimesliceToCommit: () => undefined, latestTimesliceReadyToCommit: () => undefined };
  const noRights: RenewalRightsProvider = { renewalRightsCount: () => 0, renewersCount: () => 0 };
  const base: CoretimeMarketConfig = {
    ...constants,
    CoreRangeProvider: noRange,
    TimesliceProvider: noClock,
    RenewalRights: opts.renewalRights ?? noRights,
    Randomness: opts.randomness,
  };
  const withInputs = (ctx: Context, inputs: BrokerMarketInputs, coreCount?: number, rights?: RenewalRightsProvider) =>
    withCoretimeMarketConfig(ctx, {
      ...base,
      CoreRangeProvider: {
        coreRange: () => {
          const to = coreCount ?? inputs.coreCount();
          return to === undefined ? undefined : { from: inputs.reservedCoreCount(), to };
        },
      },
      TimesliceProvider: {
        nextTimesliceToCommit: () => inputs.nextTimesliceToCommit(),
        latestTimesliceReadyToCommit: () => inputs.latestTimesliceReadyToCommit(),
      },
      RenewalRights: rights ?? base.RenewalRights,
    });
  const marketPeriod = (ctx: Context) => CoretimeMarket.storage.Configuration.get(ctx)?.market_period;
  const region = (r: { begin: number; core: number }): BrokerRegionId => ({ begin: r.begin, core: r.core, mask: COMPLETE_MASK_BITS });

  return {
    name: "CoretimeMarket (RFC-17)",
    configure(ctx, config) {
      const current = CoretimeMarket.storage.Configuration.get(ctx) ?? configFromConstants(base);
      const next = {
        ...current,
        advance_notice: config.advance_notice,
        region_length: config.region_length,
        ideal_bulk_proportion: config.ideal_bulk_proportion,
        limit_cores_offered: config.limit_cores_offered,
        contribution_timeout: config.contribution_timeout,
      };
      if (validateConfig(next) !== undefined) fail(CoretimeMarket.err("InvalidConfig"));
      configure(withCoretimeMarketConfig(ctx, base), next);
    },
    startSales(ctx, now, endPrice, coreCount, inputs) {
      const commit = inputs.latestTimesliceReadyToCommit();
      const started = startSales(withInputs(ctx, inputs, coreCount), now, { reserve_price: endPrice });
      const sale = CoretimeMarket.storage.SaleInfo.get(ctx)!;
      const length = sale.region_end - sale.region_begin;
      const old: BrokerMarketSaleInfo = {
        sale_start: now,
        region_begin: commit ?? started.sale.region_begin - length,
        region_end: started.sale.region_begin,
        ideal_cores_sold: 0,
        cores_offered: 0,
        first_core: 0,
        cores_sold: 0,
        leadin_length: marketPeriod(ctx),
        end_price: endPrice,
      };
      return {
        old_sale: old,
        new_sale: toBrokerSale(sale, marketPeriod(ctx)),
        new_prices: { end_price: sale.reserve_price, target_price: sale.reserve_price },
        start_price: sale.opening_price,
      };
    },
    placeOrder(ctx, now, who, priceLimit, inputs) {
      const r = placeOrder(withInputs(ctx, inputs), now, who, priceLimit);
      if (r.type !== "BidPlaced") throw new Error("unreachable: the RFC-17 market only places bids");
      return r;
    },
    placeRenewalOrder(ctx, now, who, core, inputs) {
      const sale = CoretimeMarket.storage.SaleInfo.get(ctx);
      if (!CoretimeMarket.storage.Configuration.exists(ctx)) fail(CoretimeMarket.err("Uninitialized"));
      if (sale === undefined) fail(CoretimeMarket.err("NoSales"));
      if (sale.phase.type !== "Renewal") fail(CoretimeMarket.err("WrongPhase"));
      const id: PotentialRenewalId = { core, when: sale.region_begin };
      let rights = opts.renewalRights;
      if (rights === undefined) {
        inputs.renewalRight(id); // the broker's check: NotAllowed / IncompleteAssignment
        rights = {
          // the one right `id` of `who`, never forfeited (the broker's rights have no owner)
          renewalRightsCount: (c, w) => {
            if (w !== who) return 0;
            const q = CoretimeMarket.storage.Quotas.get(c, w);
            return q.auction_wins + q.renewals_used + 1;
          },
          renewersCount: () => 0,
        };
      }
      const r = placeRenewalOrder(withInputs(ctx, inputs, undefined, rights), now, who, id);
      if (r.type !== "Renewed") throw new Error("unreachable: the RFC-17 market renews at once");
      return { type: "Renewed", price: r.price, next_renewal_price: r.price, renewal_id: id, region_id: region(r.region_id), effective_to: r.effective_to };
    },
    adjustBid(ctx, now, id, who, newPrice) {
      const r = adjustBid(withCoretimeMarketConfig(ctx, base), now, id, who, newPrice);
      return { payment_due: r.type === "Lock" ? r.amount : 0n };
    },
    tick(ctx, now, inputs) {
      const before = CoretimeMarket.storage.SaleInfo.get(ctx);
      const actions = tick(withInputs(ctx, inputs), now);
      const out: BrokerTickAction[] = [];
      for (const a of actions) {
        if (a.type === "SellRegion") out.push({ type: "SellRegion", owner: a.owner, paid: a.paid, region_id: region(a.region_id), region_end: a.region_end });
        else if (a.type === "Refund") out.push({ type: "Refund", who: a.who, amount: a.amount });
        else if (a.type === "ProcessAutoRenewals") out.push({ type: "ProcessAutoRenewals" });
        else if (a.type === "SaleRotated") {
          const after = CoretimeMarket.storage.SaleInfo.get(ctx)!;
          out.push({
            type: "SaleRotated",
            old_sale: toBrokerSale(before!, marketPeriod(ctx)),
            new_sale: toBrokerSale(after, marketPeriod(ctx)),
            new_prices: { end_price: after.reserve_price, target_price: after.reserve_price },
            start_price: after.opening_price,
          });
        }
      }
      return out;
    },
    getSaleInfo(ctx) {
      const s = CoretimeMarket.storage.SaleInfo.get(ctx);
      return s === undefined ? undefined : toBrokerSale(s, marketPeriod(ctx));
    },
    currentPrice(ctx, now) {
      const s = CoretimeMarket.storage.SaleInfo.get(ctx);
      if (s === undefined) return 0n;
      return currentPrice(withCoretimeMarketConfig(ctx, base), now) ?? s.reserve_price;
    },
  };
}
