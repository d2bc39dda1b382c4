/**
 * The logic of pallet-slashing (`do*` functions), called by the calls in `pallet.ts`, by the
 * `on_initialize` hook and by the ports. Failing checks throw via `fail`/`ensure` before any
 * write, so a failed call or port method changes nothing.
 *
 * Sources, per part:
 * - bond / unbond / withdraw with a delay during which unbonding stake stays slashable:
 *   pallet-staking `bond`, `unbond`, `withdraw_unbonded` (`StakingLedger`, `UnlockChunk`) with
 *   EigenLayer's rule that a deallocation stays slashable until `DEALLOCATION_DELAY` has passed.
 * - the slash as a `Perbill` fraction of slashable stake, rounded up: EigenLayer
 *   `slashOperator` (`mulWadRoundUp`), with Perbill `mul_ceil` (reference §2.3).
 * - the largest slash within a span, not the sum: pallet-staking `slashing.rs`
 *   (`compare_and_update_span_slash`), simplified to fixed spans of `SlashSpanLength` blocks.
 * - deferral in `UnappliedSlashes` and `cancel_deferred_slash`: pallet-staking.
 * - proportional split between active stake and unbonding chunks: pallet-staking
 *   `StakingLedger::slash` and EigenLayer's proportional reduction of pending deallocations.
 * - collateral forfeited per task, the compensation share $\gamma$ and deactivation below
 *   $S_{\min}$: the Corelab reconstruction [R] of Rodikov 2025 (§1.3.2); the paper's own text
 *   [V] only names "economic commitments" and slashing risk, no formula.
 */
import { Perbill, ensure, required, withPalletConfig, type CallContext, type Context, type PalletContext } from "@corelab/frame";
import type { CollateralPort, OperatorSlashPort, SlashingConfig } from "./interfaces.ts";
import { Slashing } from "./pallet.ts";
import type { OperatorLedger, SpanIndex, TaskId, UnappliedSlash } from "./types.ts";

/** The context slashing logic runs in: any context with the pallet's configuration. */
export type SlashingContext = PalletContext<SlashingConfig>;


const PERBILL_ONE = 1_000_000_000;

// ------------------------------------------------------------------------------------------------
// helpers

/** Checks a `Perbill` given as parts (an integer in `0..=1e9`), else `InvalidFraction`. */
export function ensureFraction(fraction: number): number {
  ensure(Number.isSafeInteger(fraction) && fraction >= 0 && fraction <= PERBILL_ONE, Slashing.err("InvalidFraction"));
  return fraction;
}

/** The span of block `block`: `floor(block / SlashSpanLength)`. */
export function spanOf(ctx: SlashingContext, block: number): SpanIndex {
  return Math.floor(block / Math.max(1, ctx.config.SlashSpanLength));
}

/** Whether `who` is bonded and not deactivated (`isActiveOperator` of the port). */
export function isActiveOperator(ctx: Context, who: string): boolean {
  return Slashing.storage.Ledger.contains(ctx, who) && !Slashing.storage.Inactive.contains(ctx, who);
}

/** Unbonding chunks still slashable at `now`: those whose `block` has not come. */
function lockedChunk(now: number, c: { block: number }): boolean {
  return c.block > now;
}

/** Slashable stake of `who`: active plus the unbonding chunks still in their window (0 when not bonded). */
export function slashableStake(ctx: Context, who: string): bigint {
  const l = Slashing.storage.Ledger.get(ctx, who);
  if (!l) return 0n;
  return l.unlocking.filter((c) => lockedChunk(ctx.blockNumber, c)).reduce((a, c) => a + c.value, l.active);
}

/** Collateral of `who` not locked by a task (0 when unknown). */
export function availableCollateral(ctx: Context, who: string): bigint {
  const c = Slashing.storage.Collateral.get(ctx, who);
  return c ? c.total - c.locked : 0n;
}

/** Whether `who` can receive `amount` without staying below the existential deposit. */
function canReceive(ctx: SlashingContext, who: string, amount: bigint): boolean {
  const cur = ctx.config.Currency;
  return cur.balance(ctx, who) + cur.reservedBalance(ctx, who) + amount >= cur.minimumBalance();
}

