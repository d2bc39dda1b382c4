// A toy pallet for frame's own tests. Its logic lives in counter-logic.ts and imports the
// declaration back, the same shape (and the same import cycle) as every real pallet package.
import { t } from "../codec.ts";
import { definePallet } from "../pallet.ts";
import { value, map } from "../storage.ts";
import { doBump, doSet, tick } from "./counter-logic.ts";

export interface CounterConfig {
  readonly Max: number;
}

export const Counter = definePallet<CounterConfig>()({
  name: "Counter",
  constants: { Max: t.u32 },
  storage: {
    Value: value(t.u32, { default: () => 0 }),
    Owner: value(t.accountId),
    Notes: map(t.tuple([t.u32, t.u16]), t.str, { hasher: "Twox64Concat" }),
    Ticks: value(t.u32, { default: () => 0 }),
  },
  events: {
    Bumped: { who: t.accountId, value: t.u32 },
    Ticked: { block: t.u32 },
  },
  errors: {
    TooBig: "The counter would pass Max.",
    NotOwner: "Only the owner may set.",
  },
  calls: {
    bump: { index: 0, args: { by: t.u32 }, dispatch: (ctx, a) => doBump(ctx, a.by) },
    set: { index: 1, args: { value: t.u32, note: t.option(t.str) }, dispatch: (ctx, a) => doSet(ctx, a.value, a.note) },
  },
  hooks: { onInitialize: (ctx) => tick(ctx) },
  genesis: {
    fields: { owner: t.accountId, value: t.u32 },
    build(ctx, cfg) {
      if (cfg.owner !== undefined) Counter.storage.Owner.put(ctx, cfg.owner);
      if (cfg.value !== undefined) Counter.storage.Value.put(ctx, cfg.value);
    },
  },
});
