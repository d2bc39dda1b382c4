// A test-only pallet and preset: hooks that write and emit every `Every` blocks, a call with an
// optional argument, an error, a map keyed by a struct; plus Balances, a token (TCK, 3 decimals)
// and an account alias (`pallet:Ticker`), to test the runner beyond balances-mock.
import { createRuntime, definePallet, ensureSigned, fail, map, palletAccountId, t, value, type Runtime } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import type { Preset, PresetOptions } from "@corelab/frame";
import { parsePalletOptions } from "@corelab/frame";

export interface TickerConfig {
  readonly Every: number;
}

export const NoteKey = t.struct("NoteKey", { block: t.u32, who: t.accountId });

export const Ticker = definePallet<TickerConfig>()({
  name: "Ticker",
  constants: { Every: t.u32 },
  storage: {
    Ticks: value(t.u32, { default: () => 0 }),
    Notes: map(NoteKey, t.struct("Note", { text: t.str, amount: t.balance, kind: t.enumOf("Kind", { Plain: null, Task: t.u32 }) }), { hasher: "Blake2_128Concat" }),
  },
  events: {
    Ticked: { block: t.u32, ticks: t.u32 },
    Poked: { who: t.accountId, amount: t.balance, note: t.option(t.str) },
  },
  errors: { Nope: "Always fails." },
  calls: {
    poke: {
      index: 0,
      args: { amount: t.balance, note: t.option(t.str) },
      dispatch(ctx, a): void {
        const who = ensureSigned(ctx.origin);
        Ticker.deposit(ctx, "Poked", { who, amount: a.amount, note: a.note });
        Ticker.storage.Notes.insert(ctx, { block: ctx.blockNumber, who }, { text: a.note ?? "", amount: a.amount, kind: a.note ? { type: "Plain" } : { type: "Task", value: ctx.blockNumber } });
      },
    },
    nope: {
      index: 1,
      args: {},
      dispatch(): void {
        fail(Ticker.err("Nope"));
      },
    },
  },
  hooks: {
    onInitialize(ctx): void {
      if (ctx.blockNumber % ctx.config.Every !== 0) return;
      const ticks = Ticker.storage.Ticks.get(ctx) + 1;
      Ticker.storage.Ticks.put(ctx, ticks);
      Ticker.deposit(ctx, "Ticked", { block: ctx.blockNumber, ticks });
    },
  },
});

export const tickerPreset: Preset = {
  name: "ticker-test",
  description: "test only: System, Balances, Ticker (hooks every 3 blocks)",
  token: { symbol: "TCK", decimals: 3 },
  accounts: { "pallet:Ticker": palletAccountId("py/tickr") },
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(tickerPreset, [Balances, Ticker], opts);
    return createRuntime({
      name: "ticker-test",
      token: tickerPreset.token,
      pallets: [Balances.instance({ ExistentialDeposit: 1n }), Ticker.instance({ Every: 3, ...(constants.Ticker as Partial<TickerConfig>) })],
      genesis: genesis as Record<string, Record<string, unknown>>,
    });
  },
};
