/**
 * The per-block step: `on_initialize = doAdvanceCores`. It stands for the relay scheduler calling
 * `pop_assignment_for_core` (polkadot-sdk `assigner_coretime/mod.rs`) once for every core
 * `0..CoreCount` in every block, in core order, and for the configuration pallet activating a new
 * core count.
 *
 * ```
 * doAdvanceCores(now)
 *   1 applyPendingCoreCount    PendingCoreCount.at ≤ now → CoreCount, notify_core_count if changed
 *   2 settlePreviousRuns       the orders popped last block: report_processed (or push_back_assignment
 *                              when their core is gone); Runs removed
 *   3 descriptors              cores whose wake (queue.first / end_hint) ≤ now, and interleaved cores:
 *                              ensure_workload + one pop (pos/remaining), descriptor written
 *   4 on-demand                Pool work, in core order: pop_assignment_for_core on the on-demand port,
 *                              until it answers none
 *   5 Runs                     this block's popped orders and interleaved answers, when any
 * ```
 *
 * Equivalence with Rust's per-pop bookkeeping: a core whose current work is ONE assignment (it is
 * then a whole core, 57600) reaches the fixed point `pos = 1, remaining = 57600` at its first pop
 * (remaining 57600 − 57600 = 0 < step → pos + 1, remaining 0 + 57600), and every later pop gives
 * that same state back (pos = 1 mod 1 = 0 → 1). Its first pop happens in the block its schedule
 * takes over (step 3, which writes anyway), so skipping its later pops changes no stored value.
 * Interleaved cores are popped exactly, with a write each block. A `Pool` core whose on-demand pop
 * finds nothing writes nothing.
 *
 * After the first on-demand pop that answers none, the later `Pool` cores of the block are not
 * asked: every claim of the previous block was reported in step 2, so no para holds an affinity
 * to a later core (v1) and the free queue is empty; v2 answers none for every later core too.
 * Hooks never throw.
 *
 * Under `OnDemandVersion: 2` (polkadot-sdk#10184) steps 3-5 are `advanceCoresV2` of
 * `scheduler-v2.ts` instead: all pool cores popped at once, empty cores filled from the next block.
 */
import type { PalletContext } from "@corelab/frame";
import { copyDescriptor, currentView, ensureWorkload, palletState, popWork, rawItem, viewOfState } from "./cores.ts";
import { setCoreCount } from "./dispatchables.ts";
import type { CoretimeConfig } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { advanceCoresV2 } from "./scheduler-v2.ts";
import { RUN_IDLE, RUN_POOL, type BlockRuns, type CoreAssignment, type CoreRun, type PendingCoreCountRecord } from "./types.ts";

type Ctx = PalletContext<CoretimeConfig>;

/** `on_initialize`: advances every core by one block (see the module doc). */
export function doAdvanceCores(ctx: Ctx): void {
  const now = ctx.blockNumber;
  const p = palletState(ctx);
  let wrote = false;
  if (p?.PendingCoreCount !== undefined && p.PendingCoreCount.at <= now) {
    applyPendingCoreCount(ctx);
    wrote = true;
  }
  if (p?.Runs !== undefined) {
    settlePreviousRuns(ctx);
    wrote = true;
  }
  if (ctx.config.OnDemandVersion === 2) {
    advanceCoresV2(ctx);
    return;
  }
  const view = wrote ? currentView(ctx) : viewOfState(p);
  const touched = touchedCores(view.wake <= now ? view.wakeOf : undefined, view.mixed, now);
  if (touched.length === 0) {
    steadyPops(ctx, view.pool, now);
    return;
  }
  const runs: Array<[number, CoreRun]> = [];
  // Cores that need an on-demand pop this block, ascending, and whether they need a record when none comes.
  const poolCores: Array<[number, boolean]> = [];

  let next = 0; // merge the touched cores into the steady pool cores, keeping core order
  const steadyPool = view.pool;
  for (const core of touched) {
    while (next < steadyPool.length && steadyPool[next]! < core) poolCores.push([steadyPool[next++]!, false]);
    if (next < steadyPool.length && steadyPool[next] === core) next++;
    const served = advanceDescriptor(ctx, core, now);
    if (served === undefined) continue;
    if (served.mixed) {
      if (served.assignment.type === "Pool") poolCores.push([core, true]);
      else runs.push([core, served.assignment.type === "Task" ? { type: "Task", value: served.assignment.value } : RUN_IDLE]);
    } else if (served.assignment.type === "Pool") poolCores.push([core, false]);
  }
  while (next < steadyPool.length) poolCores.push([steadyPool[next++]!, false]);

  popOnDemand(ctx, poolCores, runs);
  if (runs.length > 0) {
    runs.sort((a, b) => a[0] - b[0]);
    Coretime.storage.Runs.put(ctx, { at: now, runs });
  }
}

