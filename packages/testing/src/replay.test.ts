import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devAccount, initCrypto, palletAccountId, type BlockRecord } from "@corelab/frame";
import {
  BlockJsonEncoder,
  checkedExpectations,
  compileScenario,
  formatResult,
  parseScenario,
  registerPreset,
  replay,
  replayFile,
  unregisterPreset,
  type ReplayObserver,
} from "./index.ts";
import { tickerPreset } from "./__fixtures__/ticker.ts";

beforeAll(async () => {
  await initCrypto();
  registerPreset(tickerPreset);
});
afterAll(() => unregisterPreset(tickerPreset.name));

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** Replays scenario text; returns the result and the mismatch paths. */
function run(text: string, opts: Parameters<typeof replay>[1] = {}) {
  const r = replay(parseScenario(text, "t.yaml"), opts);
  return { r, paths: r.mismatches.map((m) => m.path) };
}

const ticker = (blocks: string, extra = "") => `name: t\nruntime: ticker-test\n${extra}blocks:\n${blocks}`;

describe("checkedExpectations", () => {
  it("lists every expectation of a replay in file order, passed or not, with its block and line", () => {
    const text = `name: some pass, some fail
runtime: balances-mock
genesis:
  Balances: { balances: { alice: 1000 } }
blocks:
  - at: 1
    calls:
      - origin: { Signed: alice }
        call: Balances.transfer_allow_death
        args: { dest: bob, value: 10 }
      - origin: { Signed: bob }
        call: Balances.transfer_allow_death
        args: { dest: alice, value: 100 }
        expect: { error: Balances.InsufficientBalance }
      - origin: { Signed: alice }
        call: Balances.transfer_allow_death
        args: { dest: bob, value: 1 }
        expect: any
    expect:
      events:
        - Balances.Transfer: { from: alice, to: bob, amount: 10 }
        - Balances.Transfer: { amount: 2 }
      storage:
        - item: Balances.Account
          key: bob
          value: { free: 11 }
      balances: { alice: 989 }
`;
    const compiled = compileScenario(parseScenario(text, "t.yaml"));
    const r = replay(compiled);
    const checked = checkedExpectations(compiled, r.mismatches);
    expect(checked.map((x) => [x.step, x.block, x.path, x.passed])).toEqual([
      [0, 1, "blocks[0].calls[0].expect", true],
      // bob has 10: the transfer of 100 fails, but with Token.FundsUnavailable, not InsufficientBalance
      [0, 1, "blocks[0].calls[1].expect", false],
      [0, 1, "blocks[0].expect.events[0]", true],
      [0, 1, "blocks[0].expect.events[1]", false],
      [0, 1, "blocks[0].expect.storage[0]", true],
      [0, 1, "blocks[0].expect.balances.alice", true],
    ]);
    expect(checked[0]!.expected).toBe("Balances.transfer_allow_death → ok");
    expect(checked[1]!.expected).toBe("Balances.transfer_allow_death → Err(Balances.InsufficientBalance)");
    expect(checked[2]!.expected).toMatch(/^Balances\.Transfer \{ from: alice, to: bob, amount: 10 \}$/);
    expect(checked[4]!.expected).toBe("Balances.Account[bob] = { free: 11 }");
    expect(checked[0]!.line).toBe(8);
    // every mismatch lies under a listed expectation that failed
    for (const m of r.mismatches) expect(checked.some((x) => !x.passed && m.path.startsWith(x.path))).toBe(true);
  });
});

