/**
 * Test helpers for pallet-balances: a runtime with System and Balances only.
 */
import { createRuntime, type Runtime } from "@corelab/frame";
import { Balances } from "./pallet.ts";

/** A runtime of System + Balances with the given existential deposit and endowments. */
export function balancesRuntime(opts: { existentialDeposit?: bigint; endow?: ReadonlyArray<readonly [string, bigint]> } = {}): Runtime {
  return createRuntime({
    name: "balances-test",
    pallets: [Balances.instance({ ExistentialDeposit: opts.existentialDeposit ?? 1n })],
    genesis: { Balances: { balances: opts.endow ?? [] } },
  });
}
