/**
 * The per-block core assignment of polkadot-sdk#10184 (eskimor, merged 2025-11), which folded
 * `assigner_coretime` into the scheduler (`polkadot/runtime/parachains/src/scheduler/assigner_coretime/mod.rs`,
 * `advance_assignments` and `advance_assignments_single_impl`) and made the on-demand pallet v2
 * (one FIFO, no affinity). Selected by `CoretimeConfig.OnDemandVersion: 2`; v1 stays in `hooks.ts`.
 *
 * ```
 * advanceCoresV2(now)
 *   1 every core's descriptor advanced for `now` (ensure_workload + one pop of its work; here, as
 *     in v1, only cores whose descriptor changes or that interleave are written)
 *   2 the `Pool` cores of `now`, ascending: OnDemand.pop_assignment_for_cores(now, #pool cores),
 *     zipped with them (ready orders: ordered_at + 2 ≤ now, one per para)
 *   3 a core left without an assignment (no work, Idle, or Pool without an order) takes what the
 *     NEXT block would give it: the descriptors advanced for now + 1 on copies and the on-demand
 *     queue peeked for now + 1 (nothing taken). Rust: "duplication to allow asynchronous backing
 *     even for first assignment coming in on a previously empty core"
 *   4 Runs: the answers of `now` not readable from the descriptors
 * ```
 *
 * So an order placed in relay block n on an idle pool core is in the claim queue at once
 * (`peek_next_block` from n + 1 shows it at positions 0 and 1): the core runs its para at n + 1
 * from step 3 (the order stays queued) and again at n + 2, when the order is ready and popped.
 * v1 pops it at n + 1 (`report_processed` at n + 2) and serves it once. Rust's
 * `push_back_order` for cores the inclusion pallet reports blocked has no cause here (a core
 * is never occupied across blocks in Corelab's model). Hooks never throw, except for a runtime
 * wired with a v1 on-demand port (`RuntimeUsageError`).
 */
import { RuntimeUsageError, type PalletContext } from "@corelab/frame";
import { copyDescriptor, currentView, ensureWorkload, popWork, type CoresView } from "./cores.ts";
import type { CoretimeConfig, OnDemandPort } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { RUN_IDLE, RUN_POOL, type CoreAssignment, type CoreRun } from "./types.ts";

type Ctx = PalletContext<CoretimeConfig>;

/** What a core serves in one block before the on-demand pop: nothing, `Idle`, `Pool` or `Task(p)`. */
type Served = CoreAssignment | undefined;

/** The v2 port methods, or a `RuntimeUsageError` naming what is missing. */
function v2Port(port: OnDemandPort): Required<Pick<OnDemandPort, "popAssignmentForCores" | "peekAssignmentForCores">> {
  if (port.popAssignmentForCores === undefined || port.peekAssignmentForCores === undefined)
    throw new RuntimeUsageError("Coretime.OnDemandVersion is 2, but its OnDemand port has no popAssignmentForCores / peekAssignmentForCores (wire an on-demand v2 provider)");
  return port as Required<Pick<OnDemandPort, "popAssignmentForCores" | "peekAssignmentForCores">>;
}

/** The constant answer of a core whose descriptor does not change at `at` (from the view). */
function steadyServed(view: CoresView, core: number): Served {
  const run = view.runs[core]!;
  if (run.type === "Task") return { type: "Task", value: run.value };
  if (run.type === "Pool") return { type: "Pool" };
  return undefined; // Idle or no work: the view does not tell them apart, and neither serves a para
}

/** Whether core `core`'s descriptor must be advanced (and written) at block `at`. */
function needsAdvance(view: CoresView, core: number, at: number, mixed: ReadonlySet<number>): boolean {
  return view.wakeOf[core]! <= at || mixed.has(core);
}

/**
 * Step 1 for `now`: each core's served assignment. Cores whose descriptor changes or interleaves
 * are advanced (ensure_workload + pop) and written, as in v1; the others answer from the view.
 */
