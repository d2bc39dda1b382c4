// Property test of the scenario runner's input handling (fast-check, fixed seed; issue 12, part 7):
// it generates scenario files, valid ones and ones broken in each way the issue lists, writes
// them to a temporary folder, and replays each through `runScenarioFile` (what `corelab replay`
// calls for every file, in-process), plus a handful through the real command
// (`node tools/run.mjs corelab replay`). Every run must end
//
// - with exit status 0, 1 or 2 (never 3: no stack trace, no "bug in Corelab"), within a time
//   bound per file;
// - 2 (malformed) with a `ScenarioError` whose message starts with the file and whose path
//   exists in the file (or is the document itself, for text that is not YAML or a file that is
//   not a file), at a line past the first for anything but the first key;
// - 1 (failed) with mismatches whose paths exist in the file (or are the implied `expect: ok` of
//   a call);
// and each broken file must be refused (malformed), never accepted silently; valid files must
// pass or fail, never be refused.
//
// Broken in each way: names of `Object.prototype` members in every name slot (class 1), values
// outside their type and genesis sums past u128 (2), blocks too far ahead and blocks with too many
// calls (4), unknown accounts (7), duplicate keys, unknown keys, decreasing blocks; truncated
// text and stray characters (any status but 3). Files that are not files (5) are fixed cases.
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { DEFAULT_SCENARIO_LIMITS, FILE_EXIT_STATUS, ScenarioError, parseSource, runScenarioFile, splitPath, type FileRun } from "./index.ts";

const ROOT = resolve(fileURLToPath(new URL("../../../", import.meta.url)));
const SEED = 20_260_612;
const RUNS = 400;
/** Wall time a small generated file may take, in-process (the whole run is a few milliseconds). */
const PER_FILE_MS = 3_000;
/** Limits of the in-process runs: a small calls-per-block limit (valid files have at most 4 steps of 3 calls in one block). */
const LIMITS = { maxCallsPerBlock: 12 };

const dir = mkdtempSync(join(tmpdir(), "corelab-generated-"));
beforeAll(initCrypto);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// documents

type Doc = Record<string, unknown>;

const DEV = ["alice", "bob", "charlie", "dave", "eve", "ferdie"] as const;
const IDS = ["1001", "42", "0x70617261d0070000000000000000000000000000000000000000000000000000"] as const;
const DECLARABLE = ["treasury", "pot:rewards", "operator_1", "fund-2"] as const;
const PROTO = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf", "isPrototypeOf"] as const;
const TYPOS = ["alcie", "bobb", "charly", "Daave", "treasurer", "nobody", "ALICE2"] as const;
const BAD_AMOUNTS: unknown[] = [-1, -100000000000000000000n, 1n << 128n, (1n << 128n) + 5n, "1.5", "lots", "-0x10", true, [1], { free: 1 }];

