/**
 * @corelab/pallet-coretime-market: RFC-17's coretime market (polkadot-fellows/RFCs
 * `text/0017-coretime-market-redesign.md` @ 85ca3ff275de) as polkadot-sdk#11802's
 * `pallet-coretime-market` builds it: a clearing-price descending clock auction (Market phase),
 * renewals after it at the clearing price plus a penalty with displacement of the lowest winning
 * bid (Renewal phase), a passive Settlement phase, and the reserve update
 * `reserve · exp(K · (consumption − TARGET))` with its floor and minimum increment, in exact
 * FixedU64. It sits behind the broker's `Market` port (`coretimeMarketPort`, the fp-coretime
 * shape; `brokerMarket`, the shape of `@corelab/pallet-broker`'s port). The mock runtime and the
 * `coretime-market-mock` preset are in `@corelab/pallet-coretime-market/testing`.
 */
export { CoretimeMarket } from "./pallet.ts";
export {
  DOT,
  PALLET_TEST_CONSTANTS,
  RFC17_CONSTANTS,
  coretimeMarketPort,
  withCoretimeMarketConfig,
  type AdjustBidResult,
  type CoreRangeProvider,
  type CoretimeMarketConfig,
  type CoretimeMarketConstants,
  type CoretimeMarketContext,
  type Market,
  type MarketSaleInfo,
  type OrderResult,
  type RandomnessSource,
  type RenewalOrderResult,
  type RenewalRightsProvider,
  type SalesStarted,
  type SoldCoresRange,
  type TickAction,
  type TimesliceProvider,
} from "./interfaces.ts";
export {
  AccountQuota,
  AllocationRecord,
  Balance,
  BidDisplacement,
  BidId,
  BidRecord,
  COMPLETE_MASK,
  ConfigRecord,
  CoreIndex,
  CoreMask,
  InitData,
  PenaltyRule,
  PotentialRenewalId,
  RegionId,
  RelayBlockNumber,
  SaleInfoRecord,
  SalePhase,
  Timeslice,
  type SalePhaseName,
} from "./types.ts";
export {
  SHUFFLE_SUBJECT,
  adjustBid,
  clockPrice,
  configFromConstants,
  configure,
  currentPrice,
  descendingPrice,
  partitionPoint,
  penaltyApplies,
  placeOrder,
  placeOrders,
  placeRenewalOrder,
  seededRandomness,
  startSales,
  toMarketSaleInfo,
  validateConfig,
} from "./dispatchables.ts";
export { adjustReservePrice, expTaylorFixedU64, finalizeSale, rotateSale, settleAuction, shuffleMarginalBids, tick } from "./hooks.ts";
export {
  COMPLETE_MASK_BITS,
  brokerMarket,
  type BrokerConfigView,
  type BrokerMarket,
  type BrokerMarketInputs,
  type BrokerMarketOptions,
  type BrokerMarketSaleInfo,
  type BrokerRegionId,
  type BrokerTickAction,
} from "./broker-market.ts";
