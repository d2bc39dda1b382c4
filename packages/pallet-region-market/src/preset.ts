/**
 * The `region-market-mock` preset as a runtime module: this package's scenario files name it with
 * `runtime: ../src/preset.ts`, so that they replay whether or not the preset is registered in
 * `@corelab/runtimes` (where `runtime: region-market-mock` names the same runtime). See `testing.ts`.
 */
import { regionMarketMock } from "./testing.ts";

export default regionMarketMock;
