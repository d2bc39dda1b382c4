/**
 * Codecs and TypeScript types of pallet-slashing, named as metadata would name them. The shapes
 * follow polkadot-sdk `substrate/frame/staking/src/{lib.rs,slashing.rs,ledger.rs}` where a
 * counterpart exists (`StakingLedger`, `UnlockChunk`, `UnappliedSlash`, `SpanRecord`), adapted
 * to blocks instead of eras; collateral records are Corelab's (reconstruction of Rodikov 2025).
 *
 * Number mapping: block numbers, span indices and task ids are `number`s; balances are `bigint`
 * planck; `Perbill` values are their parts as a `number` (1_000_000_000 = 100%).
 */
import { arithmeticCodecs, t, type Infer } from "@corelab/frame";

/** A balance in planck (`BalanceOf<T>`, u128). */
export const Balance = t.balance;

/** A block number (`BlockNumberFor<T>`, u32). */
export const BlockNumber = t.alias("BlockNumber", t.u32);

/** `TaskId` (u32): the id of a task whose collateral is locked (assigned by the task auction). */
export const TaskId = t.alias("TaskId", t.u32);
/** A task id. */
export type TaskId = number;

/** `SpanIndex` (u32): `floor(offence block / SlashSpanLength)`. */
export const SpanIndex = t.alias("SpanIndex", t.u32);
/** A slashing span index. */
export type SpanIndex = number;

/** A `Perbill` fraction, as parts per billion (scenario files may write `"10%"`). */
export const Perbill = arithmeticCodecs.perbill;

/**
 * `UnlockChunk { value, block }`: stake being unbonded; withdrawable from block `block` on and
 * slashable until then (pallet-staking's `UnlockChunk { value, era }`, with a block number).
 */
export const UnlockChunk = t.struct("UnlockChunk", { value: Balance, block: BlockNumber });
/** An unlocking chunk. */
export type UnlockChunk = Infer<typeof UnlockChunk>;

/**
 * `OperatorLedger { total, active, unlocking }`: an operator's bonded stake (pallet-staking's
 * `StakingLedger` without `stash`/`legacy_claimed_rewards`). `total = active + Σ unlocking.value`,
 * all of it reserved in the currency.
 */
export const OperatorLedger = t.struct("OperatorLedger", {
  total: Balance,
  active: Balance,
  unlocking: t.vec(UnlockChunk, { name: "BoundedVec<UnlockChunk, MaxUnlockingChunks>" }),
});
/** An operator ledger. */
export type OperatorLedger = Infer<typeof OperatorLedger>;

/**
 * `CollateralRecord { total, locked }`: a coprocessor's collateral ($L_c$ of the reconstruction):
 * `total` is reserved in the currency, `locked` is the part locked by tasks (Σ of its
 * `CollateralLocks`); `total - locked` is available.
 */
export const CollateralRecord = t.struct("CollateralRecord", { total: Balance, locked: Balance });
/** A collateral record. */
export type CollateralRecord = Infer<typeof CollateralRecord>;

/**
 * `UnappliedSlash { offender, fraction, amount, span }`: a deferred operator slash waiting for
 * its block (pallet-staking's `UnappliedSlash { validator, own, others, reporters, payout }`,
 * reduced to the offender's own stake). `amount` is what the span logic decided to take.
 */
export const UnappliedSlash = t.struct("UnappliedSlash", {
  offender: t.accountId,
  fraction: Perbill,
  amount: Balance,
  span: SpanIndex,
});
/** A deferred slash. */
export type UnappliedSlash = Infer<typeof UnappliedSlash>;

/**
 * `SpanRecord { exposure, fraction, slashed }`: the largest slash of an operator within one span
 * (pallet-staking's `SpanRecord { slashed, paid_out }` plus the exposure the fractions apply to).
 * `exposure` is the slashable stake when the span's first slash was reported; `fraction` is the
 * largest fraction reported in the span; `slashed = fraction · exposure` (rounded up) is the
 * amount taken (or scheduled) for the span so far.
 */
export const SpanRecord = t.struct("SpanRecord", { exposure: Balance, fraction: Perbill, slashed: Balance });
/** A span record. */
export type SpanRecord = Infer<typeof SpanRecord>;

/** The key of `SpanSlash`: `(operator, span index)`. */
export const SpanKey = t.tuple([t.accountId, SpanIndex], "(AccountId, SpanIndex)");
/** The key of `CollateralLocks`: `(coprocessor, task id)`. */
export const LockKey = t.tuple([t.accountId, TaskId], "(AccountId, TaskId)");
