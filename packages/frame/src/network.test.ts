import { beforeAll, describe, expect, it } from "vitest";
import { Counter } from "./__fixtures__/counter.ts";
import { BROKER_PARA, FakeBroker, FakeCores } from "./__fixtures__/network-pallets.ts";
import { accountIdBytes, initCrypto, resolveAccount } from "./accounts.ts";
import { Origin } from "./dispatch.ts";
import { RuntimeUsageError, UnknownNameError } from "./errors.ts";
import { Outbox, createNetwork, paraSovereignAccount, xcmOrigin, type Network, type NetworkOptions } from "./network.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { exportRawState } from "./raw-state.ts";
import { storagePrefix } from "./storage-key.ts";
import type { MapState } from "./map-state.ts";

beforeAll(initCrypto);

/** What cores run: the para ids of `FakeCores.Assigned`, one array per distinct map object. */
function coreReader(): (relay: Runtime) => readonly number[] {
  let lastMap: unknown;
  let last: readonly number[] = [];
  return (relay) => {
    const m = relay.read((ctx) => FakeCores.storage.Assigned.version(ctx));
    if (m !== lastMap) {
      lastMap = m;
      last = m === undefined ? [] : (m as MapState<number, number>).entries().map(([, para]) => para);
    }
    return last;
  };
}

function network(opts: Partial<NetworkOptions> & { paras?: boolean } = {}): Network {
  return createNetwork({
    relay: () => createRuntime({ name: "relay", pallets: [Outbox.instance({}), FakeCores.instance({})], retainBlocks: true }),
    chains: [
      {
        name: "coretime",
        paraId: BROKER_PARA,
        every: 2,
        runtime: (link) =>
          createRuntime({ name: "coretime", pallets: [Outbox.instance({}), FakeBroker.instance({ relayBlock: () => link.relayBlockNumber() })], retainBlocks: true }),
      },
      ...(opts.paras === false
        ? []
        : [
            { name: "para-2000", paraId: 2000, runtime: createRuntime({ name: "para-2000", pallets: [Counter.instance({ Max: 100 })], retainBlocks: true }) },
            { name: "para-2001", paraId: 2001 },
          ]),
    ],
    scheduledParas: coreReader(),
    ...opts,
  });
}

const alice = Origin.signed("alice");
const coretime = (net: Network) => net.chain("coretime").runtime!;

/** The relay block at which the relay applied a call `FakeCores.<name>`. */
function relayBlockOf(net: Network, name: string): number | undefined {
  return net.relay.blocks.find((b) => b.extrinsics.some((x) => x.call.name === name))?.number;
}