/**
 * Where the rest of a slash goes: into `Treasury` when configured (and it can receive it), else
 * burned (the reserved funds were already removed from the issuance by `slash_reserved`).
 * Events: `SlashDeposited { who, amount }` or `SlashBurned { amount }`. Never fails.
 */
function payRemainder(ctx: SlashingContext, amount: bigint): void {
  if (amount === 0n) return;
  const treasury = ctx.config.Treasury;
  if (treasury !== undefined && canReceive(ctx, treasury, amount)) {
    ctx.config.Currency.resolve(ctx, treasury, amount);
    Slashing.deposit(ctx, "SlashDeposited", { who: treasury, amount });
  } else Slashing.deposit(ctx, "SlashBurned", { amount });
}

/** Marks `who` inactive (`Deactivated` or `Chilled`), unless it already is. */
function deactivate(ctx: SlashingContext, who: string, event: "Deactivated" | "Chilled"): void {
  if (Slashing.storage.Inactive.contains(ctx, who)) return;
  Slashing.storage.Inactive.insert(ctx, who, ctx.blockNumber);
  Slashing.deposit(ctx, event, { operator: who });
}

// ------------------------------------------------------------------------------------------------
// operator stake

/**
 * `bond(value)`: `who` becomes an operator with `value` reserved as stake, active at once.
 * Errors: `AlreadyBonded`, `InsufficientBond` (below `MinOperatorStake` or zero), the currency's
 * error when the free balance is short (`Balances.InsufficientBalance`).
 */
export function doBond(ctx: SlashingContext, who: string, value: bigint): void {
  ensure(!Slashing.storage.Ledger.contains(ctx, who), Slashing.err("AlreadyBonded"));
  ensure(value > 0n && value >= ctx.config.MinOperatorStake, Slashing.err("InsufficientBond"));
  ctx.config.Currency.reserve(ctx, who, value);
  Slashing.storage.Ledger.insert(ctx, who, { total: value, active: value, unlocking: [] });
  Slashing.deposit(ctx, "Bonded", { operator: who, amount: value });
}

/**
 * `bond_extra(max_additional)`: adds up to `max_additional` (capped at the free balance, as
 * pallet-staking does) to the active stake. Does not re-activate a deactivated operator (call
 * `activate`). Errors: `NotBonded`, `ZeroAmount` (nothing to add).
 */
export function doBondExtra(ctx: SlashingContext, who: string, maxAdditional: bigint): void {
  const l = required(Slashing.storage.Ledger.get(ctx, who), Slashing.err("NotBonded"));
  const free = ctx.config.Currency.balance(ctx, who);
  const extra = maxAdditional < free ? maxAdditional : free;
  ensure(extra > 0n, Slashing.err("ZeroAmount"));
  ctx.config.Currency.reserve(ctx, who, extra);
  Slashing.storage.Ledger.insert(ctx, who, { ...l, total: l.total + extra, active: l.active + extra });
  Slashing.deposit(ctx, "Bonded", { operator: who, amount: extra });
}

/**
 * `unbond(value)`: moves `value` of active stake into an unlocking chunk withdrawable from
 * `now + UnbondingDelay`; until then it stays slashable. An active operator may not leave a
 * non-zero active stake below `MinOperatorStake`; unbonding everything chills it.
 * Errors: `NotBonded`, `ZeroAmount`, `InsufficientStake` (more than active), `InsufficientBond`,
 * `NoMoreChunks`.
 */
