/**
 * Codecs and TypeScript types of pallet-broker, named as in metadata. Mirrors polkadot-sdk
 * `substrate/frame/broker/src/types.rs`, `core_mask.rs` (CoreIndex, TaskId, PartsOf57600,
 * CoreAssignment) and `adapt_price.rs` (SalePerformance, AdaptedPrices).
 *
 * Number mapping: `Timeslice`, `CoreIndex`, `TaskId`, `PartsOf57600` and relay-chain block numbers
 * are `number`s; balances are `bigint` planck; a `CoreMask` is a `bigint` (see `core-mask.ts`);
 * `Perbill` values are their parts as a `number`. Enums have papi's shape
 * (`{ type: "Task", value: 1001 }`, `{ type: "Pool" }`).
 */
import { arithmeticCodecs, bytesScale, mappedScale, t, InvalidValueError, type Codec, type Infer, type ScaleCodec } from "@corelab/frame";
import { CORE_MASK_BITS, fromBytes, toBytes, toHex, type CoreMask } from "./core-mask.ts";

/** `Timeslice` (u32): a period of `TimeslicePeriod` relay-chain blocks. */
export const Timeslice = t.alias("Timeslice", t.u32);
/** A timeslice index. */
export type Timeslice = number;

/** `CoreIndex` (u16). */
export const CoreIndex = t.alias("CoreIndex", t.u16);
/** A core index. */
export type CoreIndex = number;

/** `TaskId` (u32): a para id. */
export const TaskId = t.alias("TaskId", t.u32);
/** A task (para) id. */
export type TaskId = number;

/** `PartsOf57600` (u16): 57600 = one whole core; one mask bit is 720 parts. */
export const PartsOf57600 = t.alias("PartsOf57600", t.u16);
/** Parts of a core out of 57600. */
export type PartsOf57600 = number;

/** A relay-chain block number (`RelayBlockNumberOf<T>`, u32). */
export const RelayBlockNumber = t.alias("RelayBlockNumber", t.u32);

/** `CoreMaskBitCount` (u32). */
export const CoreMaskBitCount = t.alias("CoreMaskBitCount", t.u32);
/** `SignedCoreMaskBitCount` (i32). */
export const SignedCoreMaskBitCount = t.alias("SignedCoreMaskBitCount", t.i32);

/** A balance in planck (`BalanceOf<T>`, u128). */
export const Balance = t.balance;

const MASK_MAX = (1n << BigInt(CORE_MASK_BITS)) - 1n;
const MASK_EXPECTED = 'a CoreMask: "0x" and 20 hex digits (underscores allowed), e.g. "0xfffff_fffff_fffff_fffff"';

const checkMask = (value: unknown, path: string): void => {
  if (typeof value !== "bigint" || value < 0n || value > MASK_MAX) throw new InvalidValueError(path, "a CoreMask (an 80-bit bigint)", value, typeof value === "bigint" ? "out of range" : undefined);
};

/** SCALE of `CoreMask([u8; 10])` (core_mask.rs): the 10 bytes; in memory the bigint they read big-endian. */
const coreMaskScale: ScaleCodec<CoreMask> = mappedScale(
  bytesScale(10),
  (v: CoreMask) => {
    checkMask(v, "CoreMask");
    return toBytes(v);
  },
  fromBytes,
);

/**
 * `CoreMask` (`[u8; 10]`). Scenario values: `"0x"` plus exactly 20 hex digits, underscores
 * allowed as separators (`"0xfffff_fffff_00000_00000"`); JSON: `"0x"` plus 20 lowercase hex digits.
 * In memory: the 80-bit `bigint` (see `core-mask.ts`).
 */
export const CoreMaskCodec: Codec<CoreMask> = t.custom<CoreMask>({
  name: "CoreMask",
  parse(input, ctx) {
    if (typeof input === "bigint") {
      if (input < 0n || input > MASK_MAX) throw new InvalidValueError(ctx.path, MASK_EXPECTED, input, "out of range");
      return input;
    }
    if (typeof input === "string") {
      const s = input.trim().replace(/_/g, "");
      if (/^0x[0-9a-fA-F]{20}$/.test(s)) return BigInt(s);
    }
    throw new InvalidValueError(ctx.path, MASK_EXPECTED, input);
  },
  check: checkMask,
  toJson: (v) => toHex(v),
  key: (v) => v.toString(16).padStart(20, "0"),
  // `CoreMask([u8; 10])`: the 10 bytes, which read big-endian are the in-memory bigint
  scale: coreMaskScale,
});

/** `Finality`: `Provisional` (the region is kept and can be re-dispatched) or `Final`. */
export const Finality = t.enumOf("Finality", { Provisional: null, Final: null });
/** `Finality` value. */
export type Finality = Infer<typeof Finality>;

