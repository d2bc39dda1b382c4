/**
 * Compiling a scenario: builds the preset's runtime at genesis and parses every value of the file
 * with the runtime's codecs (call arguments, storage values and keys, event fields, balances), so
 * that a malformed file fails with a `ScenarioError` before any block is built. The result is a
 * plan the runner (`replay.ts`) executes.
 */
import {
  CorelabError,
  InvalidGenesisError,
  InvalidValueError,
  Origin,
  UnknownNameError,
  t,
  type Codec,
  type Network,
  type ParseContext,
  applyRawState,
  type RawStateSummary,
  type Runtime,
  type RuntimeCall,
  type StorageItem,
} from "@corelab/frame";
import { dirname, isAbsolute, join } from "node:path";
import { decodeStateFile, ensureSs58Accounts, readStateFile } from "./raw-genesis.ts";
import { ScenarioError, toScenarioError } from "./errors.ts";
import { raiseHint, scenarioLimits, type ScenarioLimits } from "./limits.ts";
import { Names, ScenarioAccounts, type ChainView } from "./names.ts";
import type { Preset } from "@corelab/frame";
import { getPreset } from "./presets/registry.ts";
import { isPresetModulePath } from "./preset-module.ts";
import type { Scenario } from "./scenario.ts";
import { rawGenesisFile, type CallDocument, type EventExpectDocument, type ExpectDocument } from "./schema.ts";

/** What a call must return. */
export type CallExpectation = { readonly kind: "ok" } | { readonly kind: "any" } | { readonly kind: "error"; readonly error: string };

/** A parsed call of a step. */
export interface CompiledCall {
  /** Path in the file (`blocks[2].calls[0]`). */
  readonly path: string;
  readonly chain: ChainView;
  readonly origin: Origin;
  readonly call: RuntimeCall;
  readonly expect: CallExpectation;
}

/** A parsed expected event. */
export interface CompiledEvent {
  readonly path: string;
  readonly chain: ChainView;
  readonly pallet: string;
  readonly name: string;
  /** Parsed fields to compare (partial), or undefined to compare the name only. */
  readonly fields: Readonly<Record<string, unknown>> | undefined;
}

/** A parsed storage expectation. */
export interface CompiledStorage {
  readonly path: string;
  readonly chain: ChainView;
  readonly qualified: string;
  readonly item: StorageItem;
  /** `value` item, one map `entry`, or the `whole` map (addition: no `key` on a map). */
  readonly mode: "value" | "entry" | "whole";
  readonly key?: unknown;
  /** `true` when the expectation is `value: null`. */
  readonly absent: boolean;
  /** The parsed (partial) expected value; for `whole`, the expected `[key, value]` entries. */
  readonly value?: unknown;
  /** `whole` on a preset's sequence: the file wrote the values only (entry `i` is `value[i]`, key `i`). */
  readonly sequence?: boolean;
}

/** A parsed balance expectation. */
export interface CompiledBalance {
  readonly path: string;
  readonly chain: ChainView;
  readonly who: string;
  readonly free: bigint;
  readonly account: StorageItem;
}

/** A step's parsed expectations. */
export interface CompiledExpect {
  readonly events?: readonly CompiledEvent[];
  readonly events_exact?: readonly CompiledEvent[];
  readonly storage?: readonly CompiledStorage[];
  readonly balances?: readonly CompiledBalance[];
}

/** A parsed step. */
export interface CompiledStep {
  /** Index in `blocks`. */
  readonly index: number;
  /** The step's block; for a snapshot or restore step, the block the chain is at after it. */
  readonly at: number;
  /** Addition: a `snapshot: name` step (no calls, no expect): remember the chain after block `at`. */
  readonly snapshot?: string;
  /** Addition: a `restore: name` step (no calls, no expect): go back to the snapshot, taken after block `at`. */
  readonly restore?: string;
  readonly path: string;
  readonly calls: readonly CompiledCall[];
  /** Addition: `set_storage:` writes, made in the step's block before its calls. */
  readonly setStorage?: readonly StorageWrite[];
  readonly expect: CompiledExpect | undefined;
  /** Whether the step compares events (the runner then keeps the events since the previous step). */
  readonly needsEvents: boolean;
}

