/**
 * The `on_initialize` hook of pallet-slashing: applies the deferred slashes due at this block
 * (pallet-staking applies `UnappliedSlashes` of an era when that era starts; here the key is a
 * block number). Hooks never fail: `applySlash` only slashes what is still slashable.
 */
import { applySlash, type SlashingContext } from "./dispatchables.ts";
import { Slashing } from "./pallet.ts";

/** Applies and removes `UnappliedSlashes[now]`, in the order they were reported. Returns how many were applied. */
export function applyDeferredSlashes(ctx: SlashingContext): number {
  const due = Slashing.storage.UnappliedSlashes.get(ctx, ctx.blockNumber);
  if (!due) return 0;
  Slashing.storage.UnappliedSlashes.remove(ctx, ctx.blockNumber);
  for (const s of due) applySlash(ctx, s.offender, s.amount);
  return due.length;
}