/** `RegionId { begin, core, mask }`; as an NFT item id it is the u128 `begin << 96 | core << 80 | mask`. */
export const RegionId = t.struct("RegionId", { begin: Timeslice, core: CoreIndex, mask: CoreMaskCodec });
/** A region id. */
export type RegionId = Infer<typeof RegionId>;

/** `RegionId` → u128 (`From<RegionId> for u128`). */
export function regionIdToU128(id: RegionId): bigint {
  return (BigInt(id.begin) << 96n) | (BigInt(id.core) << 80n) | (id.mask & MASK_MAX);
}

/** u128 → `RegionId` (`From<u128> for RegionId`: the bits above 128 are ignored). */
export function regionIdFromU128(x: bigint): RegionId {
  return {
    begin: Number((x >> 96n) & 0xffff_ffffn),
    core: Number((x >> 80n) & 0xffffn),
    mask: x & MASK_MAX,
  };
}

/** `RegionRecord { end, owner, paid }`: `owner` undefined = burnt (held for an XCM transfer); `paid` undefined = not renewable. */
export const RegionRecord = t.struct("RegionRecord", {
  end: Timeslice,
  owner: t.option(t.accountId),
  paid: t.option(Balance),
});
/** A region record. */
export type RegionRecord = Infer<typeof RegionRecord>;

/** `CoreAssignment`: `Idle` | `Pool` | `Task(TaskId)`. Ordered Idle < Pool < Task(a) < Task(b) for a < b. */
export const CoreAssignment = t.enumOf("CoreAssignment", { Idle: null, Pool: null, Task: TaskId });
/** A core assignment. */
export type CoreAssignment = Infer<typeof CoreAssignment>;

/** The `Idle` assignment (a shared frozen value). */
export const IDLE: CoreAssignment = Object.freeze({ type: "Idle" });
/** The `Pool` assignment (a shared frozen value). */
export const POOL: CoreAssignment = Object.freeze({ type: "Pool" });
/** `Task(task)`. */
export const task = (id: TaskId): CoreAssignment => ({ type: "Task", value: id });

/** Rust's derived `Ord` on `CoreAssignment`: negative when `a < b`, 0 when equal, positive otherwise. */
export function compareCoreAssignment(a: CoreAssignment, b: CoreAssignment): number {
  const ra = a.type === "Idle" ? 0 : a.type === "Pool" ? 1 : 2;
  const rb = b.type === "Idle" ? 0 : b.type === "Pool" ? 1 : 2;
  if (ra !== rb) return ra - rb;
  if (a.type === "Task" && b.type === "Task") return a.value - b.value;
  return 0;
}

/** Whether two assignments are equal. */
export function sameAssignment(a: CoreAssignment, b: CoreAssignment): boolean {
  return a.type === b.type && (a.type !== "Task" || (b.type === "Task" && a.value === b.value));
}

/** `ScheduleItem { mask, assignment }`. */
export const ScheduleItem = t.struct("ScheduleItem", { mask: CoreMaskCodec, assignment: CoreAssignment });
/** A schedule item. */
export type ScheduleItem = Infer<typeof ScheduleItem>;

/** Bound of a `Schedule` (`CORE_MASK_BITS`). */
export const MAX_SCHEDULE_ITEMS = CORE_MASK_BITS;

/** `Schedule = BoundedVec<ScheduleItem, 80>`. */
export const Schedule = t.vec(ScheduleItem, { max: MAX_SCHEDULE_ITEMS, name: "Schedule" });
/** A schedule (at most 80 items). */
export type Schedule = ScheduleItem[];

/** `ContributionRecord { length, payee }` of a pooled region (`length` in timeslices from the key's `begin`). */
export const ContributionRecord = t.struct("ContributionRecord", { length: Timeslice, payee: t.accountId });
/** A contribution record. */
export type ContributionRecord = Infer<typeof ContributionRecord>;

/** `InstaPoolHistoryRecord { private_contributions, system_contributions, maybe_payout }`. */
export const InstaPoolHistoryRecord = t.struct("InstaPoolHistoryRecord", {
  private_contributions: CoreMaskBitCount,
  system_contributions: CoreMaskBitCount,
  maybe_payout: t.option(Balance),
});
/** An instantaneous-pool history record. */
export type InstaPoolHistoryRecord = Infer<typeof InstaPoolHistoryRecord>;

/** `CompletionStatus`: `Partial(CoreMask)` (parts assigned so far) | `Complete(Schedule)`. */
export const CompletionStatus = t.enumOf("CompletionStatus", { Partial: CoreMaskCodec, Complete: Schedule });
/** A completion status. */
export type CompletionStatus = Infer<typeof CompletionStatus>;

/** `PotentialRenewalId { core, when }`: `when` is the `region_begin` of the sale in which renewing is allowed. */
export const PotentialRenewalId = t.struct("PotentialRenewalId", { core: CoreIndex, when: Timeslice });
/** A potential-renewal id. */
export type PotentialRenewalId = Infer<typeof PotentialRenewalId>;

