// A user's own runtime module, as a runtime designer writes one: a pallet of their own composed
// with Balances, exported as a preset (the default export). Used by the metadata and replay tests.
import { createRuntime, definePallet, ensureSigned, fail, map, parsePalletOptions, t, type Preset } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";

export interface NotesConfig {
  /** The longest note, in bytes. */
  readonly MaxLength: number;
}

export const Notes = definePallet<NotesConfig>()({
  name: "Notes",
  docs: "Each account keeps one note.",
  constants: { MaxLength: t.u32 },
  storage: { NoteOf: map(t.accountId, t.str, { docs: "The note of each account." }) },
  events: { Noted: { who: t.accountId, length: t.u32 } },
  errors: { TooLong: "The note is longer than MaxLength." },
  calls: {
    note: {
      index: 0,
      args: { text: t.str },
      dispatch(ctx, a) {
        const who = ensureSigned(ctx.origin);
        if (a.text.length > ctx.config.MaxLength) fail(Notes.err("TooLong"));
        Notes.storage.NoteOf.insert(ctx, who, a.text);
        Notes.deposit(ctx, "Noted", { who, length: a.text.length });
      },
    },
  },
});

const preset: Preset = {
  name: "my-notes-chain",
  description: "System, Balances (ED 1) and Notes (MaxLength 16)",
  create(opts) {
    const { genesis } = parsePalletOptions(preset, [Balances, Notes], opts);
    return createRuntime({
      name: "my-notes-chain",
      pallets: [Balances.instance({ ExistentialDeposit: 1n }), Notes.instance({ MaxLength: 16 })],
      genesis: genesis as Record<string, Record<string, unknown>>,
    });
  },
};
export default preset;
