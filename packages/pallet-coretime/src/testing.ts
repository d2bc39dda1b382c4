/**
 * `@corelab/pallet-coretime/testing`: recording mock ports and a small relay runtime for tests.
 *
 * - `TestBroker`: a recording coretime chain as a pallet (its trace is state, so a failed call
 *   leaves no trace); `testBrokerNotifier()` is the `BrokerNotifier` that writes it.
 * - `TestOnDemand`: a stub on-demand provider over an in-state FIFO queue (call `place_order`),
 *   recording what was reported processed or pushed back, revenue and credits;
 *   `testOnDemandPort()` is the `OnDemandPort` over it.
 * - `createCoretimeTestRuntime(...)`: System, Balances, TestOnDemand, TestBroker, Coretime (with
 *   `BrokerOrigin` = Root or signed `TEST_BROKER_ORIGIN`), in that order.
 */
import { createRuntime, definePallet, ensureRootOrSignedBy, t, value, map, type Context, type Runtime } from "@corelab/frame";
import { Balances, type BalancesConfig } from "@corelab/pallet-balances";
import { coresAt } from "./cores.ts";
import type { BrokerNotifier, CoretimeConfig, OnDemandPort, RevenueTransactor } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { Balance, BlockNumber, CoreIndex, ParaId, type CoreRun } from "./types.ts";

/** One message the mock coretime chain received: `CoreCount(count)` or `Revenue { until, amount }`, with the relay block. */
export const BrokerNotification = t.struct("BrokerNotification", {
  block: BlockNumber,
  message: t.enumOf("BrokerMessage", {
    CoreCount: t.u32,
    Revenue: t.struct("Revenue", { until: BlockNumber, amount: Balance }),
  }),
});
/** A notification. */
export type BrokerNotification = {
  block: number;
  message: { type: "CoreCount"; value: number } | { type: "Revenue"; value: { until: number; amount: bigint } };
};

/** The recording coretime chain (no configuration, no calls). */
export const TestBroker = definePallet<Record<string, never>>()({
  name: "TestBroker",
  source: "Corelab mock (the coretime chain as the relay sees it)",
  docs: "Records notify_core_count and notify_revenue messages sent by the relay's Coretime pallet.",
  storage: {
    Notifications: value(t.vec(BrokerNotification), { default: () => [], docs: "Every message received, in order." }),
  },
  events: {},
  errors: {},
  calls: {},
});

function record(ctx: Context, message: BrokerNotification["message"]): void {
  TestBroker.storage.Notifications.mutate(ctx, (list) => {
    list.push({ block: ctx.blockNumber, message });
  });
}

/** The `BrokerNotifier` that records into `TestBroker.Notifications` (needs `TestBroker` in the runtime). */
export function testBrokerNotifier(): BrokerNotifier {
  return {
    notifyCoreCount: (ctx, count) => record(ctx, { type: "CoreCount", value: count }),
    notifyRevenue: (ctx, r) => record(ctx, { type: "Revenue", value: { until: r.until, amount: r.amount } }),
  };
}

/** What happened to a popped order: `Processed` (report_processed) or `PushedBack`. */
export const OrderOutcome = t.struct("OrderOutcome", {
  block: BlockNumber,
  para_id: ParaId,
  core: CoreIndex,
  outcome: t.enumOf("Outcome", { Processed: null, PushedBack: null }),
});
/** An order outcome. */
export type OrderOutcome = { block: number; para_id: number; core: number; outcome: { type: "Processed" | "PushedBack" } };

/** The stub on-demand provider: a FIFO of para ids, a trace, revenue per block and credits. */
export const TestOnDemand = definePallet<Record<string, never>>()({
  name: "TestOnDemand",
  source: "Corelab mock (a stand-in for on_demand::Pallet's assignment-provider API)",
  docs: "A FIFO on-demand queue: place_order pushes, pop_assignment_for_core takes the head.",
  // Credits as on_demand declares them: Blake2_128Concat of the account
  storage: {
    Queue: value(t.vec(ParaId), { default: () => [], docs: "Orders not yet popped, oldest first." }),
    Outcomes: value(t.vec(OrderOutcome), { default: () => [], docs: "report_processed / push_back_assignment received, in order." }),
    Revenue: value(t.vec(t.tuple([BlockNumber, Balance])), { default: () => [], docs: "Order prices by block, not yet claimed." }),
    Credits: map(t.accountId, Balance, { hasher: "Blake2_128Concat", docs: "On-demand credits by relay account (credit_account)." }),
  },
  events: {},
  errors: {},
  calls: {
    place_order: {
      index: 0,
      args: { para_id: ParaId, price: Balance },
      docs: "Appends an order of `para_id` and records `price` as revenue of this block. Any origin.",
      dispatch: (ctx, a) => placeOrder(ctx, a.para_id, a.price),
    },
  },
});

/** Appends an order to the stub queue and records its price as this block's revenue. */
export function placeOrder(ctx: Context, paraId: number, price = 0n): void {
  const S = TestOnDemand.storage;
  S.Queue.put(ctx, [...S.Queue.get(ctx), paraId]);
  if (price > 0n) S.Revenue.put(ctx, [...S.Revenue.get(ctx), [ctx.blockNumber, price]]);
}

