/**
 * `region-market-mock`: `broker-mock` with RegionX's secondary market for regions (`Market`,
 * `@corelab/pallet-region-market`) beside the broker. Everything comes from
 * `@corelab/pallet-region-market/testing`.
 */
export { regionMarketMock } from "@corelab/pallet-region-market/testing";
