/**
 * A scenario's storage after one of its blocks, written as real state (`corelab state`): replays
 * the scenario, keeps the committed state right after block `at` is sealed (a block sealed twice,
 * on two branches of `snapshot`/`restore` steps, gives the later one), and writes it as raw storage
 * (`{ "0x<key>": "0x<value>" }`, sorted by key) or as chopsticks' `import-storage` YAML. Both load
 * back with `genesis: { raw: <file> }`.
 */
import { CorelabError, exportChopsticksStorage, exportRawState, type RawExportOptions, type RawStateGroup, type RawStateSummary, type Runtime, type State } from "@corelab/frame";
import { stringify } from "yaml";
import { compileScenario } from "./compile.ts";
import { ensureSs58Accounts } from "./raw-genesis.ts";
import { replay, type ReplayOptions, type ReplayResult } from "./replay.ts";
import { loadScenario } from "./scenario.ts";

/** Options of `scenarioState`. */
export interface ScenarioStateOptions extends Pick<ReplayOptions, "limits" | "preset" | "engine"> {
  /** The block after which the state is taken (default: the scenario's last block). */
  readonly at?: number;
  /** The folder a relative file is resolved against (default: the process's). */
  readonly cwd?: string;
  /** A state file the genesis state is replaced with (see `CompileOptions.fork`). */
  readonly fork?: string;
}

/** A scenario's state after a block. */
export interface ScenarioState {
  /** The runtime (in its state after the replay, and after `at` when the scenario ends before it). */
  readonly runtime: Runtime;
  /** The committed state right after block `block` was sealed. */
  readonly state: State;
  readonly block: number;
  /** The replay's result (its mismatches: the state is taken whether the expectations held or not). */
  readonly result: ReplayResult;
  /** What the genesis state file held, when the scenario starts from one (`genesis: { raw }`, `fork`). */
  readonly rawGenesis?: RawStateSummary;
}

/**
 * Replays `file` and returns its state after block `opts.at` (building empty blocks past the
 * scenario's last one when `at` is later). Throws the file's `ScenarioError` when it is malformed,
 * and a `CorelabError` for a block before the scenario's start, a network preset or a preset whose
 * accounts are not SS58 addresses (a mock: it has no raw state).
 */
export function scenarioState(file: string, opts: ScenarioStateOptions = {}): ScenarioState {
  const compiled = compileScenario(loadScenario(file, { cwd: opts.cwd, limits: opts.limits }), {
    preset: opts.preset,
    limits: opts.limits,
    cwd: opts.cwd,
    ...(opts.fork !== undefined ? { fork: opts.fork } : {}),
  });
  const rt = compiled.runtime;
  if (compiled.network !== undefined) throw new CorelabError("RawStateUnsupported", `runtime preset '${compiled.preset.name}' is a network: its state is written chain by chain, which corelab state does not do (yet)`);
  ensureSs58Accounts(compiled.preset.name, compiled.preset.accounts, "a raw state export");
  const at = opts.at ?? compiled.lastBlock;
  if (!Number.isSafeInteger(at) || at < compiled.start) throw new CorelabError("BadBlock", `--at ${at}: the scenario starts at block ${compiled.start}`);
  let state: State | undefined;
  const result = replay(compiled, {
    ...(opts.engine !== undefined ? { engine: opts.engine } : {}),
    observers: [{ block: (b, brt) => void (brt === rt && b.number === at && (state = brt.state)) }],
  });
  if (state === undefined) {
    if (rt.isBuilding) rt.finalizeBlock();
    if (rt.blockNumber > at) throw new CorelabError("BadBlock", `--at ${at}: block ${at} was not sealed on the chain the scenario left (a restore step abandoned it)`);
    rt.advanceTo(at);
    state = rt.state;
  }
  return { runtime: rt, state, block: at, result, ...(compiled.rawGenesis !== undefined ? { rawGenesis: compiled.rawGenesis } : {}) };
}

/** A state file's text and what was left out of it. */
export interface StateText {
  readonly text: string;
  /** Keys written. */
  readonly keys: number;
  readonly skipped: readonly RawStateGroup[];
  readonly mapped: readonly RawStateGroup[];
}

/** `{ "0x<key>": "0x<value>", … }`, one key a line, sorted by key. */
export function rawStateText(rt: Runtime, opts: RawExportOptions = {}): StateText {
  const x = exportRawState(rt, opts);
  const lines = x.entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return { text: lines.length === 0 ? "{}\n" : `{\n${lines.join(",\n")}\n}\n`, keys: x.entries.length, skipped: x.skipped, mapped: x.mapped };
}

/**
 * chopsticks' `import-storage` YAML (`exportChopsticksStorage`), with a header naming what was
 * written and what was left out. `header` lines go first, as comments.
 */
export function chopsticksStateText(rt: Runtime, opts: RawExportOptions & { header?: readonly string[] } = {}): StateText {
  const x = exportChopsticksStorage(rt, opts);
  const comments = [
    ...(opts.header ?? []),
    "chopsticks import-storage: keys as polkadot-js reads them, values as their SCALE bytes; $removePrefix empties each map written first",
    ...x.mapped.map((g) => `${g.name}: ${g.keys} keys written ${g.note ?? ""}`.trimEnd()),
    ...x.skipped.map((g) => `left out: ${g.name} (${g.keys} keys): ${g.note ?? ""}`.trimEnd()),
  ].map((l) => `# ${l}`);
  const body = Object.keys(x.storage).length === 0 ? "{}\n" : stringify(x.storage, { lineWidth: 0 });
  return { text: `${comments.join("\n")}\n${body}`, keys: x.keys, skipped: x.skipped, mapped: x.mapped };
}
