/**
 * @corelab/pallet-region-market: a secondary market for coretime regions (pallet `Market`),
 * mirroring RegionX-Node `pallets/market` (RegionX-Labs/RegionX-Node @ 74260707c4) and adapted to
 * run on the coretime chain beside pallet-broker: a listed region is held in escrow by the
 * market's account and bought at `timeslice_price × remaining timeslices`. The Broker-backed ports,
 * the mock runtime and the `region-market-mock` preset are in `@corelab/pallet-region-market/testing`.
 */
export { RegionMarket } from "./pallet.ts";
export type { RCBlockNumberProvider, RegionMarketConfig, RegionsPort } from "./interfaces.ts";
export { Balance, CoreIndex, CoreMaskCodec, Listing, RegionId, RelayBlockNumber, Timeslice, type CoreMask, type RegionRecordView } from "./types.ts";
export {
  calculateRegionPrice,
  currentTimeslice,
  doListRegion,
  doPurchaseRegion,
  doUnlistRegion,
  doUpdateRegionPrice,
  marketAccountId,
  regionPrice,
  type RegionMarketContext,
} from "./dispatchables.ts";
