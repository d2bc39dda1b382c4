/**
 * The core-assignment algorithm of polkadot-sdk `assigner_coretime/mod.rs` as pure functions
 * (`workStateOf`, `popWork`, `ensureWorkload`), and the cheap per-block read of what every core
 * runs (`coresAt`), with the derived per-core view it is built from.
 *
 * Performance model (see README "Performance"): the view is derived from the `CoreDescriptors`
 * map version (`StorageMap.version`: the same object for as long as the map is unchanged) and the
 * core count, and cached by object identity. A block that changes no descriptor reuses it: reading
 * it costs a few property reads, whatever the number of cores.
 */
import type { Context, ItemRef, MapState } from "@corelab/frame";
import {
  FULL_CORE,
  RUN_IDLE,
  RUN_POOL,
  type BlockRuns,
  type CoreAssignment,
  type CoreDescriptor,
  type CoreRun,
  type Schedule,
  type WorkState,
} from "./types.ts";

/** The pallet's name in the runtime (`Coretime`). */
export const PALLET_NAME = "Coretime";

/** A mutable deep copy of a work state (stored values are frozen). */
export type MutableWorkState = WorkState;

/**
 * `From<Schedule> for WorkState`: every assignment starts a round with `remaining = ratio`,
 * `pos = 0`, and `step` is the smallest ratio (1 when there are no assignments, which
 * `assign_core` never lets happen).
 */
export function workStateOf(schedule: Schedule): WorkState {
  let step = 0;
  for (const [, parts] of schedule.assignments) if (step === 0 || parts < step) step = parts;
  return {
    assignments: schedule.assignments.map(([a, ratio]) => [copyAssignment(a), { ratio, remaining: ratio }]),
    end_hint: schedule.end_hint,
    pos: 0,
    step: schedule.assignments.length === 0 ? 1 : step,
  };
}

/**
 * One pop of `pop_assignment_for_core` on a (mutable) work state, as Rust does it: wrap `pos`
 * around, subtract `step` from the current assignment's `remaining` (saturating); when fewer than
 * `step` parts are left, move `pos` on and add `ratio` to what is left (saturating at 57600).
 * Returns the assignment served by this pop.
 */
export function popWork(work: MutableWorkState): CoreAssignment {
  work.pos = work.pos % work.assignments.length;
  const entry = work.assignments[work.pos]!;
  const state = entry[1];
  state.remaining = Math.max(0, state.remaining - work.step);
  if (state.remaining < work.step) {
    work.pos = (work.pos + 1) & 0xffff;
    state.remaining = Math.min(FULL_CORE, state.remaining + state.ratio);
  }
  return entry[0];
}

/**
 * `ensure_workload(now, core, descriptor)`: drops the current work once its `end_hint` is reached,
 * then, when the first queued schedule begins at or before `now`, takes schedules off the queue
 * (`take`, through `takeSchedule`) until one is still valid (`end_hint` none or after `now`), makes
 * it the current work and moves the queue's `first` to its `next_schedule` (no queue when none).
 * When every schedule taken had expired, the current work becomes none. Mutates `descriptor`.
 */
export function ensureWorkload(
  now: number,
  descriptor: CoreDescriptor,
  takeSchedule: (begin: number) => Schedule | undefined,
): void {
  const hint = descriptor.current_work?.end_hint;
  if (hint !== undefined && hint <= now) descriptor.current_work = undefined;
  const queue = descriptor.queue;
  if (queue === undefined) return;
  let next = queue.first;
  if (next > now) return;
  let update: Schedule | undefined;
  for (;;) {
    const s = takeSchedule(next);
    if (s === undefined) break;
    if (s.end_hint === undefined || s.end_hint > now) {
      update = s;
      break;
    }
    if (s.next_schedule === undefined) break;
    next = s.next_schedule;
  }
  const newFirst = update?.next_schedule;
  descriptor.current_work = update === undefined ? undefined : workStateOf(update);
  descriptor.queue = newFirst === undefined ? undefined : { first: newFirst, last: queue.last };
}

