/**
 * `broker-mock` (SCENARIO.md "Presets"): System, Balances (existential deposit 0), the recording
 * mock relay `TestCoretime` and Broker with the constants of polkadot-sdk's broker `mock.rs`, and
 * `new_config()` written at genesis (`TestExt::new()`); hooks run as the mock's `advance_to` runs
 * them (`TestCoretime`'s `bump()` before the broker's tick). No fees, no nonces.
 *
 * Scenario knobs: `constants: { Broker: { TimeslicePeriod, MaxLeasedCores, … }, Balances: {
 * ExistentialDeposit } }`; `genesis: { Balances: { balances }, Broker: { config } }` (`config:
 * null` for no configuration, as `TestExt::new_with_config` never ran). Account alias
 * `pallet:Broker` is the broker's pot. `TestCoretime.Trace` (the mock's `CoretimeTrace`) is stored
 * by sequence number and compared by scenarios as the list it is in mock.rs (`sequences`).
 * Everything comes from `@corelab/pallet-broker/testing`.
 */
import { parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import type { Runtime } from "@corelab/frame";
import { BROKER_MOCK_ACCOUNTS, BROKER_MOCK_PALLETS, TEST_CORETIME_SEQUENCES, createBrokerMockRuntime, type BrokerMockOptions } from "@corelab/pallet-broker/testing";

/** The `broker-mock` preset. */
export const brokerMock: Preset = {
  name: "broker-mock",
  description: "System, Balances (ED 0), TestCoretime (mock relay) and Broker as polkadot-sdk's broker mock.rs; no fees",
  accounts: BROKER_MOCK_ACCOUNTS,
  sequences: TEST_CORETIME_SEQUENCES,
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(brokerMock, BROKER_MOCK_PALLETS, opts);
    return createBrokerMockRuntime({ constants: constants as BrokerMockOptions["constants"], genesis });
  },
};
