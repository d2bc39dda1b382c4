/**
 * pallet-task-auction (`TaskAuction`): Dutch-auction allocation of operators' tasks to
 * coprocessors, with an adaptive load curve setting each auction's floor. Corelab's
 * reconstruction of Rodikov 2025 (arXiv:2501.01219) §1.3.5 and §1.3.7 (as the project's reference
 * notes on restaking read it); no Rust pallet exists to mirror, so names follow
 * FRAME conventions. The logic lives in `dispatchables.ts` and `hooks.ts`.
 *
 * Storage hashers (no Rust original; Corelab's rule): `Twox64Concat` for sequential ids and block
 * numbers (`Tasks`, `Bids`, `AuctionEnds`, `Deadlines`), `Blake2_128Concat` for keys users choose
 * (`Coprocessors`, by account).
 */
import { definePallet, ensureSigned, map, t, value } from "@corelab/frame";
import {
  doBid,
  doCancelTask,
  doDeregisterCoprocessor,
  doPostTask,
  doRegisterCoprocessor,
  doReportOutcome,
} from "./dispatchables.ts";
import { onFinalize, onInitialize } from "./hooks.ts";
import type { TaskAuctionConfig } from "./interfaces.ts";
import {
  Balance,
  BidRecord,
  BlockNumber,
  CoprocessorRecord,
  NetworkLoadRecord,
  Perbill,
  TaskId,
  TaskRecord,
  WorkUnits,
} from "./types.ts";

/**
 * The `TaskAuction` pallet. Configure it with a `TaskAuctionConfig`
 * (`TaskAuction.instance(config)`); `@corelab/pallet-task-auction/testing` has mock ports and a
 * runtime builder.
 */