/** A storage write of the `storage:` section or of a step's `set_storage:`. */
export interface StorageWrite {
  readonly path: string;
  readonly chain: ChainView;
  readonly item: StorageItem;
  /** `put`/`kill` a value, `insert`/`remove` a map entry. */
  readonly op: "put" | "kill" | "insert" | "remove";
  readonly key?: unknown;
  readonly value?: unknown;
}

/** A scenario ready to run: its runtime at genesis (constants, genesis applied), and the parsed plan. Run it once. */
export interface CompiledScenario {
  readonly scenario: Scenario;
  readonly preset: Preset;
  readonly runtime: Runtime;
  readonly names: Names;
  readonly storage: readonly StorageWrite[];
  readonly steps: readonly CompiledStep[];
  /** The last block a step names (the genesis block's number when none goes past genesis). */
  readonly lastBlock: number;
  /** The genesis block's number: the scenario's `start` (default 0). Blocks built: `lastBlock - start`. */
  readonly start: number;
  /**
   * Addition: the network of a network preset (`runtime` is then its relay chain, `at` is the
   * relay block number, and `names` resolves `relay.`, `coretime.`, `para-<id>.` prefixes).
   */
  readonly network?: Network;
  /**
   * Addition: what the genesis state file held (`genesis: { raw: <file> }` or `CompileOptions.fork`),
   * group by group: the keys decoded into the runtime's state and the keys listed.
   */
  readonly rawGenesis?: RawStateSummary;
}

/** Options of `compileScenario`. */
export interface CompileOptions {
  /** Use this preset instead of looking up `runtime:` in the registry. */
  readonly preset?: Preset;
  /** Limits on the blocks and calls a file may ask for (default: `DEFAULT_SCENARIO_LIMITS` and the environment's). */
  readonly limits?: Partial<ScenarioLimits>;
  /** The folder the scenario's file name and `fork` are relative to (default: the process's), for `genesis: { raw }`. */
  readonly cwd?: string;
  /**
   * A state file the genesis state is replaced with (`corelab replay --fork`), whatever the file's
   * `genesis:` says: as if it said `genesis: { raw: <fork> }`. Its errors name the state file.
   */
  readonly fork?: string;
}

/**
 * Builds the runtime of `scenario` and parses every value in it. Throws a `ScenarioError` (file,
 * path, line, what was expected, nearest valid names) on the first malformed value, or when the
 * file asks for more blocks or calls than `opts.limits` allow (checked first, before any runtime
 * is built). `opts.preset` overrides the registry lookup of `runtime:`.
 */
