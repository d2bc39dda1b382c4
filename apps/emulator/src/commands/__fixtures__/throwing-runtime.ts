// A runtime module with a bug a user may write: its preset reads a constant the scenario does not
// set (`opts.constants` is undefined), and building the runtime throws a TypeError.
import { createRuntime, type Preset } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";

const preset: Preset = {
  name: "throwing",
  description: "System and Balances, with an existential deposit the scenario must give",
  create: (opts) => {
    const ed = BigInt(String((opts.constants as Record<string, Record<string, unknown>>).Balances!.ExistentialDeposit));
    return createRuntime({ name: "throwing", pallets: [Balances.instance({ ExistentialDeposit: ed })] });
  },
};
export default preset;
