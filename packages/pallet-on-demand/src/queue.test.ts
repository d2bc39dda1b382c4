// QueueIndex ordering and QueueStatusType bookkeeping (tests.rs queue_index_ordering_works,
// reverse_queue_index_does_reverse, queue_index_ordering_is_unsound_over_max_size; reference
// A.11 d_queue_status_indices), and the EnqueuedOrder heap order.
import { describe, expect, it } from "vitest";
import {
  ON_DEMAND_MAX_QUEUE_MAX_SIZE,
  compareEnqueuedOrder,
  compareQueueIndex,
  compareReverseQueueIndex,
  consumeIndex,
  heapMerge,
  heapPush,
  pushBack,
  pushFront,
  queueSize,
  type EnqueuedOrder,
  type QueueStatusType,
} from "./types.ts";

const U32_MAX = 0xffff_ffff;
const sortBy = (v: number[], cmp: (a: number, b: number) => number): number[] => [...v].sort(cmp);

describe("QueueIndex ordering", () => {
  it("queue_index_ordering_works", () => {
    const max = ON_DEMAND_MAX_QUEUE_MAX_SIZE;
    expect(compareQueueIndex(0, 0)).toBe(0);
    expect(compareQueueIndex(0, 1)).toBe(-1);
    expect(compareQueueIndex(1, 0)).toBe(1);
    expect(compareQueueIndex(0, max)).toBe(-1);
    expect(compareQueueIndex(0, max + 1)).toBe(-1);
    expect(sortBy([3, 6, 2, 1, 5, 4], compareQueueIndex)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sortBy([max, 4, 5, 1, 6], compareQueueIndex)).toEqual([1, 4, 5, 6, max]);
    expect(sortBy([max + 2, 0, 6, 2, 1, 5, 4], compareQueueIndex)).toEqual([0, 1, 2, 4, 5, 6, max + 2]);
    expect(sortBy([U32_MAX - 1, U32_MAX, 6, 2, 1, 5, 4], compareQueueIndex)).toEqual([U32_MAX - 1, U32_MAX, 1, 2, 4, 5, 6]);
  });
  it("queue_index_ordering_is_unsound_over_max_size (0 compares greater than u32::MAX − max + 1)", () => {
    // Rust asserts Less and expects the assertion to panic: the comparison says Greater.
    expect(compareQueueIndex(0, U32_MAX - ON_DEMAND_MAX_QUEUE_MAX_SIZE + 1)).toBe(1);
  });
  it("reverse_queue_index_does_reverse", () => {
    expect(sortBy([1, 2, 3, 4, 5, 6], compareReverseQueueIndex)).toEqual([6, 5, 4, 3, 2, 1]);
    const key = (n: number): [number, number] => [n > 3 ? 1 : 0, n];
    const byKey = (a: number, b: number): number => key(a)[0] - key(b)[0] || compareReverseQueueIndex(a, b);
    expect(sortBy([6, 5, 4, 3, 2, 1], byKey)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(sortBy([1, 2, U32_MAX], compareReverseQueueIndex)).toEqual([2, 1, U32_MAX]);
  });
});

describe("QueueStatusType", () => {
  it("d_queue_status_indices: push_back, consume_index out of order and in order, push_front", () => {
    const s: QueueStatusType = { traffic: 0n, next_index: 0, smallest_index: 0, freed_indices: [] };
    expect([pushBack(s), pushBack(s), pushBack(s)]).toEqual([0, 1, 2]);
    expect(s).toMatchObject({ next_index: 3, smallest_index: 0 });
    expect(queueSize(s)).toBe(3);
    consumeIndex(s, 1);
    expect(s).toMatchObject({ freed_indices: [1], smallest_index: 0 });
    expect(queueSize(s)).toBe(2);
    consumeIndex(s, 0);
    expect(s).toMatchObject({ freed_indices: [], smallest_index: 2 });
    expect(queueSize(s)).toBe(1);
    expect(pushFront(s)).toBe(1);
    expect(s.smallest_index).toBe(1);
    expect(queueSize(s)).toBe(2);
  });
  it("wraps: push_front at 0 gives u32::MAX and the size stays right", () => {
    const s: QueueStatusType = { traffic: 0n, next_index: 1, smallest_index: 0, freed_indices: [] };
    expect(pushFront(s)).toBe(U32_MAX);
    expect(queueSize(s)).toBe(2);
    consumeIndex(s, U32_MAX);
    expect(s.smallest_index).toBe(0);
  });
  it("freed indices stay sorted smallest first (a ReverseQueueIndex max-heap) and are drained in order", () => {
    const s: QueueStatusType = { traffic: 0n, next_index: 5, smallest_index: 0, freed_indices: [] };
    consumeIndex(s, 3);
    consumeIndex(s, 1);
    consumeIndex(s, 2);
    expect(s.freed_indices).toEqual([1, 2, 3]);
    expect(queueSize(s)).toBe(2);
    consumeIndex(s, 0);
    expect(s).toMatchObject({ smallest_index: 4, freed_indices: [] });
    expect(queueSize(s)).toBe(1);
  });
});

describe("EnqueuedOrder heap", () => {
  const o = (para_id: number, idx: number): EnqueuedOrder => ({ para_id, idx });
  it("is reversed on idx, then on para_id: the oldest index pops first, ties by smaller para", () => {
    expect(compareEnqueuedOrder(o(1, 0), o(1, 1))).toBe(1);
    expect(compareEnqueuedOrder(o(1, 5), o(2, 5))).toBe(1);
    expect(compareEnqueuedOrder(o(2, 5), o(2, 5))).toBe(0);
    let h: EnqueuedOrder[] = [];
    for (const e of [o(7, 3), o(1, 1), o(9, 2), o(3, 1), o(5, U32_MAX)]) h = heapPush(h, e);
    expect(h).toEqual([o(5, U32_MAX), o(1, 1), o(3, 1), o(9, 2), o(7, 3)]);
    expect(heapMerge([o(1, 4)], [o(2, 0), o(3, 9)])).toEqual([o(2, 0), o(1, 4), o(3, 9)]);
  });
});
