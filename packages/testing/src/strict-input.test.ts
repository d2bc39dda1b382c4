// Issue 12, parts 6 and 7: strict names, and input that cannot break the runner. One `describe` per
// class of fault; each checks the error a scenario file gets (a ScenarioError: file, path, line,
// what was expected), never a stack trace and never silent acceptance.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallThrewError, createRuntime, definePallet, initCrypto, palletAccountId, t } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import {
  DEFAULT_SCENARIO_LIMITS,
  ScenarioError,
  compileScenario,
  findScenarioFiles,
  limitsFromEnv,
  loadScenario,
  parseScenario,
  parseSource,
  registerPreset,
  replay,
  runScenarioFile,
  unregisterPreset,
  type Preset,
} from "./index.ts";

const dir = mkdtempSync(join(tmpdir(), "corelab-strict-"));
let n = 0;

/** Writes `text` to a new file of the temp folder and returns its path. */
function file(text: string, name = `s${n++}.yaml`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The ScenarioError compiling `text` throws (fails the test when it throws anything else or nothing). */
function malformed(text: string, opts: Parameters<typeof compileScenario>[1] = {}): ScenarioError {
  const f = file(text);
  let e: unknown;
  try {
    compileScenario(loadScenario(f), opts);
  } catch (x) {
    e = x;
  }
  if (!(e instanceof ScenarioError)) throw new Error(`expected a ScenarioError for ${f}, got ${e instanceof Error ? e.stack : String(e)}`);
  expect(e.message.startsWith(`${f}:`)).toBe(true);
  expect(e.message).not.toMatch(/\n\s+at /);
  return e;
}

const head = "name: x\nruntime: balances-mock\n";
const PROTO = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"];

beforeAll(initCrypto);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("1. names of Object.prototype members are unknown names", () => {
  // [what, file text with NAME, path, message]
  const slots: Array<[string, string, string, string]> = [
    ["account", `${head}blocks:\n  - at: 1\n    expect: { balances: { NAME: 1 } }\n`, "blocks[0].expect.balances.NAME", "unknown account 'NAME'"],
    ["call", `${head}blocks:\n  - at: 1\n    calls: [ { origin: Root, call: Balances.NAME } ]\n`, "blocks[0].calls[0].call", "unknown call 'Balances.NAME'"],
    ["pallet", `${head}blocks:\n  - at: 1\n    calls: [ { origin: Root, call: NAME.burn } ]\n`, "blocks[0].calls[0].call", "unknown pallet 'NAME'"],
    ["argument", `${head}blocks:\n  - at: 1\n    calls: [ { origin: Root, call: Balances.burn, args: { value: 1, keep_alive: false, NAME: 1 } } ]\n`, "blocks[0].calls[0].args", "unknown argument of Balances.burn 'NAME'"],
    ["event", `${head}blocks:\n  - at: 1\n    expect: { events: [ Balances.NAME ] }\n`, "blocks[0].expect.events[0]", "unknown event 'Balances.NAME'"],
    ["event field", `${head}blocks:\n  - at: 1\n    expect: { events: [ { Balances.Transfer: { NAME: 1 } } ] }\n`, "blocks[0].expect.events[0].Balances.Transfer", "unknown field of Balances.Transfer 'NAME'"],
    ["error", `${head}blocks:\n  - at: 1\n    calls: [ { origin: Root, call: Balances.burn, args: { value: 1, keep_alive: false }, expect: { error: Balances.NAME } } ]\n`, "blocks[0].calls[0].expect.error", "unknown error 'Balances.NAME'"],
    ["error group", `${head}blocks:\n  - at: 1\n    calls: [ { origin: Root, call: Balances.burn, args: { value: 1, keep_alive: false }, expect: { error: NAME.Underflow } } ]\n`, "blocks[0].calls[0].expect.error", "unknown pallet 'NAME'"],
    ["storage item", `${head}blocks:\n  - at: 1\n    expect: { storage: [ { item: Balances.NAME, value: 1 } ] }\n`, "blocks[0].expect.storage[0].item", "unknown storage item 'Balances.NAME'"],
    ["struct field", `${head}blocks:\n  - at: 1\n    expect: { storage: [ { item: Balances.Account, key: alice, value: { NAME: { free: 5 } } } ] }\n`, "blocks[0].expect.storage[0].value", "unknown field of AccountData 'NAME'"],
    ["storage: pallet", `${head}storage: { NAME: { Account: [] } }\nblocks:\n  - at: 1\n`, "storage.NAME", "unknown pallet 'NAME'"],
    ["storage: item", `${head}storage: { Balances: { NAME: 1 } }\nblocks:\n  - at: 1\n`, "storage.Balances", "unknown storage item 'Balances.NAME'"],
    ["genesis pallet", `${head}genesis: { NAME: { balances: {} } }\nblocks:\n  - at: 1\n`, "genesis.NAME", "unknown pallet with a genesis config 'NAME'"],
    ["genesis field", `${head}genesis: { Balances: { NAME: 1 } }\nblocks:\n  - at: 1\n`, "genesis.Balances", "unknown genesis field of Balances 'NAME'"],
    ["constant", `${head}constants: { Balances: { NAME: 1 } }\nblocks:\n  - at: 1\n`, "constants.Balances", "unknown constant of Balances 'NAME'"],
  ];
  const cases = slots.flatMap(([what, text, path, msg]) => PROTO.map((name) => [what, name, text.replaceAll("NAME", name), path.replaceAll("NAME", name), msg.replaceAll("NAME", name)] as const));

  it.each(cases)("%s named '%s' is unknown, with its path and line", (_what, _name, text, path, msg) => {
    const e = malformed(text);
    expect(e.path).toBe(path);
    expect(e.message).toContain(msg);
    expect(e.line).toBeGreaterThan(2);
  });

  it("keeps a __proto__ key as it is written, as an own key, in YAML and in JSON", () => {
    const y = parseSource("a:\n  __proto__: { free: 5 }\n  constructor: 1\n", "x.yaml").value as Record<string, Record<string, unknown>>;
    expect(Object.keys(y.a!)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(y.a)).toBe(Object.prototype);
    const j = parseSource('{ "a": { "__proto__": { "free": 5 } } }', "x.json").value as Record<string, Record<string, unknown>>;
    expect(Object.hasOwn(j.a!, "__proto__")).toBe(true);
    // and through the structure's validation: the expectation is not `{}` (which would match anything)
    const s = parseScenario(`${head}blocks:\n  - at: 1\n    expect:\n      events: [ { Balances.Transfer: { __proto__: 1 } } ]\n      balances: { __proto__: 5 }\n`);
    const x = s.document.blocks[0]!.expect!;
    expect(Object.keys(x.events![0] as object)).toEqual(["Balances.Transfer"]);
    expect(Object.keys((x.events![0] as Record<string, object>)["Balances.Transfer"]!)).toEqual(["__proto__"]);
    expect(Object.keys(x.balances!)).toEqual(["__proto__"]);
  });

  it("reads plain maps, lists and scalars only: a !!omap, !!set or !!binary value is refused (a Map would match anything)", () => {
    for (const tagged of ["!!omap [ { free: 5 } ]", "!!set { free }", "!!binary aGVsbG8=", "!local { free: 5 }"]) {
      const e = malformed(`${head}blocks:\n  - at: 1\n    expect:\n      storage: [ { item: Balances.Account, key: alice, value: ${tagged} } ]\n`);
      expect(e.line).toBe(6);
      expect(e.message).toContain("unsupported YAML: Unresolved tag");
    }
  });

  it("does not touch Object.prototype through a network's chain.Pallet keys", () => {
    const e = malformed("name: x\nruntime: kusama-network\ngenesis:\n  __proto__.Balances: { balances: {} }\nblocks:\n  - at: 2\n");
    expect(e.path).toBe("genesis.__proto__.Balances");
    expect(e.message).toContain("unknown chain '__proto__'");
    expect(({} as Record<string, unknown>).Balances).toBeUndefined();
  });
});

describe("2. values outside their type", () => {
  it("refuses genesis balances that sum past u128::MAX, naming the field", () => {
    const e = malformed(`${head}genesis:\n  Balances:\n    balances: { alice: 340282366920938463463374607431768211455, bob: 1 }\nblocks:\n  - at: 1\n`);
    expect(e.path).toBe("genesis.Balances.balances");
    expect(e.line).toBe(5);
    expect(e.message).toContain("the total issuance passes u128::MAX");
    // exactly u128::MAX in all is a total issuance a u128 holds
    const ok = compileScenario(loadScenario(file(`${head}genesis:\n  Balances:\n    balances: { alice: 340282366920938463463374607431768211454, bob: 1 }\nblocks:\n  - at: 1\n`)));
    expect(ok.runtime.query("Balances", "TotalIssuance")).toBe((1n << 128n) - 1n);
  });

  it("does not take a para id past u32 (or with leading zeros) as a chain", () => {
    for (const chain of ["para-4294967296", "para-99999999999", "para-02000"]) {
      const e = malformed(`name: x\nruntime: kusama-network\nblocks:\n  - at: 2\n    expect: { storage: [ { item: ${chain}.System.Number, value: 1 } ] }\n`);
      expect(e.path).toBe("blocks[0].expect.storage[0].item");
      expect(e.message).toContain(`unknown chain '${chain}'`);
      expect(e.message).toContain("a para id is a u32");
    }
    const g = malformed("name: x\nruntime: kusama-network\ngenesis:\n  para-4294967296.Balances: { balances: { alice: 1 } }\nblocks:\n  - at: 2\n");
    expect(g.path).toBe("genesis.para-4294967296.Balances");
  });

  it.each([
    ["a negative amount", "args: { value: -5, keep_alive: false }", "blocks[0].calls[0].args.value", "got -5"],
    ["an amount past u128", "args: { value: 340282366920938463463374607431768211456, keep_alive: false }", "blocks[0].calls[0].args.value", "out of range"],
    ["a float", "args: { value: 1.5, keep_alive: false }", "blocks[0].calls[0].args.value", 'got "1.5"'],
  ])("names the path of %s", (_what, args, path, text) => {
    const e = malformed(`${head}blocks:\n  - at: 1\n    calls:\n      - origin: { Signed: alice }\n        call: Balances.burn\n        ${args}\n`);
    expect(e.path).toBe(path);
    expect(e.line).toBe(8);
    expect(e.message).toContain(text);
  });
});

describe("3. error paths exist in the file, in a network too", () => {
  it("keeps the chain prefix of genesis keys, in the file's order, at the value's line", () => {
    const relay = malformed("name: x\nruntime: kusama-network\ngenesis:\n  relay.Balances:\n    balances:\n      alcie: 5\nblocks:\n  - at: 2\n");
    expect([relay.path, relay.line]).toEqual(["genesis.relay.Balances.balances.alcie", 6]);
    const bare = malformed("name: x\nruntime: kusama-network\ngenesis:\n  Balances:\n    balances: { alice: -1 }\nblocks:\n  - at: 2\n");
    expect([bare.path, bare.line]).toEqual(["genesis.Balances.balances.alice", 5]);
    const para = malformed("name: x\nruntime: kusama-network\ngenesis:\n  para-2000.Assurance:\n    mode: Nope\nblocks:\n  - at: 2\n");
    expect([para.path, para.line]).toEqual(["genesis.para-2000.Assurance.mode", 5]);
    const constant = malformed("name: x\nruntime: kusama-network\nconstants:\n  coretime.Broker:\n    TimeslicePeriod: -2\nblocks:\n  - at: 2\n");
    expect([constant.path, constant.line]).toEqual(["constants.coretime.Broker.TimeslicePeriod", 5]);
    const unknown = malformed("name: x\nruntime: kusama-network\ngenesis:\n  relay.Balancez: { balances: {} }\nblocks:\n  - at: 2\n");
    expect([unknown.path, unknown.line]).toEqual(["genesis.relay.Balancez", 4]);
    const host = malformed("name: x\nruntime: kusama-network\ngenesis:\n  relay.Configuration:\n    on_demand_base_fe: 1\nblocks:\n  - at: 2\n");
    expect([host.path, host.line]).toEqual(["genesis.relay.Configuration", 5]);
  });

  it("names a pallet given twice for one chain, and `start` on a network", () => {
    const twice = malformed("name: x\nruntime: kusama-network\ngenesis:\n  Balances: { balances: {} }\n  relay.Balances: { balances: {} }\nblocks:\n  - at: 2\n");
    expect([twice.path, twice.line]).toEqual(["genesis.relay.Balances", 5]);
    expect(twice.message).toContain("relay's Balances is given twice");
    const start = malformed("name: x\nruntime: kusama-network\nstart: 4\nblocks:\n  - at: 6\n");
    expect([start.path, start.line]).toEqual(["start", 3]);
  });
});

describe("4. unbounded work is refused with a word to the user", () => {
  it("refuses a step too far ahead, naming the limit and how to raise it", () => {
    const e = malformed(`${head}blocks:\n  - at: 1\n  - at: 4294967295\n`);
    expect([e.path, e.line]).toEqual(["blocks[1].at", 5]);
    expect(e.message).toContain(`expected a block at most ${DEFAULT_SCENARIO_LIMITS.maxBlocks} blocks after the start`);
    expect(e.message).toContain("CORELAB_MAX_BLOCKS");
    // counted from `start`, and raised by the option
    const restaking = "name: x\nruntime: restaking-mock\nstart: 100\nblocks:\n";
    expect(malformed(`${restaking}  - at: 111\n`, { limits: { maxBlocks: 10 } }).path).toBe("blocks[0].at");
    expect(compileScenario(loadScenario(file(`${restaking}  - at: 110\n`)), { limits: { maxBlocks: 10 } }).lastBlock).toBe(110);
  });

  it("refuses more calls in one block than the limit (steps naming the same block together)", () => {
    const call = "      - { origin: Root, call: Balances.force_set_balance, args: { who: alice, new_free: 5 } }\n";
    const text = `${head}blocks:\n  - at: 1\n    calls:\n${call.repeat(3)}  - at: 1\n    calls:\n${call.repeat(3)}`;
    const e = malformed(text, { limits: { maxCallsPerBlock: 5 } });
    expect([e.path, e.line]).toEqual(["blocks[1].calls[2]", 13]);
    expect(e.message).toContain("block 1 has more than 5 calls");
    expect(e.message).toContain("CORELAB_MAX_CALLS_PER_BLOCK");
    expect(compileScenario(parseScenario(text), { limits: { maxCallsPerBlock: 6 } }).steps).toHaveLength(2);
  });

  it("reads limits from the environment, and refuses a bad value", () => {
    expect(limitsFromEnv({ CORELAB_MAX_BLOCKS: "50_000_000", CORELAB_MAX_FILE_BYTES: "" })).toEqual({ maxBlocks: 50_000_000 });
    expect(() => limitsFromEnv({ CORELAB_MAX_CALLS_PER_BLOCK: "lots" })).toThrow(/CORELAB_MAX_CALLS_PER_BLOCK: expected a whole number >= 1, got "lots"/);
  });

  it("reads a genesis of 10^5 accounts written as a map in linear time", () => {
    const text = (k: number) => {
      let s = `${head}genesis:\n  Balances:\n    balances:\n`;
      for (let i = 1; i <= k; i++) s += `      "${i}": 1000\n`;
      return `${s}blocks:\n  - at: 1\n`;
    };
    const time = (k: number) => {
      const src = text(k);
      const t0 = performance.now();
      compileScenario(parseScenario(src));
      return performance.now() - t0;
    };
    time(2_000); // warm up
    const small = time(25_000);
    const large = time(100_000);
    // 4× the accounts: about 4× the time (a quadratic step would take 16×, and minutes)
    expect(large).toBeLessThan(Math.max(8 * small, 1_000));
    expect(large).toBeLessThan(15_000);
    // a key written twice is still an error (found in the same linear pass)
    const dup = malformed(`${head}genesis:\n  Balances:\n    balances:\n      "7": 1\n      "8": 1\n      7: 2\nblocks:\n  - at: 1\n`);
    expect([dup.path, dup.line]).toEqual(["genesis.Balances.balances.7", 8]);
    expect(dup.message).toContain("duplicate key '7'");
  }, 60_000);
});

describe("5. files that are not files", () => {
  it("refuses a symbolic link to /dev/zero, a named pipe and a folder before reading anything", () => {
    const zero = join(dir, "zero.yaml");
    symlinkSync("/dev/zero", zero);
    expect(() => loadScenario(zero)).toThrow(/zero\.yaml: a character device, not a regular file: it is not read/);
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(() => loadScenario(fifo)).toThrow(/pipe\.yaml: a named pipe, not a regular file/);
    const folder = join(dir, "folder.yaml");
    mkdirSync(folder);
    expect(() => loadScenario(folder)).toThrow(/folder\.yaml: a folder, not a scenario file/);
    for (const f of [zero, fifo, folder]) rmSync(f, { recursive: true, force: true });
  });

  it("refuses a file larger than the limit", () => {
    const big = file(`${head}description: "${"x".repeat(2000)}"\nblocks:\n  - at: 1\n`);
    expect(() => loadScenario(big, { limits: { maxFileBytes: 1000 } })).toThrow(/has \d+ bytes, more than the 1000 a scenario file may have \(set CORELAB_MAX_FILE_BYTES/);
    expect(loadScenario(big).document.name).toBe("x");
  });

  it("follows symbolic links in a folder, and lists what cannot be read instead of skipping it", () => {
    const root = join(dir, "tree");
    const other = join(dir, "elsewhere");
    mkdirSync(join(root, "sub"), { recursive: true });
    mkdirSync(other, { recursive: true });
    writeFileSync(join(root, "a.yaml"), `${head}blocks:\n  - at: 1\n`);
    writeFileSync(join(other, "b.yaml"), `${head}blocks:\n  - at: 1\n`);
    writeFileSync(join(other, "c.yaml"), `${head}blocks:\n  - at: 1\n`);
    symlinkSync(join(other, "b.yaml"), join(root, "linked.yaml")); // a link to a file
    symlinkSync(other, join(root, "sub", "more")); // a link to a folder
    symlinkSync(root, join(root, "sub", "loop")); // a link back up: searched once
    symlinkSync(join(dir, "missing.yaml"), join(root, "broken.yaml")); // a broken link: listed, then reported
    symlinkSync("/dev/zero", join(root, "zero.yaml"));
    const files = findScenarioFiles("tree", { cwd: dir }).map((f) => f.replace(/\\/g, "/"));
    expect(files).toEqual(["tree/a.yaml", "tree/broken.yaml", "tree/linked.yaml", "tree/sub/more/b.yaml", "tree/sub/more/c.yaml", "tree/zero.yaml"]);
    const runs = files.map((f) => runScenarioFile(f, { cwd: dir }));
    expect(runs.map((r) => r.status)).toEqual(["pass", "malformed", "pass", "pass", "pass", "malformed"]);
    expect((runs[1]!.error as Error).message).toContain("tree/broken.yaml: cannot read the file: ENOENT");
    expect((runs[5]!.error as Error).message).toContain("a character device");
  });
});

describe("6. calls built in code are checked (see frame's call-checks.test.ts)", () => {
  it("refuses Balances.call with a negative u128 before the runtime sees it", () => {
    expect(() => Balances.call("transfer_allow_death", { dest: "alice", value: -100n })).toThrow(/Balances\.transfer_allow_death\.value: expected Balance \(a bigint 0\.\.2\^128-1\), got -100/);
    expect(() => Balances.call("transfer_allow_death", { dest: "alice", value: 100n })).not.toThrow();
  });
});

describe("7. strict account names", () => {
  it("refuses a typo, naming the path and the nearest names", () => {
    const e = malformed(`${head}genesis: { Balances: { balances: { alice: 10 } } }\nblocks:\n  - at: 1\n    calls:\n      - origin: { Signed: alice }\n        call: Balances.transfer_allow_death\n        args: { dest: alcie, value: 1 }\n`);
    expect([e.path, e.line]).toEqual(["blocks[0].calls[0].args.dest", 9]);
    expect(e.message).toContain("unknown account 'alcie'");
    expect(e.message).toContain("did you mean 'alice'?");
    expect(malformed(`${head}blocks:\n  - at: 1\n    calls: [ { origin: { Signed: bobb }, call: Balances.burn, args: { value: 1, keep_alive: false } } ]\n`).path).toBe("blocks[0].calls[0].origin.Signed");
  });

  it("accepts dev names, declared names, decimal ids, hex and SS58, and says which names are declared", () => {
    const ok = `${head}accounts: [treasury, pot:rewards]\ngenesis:\n  Balances:\n    balances:\n      Alice: 10\n      treasury: 10\n      pot:rewards: 10\n      "1001": 10\n      "0x70617261d0070000000000000000000000000000000000000000000000000000": 10\n      ${palletAccountId("py/trsry")}: 10\nblocks:\n  - at: 1\n    expect: { balances: { treasury: 10, "1001": 10, bob: 10 } }\n`;
    const r = replay(compileScenario(loadScenario(file(ok))));
    expect(r.mismatches.map((m) => m.path)).toEqual(["blocks[0].expect.balances.bob"]);
    const typo = malformed(`${head}accounts: [treasury]\nblocks:\n  - at: 1\n    expect: { balances: { tresury: 1 } }\n`);
    expect(typo.message).toContain("did you mean 'treasury'?");
  });

  it("refuses decimal ids past u64, and declarations that are dev names, aliases, repeated or malformed", () => {
    expect(malformed(`${head}blocks:\n  - at: 1\n    expect: { balances: { "18446744073709551616": 1 } }\n`).message).toContain("unknown account '18446744073709551616'");
    expect(malformed(`${head}accounts: [Bob]\nblocks:\n  - at: 1\n`).path).toBe("accounts[0]");
    expect(malformed(`${head}accounts: [a, a]\nblocks:\n  - at: 1\n`).message).toContain("'a' is declared twice");
    expect(malformed(`${head}accounts: [relay.alice]\nblocks:\n  - at: 1\n`).message).toContain("no dots");
    const alias = malformed("name: x\nruntime: broker-mock\naccounts: [pallet:Broker]\nblocks:\n  - at: 1\n");
    expect([alias.path, alias.line]).toEqual(["accounts[0]", 3]);
  });
});

describe("8. a plain Error thrown by a call or a hook", () => {
  const Buggy = definePallet<Record<string, never>>()({
    name: "Buggy",
    storage: {},
    events: {},
    errors: {},
    calls: {
      crash: {
        index: 0,
        args: { n: t.u32 },
        dispatch(): void {
          throw new Error("boom");
        },
      },
    },
    hooks: {
      onFinalize(ctx): void {
        if (ctx.blockNumber === 3) throw new Error("bang");
      },
    },
  });
  const preset: Preset = { name: "buggy-strict", description: "test only", create: () => createRuntime({ name: "buggy-strict", pallets: [Buggy.instance({})] }) };
  beforeAll(() => registerPreset(preset));
  afterAll(() => unregisterPreset(preset.name));

  it("names the pallet, the call and the block, and the block is not committed", () => {
    const f = file("name: x\nruntime: buggy-strict\nblocks:\n  - at: 1\n  - at: 2\n    calls: [ { origin: Root, call: Buggy.crash, args: { n: 1 } } ]\n");
    const sealed: number[] = [];
    const run = runScenarioFile(f, { observers: [{ block: (b) => void sealed.push(b.number) }] });
    expect(run.status).toBe("error");
    expect(run.bug).toBe(false);
    expect(run.error).toBeInstanceOf(CallThrewError);
    expect((run.error as Error).message).toContain("Buggy.crash threw at block 2");
    expect((run.error as CallThrewError).details[0]).toBe("Error: boom");
    expect(sealed).toEqual([0, 1]);
  });

  it("names the pallet, the hook and the block", () => {
    const run = runScenarioFile(file("name: x\nruntime: buggy-strict\nblocks:\n  - at: 5\n"));
    expect(run.status).toBe("error");
    expect((run.error as Error).message).toContain("Buggy.on_finalize threw at block 3");
  });
});