export function compileScenario(scenario: Scenario, opts: CompileOptions = {}): CompiledScenario {
  const doc = scenario.document;
  const wrap = (e: unknown, path: string) => toScenarioError(e, scenario.file, path, (p) => scenario.locate(p));
  const start = doc.start ?? 0;
  let limits: ScenarioLimits;
  try {
    limits = scenarioLimits(opts.limits);
  } catch (e) {
    throw wrap(e, "");
  }
  checkLimits(scenario, start, limits);
  let preset: Preset;
  try {
    if (opts.preset === undefined && isPresetModulePath(doc.runtime))
      throw new CorelabError("RuntimeModuleNotLoaded", `runtime module ${doc.runtime} is not loaded`, {
        details: ["load it first: `preset: await loadScenarioRuntime(file)` (scenarioSuite and corelab replay do)"],
      });
    preset = opts.preset ?? getPreset(doc.runtime, "runtime");
  } catch (e) {
    throw wrap(e, "runtime");
  }
  const declared = doc.accounts ?? [];
  declared.forEach((name, i) => {
    if (preset.accounts !== undefined && Object.hasOwn(preset.accounts, name))
      throw wrap(new CorelabError("AccountDeclared", `'${name}' is an account alias of runtime preset '${preset.name}': use it without declaring it`), `accounts[${i}]`);
  });
  let runtime: Runtime;
  let network: Network | undefined;
  // accounts of genesis are resolved as every account of the file is (strictly), before the runtime exists
  const accounts = new ScenarioAccounts(preset.accounts, declared);
  const resolveAccount = (name: string, where?: string) => accounts.resolve(name, where);
  // `genesis: { raw }`: the preset builds its own genesis, which the state file then replaces
  const genesis = rawGenesisFile(doc) !== undefined ? undefined : doc.genesis;
  try {
    if (preset.network) {
      network = preset.network({ constants: doc.constants, genesis, path: "", resolveAccount, genesisNumber: start, chains: chainPrefixes(doc) });
      runtime = network.relay;
    } else runtime = preset.create({ constants: doc.constants, genesis, path: "", resolveAccount, genesisNumber: start });
  } catch (e) {
    const path = e instanceof CorelabError && e.code === "StartUnsupported" ? "start" : (genesisErrorPath(e, doc) ?? (doc.genesis ? "genesis" : "constants"));
    throw wrap(e, path);
  }
  if (runtime.genesisNumber !== start)
    throw wrap(
      new CorelabError("StartUnsupported", `runtime preset '${preset.name}' cannot start at block ${start}: it builds its chain from block ${runtime.genesisNumber}`, {
        details: ["a preset supports `start` by passing `genesisNumber` to createRuntime"],
      }),
      "start",
    );
  const rawGenesis = loadGenesisState(scenario, preset, runtime, network, opts, wrap);
  const names = network
    ? new Names(
        network.chains
          .filter((x) => x.runtime !== undefined)
          .map((x): ChainView => ({ name: x.name, runtime: x.runtime!, accounts: preset.accounts, token: x.runtime!.info.token ?? (x.name === "relay" ? preset.token : undefined), sequences: preset.sequences })),
        [...new Set([...network.chains.map((x) => x.name), ...(preset.chains ?? [])])],
        declared,
      )
    : new Names([{ name: undefined, runtime, accounts: preset.accounts, token: preset.token ?? runtime.info.token, sequences: preset.sequences }], undefined, declared);
  const c = new Compiler(names, wrap, network, start);
  const storage = c.storageSection(doc.storage ?? {});
  let last = start;
  const taken = new Map<string, number>();
  const steps = doc.blocks.map((s, i): CompiledStep => {
    if (s.at !== undefined) return c.step({ ...s, at: (last = s.at) }, i);
    if (network)
      throw wrap(
        new CorelabError("SnapshotUnsupported", `blocks[${i}]: snapshot and restore steps work on single-chain presets; '${preset.name}' is a network`, {
          details: ["take a runtime's snapshot in code with runtime.snapshot() / runtime.restore(), or runtime.fork()"],
        }),
        `blocks[${i}]`,
      );
    if (s.snapshot !== undefined) taken.set(s.snapshot, last);
    else last = taken.get(s.restore!)!;
    return { index: i, at: last, path: `blocks[${i}]`, calls: [], expect: undefined, needsEvents: false, ...(s.snapshot !== undefined ? { snapshot: s.snapshot } : { restore: s.restore! }) };
  });
  const lastBlock = steps.reduce((m, s) => Math.max(m, s.at), start);
  return { scenario, preset, runtime, names, storage, steps, lastBlock, start, network, ...(rawGenesis !== undefined ? { rawGenesis } : {}) };
}

/**
 * Replaces the genesis state of `runtime` with the state file of `genesis: { raw }` (relative to
 * the scenario file) or of `opts.fork`, decoded whole before anything is written. Errors of
 * `genesis.raw` are the file's (`ScenarioError` at `genesis.raw`, naming the state file, key and
 * item); those of a fork are the fork file's own (`RawStateError`).
 */
