/**
 * The coretime market pallet (`CoretimeMarket`) as polkadot-sdk#11802 declares it
 * (`substrate/frame/coretime-market/src/lib.rs`, RFC-17): storage, events and errors in
 * declaration order, no calls (the broker drives the market through its `Market` port), no hooks
 * (the broker's `on_initialize` calls `Market::tick`). Corelab additions: the market's parameters
 * as constants (written into `Configuration` at genesis), `PriceStep`, `PenaltyRule`,
 * `RandomnessSeed`, and the `UniqueBidders` storage item the RFC penalty rule reads. The logic
 * lives in `dispatchables.ts` (orders, the clock) and `hooks.ts` (the tick).
 */
import { InvalidGenesisError, arithmeticCodecs, definePallet, map, t, value } from "@corelab/frame";
import { configFromConstants, validateConfig } from "./dispatchables.ts";
import type { CoretimeMarketConfig } from "./interfaces.ts";
import {
  AccountQuota,
  AllocationRecord,
  Balance,
  BidDisplacement,
  BidId,
  BidRecord,
  ConfigRecord,
  CoreIndex,
  PenaltyRule,
  RegionId,
  RelayBlockNumber,
  SaleInfoRecord,
  SalePhase,
  Timeslice,
} from "./types.ts";

/**
 * The RFC-17 coretime market (`CoretimeMarket`): a clearing-price descending clock auction per
 * bulk period (Market phase), renewals after it at the clearing price plus a penalty with
 * displacement of the lowest winning bid (Renewal phase), a passive Settlement phase, and the
 * reserve price update `reserve · exp(K · (consumption − TARGET))` at each rotation. Configure it
 * with a `CoretimeMarketConfig` (`CoretimeMarket.instance(config)`); drive it through
 * `coretimeMarketPort(config)` (the broker's `Market`).
 */
export const CoretimeMarket = definePallet<CoretimeMarketConfig>()({
  name: "CoretimeMarket",
  source: "polkadot-sdk#11802 substrate/frame/coretime-market/src/{lib,types}.rs @ 4cb5e2b89e (RFC-17, polkadot-fellows/RFCs 85ca3ff275de)",
  docs: "RFC-17 bulk coretime market: descending clearing-price auction, renewals with penalty and displacement, reserve price adjustment.",
  constants: {
    MaxBids: t.u32,
    AdvanceNotice: RelayBlockNumber,
    MarketPeriod: RelayBlockNumber,
    RenewalPeriod: RelayBlockNumber,
    RegionLength: Timeslice,
    IdealBulkProportion: arithmeticCodecs.perbill,
    LimitCoresOffered: t.option(CoreIndex),
    Penalty: arithmeticCodecs.perbill,
    ContributionTimeout: Timeslice,
    PriceMultiplier: t.u32,
    MinOpeningPrice: Balance,
    TargetConsumptionRate: arithmeticCodecs.perbill,
    SensitivityMillis: t.u32,
    MinReservePrice: Balance,
    MinIncrement: Balance,
    PriceStep: RelayBlockNumber,
    PenaltyRule,
    RandomnessSeed: t.str,
  },
  storage: {
    Configuration: value(ConfigRecord, { docs: "The market configuration (set by `configure`; Corelab: from the constants at genesis)." }),
    SaleInfo: value(SaleInfoRecord, { docs: "Information about the current sale." }),
    Bids: value(t.vec(BidRecord, { name: "BoundedVec<BidRecord, MaxBids>" }), {
      default: () => [],
      docs: "Active bids during the Market phase, sorted by price descending (among equal prices, the later bid first).",
    }),
    Allocations: value(t.vec(AllocationRecord, { name: "BoundedVec<AllocationRecord, MaxBids>" }), {
      default: () => [],
      docs: "Auction winners after settlement. May be displaced by renewers during the Renewal phase.",
    }),
    Quotas: map(t.accountId, AccountQuota, {
      hasher: "Blake2_128Concat",
      default: () => ({ auction_wins: 0, renewals_used: 0 }),
      docs: "Per-account quota tracking: auction wins and renewals used this sale.",
    }),
    PendingDisplacements: value(t.vec(BidDisplacement, { name: "BoundedVec<BidDisplacement, MaxBids>" }), {
      default: () => [],
      docs: "Displaced winners, refunded at sale finalization.",
    }),
    UniqueBidders: value(t.u32, {
      default: () => 0,
      docs: "Corelab addition: distinct accounts among the bids at the last settlement (the RFC penalty rule reads it).",
    }),
  },
  events: {
    BidPlaced: { who: t.accountId, bid_id: BidId, amount: Balance },
    BidRaised: { who: t.accountId, bid_id: BidId, old_price: Balance, new_price: Balance },
    AuctionSettled: { clearing_price: Balance, winners: t.u32 },
    SaleFinalized: { regions_issued: t.u32 },
    RenewalExercised: { who: t.accountId, price: Balance, region_id: RegionId },
    BidDisplaced: { who: t.accountId, bid_id: BidId, refund: Balance },
    PhaseTransitioned: { from: SalePhase, to: SalePhase },
    SaleInitialized: {
      sale_start: RelayBlockNumber,
      market_period: RelayBlockNumber,
      start_price: Balance,
      reserve_price: Balance,
      region_begin: Timeslice,
      region_end: Timeslice,
      ideal_cores_sold: CoreIndex,
      cores_offered: CoreIndex,
    },
  },
  errors: {
    NoSales: "No active sales.",
    Overpriced: "Bid price exceeds current price (a raise must be above the old price).",
    BidNotExist: "Bid does not exist or does not belong to caller.",
    Uninitialized: "Market configuration or state not initialized.",
    TooEarly: "Sales have not started yet.",
    Unavailable: "No cores available for renewal (or no renewal right left).",
    TooManyBids: "Maximum number of bids exceeded.",
    WrongPhase: "Operation not allowed in the current sale phase.",
    BidTooHigh: "Bid price is above the current descending price.",
    BidTooLow: "Bid price is below the reserve price.",
    InvalidConfig: "Invalid configuration.",
    NotAllowed: "Operation not allowed (e.g., bid withdrawal in RFC-17).",
  },
  calls: {},
  genesis: {
    fields: { configured: t.bool },
    /**
     * Corelab: writes `Configuration` from the constants, as the broker's `configure` (the mock's
     * `TestExt::execute_with`) does before a test; `configured: false` leaves it unset (then
     * `start_sales` fails with `Uninitialized`). Invalid constants throw an `InvalidGenesisError`.
     */
    build(ctx, cfg) {
      if (cfg.configured === false) return;
      const config = configFromConstants(ctx.config);
      const problem = validateConfig(config);
      if (problem !== undefined) throw new InvalidGenesisError("CoretimeMarket", problem, "must not be zero (InvalidConfig)");
      CoretimeMarket.storage.Configuration.put(ctx, config);
    },
  },
});
