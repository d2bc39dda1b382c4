// Real state in and out (issue 11, parts 4 and 5): both real coretime chain specs load with every
// System, Balances and Broker key decoded; a replayed scenario's state exported (raw and
// chopsticks) loads back into a fresh runtime with every item and the state root equal; bad input
// is refused naming the file, the key and the item, with nothing half-loaded.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto, loadRawState, rawStoragePairs, readRawState, RawStateError, storageKeyHex, type Runtime } from "@corelab/frame";
import { chopsticksStateText, compileScenario, getPreset, rawStateText, replay, scenarioFromObject, scenarioState, ScenarioError, parseScenario } from "./index.ts";

beforeAll(initCrypto);

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const POLKADOT_SPEC = fileURLToPath(new URL("../../../tools/peer/fixtures/coretime-polkadot.json.gz", import.meta.url));
const KUSAMA_SPEC = join(fixtures, "chain-specs/coretime-kusama.json.gz");
const ACTIVITY = join(fixtures, "state/broker-activity.yaml");
const spec = (file: string): unknown => JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
const tmp = mkdtempSync(join(tmpdir(), "corelab-raw-"));

/** Every stored item of a runtime, values and map entries, by `Pallet.Item`. */
function items(rt: Runtime): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [pallet, inst] of rt.pallets)
    for (const name of Object.keys(inst.pallet.storage)) {
      const v = rt.query(pallet, name);
      out[`${pallet}.${name}`] = v;
    }
  return out;
}

describe("real chain specs (genesis.raw.top)", () => {
  for (const [file, preset, broker] of [
    [POLKADOT_SPEC, "coretime-polkadot@1003000", "3"],
    [KUSAMA_SPEC, "coretime-kusama@1002002", "0"],
  ] as const) {
    it(`${preset}: every System, Balances and Broker key is decoded, the rest listed`, () => {
      const rt = getPreset(preset).create({});
      const doc = spec(file);
      const pairs = rawStoragePairs(doc, "spec");
      const s = loadRawState(rt, pairs, "spec");
      // every key is in exactly one group
      const count = (gs: ReadonlyArray<{ keys: number }>) => gs.reduce((n, g) => n + g.keys, 0);
      expect(count(s.decoded) + count(s.notHeld) + count(s.wellKnown) + count(s.unknown)).toBe(pairs.length);
      // no System, Balances or Broker key is unknown
      expect(s.unknown.filter((g) => /^(System|Balances|Broker)\./.test(g.name))).toEqual([]);
      expect(s.decoded).toEqual([
        { name: "Balances.Account", keys: 8, note: "from System.Account" },
        { name: "Balances.TotalIssuance", keys: 1 },
      ]);
      expect(s.notHeld.map((g) => g.name)).toEqual(["System.BlockHash", "System.BlockWeight", "System.LastRuntimeUpgrade", "System.ParentHash", "System.UpgradedToTripleRefCount", "System.UpgradedToU32RefCount"]);
      expect(s.wellKnown.find((g) => g.name === "Broker :__STORAGE_VERSION__:")?.note).toBe(`storage version ${broker}`);
      expect(s.wellKnown.find((g) => g.name === ":code")?.note).toMatch(/^the runtime's wasm, \d+ bytes$/);
      expect(s.unknown.map((g) => g.name)).toContain("Session.NextKeys");
      // the state is the spec's: eight endowed accounts (the broker's pot among them), nothing else
      const accounts = rt.query("Balances", "Account") as Array<readonly [string, { free: bigint; flags: bigint }]>;
      expect(accounts).toHaveLength(8);
      expect(accounts.every(([, d]) => d.free === 0n && d.flags === 1n << 127n)).toBe(true);
      expect(rt.query("Broker", "Configuration")).toBeUndefined();
      // and written back, System.Account's values are the spec's bytes
      const top = (doc as { genesis: { raw: { top: Record<string, string> } } }).genesis.raw.top;
      const out = JSON.parse(rawStateText(rt).text) as Record<string, string>;
      for (const [k, v] of Object.entries(out)) expect(top[k], k).toBe(v);
    });
  }

  it("a Kusama spec as a scenario's genesis, and the chain runs on from it", () => {
    const r = replay(
      scenarioFromObject({
        name: "kusama genesis",
        runtime: "coretime-kusama@1002002",
        genesis: { raw: KUSAMA_SPEC },
        storage: { Balances: { Account: [["alice", { free: "10 KSM", reserved: 0, frozen: 0, flags: 0 }]], TotalIssuance: "10 KSM" } },
        blocks: [{ at: 1, calls: [{ origin: "Root", call: "Broker.configure", args: { config: { advance_notice: 10, interlude_length: 100, leadin_length: 100, region_length: 5040, ideal_bulk_proportion: 1000000000, limit_cores_offered: null, renewal_bump: 30000000, contribution_timeout: 5040 } } }] }],
      }),
    );
    expect(r.passed).toBe(true);
  });
});

describe("state out and back in", () => {
  // the state after the scenario's last block: the runtime's committed state is that state
  const exported = scenarioState(ACTIVITY);
  const at = exported.block;

  it("raw: every key, sorted; loaded back, every item and the state root are equal", () => {
    expect(exported.runtime.blockNumber).toBe(at);
    const { text, keys, skipped } = rawStateText(exported.runtime, { state: exported.state });
    const map = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(map)).toHaveLength(keys);
    expect(Object.keys(map)).toEqual([...Object.keys(map)].sort());
    expect(skipped).toEqual([]);
    const file = join(tmp, "state.json");
    writeFileSync(file, text);
    const c = compileScenario(scenarioFromObject({ name: "back", runtime: "coretime-polkadot@1003000", genesis: { raw: file }, blocks: [] }));
    expect(c.rawGenesis!.unknown).toEqual([]);
    expect(c.rawGenesis!.decoded.map((g) => g.name)).toContain("Broker.InstaPoolContribution");
    expect(items(c.runtime)).toEqual(items(exported.runtime));
    expect(c.runtime.stateRoot()).toBe(exported.runtime.stateRoot());
  });

  it("chopsticks: the import-storage YAML loads back to the same items and state root", () => {
    const { text } = chopsticksStateText(exported.runtime, { state: exported.state });
    expect(text).toContain("System:\n  $removePrefix:\n    - Account\n  Account:");
    const file = join(tmp, "state.yaml");
    writeFileSync(file, text);
    const c = compileScenario(scenarioFromObject({ name: "back", runtime: "coretime-polkadot@1003000", genesis: { raw: file }, blocks: [] }));
    expect(c.rawGenesis!.ignored?.every((g) => g.name.endsWith("$removePrefix"))).toBe(true);
    expect(items(c.runtime)).toEqual(items(exported.runtime));
    expect(c.runtime.stateRoot()).toBe(exported.runtime.stateRoot());
  });

  it("an earlier block's state, and a replay going on from it", () => {
    const early = scenarioState(ACTIVITY, { at: 150000 });
    const file = join(tmp, "fork.json");
    writeFileSync(file, rawStateText(early.runtime, { state: early.state }).text);
    const r = replay(
      scenarioFromObject({
        name: "rest",
        runtime: "coretime-polkadot@1003000",
        start: 150000,
        genesis: { raw: file },
        blocks: [
          {
            at: 150001,
            calls: [{ origin: { Signed: "bob" }, call: "Broker.pool", args: { region_id: { begin: 5040, core: 4, mask: "0xffffffffffffffffffff" }, payee: "bob", finality: "Final" } }],
            expect: { storage: [{ item: "Broker.InstaPoolContribution", key: { begin: 5040, core: 4, mask: "0xffffffffffffffffffff" }, value: { length: 5040, payee: "bob" } }] },
          },
        ],
      }),
    );
    expect(r.mismatches).toEqual([]);
  });
});

