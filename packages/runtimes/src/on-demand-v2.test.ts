// On-demand v2 (polkadot-sdk#10184) in the network presets: `constants: { OnDemand: { Version: 2 } }`
// swaps the relay's on-demand pallet for v2 and its core assignment for #10184's scheduler. The same
// order, placed in relay block 10 on a network with one pool core, on both eras; what is asserted
// is observable: the relay's events and storage (OnDemand, Coretime.Runs) and the blocks para 2000
// builds (`coresAt` and the para chain's own block count).
//
// Derivations (independent of the implementation):
// - v1: the order waits in FreeEntries; the core pops it in the next block's on_initialize (11),
//   so para 2000 builds at 11 only; report_processed at 12 clears its affinity.
// - v2: the order `(2000, ordered_at: 10)` is ready at 10 + 2 = 12 (`OrderQueue::pop_assignment_for_cores`).
//   At block 11 the pool core pops nothing for 11, and `advance_assignments` fills it from the
//   next block's peek (12: ready) → para 2000 at 11, the order still queued. At 12 it is popped
//   (served again, the queue empties); at 13 the core is empty again.
// - The claim queue the runtime API shows at block 10 (`peek_next_block`, from 11) already has
//   2000 at positions 0 and 1 under v2 (same block as the order), nothing under v1 before block 11.
import { initCrypto, type Network } from "@corelab/frame";
import { coresAt, paraOfRun } from "@corelab/pallet-coretime";
import { OnDemand, OnDemandV2, peekClaimQueue, type OnDemandConfig } from "@corelab/pallet-on-demand";
import { beforeAll, describe, expect, it } from "vitest";
import { KUSAMA_RELAY, createRelayNetwork } from "./network.ts";

beforeAll(initCrypto);

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

function network(version: 1 | 2): Network {
  return createRelayNetwork(KUSAMA_RELAY, {
    chains: new Set(["relay", "para-2000"]),
    constants: version === 2 ? { OnDemand: { Version: 2 } } : {},
    genesis: {
      "relay.Coretime": { core_count: 1, assignments: [{ core: 0, begin: 0, assignment: [["Pool", 57_600]], end_hint: null }] },
      "relay.Configuration": { on_demand_base_fee: "0.001 KSM" },
      "relay.Balances": { balances: { [ALICE]: "10 KSM" } },
    },
  });
}

/** Runs relay blocks 1..16 with one order of para 2000 by Alice in block 10; returns the blocks para 2000 built, and what block 10 saw. */
function run(version: 1 | 2): { built: number[]; producedByPara: number; orderEvents: string[]; claimQueueAt10?: Array<[number, number[]]> } {
  const net = network(version);
  const relay = net.relay;
  const built: number[] = [];
  let orderEvents: string[] = [];
  let claimQueueAt10: Array<[number, number[]]> | undefined;
  for (let n = 1; n <= 16; n++) {
    net.openBlock(n);
    if (relay.read(coresAt).some((r) => paraOfRun(r) === 2000)) built.push(n);
    if (n === 10) {
      const r = relay.applyExtrinsic({ origin: { type: "Signed", value: ALICE }, call: OnDemand.call("place_order_allow_death", { max_amount: 10n ** 10n, para_id: 2000 }) });
      expect(r.ok).toBe(true);
      orderEvents = relay.pendingEvents.filter((e) => e.event.type === "OnDemand").map((e) => e.event.value.type);
      if (version === 2) {
        const queue = relay.read((ctx) => OnDemandV2.storage.OrderStatus.get(ctx)).queue.queue;
        claimQueueAt10 = peekClaimQueue(queue, 11, 1, 3);
      }
    }
    net.finalizeBlock();
  }
  return { built, producedByPara: net.chain("para-2000").produced, orderEvents, ...(claimQueueAt10 ? { claimQueueAt10 } : {}) };
}

describe("on-demand v2 in kusama-network (Version: 2)", () => {
  it("v1 (default): the order placed at 10 is popped at 11 and served once", () => {
    const r = run(1);
    expect(r.orderEvents).toEqual(["OnDemandOrderPlaced"]);
    expect(r.built).toEqual([11]);
    expect(r.producedByPara).toBe(1); // the para chain built one block (at 11)
  });

  it("v2: the order is in the claim queue in block 10, runs at 11 (duplicated claim) and 12 (popped)", () => {
    const r = run(2);
    expect(r.orderEvents).toEqual(["OnDemandOrderPlaced"]);
    expect(r.claimQueueAt10).toEqual([[0, [2000, 2000]]]);
    expect(r.built).toEqual([11, 12]);
    expect(r.producedByPara).toBe(2); // the para chain built two blocks (11, 12)
  });

  it("v2 holds the v2 declaration (OrderStatus) and the order stays queued at 11, popped at 12", () => {
    const net = network(2);
    const relay = net.relay;
    expect(relay.pallets.get("OnDemand")!.pallet).toBe(OnDemandV2);
    expect((relay.pallet("OnDemand").config as OnDemandConfig).Version).toBe(2);
    const queueAt = (): number => relay.read((ctx) => OnDemandV2.storage.OrderStatus.get(ctx)).queue.queue.length;
    for (let n = 1; n <= 12; n++) {
      net.openBlock(n);
      if (n === 10) relay.applyExtrinsic({ origin: { type: "Signed", value: ALICE }, call: OnDemand.call("place_order_allow_death", { max_amount: 10n ** 10n, para_id: 2000 }) });
      if (n === 10) expect(queueAt()).toBe(1);
      if (n === 11) {
        expect(queueAt()).toBe(1); // peeked for 12, not taken
        expect(relay.read((ctx) => ctx.storage.getValue({ kind: "value", pallet: "Coretime", name: "Runs", prefix: "Coretime.Runs" }))).toEqual({ at: 11, runs: [[0, { type: "OnDemand", value: 2000 }]] });
      }
      if (n === 12) expect(queueAt()).toBe(0); // popped: ready at 10 + 2
      net.finalizeBlock();
    }
  });

  it("v1 stays the default: the relay holds the v1 declaration and the Coretime pallet its v1 port", () => {
    const relay = network(1).relay;
    expect(relay.pallets.get("OnDemand")!.pallet).toBe(OnDemand);
    expect(relay.pallet("Coretime").config).toMatchObject({ OnDemandVersion: 1 });
  });
});
