// A long run of the broker mock costs the same per sale late as early: no storage item is copied,
// re-read or re-hashed whole as the run gets longer. Checked by counting what goes through the
// storage accessors (the values written and read, in leaves), never by timing (the speed is the
// `broker-long-run` benchmark's business: tools/bench/broker-long-run.bench.ts).
import { Origin, StorageMap, StorageValue, initCrypto, type Extrinsic, type Runtime } from "@corelab/frame";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Final, MAX } from "./__fixtures__/harness.ts";
import { complete } from "./core-mask.ts";
import { Broker } from "./pallet.ts";
import { Balances } from "@corelab/pallet-balances";
import { MOCK_POT, TestCoretime, coretimeTrace, createBrokerMockRuntime } from "./testing.ts";
import type { RegionId } from "./types.ts";

beforeAll(initCrypto);
afterEach(() => vi.restoreAllMocks());

const RELAY = "relay";

/**
 * Runs `sales` sales of the broker mock (a sale every 6 blocks): two cores renewed every sale
 * (bought and assigned `Final` in the first), the third bought and pooled, on-demand credit spent,
 * the ended pool regions' revenue claimed, so that nothing but the relay's trace piles up.
 * `onSale(i)` runs after the calls of sale `i` (1-based).
 */
function runSales(sales: number, onSale: (i: number, rt: Runtime) => void = () => {}, traceRetention?: number): Runtime {
  const rt = createBrokerMockRuntime({
    genesis: { Balances: { balances: [["r0", MAX], ["r1", MAX], ["pooler", MAX], [RELAY, MAX]] } },
    ...(traceRetention === undefined ? {} : { constants: { TestCoretime: { TraceRetention: traceRetention } } }),
  });
  const ok = (who: string | undefined, call: Extrinsic["call"]) => {
    const r = rt.applyExtrinsic({ origin: who === undefined ? Origin.root : Origin.signed(who), call });
    if (!r.ok) throw new Error(`${call.pallet}.${call.name} at block ${rt.blockNumber} failed: ${JSON.stringify(r.error)}`);
  };
  const sale = () => rt.read((ctx) => Broker.storage.SaleInfo.get(ctx))!;
  const nextCore = () => sale().first_core + sale().cores_sold;
  rt.openBlock(1);
  ok(undefined, Broker.call("start_sales", { end_price: 100n, extra_cores: 3 }));
  ok(RELAY, Broker.call("purchase_credit", { amount: 1_000_000n, beneficiary: RELAY }));
  const owned: number[] = [];
  const pooled: RegionId[] = [];
  let served = -1;
  let done = 0;
  for (let n = 2; done < sales; n++) {
    rt.openBlock(n);
    const s = sale();
    if (s.region_begin === served || n <= s.sale_start) continue;
    served = s.region_begin;
    for (const [i, who] of ["r0", "r1"].entries()) {
      const core = nextCore();
      if (owned[i] === undefined) {
        ok(who, Broker.call("purchase", { price_limit: MAX }));
        ok(who, Broker.call("assign", { region_id: { begin: s.region_begin, core, mask: complete() }, task: 2_000 + i, finality: Final }));
      } else ok(who, Broker.call("renew", { core: owned[i]! }));
      owned[i] = core;
    }
    const region = { begin: s.region_begin, core: nextCore(), mask: complete() };
    ok("pooler", Broker.call("purchase", { price_limit: MAX }));
    ok("pooler", Broker.call("pool", { region_id: region, payee: "pooler", finality: Final }));
    pooled.push(region);
    if (rt.read((ctx) => TestCoretime.storage.CoretimeInPool.get(ctx)) > 0)
      ok(undefined, TestCoretime.call("spend_instantaneous", { who: RELAY, price: 10n }));
    while (pooled[0]!.begin + 6 < s.region_begin) ok("pooler", Broker.call("claim_revenue", { region_id: pooled.shift()!, max_timeslices: 3 }));
    onSale(++done, rt);
  }
  return rt;
}

/** Leaves of a value (numbers, strings, bigints, booleans, absent): its size whatever its digits. */
function leaves(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + leaves(x), 0);
  if (typeof v === "object" && v !== null) return Object.values(v).reduce((n: number, x) => n + leaves(x), 0);
  return 1;
}

/**
 * Counts the leaves of every value written (`put`, `insert`, `mutate`'s result) and read (`get`,
 * `entries`, `keys`, `values`, prefix scans) through the storage accessors, per item.
 */
