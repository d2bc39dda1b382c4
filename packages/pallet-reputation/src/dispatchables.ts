/**
 * The logic of the Reputation pallet's calls and port (`do*`), without origin checks (the call
 * declarations in `pallet.ts` check origins first). A failing check throws a `DispatchFailure`; the
 * runtime then discards every write of the call. Corelab's reconstruction of Rodikov 2025
 * (`restaking-and-pricing.md` §1.3.6 [R]); there is no Rust pallet to mirror.
 */
import { DispatchErrors, ensure, fail, required, type CallContext, type Context, type PalletContext } from "@corelab/frame";
import { checkGasParams, gasUpdate, observationOf } from "./gas.ts";
import type { ReputationConfig } from "./interfaces.ts";
import { Reputation } from "./pallet.ts";
import type { CoprocessorRecord, GasParams, HistoryItem, TaskOutcome } from "./types.ts";

/** A context of the Reputation pallet's own code. */
export type ReputationContext = PalletContext<ReputationConfig>;

/**
 * Appends `item` to `who`'s `History`, dropping the oldest items so that at most `MaxHistory`
 * remain (a bounded ring: the latest `MaxHistory` changes, oldest first).
 */
export function pushHistory(ctx: ReputationContext, who: string, item: HistoryItem): void {
  const max = ctx.config.MaxHistory;
  if (max <= 0) return;
  const old = Reputation.storage.History.get(ctx, who);
  const kept = old.length >= max ? old.slice(old.length - max + 1) : old;
  Reputation.storage.History.insert(ctx, who, [...kept, item]);
}

/**
 * Registers coprocessor `who` with `reputation` (Perbill parts; default the prior
 * `Parameters.initial_reputation`). Errors: `AlreadyRegistered`. Deposits `CoprocessorRegistered`
 * and starts its `History` with the registration.
 */
export function doRegisterCoprocessor(ctx: ReputationContext, who: string, reputation?: number): void {
  ensure(!Reputation.storage.Coprocessors.contains(ctx, who), Reputation.err("AlreadyRegistered"));
  const r = reputation ?? Reputation.storage.Parameters.get(ctx).initial_reputation;
  const record: CoprocessorRecord = { reputation: r, registered_at: ctx.blockNumber, updated_at: ctx.blockNumber, tasks: 0, successes: 0 };
  Reputation.storage.Coprocessors.insert(ctx, who, record);
  pushHistory(ctx, who, { block: ctx.blockNumber, task_id: undefined, success: undefined, observation: undefined, reputation: r });
  Reputation.deposit(ctx, "CoprocessorRegistered", { who, reputation: r });
}

/**
 * Removes coprocessor `who` and its history. Errors: `NotRegistered`. Deposits
 * `CoprocessorDeregistered` with its last reputation.
 */
export function doDeregisterCoprocessor(ctx: ReputationContext, who: string): void {
  const record = required(Reputation.storage.Coprocessors.take(ctx, who), Reputation.err("NotRegistered"));
  Reputation.storage.History.remove(ctx, who);
  Reputation.deposit(ctx, "CoprocessorDeregistered", { who, reputation: record.reputation });
}

/**
 * Records the outcome of settled task `taskId` of `who` and applies one GAS update (see `gas.ts`):
 * `y = observationOf(outcome)`, `R' = ω + (β − α)·R + α·y`. An unknown `who` is registered at the
 * prior first (deposits `CoprocessorRegistered`). Updates `tasks`/`successes`/`updated_at`, appends
 * to `History` and deposits `ReputationUpdated { who, task_id, success, observation,
 * old_reputation, new_reputation }`. Never fails (a negative or fractional quality throws a
 * `RangeError`: a caller bug). Returns the new reputation (Perbill parts).
 */
export function doRecordOutcome(ctx: ReputationContext, who: string, taskId: number, outcome: TaskOutcome): number {
  const y = observationOf(outcome);
  if (!Reputation.storage.Coprocessors.contains(ctx, who)) doRegisterCoprocessor(ctx, who);
  const record = Reputation.storage.Coprocessors.get(ctx, who)!;
  const params = Reputation.storage.Parameters.get(ctx);
  const next = gasUpdate(params, record.reputation, y);
  Reputation.storage.Coprocessors.insert(ctx, who, {
    reputation: next,
    registered_at: record.registered_at,
    updated_at: ctx.blockNumber,
    tasks: Math.min(record.tasks + 1, 0xffff_ffff),
    successes: Math.min(record.successes + (outcome.success ? 1 : 0), 0xffff_ffff),
  });
  pushHistory(ctx, who, { block: ctx.blockNumber, task_id: taskId, success: outcome.success, observation: y, reputation: next });
  Reputation.deposit(ctx, "ReputationUpdated", {
    who,
    task_id: taskId,
    success: outcome.success,
    observation: y,
    old_reputation: record.reputation,
    new_reputation: next,
  });
  return next;
}

/**
 * Sets the reputation of registered coprocessor `who` (an admin override). Errors:
 * `NotRegistered`. Appends a `History` item with no task and deposits `ReputationForced`.
 */
export function doForceSetReputation(ctx: ReputationContext, who: string, reputation: number): void {
  const record = required(Reputation.storage.Coprocessors.get(ctx, who), Reputation.err("NotRegistered"));
  Reputation.storage.Coprocessors.insert(ctx, who, { ...record, reputation, updated_at: ctx.blockNumber });
  pushHistory(ctx, who, { block: ctx.blockNumber, task_id: undefined, success: undefined, observation: undefined, reputation });
  Reputation.deposit(ctx, "ReputationForced", { who, old_reputation: record.reputation, new_reputation: reputation });
}

/**
 * Replaces the GAS parameters after the domain checks of `checkGasParams`. Errors:
 * `InvalidParameters` (each in [0, 1], `alpha ≤ beta`, `omega + beta ≤ 1`). Reputations already
 * stored are kept; later updates use the new parameters. Deposits `ParametersSet`.
 */
export function doSetParameters(ctx: ReputationContext, params: GasParams): void {
  if (checkGasParams(params) !== undefined) fail(Reputation.err("InvalidParameters"));
  Reputation.storage.Parameters.put(ctx, params);
  Reputation.deposit(ctx, "ParametersSet", { params });
}

/**
 * R_c(t) of `who` in Perbill parts: its stored reputation, or the prior
 * `Parameters.initial_reputation` when it is not registered.
 */
export function reputationOf(ctx: Context, who: string): number {
  return Reputation.storage.Coprocessors.get(ctx, who)?.reputation ?? Reputation.storage.Parameters.get(ctx).initial_reputation;
}

/** `AdminOrigin` or Root, else `BadOrigin`. */
export function ensureAdmin(ctx: CallContext<ReputationConfig>): void {
  if (ctx.origin.type === "Root") return;
  if (ctx.config.AdminOrigin === undefined) fail(DispatchErrors.BadOrigin);
  ctx.config.AdminOrigin(ctx.origin);
}
