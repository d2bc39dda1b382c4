/**
 * pallet-slashing (`Slashing`) as a FRAME pallet would declare it: constants, storage, events,
 * errors (in declaration order), calls with their indices and argument names, the
 * `on_initialize` hook and genesis. The logic lives in `dispatchables.ts` and `hooks.ts`.
 *
 * There is no Rust pallet of this name: the design is Corelab's reconstruction [R] of Rodikov
 * 2025 (operator stake, coprocessor collateral per task, compensation share, deactivation below a
 * minimum stake), with slashing semantics from polkadot-sdk `substrate/frame/staking`
 * (`UnappliedSlashes`, `SlashDeferDuration`, `cancel_deferred_slash`, span maximum, names of
 * `Bonded`/`Unbonded`/`Withdrawn`/`Slashed`/`SlashReported`/`SlashCancelled`) and EigenLayer's
 * `AllocationManager` (instant slashes, rounding up, deallocations slashable until their delay).
 *
 * Storage hashers: as pallet-staking declares its counterparts (`Ledger` `Blake2_128Concat`,
 * `UnappliedSlashes` by era/block `Twox64Concat`, `SpanSlash` `Twox64Concat` over
 * `(AccountId, SpanIndex)`); Corelab's own items follow Corelab's rule (`Blake2_128Concat` for keys
 * users choose: `Inactive`, `Collateral`, `CollateralLocks`; `Twox64Concat` for sequential ids).
 */
import { DispatchFailure, InvalidGenesisError, definePallet, ensureSigned, formatDispatchError, map, t } from "@corelab/frame";
import {
  doActivate,
  doBond,
  doBondExtra,
  doCancelDeferredSlash,
  doChill,
  doDepositCollateral,
  doLockCollateral,
  doReleaseCollateral,
  doSlashCollateral,
  doSlashOperator,
  doUnbond,
  doWithdrawCollateral,
  doWithdrawUnbonded,
  ensureAdmin,
} from "./dispatchables.ts";
import { applyDeferredSlashes } from "./hooks.ts";
import type { SlashingConfig } from "./interfaces.ts";
import {
  Balance,
  BlockNumber,
  CollateralRecord,
  LockKey,
  OperatorLedger,
  Perbill,
  SpanIndex,
  SpanKey,
  SpanRecord,
  TaskId,
  UnappliedSlash,
} from "./types.ts";

const admin = "Origin must pass `AdminOrigin`.";

/**
 * Checks the configuration's constants; throws `InvalidGenesisError` naming the constant.
 * Used by the genesis builder and by `createSlashingRuntime`.
 */
export function validateSlashingConfig(config: SlashingConfig): void {
  const u32 = (name: keyof SlashingConfig, v: number, min = 0): void => {
    if (!Number.isSafeInteger(v) || v < min || v > 0xffff_ffff)
      throw new InvalidGenesisError("Slashing", name, `must be an integer in ${min}..=4294967295, got ${v}`);
  };
  u32("UnbondingDelay", config.UnbondingDelay);
  u32("SlashDeferDuration", config.SlashDeferDuration);
  u32("SlashSpanLength", config.SlashSpanLength, 1);
  u32("MaxUnlockingChunks", config.MaxUnlockingChunks, 1);
  if (config.SlashDeferDuration > 0 && config.SlashDeferDuration >= config.UnbondingDelay)
    throw new InvalidGenesisError(
      "Slashing",
      "SlashDeferDuration",
      `must be less than UnbondingDelay (${config.UnbondingDelay}) when not 0, got ${config.SlashDeferDuration}`,
    );
  if (config.MinOperatorStake < 0n) throw new InvalidGenesisError("Slashing", "MinOperatorStake", "must not be negative");
  if (!Number.isSafeInteger(config.CompensationShare) || config.CompensationShare < 0 || config.CompensationShare > 1_000_000_000)
    throw new InvalidGenesisError("Slashing", "CompensationShare", `must be Perbill parts in 0..=1000000000, got ${config.CompensationShare}`);
}

/**
 * pallet-slashing (`Slashing`): operator stake (bond, unbond with a slashable delay, withdraw),
 * coprocessor collateral locked per task, slashes as a `Perbill` fraction applied at once or
 * deferred and cancellable, the largest slash per span, compensation to the harmed operator and
 * deactivation below a minimum stake. Configure it with a `SlashingConfig`.
 */
