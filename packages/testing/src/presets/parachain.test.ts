// The parachain presets: parachain-mock, configured para-<id> chains of the network presets (fees,
// Assurance, a transaction pool, the order task), scenario calls that wait in the pool, and bad
// Assurance configuration rejected at genesis naming the parameter.
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { BASE_ACCOUNT } from "@corelab/pallet-transaction-payment";
import { KUSAMA_RELAY, createRelayNetwork, paraOrderTask } from "@corelab/runtimes";
import { ScenarioError, compileScenario, getPreset, parseScenario, replay } from "../index.ts";

beforeAll(initCrypto);

const SETUP = `runtime: kusama-network
genesis:
  relay.Configuration: { on_demand_base_fee: "0.001 KSM" }
  relay.Coretime: { core_count: 1, assignments: [ { core: 0, begin: 0, assignment: [ [ Pool, 57600 ] ], end_hint: null } ] }
  relay.Balances: { balances: { charlie: "1 KSM" } }
  para-2000.Balances: { balances: { alice: "10 KSM" } }
  para-2000.Assurance: { price_limit: 1 }
`;
const scenario = (blocks: string, setup = SETUP) => parseScenario(`name: p\n${setup}blocks:\n${blocks}`, "p.yaml");
const order = `{ origin: { Signed: charlie }, call: relay.OnDemand.place_order_allow_death, args: { max_amount: "0.01 KSM", para_id: 2000 } }`;

describe("parachain presets", () => {
  it("parachain-mock is registered and charges fees into BASE_ACCOUNT (pot:fees)", () => {
    const p = getPreset("parachain-mock");
    expect(p.accounts?.["pot:fees"]).toBe(BASE_ACCOUNT);
    const rt = p.create({});
    expect([...rt.pallets.keys()]).toEqual(["System", "Balances", "TransactionPayment", "Assurance"]);
  });

  it("a configured para gets the parachain runtime, a pool and the order task; an unconfigured one stays plain", () => {
    const c = compileScenario(scenario(`  - at: 1\n    expect: { storage: [ { item: para-2001.Balances.TotalIssuance, value: 0 } ] }\n`));
    const net = c.network!;
    expect(net.chain("para-2000").hasPool).toBe(true);
    expect([...net.chain("para-2000").runtime!.pallets.keys()]).toContain("Assurance");
    expect(net.chain("para-2001").hasPool).toBe(false);
    expect([...net.chain("para-2001").runtime!.pallets.keys()]).toEqual(["System", "Balances"]);
  });

  it("a pooled call's expect is checked when it is applied, naming where it was pooled and applied", () => {
    const r = replay(
      scenario(`  - at: 1
    calls: [ { origin: { Signed: alice }, call: para-2000.Balances.transfer_allow_death, args: { dest: bob, value: "1 KSM" }, expect: { error: Balances.InsufficientBalance } } ]
  - at: 3
    calls: [ ${order} ]
  - at: 4
`),
    );
    expect(r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[0].calls[0].expect.error", "Err(Balances.InsufficientBalance)", "ok"]]);
    expect(r.mismatches[0]!.note).toMatch(/pooled at relay block 1, applied at relay block 4/);
  });

  it("a call still in the pool at the end is a mismatch, unless it expects any", () => {
    const blocks = (expect: string) => `  - at: 1\n    calls: [ { origin: { Signed: alice }, call: para-2000.System.remark, args: { remark: "0x01" }${expect} } ]\n  - at: 3\n`;
    const r = replay(scenario(blocks("")));
    expect(r.mismatches.map((m) => [m.path, m.actual])).toEqual([["blocks[0].calls[0].call", "still in the pool"]]);
    expect(replay(scenario(blocks(", expect: any"))).passed).toBe(true);
  });

  it("createRelayNetwork's orderTask swaps the strategy of the configured paras' order tasks", () => {
    const tasks: Array<ReturnType<typeof paraOrderTask>> = [];
    const net = createRelayNetwork(KUSAMA_RELAY, {
      chains: new Set(["para-2000"]),
      genesis: {
        "relay.Configuration": { on_demand_base_fee: "0.001 KSM" },
        "relay.Coretime": { core_count: 1, assignments: [{ core: 0, begin: 0, assignment: [["Pool", 57600]], end_hint: null }] },
        "relay.Balances": { balances: { "0x70617261d0070000000000000000000000000000000000000000000000000000": "1 KSM" } },
        "para-2000.Balances": { balances: { alice: "10 KSM" } },
        "para-2000.Assurance": { price_limit: 1 }, // the policy would never order
      },
      orderTask: (id, onDemand) => {
        const t = paraOrderTask(id, onDemand, { strategy: { type: "FixedInterval", every: 3 } });
        tasks.push(t);
        return t;
      },
    });
    net.advanceTo(7);
    expect(tasks[0]!.stats.orders).toBe(2); // relay blocks 3 and 6
    expect(net.chain("para-2000").produced).toBe(2); // built at 4 and 7
  });

  it("rejects Assurance configuration outside its domain at genesis, naming the parameter", () => {
    const bad = (assurance: string) => () => compileScenario(scenario(`  - at: 1\n`, `runtime: kusama-network\ngenesis:\n  para-2000.Assurance: ${assurance}\n`));
    expect(bad(`{ mode: Magnet, profit_threshold: "1.5" }`)).toThrow(ScenarioError);
    expect(bad(`{ mode: Magnet, profit_threshold: "1.5" }`)).toThrow(/profit_threshold: 1\.5 is above 1\.0/);
    expect(bad(`{ price_scale: 0 }`)).toThrow(/price_scale/);
    expect(bad(`{ bid_treshold: 3 }`)).toThrow(/bid_threshold/);
    expect(bad(`{ bid_threshold: -1 }`)).toThrow(/bid_threshold/);
  });
});
