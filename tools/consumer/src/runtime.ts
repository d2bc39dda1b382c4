// The runtime of docs/writing-a-pallet.md: System, Balances and Notes, as a preset (the default export)
// that scenario files name with `runtime: ../src/runtime.ts` and `corelab metadata ./src/runtime.ts` lists.
import { createRuntime, devAccount } from "@corelab/frame";
import { Balances, fungibleOf } from "@corelab/pallet-balances";
import { parsePalletOptions, type Preset } from "@corelab/testing";
import { Notes } from "./notes.ts";

const balances = { ExistentialDeposit: 10n };

const notesChain: Preset = {
  name: "notes-chain",
  description: "System, Balances (existential deposit 10) and Notes (notes up to 32 bytes for 10 planck)",
  create(opts) {
    // a scenario's `constants:` and `genesis:`, parsed by the pallets' own codecs (errors name the path in the file)
    const { constants, genesis } = parsePalletOptions(notesChain, [Balances, Notes], opts);
    const notes = { MaxLength: 32, NoteFee: 10n, ...constants.Notes, Currency: fungibleOf(balances), FeeCollector: devAccount("ferdie") };
    return createRuntime({
      name: "notes-chain",
      pallets: [Balances.instance(balances), Notes.instance(notes)],
      genesis: genesis as Record<string, Record<string, unknown>>,
    });
  },
};
export default notesChain;
