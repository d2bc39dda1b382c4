/**
 * `coretime-market-mock` (the RFC-17 `CoretimeMarket` with the `MarketDriver` test driver in the
 * broker's place, RFC-17 constants, DOT) and `coretime-market-broker-mock` (pallet-broker's
 * mock.rs runtime selling through the RFC-17 market behind its `Market` port). Everything comes
 * from `@corelab/pallet-coretime-market/testing`.
 */
export { coretimeMarketBrokerMock, coretimeMarketMock } from "@corelab/pallet-coretime-market/testing";
