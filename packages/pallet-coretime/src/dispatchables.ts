/**
 * The `do*` logic of the calls. Mirrors polkadot-sdk `polkadot/runtime/parachains/src/coretime/mod.rs`
 * (`request_core_count`, `request_revenue_at` → `notify_revenue`, `credit_account`, `assign_core`)
 * and `assigner_coretime/mod.rs` (`Pallet::assign_core`: validation and the append-only queue).
 */
import { DispatchFailure, ensure, fail, type CallContext, type PalletContext } from "@corelab/frame";
import type { CoretimeConfig } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { FULL_CORE, compareCoreAssignment, type AssignmentPart } from "./types.ts";

type Ctx = PalletContext<CoretimeConfig>;

/** Checks the origin of a call against `BrokerOrigin` (`ensure_root_or_para(origin, BrokerId)`). Fails with `BadOrigin`. */
export function ensureBroker(ctx: CallContext<CoretimeConfig>): void {
  ctx.config.BrokerOrigin(ctx.origin);
}

/**
 * `request_core_count(count)` → `configuration::set_coretime_cores_unchecked(count)`: schedules the
 * new core count, active from block `now + CoreCountDelay` (see `applyPendingCoreCount`). A later
 * request replaces a pending one. Never fails.
 */
export function doRequestCoreCount(ctx: Ctx, count: number): void {
  const delay = ctx.config.CoreCountDelay ?? 1;
  Coretime.storage.PendingCoreCount.put(ctx, { at: ctx.blockNumber + delay, count });
}

/**
 * Makes `count` the active core count and, when it changed, tells the broker (`initializer_on_new_session`
 * sends `NotifyCoreCount` when `num_cores` differs between the old and new configuration).
 */
export function setCoreCount(ctx: Ctx, count: number): void {
  const old = Coretime.storage.CoreCount.get(ctx);
  if (old === count) return;
  Coretime.storage.CoreCount.put(ctx, count);
  ctx.config.Broker.notifyCoreCount(ctx, count);
}

/**
 * `request_revenue_at(when)` → `notify_revenue(when)` → `do_notify_revenue(when, amount)`, in Rust's
 * order: `when` may not be after the current block (`RequestedFutureRevenue`); the on-demand
 * revenue before `when` is claimed (`claim_revenue_until`); when it is not zero and the runtime
 * has a `RevenueTransactor`, the amount is withdrawn from the on-demand pot (a failure, e.g. a pot
 * short of funds, fails the call with `AssetTransferFailed` and rolls the claim back); then the
 * broker is notified (`NotifyRevenue((when, amount))`, also when the amount is 0), the notifier
 * carrying the withdrawn funds to the broker's pot. No event (Rust emits none either).
 */
export function doRequestRevenueAt(ctx: Ctx, when: number): void {
  ensure(when <= ctx.blockNumber, Coretime.err("RequestedFutureRevenue"));
  const amount = ctx.config.OnDemand.claimRevenueUntil(ctx, when);
  const transactor = ctx.config.RevenueTransactor;
  if (amount > 0n && transactor !== undefined) {
    try {
      transactor.withdrawRevenue(ctx, amount);
    } catch (e) {
      if (!(e instanceof DispatchFailure)) throw e;
      fail(Coretime.err("AssetTransferFailed"));
    }
  }
  ctx.config.Broker.notifyRevenue(ctx, { until: when, amount });
}

/** `credit_account(who, amount)` → `on_demand::Pallet::credit_account(who, amount)`. */
export function doCreditAccount(ctx: Ctx, who: string, amount: bigint): void {
  ctx.config.OnDemand.creditAccount(ctx, who, amount);
}

/**
 * `assign_core(core, begin, assignment, end_hint)` (`assigner_coretime::Pallet::assign_core`), then
 * `CoreAssigned { core }`. Checks, in Rust's order: at least one part (`AssignmentsEmpty`); parts
 * strictly ascending by assignment, so also unique (`AssignmentsNotSorted`); the running sum never
 * above 57600 (`OverScheduled`); the sum exactly 57600 (`UnderScheduled`). Then appends a
 * `Schedule` to the core's queue: `begin` must be after the queue's `last` (`DisallowedInsert`),
 * the previous last schedule's `next_schedule` becomes `begin`, and no schedule may exist at
 * `(begin, core)` (`DuplicateInsert`). The core's current work is untouched: the schedule takes
 * over at block `begin` (see the hook).
 */
export function doAssignCore(ctx: Ctx, core: number, begin: number, assignment: readonly AssignmentPart[], endHint: number | undefined): void {
  appendSchedule(ctx, core, begin, assignment, endHint);
  Coretime.deposit(ctx, "CoreAssigned", { core });
}

/** The checks and the queue append of `assign_core` (no event; also used by genesis). */
export function appendSchedule(ctx: Ctx, core: number, begin: number, assignment: readonly AssignmentPart[], endHint: number | undefined): void {
  ensure(assignment.length > 0, Coretime.err("AssignmentsEmpty"));
  for (let i = 1; i < assignment.length; i++)
    ensure(compareCoreAssignment(assignment[i - 1]![0], assignment[i]![0]) < 0, Coretime.err("AssignmentsNotSorted"));
  let sum = 0;
  for (const [, parts] of assignment) {
    sum += parts;
    ensure(sum <= FULL_CORE, Coretime.err("OverScheduled"));
  }
  ensure(sum === FULL_CORE, Coretime.err("UnderScheduled"));

  const S = Coretime.storage;
  const desc = S.CoreDescriptors.get(ctx, core);
  const schedule = {
    assignments: assignment.map(([a, p]): AssignmentPart => [a.type === "Task" ? { type: "Task", value: a.value } : { type: a.type }, p]),
    end_hint: endHint,
    next_schedule: undefined,
  };
  let queue: { first: number; last: number };
  if (desc.queue !== undefined) {
    const { first, last } = desc.queue;
    ensure(begin > last, Coretime.err("DisallowedInsert"));
    const prev = S.CoreSchedules.get(ctx, [last, core]);
    // Rust: `defensive!("Queue end entry does not exist?")` and carries on.
    if (prev !== undefined) S.CoreSchedules.insert(ctx, [last, core], { ...prev, next_schedule: begin });
    ensure(!S.CoreSchedules.contains(ctx, [begin, core]), Coretime.err("DuplicateInsert"));
    S.CoreSchedules.insert(ctx, [begin, core], schedule);
    queue = { first, last: begin };
  } else {
    S.CoreSchedules.insert(ctx, [begin, core], schedule);
    queue = { first: begin, last: begin };
  }
  S.CoreDescriptors.insert(ctx, core, { queue, current_work: desc.current_work });
}