export function doUnbond(ctx: SlashingContext, who: string, value: bigint): void {
  const l = required(Slashing.storage.Ledger.get(ctx, who), Slashing.err("NotBonded"));
  ensure(value > 0n, Slashing.err("ZeroAmount"));
  ensure(value <= l.active, Slashing.err("InsufficientStake"));
  const remaining = l.active - value;
  const active = !Slashing.storage.Inactive.contains(ctx, who);
  ensure(!active || remaining === 0n || remaining >= ctx.config.MinOperatorStake, Slashing.err("InsufficientBond"));
  const block = ctx.blockNumber + ctx.config.UnbondingDelay;
  const last = l.unlocking[l.unlocking.length - 1];
  let unlocking;
  if (last && last.block === block) unlocking = [...l.unlocking.slice(0, -1), { value: last.value + value, block }];
  else {
    ensure(l.unlocking.length < ctx.config.MaxUnlockingChunks, Slashing.err("NoMoreChunks"));
    unlocking = [...l.unlocking, { value, block }];
  }
  Slashing.storage.Ledger.insert(ctx, who, { total: l.total, active: remaining, unlocking });
  Slashing.deposit(ctx, "Unbonded", { operator: who, amount: value, unlock_at: block });
  if (active && remaining === 0n) deactivate(ctx, who, "Chilled");
}

/**
 * `withdraw_unbonded()`: unreserves every chunk whose block has come. When nothing is left
 * bonded the ledger (and the inactive mark) is removed. Errors: `NotBonded`, `NothingToWithdraw`.
 */
export function doWithdrawUnbonded(ctx: SlashingContext, who: string): void {
  const l = required(Slashing.storage.Ledger.get(ctx, who), Slashing.err("NotBonded"));
  const now = ctx.blockNumber;
  const due = l.unlocking.filter((c) => !lockedChunk(now, c)).reduce((a, c) => a + c.value, 0n);
  ensure(due > 0n, Slashing.err("NothingToWithdraw"));
  ctx.config.Currency.unreserve(ctx, who, due);
  const next: OperatorLedger = { total: l.total - due, active: l.active, unlocking: l.unlocking.filter((c) => lockedChunk(now, c)) };
  if (next.total === 0n) {
    Slashing.storage.Ledger.remove(ctx, who);
    Slashing.storage.Inactive.remove(ctx, who);
  } else Slashing.storage.Ledger.insert(ctx, who, next);
  Slashing.deposit(ctx, "Withdrawn", { operator: who, amount: due });
}

/**
 * `activate()`: explicit re-activation of a deactivated (or chilled) operator, once its active
 * stake is at least `MinOperatorStake` again (reference §2.3: "re-activation must be explicit").
 * Errors: `NotBonded`, `AlreadyActive`, `InsufficientBond`.
 */
export function doActivate(ctx: SlashingContext, who: string): void {
  const l = required(Slashing.storage.Ledger.get(ctx, who), Slashing.err("NotBonded"));
  ensure(Slashing.storage.Inactive.contains(ctx, who), Slashing.err("AlreadyActive"));
  ensure(l.active > 0n && l.active >= ctx.config.MinOperatorStake, Slashing.err("InsufficientBond"));
  Slashing.storage.Inactive.remove(ctx, who);
  Slashing.deposit(ctx, "Activated", { operator: who });
}

/** `chill()`: the operator stops taking tasks (pallet-staking `chill`). Errors: `NotBonded`, `AlreadyInactive`. */
export function doChill(ctx: SlashingContext, who: string): void {
  required(Slashing.storage.Ledger.get(ctx, who), Slashing.err("NotBonded"));
  ensure(!Slashing.storage.Inactive.contains(ctx, who), Slashing.err("AlreadyInactive"));
  deactivate(ctx, who, "Chilled");
}

// ------------------------------------------------------------------------------------------------
// operator slashes

/**
 * `slash_operator(offender, fraction)`: reports a slash of `fraction` of the offender's slashable
 * stake. The span of the current block keeps the largest fraction reported in it and the
 * exposure (slashable stake) seen at its first report; the slash takes only what
 * `ceil(fraction · exposure)` adds over what the span already took (pallet-staking's span
 * maximum). With `SlashDeferDuration` 0 the amount is slashed at once (EigenLayer), else it is
 * stored in `UnappliedSlashes` under `now + SlashDeferDuration` (pallet-staking).
 * Event: `SlashReported { offender, fraction, span, amount, apply_at }`, then (instant mode)
 * those of the application. Errors: `NotBonded`, `InvalidFraction`.
 */
