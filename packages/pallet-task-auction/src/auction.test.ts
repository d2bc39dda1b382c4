// End-to-end block sequences through the mock runtime: posting and escrow, the price at each
// block of the descent, bad bids, the tie-break, no sale → self-execution, settlements through the
// recording ports, timeouts, cancellation, load-dependent floors and cheap hooks.
import { DispatchErrors, Origin, fail, initCrypto, type DispatchOutcome, type Runtime } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { beforeAll, describe, expect, it } from "vitest";
import { TaskAuction } from "./pallet.ts";
import type { CollateralPort } from "./interfaces.ts";
import { MOCK_ESCROW, MOCK_FORFEIT_ACCOUNT, MockCollateral, MockReputation, createTaskAuctionMockRuntime, mockCollateralPort, type TaskAuctionConstants } from "./testing.ts";

beforeAll(initCrypto);

const S = TaskAuction.storage;
const HALF = 500_000_000;
const OP = "op";

type Ev = { block: number; type: string; value: Record<string, unknown> };

class Mock {
  readonly rt: Runtime;
  private readonly log: Ev[] = [];
  constructor(
    opts: { constants?: Partial<TaskAuctionConstants>; reputations?: Array<[string, number]>; collateral?: Array<[string, bigint]>; port?: CollateralPort } = {},
  ) {
    this.rt = createTaskAuctionMockRuntime({
      constants: { TaskAuction: opts.constants },
      collateral: opts.port,
      genesis: {
        Balances: { balances: [[OP, 10_000n]] },
        MockCollateral: { operators: [OP], collateral: opts.collateral ?? [["a", 1000n], ["b", 1000n], ["c", 1000n]] },
        MockReputation: { reputations: opts.reputations ?? [["a", 800_000_000], ["b", 800_000_000], ["c", 800_000_000]] },
      },
    });
    this.rt.onBlock((b) => {
      for (const e of b.events) if (e.event.type === "TaskAuction") this.log.push({ block: b.number, type: e.method, value: { ...e.data } });
    });
  }
  call(who: string, name: string, args: Record<string, unknown>): DispatchOutcome {
    const origin: Origin = who === "root" ? { type: "Root" } : { type: "Signed", value: who };
    return this.rt.applyExtrinsic({ origin, call: { pallet: "TaskAuction", name, args } });
  }
  ok(who: string, name: string, args: Record<string, unknown>): void {
    expect(this.call(who, name, args)).toEqual({ ok: true });
  }
  /** Expects `TaskAuction.<error>` and no change of state at all. */
  rejects(who: string, name: string, args: Record<string, unknown>, error: keyof typeof TaskAuction.errors & string): void {
    const before = this.rt.pendingChanges();
    expect(this.call(who, name, args)).toEqual({ ok: false, error: TaskAuction.err(error) });
    expect(this.rt.pendingChanges()).toEqual(before);
  }
  to(n: number): void {
    this.rt.openBlock(n);
  }
  events(type?: string): Ev[] {
    return type ? this.log.filter((e) => e.type === type) : this.log;
  }
  read<R>(f: (ctx: Parameters<Parameters<Runtime["read"]>[0]>[0]) => R): R {
    return this.rt.read(f);
  }
  balance(who: string): bigint {
    return this.read((ctx) => Balances.storage.Account.get(ctx, who)?.free ?? 0n);
  }
  /** Registers a, b, c (capacity 10 each) at block 1 and posts task 0 (complexity 4, reward 1000) at block 2. */
  static posted(opts?: ConstructorParameters<typeof Mock>[0]): Mock {
    const m = new Mock(opts);
    m.to(1);
    for (const who of ["a", "b", "c"]) m.ok(who, "register_coprocessor", { capacity: 10 });
    m.to(2);
    m.ok(OP, "post_task", { complexity: 4, reward: 1000n });
    return m;
  }
}