describe("createNetwork", () => {
  it("builds the relay every block and the coretime chain every second relay block, reading the relay clock", () => {
    const net = network({ paras: false });
    net.advanceTo(6);
    expect(net.relay.blockNumber).toBe(6);
    expect(coretime(net).blockNumber).toBe(3);
    expect(coretime(net).query("FakeBroker", "RelayAt")).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(net.chain("coretime").produced).toBe(3);
  });

  it("delivers a message after the configured delay, with the sender's origin, at the start of the destination's block", () => {
    for (const [delay, at] of [
      [1, 3],
      [3, 5],
    ] as const) {
      const net = network({ paras: false, messageDelay: delay });
      net.openBlock(2); // coretime block 1
      coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 0, para: 2000 }) });
      expect(net.chain("relay").pending).toHaveLength(0); // taken when the block is finalized
      net.advanceTo(at - 1);
      expect(net.relay.query("FakeCores", "Assigned")).toEqual([]);
      expect(net.chain("relay").pending.map((m) => [m.from, m.sentAt, m.deliverAt])).toEqual([["coretime", 2, at]]);
      net.openBlock(at);
      const assigned = net.relay.pendingEvents.map((e) => `${e.section}.${e.method}`);
      expect(assigned).toEqual(["FakeCores.CoreAssigned", "System.ExtrinsicSuccess"]);
      net.finalizeBlock();
      const xt = net.relay.lastBlock!.extrinsics[0]!;
      expect(xt.origin).toEqual({ type: "Parachain", value: BROKER_PARA });
      expect(xt.result).toEqual({ ok: true });
      expect(relayBlockOf(net, "assign_core")).toBe(at);
    }
  });

  it("answers wait for the destination's next block; a message may carry its own delay", () => {
    const net = network({ paras: false });
    net.openBlock(2);
    coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("request", { count: 7, delay: undefined }) });
    net.advanceTo(3); // relay applies request_core_count at 3 and answers
    expect(net.relay.query("FakeCores", "CoreCount")).toBe(7);
    expect(coretime(net).query("FakeBroker", "Notified")).toBeUndefined();
    net.advanceTo(4); // coretime block 2 at relay 4: answer due at 4
    expect(coretime(net).query("FakeBroker", "Notified")).toBe(7);
    expect(coretime(net).lastBlock!.extrinsics[0]!.origin).toEqual({ type: "Root" });

    const slow = network({ paras: false });
    slow.openBlock(2);
    coretime(slow).applyExtrinsic({ origin: alice, call: FakeBroker.call("request", { count: 7, delay: 4 }) });
    slow.advanceTo(5);
    expect(slow.relay.query("FakeCores", "CoreCount")).toBeUndefined();
    slow.advanceTo(6);
    expect(relayBlockOf(slow, "request_core_count")).toBe(6);
    // answer sent at relay 6, due at 7: the coretime chain's next block is at relay 8
    slow.advanceTo(7);
    expect(coretime(slow).query("FakeBroker", "Notified")).toBeUndefined();
    slow.advanceTo(8);
    expect(coretime(slow).query("FakeBroker", "Notified")).toBe(7);
  });

  it("keeps a block's messages in its state, and clears them before the chain's next block", () => {
    const net = network({ paras: false });
    net.openBlock(2);
    coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 0, para: 2000 }) });
    net.advanceTo(3);
    expect(coretime(net).lastBlock!.number).toBe(1);
    expect(coretime(net).query("Outbox", "Messages")).toHaveLength(1);
    net.advanceTo(4);
    expect(coretime(net).query("Outbox", "Messages")).toEqual([]);
    expect(net.chain("relay").pending).toHaveLength(0);
    expect(net.relay.query("FakeCores", "Assigned")).toHaveLength(1); // delivered once
  });

  it("sends nothing when the dispatch fails", () => {
    const net = network({ paras: false });
    net.openBlock(2);
    const r = coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("send_then_fail", {}) });
    expect(r.ok).toBe(false);
    net.advanceTo(10);
    expect(net.relay.query("FakeCores", "CoreCount")).toBeUndefined();
    expect(net.chain("relay").pending).toHaveLength(0);
  });

  it("a parachain produces a block only in relay blocks in which a core runs it; light parachains only count", () => {
    const net = network();
    net.advanceTo(5);
    expect(net.chain("para-2000").produced).toBe(0);
    expect(net.chain("para-2000").runtime!.blockNumber).toBe(0);
    net.openBlock(6);
    coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 0, para: 2000 }) });
    coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 1, para: 2001 }) });
    net.advanceTo(6);
    expect(net.chain("para-2000").produced).toBe(0);
    net.advanceTo(7); // assignments delivered at the start of relay block 7: cores run them from 7
    expect(net.chain("para-2000").produced).toBe(1);
    net.advanceTo(10);
    expect(net.chain("para-2000").produced).toBe(4);
    expect(net.chain("para-2000").runtime!.blockNumber).toBe(4);
    expect(net.chain("para-2000").lastRelayBlock).toBe(10);
    expect(net.chain("para-2001").produced).toBe(4);
    expect(net.chain("para-2001").runtime).toBeUndefined();
    expect(net.chain("relay").produced).toBe(10);
  });

  it("builds the chains of a relay block in a fixed order: relay, then the others in configuration order", () => {
    const net = network();
    const seen: string[] = [];
    net.onBlock((c, b) => seen.push(`${c.name}#${b.number}`));
    net.openBlock(2);
    coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 0, para: 2000 }) });
    net.advanceTo(4);
    expect(seen).toEqual(["relay#0", "coretime#0", "para-2000#0", "relay#1", "relay#2", "coretime#1", "relay#3", "para-2000#1", "relay#4", "coretime#2", "para-2000#2"]);
    expect(net.openChains).toEqual([]);
    net.openBlock(6);
    expect(net.openChains.map((c) => c.name)).toEqual(["relay", "coretime", "para-2000"]);
    expect(net.hasOpenBlock("coretime")).toBe(true);
    net.openBlock(7);
    expect(net.hasOpenBlock("coretime")).toBe(false);
  });

  it("is deterministic: the same inputs give the same roots and hashes on every chain", () => {
    const run = () => {
      const net = network();
      const hashes: string[] = [];
      net.onBlock((c, b) => hashes.push(`${c.name}:${b.hash}`));
      net.openBlock(2);
      coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("assign", { core: 0, para: 2000 }) });
      coretime(net).applyExtrinsic({ origin: alice, call: FakeBroker.call("request", { count: 3, delay: undefined }) });
      net.openBlock(5);
      net.chain("para-2000").runtime!.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("bump", { by: 2 }) });
      net.send("para-2000", { to: "relay", origin: xcmOrigin.sovereign(2000), call: FakeCores.call("place_order", { para: 2000 }) });
      net.advanceTo(40);
      return { roots: net.stateRoots(), hashes };
    };
    const a = run();
    const b = run();
    expect(Object.keys(a.roots)).toEqual(["relay", "coretime", "para-2000"]);
    expect(b.roots).toEqual(a.roots);
    expect(b.hashes).toEqual(a.hashes);
    expect(a.hashes.length).toBeGreaterThan(40);
  });

  it("an order sent from a parachain's sovereign account is dispatched as that account on the relay", () => {
    const net = network();
    net.openBlock(3);
    const q = net.send("para-2000", { to: "relay", origin: xcmOrigin.sovereign(2000), call: FakeCores.call("place_order", { para: 2000 }) });
    expect([q.sentAt, q.deliverAt]).toEqual([3, 4]);
    net.advanceTo(4);
    expect(net.relay.query("FakeCores", "Orders")).toEqual([[paraSovereignAccount(2000), 2000]]);
    // b"para" ++ 2000 as u32 LE ++ 24 zero bytes, written as an SS58 address
    expect(Buffer.from(accountIdBytes(paraSovereignAccount(2000))).toString("hex")).toBe(`70617261d0070000${"00".repeat(24)}`);
    expect(paraSovereignAccount(2000)).toBe(resolveAccount(`0x70617261d0070000${"00".repeat(24)}`));
    expect(() => paraSovereignAccount(-1)).toThrow(RangeError);
    // the order's account has its AccountId32 bytes: the relay's state has a raw form
    const orders = exportRawState(net.relay).entries.find(([k]) => k === `0x${Buffer.from(storagePrefix("FakeCores", "Orders")).toString("hex")}`);
    expect(orders?.[1]).toBe(`0x04${"70617261d0070000"}${"00".repeat(24)}d0070000`);
  });

  it("names unknown chains with the list of chains, and rejects misconfiguration", () => {
    const net = network();
    expect(() => net.chain("para-3000")).toThrow(UnknownNameError);
    expect(() => net.chain("para-3000")).toThrow(/relay, coretime, para-2000, para-2001/);
    expect(() => net.send("relay", { to: "asset-hub", origin: Origin.root, call: FakeBroker.call("notify_core_count", { count: 1 }) })).toThrow(/unknown destination chain/);
    expect(() => network({ messageDelay: 0 })).toThrow(RuntimeUsageError);
    expect(() => createNetwork({ relay: createRuntime({ name: "r", pallets: [] }), chains: [{ name: "p", paraId: 1 }] })).toThrow(/scheduledParas/);
    net.advanceTo(3);
    expect(() => net.openBlock(2)).toThrow(/in the past/);
  });

  it("messages to a light parachain are counted and discarded", () => {
    const net = network();
    net.send("relay", { to: "para-2001", origin: Origin.root, call: Counter.call("bump", { by: 1 }) });
    expect(net.chain("para-2001").dropped).toBe(1);
  });
});

