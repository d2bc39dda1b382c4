/**
 * The built-in presets. To add one: write `src/<name>.ts` exporting a `Preset`, and add it to this
 * list (one line). Scenario files then name it in `runtime:`.
 */
import type { Preset } from "@corelab/frame";
import { balancesMock } from "./balances-mock.ts";
import { brokerMock } from "./broker-mock.ts";
import { regionMarketMock } from "./region-market-mock.ts";
import { coretimeKusamaPresets } from "./coretime-kusama.ts";
import { coretimePolkadotPresets } from "./coretime-polkadot.ts";
import { restakingMock } from "./restaking-mock.ts";
import { onDemandMock } from "./on-demand-mock.ts";
import { coretimeMarketBrokerMock, coretimeMarketMock } from "./coretime-market-mock.ts";
import { kusamaNetwork, polkadotNetwork } from "./network.ts";
import { parachainMock } from "./parachain.ts";

/** The presets of this package, in listing order (`corelab presets`); `loadBuiltinPresets` of `@corelab/testing` registers them. */
export const builtinPresets: readonly Preset[] = [
  balancesMock,
  brokerMock,
  regionMarketMock,
  ...coretimeKusamaPresets,
  ...coretimePolkadotPresets,
  restakingMock,
  onDemandMock,
  coretimeMarketMock,
  coretimeMarketBrokerMock,
  parachainMock,
  kusamaNetwork,
  polkadotNetwork,
];