describe("posting", () => {
  it("escrows the reward and opens the auction from 1000 to the idle-network floor 100", () => {
    const m = Mock.posted();
    expect(m.balance(OP)).toBe(9000n);
    expect(m.balance(MOCK_ESCROW)).toBe(1000n);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0))).toEqual({
      operator: OP,
      complexity: 4,
      reward: 1000n,
      posted_at: 2,
      start_price: 1000n,
      floor_price: 100n,
      collateral: 500n,
      status: { type: "Auction" },
    });
    expect(m.read((ctx) => S.AuctionEnds.get(ctx, 13))).toEqual([0]);
    m.to(3);
    expect(m.events("TaskPosted")).toEqual([
      { block: 2, type: "TaskPosted", value: { task_id: 0, operator: OP, complexity: 4, reward: 1000n, start_price: 1000n, floor_price: 100n, collateral: 500n, ends_at: 12 } },
    ]);
  });

  it("rejects inactive operators, zero complexity and zero reward, changing nothing", () => {
    const m = new Mock();
    m.to(1);
    m.rejects("a", "post_task", { complexity: 1, reward: 10n }, "NotActiveOperator");
    m.rejects(OP, "post_task", { complexity: 0, reward: 10n }, "ZeroComplexity");
    m.rejects(OP, "post_task", { complexity: 1, reward: 0n }, "ZeroReward");
    expect(m.call(OP, "post_task", { complexity: 1, reward: 20_000n })).toMatchObject({ ok: false, error: { type: "Token" } });
  });

  it("the floor follows network utilisation: at the target 400, at full load 700", () => {
    const m = new Mock({ reputations: [["a", HALF], ["b", HALF]], collateral: [["a", 10_000n], ["b", 10_000n]] });
    m.to(1);
    m.ok("a", "register_coprocessor", { capacity: 10 });
    m.ok("b", "register_coprocessor", { capacity: 10 });
    m.ok(OP, "post_task", { complexity: 14, reward: 1000n }); // task 0: idle, floor 100
    m.ok(OP, "post_task", { complexity: 6, reward: 1000n }); // task 1
    expect(m.call("a", "bid", { task_id: 0, price_limit: 1000n })).toMatchObject({ ok: false }); // 14 > 10: OverCapacity
    m.ok("b", "register_coprocessor", { capacity: 20 }); // total capacity 30
    m.ok("b", "bid", { task_id: 0, price_limit: 1000n });
    m.to(2); // b: load 14 of 20; network 14 / 30
    m.ok("a", "register_coprocessor", { capacity: 6 });
    m.ok("b", "register_coprocessor", { capacity: 14 }); // network: load 14 of 6 + 14 = 70 % = the target
    m.ok(OP, "post_task", { complexity: 1, reward: 1000n }); // task 2
    expect(m.read((ctx) => S.Tasks.get(ctx, 2)?.floor_price)).toBe(400n);
    m.ok("a", "bid", { task_id: 1, price_limit: 1000n });
    m.to(3); // a: 6 of 6; network 20 / 20 = 100 %
    m.ok(OP, "post_task", { complexity: 1, reward: 1000n }); // task 3
    expect(m.read((ctx) => S.Tasks.get(ctx, 3)?.floor_price)).toBe(700n);
    expect(m.read((ctx) => S.NetworkLoad.get(ctx))).toEqual({ capacity: 20n, load: 20n });
  });

  it("TargetSmoothing moves LoadTarget towards the utilisation at each posting", () => {
    const m = new Mock({ constants: { TargetSmoothing: 100_000_000 } });
    m.to(1);
    m.ok("a", "register_coprocessor", { capacity: 10 });
    m.ok(OP, "post_task", { complexity: 1, reward: 100n }); // u = 0: 0.9 · 70 % = 63 %
    expect(m.read((ctx) => S.LoadTarget.get(ctx))).toBe(630_000_000);
    m.ok(OP, "post_task", { complexity: 1, reward: 100n });
    expect(m.read((ctx) => S.LoadTarget.get(ctx))).toBe(567_000_000);
  });
});

