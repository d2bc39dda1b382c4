/**
 * The `coretime-market-broker-mock` preset as a runtime module (`corelab replay --runtime
 * packages/pallet-coretime-market/src/preset-broker.ts`). See `testing.ts`.
 */
import { coretimeMarketBrokerMock } from "./testing.ts";

export default coretimeMarketBrokerMock;