/**
 * Steps 4 and 5 of a block in which no descriptor changes (the common case): the whole-core `Pool`
 * cores pop the on-demand port in core order until it answers none; nothing is allocated or
 * written unless an order comes.
 */
function steadyPops(ctx: Ctx, pool: readonly number[], now: number): void {
  if (pool.length === 0) return;
  const port = ctx.config.OnDemand;
  let runs: Array<[number, CoreRun]> | undefined;
  for (let i = 0; i < pool.length; i++) {
    const core = pool[i]!;
    const para = port.popAssignmentForCore(ctx, core);
    if (para === undefined) break;
    (runs ??= []).push([core, { type: "OnDemand", value: para }]);
  }
  if (runs !== undefined) Coretime.storage.Runs.put(ctx, { at: now, runs });
}

/** Step 1: a pending core count whose block has come becomes active (`notify_core_count` when it changed). */
export function applyPendingCoreCount(ctx: Ctx): void {
  const pending = rawItem<PendingCoreCountRecord>(ctx, "PendingCoreCount");
  if (pending === undefined || pending.at > ctx.blockNumber) return;
  Coretime.storage.PendingCoreCount.kill(ctx);
  setCoreCount(ctx, pending.count);
}

/**
 * Step 2: the on-demand orders popped in the previous block were served in it: `report_processed`
 * for each (`push_back_assignment` when its core is no longer counted, as the scheduler does with
 * claims it drops at a session change). Removes `Runs`. Under `OnDemandVersion: 2` it only
 * removes `Runs` (v2 has no affinity to report).
 */
export function settlePreviousRuns(ctx: Ctx): void {
  const prev = rawItem<BlockRuns>(ctx, "Runs");
  if (prev === undefined) return;
  if (ctx.config.OnDemandVersion === 2) {
    // v2 keeps no affinity: nothing to report (a popped order is consumed)
    Coretime.storage.Runs.kill(ctx);
    return;
  }
  const count = rawItem<number>(ctx, "CoreCount") ?? 0;
  const port = ctx.config.OnDemand;
  for (const [core, run] of prev.runs) {
    if (run.type !== "OnDemand") continue;
    if (core < count) port.reportProcessed(ctx, run.value, core);
    else port.pushBackAssignment(ctx, run.value, core);
  }
  Coretime.storage.Runs.kill(ctx);
}

/** The cores to advance through their descriptor this block: due ones (wake ≤ now) and interleaved ones, ascending. */
function touchedCores(wakeOf: readonly number[] | undefined, mixed: readonly number[], now: number): readonly number[] {
  if (wakeOf === undefined) return mixed;
  const out: number[] = [];
  let m = 0;
  for (let c = 0; c < wakeOf.length; c++) {
    const due = wakeOf[c]! <= now;
    const isMixed = m < mixed.length && mixed[m] === c;
    if (isMixed) m++;
    if (due || isMixed) out.push(c);
  }
  return out;
}

/**
 * Step 3 for one core: `ensure_workload` then one pop of the current work, descriptor written
 * back. Returns the assignment served and whether the work interleaves (`undefined`: no work).
 */
function advanceDescriptor(ctx: Ctx, core: number, now: number): { assignment: CoreAssignment; mixed: boolean } | undefined {
  const S = Coretime.storage;
  const desc = copyDescriptor(S.CoreDescriptors.get(ctx, core));
  ensureWorkload(now, desc, (begin) => S.CoreSchedules.take(ctx, [begin, core]));
  const work = desc.current_work;
  const assignment = work === undefined ? undefined : popWork(work);
  S.CoreDescriptors.insert(ctx, core, desc);
  if (work === undefined || assignment === undefined) return undefined;
  return { assignment, mixed: work.assignments.length > 1 };
}

/**
 * Step 4: `pop_assignment_for_core` on the on-demand port for each core with `Pool` work this
 * block, in core order, until it answers none. A popped order is recorded as `OnDemand(para)`; an
 * interleaved core left without an order is recorded as `Pool` (a whole-core `Pool` core needs no
 * record: its answer `Pool` comes from the descriptor).
 */
function popOnDemand(ctx: Ctx, cores: ReadonlyArray<readonly [number, boolean]>, runs: Array<[number, CoreRun]>): void {
  const port = ctx.config.OnDemand;
  let empty = false;
  for (const [core, recordNone] of cores) {
    const para = empty ? undefined : port.popAssignmentForCore(ctx, core);
    if (para === undefined) {
      empty = true;
      if (recordNone) runs.push([core, RUN_POOL]);
    } else runs.push([core, { type: "OnDemand", value: para }]);
  }
}