describe("the descent", () => {
  it("a bid at each block of the descent pays 1000 − 90·τ; the winner gets reward − price", () => {
    for (let tau = 0; tau <= 10; tau++) {
      const m = Mock.posted();
      if (tau > 0) m.to(2 + tau);
      m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
      m.to(3 + tau);
      const price = 1000n - 90n * BigInt(tau);
      expect(m.events("BidPlaced")).toEqual([{ block: 2 + tau, type: "BidPlaced", value: { task_id: 0, bidder: "a", price } }]);
      expect(m.events("TaskAssigned")).toEqual([
        { block: 2 + tau, type: "TaskAssigned", value: { task_id: 0, coprocessor: "a", price, payment: 1000n - price, collateral: 500n, deadline: 22 + tau } },
      ]);
    }
  });

  it("ends unsold at posted_at + D + 1: the operator self-executes", () => {
    const m = Mock.posted();
    m.to(12);
    m.to(13);
    m.rejects("a", "bid", { task_id: 0, price_limit: 1000n }, "AuctionEnded");
    expect(m.read((ctx) => S.Tasks.get(ctx, 0)?.status)).toEqual({ type: "SelfExecuting", value: { deadline: 33 } });
    m.to(14);
    expect(m.events("SelfExecutionStarted")).toEqual([{ block: 13, type: "SelfExecutionStarted", value: { task_id: 0, operator: OP, deadline: 33 } }]);
    expect(m.read((ctx) => S.AuctionEnds.get(ctx, 13))).toBeUndefined();
    expect(m.read((ctx) => S.Deadlines.get(ctx, 33))).toEqual([0]);
  });
});

describe("bad bids change nothing", () => {
  it("BelowFloor, Overpriced, OverCapacity, InsufficientCollateral, LowReputation, OwnTask, NotCoprocessor, UnknownTask, AlreadyBid", () => {
    const m = Mock.posted({ reputations: [["a", 800_000_000], ["b", 400_000_000], ["c", 800_000_000]], collateral: [["a", 1000n], ["b", 1000n], ["c", 499n]] });
    m.to(5); // τ = 3: price 730
    m.rejects("a", "bid", { task_id: 0, price_limit: 99n }, "BelowFloor");
    m.rejects("a", "bid", { task_id: 0, price_limit: 729n }, "Overpriced");
    m.rejects("b", "bid", { task_id: 0, price_limit: 730n }, "LowReputation");
    m.rejects("c", "bid", { task_id: 0, price_limit: 730n }, "InsufficientCollateral");
    m.rejects(OP, "bid", { task_id: 0, price_limit: 730n }, "OwnTask");
    m.rejects("d", "bid", { task_id: 0, price_limit: 730n }, "NotCoprocessor");
    m.rejects("a", "bid", { task_id: 9, price_limit: 730n }, "UnknownTask");
    m.ok("a", "register_coprocessor", { capacity: 3 });
    m.rejects("a", "bid", { task_id: 0, price_limit: 730n }, "OverCapacity");
    m.ok("a", "register_coprocessor", { capacity: 10 });
    m.ok("a", "bid", { task_id: 0, price_limit: 730n });
    m.rejects("a", "bid", { task_id: 0, price_limit: 730n }, "AlreadyBid");
    m.to(6); // sold at 730 in block 5
    m.rejects("c", "bid", { task_id: 0, price_limit: 1000n }, "AuctionEnded");
  });

  it("MaxBids bounds the bids of one block", () => {
    const m = Mock.posted({ constants: { MaxBids: 1 } });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.rejects("b", "bid", { task_id: 0, price_limit: 1000n }, "TooManyBids");
  });
});