function loadGenesisState(scenario: Scenario, preset: Preset, runtime: Runtime, network: Network | undefined, opts: CompileOptions, wrap: Wrap): RawStateSummary | undefined {
  const raw = rawGenesisFile(scenario.document);
  const file = opts.fork ?? (raw === undefined ? undefined : isAbsolute(raw) || scenario.file.startsWith("<") ? raw : join(dirname(scenario.file), raw));
  if (file === undefined) return undefined;
  try {
    const what = opts.fork !== undefined ? "a fork's state (--fork)" : "raw genesis state (genesis: { raw })";
    if (network !== undefined)
      throw new CorelabError("RawStateUnsupported", `runtime preset '${preset.name}' is a network: ${what} loads into single-chain presets`);
    ensureSs58Accounts(preset.name, preset.accounts, what);
    const load = decodeStateFile(runtime, readStateFile(file, opts.cwd));
    applyRawState(runtime, load);
    return load.summary;
  } catch (e) {
    throw opts.fork !== undefined ? e : wrap(e, "genesis.raw");
  }
}

/**
 * Refuses a file that asks for more than `limits` (before anything is built): a step more than
 * `maxBlocks` blocks after `start` (`at: 4294967295` would build billions of empty blocks), or
 * more than `maxCallsPerBlock` calls in one block (the steps naming the same block together).
 */
function checkLimits(scenario: Scenario, start: number, limits: ScenarioLimits): void {
  const fail = (path: string, problem: string, details: string[]): never => {
    throw new ScenarioError({ file: scenario.file, path, ...scenario.locate(path) }, problem, { details });
  };
  let block = -1;
  let calls = 0;
  scenario.document.blocks.forEach((s, i) => {
    if (s.at === undefined) {
      block = -1; // after a snapshot or a restore, the next step opens a new block
      return;
    }
    if (s.at - start > limits.maxBlocks)
      fail(`blocks[${i}].at`, `expected a block at most ${limits.maxBlocks} blocks after the start (block ${start + limits.maxBlocks} or before), got ${s.at}`, [
        `a file builds every block up to its last \`at\`: ${s.at - start} blocks here; ${raiseHint("maxBlocks")}`,
      ]);
    if (s.at !== block) {
      block = s.at;
      calls = 0;
    }
    const n = s.calls?.length ?? 0;
    if (calls + n > limits.maxCallsPerBlock)
      fail(`blocks[${i}].calls[${limits.maxCallsPerBlock - calls}]`, `block ${s.at} has more than ${limits.maxCallsPerBlock} calls (the steps that name it together)`, [
        `a block's calls, records and events are kept in memory until it is finalized: ${raiseHint("maxCallsPerBlock")}`,
      ]);
    calls += n;
  });
}

/**
 * The path of the genesis field an `InvalidGenesisError` is about (`genesis.Balances.balances`,
 * `genesis.relay.Balances.balances`), when the file writes that field: the first pallet key
 * (with or without a chain prefix) that names the pallet and has the field.
 */
function genesisErrorPath(e: unknown, doc: Scenario["document"]): string | undefined {
  if (!(e instanceof InvalidGenesisError)) return undefined;
  for (const [key, fields] of Object.entries(doc.genesis ?? {})) {
    const pallet = key.slice(key.indexOf(".") + 1);
    if (pallet === e.pallet && Object.hasOwn(fields, e.parameter)) return `genesis.${key}.${e.parameter}`;
  }
  return undefined;
}

/**
 * The chain prefixes a scenario uses (`coretime` of `coretime.Broker.purchase`): first segments of
 * qualified names with three parts (calls, events, storage items), of `storage:`/`constants:`/
 * `genesis:` pallet keys with two, and of `balances` keys that name a chain (`relay.alice`).
 */
