/**
 * Codecs and TypeScript types of the relay-chain side of coretime, named as in metadata. Mirrors
 * polkadot-sdk `polkadot/runtime/parachains/src/assigner_coretime/mod.rs` (`PartsOf57600`,
 * `Schedule`, `CoreDescriptor`, `QueueDescriptor`, `WorkState`, `AssignmentState`) and the
 * `CoreAssignment` of `substrate/frame/broker/src/coretime_interface.rs` (declared here again,
 * with the same shape, because a pallet never imports another pallet).
 *
 * Number mapping: para ids, core indices, parts and block numbers are `number`s; balances are
 * `bigint` planck. Enums have papi's shape (`{ type: "Task", value: 1001 }`, `{ type: "Pool" }`).
 */
import { t, type Infer } from "@corelab/frame";

/** A relay-chain block number (`BlockNumberFor<T>`, u32). */
export const BlockNumber = t.alias("BlockNumber", t.u32);

/** `ParaId` (u32). A broker `TaskId` is a para id. */
export const ParaId = t.alias("ParaId", t.u32);
/** A para id. */
export type ParaId = number;

/** The relay chain's `CoreIndex` (u32 in polkadot-primitives), the key of `CoreDescriptors`. */
export const CoreIndex = t.alias("CoreIndex", t.u32);
/** A core index. */
export type CoreIndex = number;

/** The broker's `CoreIndex` (u16): the type of `assign_core`'s `core` argument. */
export const BrokerCoreIndex = t.alias("BrokerCoreIndex", t.u16);

/** `PartsOf57600` (u16): 57600 = one whole core (one broker mask bit is 720 parts). */
export const PartsOf57600 = t.alias("PartsOf57600", t.u16);
/** Parts of a core out of 57600. */
export type PartsOf57600 = number;

/** `PartsOf57600::FULL`: a whole core. */
export const FULL_CORE = 57_600;

/** A balance in planck (`BalanceOf<T>`, u128). */
export const Balance = t.balance;

/** `CoreAssignment` (pallet-broker): `Idle` | `Pool` | `Task(TaskId)`. Ordered Idle < Pool < Task(a) < Task(b) for a < b. */
export const CoreAssignment = t.enumOf("CoreAssignment", { Idle: null, Pool: null, Task: ParaId });
/** A core assignment. */
export type CoreAssignment = Infer<typeof CoreAssignment>;

/** Rust's derived `Ord` on `CoreAssignment`: negative when `a < b`, 0 when equal, positive otherwise. */
export function compareCoreAssignment(a: CoreAssignment, b: CoreAssignment): number {
  const ra = a.type === "Idle" ? 0 : a.type === "Pool" ? 1 : 2;
  const rb = b.type === "Idle" ? 0 : b.type === "Pool" ? 1 : 2;
  if (ra !== rb) return ra - rb;
  return a.type === "Task" && b.type === "Task" ? a.value - b.value : 0;
}

/** `(CoreAssignment, PartsOf57600)`: one part of an `assign_core` assignment. */
export const AssignmentPart = t.tuple([CoreAssignment, PartsOf57600]);
/** An assignment part. */
export type AssignmentPart = [CoreAssignment, PartsOf57600];

/** `Vec<(CoreAssignment, PartsOf57600)>`: the `assignment` argument of `assign_core`. */
export const CoreAssignmentParts = t.vec(AssignmentPart);

/**
 * `Schedule<N> { assignments, end_hint, next_schedule }`: the assignments a core runs from the
 * block it is keyed by (`CoreSchedules[(begin, core)]`), an optional block at which they become
 * invalid, and the `begin` of the next queued schedule of the same core.
 */
export const Schedule = t.struct("Schedule", {
  assignments: CoreAssignmentParts,
  end_hint: t.option(BlockNumber),
  next_schedule: t.option(BlockNumber),
});
/** A queued schedule. */
export type Schedule = Infer<typeof Schedule>;