describe("tie-break", () => {
  it("highest reputation wins; then the lower utilisation; then the earlier bid", () => {
    // reputation: c beats a and b
    let m = Mock.posted({ reputations: [["a", 800_000_000], ["b", 800_000_000], ["c", 900_000_000]] });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("b", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("c", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    expect(m.events().filter((e) => e.type === "TaskAssigned" || e.type === "BidLost").map((e) => [e.type, e.value.coprocessor ?? e.value.bidder])).toEqual([
      ["TaskAssigned", "c"],
      ["BidLost", "a"],
      ["BidLost", "b"],
    ]);
    // utilisation: equal reputation, b is idle and a is loaded (3 of 10 from task 1)
    m = Mock.posted();
    m.ok(OP, "post_task", { complexity: 3, reward: 100n }); // task 1
    m.ok("a", "bid", { task_id: 1, price_limit: 100n });
    m.to(3); // a: load 3
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("b", "bid", { task_id: 0, price_limit: 1000n });
    m.to(4);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0)?.status)).toMatchObject({ type: "Assigned", value: { coprocessor: "b" } });
    // all equal: the earlier bid
    m = Mock.posted();
    m.ok("b", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0)?.status)).toMatchObject({ type: "Assigned", value: { coprocessor: "b" } });
  });

  it("a winner that became ineligible in the same block is skipped for the next bidder", () => {
    const m = Mock.posted({ reputations: [["a", 900_000_000], ["b", 800_000_000]] });
    m.ok(OP, "post_task", { complexity: 8, reward: 1000n }); // task 1, same block
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("a", "bid", { task_id: 1, price_limit: 1000n });
    m.ok("b", "bid", { task_id: 1, price_limit: 1000n });
    m.to(3); // task 0 → a (load 4 of 10); task 1 needs 8: a no longer fits → b
    expect(m.read((ctx) => S.Tasks.get(ctx, 1)?.status)).toMatchObject({ type: "Assigned", value: { coprocessor: "b" } });
    expect(m.events("BidLost")).toEqual([{ block: 2, type: "BidLost", value: { task_id: 1, bidder: "a" } }]);
  });
});

