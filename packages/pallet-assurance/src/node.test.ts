import { beforeAll, describe, expect, it } from "vitest";
import { Origin, createNetwork, createRuntime, definePallet, ensureSigned, initCrypto, paraSovereignAccount, t, value, type Network } from "@corelab/frame";
import { Balances, fungibleOf } from "@corelab/pallet-balances";
import { TransactionPayment, chargeTransactionPayment, computeFee, type TransactionPaymentConfig } from "@corelab/pallet-transaction-payment";
import { Assurance, assuranceOrderTask, placeOrderAllowDeath, type AssuranceOrderTask, type OrderStrategy } from "./index.ts";

beforeAll(initCrypto);

/** A toy relay on-demand pallet: an order placed at block n runs its para at block n + 1. */
const FakeOnDemand = definePallet<Record<string, never>>()({
  name: "OnDemand",
  storage: {
    Queue: value(t.vec(t.u32), { default: () => [] }),
    Running: value(t.vec(t.u32), { default: () => [] }),
    Orders: value(t.vec(t.tuple([t.accountId, t.balance])), { default: () => [] }),
  },
  events: {},
  errors: {},
  calls: {
    place_order_allow_death: {
      index: 0,
      args: { max_amount: t.balance, para_id: t.u32 },
      dispatch(ctx, a): void {
        const who = ensureSigned(ctx.origin);
        FakeOnDemand.storage.Queue.mutate(ctx, (q) => [...q, a.para_id]);
        FakeOnDemand.storage.Orders.mutate(ctx, (o) => [...o, [who, a.max_amount] as [string, bigint]]);
      },
    },
  },
  hooks: {
    onInitialize(ctx): void {
      const q = FakeOnDemand.storage.Queue.get(ctx);
      FakeOnDemand.storage.Running.put(ctx, q.slice(0, 1));
      if (q.length > 0) FakeOnDemand.storage.Queue.put(ctx, q.slice(1));
    },
  },
});

const fees: TransactionPaymentConfig = { Currency: fungibleOf({ ExistentialDeposit: 1n }), FeePot: "pot", BaseFee: 10n, ByteFee: 0n, WeightFee: 0n, DefaultWeight: 0n };

function net(strategy: OrderStrategy, assurance: Record<string, unknown> = {}): { net: Network; task: AssuranceOrderTask } {
  const task = assuranceOrderTask({
    paraId: 2000,
    strategy,
    relay: {
      spotPrice: () => 100n,
      queued: (relay, id) => (relay.query("OnDemand", "Queue") as number[]).includes(id),
      orderCall: placeOrderAllowDeath,
    },
    feeOf: (para, xt) => para.read((ctx) => computeFee(ctx, fees, xt).final_fee),
  });
  const network = createNetwork({
    relay: createRuntime({ name: "relay", pallets: [FakeOnDemand.instance({})] }),
    chains: [
      {
        name: "para-2000",
        paraId: 2000,
        txPool: true,
        node: task,
        runtime: createRuntime({
          name: "para-2000",
          pallets: [Balances.instance({ ExistentialDeposit: 1n }), TransactionPayment.instance(fees), Assurance.instance({})],
          transactionExtension: chargeTransactionPayment(fees),
          genesis: { Balances: { balances: [["alice", 1_000_000n]] }, Assurance: { profit_threshold: 10n ** 18n, ...assurance } },
          retainBlocks: true,
        }),
      },
    ],
    scheduledParas: (relay) => relay.query("OnDemand", "Running") as number[],
  });
  return { net: network, task };
}

/** One remark at each of `at` (relay blocks), then run to relay block `to`. */
function run(n: Network, at: readonly number[], to: number): void {
  for (let b = 1; b <= to; b++) {
    n.openBlock(b);
    if (at.includes(b)) n.submit("para-2000", { origin: Origin.signed("alice"), call: { pallet: "System", name: "remark", args: { remark: new Uint8Array([1]) } } });
  }
  n.finalizeBlock();
}

describe("the order task in a network", () => {
  it("Policy: waits for profit (10 fees per tx, price 100: ten transactions), orders with the sovereign account, records on chain", () => {
    const { net: n, task } = net({ type: "Policy" });
    run(n, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 13);
    expect(task.stats).toMatchObject({ orders: 1, assuranceOrders: 0, spent: 100n });
    expect(n.relay.query("OnDemand", "Orders")).toEqual([[paraSovereignAccount(2000), 100n]]);
    expect(n.chain("para-2000").produced).toBe(1); // ordered at 11 (ten waiting), built at 12
    expect(n.chain("para-2000").lastRelayBlock).toBe(12);
    const para = n.chain("para-2000").runtime!;
    expect(para.query("Assurance", "Orders", 0n)).toMatchObject({ place_order_height: 11, gas: 100n });
  });

  it("NoAssurance never forces; Policy with assurance forces after the bid threshold", () => {
    const a = net({ type: "NoAssurance" }, { assurance: true, bid_threshold: 3 });
    run(a.net, [1], 12);
    expect(a.task.stats.orders).toBe(0);
    const b = net({ type: "Policy" }, { assurance: true, bid_threshold: 3 });
    run(b.net, [1], 12);
    expect(b.task.stats).toMatchObject({ orders: 1, assuranceOrders: 1 });
    expect(b.net.chain("para-2000").lastRelayBlock).toBe(5); // 4 > 0 + 3: ordered at 4, built at 5
  });

  it("Always orders whenever something waits; FixedInterval orders every k relay blocks, waiting or not", () => {
    const a = net({ type: "Always" });
    run(a.net, [1, 5], 10);
    expect(a.task.stats.orders).toBe(2);
    expect(a.net.chain("para-2000").produced).toBe(2);
    const f = net({ type: "FixedInterval", every: 4 });
    run(f.net, [], 12);
    expect(f.task.stats.orders).toBe(3); // relay blocks 4, 8, 12
    expect(f.task.stats.skips.IntervalNotReached).toBe(9);
  });
});
