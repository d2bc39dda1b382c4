/**
 * The `coretime-market-mock` preset as a runtime module: `corelab replay <files> --runtime
 * packages/pallet-coretime-market/src/preset.ts` runs this package's scenario files on it before the
 * preset is registered in `@corelab/runtimes`. See `testing.ts`.
 */
import { coretimeMarketMock } from "./testing.ts";

export default coretimeMarketMock;