/** A mutable deep copy of a stored descriptor. */
export function copyDescriptor(d: CoreDescriptor): CoreDescriptor {
  const w = d.current_work;
  return {
    queue: d.queue === undefined ? undefined : { first: d.queue.first, last: d.queue.last },
    current_work:
      w === undefined
        ? undefined
        : {
            assignments: w.assignments.map(([a, s]) => [copyAssignment(a), { ratio: s.ratio, remaining: s.remaining }]),
            end_hint: w.end_hint,
            pos: w.pos,
            step: w.step,
          },
  };
}

/** A copy of an assignment (stored ones are frozen). */
export function copyAssignment(a: CoreAssignment): CoreAssignment {
  return a.type === "Task" ? { type: "Task", value: a.value } : { type: a.type };
}

/**
 * What the descriptors say about cores `0..count` (derived, cached by the map's identity):
 * - `runs`: the constant answer of each core whose current work is one whole-core assignment
 *   (`Task(p)` → `Task(p)`, `Pool` → `Pool`, `Idle` or no work → `Idle`); interleaved cores get
 *   `Idle` here, their answer of each block is in `Runs`;
 * - `wake`: the earliest block at which some core's descriptor must change (a queued schedule's
 *   `first`, or the current work's `end_hint`), `Infinity` when none; `wakeOf` per core;
 * - `pool`: cores whose current work is one whole-core `Pool` assignment (ascending);
 * - `mixed`: cores whose current work interleaves several assignments (ascending).
 */
export interface CoresView {
  readonly count: number;
  readonly runs: readonly CoreRun[];
  readonly wake: number;
  readonly wakeOf: readonly number[];
  readonly pool: readonly number[];
  readonly mixed: readonly number[];
}

type RawMap<K, V> = MapState<K, V>;

const views = new WeakMap<object, CoresView>();
const emptyViews = new Map<number, CoresView>();

/** The view of `CoreDescriptors` (its stored map version, or `undefined` when empty) for `count` cores. */
export function viewOf(raw: RawMap<number, CoreDescriptor> | undefined, count: number): CoresView {
  if (raw === undefined) {
    let v = emptyViews.get(count);
    if (v === undefined) emptyViews.set(count, (v = buildView(undefined, count)));
    return v;
  }
  let v = views.get(raw);
  if (v === undefined || v.count !== count) views.set(raw, (v = buildView(raw, count)));
  return v;
}

function buildView(raw: RawMap<number, CoreDescriptor> | undefined, count: number): CoresView {
  const runs: CoreRun[] = new Array<CoreRun>(count).fill(RUN_IDLE);
  const wakeOf: number[] = new Array<number>(count).fill(Infinity);
  const kind: Array<0 | 1 | 2> = new Array<0 | 1 | 2>(count).fill(0); // 1 pool, 2 mixed
  let wake = Infinity;
  if (raw !== undefined) {
    for (const [core, d] of raw.entries()) {
      if (core >= count) continue;
      let w = Infinity;
      if (d.queue !== undefined) w = d.queue.first;
      const work = d.current_work;
      if (work !== undefined) {
        if (work.end_hint !== undefined && work.end_hint < w) w = work.end_hint;
        if (work.assignments.length > 1) kind[core] = 2;
        else if (work.assignments.length === 1) {
          const a = work.assignments[0]![0];
          if (a.type === "Task") runs[core] = Object.freeze({ type: "Task", value: a.value });
          else if (a.type === "Pool") {
            runs[core] = RUN_POOL;
            kind[core] = 1;
          }
        }
      }
      wakeOf[core] = w;
      if (w < wake) wake = w;
    }
  }
  const pool: number[] = [];
  const mixed: number[] = [];
  for (let c = 0; c < count; c++) {
    if (kind[c] === 1) pool.push(c);
    else if (kind[c] === 2) mixed.push(c);
  }
  return Object.freeze({
    count,
    runs: Object.freeze(runs),
    wake,
    wakeOf: Object.freeze(wakeOf),
    pool: Object.freeze(pool),
    mixed: Object.freeze(mixed),
  });
}