/** `PotentialRenewalRecord { price, completion }` (renewable only when `Complete`). */
export const PotentialRenewalRecord = t.struct("PotentialRenewalRecord", { price: Balance, completion: CompletionStatus });
/** A potential-renewal record. */
export type PotentialRenewalRecord = Infer<typeof PotentialRenewalRecord>;

/** `StatusRecord`: the broker's clock and pool sizes (written by `start_sales` and every tick). */
export const StatusRecord = t.struct("StatusRecord", {
  core_count: CoreIndex,
  private_pool_size: CoreMaskBitCount,
  system_pool_size: CoreMaskBitCount,
  last_committed_timeslice: Timeslice,
  last_timeslice: Timeslice,
});
/** The status record. */
export type StatusRecord = Infer<typeof StatusRecord>;

/** `PoolIoRecord { private, system }`: pool-size deltas applied when a timeslice is committed. */
export const PoolIoRecord = t.struct("PoolIoRecord", { private: SignedCoreMaskBitCount, system: SignedCoreMaskBitCount });
/** A pool io record. */
export type PoolIoRecord = Infer<typeof PoolIoRecord>;

/** `SaleInfoRecord`: the current sale (fields in the Rust declaration order). */
export const SaleInfoRecord = t.struct("SaleInfoRecord", {
  sale_start: RelayBlockNumber,
  leadin_length: RelayBlockNumber,
  end_price: Balance,
  region_begin: Timeslice,
  region_end: Timeslice,
  ideal_cores_sold: CoreIndex,
  cores_offered: CoreIndex,
  first_core: CoreIndex,
  sellout_price: t.option(Balance),
  cores_sold: CoreIndex,
});
/** The sale-info record. */
export type SaleInfoRecord = Infer<typeof SaleInfoRecord>;

/** `LeaseRecordItem { until, task }`: a legacy lease. */
export const LeaseRecordItem = t.struct("LeaseRecordItem", { until: Timeslice, task: TaskId });
/** A lease. */
export type LeaseRecordItem = Infer<typeof LeaseRecordItem>;

/** `OnDemandRevenueRecord { until, amount }`: on-demand revenue up to relay block `until`, in relay balance. */
export const OnDemandRevenueRecord = t.struct("OnDemandRevenueRecord", { until: RelayBlockNumber, amount: Balance });
/** An on-demand revenue record. */
export type OnDemandRevenueRecord = Infer<typeof OnDemandRevenueRecord>;

/** `ConfigRecord`: the sale configuration set by `configure`. Perbill fields are parts per billion. */
export const ConfigRecord = t.struct("ConfigRecord", {
  advance_notice: RelayBlockNumber,
  interlude_length: RelayBlockNumber,
  leadin_length: RelayBlockNumber,
  region_length: Timeslice,
  ideal_bulk_proportion: arithmeticCodecs.perbill,
  limit_cores_offered: t.option(CoreIndex),
  renewal_bump: arithmeticCodecs.perbill,
  contribution_timeout: Timeslice,
});
/** The configuration record. */
export type ConfigRecord = Infer<typeof ConfigRecord>;

/** `AutoRenewalRecord { core, task, next_renewal }`. */
export const AutoRenewalRecord = t.struct("AutoRenewalRecord", { core: CoreIndex, task: TaskId, next_renewal: Timeslice });
/** An auto-renewal record. */
export type AutoRenewalRecord = Infer<typeof AutoRenewalRecord>;

/** `SalePerformance`: what a price adapter sees of the sale that ends (`SalePerformance::from_sale`). */
export const SalePerformance = t.struct("SalePerformance", {
  sellout_price: t.option(Balance),
  end_price: Balance,
  ideal_cores_sold: CoreIndex,
  cores_offered: CoreIndex,
  cores_sold: CoreIndex,
});
/** Sale performance. */
export type SalePerformance = Infer<typeof SalePerformance>;

/** `SalePerformance::from_sale(record)`. */
export function salePerformanceFromSale(s: SaleInfoRecord): SalePerformance {
  return {
    sellout_price: s.sellout_price,
    end_price: s.end_price,
    ideal_cores_sold: s.ideal_cores_sold,
    cores_offered: s.cores_offered,
    cores_sold: s.cores_sold,
  };
}

/** `AdaptedPrices { end_price, target_price }`: what a price adapter proposes for the next sale. */
export const AdaptedPrices = t.struct("AdaptedPrices", { end_price: Balance, target_price: Balance });
/** Adapted prices. */
export type AdaptedPrices = Infer<typeof AdaptedPrices>;

/** One `(CoreAssignment, PartsOf57600)` pair of an `assign_core` message. */
export const AssignmentPart = t.tuple([CoreAssignment, PartsOf57600]);
/** An assignment with its parts of 57600. */
export type AssignmentPart = [CoreAssignment, PartsOf57600];

/** `Vec<(CoreAssignment, PartsOf57600)>`: a core's assignment as sent to the relay chain. */
export const CoreAssignmentParts = t.vec(AssignmentPart);