/** Sets `obj[key]` as an own property (`__proto__` included). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const amount = fc.bigInt({ min: 1n, max: 10n ** 15n });

/** A valid `balances-mock` scenario: declared accounts, genesis, steps with calls and expectations. */
const validDoc: fc.Arbitrary<Doc> = fc.uniqueArray(fc.constantFrom(...DECLARABLE), { maxLength: 3 }).chain((declared) => {
  const who = fc.constantFrom<string>(...DEV, ...IDS, ...declared);
  const call = fc.oneof(
    fc.record({ origin: who.map((w) => ({ Signed: w })), call: fc.constant("Balances.transfer_allow_death"), args: fc.record({ dest: who, value: fc.bigInt({ min: 0n, max: 10n ** 15n }) }) }),
    fc.record({ origin: who.map((w) => ({ Signed: w })), call: fc.constant("Balances.transfer_keep_alive"), args: fc.record({ dest: who, value: amount }) }),
    fc.record({ origin: fc.constant("Root"), call: fc.constant("Balances.force_set_balance"), args: fc.record({ who, new_free: fc.bigInt({ min: 0n, max: 10n ** 15n }) }) }),
    fc.record({ origin: who.map((w) => ({ Signed: w })), call: fc.constant("Balances.burn"), args: fc.record({ value: amount, keep_alive: fc.boolean() }) }),
  );
  // mostly `any`: enough files pass (others fail on a call's outcome or a balance: both are fine)
  const callExpect = fc.oneof(
    { arbitrary: fc.constant<unknown>("any"), weight: 8 },
    { arbitrary: fc.constantFrom<unknown>(undefined, "ok", { error: "Token.FundsUnavailable" }, { error: "Balances.InsufficientBalance" }, { error: "Arithmetic.Underflow" }, { error: "BadOrigin" }), weight: 2 },
  );
  const withExpect = fc.tuple(call, callExpect).map(([c, e]) => (e === undefined ? c : { ...c, expect: e }));
  const event = fc.oneof(
    fc.constantFrom<unknown>("Balances.Transfer", "System.ExtrinsicSuccess", "Balances.BalanceSet"),
    fc.record({ from: who, amount }, { requiredKeys: [] }).map((f) => ({ "Balances.Transfer": f })),
  );
  const storage = fc.oneof(
    amount.map((v) => ({ item: "Balances.TotalIssuance", value: v })),
    fc.tuple(who, amount).map(([k, v]) => ({ item: "Balances.Account", key: k, value: { free: v } })),
    who.map((k) => ({ item: "Balances.Account", key: k, value: null })),
  );
  const stepExpect = fc.record(
    { events: fc.array(event, { maxLength: 2 }), storage: fc.array(storage, { maxLength: 2 }), balances: fc.dictionary(who, amount, { maxKeys: 3 }) },
    { requiredKeys: [] },
  );
  const step = fc.record({ gap: fc.integer({ min: 0, max: 4 }), calls: fc.array(withExpect, { maxLength: 3 }), expect: fc.option(stepExpect, { nil: undefined, freq: 2 }) });
  return fc
    .record({
      genesis: fc.dictionary(who, amount, { maxKeys: 5 }),
      steps: fc.array(step, { minLength: 1, maxLength: 4 }),
      zero: fc.boolean(),
      ed: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    })
    .map(({ genesis, steps, zero, ed }) => {
      let at = zero ? 0 : 1;
      const blocks = steps.map((s, i) => {
        at += i === 0 ? 0 : s.gap;
        const b: Doc = { at };
        if (s.calls.length > 0) b.calls = s.calls;
        if (s.expect !== undefined) b.expect = s.expect;
        return b;
      });
      const doc: Doc = { name: "generated", runtime: "balances-mock" };
      if (declared.length > 0) doc.accounts = declared;
      if (ed !== undefined) doc.constants = { Balances: { ExistentialDeposit: ed } };
      // amounts at least the existential deposit
      doc.genesis = { Balances: { balances: Object.fromEntries(Object.entries(genesis).map(([k, v]) => [k, v + 3n])) } };
      doc.blocks = blocks;
      return doc;
    });
});

// ---------------------------------------------------------------------------------------------
// breaking a document

/** What a broken file must end with: refused (`malformed`, optionally with a text in the message), or anything but an error. */
interface Broken {
  readonly kind: string;
  readonly doc?: Doc;
  /** Replaces the rendered text. */
  readonly text?: (yaml: string) => string;
  readonly expect: "malformed" | "any";
  readonly message?: RegExp;
}

const clone = (d: Doc): Doc => structuredClone(d);
const blocksOf = (d: Doc) => d.blocks as Doc[];
/** The step (and a call of it) at fraction `f` of the document; a call is added when there is none. */
function someCall(d: Doc, f: number): Doc {
  const steps = blocksOf(d);
  const s = steps[Math.floor(f * steps.length)]!;
  const calls = ((s.calls as Doc[] | undefined) ?? (s.calls = [])) as Doc[];
  if (calls.length === 0) calls.push({ origin: { Signed: "alice" }, call: "Balances.transfer_allow_death", args: { dest: "bob", value: 1n } });
  return calls[Math.floor(f * calls.length)]!;
}
function someExpect(d: Doc, f: number): Doc {
  const steps = blocksOf(d);
  const s = steps[Math.floor(f * steps.length)]!;
  return ((s.expect as Doc | undefined) ?? (s.expect = {})) as Doc;
}
const list = (o: Doc, k: string): unknown[] => ((o[k] as unknown[] | undefined) ?? (o[k] = [])) as unknown[];
const map = (o: Doc, k: string): Doc => ((o[k] as Doc | undefined) ?? (o[k] = {})) as Doc;