describe("settlement", () => {
  it("success: payment to the coprocessor, the price back to the operator, collateral released, outcome recorded", () => {
    const m = Mock.posted();
    m.to(7); // τ = 5: price 550
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(8);
    expect(m.read((ctx) => MockCollateral.storage.Locked.get(ctx, ["a", 0]))).toBe(500n);
    expect(m.read((ctx) => S.Coprocessors.get(ctx, "a"))).toEqual({ capacity: 10, load: 4 });
    m.ok("root", "report_outcome", { task_id: 0, success: true, quality: 900_000_000 });
    expect(m.balance("a")).toBe(450n);
    expect(m.balance(OP)).toBe(9550n);
    expect(m.balance(MOCK_ESCROW)).toBe(0n);
    expect(m.read((ctx) => MockCollateral.storage.Trace.get(ctx))).toEqual([
      { block: 7, who: "a", task_id: 0, op: { type: "Lock", value: { amount: 500n } } },
      { block: 8, who: "a", task_id: 0, op: { type: "Release", value: { amount: 500n } } },
    ]);
    expect(m.read((ctx) => MockReputation.storage.Outcomes.get(ctx))).toEqual([{ block: 8, who: "a", task_id: 0, success: true, quality: 900_000_000 }]);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0))).toBeUndefined();
    expect(m.read((ctx) => S.Deadlines.get(ctx, 27))).toBeUndefined();
    expect(m.read((ctx) => S.NetworkLoad.get(ctx))).toEqual({ capacity: 30n, load: 0n });
    m.to(9);
    expect(m.events("TaskSucceeded")).toEqual([{ block: 8, type: "TaskSucceeded", value: { task_id: 0, executor: "a", payment: 450n, refund: 550n } }]);
  });

  it("failure: the reward back to the operator, slash then release through the port, failure recorded", () => {
    const m = Mock.posted();
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n }); // τ = 0: price 1000, payment 0
    m.to(5);
    expect(m.call("a", "report_outcome", { task_id: 0, success: false, quality: undefined })).toEqual({ ok: false, error: { type: "BadOrigin" } });
    m.ok("root", "report_outcome", { task_id: 0, success: false, quality: undefined });
    expect(m.balance(OP)).toBe(10_000n);
    expect(m.read((ctx) => MockCollateral.storage.Trace.get(ctx)).map((x) => x.op)).toEqual([
      { type: "Lock", value: { amount: 500n } },
      { type: "Slash", value: { fraction: 100_000_000, harmed: OP, amount: 50n } },
      { type: "Release", value: { amount: 450n } },
    ]);
    expect(m.read((ctx) => MockCollateral.storage.Collateral.get(ctx, "a"))).toBe(950n);
    expect(m.read((ctx) => MockReputation.storage.Outcomes.get(ctx))).toEqual([{ block: 5, who: "a", task_id: 0, success: false, quality: undefined }]);
    expect(m.read((ctx) => S.Coprocessors.get(ctx, "a"))).toEqual({ capacity: 10, load: 0 });
    m.to(6);
    expect(m.events("TaskFailed")).toEqual([
      { block: 5, type: "TaskFailed", value: { task_id: 0, executor: "a", refund: 1000n, forfeit: 0n, slash_fraction: 100_000_000, timed_out: false } },
    ]);
  });

  it("an assigned task not reported before its deadline fails as timed out in on_initialize", () => {
    const m = Mock.posted();
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n }); // deadline 22
    m.to(21);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0)?.status.type)).toBe("Assigned");
    m.to(22);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0))).toBeUndefined();
    m.rejects("root", "report_outcome", { task_id: 0, success: true, quality: undefined }, "UnknownTask");
    m.to(23);
    expect(m.events("TaskFailed")).toEqual([
      { block: 22, type: "TaskFailed", value: { task_id: 0, executor: "a", refund: 1000n, forfeit: 0n, slash_fraction: 100_000_000, timed_out: true } },
    ]);
    expect(m.read((ctx) => MockCollateral.storage.Slashed.get(ctx, "a"))).toBe(50n);
  });

  it("self-execution: success refunds the operator; failure or timeout forfeits the reward", () => {
    let m = Mock.posted();
    m.to(13);
    m.ok("root", "report_outcome", { task_id: 0, success: true, quality: undefined });
    expect(m.balance(OP)).toBe(10_000n);
    m = Mock.posted();
    m.to(13);
    m.ok("root", "report_outcome", { task_id: 0, success: false, quality: undefined });
    expect(m.balance(OP)).toBe(9000n);
    expect(m.balance(MOCK_FORFEIT_ACCOUNT)).toBe(1000n);
    expect(m.read((ctx) => MockReputation.storage.Outcomes.get(ctx))).toEqual([]);
    m = Mock.posted();
    m.to(34);
    expect(m.balance(MOCK_FORFEIT_ACCOUNT)).toBe(1000n);
    expect(m.events("TaskFailed")).toEqual([
      { block: 33, type: "TaskFailed", value: { task_id: 0, executor: OP, refund: 0n, forfeit: 1000n, slash_fraction: 0, timed_out: true } },
    ]);
  });

  it("report_outcome on a task still in auction: NotExecuting", () => {
    const m = Mock.posted();
    m.rejects("root", "report_outcome", { task_id: 0, success: true, quality: undefined }, "NotExecuting");
  });
});

