/**
 * `on-demand-mock`: System, Balances (existential deposit 1), the test harness `OnDemandTest`
 * (the mock host configuration and Root calls for the functions the Rust tests call directly) and
 * OnDemand with the constants of polkadot-sdk's parachains `mock.rs` (`TrafficDefaultValue` 1.0,
 * `MaxHistoricalRevenue` 10, `PalletId` `"py/ondmd"`) and the host configuration of
 * `on_demand/mock_helpers.rs` (base fee 10_000, variability 1%, queue max 100, target 25%, 10 cores).
 * No fees, no nonces. Accounts are the mock's u64 ids as strings (`"1"`, `"100"`).
 *
 * Scenario knobs: `constants: { OnDemand: { TrafficDefaultValue, MaxHistoricalRevenue, PalletId,
 * Version (1 | 2: sdk#10184's single FIFO, `OnDemandV2`), Pricing (SpotTraffic | Exponential
 * (sdk#13009) | Rfc1Geometric (RFC-1's ×0.95 rule)) }, Balances: { ExistentialDeposit } }`;
 * `genesis: { Balances: { balances } }`; under version 2 the harness adds
 * `OnDemandTest.pop_assignment_for_cores`, `push_back_order`, `peek_claim_queue` and
 * `set_queue_state`; the host
 * configuration through `OnDemandTest.set_active_config` (Root) or `storage:`
 * `OnDemandTest.ActiveConfig`. Account alias `pallet:OnDemand` is the pot. Everything comes from
 * `@corelab/pallet-on-demand/testing`.
 */
import { parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import type { Runtime } from "@corelab/frame";
import { ON_DEMAND_MOCK_ACCOUNTS, ON_DEMAND_MOCK_PALLETS, createOnDemandMockRuntime, type OnDemandMockOptions } from "@corelab/pallet-on-demand/testing";

/** The `on-demand-mock` preset. */
export const onDemandMock: Preset = {
  name: "on-demand-mock",
  description: "System, Balances (ED 1), OnDemandTest (mock host config, test calls) and OnDemand as polkadot-sdk's parachains mock.rs; no fees",
  accounts: ON_DEMAND_MOCK_ACCOUNTS,
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(onDemandMock, ON_DEMAND_MOCK_PALLETS, opts);
    return createOnDemandMockRuntime({ constants: constants as OnDemandMockOptions["constants"], genesis });
  },
};