/** Puts `name` in one name slot of `d` (a call, a pallet, an argument, an event … an account). */
const NAME_SLOTS: Record<string, (d: Doc, f: number, name: string) => void> = {
  call: (d, f, n) => void (someCall(d, f).call = `Balances.${n}`),
  pallet: (d, f, n) => void (someCall(d, f).call = `${n}.transfer_allow_death`),
  argument: (d, f, n) => put(map(someCall(d, f), "args"), n, 1),
  event: (d, f, n) => void list(someExpect(d, f), "events").push(`Balances.${n}`),
  "event field": (d, f, n) => {
    const fields = {};
    put(fields, n, 1);
    list(someExpect(d, f), "events").push({ "Balances.Transfer": fields });
  },
  error: (d, f, n) => void (someCall(d, f).expect = { error: `Balances.${n}` }),
  "error group": (d, f, n) => void (someCall(d, f).expect = { error: `${n}.Underflow` }),
  "storage item": (d, f, n) => void list(someExpect(d, f), "storage").push({ item: `Balances.${n}`, value: 1 }),
  "struct field": (d, f, n) => {
    const value = {};
    put(value, n, { free: 1 });
    list(someExpect(d, f), "storage").push({ item: "Balances.Account", key: "alice", value });
  },
  "genesis field": (d, _f, n) => put(map(map(d, "genesis"), "Balances"), n, 1),
  "genesis pallet": (d, _f, n) => put(map(d, "genesis"), n, { balances: {} }),
  constant: (d, _f, n) => put(map(map(d, "constants"), "Balances"), n, 1),
  "storage section pallet": (d, _f, n) => put(map(d, "storage"), n, { Account: [] }),
  "account (balances)": (d, f, n) => put(map(someExpect(d, f), "balances"), n, 1),
  "account (dest)": (d, f, n) => {
    const c = someCall(d, f);
    c.call = "Balances.transfer_allow_death";
    c.args = { dest: n, value: 1n };
    delete c.expect;
  },
  "account (origin)": (d, f, n) => {
    const c = someCall(d, f);
    c.origin = { Signed: n };
  },
  "account (genesis)": (d, _f, n) => put(map(map(map(d, "genesis"), "Balances"), "balances"), n, 5n),
  "account (storage key)": (d, f, n) => void list(someExpect(d, f), "storage").push({ item: "Balances.Account", key: n, value: null }),
};
const ACCOUNT_SLOTS = Object.keys(NAME_SLOTS).filter((k) => k.startsWith("account"));

/** Puts a value outside its type in an amount slot. */
const AMOUNT_SLOTS: Record<string, (d: Doc, f: number, v: unknown) => void> = {
  "call argument": (d, f, v) => {
    const c = someCall(d, f);
    c.call = "Balances.force_set_balance";
    c.origin = "Root";
    c.args = { who: "alice", new_free: v };
  },
  genesis: (d, _f, v) => put(map(map(map(d, "genesis"), "Balances"), "balances"), "bob", v),
  "balance expectation": (d, f, v) => put(map(someExpect(d, f), "balances"), "alice", v),
  "storage value field": (d, f, v) => void list(someExpect(d, f), "storage").push({ item: "Balances.Account", key: "alice", value: { free: v } }),
  constant: (d, _f, v) => put(map(map(d, "constants"), "Balances"), "ExistentialDeposit", v),
};