describe("chopsticks' decoded form", () => {
  it("reads camelCase names, missing fields as zero, enum variants by name, SS58 of any prefix and 0x accounts", () => {
    const file = join(tmp, "overrides.yaml");
    writeFileSync(
      file,
      `system:
  account:
    - [[15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5], { providers: 1, data: { free: 1000000000000 } }]
    - [["0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"], "0x000000000000000001000000000000000080c6a47e8d03000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"]
Broker:
  SaleInfo: { saleStart: 5, leadinLength: 10, endPrice: 7, regionBegin: 1, regionEnd: 2, idealCoresSold: 1, coresOffered: 2, firstCore: 3, coresSold: 0, selloutPrice: null }
  Reservations: [[{ mask: "0xffffffffffffffffffff", assignment: Pool }]]
  Workplan: [[[[7, 3]], [{ mask: "0xffffffffffffffffffff", assignment: { Task: 2000 } }]]]
  Leases: null
  $removePrefix: [Regions]
ParachainInfo:
  ParachainId: 1005
`,
    );
    const c = compileScenario(scenarioFromObject({ name: "chopsticks", runtime: "coretime-polkadot@1003000", genesis: { raw: file }, blocks: [] }));
    const rt = c.runtime;
    const accounts = rt.query("Balances", "Account") as Array<readonly [string, { free: bigint }]>;
    expect(accounts.map(([who, d]) => [who, d.free])).toEqual(
      expect.arrayContaining([
        ["5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", 10n ** 15n],
        ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 10n ** 12n],
      ]),
    );
    expect(rt.query("Broker", "SaleInfo")).toMatchObject({ sale_start: 5, end_price: 7n, sellout_price: undefined });
    expect(rt.query("Broker", "Reservations")).toEqual([[{ mask: 0xffffffffffffffffffffn, assignment: { type: "Pool" } }]]);
    expect(rt.query("Broker", "Workplan", [7, 3])).toEqual([{ mask: 0xffffffffffffffffffffn, assignment: { type: "Task", value: 2000 } }]);
    expect(c.rawGenesis!.unknown).toEqual([{ name: "ParachainInfo.ParachainId", keys: 1, note: "not an item of this runtime" }]);
    expect(c.rawGenesis!.ignored).toEqual([{ name: "Broker.$removePrefix", keys: 1 }, { name: "Broker.Leases (deleted)", keys: 1 }]);
  });
});