/** A storage item of this pallet, by name, for the storage layer (this module reads them without `pallet.ts`, which imports it). */
const item = (kind: "value" | "map", name: string): ItemRef => ({ kind, pallet: PALLET_NAME, name, prefix: `${PALLET_NAME}.${name}` });
const RAW = {
  CoreCount: item("value", "CoreCount"),
  PendingCoreCount: item("value", "PendingCoreCount"),
  Runs: item("value", "Runs"),
} as const;
const CORE_DESCRIPTORS = item("map", "CoreDescriptors");

/** A value item of the pallet as stored (immutable). @internal */
export function rawItem<T>(ctx: Context, name: keyof typeof RAW): T | undefined {
  return ctx.storage.getValue(RAW[name]) as T | undefined;
}

/** The pallet's storage items that the per-block path reads, as stored (immutable). @internal */
export function palletState(ctx: Context): PalletState {
  const s = ctx.storage;
  return {
    CoreCount: s.getValue(RAW.CoreCount) as number | undefined,
    CoreDescriptors: s.mapVersion(CORE_DESCRIPTORS) as RawMap<number, CoreDescriptor> | undefined,
    PendingCoreCount: s.getValue(RAW.PendingCoreCount) as PalletState["PendingCoreCount"],
    Runs: s.getValue(RAW.Runs) as BlockRuns | undefined,
  };
}

/** The raw storage items of the pallet that the per-block path reads. @internal */
export interface PalletState {
  readonly CoreCount?: number;
  readonly CoreDescriptors?: RawMap<number, CoreDescriptor>;
  readonly PendingCoreCount?: { readonly at: number; readonly count: number };
  readonly Runs?: BlockRuns;
}

/** The view of a pallet state (as `palletState` gives it). @internal */
export function viewOfState(p: PalletState): CoresView {
  return viewOf(p.CoreDescriptors, p.CoreCount ?? 0);
}

/** The view of the current state. @internal */
export function currentView(ctx: Context): CoresView {
  return viewOfState(palletState(ctx));
}

/** `coresAt`'s answer for a block with on-demand or interleaved runs: by the `Runs` value, for the view it was merged into. */
const merged = new WeakMap<BlockRuns, { readonly view: CoresView; readonly runs: readonly CoreRun[] }>();

/**
 * What each core `0..CoreCount` runs in the block of `ctx` (index = core), once that block's
 * `on_initialize` has run: read it after each relay block (`rt.read(coresAt)`) to decide which
 * parachains produce a block (`Task(p)` and `OnDemand(p)`; see `CoreRun`).
 *
 * Cheap by design: the array is frozen and the SAME object is returned for as long as the answer
 * does not change (compare with `===` to skip work); a block with no change costs a few property
 * reads. Cores at or above the core count are not listed (Rust's scheduler never pops them).
 */
export function coresAt(ctx: Context): readonly CoreRun[] {
  const s = ctx.storage;
  const view = viewOf(s.mapVersion(CORE_DESCRIPTORS) as RawMap<number, CoreDescriptor> | undefined, (s.getValue(RAW.CoreCount) as number | undefined) ?? 0);
  const block = s.getValue(RAW.Runs) as BlockRuns | undefined;
  if (block === undefined || block.at !== ctx.blockNumber || block.runs.length === 0) return view.runs;
  const memo = merged.get(block);
  if (memo !== undefined && memo.view === view) return memo.runs;
  const runs = view.runs.slice();
  for (const [core, run] of block.runs) if (core < runs.length) runs[core] = run;
  const frozen = Object.freeze(runs);
  merged.set(block, { view, runs: frozen });
  return frozen;
}

/** The para a core run lets produce a block (`Task(p)` or `OnDemand(p)`), else `undefined`. */
export function paraOfRun(run: CoreRun): number | undefined {
  return run.type === "Task" || run.type === "OnDemand" ? run.value : undefined;
}