export function chainPrefixes(doc: Scenario["document"]): Set<string> {
  const out = new Set<string>();
  const q = (name: string, parts: number) => {
    const p = name.split(".");
    if (p.length >= parts) out.add(p[0]!);
  };
  for (const k of [...Object.keys(doc.storage ?? {}), ...Object.keys(doc.constants ?? {}), ...Object.keys(doc.genesis ?? {})]) q(k, 2);
  for (const step of doc.blocks) {
    for (const call of step.calls ?? []) q(call.call, 3);
    const x = step.expect;
    if (!x) continue;
    for (const e of [...(x.events ?? []), ...(x.events_exact ?? [])]) q(typeof e === "string" ? e : (Object.keys(e)[0] ?? ""), 3);
    for (const st of x.storage ?? []) q(st.item, 3);
    for (const who of Object.keys(x.balances ?? {})) q(who, 2);
  }
  return out;
}

type Wrap = (e: unknown, path: string) => unknown;

class Compiler {
  constructor(
    private readonly names: Names,
    private readonly wrap: Wrap,
    private readonly network?: Network,
    private readonly start = 0,
  ) {}

  private ctx(chain: ChainView, path: string, partial = false): ParseContext {
    return { path, partial, token: chain.token, resolveAccount: this.names.accountResolver(chain) };
  }

  /** Runs `fn`, turning library errors into `ScenarioError`s at `path`. */
  private at<R>(path: string, fn: () => R): R {
    try {
      return fn();
    } catch (e) {
      throw this.wrap(e, path);
    }
  }

  storageSection(section: Record<string, Record<string, unknown>>, prefix = "storage"): StorageWrite[] {
    const out: StorageWrite[] = [];
    for (const [pallet, items] of Object.entries(section)) {
      for (const [itemName, raw] of Object.entries(items)) {
        const path = `${prefix}.${pallet}.${itemName}`;
        this.at(path, () => {
          const { chain, item } = this.names.storage(`${pallet}.${itemName}`, `${prefix}.${pallet}`);
          if (item.kind === "value") {
            if (raw === null) out.push({ path, chain, item, op: "kill" });
            else out.push({ path, chain, item, op: "put", value: item.codec.parse(raw, this.ctx(chain, path)) });
            return;
          }
          const pairs = mapPairs(raw, path, item.keyCodec.name, item.codec.name);
          for (const [i, [k, v, kPath]] of pairs.entries()) {
            const key = item.keyCodec.parse(k, this.ctx(chain, kPath));
            const vPath = Array.isArray(raw) ? `${path}[${i}][1]` : kPath;
            if (v === null) out.push({ path: vPath, chain, item, op: "remove", key });
            else out.push({ path: vPath, chain, item, op: "insert", key, value: item.codec.parse(v, this.ctx(chain, vPath)) });
          }
        });
      }
    }
    return out;
  }

  step(s: { at: number; calls?: CallDocument[]; expect?: ExpectDocument; set_storage?: Record<string, Record<string, unknown>> }, index: number): CompiledStep {
    const path = `blocks[${index}]`;
    const setStorage = s.set_storage !== undefined ? this.storageSection(s.set_storage, `${path}.set_storage`) : undefined;
    const calls = (s.calls ?? []).map((c, j) => this.call(c, `${path}.calls[${j}]`, s.at));
    const expect = s.expect ? this.expect(s.expect, `${path}.expect`) : undefined;
    const needsEvents = !!(expect?.events || expect?.events_exact);
    return { index, at: s.at, path, calls, expect, needsEvents, ...(setStorage !== undefined ? { setStorage } : {}) };
  }