describe("replay on balances-mock", () => {
  it("passes the transfer fixtures, with real balances and events", () => {
    for (const f of ["pass/transfers.yaml", "pass/transfers.json"]) {
      const r = replayFile(fixture(f));
      expect(r.mismatches).toEqual([]);
      expect(r.passed).toBe(true);
    }
    const r = replayFile(fixture("pass/transfers.yaml"));
    expect(r.blocks).toBe(5);
    expect(r.stateRoot).toMatch(/^0x[0-9a-f]{64}$/);
    expect(r.runtime.query("Balances", "TotalIssuance")).toBe(1055n); // 1050 + force_set_balance(dave, 5)
  });

  it("gives the same state root for the same file, and another for another file", () => {
    const a = replayFile(fixture("pass/transfers.yaml")).stateRoot;
    expect(replayFile(fixture("pass/transfers.yaml")).stateRoot).toBe(a);
    expect(replayFile(fixture("pass/transfers.json")).stateRoot).not.toBe(a);
  });

  it("collects every mismatch of a file, with step, block, path, expected and actual", () => {
    const r = replayFile(fixture("fail/mismatches.yaml"));
    expect(r.passed).toBe(false);
    expect(r.blocks).toBe(2);
    expect(r.mismatches.map((m) => [m.step, m.block, m.path, m.expected, m.actual])).toEqual([
      [0, 1, "blocks[0].calls[0].expect", "ok", "Err(Token.FundsUnavailable)"],
      [0, 1, "blocks[0].calls[1].expect.error", "Err(Balances.InsufficientBalance)", "ok"],
      [0, 1, "blocks[0].expect.events[0].Balances.Transfer.amount", "11", "10"],
      [0, 1, "blocks[0].expect.events[1]", "Balances.Reserved", "not emitted"],
      [0, 1, "blocks[0].expect.storage[0].value.free", "9", "10"],
      [0, 1, "blocks[0].expect.storage[1].value", "{ free: 1 }", "absent"],
      [0, 1, "blocks[0].expect.balances.alice", "991", "990"],
      [
        1,
        2,
        "blocks[1].expect.events_exact",
        "1 event: [Balances.Transfer]",
        "3 events: [Balances.Endowed { account: charlie, free_balance: 1 }; Balances.Transfer { from: alice, to: charlie, amount: 1 }; System.ExtrinsicSuccess]",
      ],
    ]);
    expect(r.mismatches[0]!.line).toBe(9);
    const report = formatResult(r);
    expect(report).toContain("FAIL  mismatches");
    expect(report).toContain("fail/mismatches.yaml:18:54 step 0, block 1: blocks[0].expect.events[0].Balances.Transfer.amount");
    expect(report).toContain("events since the previous step: System.ExtrinsicFailed { dispatch_error: Token.FundsUnavailable }");
  });

  it("stops at the first failing step with bail", () => {
    const r = replayFile(fixture("fail/mismatches.yaml"), { bail: true });
    expect(r.stopped).toBe(true);
    expect(r.steps).toBe(1);
    expect(r.blocks).toBe(1);
    expect(new Set(r.mismatches.map((m) => m.step))).toEqual(new Set([0]));
  });

  it("applies at: 0 calls on top of genesis, with no recorded events", () => {
    const { r, paths } = run(
      "name: g\nruntime: balances-mock\ngenesis: { Balances: { balances: { alice: 100 } } }\nblocks:\n" +
        "  - at: 0\n    calls: [{ origin: { Signed: alice }, call: Balances.transfer_allow_death, args: { dest: bob, value: 40 } }]\n" +
        "    expect: { balances: { alice: 60, bob: 40 }, events: [ Balances.Transfer ] }\n",
      { recordBlocks: true },
    );
    expect(paths).toEqual(["blocks[0].expect.events[0]"]);
    expect(r.mismatches[0]!.note).toContain("no events are recorded at block 0");
    expect(r.blocks).toBe(0);
    expect(r.records).toEqual([]);
  });
});