export function doSlashOperator(ctx: SlashingContext, offender: string, fraction: number): void {
  ensureFraction(fraction);
  ensure(Slashing.storage.Ledger.contains(ctx, offender), Slashing.err("NotBonded"));
  const now = ctx.blockNumber;
  const span = spanOf(ctx, now);
  const prior = Slashing.storage.SpanSlash.get(ctx, [offender, span]);
  const exposure = prior ? prior.exposure : slashableStake(ctx, offender);
  const target = Perbill.mulCeil(fraction, exposure);
  const already = prior ? prior.slashed : 0n;
  const amount = target > already ? target - already : 0n;
  Slashing.storage.SpanSlash.insert(ctx, [offender, span], {
    exposure,
    fraction: prior && prior.fraction > fraction ? prior.fraction : fraction,
    slashed: target > already ? target : already,
  });
  const defer = ctx.config.SlashDeferDuration;
  const applyAt = now + defer;
  Slashing.deposit(ctx, "SlashReported", { offender, fraction, span, amount, apply_at: applyAt });
  if (amount === 0n) return;
  if (defer === 0) applySlash(ctx, offender, amount);
  else Slashing.storage.UnappliedSlashes.mutate(ctx, applyAt, (list) => [...(list ?? []), { offender, fraction, amount, span }]);
}

/**
 * Applies an operator slash of `amount` (pallet-staking `do_slash` / `StakingLedger::slash`):
 * takes at most the slashable stake, split between the active stake and the chunks still in
 * their unbonding window in proportion to their size (floor, then the rounding remainder from
 * active first, then chunks in order); `slash_reserved`s it, pays the rest of the slash out
 * (`Treasury` or burn) and deactivates the operator when its active stake falls below
 * `MinOperatorStake`. Events: `Slashed { staker, amount }`, `SlashDeposited`/`SlashBurned`,
 * `Deactivated`. Never fails (hook-safe); returns what was slashed (0 for an unknown operator).
 */
export function applySlash(ctx: SlashingContext, who: string, amount: bigint): bigint {
  const l = Slashing.storage.Ledger.get(ctx, who);
  if (!l || amount === 0n) return 0n;
  const now = ctx.blockNumber;
  const parts = [l.active, ...l.unlocking.map((c) => (lockedChunk(now, c) ? c.value : 0n))];
  const slashable = parts.reduce((a, b) => a + b, 0n);
  const take = amount < slashable ? amount : slashable;
  if (take === 0n) return 0n;
  const cut = parts.map((p) => (p * take) / slashable);
  let left = take - cut.reduce((a, b) => a + b, 0n);
  for (let i = 0; i < parts.length && left > 0n; i++) {
    const room = parts[i]! - cut[i]!;
    const more = room < left ? room : left;
    cut[i] = cut[i]! + more;
    left -= more;
  }
  const unlocking = l.unlocking.map((c, i) => ({ value: c.value - cut[i + 1]!, block: c.block })).filter((c) => c.value > 0n);
  const next: OperatorLedger = { total: l.total - take, active: l.active - cut[0]!, unlocking };
  Slashing.storage.Ledger.insert(ctx, who, next);
  const slashed = ctx.config.Currency.slashReserved(ctx, who, take);
  Slashing.deposit(ctx, "Slashed", { staker: who, amount: take });
  payRemainder(ctx, slashed);
  if (next.active < ctx.config.MinOperatorStake || next.active === 0n) deactivate(ctx, who, "Deactivated");
  return take;
}

/**
 * `cancel_deferred_slash(block, slash_indices)`: removes deferred slashes due at `block` by their
 * index in `UnappliedSlashes[block]` (pallet-staking). Indices must be sorted and unique. As in
 * pallet-staking, a cancelled slash still counts toward its span's maximum.
 * Events: `SlashCancelled { block, offender }` per slash. Errors: `EmptyTargets`,
 * `NotSortedAndUnique`, `InvalidSlashIndex`.
 */