  private call(c: CallDocument, path: string, at: number): CompiledCall {
    const target = this.at(`${path}.call`, () => this.names.call(c.call, `${path}.call`));
    const chain = target.chain;
    if (this.network && chain.name !== undefined && at > this.start) {
      const every = this.network.chain(chain.name).every;
      if (every !== undefined && every > 1 && at % every !== 0)
        throw this.wrap(
          new CorelabError("NoBlockAt", `${path}.call: chain ${chain.name} builds a block every ${every} relay blocks (at relay blocks divisible by ${every}): it has no block at relay block ${at}`, {
            details: [`use at: ${at - (at % every)} or at: ${at - (at % every) + every}`],
          }),
          `${path}.call`,
        );
    }
    const origin = this.at(`${path}.origin`, (): Origin => {
      if (c.origin === "Root") return Origin.root;
      if (c.origin === "None") return Origin.none;
      return Origin.signed(t.accountId.parse(c.origin.Signed, this.ctx(chain, `${path}.origin.Signed`)));
    });
    const argsPath = `${path}.args`;
    const args = this.at(argsPath, () => {
      const spec = target.spec.args;
      const raw = c.args ?? {};
      const valid = Object.keys(spec);
      for (const k of Object.keys(raw)) if (!Object.hasOwn(spec, k)) throw new UnknownNameError(`argument of ${target.qualified}`, k, valid, argsPath);
      const out: Record<string, unknown> = {};
      for (const [k, codec] of Object.entries(spec)) {
        if (!Object.hasOwn(raw, k)) {
          if (codec.name.startsWith("Option<")) {
            out[k] = undefined;
            continue;
          }
          throw new InvalidValueError(`${argsPath}.${k}`, codec.name, undefined, `argument '${k}' of ${target.qualified} is required (arguments: ${valid.join(", ") || "none"})`);
        }
        out[k] = codec.parse(raw[k], this.ctx(chain, `${argsPath}.${k}`));
      }
      return out;
    });
    const expect = this.at(`${path}.expect`, (): CallExpectation => {
      const e = c.expect ?? "ok";
      if (e === "ok" || e === "any") return { kind: e };
      return { kind: "error", error: this.names.dispatchError(e.error, `${path}.expect.error`) };
    });
    return { path, chain, origin, call: { pallet: target.pallet.name, name: target.member, args }, expect };
  }

  private expect(e: ExpectDocument, path: string): CompiledExpect {
    const out: { -readonly [K in keyof CompiledExpect]: CompiledExpect[K] } = {};
    if (e.events) out.events = e.events.map((x, i) => this.event(x, `${path}.events[${i}]`));
    if (e.events_exact) out.events_exact = e.events_exact.map((x, i) => this.event(x, `${path}.events_exact[${i}]`));
    if (e.storage) out.storage = e.storage.map((x, i) => this.storage(x, `${path}.storage[${i}]`));
    if (e.balances) {
      const balPath = `${path}.balances`;
      const accountItem = (prefix: string) =>
        this.at(balPath, () => {
          try {
            return this.names.storage(`${prefix}Balances.Account`, balPath);
          } catch (err) {
            throw new CorelabError("NoBalances", `balances: expectations need a Balances pallet with an Account map in runtime '${this.names.main.runtime.name}'`, { cause: err });
          }
        });
      out.balances = Object.entries(e.balances).map(([key, raw]) => {
        const p = `${balPath}.${key}`;
        // addition, networks: `relay.alice`, `coretime.alice` name the chain
        const dot = key.indexOf(".");
        const prefix = this.network && dot > 0 && this.names.chains.some((x) => x.name === key.slice(0, dot)) ? key.slice(0, dot) : undefined;
        const who = prefix === undefined ? key : key.slice(dot + 1);
        const { chain, item } = accountItem(prefix === undefined ? "" : `${prefix}.`);
        return this.at(p, () => ({
          path: p,
          chain,
          who: t.accountId.parse(who, this.ctx(chain, p)),
          free: t.balance.parse(raw, this.ctx(chain, p)),
          account: item,
        }));
      });
    }
    return out;
  }

