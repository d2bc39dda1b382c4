/**
 * The logic of pallet-task-auction's calls (`do*`), after the origin checks of `pallet.ts`, and
 * the settlement they share with the hooks. A failing check throws a `DispatchFailure` (via
 * `ensure`/`required`) before anything is written, so a rejected call changes nothing; the
 * runtime also discards every write of a failed call.
 */
import { DispatchFailure, ensure, palletAccountId, required, type PalletContext } from "@corelab/frame";
import type { TaskAuctionConfig } from "./interfaces.ts";
import { TaskAuction } from "./pallet.ts";
import { floorPrice, loadMultiplier, nextLoadTarget, priceAt, requiredCollateral, utilization } from "./price.ts";
import type { BidRecord, CoprocessorRecord, Outcome, TaskId, TaskRecord } from "./types.ts";

/** The context pallet-task-auction's logic runs in. */
export type TaskAuctionContext = PalletContext<TaskAuctionConfig>;
type Ctx = TaskAuctionContext;

/** The escrow account: `PalletAccountOf(PalletId)` (default frame's `palletAccountId`). */
export function escrowAccount(ctx: Ctx): string {
  return (ctx.config.PalletAccountOf ?? palletAccountId)(ctx.config.PalletId);
}

/** The load curve's current target u* (Perbill parts): `LoadTarget`, or the `TargetUtilization` constant. */
export function loadTarget(ctx: Ctx): bigint {
  return BigInt(TaskAuction.storage.LoadTarget.get(ctx) ?? ctx.config.TargetUtilization);
}

/** The network utilisation ū = Σload / Σcapacity of registered coprocessors (Perbill parts, rounded down; 0 with no capacity). */
export function networkUtilization(ctx: Ctx): bigint {
  const n = TaskAuction.storage.NetworkLoad.get(ctx);
  return utilization(n.load, n.capacity);
}

/** The floor a task of `reward` posted now would get (planck): `floorPrice` at the current network utilisation and target. */
export function currentFloor(ctx: Ctx, reward: bigint): bigint {
  const c = ctx.config;
  const m = loadMultiplier(networkUtilization(ctx), loadTarget(ctx), BigInt(c.LoadBonus), BigInt(c.LoadDiscount));
  return floorPrice(reward, BigInt(c.BaseFloor), m);
}

/** The auction price of `task` at block `now` (`priceAt` with the task's bounds and `AuctionDuration`). */
export function taskPrice(ctx: Ctx, task: TaskRecord, now: number = ctx.blockNumber): bigint {
  return priceAt(task.start_price, task.floor_price, task.posted_at, ctx.config.AuctionDuration, now);
}

/** The block at which an execution started at `now` times out: `now + max(ExecutionTimeout, 1)`. */
export function executionDeadline(ctx: Ctx, now: number): number {
  return now + Math.max(ctx.config.ExecutionTimeout, 1);
}

/**
 * `do_register_coprocessor(who, capacity)`: registers `who` with `capacity` (or changes it,
 * keeping the load). Errors: `ZeroCapacity`, `CapacityBelowLoad`. Event `CoprocessorRegistered`.
 */
export function doRegisterCoprocessor(ctx: Ctx, who: string, capacity: number): void {
  const S = TaskAuction.storage;
  ensure(capacity > 0, TaskAuction.err("ZeroCapacity"));
  const old = S.Coprocessors.get(ctx, who);
  ensure(old === undefined || capacity >= old.load, TaskAuction.err("CapacityBelowLoad"));
  S.Coprocessors.insert(ctx, who, { capacity, load: old?.load ?? 0 });
  const n = S.NetworkLoad.get(ctx);
  S.NetworkLoad.put(ctx, { capacity: n.capacity - BigInt(old?.capacity ?? 0) + BigInt(capacity), load: n.load });
  TaskAuction.deposit(ctx, "CoprocessorRegistered", { who, capacity });
}

/** `do_deregister_coprocessor(who)`: removes the registration. Errors: `NotCoprocessor`, `CoprocessorBusy` (load > 0). Event `CoprocessorDeregistered`. */
export function doDeregisterCoprocessor(ctx: Ctx, who: string): void {
  const S = TaskAuction.storage;
  const cop = required(S.Coprocessors.get(ctx, who), TaskAuction.err("NotCoprocessor"));
  ensure(cop.load === 0, TaskAuction.err("CoprocessorBusy"));
  S.Coprocessors.remove(ctx, who);
  const n = S.NetworkLoad.get(ctx);
  S.NetworkLoad.put(ctx, { capacity: n.capacity - BigInt(cop.capacity), load: n.load });
  TaskAuction.deposit(ctx, "CoprocessorDeregistered", { who });
}