describe("replay semantics (ticker-test preset: hooks every 3 blocks)", () => {
  it("builds the blocks no step names, running their hooks", () => {
    const { r, paths } = run(ticker("  - at: 10\n    expect: { storage: [ { item: Ticker.Ticks, value: 3 } ] }\n"), { recordBlocks: true });
    expect(paths).toEqual([]);
    expect(r.records!.map((b) => b.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.records![3]!.events.map((e) => `${e.section}.${e.method}`)).toEqual(["Ticker.Ticked"]);
    expect(r.records![4]!.events).toEqual([]);
  });

  it("events: the listed events appear in order among those since the previous step", () => {
    const steps =
      "  - at: 2\n    calls: [{ origin: { Signed: alice }, call: Ticker.poke, args: { amount: 1 } }]\n" +
      "  - at: 7\n    calls: [{ origin: { Signed: bob }, call: Ticker.poke, args: { amount: 2, note: hi } }]\n    expect:\n      events:\n";
    // the hooks of blocks 3 and 6 (in between) and this step's call are in the window
    const ok = run(ticker(steps + "        - Ticker.Ticked: { block: 3 }\n        - Ticker.Ticked: { ticks: 2 }\n        - Ticker.Poked: { who: bob, note: hi }\n"));
    expect(ok.paths).toEqual([]);
    // the previous step's call is not in the window
    const prev = run(ticker(steps + "        - Ticker.Poked: { who: alice }\n"));
    expect(prev.paths).toEqual(["blocks[1].expect.events[0].Ticker.Poked.who"]);
    expect(prev.r.mismatches[0]!.actual).toBe("bob");
    // order matters
    const order = run(ticker(steps + "        - Ticker.Ticked: { block: 6 }\n        - Ticker.Ticked: { block: 3 }\n"));
    expect(order.r.mismatches.map((m) => [m.path, m.actual])).toEqual([["blocks[1].expect.events[1]", "emitted, but before the previous expected event"]]);
    const order2 = run(ticker(steps + "        - Ticker.Poked\n        - Ticker.Ticked: { block: 3 }\n"));
    expect(order2.r.mismatches.map((m) => [m.path, m.actual])).toEqual([["blocks[1].expect.events[1]", "emitted, but before the previous expected event"]]);
  });

  it("a step with the same at continues the block; its window starts after the previous step", () => {
    const text = ticker(
      "  - at: 3\n    calls: [{ origin: { Signed: alice }, call: Ticker.poke, args: { amount: 1 } }]\n" +
        "  - at: 3\n    calls: [{ origin: { Signed: bob }, call: Ticker.poke, args: { amount: 2 } }]\n" +
        "    expect:\n      events_exact: [ Ticker.Poked: { who: bob }, System.ExtrinsicSuccess ]\n" +
        "      storage: [ { item: Ticker.Notes, value: [ [ { block: 3, who: alice }, { amount: 1 } ], [ { block: 3, who: bob }, { amount: 2, kind: { Task: 3 } } ] ] } ]\n",
    );
    const { r, paths } = run(text, { recordBlocks: true });
    expect(paths).toEqual([]);
    expect(r.records!.length).toBe(4);
    expect(r.records![3]!.extrinsics.map((x) => x.origin)).toEqual([
      { type: "Signed", value: devAccount("alice") },
      { type: "Signed", value: devAccount("bob") },
    ]);
    expect(r.records![3]!.events.map((e) => e.method)).toEqual(["Ticked", "Poked", "ExtrinsicSuccess", "Poked", "ExtrinsicSuccess"]);
  });

  it("storage: partial structs, enums, map entries by struct key, absent entries, whole maps", () => {
    const base = "  - at: 4\n    calls: [{ origin: { Signed: alice }, call: Ticker.poke, args: { amount: \"1.5 TCK\", note: x } }]\n    expect:\n      storage:\n";
    const entry = "        - item: Ticker.Notes\n          key: { block: 4, who: alice }\n";
    expect(run(ticker(base + entry + "          value: { amount: 1500, kind: Plain }\n")).paths).toEqual([]);
    const wrongEnum = run(ticker(base + entry + "          value: { kind: { Task: 4 } }\n"));
    expect(wrongEnum.r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[0].expect.storage[0].value.kind", "Task(4)", "Plain"]]);
    expect(run(ticker(base + "        - item: Ticker.Notes\n          key: { block: 4, who: bob }\n          value: null\n")).paths).toEqual([]);
    const present = run(ticker(base + entry + "          value: null\n"));
    expect(present.r.mismatches[0]!.expected).toBe("absent (null)");
    expect(run(ticker(base + "        - item: Ticker.Notes\n          value: [ [ { block: 4, who: alice }, { text: x } ] ]\n")).paths).toEqual([]);
    const extra = run(ticker(base + "        - item: Ticker.Notes\n          value: []\n"));
    expect(extra.r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[0].expect.storage[0].value", "0 entries", "1 entry"]]);
    expect(extra.r.mismatches[0]!.note).toContain("{ block: 4, who: alice }");
  });

  it("storage: a preset's sequence (broker-mock's TestCoretime.Trace, a map by sequence number) is compared as a list", () => {
    const doc = (trace: string) =>
      "name: t\nruntime: broker-mock\ngenesis: { Balances: { balances: { \"1\": 1000 } } }\nblocks:\n" +
      "  - at: 0\n    calls: [{ origin: Root, call: Broker.start_sales, args: { end_price: 100, extra_cores: 1 } }]\n" +
      "  - at: 2\n    calls:\n      - { origin: { Signed: \"1\" }, call: Broker.purchase, args: { price_limit: 1000 } }\n" +
      "      - { origin: { Signed: \"1\" }, call: Broker.assign, args: { region_id: { begin: 4, core: 0, mask: \"0xffffffffffffffffffff\" }, task: 1000, finality: Final } }\n" +
      `  - at: 6\n    expect:\n      storage:\n        - item: TestCoretime.Trace\n          value: ${trace}\n`;
    const item = (begin: number) => `{ block: 6, core: 0, begin: ${begin}, assignment: [[{ Task: 1000 }, 57600]], end_hint: null }`;
    const ok = run(doc(`[${item(8)}]`));
    expect(ok.paths).toEqual([]);
    expect(ok.r.runtime.query("TestCoretime", "TraceCount")).toBe(1);
    const wrong = run(doc(`[${item(9)}]`));
    expect(wrong.r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[2].expect.storage[0].value[0].begin", "9", "8"]]);
    const missing = run(doc(`[${item(8)}, ${item(8)}]`));
    expect(missing.r.mismatches.map((m) => [m.path, m.actual, m.note])).toEqual([["blocks[2].expect.storage[0].value[1]", "absent", "TestCoretime.Trace has 1 item"]]);
    const extra = run(doc("[]"));
    expect(extra.r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[2].expect.storage[0].value", "0 items", "1 item"]]);
    // the pairs form of other maps is not the form of a sequence
    expect(() => run(doc(`[[0, ${item(8)}]]`))).toThrow(/value\[0\]: expected a map with fields block, core, begin, assignment, end_hint \(CoretimeTraceItem\)/);
  });

  it("accounts: dev names, preset aliases and plain ids; amounts in the preset's token", () => {
    const pot = palletAccountId("py/tickr");
    const text = ticker(
      "  - at: 1\n    calls:\n      - origin: Root\n        call: Balances.force_set_balance\n        args: { who: \"pallet:Ticker\", new_free: \"2.5 TCK\" }\n" +
        "      - origin: { Signed: \"pallet:Ticker\" }\n        call: Balances.transfer_allow_death\n        args: { dest: \"1001\", value: 500 }\n" +
        "    expect:\n      balances: { \"pallet:Ticker\": \"2 TCK\", \"1001\": \"0.5 TCK\", alice: 0 }\n" +
        "      events: [ Balances.Transfer: { from: \"pallet:Ticker\", to: \"1001\" } ]\n",
    );
    const { r, paths } = run(text);
    expect(paths).toEqual([]);
    expect(r.runtime.query("Balances", "Account", pot)).toMatchObject({ free: 2000n });
    // mismatches show the alias, not the address
    const wrong = run(text.replace('to: "1001"', "to: alice"));
    expect(wrong.r.mismatches.map((m) => [m.expected, m.actual])).toEqual([["alice", "1001"]]);
    expect(wrong.r.mismatches[0]!.note).toContain("from: pallet:Ticker");
  });

  it("call expectations: errors by name, BadOrigin, any", () => {
    const text = ticker(
      "  - at: 1\n    calls:\n" +
        "      - { origin: Root, call: Ticker.nope, expect: { error: Ticker.Nope } }\n" +
        "      - { origin: Root, call: Ticker.poke, args: { amount: 1 }, expect: { error: BadOrigin } }\n" +
        "      - { origin: None, call: Ticker.poke, args: { amount: 1 }, expect: any }\n" +
        "      - { origin: { Signed: eve }, call: Ticker.poke, args: { amount: 1 }, expect: any }\n" +
        "      - { origin: Root, call: Ticker.nope, expect: { error: BadOrigin } }\n",
    );
    const { r } = run(text);
    expect(r.mismatches.map((m) => [m.path, m.expected, m.actual])).toEqual([["blocks[0].calls[4].expect.error", "Err(BadOrigin)", "Err(Ticker.Nope)"]]);
  });

  it("constants and genesis go through the preset; storage: sets state after genesis", () => {
    const text =
      "name: c\nruntime: ticker-test\nconstants: { Ticker: { Every: 2 } }\ngenesis: { Balances: { balances: { alice: \"1 TCK\" } } }\n" +
      "storage:\n  Ticker:\n    Ticks: 10\n  Balances:\n    Account: { bob: { free: 5, reserved: 0, frozen: 0, flags: 0 } }\n" +
      "blocks:\n  - at: 4\n    expect: { storage: [ { item: Ticker.Ticks, value: 12 } ], balances: { alice: 1000, bob: 5 } }\n";
    expect(run(text).paths).toEqual([]);
  });

  it("streams blocks to observers without keeping them, and in order", () => {
    const seen: number[] = [];
    const steps: number[] = [];
    let ended = false;
    const observer: ReplayObserver = {
      block: (b: BlockRecord) => seen.push(b.number),
      step: (s) => steps.push(s.step.index),
      end: (res) => (ended = res.passed),
    };
    const { r } = run(ticker("  - at: 2\n  - at: 5\n  - at: 5\n"), { observers: [observer] });
    expect(r.records).toBeUndefined();
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(steps).toEqual([0, 1, 2]);
    expect(ended).toBe(true);
  });

  it("runs long stretches of blocks no step names (a week of Kusama blocks: 100,800)", () => {
    const text = ticker(
      "  - at: 1\n    calls: [{ origin: { Signed: alice }, call: Ticker.poke, args: { amount: 1 } }]\n" +
        "  - at: 100800\n    expect:\n      storage: [ { item: Ticker.Ticks, value: 4 } ]\n      events_exact: [ Ticker.Ticked: { block: 25200 }, Ticker.Ticked: { block: 50400 }, Ticker.Ticked: { block: 75600 }, Ticker.Ticked: { block: 100800, ticks: 4 } ]\n",
      "constants: { Ticker: { Every: 25200 } }\n",
    );
    const { r, paths } = run(text);
    expect(paths).toEqual([]);
    expect(r.blocks).toBe(100800);
  });

  it("a compiled scenario runs once", () => {
    const c = compileScenario(parseScenario(ticker("  - at: 1\n")));
    replay(c);
    expect(() => replay(c)).toThrow(/already run/);
  });

  it("encodes block records as JSON in metadata shapes", () => {
    const { r } = run(ticker("  - at: 3\n    calls: [{ origin: { Signed: alice }, call: Ticker.poke, args: { amount: \"340282366920938463463374607431768211455\" } }, { origin: Root, call: Ticker.nope }]\n"), { recordBlocks: true });
    const enc = new BlockJsonEncoder(r.runtime);
    const b = enc.encode(r.records![3]!);
    const json = JSON.parse(JSON.stringify(b));
    expect(json.number).toBe(3);
    expect(json.parent_hash).toBe(r.records![2]!.hash);
    expect(json.extrinsics[0].call).toEqual({ pallet: "Ticker", name: "poke", args: { amount: "340282366920938463463374607431768211455", note: null } });
    expect(json.extrinsics[1].result).toEqual({ ok: false, error: "Ticker.Nope", dispatch_error: { type: "Module", value: { type: "Ticker", value: { type: "Nope" } } } });
    expect(json.events[0]).toEqual({ phase: { type: "Initialization" }, event: { type: "Ticker", value: { type: "Ticked", value: { block: 3, ticks: 1 } } } });
    expect(json.events[1].event.value.value.note).toBeNull();
  });
});