export function doCancelDeferredSlash(ctx: SlashingContext, block: number, indices: readonly number[]): void {
  ensure(indices.length > 0, Slashing.err("EmptyTargets"));
  for (let i = 1; i < indices.length; i++) ensure(indices[i - 1]! < indices[i]!, Slashing.err("NotSortedAndUnique"));
  const list: UnappliedSlash[] = Slashing.storage.UnappliedSlashes.get(ctx, block) ?? [];
  ensure(indices[indices.length - 1]! < list.length, Slashing.err("InvalidSlashIndex"));
  const drop = new Set(indices);
  const kept = list.filter((_, i) => !drop.has(i));
  if (kept.length === 0) Slashing.storage.UnappliedSlashes.remove(ctx, block);
  else Slashing.storage.UnappliedSlashes.insert(ctx, block, kept);
  for (const i of indices) Slashing.deposit(ctx, "SlashCancelled", { block, offender: list[i]!.offender });
}

// ------------------------------------------------------------------------------------------------
// coprocessor collateral

/** `deposit_collateral(amount)`: reserves `amount` as collateral of `who`. Errors: `ZeroAmount`, the currency's error when short. */
export function doDepositCollateral(ctx: SlashingContext, who: string, amount: bigint): void {
  ensure(amount > 0n, Slashing.err("ZeroAmount"));
  ctx.config.Currency.reserve(ctx, who, amount);
  const c = Slashing.storage.Collateral.get(ctx, who) ?? { total: 0n, locked: 0n };
  Slashing.storage.Collateral.insert(ctx, who, { total: c.total + amount, locked: c.locked });
  Slashing.deposit(ctx, "CollateralDeposited", { who, amount });
}

/**
 * `withdraw_collateral(amount)`: unreserves available (unlocked) collateral. Unlocked collateral
 * is not slashable, so it leaves at once (EigenLayer frees non-slashable deallocations
 * immediately). Errors: `ZeroAmount`, `InsufficientCollateral`.
 */
export function doWithdrawCollateral(ctx: SlashingContext, who: string, amount: bigint): void {
  ensure(amount > 0n, Slashing.err("ZeroAmount"));
  const c = Slashing.storage.Collateral.get(ctx, who);
  ensure(c !== undefined && c.total - c.locked >= amount, Slashing.err("InsufficientCollateral"));
  ctx.config.Currency.unreserve(ctx, who, amount);
  if (c.total - amount === 0n && c.locked === 0n) Slashing.storage.Collateral.remove(ctx, who);
  else Slashing.storage.Collateral.insert(ctx, who, { total: c.total - amount, locked: c.locked });
  Slashing.deposit(ctx, "CollateralWithdrawn", { who, amount });
}

/**
 * Locks `amount` of `who`'s available collateral for `taskId` ($l_{c,a}$, reconstruction §1.3.2).
 * Event `CollateralLocked`. Errors: `ZeroAmount`, `LockExists`, `InsufficientCollateral`.
 */
export function doLockCollateral(ctx: SlashingContext, who: string, taskId: TaskId, amount: bigint): void {
  ensure(amount > 0n, Slashing.err("ZeroAmount"));
  ensure(!Slashing.storage.CollateralLocks.contains(ctx, [who, taskId]), Slashing.err("LockExists"));
  const c = Slashing.storage.Collateral.get(ctx, who);
  ensure(c !== undefined && c.total - c.locked >= amount, Slashing.err("InsufficientCollateral"));
  Slashing.storage.CollateralLocks.insert(ctx, [who, taskId], amount);
  Slashing.storage.Collateral.insert(ctx, who, { total: c.total, locked: c.locked + amount });
  Slashing.deposit(ctx, "CollateralLocked", { who, task_id: taskId, amount });
}

/** Releases `who`'s lock for `taskId` (what slashes left of it). Event `CollateralReleased`. Errors: `UnknownLock`. */
export function doReleaseCollateral(ctx: SlashingContext, who: string, taskId: TaskId): void {
  const amount = required(Slashing.storage.CollateralLocks.get(ctx, [who, taskId]), Slashing.err("UnknownLock"));
  const c = Slashing.storage.Collateral.get(ctx, who) ?? { total: 0n, locked: 0n };
  Slashing.storage.CollateralLocks.remove(ctx, [who, taskId]);
  const next = { total: c.total, locked: c.locked - amount };
  if (next.total === 0n) Slashing.storage.Collateral.remove(ctx, who);
  else Slashing.storage.Collateral.insert(ctx, who, next);
  Slashing.deposit(ctx, "CollateralReleased", { who, task_id: taskId, amount });
}