const broken: fc.Arbitrary<(d: Doc) => Broken> = fc.oneof(
  // class 1: Object.prototype names in every name slot
  fc.tuple(fc.constantFrom(...Object.keys(NAME_SLOTS)), fc.constantFrom(...PROTO), fc.double({ min: 0, max: 0.999, noNaN: true })).map(([slot, name, f]) => (d: Doc): Broken => {
    const doc = clone(d);
    NAME_SLOTS[slot]!(doc, f, name);
    return { kind: `prototype name in ${slot}`, doc, expect: "malformed", message: /unknown / };
  }),
  // class 7: an account that is not one (a typo, an undeclared name)
  fc.tuple(fc.constantFrom(...ACCOUNT_SLOTS), fc.constantFrom(...TYPOS), fc.double({ min: 0, max: 0.999, noNaN: true })).map(([slot, name, f]) => (d: Doc): Broken => {
    const doc = clone(d);
    NAME_SLOTS[slot]!(doc, f, name);
    return { kind: `unknown account in ${slot}`, doc, expect: "malformed", message: new RegExp(`unknown account '${name}'`) };
  }),
  // class 2: values outside their type
  fc.tuple(fc.constantFrom(...Object.keys(AMOUNT_SLOTS)), fc.constantFrom(...BAD_AMOUNTS), fc.double({ min: 0, max: 0.999, noNaN: true })).map(([slot, v, f]) => (d: Doc): Broken => {
    const doc = clone(d);
    AMOUNT_SLOTS[slot]!(doc, f, v);
    return { kind: `bad amount in ${slot}`, doc, expect: "malformed" };
  }),
  fc.constant((d: Doc): Broken => {
    const doc = clone(d);
    const b = map(map(map(doc, "genesis"), "Balances"), "balances");
    put(b, "charlie", 1n << 127n);
    put(b, "dave", 1n << 127n);
    return { kind: "genesis past u128", doc, expect: "malformed", message: /u128::MAX/ };
  }),
  // class 4: a block too far ahead, too many calls in a block
  fc.bigInt({ min: BigInt(DEFAULT_SCENARIO_LIMITS.maxBlocks) + 2n, max: 4_294_967_295n }).map((far) => (d: Doc): Broken => {
    const doc = clone(d);
    blocksOf(doc).push({ at: Number(far) });
    return { kind: "a block too far ahead", doc, expect: "malformed", message: /CORELAB_MAX_BLOCKS/ };
  }),
  fc.integer({ min: LIMITS.maxCallsPerBlock + 1, max: 3 * LIMITS.maxCallsPerBlock }).map((k) => (d: Doc): Broken => {
    const doc = clone(d);
    const last = blocksOf(doc).at(-1)!;
    const at = last.at as number;
    blocksOf(doc).push({ at, calls: Array.from({ length: k }, () => ({ origin: "Root", call: "Balances.force_set_balance", args: { who: "alice", new_free: 5n } })) });
    return { kind: "too many calls in a block", doc, expect: "malformed", message: /CORELAB_MAX_CALLS_PER_BLOCK/ };
  }),
  // the structure
  fc.constantFrom("blok", "Blocks", "__proto__", "constructor").map((key) => (d: Doc): Broken => {
    const doc = clone(d);
    put(doc, key, 1);
    return { kind: "unknown top-level key", doc, expect: "malformed", message: /unknown key/ };
  }),
  fc.constant((d: Doc): Broken => {
    const doc = clone(d);
    blocksOf(doc).push({ at: 0 }, { at: 0 });
    blocksOf(doc).splice(-2, 1, { at: (blocksOf(doc).at(-3)!.at as number) + 3 });
    return { kind: "decreasing blocks", doc, expect: "malformed", message: /never decrease|>= / };
  }),
  fc.constant((d: Doc): Broken => ({ kind: "duplicate key", doc: d, text: (y) => y.replace(/^"runtime": .*$/m, (l) => `${l}\n${l}`), expect: "malformed", message: /duplicate key 'runtime'/ })),
  // text that is cut or has a stray character: refused or not, but never a crash
  fc.double({ min: 0, max: 0.999, noNaN: true }).map((f) => (d: Doc): Broken => ({ kind: "truncated", doc: d, text: (y) => y.slice(0, Math.floor(f * y.length)), expect: "any" })),
  fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.constantFrom("{", "}", "[", "]", ":", "-", "&a", "*a", "!!", "\t", '"', "'", "#", "<<: *x", "\u0000", "%", "0x", "!!omap ", "!!set ", "!x ", "? ")).map(([f, c]) => (d: Doc): Broken => ({
    kind: `stray ${JSON.stringify(c)}`,
    doc: d,
    text: (y) => y.slice(0, Math.floor(f * y.length)) + c + y.slice(Math.floor(f * y.length)),
    expect: "any",
  })),
);

// ---------------------------------------------------------------------------------------------
// rendering

const key = (k: string) => JSON.stringify(k);
function scalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
/** YAML of a value, block style for maps and lists of maps (one key a line: a line per path). */
function yaml(v: unknown, indent = ""): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return " []";
    return v.map((x) => `\n${indent}- ${yaml(x, `${indent}  `).replace(/^\n\s*/, "")}`).join("");
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v);
    if (entries.length === 0) return " {}";
    return entries.map(([k, x]) => `\n${indent}${key(k)}:${x !== null && typeof x === "object" ? yaml(x, `${indent}  `) : ` ${scalar(x)}`}`).join("");
  }
  return ` ${scalar(v)}`;
}
const toYaml = (d: Doc) => `${yaml(d).replace(/^\n/, "")}\n`;
const toJson = (d: Doc) => JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v.toString()) : v), 2);

// ---------------------------------------------------------------------------------------------
// checking a run

