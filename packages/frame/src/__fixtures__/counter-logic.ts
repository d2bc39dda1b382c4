import type { CallContext, PalletContext } from "../context.ts";
import { ensure, ensureSigned } from "../dispatch.ts";
import { Counter, type CounterConfig } from "./counter.ts";

export function doBump(ctx: CallContext<CounterConfig>, by: number): void {
  const who = ensureSigned(ctx.origin);
  const v = Counter.storage.Value.get(ctx) + by;
  Counter.storage.Value.put(ctx, v);
  Counter.deposit(ctx, "Bumped", { who, value: v });
  // fail *after* writing: the dispatch must roll the write and the event back
  ensure(v <= ctx.config.Max, Counter.err("TooBig"));
}

export function doSet(ctx: CallContext<CounterConfig>, value: number, note: string | undefined): void {
  const who = ensureSigned(ctx.origin);
  ensure(Counter.storage.Owner.get(ctx) === who, Counter.err("NotOwner"));
  Counter.storage.Value.put(ctx, value);
  if (note !== undefined) Counter.storage.Notes.insert(ctx, [value, ctx.blockNumber], note);
}

export function tick(ctx: PalletContext<CounterConfig>): void {
  // writes only every third block: other blocks must not copy the state
  if (ctx.blockNumber % 3 !== 0) return;
  Counter.storage.Ticks.mutate(ctx, (n) => n + 1);
  Counter.storage.Ticks.put(ctx, Counter.storage.Ticks.get(ctx));
  Counter.deposit(ctx, "Ticked", { block: ctx.blockNumber });
}