/**
 * `do_post_task(operator, complexity, reward)`: checks, escrows `reward` from the operator into
 * the escrow account, and opens the task's auction at this block: start price = `reward`, floor =
 * `currentFloor(reward)`, collateral = `CollateralRatio × reward` (rounded up); the auction ends
 * unsold at the start of block `now + AuctionDuration + 1`. Then moves `LoadTarget` one EWMA
 * step towards the network utilisation (when `TargetSmoothing` > 0). Errors in order:
 * `NotActiveOperator`, `ZeroComplexity`, `ZeroReward`, the currency's `Token.*`. Event
 * `TaskPosted`. Returns the task id.
 */
export function doPostTask(ctx: Ctx, operator: string, complexity: number, reward: bigint): TaskId {
  const S = TaskAuction.storage;
  const c = ctx.config;
  ensure(c.Collateral.isActiveOperator(ctx, operator), TaskAuction.err("NotActiveOperator"));
  ensure(complexity > 0, TaskAuction.err("ZeroComplexity"));
  ensure(reward > 0n, TaskAuction.err("ZeroReward"));
  c.Currency.transfer(ctx, operator, escrowAccount(ctx), reward, "Expendable");
  const id = S.NextTaskId.get(ctx);
  S.NextTaskId.put(ctx, id + 1);
  const now = ctx.blockNumber;
  const floor = currentFloor(ctx, reward);
  const collateral = requiredCollateral(reward, c.CollateralRatio);
  S.Tasks.insert(ctx, id, {
    operator,
    complexity,
    reward,
    posted_at: now,
    start_price: reward,
    floor_price: floor,
    collateral,
    status: { type: "Auction" },
  });
  pushIndex(ctx, "AuctionEnds", now + c.AuctionDuration + 1, id);
  if (c.TargetSmoothing > 0) {
    const target = loadTarget(ctx);
    const next = nextLoadTarget(target, networkUtilization(ctx), BigInt(c.TargetSmoothing));
    if (next !== target) S.LoadTarget.put(ctx, Number(next));
  }
  TaskAuction.deposit(ctx, "TaskPosted", {
    task_id: id,
    operator,
    complexity,
    reward,
    start_price: reward,
    floor_price: floor,
    collateral,
    ends_at: now + c.AuctionDuration,
  });
  return id;
}

/**
 * Why `who` may not take `task` now, or undefined when it may: `NotCoprocessor`,
 * `LowReputation`, `OverCapacity`, `InsufficientCollateral`, checked in that order (reputation,
 * free capacity and collateral are read through the ports at the time of the check).
 */
export function ineligibility(ctx: Ctx, who: string, task: TaskRecord): "NotCoprocessor" | "LowReputation" | "OverCapacity" | "InsufficientCollateral" | undefined {
  const cop = TaskAuction.storage.Coprocessors.get(ctx, who);
  if (cop === undefined) return "NotCoprocessor";
  if (ctx.config.Reputation.reputationOf(ctx, who) < ctx.config.MinReputation) return "LowReputation";
  if (cop.capacity - cop.load < task.complexity) return "OverCapacity";
  if (ctx.config.Collateral.availableCollateral(ctx, who) < task.collateral) return "InsufficientCollateral";
  return undefined;
}

/**
 * `do_bid(who, task_id, price_limit)`: accepts the task at the current price, if it is at most
 * `price_limit`. The bid is stored in `Bids` and resolved with the block's other bids in
 * `on_finalize` (see `resolveBids` for the tie-break). Errors in order: `UnknownTask`,
 * `AuctionEnded` (not in auction, or past `posted_at + AuctionDuration`), `OwnTask`,
 * `NotCoprocessor`, `BelowFloor` (`price_limit < floor`), `Overpriced` (`price_limit < price`),
 * `LowReputation`, `OverCapacity`, `InsufficientCollateral`, `AlreadyBid`, `TooManyBids`. Event
 * `BidPlaced { price }` (the current price).
 */
