/**
 * The hooks, split into named steps:
 *
 * ```
 * on_initialize(now)
 *   1 timeOutTasks   Deadlines[now] (taken): each still-executing task fails (timed_out = true)
 *   2 endAuctions    AuctionEnds[now] (taken): each task still in auction goes to self-execution
 *                    by its operator, deadline now + max(ExecutionTimeout, 1)
 * on_finalize(now)
 *   3 resolveBids    every task with Bids in this block (ascending id): rank, assign the winner
 * ```
 *
 * Cheap when nothing is due: `on_initialize` reads two map entries keyed by the block number and
 * writes nothing when both are absent; `on_finalize` reads the count of `Bids`. Hooks never
 * throw: currency and port failures inside a settlement are ignored (`ignoreFailure`), and a
 * winner whose collateral lock fails is skipped for the next bidder.
 */
import { DispatchFailure } from "@corelab/frame";
import { executionDeadline, ineligibility, load, pushIndex, removeIndex, settleTask, taskPrice, type RankedBid, type TaskAuctionContext } from "./dispatchables.ts";
import { TaskAuction } from "./pallet.ts";
import type { TaskId } from "./types.ts";

type Ctx = TaskAuctionContext;

/** Runs `f`, swallowing a `DispatchFailure` (any other exception is a bug and propagates). */
export function ignoreFailure(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
  }
}

/** `on_initialize`: `timeOutTasks`, then `endAuctions`. */
export function onInitialize(ctx: Ctx): void {
  timeOutTasks(ctx);
  endAuctions(ctx);
}

/** `on_finalize`: `resolveBids`. */
export function onFinalize(ctx: Ctx): void {
  resolveBids(ctx);
}

/** Step 1: every task in `Deadlines[now]` that is still executing fails as timed out (`settleTask`, outcome `{ success: false }`). */
export function timeOutTasks(ctx: Ctx): void {
  const S = TaskAuction.storage;
  const now = ctx.blockNumber;
  if (!S.Deadlines.contains(ctx, now)) return;
  const ids = S.Deadlines.take(ctx, now) ?? [];
  for (const id of ids) {
    const task = S.Tasks.get(ctx, id);
    if (task === undefined || task.status.type === "Auction") continue;
    settleTask(ctx, id, task, { success: false }, true, ignoreFailure);
  }
}

/**
 * Step 2: every task in `AuctionEnds[now]` still in auction (nobody won it by block
 * `posted_at + AuctionDuration`) goes to self-execution by its operator; event
 * `SelfExecutionStarted`.
 */
export function endAuctions(ctx: Ctx): void {
  const S = TaskAuction.storage;
  const now = ctx.blockNumber;
  if (!S.AuctionEnds.contains(ctx, now)) return;
  const ids = S.AuctionEnds.take(ctx, now) ?? [];
  for (const id of ids) {
    const task = S.Tasks.get(ctx, id);
    if (task === undefined || task.status.type !== "Auction") continue;
    const deadline = executionDeadline(ctx, now);
    S.Tasks.insert(ctx, id, { ...task, status: { type: "SelfExecuting", value: { deadline } } });
    pushIndex(ctx, "Deadlines", deadline, id);
    TaskAuction.deposit(ctx, "SelfExecutionStarted", { task_id: id, operator: task.operator, deadline });
  }
}

/**
 * The tie-break between bids of one block on one task (all accept the same price P(now)):
 * 1. higher reputation (`Reputation.reputation_of`, read at resolution);
 * 2. lower utilisation `load / capacity` of the bidder (compared exactly, by cross-multiplying),
 *    so that, as the load curve intends, work goes to the less loaded coprocessor;
 * 3. earlier bid in the block (extrinsic order).
 * The price limit plays no part: every bidder pays the same price.
 */
export function compareBids(a: RankedBid, b: RankedBid): number {
  if (a.reputation !== b.reputation) return b.reputation - a.reputation;
  const ua = BigInt(a.load) * BigInt(b.capacity);
  const ub = BigInt(b.load) * BigInt(a.capacity);
  if (ua !== ub) return ua < ub ? -1 : 1;
  return a.index - b.index;
}

/**
 * Step 3: for each task with bids in this block, ascending by id: removes its `Bids`, ranks them
 * (`compareBids`) and assigns the task to the first bidder still eligible (`ineligibility`: an
 * earlier task of the same block may have used its capacity or collateral) whose
 * `Collateral.lock_collateral(task.collateral)` succeeds (no lock when the collateral is 0). The winner's load grows by the
 * complexity; the task becomes `Assigned { price: P(now), payment: reward − P(now), collateral,
 * deadline: now + max(ExecutionTimeout, 1) }`. Events: `TaskAssigned`, then `BidLost` for every
 * other bidder in rank order. With no eligible bidder, every bid is lost and the auction goes on.
 */
export function resolveBids(ctx: Ctx): void {
  const S = TaskAuction.storage;
  if (S.Bids.count(ctx) === 0) return;
  const now = ctx.blockNumber;
  // ascending by id, as documented: the map iterates in storage key order (Twox64Concat of the id), so sort
  const blockBids = S.Bids.entries(ctx);
  blockBids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [taskId, bids] of blockBids) {
    S.Bids.remove(ctx, taskId);
    const task = S.Tasks.get(ctx, taskId);
    const ranked = bids
      .map((b, index): RankedBid => {
        const cop = S.Coprocessors.get(ctx, b.bidder);
        return {
          bidder: b.bidder,
          price_limit: b.price_limit,
          index,
          reputation: ctx.config.Reputation.reputationOf(ctx, b.bidder),
          load: cop?.load ?? 1,
          capacity: cop?.capacity ?? 1,
        };
      })
      .sort(compareBids);
    let winner: string | undefined;
    if (task !== undefined && task.status.type === "Auction") {
      for (const bid of ranked) {
        if (ineligibility(ctx, bid.bidder, task) !== undefined) continue;
        if (tryAssign(ctx, taskId, bid.bidder, now)) {
          winner = bid.bidder;
          break;
        }
      }
    }
    for (const bid of ranked) if (bid.bidder !== winner) TaskAuction.deposit(ctx, "BidLost", { task_id: taskId, bidder: bid.bidder });
  }
}

/** Locks the winner's collateral and assigns the task; false (nothing written) when the lock fails. */
function tryAssign(ctx: Ctx, taskId: TaskId, who: string, now: number): boolean {
  const S = TaskAuction.storage;
  const task = S.Tasks.get(ctx, taskId)!;
  const cop = S.Coprocessors.get(ctx, who)!;
  try {
    if (task.collateral > 0n) ctx.config.Collateral.lockCollateral(ctx, who, taskId, task.collateral);
  } catch (e) {
    if (e instanceof DispatchFailure) return false;
    throw e;
  }
  const price = taskPrice(ctx, task, now);
  const payment = task.reward - price;
  const deadline = executionDeadline(ctx, now);
  load(ctx, who, cop, task.complexity);
  S.Tasks.insert(ctx, taskId, {
    ...task,
    status: { type: "Assigned", value: { coprocessor: who, price, payment, collateral: task.collateral, deadline } },
  });
  removeIndex(ctx, "AuctionEnds", task.posted_at + ctx.config.AuctionDuration + 1, taskId);
  pushIndex(ctx, "Deadlines", deadline, taskId);
  TaskAuction.deposit(ctx, "TaskAssigned", { task_id: taskId, coprocessor: who, price, payment, collateral: task.collateral, deadline });
  return true;
}
