/**
 * `@corelab/runtimes`: the runtime presets, kept apart from the pallets they compose (as
 * polkadot-fellows/runtimes keeps the real runtimes apart from polkadot-sdk's pallets). A preset
 * (`Preset` of `@corelab/frame`) is a named composition that scenario files name in `runtime:`: the
 * pallet mocks (`balances-mock`, `broker-mock`, `on-demand-mock`, `parachain-mock`,
 * `restaking-mock`), the Kusama and Polkadot coretime chains era by era (`coretime-kusama@1002002` …,
 * `coretime-polkadot@1003000` …) and the relay networks (`kusama-network`, `polkadot-network`: relay,
 * coretime chain, parachains).
 *
 * `@corelab/testing` finds these by name once they are registered: `loadBuiltinPresets()` (which
 * `scenarioSuite` and the `corelab` command call) imports this package when it is installed and
 * registers `builtinPresets`.
 */
export { builtinPresets } from "./presets.ts";
export { balancesMock } from "./balances-mock.ts";
export { brokerMock } from "./broker-mock.ts";
export { onDemandMock } from "./on-demand-mock.ts";
export { restakingMock } from "./restaking-mock.ts";
export { coretimeKusamaPresets, coretimeKusamaChain, KSM, KUSAMA_LEASES_2024_04 } from "./coretime-kusama.ts";
export { coretimePolkadotPresets, coretimePolkadotChain, DOT, POLKADOT_LEASES_2024_09 } from "./coretime-polkadot.ts";
export { eraConfigureOn, saleClockOf, siblingSovereignAccount, toRelayBlockLengths, type CoretimeChain, type CoretimeEra } from "./coretime-chain.ts";
export { ALIGNED_CLOCK, PARA_CLOCK_PALLET, onParaClock, parseParaClock, relayNumberRead, relayParentOf, type ClockKind, type ParaClock } from "./para-clock.ts";
export {
  kusamaNetwork,
  polkadotNetwork,
  createRelayNetwork,
  paraIdOfChain,
  networkCoretimeInterface,
  networkBrokerNotifier,
  KUSAMA_RELAY,
  POLKADOT_RELAY,
  CORETIME_PARA_ID,
  CORETIME_BROKER_POT,
  type RelaySpec,
  type RelayNetworkOptions,
} from "./network.ts";
export { Teleport, type TeleportConfig } from "./teleport.ts";
export {
  PARACHAIN_ACCOUNTS,
  PARACHAIN_FEES,
  PARACHAIN_PALLETS,
  onDemandRelayPort,
  paraOrderTask,
  parachainFeeConfig,
  parachainMock,
  parachainRuntime,
  type ParachainRuntimeOptions,
} from "./parachain.ts";
export { onDemandV2CoretimePort, onDemandV2RelayPort } from "./on-demand-v2.ts";
export { NETWORK_REGION_MARKET_ACCOUNT, NETWORK_REGION_MARKET_PALLET_ID, networkRegionMarket, networkRegionMarketConfig } from "./network-region-market.ts";
export {
  AccumulateForward,
  REVENUE_ROUTES,
  accumulationAccount,
  accumulateForwardRevenue,
  POLKADOT_ACCUMULATE_FORWARD_PALLET_ID,
  KUSAMA_ACCUMULATE_FORWARD_PALLET_ID,
  type RevenueRoute,
  type AccumulateForwardConfig,
  type AccumulateForwardConstants,
} from "./coretime-revenue.ts";
export { coretimeFeeConfig, coretimeWeightToFee, eraBrokerPallet, STABLE2603_BROKER_CALLS, STAKING_POT_PALLET_ID, type CoretimeFees } from "./coretime-chain.ts";