describe("cancellation and coprocessors", () => {
  it("the operator cancels a task in auction with no bid in the block", () => {
    const m = Mock.posted();
    m.rejects("a", "cancel_task", { task_id: 0 }, "NotTaskOperator");
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.rejects(OP, "cancel_task", { task_id: 0 }, "HasBids");
    m.to(3);
    m.rejects(OP, "cancel_task", { task_id: 0 }, "AuctionEnded");
    m.ok(OP, "post_task", { complexity: 1, reward: 300n }); // task 1
    m.ok(OP, "cancel_task", { task_id: 1 });
    expect(m.balance(OP)).toBe(9000n);
    expect(m.read((ctx) => [S.Tasks.get(ctx, 1), S.AuctionEnds.get(ctx, 14)])).toEqual([undefined, undefined]);
  });

  it("capacity changes keep the load; a busy coprocessor cannot leave", () => {
    const m = Mock.posted();
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    m.rejects("a", "register_coprocessor", { capacity: 3 }, "CapacityBelowLoad");
    m.rejects("a", "register_coprocessor", { capacity: 0 }, "ZeroCapacity");
    m.rejects("a", "deregister_coprocessor", {}, "CoprocessorBusy");
    m.rejects("d", "deregister_coprocessor", {}, "NotCoprocessor");
    m.ok("b", "deregister_coprocessor", {});
    expect(m.read((ctx) => S.NetworkLoad.get(ctx))).toEqual({ capacity: 20n, load: 4n });
  });
});

describe("hooks", () => {
  it("write nothing when nothing is due", () => {
    const m = Mock.posted();
    m.to(3);
    m.rt.finalizeBlock();
    const before = m.rt.state;
    m.to(10);
    expect(m.rt.state).toBe(before); // blocks 4..9 committed no change
    expect(m.rt.pendingChanges()).toEqual([]); // nor has block 10's on_initialize
  });
});

describe("zero collateral", () => {
  it("CollateralRatio 0: no lock, and no port call at settlement", () => {
    const m = Mock.posted({ constants: { CollateralRatio: 0 }, collateral: [] });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    m.ok("root", "report_outcome", { task_id: 0, success: false, quality: undefined });
    expect(m.read((ctx) => MockCollateral.storage.Trace.get(ctx))).toEqual([]);
    expect(m.read((ctx) => MockReputation.storage.Outcomes.get(ctx))).toHaveLength(1);
  });
});

describe("hooks never throw", () => {
  const base = mockCollateralPort();
  const failing = (which: "lock" | "slash", who: string): CollateralPort => ({
    ...base,
    lockCollateral: (ctx, w, id, amount) => (which === "lock" && w === who ? fail(DispatchErrors.other("lock refused")) : base.lockCollateral(ctx, w, id, amount)),
    slashCollateral: (ctx, w, id, f, h) => (which === "slash" && w === who ? fail(DispatchErrors.other("slash refused")) : base.slashCollateral(ctx, w, id, f, h)),
  });

  it("a winner whose collateral lock fails is skipped for the next bidder", () => {
    const m = Mock.posted({ port: failing("lock", "a"), reputations: [["a", 900_000_000], ["b", 800_000_000]] });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.ok("b", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0)?.status)).toMatchObject({ type: "Assigned", value: { coprocessor: "b" } });
    expect(m.read((ctx) => S.Coprocessors.get(ctx, "a"))).toEqual({ capacity: 10, load: 0 });
  });

  it("a timeout whose slash fails still settles: refund, release, outcome, event", () => {
    const m = Mock.posted({ port: failing("slash", "a") });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(23);
    expect(m.read((ctx) => S.Tasks.get(ctx, 0))).toBeUndefined();
    expect(m.balance(OP)).toBe(10_000n);
    expect(m.read((ctx) => MockCollateral.storage.Trace.get(ctx)).map((x) => x.op.type)).toEqual(["Lock", "Release"]);
    expect(m.events("TaskFailed")).toHaveLength(1);
  });

  it("in a call, the same failure rolls report_outcome back", () => {
    const m = Mock.posted({ port: failing("slash", "a") });
    m.ok("a", "bid", { task_id: 0, price_limit: 1000n });
    m.to(3);
    const before = m.rt.pendingChanges();
    expect(m.call("root", "report_outcome", { task_id: 0, success: false, quality: undefined })).toEqual({ ok: false, error: DispatchErrors.other("slash refused") });
    expect(m.rt.pendingChanges()).toEqual(before);
  });
});
