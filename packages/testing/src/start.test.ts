// The top-level `start` addition: a scenario whose genesis block is block `start`, for replays
// that begin in the middle of real history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, initCrypto, type Runtime } from "@corelab/frame";
import { Balances, type BalancesConfig } from "@corelab/pallet-balances";
import { ScenarioError, parseScenario, registerPreset, replay, unregisterPreset, type Preset, type PresetOptions } from "./index.ts";
import { parsePalletOptions } from "@corelab/frame";

/** System + Balances that honours `genesisNumber` (balances-mock does not). */
const startable: Preset = {
  name: "startable-test",
  description: "test only: System + Balances, any genesis block number",
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(startable, [Balances], opts);
    const config: BalancesConfig = { ExistentialDeposit: 1n, ...(constants.Balances as Partial<BalancesConfig>) };
    return createRuntime({ name: "startable-test", pallets: [Balances.instance(config)], genesis: genesis as never, genesisNumber: opts.genesisNumber });
  },
};

beforeAll(async () => {
  await initCrypto();
  registerPreset(startable);
});
afterAll(() => unregisterPreset(startable.name));

const transfer = "{ origin: { Signed: alice }, call: Balances.transfer_allow_death, args: { dest: bob, value: 10 } }";
const doc = (start: string, steps: string, runtime = "startable-test") =>
  `name: s\nruntime: ${runtime}\n${start}genesis: { Balances: { balances: { alice: 100 } } }\nblocks:\n${steps}`;

describe("start: the genesis block number", () => {
  it("builds blocks from start + 1, with at: start as the genesis step", () => {
    const seen: number[] = [];
    const r = replay(
      parseScenario(
        doc(
          "start: 22861429\n",
          `  - at: 22861429\n    calls: [${transfer}]\n    expect: { balances: { alice: 90, bob: 10 } }\n` +
            `  - at: 22861431\n    calls: [${transfer}]\n    expect: { balances: { alice: 80, bob: 20 }, events: [ Balances.Transfer ] }\n`,
        ),
        "s.yaml",
      ),
      { observers: [{ block: (b) => seen.push(b.number) }] },
    );
    expect(r.mismatches).toEqual([]);
    expect(r.start).toBe(22861429);
    expect(r.blocks).toBe(2);
    expect(seen).toEqual([22861429, 22861430, 22861431]);
    expect(r.runtime.blockNumber).toBe(22861431);
  });

  it("records no events at the genesis step, and says which block that is", () => {
    const r = replay(parseScenario(doc("start: 500\n", `  - at: 500\n    calls: [${transfer}]\n    expect: { events: [ Balances.Transfer ] }\n`), "s.yaml"));
    expect(r.passed).toBe(false);
    expect(r.mismatches[0]!.note).toContain("no events are recorded at block 500 (genesis)");
  });

  it("defaults to 0: without start, at: 0 is genesis and blocks count from 1", () => {
    const r = replay(parseScenario(doc("", `  - at: 3\n    calls: [${transfer}]\n`), "s.yaml"));
    expect(r.start).toBe(0);
    expect(r.blocks).toBe(3);
  });

  it("rejects a step before start, naming the step", () => {
    const text = doc("start: 100\n", `  - at: 101\n  - at: 99\n`);
    expect(() => parseScenario(text, "s.yaml")).toThrow(ScenarioError);
    expect(() => parseScenario(text, "s.yaml")).toThrow(/blocks\[1\]\.at.*>= 100/s);
  });

  it("rejects start on a preset that cannot start there", () => {
    const text = doc("start: 100\n", `  - at: 101\n`, "balances-mock");
    expect(() => replay(parseScenario(text, "s.yaml"))).toThrow(/cannot start at block 100/);
  });
});
