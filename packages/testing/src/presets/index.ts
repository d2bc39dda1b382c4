/**
 * The built-in presets. To add one: write `src/presets/<name>.ts` exporting a `Preset`, and add
 * it to this list (one line). Scenario files then name it in `runtime:`.
 */
import type { Preset } from "../preset.ts";
import { balancesMock } from "./balances-mock.ts";
import { brokerMock } from "./broker-mock.ts";
import { coretimeKusamaPresets } from "./coretime-kusama.ts";
import { coretimePolkadotPresets } from "./coretime-polkadot.ts";
import { restakingMock } from "./restaking-mock.ts";
import { onDemandMock } from "./on-demand-mock.ts";
import { kusamaNetwork, polkadotNetwork } from "./network.ts";
import { parachainMock } from "./parachain.ts";

/** Presets known to every `@corelab/testing` user, in listing order. */
export const builtinPresets: readonly Preset[] = [
  balancesMock,
  brokerMock,
  ...coretimeKusamaPresets,
  ...coretimePolkadotPresets,
  restakingMock,
  onDemandMock,
  parachainMock,
  kusamaNetwork,
  polkadotNetwork,
];
