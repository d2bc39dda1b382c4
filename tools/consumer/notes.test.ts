// The Notes pallet of docs/writing-a-pallet.md, driven from code with the papi-shaped client.
import { beforeAll, describe, expect, it } from "vitest";
import { createClient, initCrypto } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { Notes } from "./src/notes.ts";
import notesChain from "./src/runtime.ts";

beforeAll(initCrypto);

describe("Notes", () => {
  it("keeps a note for a fee, and refuses one that is too long", async () => {
    const runtime = notesChain.create({ genesis: { Balances: { balances: { alice: 1000 } } } });
    const api = createClient(runtime, { Balances, Notes });

    const ok = await api.tx.Notes.note({ text: "hello" }).signAndSubmit("alice");
    expect(ok.ok).toBe(true);
    expect(api.event.Notes.Noted.filter(ok.events)).toEqual([{ who: expect.any(String), length: 5 }]);
    expect(await api.query.Notes.NoteCount.getValue()).toBe(1);

    const long = await api.tx.Notes.note({ text: "x".repeat(33) }).signAndSubmit("alice");
    expect(long.ok).toBe(false);
    expect(long.dispatchError).toEqual({ type: "Module", value: { type: "Notes", value: { type: "TooLong" } } });
    expect(await api.constants.Notes.MaxLength()).toBe(32);
  });

  it("tries two continuations from one snapshot", async () => {
    const api = createClient(notesChain.create({ genesis: { Balances: { balances: { alice: 1000 } } } }), { Balances, Notes });
    const before = await api.dev.snapshot();
    await api.tx.Notes.note({ text: "first" }).signAndSubmit("alice");
    expect((await api.query.Notes.NoteOf.getEntries()).map((e) => e.value)).toEqual(["first"]);
    await api.dev.revert(before);
    expect(await api.query.Notes.NoteOf.getEntries()).toEqual([]);
  });
});