export const TaskAuction = definePallet<TaskAuctionConfig>()({
  name: "TaskAuction",
  source: "Corelab reconstruction of Rodikov 2025 (arXiv:2501.01219), restaking-and-pricing.md §1.3.5, §1.3.7",
  docs: "Operators post tasks with an escrowed reward; each task is sold to a coprocessor in a Dutch auction whose floor follows an adaptive load curve; outcomes settle through the collateral and reputation ports.",
  constants: {
    PalletId: t.str,
    AuctionDuration: BlockNumber,
    ExecutionTimeout: BlockNumber,
    MinReputation: Perbill,
    CollateralRatio: Perbill,
    SlashFraction: Perbill,
    BaseFloor: Perbill,
    TargetUtilization: Perbill,
    LoadBonus: Perbill,
    LoadDiscount: Perbill,
    TargetSmoothing: Perbill,
    MaxBids: t.u32,
  },
  storage: {
    NextTaskId: value(TaskId, { default: () => 0, docs: "The id the next posted task gets." }),
    Tasks: map(TaskId, TaskRecord, { hasher: "Twox64Concat", docs: "Posted tasks not yet settled or cancelled." }),
    Coprocessors: map(t.accountId, CoprocessorRecord, { hasher: "Blake2_128Concat", docs: "Registered coprocessors: capacity and current load (work units)." }),
    NetworkLoad: value(NetworkLoadRecord, {
      default: () => ({ capacity: 0n, load: 0n }),
      docs: "Sums of every registered coprocessor's capacity and load (the network utilisation of the load curve).",
    }),
    LoadTarget: value(Perbill, {
      docs: "The load curve's current target utilisation u* (absent: the `TargetUtilization` constant). Moves by `TargetSmoothing` at each posting.",
    }),
    Bids: map(TaskId, t.vec(BidRecord, { name: "BoundedVec<BidRecord, MaxBids>" }), {
      hasher: "Twox64Concat",
      docs: "Bids of the current block, by task, in arrival order; resolved (and removed) in `on_finalize`.",
    }),
    AuctionEnds: map(BlockNumber, t.vec(TaskId), {
      hasher: "Twox64Concat",
      docs: "Tasks whose auction ends unsold at the start of this block (posted_at + AuctionDuration + 1), ascending.",
    }),
    Deadlines: map(BlockNumber, t.vec(TaskId), {
      hasher: "Twox64Concat",
      docs: "Tasks being executed that time out (fail) at the start of this block, ascending.",
    }),
  },
  events: {
    CoprocessorRegistered: { who: t.accountId, capacity: WorkUnits },
    CoprocessorDeregistered: { who: t.accountId },
    TaskPosted: {
      task_id: TaskId,
      operator: t.accountId,
      complexity: WorkUnits,
      reward: Balance,
      start_price: Balance,
      floor_price: Balance,
      collateral: Balance,
      ends_at: BlockNumber,
    },
    BidPlaced: { task_id: TaskId, bidder: t.accountId, price: Balance },
    TaskAssigned: { task_id: TaskId, coprocessor: t.accountId, price: Balance, payment: Balance, collateral: Balance, deadline: BlockNumber },
    BidLost: { task_id: TaskId, bidder: t.accountId },
    SelfExecutionStarted: { task_id: TaskId, operator: t.accountId, deadline: BlockNumber },
    TaskSucceeded: { task_id: TaskId, executor: t.accountId, payment: Balance, refund: Balance },
    TaskFailed: {
      task_id: TaskId,
      executor: t.accountId,
      refund: Balance,
      forfeit: Balance,
      slash_fraction: Perbill,
      timed_out: t.bool,
    },
    TaskCancelled: { task_id: TaskId, refund: Balance },
  },
  errors: {
    UnknownTask: "No task has this id.",
    NotActiveOperator: "The caller is not an active operator (`Collateral::is_active_operator`).",
    ZeroComplexity: "A task's complexity must not be zero.",
    ZeroReward: "A task's reward must not be zero.",
    ZeroCapacity: "A coprocessor's capacity must not be zero.",
    CapacityBelowLoad: "The new capacity is below the coprocessor's current load.",
    NotCoprocessor: "The caller is not a registered coprocessor.",
    CoprocessorBusy: "The coprocessor still executes tasks.",
    AuctionEnded: "The task's auction is over (sold, ended unsold, or past its last block).",
    OwnTask: "An operator may not bid on its own task.",
    BelowFloor: "The bid's price limit is below the auction's floor.",
    Overpriced: "The current price is above the bid's price limit.",
    LowReputation: "The bidder's reputation is below `MinReputation`.",
    OverCapacity: "The bidder's free capacity is below the task's complexity.",
    InsufficientCollateral: "The bidder's available collateral is below the task's collateral.",
    AlreadyBid: "The bidder already bid on this task in this block.",
    TooManyBids: "The task has `MaxBids` bids in this block.",
    NotTaskOperator: "Only the task's operator may cancel it.",
    HasBids: "The task has bids in this block and can no longer be cancelled.",
    NotExecuting: "The task is still in its auction: there is no outcome to report.",
  },
  hooks: {
    onInitialize: (ctx) => onInitialize(ctx),
    onFinalize: (ctx) => onFinalize(ctx),
  },
  calls: {
    register_coprocessor: {
      index: 0,
      args: { capacity: WorkUnits },
      docs: "Registers the caller as a coprocessor with `capacity` work units, or changes its capacity. Signed. Errors: ZeroCapacity, CapacityBelowLoad.",
      dispatch: (ctx, a) => doRegisterCoprocessor(ctx, ensureSigned(ctx.origin), a.capacity),
    },
    deregister_coprocessor: {
      index: 1,
      args: {},
      docs: "Removes the caller's coprocessor registration. Signed. Errors: NotCoprocessor, CoprocessorBusy.",
      dispatch: (ctx) => doDeregisterCoprocessor(ctx, ensureSigned(ctx.origin)),
    },
    post_task: {
      index: 2,
      args: { complexity: WorkUnits, reward: Balance },
      docs: "Posts a task and escrows its reward; its Dutch auction starts in this block. Signed by an active operator. Errors: NotActiveOperator, ZeroComplexity, ZeroReward, Token.*.",
      dispatch: (ctx, a) => {
        doPostTask(ctx, ensureSigned(ctx.origin), a.complexity, a.reward);
      },
    },
    bid: {
      index: 3,
      args: { task_id: TaskId, price_limit: Balance },
      docs: "Accepts a task at the current auction price (at most `price_limit`); the block's bids are resolved in on_finalize. Signed by a registered coprocessor. Errors: UnknownTask, AuctionEnded, OwnTask, NotCoprocessor, BelowFloor, Overpriced, LowReputation, OverCapacity, InsufficientCollateral, AlreadyBid, TooManyBids.",
      dispatch: (ctx, a) => doBid(ctx, ensureSigned(ctx.origin), a.task_id, a.price_limit),
    },
    report_outcome: {
      index: 4,
      args: { task_id: TaskId, success: t.bool, quality: t.option(Perbill) },
      docs: "Settles an assigned or self-executed task with its outcome. `VerifierOrigin`. Errors: BadOrigin, UnknownTask, NotExecuting, and the ports' errors.",
      dispatch: (ctx, a) => {
        ctx.config.VerifierOrigin(ctx.origin);
        doReportOutcome(ctx, a.task_id, a.success, a.quality);
      },
    },
    cancel_task: {
      index: 5,
      args: { task_id: TaskId },
      docs: "Cancels a task still in its auction with no bid in this block and refunds its reward. Signed by its operator. Errors: UnknownTask, NotTaskOperator, AuctionEnded, HasBids.",
      dispatch: (ctx, a) => doCancelTask(ctx, ensureSigned(ctx.origin), a.task_id),
    },
  },
});