function advanceNow(ctx: Ctx, view: CoresView, now: number): Served[] {
  const S = Coretime.storage;
  const mixed = new Set(view.mixed);
  const out: Served[] = new Array<Served>(view.count);
  for (let core = 0; core < view.count; core++) {
    if (!needsAdvance(view, core, now, mixed)) {
      out[core] = steadyServed(view, core);
      continue;
    }
    const desc = copyDescriptor(S.CoreDescriptors.get(ctx, core));
    ensureWorkload(now, desc, (begin) => S.CoreSchedules.take(ctx, [begin, core]));
    const work = desc.current_work;
    out[core] = work === undefined ? undefined : popWork(work);
    S.CoreDescriptors.insert(ctx, core, desc);
  }
  return out;
}

/** Step 3's descriptor half: each core's assignment at `next` on copies (schedules read, not taken). */
function peekNext(ctx: Ctx, view: CoresView, next: number): Served[] {
  const S = Coretime.storage;
  const mixed = new Set(view.mixed);
  const out: Served[] = new Array<Served>(view.count);
  for (let core = 0; core < view.count; core++) {
    if (!needsAdvance(view, core, next, mixed)) {
      out[core] = steadyServed(view, core);
      continue;
    }
    const desc = copyDescriptor(S.CoreDescriptors.get(ctx, core));
    ensureWorkload(next, desc, (begin) => S.CoreSchedules.get(ctx, [begin, core]));
    const work = desc.current_work;
    out[core] = work === undefined ? undefined : popWork(work);
  }
  return out;
}

/** The `Pool` cores of a block's served assignments, ascending. */
function poolCoresOf(served: readonly Served[]): number[] {
  const out: number[] = [];
  served.forEach((a, core) => {
    if (a?.type === "Pool") out.push(core);
  });
  return out;
}

/**
 * `on_initialize` under on-demand v2 (`advance_assignments`, see the module doc): steps 1-4 for
 * block `ctx.blockNumber`, after the core count and the previous block's runs were settled. Writes
 * `Runs` when some answer of this block is not the descriptors' (an on-demand para, an
 * interleaved core's part, a core filled from the next block).
 */
export function advanceCoresV2(ctx: Ctx): void {
  const now = ctx.blockNumber;
  const port = v2Port(ctx.config.OnDemand);
  const before = currentView(ctx);
  if (before.count === 0) return;
  const served = advanceNow(ctx, before, now);
  const view = currentView(ctx); // after this block's descriptor writes
  const mixed = new Set(view.mixed);

  // step 2: the pool cores of `now` pop the FIFO at once
  const runs = new Map<number, CoreRun>();
  const paras: Array<number | undefined> = new Array<number | undefined>(view.count);
  const pool = poolCoresOf(served);
  if (pool.length > 0) {
    const popped = port.popAssignmentForCores(ctx, now, pool.length);
    popped.forEach((para, i) => {
      const core = pool[i]!;
      paras[core] = para;
      runs.set(core, { type: "OnDemand", value: para });
    });
  }
  // the answers of interleaved cores are not the descriptors' constant ones
  for (const core of mixed) {
    if (runs.has(core)) continue;
    const a = served[core];
    if (a?.type === "Task") runs.set(core, { type: "Task", value: a.value });
    else runs.set(core, a?.type === "Pool" ? RUN_POOL : RUN_IDLE);
  }
  for (let core = 0; core < view.count; core++) if (served[core]?.type === "Task") paras[core] = (served[core] as { value: number }).value;

  // step 3: cores without a para take the next block's assignment (peeked, nothing taken)
  const empty: number[] = [];
  for (let core = 0; core < view.count; core++) if (paras[core] === undefined) empty.push(core);
  if (empty.length > 0) {
    const next = peekNext(ctx, view, now + 1);
    const nextPool = poolCoresOf(next);
    const nextParas: Array<number | undefined> = new Array<number | undefined>(view.count);
    if (nextPool.length > 0) port.peekAssignmentForCores(ctx, now + 1, nextPool.length).forEach((para, i) => (nextParas[nextPool[i]!] = para));
    for (const core of empty) {
      const a = next[core];
      if (a?.type === "Task") runs.set(core, { type: "Task", value: a.value });
      else if (a?.type === "Pool" && nextParas[core] !== undefined) runs.set(core, { type: "OnDemand", value: nextParas[core]! });
    }
  }

  if (runs.size > 0) Coretime.storage.Runs.put(ctx, { at: now, runs: [...runs].sort((a, b) => a[0] - b[0]) });
}
