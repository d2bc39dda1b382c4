// The Notes pallet of docs/writing-a-pallet.md: each account keeps one note, and pays a fee for it.
import { definePallet, ensureSigned, fail, map, t, value, type Fungible } from "@corelab/frame";

/** The pallet's configuration (FRAME's `Config`): two constants and two ports. */
export interface NotesConfig {
  /** The longest note, in bytes. */
  readonly MaxLength: number;
  /** What writing a note costs, in planck. */
  readonly NoteFee: bigint;
  /** The currency the fee is paid in (the runtime's Balances). */
  readonly Currency: Fungible;
  /** Who receives the fees. */
  readonly FeeCollector: string;
}

export const Notes = definePallet<NotesConfig>()({
  name: "Notes",
  docs: "Each account keeps one note, for a fee.",
  constants: { MaxLength: t.u32, NoteFee: t.balance },
  storage: {
    NoteOf: map(t.accountId, t.str, { docs: "The note of each account." }),
    NoteCount: value(t.u32, { default: () => 0, docs: "How many accounts have a note." }),
  },
  events: {
    Noted: { who: t.accountId, length: t.u32 },
  },
  errors: {
    TooLong: "The note is longer than MaxLength.",
  },
  calls: {
    note: {
      index: 0,
      args: { text: t.str },
      dispatch(ctx, { text }) {
        const who = ensureSigned(ctx.origin);
        const length = Buffer.byteLength(text, "utf8");
        if (length > ctx.config.MaxLength) fail(Notes.err("TooLong"));
        // a failing transfer (FundsUnavailable…) fails the call: nothing below happens, nothing above is kept
        ctx.config.Currency.transfer(ctx, who, ctx.config.FeeCollector, ctx.config.NoteFee, "Preserve");
        if (!Notes.storage.NoteOf.contains(ctx, who)) Notes.storage.NoteCount.mutate(ctx, (n) => n + 1);
        Notes.storage.NoteOf.insert(ctx, who, text);
        Notes.deposit(ctx, "Noted", { who, length });
      },
    },
  },
});