export function doBid(ctx: Ctx, who: string, taskId: TaskId, priceLimit: bigint): void {
  const S = TaskAuction.storage;
  const c = ctx.config;
  const task = required(S.Tasks.get(ctx, taskId), TaskAuction.err("UnknownTask"));
  ensure(task.status.type === "Auction" && ctx.blockNumber <= task.posted_at + c.AuctionDuration, TaskAuction.err("AuctionEnded"));
  ensure(who !== task.operator, TaskAuction.err("OwnTask"));
  ensure(S.Coprocessors.contains(ctx, who), TaskAuction.err("NotCoprocessor"));
  ensure(priceLimit >= task.floor_price, TaskAuction.err("BelowFloor"));
  const price = taskPrice(ctx, task);
  ensure(priceLimit >= price, TaskAuction.err("Overpriced"));
  const why = ineligibility(ctx, who, task);
  if (why !== undefined) throw new DispatchFailure(TaskAuction.err(why));
  const bids = S.Bids.get(ctx, taskId) ?? [];
  ensure(!bids.some((b) => b.bidder === who), TaskAuction.err("AlreadyBid"));
  ensure(bids.length < c.MaxBids, TaskAuction.err("TooManyBids"));
  S.Bids.insert(ctx, taskId, [...bids, { bidder: who, price_limit: priceLimit }]);
  TaskAuction.deposit(ctx, "BidPlaced", { task_id: taskId, bidder: who, price });
}

/**
 * `do_cancel_task(who, task_id)`: refunds the escrowed reward and removes a task still in its
 * auction. Errors in order: `UnknownTask`, `NotTaskOperator`, `AuctionEnded`, `HasBids`. Event
 * `TaskCancelled`.
 */
export function doCancelTask(ctx: Ctx, who: string, taskId: TaskId): void {
  const S = TaskAuction.storage;
  const task = required(S.Tasks.get(ctx, taskId), TaskAuction.err("UnknownTask"));
  ensure(who === task.operator, TaskAuction.err("NotTaskOperator"));
  ensure(task.status.type === "Auction", TaskAuction.err("AuctionEnded"));
  ensure(!S.Bids.contains(ctx, taskId), TaskAuction.err("HasBids"));
  pay(ctx, task.operator, task.reward);
  S.Tasks.remove(ctx, taskId);
  removeIndex(ctx, "AuctionEnds", task.posted_at + ctx.config.AuctionDuration + 1, taskId);
  TaskAuction.deposit(ctx, "TaskCancelled", { task_id: taskId, refund: task.reward });
}

/**
 * `do_report_outcome(task_id, success, quality)`: settles an assigned or self-executing task
 * (`settleTask`). Errors: `UnknownTask`, `NotExecuting` (still in auction), and whatever the
 * currency or the ports throw (the call is then rolled back).
 */
export function doReportOutcome(ctx: Ctx, taskId: TaskId, success: boolean, quality: number | undefined): void {
  const task = required(TaskAuction.storage.Tasks.get(ctx, taskId), TaskAuction.err("UnknownTask"));
  ensure(task.status.type !== "Auction", TaskAuction.err("NotExecuting"));
  removeIndex(ctx, "Deadlines", task.status.value.deadline, taskId);
  settleTask(ctx, taskId, task, quality === undefined ? { success } : { success, quality }, false, (f) => f());
}

/**
 * Settles an executing task and removes it. `guard` runs each currency and port call: a call
 * passes them through (`f => f()`, a failure rolls the call back); hooks pass `ignoreFailure`.
 *
 * Assigned to coprocessor c at price P (payment b = reward − P):
 * - success: b to c, P back to the operator, `Collateral.release_collateral(c)`,
 *   `Reputation.record_outcome(c, success)`; event `TaskSucceeded { executor: c, payment: b, refund: P }`;
 * - failure: the whole reward back to the operator, `Collateral.slash_collateral(c, task,
 *   SlashFraction, harmed = operator)` then `release_collateral(c)`, `record_outcome(c, failure)`;
 *   event `TaskFailed { executor: c, refund: reward, forfeit: 0, slash_fraction: SlashFraction }`.
 * Either way c's load (and the network load) drops by the task's complexity. With a collateral
 * of 0 nothing was locked, and the collateral port is not called at settlement.
 *
 * Self-executing (no ports: the operator locked no collateral for it):
 * - success: the reward back to the operator; `TaskSucceeded { executor: operator, payment: reward, refund: 0 }`;
 * - failure: the reward is forfeited to `OnForfeit`; `TaskFailed { refund: 0, forfeit: reward, slash_fraction: 0 }`.
 */
