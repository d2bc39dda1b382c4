// A runtime module with a bug a user may write: it hands the scenario's raw genesis (balances as a
// map of names) to createRuntime instead of parsing it, and Balances' genesis build throws.
import { createRuntime, type Preset } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";

const preset: Preset = {
  name: "raw-genesis",
  description: "System and Balances, genesis not parsed",
  create: (opts) => createRuntime({ name: "raw-genesis", pallets: [Balances.instance({ ExistentialDeposit: 1n })], genesis: opts.genesis as never }),
};
export default preset;