export const Slashing = definePallet<SlashingConfig>()({
  name: "Slashing",
  source: "Corelab reconstruction of Rodikov 2025 (arXiv:2501.01219) with polkadot-sdk substrate/frame/staking slashing and EigenLayer AllocationManager semantics",
  docs: "Operator stake and coprocessor collateral with instant or deferred Perbill slashes, span maxima, compensation and deactivation.",
  constants: {
    UnbondingDelay: BlockNumber,
    SlashDeferDuration: BlockNumber,
    SlashSpanLength: BlockNumber,
    MinOperatorStake: Balance,
    CompensationShare: Perbill,
    Treasury: t.option(t.accountId),
    MaxUnlockingChunks: t.u32,
  },
  storage: {
    Ledger: map(t.accountId, OperatorLedger, { hasher: "Blake2_128Concat", docs: "Bonded operators: active stake and unbonding chunks (all reserved)." }),
    Inactive: map(t.accountId, BlockNumber, {
      hasher: "Blake2_128Concat",
      docs: "Bonded operators that take no tasks (chilled, or deactivated below `MinOperatorStake`), with the block it happened.",
    }),
    Collateral: map(t.accountId, CollateralRecord, { hasher: "Blake2_128Concat", docs: "Coprocessor collateral: total reserved and the part locked by tasks." }),
    CollateralLocks: map(LockKey, Balance, { hasher: "Blake2_128Concat", docs: "Collateral locked per (coprocessor, task)." }),
    UnappliedSlashes: map(BlockNumber, t.vec(UnappliedSlash), {
      hasher: "Twox64Concat",
      docs: "Deferred operator slashes, keyed by the block they apply at, in the order reported.",
    }),
    SpanSlash: map(SpanKey, SpanRecord, { hasher: "Twox64Concat", docs: "The largest slash of an operator in a span (span = `floor(block / SlashSpanLength)`)." }),
  },
  events: {
    Bonded: { operator: t.accountId, amount: Balance },
    Unbonded: { operator: t.accountId, amount: Balance, unlock_at: BlockNumber },
    Withdrawn: { operator: t.accountId, amount: Balance },
    Activated: { operator: t.accountId },
    Chilled: { operator: t.accountId },
    Deactivated: { operator: t.accountId },
    SlashReported: { offender: t.accountId, fraction: Perbill, span: SpanIndex, amount: Balance, apply_at: BlockNumber },
    Slashed: { staker: t.accountId, amount: Balance },
    SlashCancelled: { block: BlockNumber, offender: t.accountId },
    CollateralDeposited: { who: t.accountId, amount: Balance },
    CollateralWithdrawn: { who: t.accountId, amount: Balance },
    CollateralLocked: { who: t.accountId, task_id: TaskId, amount: Balance },
    CollateralReleased: { who: t.accountId, task_id: TaskId, amount: Balance },
    CollateralSlashed: { who: t.accountId, task_id: TaskId, fraction: Perbill, amount: Balance },
    Compensated: { who: t.accountId, amount: Balance },
    SlashDeposited: { who: t.accountId, amount: Balance },
    SlashBurned: { amount: Balance },
  },
  errors: {
    NotBonded: "The account is not a bonded operator.",
    AlreadyBonded: "The account is already bonded.",
    InsufficientBond: "The stake would be below `MinOperatorStake` (or zero).",
    InsufficientStake: "Cannot unbond more than the active stake.",
    NoMoreChunks: "The ledger has `MaxUnlockingChunks` unbonding chunks.",
    NothingToWithdraw: "No unbonding chunk has reached its block.",
    AlreadyActive: "The operator is active.",
    AlreadyInactive: "The operator is already inactive.",
    ZeroAmount: "The amount is zero.",
    InvalidFraction: "The fraction is not a Perbill (parts in 0..=1000000000).",
    EmptyTargets: "No slash index was given.",
    NotSortedAndUnique: "The slash indices are not sorted and unique.",
    InvalidSlashIndex: "A slash index is past the deferred slashes of that block.",
    InsufficientCollateral: "The available (unlocked) collateral is less than the amount.",
    LockExists: "Collateral is already locked for this task.",
    UnknownLock: "No collateral is locked for this coprocessor and task.",
  },
  hooks: {
    onInitialize: (ctx) => {
      applyDeferredSlashes(ctx);
    },
  },
  calls: {
    bond: {
      index: 0,
      args: { value: Balance },
      docs: "Bonds `value` as operator stake (reserved); the operator is active. Signed. Errors: AlreadyBonded, InsufficientBond, Balances.InsufficientBalance.",
      dispatch: (ctx, a) => doBond(ctx, ensureSigned(ctx.origin), a.value),
    },
    bond_extra: {
      index: 1,
      args: { max_additional: Balance },
      docs: "Adds up to `max_additional` (capped at the free balance) to the active stake. Signed. Errors: NotBonded, ZeroAmount.",
      dispatch: (ctx, a) => doBondExtra(ctx, ensureSigned(ctx.origin), a.max_additional),
    },
    unbond: {
      index: 2,
      args: { value: Balance },
      docs: "Starts unbonding `value`: withdrawable after `UnbondingDelay` blocks, slashable until then. Signed. Errors: NotBonded, ZeroAmount, InsufficientStake, InsufficientBond, NoMoreChunks.",
      dispatch: (ctx, a) => doUnbond(ctx, ensureSigned(ctx.origin), a.value),
    },
    withdraw_unbonded: {
      index: 3,
      args: {},
      docs: "Unreserves the unbonding chunks whose block has come. Signed. Errors: NotBonded, NothingToWithdraw.",
      dispatch: (ctx) => doWithdrawUnbonded(ctx, ensureSigned(ctx.origin)),
    },
    activate: {
      index: 4,
      args: {},
      docs: "Re-activates a chilled or deactivated operator whose active stake is at least `MinOperatorStake`. Signed. Errors: NotBonded, AlreadyActive, InsufficientBond.",
      dispatch: (ctx) => doActivate(ctx, ensureSigned(ctx.origin)),
    },
    chill: {
      index: 5,
      args: {},
      docs: "The operator stops taking tasks. Signed. Errors: NotBonded, AlreadyInactive.",
      dispatch: (ctx) => doChill(ctx, ensureSigned(ctx.origin)),
    },
    deposit_collateral: {
      index: 6,
      args: { amount: Balance },
      docs: "Reserves `amount` as coprocessor collateral. Signed. Errors: ZeroAmount, Balances.InsufficientBalance.",
      dispatch: (ctx, a) => doDepositCollateral(ctx, ensureSigned(ctx.origin), a.amount),
    },
    withdraw_collateral: {
      index: 7,
      args: { amount: Balance },
      docs: "Unreserves unlocked collateral. Signed. Errors: ZeroAmount, InsufficientCollateral.",
      dispatch: (ctx, a) => doWithdrawCollateral(ctx, ensureSigned(ctx.origin), a.amount),
    },
    slash_operator: {
      index: 8,
      args: { offender: t.accountId, fraction: Perbill },
      docs: `Reports a slash of \`fraction\` of the offender's slashable stake (span maximum; instant when SlashDeferDuration is 0, else deferred). ${admin} Errors: NotBonded, InvalidFraction.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doSlashOperator(ctx, a.offender, a.fraction);
      },
    },
    cancel_deferred_slash: {
      index: 9,
      args: { block: BlockNumber, slash_indices: t.vec(t.u32) },
      docs: `Cancels deferred slashes due at \`block\` by index (sorted, unique). ${admin} Errors: EmptyTargets, NotSortedAndUnique, InvalidSlashIndex.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doCancelDeferredSlash(ctx, a.block, a.slash_indices);
      },
    },
    lock_collateral: {
      index: 10,
      args: { who: t.accountId, task_id: TaskId, amount: Balance },
      docs: `Locks collateral of \`who\` for a task, as the task auction does through \`CollateralPort\`. ${admin} Errors: ZeroAmount, LockExists, InsufficientCollateral.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doLockCollateral(ctx, a.who, a.task_id, a.amount);
      },
    },
    release_collateral: {
      index: 11,
      args: { who: t.accountId, task_id: TaskId },
      docs: `Releases the collateral lock of \`who\` for a task. ${admin} Errors: UnknownLock.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doReleaseCollateral(ctx, a.who, a.task_id);
      },
    },
    slash_collateral: {
      index: 12,
      args: { who: t.accountId, task_id: TaskId, fraction: Perbill, harmed: t.accountId },
      docs: `Forfeits \`fraction\` of a task's collateral lock at once: CompensationShare to \`harmed\`, the rest to Treasury or burned. ${admin} Errors: InvalidFraction, UnknownLock.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doSlashCollateral(ctx, a.who, a.task_id, a.fraction, a.harmed);
      },
    },
  },
  genesis: {
    fields: { operators: t.mapOf(t.accountId, Balance), collateral: t.mapOf(t.accountId, Balance) },
    /**
     * Checks the constants (`validateSlashingConfig`), then bonds each operator (reserving its
     * stake from its genesis balance; Balances must come first in the runtime) and deposits each
     * collateral. A stake below `MinOperatorStake`, a zero amount, a repeated account or a
     * balance too small throws `InvalidGenesisError` naming `operators.<who>`/`collateral.<who>`.
     */
    build(ctx, cfg) {
      validateSlashingConfig(ctx.config);
      const run = (field: string, who: string, f: () => void): void => {
        try {
          f();
        } catch (e) {
          if (!(e instanceof DispatchFailure)) throw e;
          throw new InvalidGenesisError("Slashing", `${field}.${who}`, formatDispatchError(e.error));
        }
      };
      for (const [who, value] of cfg.operators ?? []) run("operators", who, () => doBond(ctx, who, value));
      for (const [who, amount] of cfg.collateral ?? []) run("collateral", who, () => doDepositCollateral(ctx, who, amount));
    },
  },
});
