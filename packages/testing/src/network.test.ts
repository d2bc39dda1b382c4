import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { ScenarioError, chainPrefixes, compileScenario, getPreset, parseScenario, registerPreset, replay, replayFile, unregisterPreset } from "./index.ts";
import { toyNetwork } from "./__fixtures__/toy-network.ts";

beforeAll(async () => {
  await initCrypto();
  registerPreset(toyNetwork);
});
afterAll(() => unregisterPreset(toyNetwork.name));

const scenario = (blocks: string) => parseScenario(`name: net\nruntime: toy-network\nblocks:\n${blocks}`, "net.yaml");

const assignAt2 = `
  - at: 2
    calls:
      - { origin: { Signed: alice }, call: coretime.ToyBroker.assign, args: { core: 0, para: 2000 } }
    expect:
      events: [ coretime.Outbox.Sent: { to: relay, call: ToyCores.assign_core } ]
`;

describe("replay on a network preset", () => {
  it("addresses chains by prefix, delivers messages a relay block later and gates parachains by cores", () => {
    const r = replay(
      scenario(`${assignAt2}
  - at: 3
    expect:
      events: [ relay.ToyCores.CoreAssigned: { core: 0, para: 2000 } ]
      storage: [ { item: relay.ToyCores.Runs, key: 0, value: 2000 } ]
  - at: 5
    calls:
      - { origin: { Signed: bob }, call: para-2000.Ticker.poke, args: { amount: 1 } }
    expect:
      events: [ para-2000.Ticker.Ticked: { ticks: 3 }, para-2000.Ticker.Poked: { who: bob } ]
      storage: [ { item: para-2000.Ticker.Ticks, value: 3 } ]
      balances: { relay.alice: 1000000, coretime.alice: 1000000 }
`),
      { recordBlocks: true },
    );
    expect(r.mismatches).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.blocks).toBe(5);
    expect(Object.keys(r.stateRoots!)).toEqual(["relay", "coretime", "para-2000"]);
    expect(r.network!.chain("para-2000").produced).toBe(3);
    expect(r.network!.chain("para-2001").runtime).toBeUndefined(); // not named: light
  });

  it("is deterministic: the same file gives the same roots on every chain", () => {
    const roots = () => replay(scenario(`${assignAt2}\n  - at: 9\n`)).stateRoots;
    expect(roots()).toEqual(roots());
  });

  it("compares events per chain: an event of another chain does not match", () => {
    const r = replay(
      scenario(`${assignAt2}
  - at: 3
    expect:
      events: [ coretime.Outbox.Sent ]
`),
    );
    expect(r.mismatches.map((m) => [m.path, m.actual])).toEqual([["blocks[1].expect.events[0]", "not emitted"]]);
  });

  it("a call to a parachain no core runs is a mismatch, not applied", () => {
    const r = replay(
      scenario(`
  - at: 4
    calls:
      - { origin: { Signed: bob }, call: para-2000.Ticker.poke, args: { amount: 1 } }
`),
    );
    expect(r.passed).toBe(false);
    expect(r.mismatches[0]!.path).toBe("blocks[0].calls[0].call");
    expect(r.mismatches[0]!.note).toMatch(/no core runs para-2000 at relay block 4/);
  });

  it("rejects an unknown chain, listing the chains, and a coretime call at an odd relay block", () => {
    expect(() => compileScenario(scenario(`  - at: 2\n    calls: [ { origin: Root, call: para-3000.Ticker.poke, args: { amount: 1 } } ]\n`))).toThrow(ScenarioError);
    expect(() => compileScenario(scenario(`  - at: 2\n    calls: [ { origin: Root, call: para-3000.Ticker.poke, args: { amount: 1 } } ]\n`))).toThrow(
      /unknown chain 'para-3000'[\s\S]*valid: relay, coretime, para-2000/,
    );
    expect(() => compileScenario(scenario(`  - at: 3\n    calls: [ { origin: { Signed: alice }, call: coretime.ToyBroker.assign, args: { core: 0, para: 1 } } ]\n`))).toThrow(
      /coretime builds a block every 2 relay blocks[\s\S]*at: 2 or at: 4/,
    );
  });

  it("finds the chain prefixes a file uses", () => {
    const doc = scenario(`${assignAt2}\n  - at: 4\n    expect: { storage: [ { item: para-2001.Ticker.Ticks, value: 0 } ], balances: { relay.alice: 1 } }\n`).document;
    expect([...chainPrefixes(doc)].sort()).toEqual(["coretime", "para-2001", "relay"]);
  });
});

describe("kusama-network and polkadot-network", () => {
  it("a reservation travels coretime → relay, and para 1000 builds only once a core runs it", () => {
    const r = replayFile(fileURLToPath(new URL("../fixtures/network/kusama-reserve.yaml", import.meta.url)));
    expect(r.mismatches).toEqual([]);
    const net = r.network!;
    expect(net.chains.map((c) => [c.name, c.produced])).toEqual([
      ["relay", 60],
      ["coretime", 30],
      ["para-1000", 45], // relay blocks 16..60: assign_core { begin: 14 } arrived at relay block 15
    ]);
  });

  it("are registered, with the relay, the coretime chain and named parachains", () => {
    for (const name of ["kusama-network", "polkadot-network"]) {
      const c = compileScenario(parseScenario(`name: n\nruntime: ${name}\nblocks:\n  - at: 2\n    expect: { storage: [ { item: para-2000.Balances.TotalIssuance, value: 0 } ] }\n`, "n.yaml"));
      expect(c.network!.chains.map((x) => x.name)).toEqual(["relay", "coretime", "para-2000"]);
      expect(c.network!.chain("coretime").every).toBe(2);
      expect(getPreset(name).chains).toContain("coretime");
    }
  });
});
