/**
 * Types of pallet-task-auction: codecs (metadata names) and their TypeScript shapes. The pallet
 * follows Corelab's reconstruction of Rodikov 2025 (arXiv:2501.01219), §1.3.5 "Dutch auction for
 * coprocessor allocation" and §1.3.7 "Adaptive load curve" (as the project's reference notes on
 * restaking read them); there is no Rust pallet to mirror, so the names
 * follow FRAME conventions (PascalCase storage/events/errors, snake_case calls and fields).
 */
import { arithmeticCodecs, t } from "@corelab/frame";

/** `BlockNumber` (u32). */
export const BlockNumber = t.u32;
/** A block number. */
export type BlockNumber = number;

/** `TaskId` (u32): tasks are numbered from 0 in posting order (`NextTaskId`). */
export const TaskId = t.u32;
/** A task id. */
export type TaskId = number;

/** `Balance` (u128, planck). */
export const Balance = t.balance;
/** A balance in planck. */
export type Balance = bigint;

/** `Perbill` (parts of 1_000_000_000; scenario files may write `"10%"`). */
export const Perbill = arithmeticCodecs.perbill;
/** Perbill parts. */
export type Perbill = number;

/** Work units (u32): a task's `complexity` and a coprocessor's `capacity`/`load`. */
export const WorkUnits = t.u32;
/** Work units. */
export type WorkUnits = number;

/**
 * What a task is doing (`TaskStatus`):
 * - `Auction`: its Dutch auction is running;
 * - `Assigned`: a coprocessor won it at `price` (the operator's share, paid only on success) and is
 *   paid `payment = reward - price` on success; it must be reported before `deadline`;
 * - `SelfExecuting`: nobody accepted before the auction ended; the operator executes it itself and
 *   must be reported before `deadline`.
 */
export const TaskStatus = t.enumOf("TaskStatus", {
  Auction: null,
  Assigned: t.struct("AssignedTask", {
    coprocessor: t.accountId,
    price: Balance,
    payment: Balance,
    collateral: Balance,
    deadline: BlockNumber,
  }),
  SelfExecuting: t.struct("SelfExecutingTask", { deadline: BlockNumber }),
});
/** A task's status. */
export type TaskStatus =
  | { type: "Auction" }
  | { type: "Assigned"; value: { coprocessor: string; price: bigint; payment: bigint; collateral: bigint; deadline: number } }
  | { type: "SelfExecuting"; value: { deadline: number } };

/**
 * `TaskRecord`: a posted task. `reward` is escrowed in the pallet account from posting until
 * settlement. `start_price`/`floor_price` are the auction's bounds (the operator's share of the
 * reward), fixed at posting; `collateral` is what the winner must lock (`CollateralRatio × reward`,
 * rounded up). The record is removed when the task is settled or cancelled.
 */
export const TaskRecord = t.struct("TaskRecord", {
  operator: t.accountId,
  complexity: WorkUnits,
  reward: Balance,
  posted_at: BlockNumber,
  start_price: Balance,
  floor_price: Balance,
  collateral: Balance,
  status: TaskStatus,
});
/** A task record. */
export interface TaskRecord {
  operator: string;
  complexity: number;
  reward: bigint;
  posted_at: number;
  start_price: bigint;
  floor_price: bigint;
  collateral: bigint;
  status: TaskStatus;
}

/** `CoprocessorRecord`: a registered coprocessor's `capacity` and current `load` (work units). */
export const CoprocessorRecord = t.struct("CoprocessorRecord", { capacity: WorkUnits, load: WorkUnits });
/** A coprocessor record. */
export interface CoprocessorRecord {
  capacity: number;
  load: number;
}

/** `NetworkLoadRecord`: the sums of every registered coprocessor's `capacity` and `load`. */
export const NetworkLoadRecord = t.struct("NetworkLoadRecord", { capacity: t.u64, load: t.u64 });
/** Network load sums. */
export interface NetworkLoadRecord {
  capacity: bigint;
  load: bigint;
}

/** `BidRecord`: an acceptance placed in the current block, resolved in `on_finalize`. */
export const BidRecord = t.struct("BidRecord", { bidder: t.accountId, price_limit: Balance });
/** A bid. */
export interface BidRecord {
  bidder: string;
  price_limit: bigint;
}

/** Settlement outcome reported for a task: `success` and an optional `quality` (Perbill). */
export interface Outcome {
  readonly success: boolean;
  readonly quality?: number;
}