describe("transaction pool and node tasks", () => {
  function pooled(log: string[]): Network {
    return createNetwork({
      relay: () => createRuntime({ name: "relay", pallets: [Outbox.instance({}), FakeCores.instance({})] }),
      chains: [
        {
          name: "para-2000",
          paraId: 2000,
          txPool: true,
          runtime: createRuntime({ name: "para-2000", pallets: [Counter.instance({ Max: 100 })], retainBlocks: true }),
          node: {
            // the collator asks for a core once transactions wait in its pool
            onRelayBlock(net, n, chain) {
              log.push(`node ${n}: ${chain.pool.length} pooled, open: ${net.openChains.map((c) => c.name).join(",")}`);
              if (chain.pool.length > 0) net.relay.applyExtrinsic({ origin: xcmOrigin.native(BROKER_PARA), call: FakeCores.call("assign_core", { core: 0, para: 2000 }) });
            },
            inherents: (_net, n) => [{ origin: Origin.none, call: Counter.call("set", { value: n, note: "inherent" }) }],
          },
        },
      ],
      scheduledParas: coreReader(),
    });
  }

  it("holds transactions until the para builds a block, then applies them after the inherents, in arrival order", () => {
    const log: string[] = [];
    const net = pooled(log);
    net.openBlock(1);
    expect(net.submit("para-2000", { origin: alice, call: Counter.call("bump", { by: 2 }) })).toBeUndefined();
    const outcomes: Array<[boolean, number]> = [];
    net.submit("para-2000", { origin: Origin.signed("bob"), call: Counter.call("bump", { by: 3 }) }, (r, n) => outcomes.push([r.ok, n]));
    expect(net.chain("para-2000").pool.map((x) => [x.submittedAt, x.seq])).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(net.chain("para-2000").produced).toBe(0);
    net.advanceTo(2);
    const para = net.chain("para-2000").runtime!;
    expect(net.chain("para-2000").pool).toEqual([]);
    expect(outcomes).toEqual([[true, 2]]);
    const block = para.blocks[para.blocks.length - 1]!;
    expect(block.extrinsics.map((x) => `${x.call.name}:${x.origin.type}`)).toEqual(["set:None", "bump:Signed", "bump:Signed"]);
    expect(log).toEqual(["node 1: 0 pooled, open: relay", "node 2: 2 pooled, open: relay"]);
    // with an open block, submit applies at once and returns the outcome
    net.openBlock(3);
    expect(net.submit("para-2000", { origin: alice, call: Counter.call("bump", { by: 1 }) })).toEqual({ ok: true });
  });

  it("rejects submitting to a chain with no open block and no pool", () => {
    const net = network();
    net.openBlock(1);
    expect(() => net.submit("para-2000", { origin: alice, call: Counter.call("bump", { by: 1 }) })).toThrow(RuntimeUsageError);
    expect(() => net.submit("para-2001", { origin: alice, call: Counter.call("bump", { by: 1 }) })).toThrow(/light chain/);
  });
});