/** `QueueDescriptor<N> { first, last }`: the `begin`s of the first (not yet active) and last queued schedules. */
export const QueueDescriptor = t.struct("QueueDescriptor", { first: BlockNumber, last: BlockNumber });
/** A queue descriptor. */
export type QueueDescriptor = Infer<typeof QueueDescriptor>;

/**
 * `AssignmentState { ratio, remaining }`: the share of the core (as received) and the parts left in
 * the current round (a pop subtracts `step`; when fewer than `step` are left, the round of this
 * assignment ends and `ratio` is added to what is left).
 */
export const AssignmentState = t.struct("AssignmentState", { ratio: PartsOf57600, remaining: PartsOf57600 });
/** An assignment state. */
export type AssignmentState = Infer<typeof AssignmentState>;

/**
 * `WorkState<N> { assignments, end_hint, pos, step }`: the work a core performs now. `pos` is the
 * assignment the next pop serves (taken modulo the length first); `step` is the smallest ratio.
 */
export const WorkState = t.struct("WorkState", {
  assignments: t.vec(t.tuple([CoreAssignment, AssignmentState])),
  end_hint: t.option(BlockNumber),
  pos: t.u16,
  step: PartsOf57600,
});
/** A work state. */
export type WorkState = Infer<typeof WorkState>;

/** `CoreDescriptor<N> { queue, current_work }` (ValueQuery; the default has neither). */
export const CoreDescriptor = t.struct("CoreDescriptor", {
  queue: t.option(QueueDescriptor),
  current_work: t.option(WorkState),
});
/** A core descriptor. */
export type CoreDescriptor = Infer<typeof CoreDescriptor>;

/**
 * What a core runs in one relay block (a Corelab type, the answer of `coresAt`):
 * - `Task(para)`: a bulk assignment (`CoreAssignment::Task`), the para may produce a block;
 * - `OnDemand(para)`: a `Pool` assignment whose pop from the on-demand queue gave an order of `para`;
 * - `Pool`: a `Pool` assignment that found no order (the core idles);
 * - `Idle`: an `Idle` assignment, or no current work at all.
 */
export const CoreRun = t.enumOf("CoreRun", { Idle: null, Pool: null, Task: ParaId, OnDemand: ParaId });
/** What a core runs in one relay block. */
export type CoreRun = Infer<typeof CoreRun>;

/**
 * The answers of one block that cannot be read from `CoreDescriptors` alone (a Corelab item): the
 * on-demand orders popped for `Pool` assignments and the runs of interleaved cores, by core.
 */
export const BlockRuns = t.struct("BlockRuns", {
  at: BlockNumber,
  runs: t.vec(t.tuple([CoreIndex, CoreRun])),
});
/** A block's runs. */
export type BlockRuns = Infer<typeof BlockRuns>;

/** A pending change of the core count (a Corelab stand-in for a scheduled `HostConfiguration` update). */
export const PendingCoreCountRecord = t.struct("PendingCoreCount", { at: BlockNumber, count: t.u32 });
/** A pending core count. */
export type PendingCoreCountRecord = Infer<typeof PendingCoreCountRecord>;

/** One `assign_core` at genesis (Corelab genesis field; Rust's `AssignCoretime` does this for system paras). */
export const GenesisAssignment = t.struct("GenesisAssignment", {
  core: CoreIndex,
  begin: BlockNumber,
  assignment: CoreAssignmentParts,
  end_hint: t.option(BlockNumber),
});
/** A genesis assignment. */
export type GenesisAssignment = Infer<typeof GenesisAssignment>;

/** The shared frozen `Idle` run. */
export const RUN_IDLE: CoreRun = Object.freeze({ type: "Idle" });
/** The shared frozen `Pool` run (no order). */
export const RUN_POOL: CoreRun = Object.freeze({ type: "Pool" });