/**
 * Forfeits `fraction` of `who`'s lock for `taskId`, always at once: `forfeited = ceil(fraction ·
 * lock)` is `slash_reserved`; `floor(CompensationShare · forfeited)` goes to `harmed` (if it can
 * receive it, else it joins the rest), the rest to `Treasury` or is burned (reconstruction
 * §1.3.2: "a share γ compensates the operator, 1−γ is burned or sent to the treasury"). The lock
 * keeps what is left until released. Events: `CollateralSlashed`, `Compensated`,
 * `SlashDeposited`/`SlashBurned`. Errors: `InvalidFraction`, `UnknownLock`.
 */
export function doSlashCollateral(ctx: SlashingContext, who: string, taskId: TaskId, fraction: number, harmed: string): void {
  ensureFraction(fraction);
  const lock = required(Slashing.storage.CollateralLocks.get(ctx, [who, taskId]), Slashing.err("UnknownLock"));
  const c = Slashing.storage.Collateral.get(ctx, who) ?? { total: 0n, locked: 0n };
  const forfeited = Perbill.mulCeil(fraction, lock);
  Slashing.storage.CollateralLocks.insert(ctx, [who, taskId], lock - forfeited);
  Slashing.storage.Collateral.insert(ctx, who, { total: c.total - forfeited, locked: c.locked - forfeited });
  const slashed = ctx.config.Currency.slashReserved(ctx, who, forfeited);
  Slashing.deposit(ctx, "CollateralSlashed", { who, task_id: taskId, fraction, amount: forfeited });
  let compensation = Perbill.mulFloor(ctx.config.CompensationShare, slashed);
  if (compensation > 0n && !canReceive(ctx, harmed, compensation)) compensation = 0n;
  if (compensation > 0n) {
    ctx.config.Currency.resolve(ctx, harmed, compensation);
    Slashing.deposit(ctx, "Compensated", { who: harmed, amount: compensation });
  }
  payRemainder(ctx, slashed - compensation);
}

// ------------------------------------------------------------------------------------------------
// ports

/** `ctx` seen with the slashing configuration (ports are called with the caller pallet's context). */
function withConfig(ctx: Context, config: SlashingConfig): SlashingContext {
  return withPalletConfig(ctx, config);
}

/**
 * The `CollateralPort` of a runtime whose Slashing pallet has `config` (the same object passed
 * to `Slashing.instance(config)`). Failing methods throw `Slashing.*` dispatch errors before
 * writing anything.
 */
export function collateralPort(config: SlashingConfig): CollateralPort {
  return {
    availableCollateral: (ctx, who) => availableCollateral(ctx, who),
    lockCollateral: (ctx, who, taskId, amount) => doLockCollateral(withConfig(ctx, config), who, taskId, amount),
    releaseCollateral: (ctx, who, taskId) => doReleaseCollateral(withConfig(ctx, config), who, taskId),
    slashCollateral: (ctx, who, taskId, fraction, harmed) => doSlashCollateral(withConfig(ctx, config), who, taskId, fraction, harmed),
    isActiveOperator: (ctx, who) => isActiveOperator(ctx, who),
  };
}

/** The `OperatorSlashPort` of a runtime whose Slashing pallet has `config`. */
export function operatorSlashPort(config: SlashingConfig): OperatorSlashPort {
  return {
    slashableStake: (ctx, who) => slashableStake(ctx, who),
    slashOperator: (ctx, who, fraction) => doSlashOperator(withConfig(ctx, config), who, fraction),
  };
}

/** `T::AdminOrigin::ensure_origin(origin)`: fails with `BadOrigin` unless `AdminOrigin` accepts the origin. */
export function ensureAdmin(ctx: CallContext<SlashingConfig>): void {
  ctx.config.AdminOrigin(ctx.origin);
}