function meterStorage(): { written: Map<string, number>; read: Map<string, number> } {
  const written = new Map<string, number>();
  const read = new Map<string, number>();
  const add = (m: Map<string, number>, item: { pallet: string; name: string }, n: number) => m.set(`${item.pallet}.${item.name}`, (m.get(`${item.pallet}.${item.name}`) ?? 0) + n);
  type Fn = (...args: never[]) => unknown;
  const wrap = <P extends object>(proto: P, name: keyof P & string, count: (self: { pallet: string; name: string }, args: unknown[], result: unknown) => void) => {
    const original = proto[name] as Fn;
    vi.spyOn(proto as Record<string, Fn>, name).mockImplementation(function (this: { pallet: string; name: string }, ...args: never[]) {
      const result = original.apply(this, args);
      count(this, args, result);
      return result;
    });
  };
  const V = StorageValue.prototype;
  const M = StorageMap.prototype;
  const originalValueGet = V.get;
  const originalMapGet = M.get;
  wrap(V, "get", (item, _args, r) => add(read, item, leaves(r)));
  wrap(V, "put", (item, [, v]) => add(written, item, leaves(v)));
  wrap(V, "mutate", (item, [ctx]) => add(written, item, leaves(originalValueGet.call(item as never, ctx as never))));
  wrap(M, "get", (item, [, k], r) => add(read, item, leaves(k) + leaves(r)));
  wrap(M, "insert", (item, [, k, v]) => add(written, item, leaves(k) + leaves(v)));
  wrap(M, "mutate", (item, [ctx, k]) => add(written, item, leaves(k) + leaves(originalMapGet.call(item as never, ctx as never, k as never))));
  for (const scan of ["entries", "keys", "values", "iterPrefix"] as const) wrap(M, scan, (item, _args, r) => add(read, item, leaves(r)));
  return { written, read };
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe("a long broker-mock run costs the same per sale late as early", () => {
  it("the trace is one map entry per assign_core, appended without touching the earlier ones", () => {
    let first: unknown;
    const rt = runSales(40, (i, rt) => {
      if (i === 5) first = rt.read((ctx) => TestCoretime.storage.Trace.get(ctx, 0));
    });
    const S = TestCoretime.storage;
    const [count, n, keys] = rt.read((ctx) => [S.Trace.count(ctx), S.TraceCount.get(ctx), S.Trace.keys(ctx)] as const);
    // every rotation assigns the three cores on the relay
    expect(count).toBeGreaterThanOrEqual(3 * 38);
    expect(n).toBe(count);
    // the map iterates in storage key order (Twox64Concat of the sequence number): every number once
    expect([...keys].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
    // the first item, read after sale 5, is the very object stored now (35 sales of appends later)
    expect(first).toBeDefined();
    expect(rt.read((ctx) => S.Trace.get(ctx, 0))).toBe(first);
    // coretimeTrace gives mock.rs's Vec: the entries' items, in order
    const trace = coretimeTrace(rt);
    expect(trace).toEqual(rt.read((ctx) => S.Trace.entries(ctx)).sort((a, b) => a[0] - b[0]).map((e) => e[1]));
    expect(trace.every((t, i) => i === 0 || t.block >= trace[i - 1]!.block)).toBe(true);
    expect(new Set(trace.slice(-3).map((t) => t.core))).toEqual(new Set([0, 1, 2]));
  });

  it("writes and reads as much storage in sales 91-100 as in sales 11-20", () => {
    const meter = meterStorage();
    const at: Record<number, { written: Map<string, number>; read: Map<string, number> }> = {};
    runSales(100, (i) => {
      if (i === 10 || i === 20 || i === 90 || i === 100) at[i] = { written: new Map(meter.written), read: new Map(meter.read) };
    });
    const diff = (a: Map<string, number>, b: Map<string, number>) => new Map([...b].map(([k, v]) => [k, v - (a.get(k) ?? 0)]));
    const early = { written: diff(at[10]!.written, at[20]!.written), read: diff(at[10]!.read, at[20]!.read) };
    const late = { written: diff(at[90]!.written, at[100]!.written), read: diff(at[90]!.read, at[100]!.read) };
    // the trace's own traffic: one item (and the count) per append, whatever its length
    expect(late.written.get("TestCoretime.Trace")).toBe(early.written.get("TestCoretime.Trace"));
    expect(late.written.get("TestCoretime.Trace")).toBeGreaterThan(0);
    // and every item's: nothing grows with the run (per item, so that a regression names its item)
    for (const kind of ["written", "read"] as const) {
      const grew = [...late[kind]].filter(([item, n]) => n > (early[kind].get(item) ?? 0)).map(([item, n]) => `${item}: ${early[kind].get(item) ?? 0} → ${n}`);
      expect(grew, `leaves ${kind} per 10 sales`).toEqual([]);
    }
    expect(total(late.written)).toBeGreaterThan(0);
    expect(total(late.read)).toBeGreaterThan(0);
  });
});

describe("TestCoretime's TraceRetention", () => {
  it("keeps the last N trace items (memory bounded over any run) while TraceCount counts every assign_core", () => {
    const full = coretimeTrace(runSales(30));
    const rt = runSales(30, () => {}, 7);
    const kept = coretimeTrace(rt);
    expect(full.length).toBeGreaterThan(60);
    expect(kept).toEqual(full.slice(-7));
    expect(rt.read((ctx) => TestCoretime.storage.TraceCount.get(ctx))).toBe(full.length);
    expect(rt.read((ctx) => TestCoretime.storage.Trace.count(ctx))).toBe(7);
  });
});

describe("the mock relay with an existential deposit (mock.rs's mint_to_pot and burn_from_pot ignore their results)", () => {
  it("a revenue mint below the deposit is dropped instead of failing the broker's tick", () => {
    const rt = createBrokerMockRuntime({ constants: { Balances: { ExistentialDeposit: 10n } }, genesis: { Balances: { balances: [["1002", 20n]] } } });
    const call = (who: string | undefined, c: Extrinsic["call"]) => rt.applyExtrinsic({ origin: who === undefined ? Origin.root : Origin.signed(who), call: c });
    rt.openBlock(1);
    expect(call(undefined, Broker.call("start_sales", { end_price: 0n, extra_cores: 1 })).ok).toBe(true);
    rt.openBlock(5);
    expect(call("1002", Broker.call("purchase_credit", { amount: 20n, beneficiary: "1" })).ok).toBe(true);
    rt.openBlock(8);
    expect(call(undefined, TestCoretime.call("spend_instantaneous", { who: "1", price: 1n })).ok).toBe(true);
    rt.advanceTo(20); // the revenue requests mint 1 planck into an empty pot: dropped, the ticks go on
    expect(rt.blockNumber).toBe(20);
    expect(rt.read((ctx) => Balances.storage.Account.get(ctx, MOCK_POT))).toBeUndefined();
  });
});