/** Whether `path` names something written in `root` (keys with dots, `Balances.Transfer`, match whole). */
function pathExists(root: unknown, path: string): boolean {
  const segs = splitPath(path);
  let node = root;
  let i = 0;
  while (i < segs.length) {
    const s = segs[i]!;
    if (Array.isArray(node) && typeof s === "number") {
      if (s >= node.length) return false;
      node = node[s];
      i++;
      continue;
    }
    if (node === null || typeof node !== "object" || Array.isArray(node)) return false;
    let next = -1;
    for (let j = segs.length; j > i && next < 0; j--) {
      const part = segs.slice(i, j);
      if (part.length > 1 && part.some((x) => typeof x === "number")) continue;
      if (Object.hasOwn(node, part.join("."))) next = j;
    }
    if (next < 0) return false;
    node = (node as Record<string, unknown>)[segs.slice(i, next).join(".")];
    i = next;
  }
  return true;
}

const parent = (path: string) => (/[.[]/.test(path) ? path.replace(/(\.[^.[\]]+|\[\d+\])$/, "") : "");
const STACK = /\n\s+at /;

/** Checks one run: its status, its message and the paths it names. Returns the status. */
function checkRun(run: FileRun, file: string, text: string, ms: number): FileRun["status"] {
  const what = `${file} (${run.status}): ${run.error instanceof Error ? run.error.message : ""}\n--- file ---\n${text}`;
  expect(run.bug, what).toBe(false);
  expect(run.status, what).not.toBe("error");
  expect(ms, `${file} took ${ms} ms`).toBeLessThan(PER_FILE_MS);
  let root: unknown;
  try {
    root = parseSource(text, file).value;
  } catch {
    // refused as it was read (a key written twice …): the keys as the yaml library reads them
    try {
      root = parseYaml(text, { uniqueKeys: false, logLevel: "silent" });
    } catch {
      root = undefined;
    }
  }
  if (run.status === "malformed") {
    const e = run.error;
    expect(e, what).toBeInstanceOf(ScenarioError);
    const err = e as ScenarioError;
    expect(err.message.startsWith(file), what).toBe(true);
    expect(err.message, what).not.toMatch(STACK);
    if (err.path !== "") {
      const missing = /^missing/.test(err.problem);
      expect(pathExists(root, err.path) || (missing && pathExists(root, parent(err.path))), `path ${err.path} is not in the file: ${what}`).toBe(true);
      expect(err.line, what).toBeDefined();
      // past the first line, but for the first key, and a top-level key that is missing (the document is where it is missing)
      if (!err.path.startsWith("name") && !(missing && parent(err.path) === "")) expect(err.line!, `line of ${err.path}: ${what}`).toBeGreaterThan(1);
    }
  }
  if (run.status === "fail") {
    for (const m of run.result!.mismatches) {
      expect(m.file).toBe(file);
      const implied = m.path.endsWith(".expect") && pathExists(root, parent(m.path));
      expect(pathExists(root, m.path) || implied, `mismatch path ${m.path} is not in the file: ${what}`).toBe(true);
      expect(m.line, what).toBeDefined();
    }
  }
  return run.status;
}

let fileCount = 0;
function writeScenario(text: string, ext = "yaml"): string {
  const f = join(dir, `g${fileCount++}.${ext}`);
  writeFileSync(f, text);
  return f;
}

function runTimed(file: string): [FileRun, number] {
  const t0 = performance.now();
  const run = runScenarioFile(file, { limits: LIMITS });
  return [run, performance.now() - t0];
}

// ---------------------------------------------------------------------------------------------

describe("generated scenario files end with exit 0, 1 or 2 and a message naming the file and a path in it", () => {
  it("valid files (YAML and JSON) pass or fail, and are never refused", () => {
    const seen = { pass: 0, fail: 0 };
    fc.assert(
      fc.property(validDoc, fc.boolean(), (doc, json) => {
        const text = json ? toJson(doc) : toYaml(doc);
        const file = writeScenario(text, json ? "json" : "yaml");
        const [run, ms] = runTimed(file);
        const status = checkRun(run, file, text, ms);
        expect(status, `${file}: ${run.error instanceof Error ? run.error.message : ""}\n${text}`).not.toBe("malformed");
        seen[status as "pass" | "fail"]++;
      }),
      { seed: SEED, numRuns: RUNS / 4 },
    );
    // the property is not vacuous: both outcomes happen
    expect(seen.pass).toBeGreaterThan(5);
    expect(seen.fail).toBeGreaterThan(5);
  });

  it("broken files are refused with the path of what is wrong, or (cut, stray characters) end with 0, 1 or 2", () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(validDoc, broken, (doc, breakIt) => {
        const b = breakIt(doc);
        const text = b.text ? b.text(toYaml(b.doc!)) : toYaml(b.doc!);
        const file = writeScenario(text);
        const [run, ms] = runTimed(file);
        const status = checkRun(run, file, text, ms);
        const family = b.kind.replace(/ in .*$/, "").replace(/^stray .*/, "stray");
        kinds.set(family, (kinds.get(family) ?? 0) + 1);
        if (b.expect === "malformed") {
          expect(status, `${b.kind} was not refused: ${file}\n${text}`).toBe("malformed");
          if (b.message) expect((run.error as Error).message, `${b.kind}: ${file}\n${text}`).toMatch(b.message);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // every way of breaking a file was tried
    for (const k of ["prototype name", "unknown account", "bad amount", "genesis past u128", "a block too far ahead", "too many calls", "unknown top-level key", "decreasing blocks", "duplicate key", "truncated", "stray"])
      expect(kinds.get(k) ?? 0, `${k} was never generated`).toBeGreaterThan(0);
  });
});

describe("files that are not files, and the real command", () => {
  const cases = (): Array<[string, string, number, RegExp]> => {
    const base = join(dir, "cli");
    mkdirSync(base, { recursive: true });
    const valid = join(base, "valid.yaml");
    writeFileSync(valid, "name: ok\nruntime: balances-mock\ngenesis: { Balances: { balances: { alice: 100 } } }\nblocks:\n  - at: 1\n    expect: { balances: { alice: 100 } }\n");
    const proto = join(base, "proto.yaml");
    writeFileSync(proto, "name: p\nruntime: balances-mock\nblocks:\n  - at: 1\n    expect:\n      storage: [ { item: Balances.Account, key: alice, value: { __proto__: { free: 5 } } } ]\n");
    const far = join(base, "far.yaml");
    writeFileSync(far, "name: far\nruntime: balances-mock\nblocks:\n  - at: 1\n  - at: 4294967295\n");
    const zero = join(base, "zero.yaml");
    symlinkSync("/dev/zero", zero);
    const fifo = join(base, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const folder = join(base, "folder");
    mkdirSync(folder);
    symlinkSync(valid, join(folder, "linked.yaml"));
    return [
      [valid, "valid", 0, /PASS {2}ok/],
      [proto, "__proto__ in an expectation", 2, /blocks\[0\]\.expect\.storage\[0\]\.value: unknown field of AccountData '__proto__'/],
      [far, "a block too far ahead", 2, /blocks\[1\]\.at: expected a block at most 10000000 blocks after the start/],
      [zero, "a link to /dev/zero", 2, /zero\.yaml: a character device, not a regular file/],
      [fifo, "a named pipe", 2, /pipe\.yaml: a named pipe, not a regular file/],
      [folder, "a folder whose file is a symbolic link", 0, /PASS {2}ok {2}\S*folder\/linked\.yaml/],
    ];
  };

  it("refuses them in-process, and through `node tools/run.mjs corelab replay` with the same exit status", async () => {
    const all = cases();
    // in-process, as the command runs each file
    for (const [path, what, code] of all.slice(0, 5)) {
      const [run] = runTimed(path);
      expect(FILE_EXIT_STATUS[run.status], what).toBe(code);
      expect(run.bug, what).toBe(false);
    }
    // the real command, two at a time
    const cli = (path: string) =>
      new Promise<{ code: number | null; out: string }>((done) => {
        const p = spawn(process.execPath, [join(ROOT, "tools/run.mjs"), "corelab", "replay", "--no-color", path], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
        let out = "";
        p.stdout.on("data", (c) => (out += c));
        p.stderr.on("data", (c) => (out += c));
        const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
        p.on("close", (code) => {
          clearTimeout(timer);
          done({ code, out });
        });
      });
    // the first run may bundle the command (tools/bundle.mjs): run it alone
    const results = [await cli(all[0]![0])];
    for (let i = 1; i < all.length; i += 2) results.push(...(await Promise.all(all.slice(i, i + 2).map(([p]) => cli(p)))));
    all.forEach(([, what, code, text], i) => {
      const r = results[i]!;
      expect(r.code, `${what}: ${r.out}`).toBe(code);
      expect(r.out, what).toMatch(text);
      expect(r.out, what).not.toMatch(STACK);
      expect(r.out, what).not.toContain("BUG");
    });
  }, 90_000);
});
