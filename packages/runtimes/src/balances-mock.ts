/**
 * `balances-mock`: System + Balances with an existential deposit of 1, as pallet-balances' own
 * tests build it. No transaction fees, no nonces, no token (amounts are plain planck).
 *
 * `constants: { Balances: { ExistentialDeposit } }` and `genesis: { Balances: { balances } }`
 * may be set by the scenario.
 */
import { parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import { createRuntime, type Runtime } from "@corelab/frame";
import { Balances, type BalancesConfig } from "@corelab/pallet-balances";

/** The `balances-mock` preset. */
export const balancesMock: Preset = {
  name: "balances-mock",
  description: "System + Balances (existential deposit 1, no fees); for testing scenarios themselves",
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(balancesMock, [Balances], opts);
    const config: BalancesConfig = { ExistentialDeposit: 1n, ...(constants.Balances as Partial<BalancesConfig>) };
    return createRuntime({ name: "balances-mock", pallets: [Balances.instance(config)], genesis: genesis as Record<string, Record<string, unknown>> });
  },
};