  private event(x: EventExpectDocument, path: string): CompiledEvent {
    const [name, raw] = typeof x === "string" ? [x, undefined] : (Object.entries(x)[0] as [string, Record<string, unknown> | null]);
    const fieldsPath = typeof x === "string" ? path : `${path}.${name}`;
    const ev = this.at(path, () => this.names.event(name, path));
    const fields = raw === undefined || raw === null ? undefined : this.at(fieldsPath, () => ev.codec.parse(raw, this.ctx(ev.chain, fieldsPath, true)));
    return { path, chain: ev.chain, pallet: ev.pallet.name, name: ev.member, fields };
  }

  private storage(x: { item: string; key?: unknown; value?: unknown }, path: string): CompiledStorage {
    const { chain, item, qualified } = this.at(`${path}.item`, () => this.names.storage(x.item, `${path}.item`));
    const hasKey = x.key !== undefined;
    const absent = x.value === null;
    return this.at(path, (): CompiledStorage => {
      const vPath = `${path}.value`;
      if (item.kind === "value") {
        if (hasKey) throw new InvalidValueError(`${path}.key`, "no key", x.key, `${qualified} is a storage value: it has no key`);
        return { path, chain, qualified, item, mode: "value", absent, value: absent ? undefined : item.codec.parse(x.value, this.ctx(chain, vPath, true)) };
      }
      if (hasKey) {
        const key = item.keyCodec.parse(x.key, this.ctx(chain, `${path}.key`));
        return { path, chain, qualified, item, mode: "entry", key, absent, value: absent ? undefined : item.codec.parse(x.value, this.ctx(chain, vPath, true)) };
      }
      // addition: a preset's sequence (a Vec stored by sequence number) is written as the Vec: a list of values
      if (chain.sequences?.includes(qualified)) {
        if (!absent && !Array.isArray(x.value))
          throw new InvalidValueError(vPath, `a list of ${item.codec.name} (${qualified} is a list stored by sequence number 0, 1, …)`, x.value);
        const values = absent ? [] : (x.value as unknown[]);
        const entries = values.map((v, i) => [i, item.codec.parse(v, this.ctx(chain, `${vPath}[${i}]`, true))] as const);
        return { path, chain, qualified, item, mode: "whole", absent: entries.length === 0, value: entries, sequence: true };
      }
      // addition: a map without `key` compares the whole map (list of [key, value] pairs; null or [] = empty)
      const pairs = absent ? [] : mapPairs(x.value, vPath, item.keyCodec.name, item.codec.name, true);
      const entries = pairs.map(([k, v, kPath], i) => {
        const key = item.keyCodec.parse(k, this.ctx(chain, kPath));
        const valuePath = Array.isArray(x.value) ? `${vPath}[${i}][1]` : kPath;
        return [key, item.codec.parse(v, this.ctx(chain, valuePath, true))] as const;
      });
      return { path, chain, qualified, item, mode: "whole", absent: entries.length === 0, value: entries };
    });
  }
}

/**
 * Reads a map written as a list of `[key, value]` pairs (chopsticks style) or, for keys that are
 * plain strings or numbers, as a map `{ key: value }`. Returns `[rawKey, rawValue, keyPath]`.
 */
function mapPairs(raw: unknown, path: string, keyName: string, valueName: string, listOnly = false): Array<[unknown, unknown, string]> {
  const expected = `a list of [key, value] pairs (key ${keyName}, value ${valueName})${listOnly ? "" : ", or a map { key: value }"}`;
  if (Array.isArray(raw)) {
    return raw.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidValueError(`${path}[${i}]`, `a [key, value] pair (key ${keyName}, value ${valueName})`, pair);
      return [pair[0], pair[1], `${path}[${i}][0]`];
    });
  }
  if (!listOnly && raw !== null && typeof raw === "object") return Object.entries(raw).map(([k, v]) => [k, v, `${path}.${k}`]);
  throw new InvalidValueError(path, expected, raw);
}

/** The struct codec of a call's arguments (for JSON output). @internal */
export function argsCodec(name: string, args: Record<string, Codec<unknown>>): Codec<Record<string, unknown>> {
  return t.struct(name, args) as unknown as Codec<Record<string, unknown>>;
}