/**
 * The `OnDemandPort` over `TestOnDemand` (needs it in the runtime): `popAssignmentForCore` takes
 * the queue's head (no write when the queue is empty); `reportProcessed` / `pushBackAssignment`
 * record an outcome (push-back also puts the order back at the front); `claimRevenueUntil(when)`
 * takes the revenue of blocks before `when`; `creditAccount` adds to `Credits[who]`.
 */
export function testOnDemandPort(): OnDemandPort {
  const S = TestOnDemand.storage;
  const outcome = (ctx: Context, para_id: number, core: number, type: "Processed" | "PushedBack") =>
    S.Outcomes.mutate(ctx, (list) => {
      list.push({ block: ctx.blockNumber, para_id, core, outcome: { type } });
    });
  return {
    popAssignmentForCore(ctx) {
      const queue = S.Queue.get(ctx);
      if (queue.length === 0) return undefined;
      S.Queue.put(ctx, queue.slice(1));
      return queue[0];
    },
    reportProcessed: (ctx, para, core) => outcome(ctx, para, core, "Processed"),
    pushBackAssignment(ctx, para, core) {
      outcome(ctx, para, core, "PushedBack");
      S.Queue.put(ctx, [para, ...S.Queue.get(ctx)]);
    },
    claimRevenueUntil(ctx, when) {
      let total = 0n;
      const all = S.Revenue.get(ctx);
      const kept: Array<[number, bigint]> = [];
      for (const [n, amount] of all) {
        if (n < when) total += amount;
        else kept.push([n, amount]);
      }
      if (kept.length !== all.length) S.Revenue.put(ctx, kept);
      return total;
    },
    creditAccount(ctx, who, amount) {
      S.Credits.insert(ctx, who, (S.Credits.get(ctx, who) ?? 0n) + amount);
    },
  };
}

/** The signed origin the test runtime accepts as the coretime chain (besides Root). */
export const TEST_BROKER_ORIGIN = "broker";

/** The test runtime's `BrokerId` (Kusama/Polkadot's coretime chain). */
export const TEST_BROKER_ID = 1005;

/** Options of `createCoretimeTestRuntime`. */
export interface CoretimeTestOptions {
  /** Runtime name (default `coretime-relay-mock`). */
  readonly name?: string;
  /** `Coretime` constant overrides (`BrokerId`, `CoreCountDelay`). */
  readonly constants?: Partial<Pick<CoretimeConfig, "BrokerId" | "CoreCountDelay">>;
  /** Another on-demand port (default `testOnDemandPort()`). */
  readonly onDemand?: OnDemandPort;
  /** Another broker notifier (default `testBrokerNotifier()`). */
  readonly broker?: BrokerNotifier;
  /** The revenue teleport's funds side (default none: revenue is only reported). See `burnFromPot`. */
  readonly revenueTransactor?: RevenueTransactor;
  /** Genesis per pallet (`Coretime: { core_count, assignments }`, `Balances: { balances }`). */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/** The `CoretimeConfig` of the test runtime. */
export function coretimeTestConfig(opts: Pick<CoretimeTestOptions, "constants" | "onDemand" | "broker" | "revenueTransactor"> = {}): CoretimeConfig {
  return {
    BrokerId: TEST_BROKER_ID,
    CoreCountDelay: 1,
    ...opts.constants,
    BrokerOrigin: ensureRootOrSignedBy([TEST_BROKER_ORIGIN]),
    Broker: opts.broker ?? testBrokerNotifier(),
    OnDemand: opts.onDemand ?? testOnDemandPort(),
    ...(opts.revenueTransactor ? { RevenueTransactor: opts.revenueTransactor } : {}),
  };
}

/**
 * A relay runtime for tests: System, Balances (existential deposit 1), TestOnDemand, TestBroker,
 * Coretime (`coretimeTestConfig`). Calls before block 1 apply on top of genesis.
 */
export function createCoretimeTestRuntime(opts: CoretimeTestOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: 1n };
  return createRuntime({
    name: opts.name ?? "coretime-relay-mock",
    pallets: [
      Balances.instance(balances),
      TestOnDemand.instance({}),
      TestBroker.instance({}),
      Coretime.instance(coretimeTestConfig(opts)),
    ],
    genesis: opts.genesis as Record<string, Record<string, unknown>> | undefined,
    retainBlocks: opts.retainBlocks,
  });
}

/** The notifications the mock coretime chain received. */
export function brokerNotifications(rt: Runtime): readonly BrokerNotification[] {
  return rt.read((ctx) => TestBroker.storage.Notifications.get(ctx));
}

/** The order outcomes the stub on-demand provider received. */
export function orderOutcomes(rt: Runtime): readonly OrderOutcome[] {
  return rt.read((ctx) => TestOnDemand.storage.Outcomes.get(ctx));
}

/** What each core runs in the runtime's current block (`coresAt` on the current state). */
export function coreRuns(rt: Runtime): readonly CoreRun[] {
  return rt.read(coresAt);
}