describe("bad input: the file, the key and the item named, nothing half-loaded", () => {
  const rt0 = () => getPreset("coretime-polkadot@1003000").create({});
  const sale = storageKeyHex({ pallet: "Broker", name: "SaleInfo" });
  const regions = storageKeyHex({ pallet: "Broker", name: "Regions" });
  const total = storageKeyHex({ pallet: "Balances", name: "TotalIssuance" });

  const refuse = (pairs: Array<[string, unknown]>, texts: string[]): RawStateError => {
    const rt = rt0();
    const before = rt.stateRoot();
    const items0 = items(rt);
    let err: unknown;
    try {
      loadRawState(rt, pairs, "bad.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RawStateError);
    for (const t of texts) expect((err as Error).message).toContain(t);
    expect(rt.stateRoot()).toBe(before);
    expect(items(rt)).toEqual(items0);
    return err as RawStateError;
  };

  it("a key or value that is not hex", () => {
    refuse([[total, "0x" + "00".repeat(16)], ["0xzz", "0x00"]], ["bad.json: ", "the key is not 0x-prefixed hex"]);
    refuse([[total, "12"]], ["bad.json: key " + total, "the value is not 0x-prefixed hex", '"12"']);
  });

  it("a key under an item's prefix that does not fit its key type", () => {
    const e = refuse([[total, "0x" + "00".repeat(16)], [regions + "00", "0x00"]], [`bad.json: key ${regions}00: Broker.Regions: the key does not fit the item's key (RegionId)`]);
    expect(e.key).toBe(`${regions}00`);
    expect(e.item).toBe("Broker.Regions");
    refuse([[sale + "01", "0x00"]], ["Broker.SaleInfo: 1 byte(s) after the item's prefix"]);
  });

  it("a value with trailing bytes, or one that does not decode", () => {
    refuse([[total, "0x" + "00".repeat(17)]], [`bad.json: key ${total}: Balances.TotalIssuance: the value is not a Balance`, "1 trailing byte(s)"]);
    refuse([[sale, "0x00"]], [`key ${sale}: Broker.SaleInfo: the value is not a SaleInfoRecord`]);
  });

  it("in a scenario: exit 2's ScenarioError at genesis.raw naming the state file", () => {
    const file = join(tmp, "bad.json");
    writeFileSync(file, JSON.stringify({ [total]: "0x" + "00".repeat(17) }));
    const scenario = parseScenario(`name: bad raw\nruntime: coretime-polkadot@1003000\ngenesis:\n  raw: ${file}\nblocks: []\n`, "bad-raw.yaml");
    let err: unknown;
    try {
      compileScenario(scenario);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).path).toBe("genesis.raw");
    expect((err as Error).message).toContain(`bad-raw.yaml:4:`);
    expect((err as Error).message).toContain(`${file}: key ${total}: Balances.TotalIssuance:`);
  });

  it("genesis: { raw } alone; on single-chain presets with SS58 accounts only", () => {
    expect(() => parseScenario(`name: x\nruntime: coretime-polkadot\ngenesis:\n  raw: a.json\n  Balances: { balances: {} }\nblocks: []\n`)).toThrow("nothing beside `raw`");
    expect(() => parseScenario(`name: x\nruntime: coretime-polkadot\ngenesis:\n  raw: 5\nblocks: []\n`)).toThrow("expected a state file");
    const file = join(tmp, "empty.json");
    writeFileSync(file, "{}");
    expect(() => compileScenario(scenarioFromObject({ name: "x", runtime: "broker-mock", genesis: { raw: file }, blocks: [] }))).toThrow("its accounts are not SS58 addresses");
    expect(() => compileScenario(scenarioFromObject({ name: "x", runtime: "kusama-network", genesis: { raw: file }, blocks: [] }))).toThrow("is a network");
    expect(() => compileScenario(scenarioFromObject({ name: "x", runtime: "coretime-polkadot", genesis: { raw: join(tmp, "missing.json") }, blocks: [] }))).toThrow("missing.json: cannot read the file: ENOENT");
  });

  it("an empty raw state empties the preset's genesis (the state is the file's)", () => {
    const rt = rt0();
    expect(rt.query("Broker", "Configuration")).toBeDefined();
    const s = loadRawState(rt, [], "empty");
    expect(s.keys).toBe(0);
    expect(rt.query("Broker", "Configuration")).toBeUndefined();
    expect(readRawState(rt, [], "x").summary.decoded).toEqual([]);
  });
});