export function settleTask(ctx: Ctx, taskId: TaskId, task: TaskRecord, outcome: Outcome, timedOut: boolean, guard: (f: () => void) => void): void {
  const S = TaskAuction.storage;
  const c = ctx.config;
  const status = task.status;
  if (status.type === "Auction") return;
  S.Tasks.remove(ctx, taskId);
  if (status.type === "Assigned") {
    const cop = status.value.coprocessor;
    const locked = status.value.collateral > 0n;
    const record = { success: outcome.success, ...(outcome.quality === undefined ? {} : { quality: outcome.quality }) };
    if (outcome.success) {
      guard(() => pay(ctx, cop, status.value.payment));
      guard(() => pay(ctx, task.operator, status.value.price));
      if (locked) guard(() => c.Collateral.releaseCollateral(ctx, cop, taskId));
      guard(() => c.Reputation.recordOutcome(ctx, cop, taskId, record));
      unload(ctx, cop, task.complexity);
      TaskAuction.deposit(ctx, "TaskSucceeded", { task_id: taskId, executor: cop, payment: status.value.payment, refund: status.value.price });
    } else {
      guard(() => pay(ctx, task.operator, task.reward));
      if (locked) {
        guard(() => c.Collateral.slashCollateral(ctx, cop, taskId, c.SlashFraction, task.operator));
        guard(() => c.Collateral.releaseCollateral(ctx, cop, taskId));
      }
      guard(() => c.Reputation.recordOutcome(ctx, cop, taskId, record));
      unload(ctx, cop, task.complexity);
      TaskAuction.deposit(ctx, "TaskFailed", {
        task_id: taskId,
        executor: cop,
        refund: task.reward,
        forfeit: 0n,
        slash_fraction: c.SlashFraction,
        timed_out: timedOut,
      });
    }
    return;
  }
  if (outcome.success) {
    guard(() => pay(ctx, task.operator, task.reward));
    TaskAuction.deposit(ctx, "TaskSucceeded", { task_id: taskId, executor: task.operator, payment: task.reward, refund: 0n });
  } else {
    guard(() => {
      c.Currency.withdraw(ctx, escrowAccount(ctx), task.reward, "Expendable");
      c.OnForfeit(ctx, task.reward);
    });
    TaskAuction.deposit(ctx, "TaskFailed", { task_id: taskId, executor: task.operator, refund: 0n, forfeit: task.reward, slash_fraction: 0, timed_out: timedOut });
  }
}

/** Pays `amount` from the escrow account to `to` (nothing when 0). Throws the currency's error. */
function pay(ctx: Ctx, to: string, amount: bigint): void {
  if (amount > 0n) ctx.config.Currency.transfer(ctx, escrowAccount(ctx), to, amount, "Expendable");
}

/** Lowers `who`'s load and the network load by `complexity` (saturating; a deregistered coprocessor only lowers the network load). */
export function unload(ctx: Ctx, who: string, complexity: number): void {
  const S = TaskAuction.storage;
  const cop = S.Coprocessors.get(ctx, who);
  if (cop !== undefined) S.Coprocessors.insert(ctx, who, { capacity: cop.capacity, load: Math.max(cop.load - complexity, 0) });
  const n = S.NetworkLoad.get(ctx);
  const c = BigInt(complexity);
  S.NetworkLoad.put(ctx, { capacity: n.capacity, load: n.load > c ? n.load - c : 0n });
}

/** Raises `who`'s load and the network load by `complexity`. */
export function load(ctx: Ctx, who: string, cop: CoprocessorRecord, complexity: number): void {
  const S = TaskAuction.storage;
  S.Coprocessors.insert(ctx, who, { capacity: cop.capacity, load: cop.load + complexity });
  const n = S.NetworkLoad.get(ctx);
  S.NetworkLoad.put(ctx, { capacity: n.capacity, load: n.load + BigInt(complexity) });
}

/** Appends `id` to the block index `item[block]` (kept ascending). */
export function pushIndex(ctx: Ctx, item: "AuctionEnds" | "Deadlines", block: number, id: TaskId): void {
  const m = TaskAuction.storage[item];
  const ids = m.get(ctx, block) ?? [];
  m.insert(ctx, block, [...ids, id].sort((a, b) => a - b));
}

/** Removes `id` from the block index `item[block]` (the entry goes when empty). */
export function removeIndex(ctx: Ctx, item: "AuctionEnds" | "Deadlines", block: number, id: TaskId): void {
  const m = TaskAuction.storage[item];
  const ids = m.get(ctx, block);
  if (ids === undefined || !ids.includes(id)) return;
  const rest = ids.filter((x) => x !== id);
  if (rest.length === 0) m.remove(ctx, block);
  else m.insert(ctx, block, rest);
}

/** A bid with its position in the block, as `resolveBids` ranks it. */
export interface RankedBid extends BidRecord {
  readonly index: number;
  readonly reputation: number;
  readonly load: number;
  readonly capacity: number;
}
