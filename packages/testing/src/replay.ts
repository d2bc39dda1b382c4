/**
 * The replay runner: executes a compiled scenario block by block, with SCENARIO.md's semantics.
 *
 * - `storage:` is written right after genesis; then `at: 0` steps apply their calls on top of
 *   genesis (no hooks; events at block 0 are not recorded, as in frame_system). With a top-level
 *   `start: S` (addition), the genesis block is block S: `at: S` steps are the genesis steps and
 *   the first block built is S + 1.
 * - A step `at: N` opens block N: the open block (if any) is finalized, blocks before N are built
 *   empty (their hooks run), and N's `on_initialize` runs. A step with the same `at` as the one
 *   before continues the open block. Its calls are applied in order, then its `expect` is checked.
 * - `events` / `events_exact` look at the events emitted since the previous step (its calls): the
 *   hooks of the blocks in between, this block's `on_initialize`, and this step's calls.
 * - After the last step, the open block is finalized.
 *
 * - Networks (addition): `at` is the relay block number. A step opens relay block N and the blocks
 *   of the chains due at N (`Network.openBlock`); each call goes to the open block of the chain it
 *   names. A call to a parachain that no core runs at N is a mismatch (the call is not applied),
 *   unless the chain has a transaction pool: then it waits in the pool and is applied (and its
 *   `expect` checked) when the para next builds a block.
 *   Events are compared per chain: an expected `coretime.Broker.Purchased` is looked for among the
 *   coretime chain's events since the previous step.
 *
 * Mismatches never stop the run (unless `bail`): every mismatch of the file is collected.
 * Blocks are streamed (`onBlock`, observers) and kept only with `recordBlocks`; the runner does no
 * per-block work beyond one listener call, so long empty stretches cost what the frame costs.
 */
import {
  CorelabError,
  formatDispatchError,
  matchesPartial,
  type BlockRecord,
  type EngineOptions,
  type DispatchOutcome,
  type EventRecord,
  type Hash,
  type Network,
  type Runtime,
  type RuntimeSnapshot,
  type StorageMap,
  type StorageValue,
} from "@corelab/frame";
import { compileScenario, type CompiledEvent, type CompiledScenario, type CompiledStep, type CompiledStorage, type StorageWrite } from "./compile.ts";
import { diffValues, formatEvent, formatValue } from "./format.ts";
import type { ScenarioLimits } from "./limits.ts";
import type { Preset } from "@corelab/frame";
import { loadScenario, type Scenario } from "./scenario.ts";

/** One difference between what a scenario expects and what happened. */
export interface Mismatch {
  readonly file: string;
  /** Index of the step in `blocks`. */
  readonly step: number;
  /** The block the step names (`at`). */
  readonly block: number;
  /** Path in the file of what differs (`blocks[3].expect.storage[0].value.cores_sold`). */
  readonly path: string;
  /** The expected value, formatted for people. */
  readonly expected: string;
  /** The actual value, formatted for people. */
  readonly actual: string;
  /** More context (`events since the previous step: …`). */
  readonly note?: string;
  readonly line?: number;
  readonly column?: number;
}

/** What a step did, for observers. */
export interface StepReport {
  readonly step: CompiledStep;
  /** The result of each call of the step, in order. */
  readonly outcomes: readonly DispatchOutcome[];
  /** Mismatches found at this step. */
  readonly mismatches: readonly Mismatch[];
}

/**
 * Hooks into a replay: reporters (`corelab replay --report`), progress bars, JSON writers.
 * Every method is optional.
 */
export interface ReplayObserver {
  /** Before anything runs: the compiled scenario and its runtime at genesis. */
  start?(compiled: CompiledScenario): void;
  /**
   * Every finished block (including block 0, genesis, when block 1 starts). In a network: every
   * chain's blocks, with the chain's name (`relay`, `coretime`, `para-2000`).
   */
  block?(block: BlockRecord, runtime: Runtime, chain?: string): void;
  /** After each step's calls and checks. */
  step?(report: StepReport, runtime: Runtime): void;
  /** After the run. */
  end?(result: ReplayResult): void;
}

/** Options of `replay`. */
export interface ReplayOptions {
  /** Keep every block record in `result.records` (default false: blocks are only streamed). */
  readonly recordBlocks?: boolean;
  /** Stop at the first step with a mismatch (default false: collect every mismatch of the file). */
  readonly bail?: boolean;
  /** Observers (reporters, progress). */
  readonly observers?: readonly ReplayObserver[];
  /** Use this preset instead of looking up `runtime:` in the registry. */
  readonly preset?: Preset;
  /**
   * Limits on what the file may ask for (blocks, calls per block, file size), when `replay`
   * compiles or `replayFile` reads it; default `DEFAULT_SCENARIO_LIMITS` and the environment's
   * (`CORELAB_MAX_BLOCKS` …).
   */
  readonly limits?: Partial<ScenarioLimits>;
  /**
   * How the engine runs (`Runtime.setEngineOptions`, on every chain of a network): when state roots
   * are computed (default: every block) and whether stored values are frozen (default: yes). The
   * final state root is the same under every option.
   */
  readonly engine?: EngineOptions;
}

/** The outcome of a replay. */
export interface ReplayResult {
  readonly file: string;
  readonly name: string;
  /** The preset name (`runtime:`). */
  readonly preset: string;
  readonly passed: boolean;
  /** Blocks built: the number of the last finished block less `start` (0 when nothing went past genesis). */
  readonly blocks: number;
  /** The genesis block's number (the scenario's `start`, default 0): the last block is `start + blocks`. */
  readonly start: number;
  /** State root after the last block. */
  readonly stateRoot: Hash;
  readonly mismatches: readonly Mismatch[];
  /** Steps run (fewer than the file has when `bail` stopped the run). */
  readonly steps: number;
  /** Whether `bail` stopped the run early. */
  readonly stopped: boolean;
  /** Every block record, with `recordBlocks`. */
  readonly records?: readonly BlockRecord[];
  /** The runtime in its final state (for queries, reporters); a network's relay chain. */
  readonly runtime: Runtime;
  /** Addition: the network of a network preset, in its final state. */
  readonly network?: Network;
  /** Addition: networks: the final state root of every chain with a runtime, by chain name. */
  readonly stateRoots?: Readonly<Record<string, Hash>>;
}

/** Events of one chain since the previous step. */
interface ChainWindow {
  events: EventRecord[];
  /** Events of block `mark.block` before index `mark.count` were seen by the previous step. */
  mark: { block: number; count: number };
}

const ran = new WeakSet<CompiledScenario>();

/**
 * Replays a scenario: compiles it (unless given a `CompiledScenario`; throws `ScenarioError` when
 * malformed), then builds every block up to the last step's, checking expectations as it goes.
 * Returns pass/fail, blocks built, the final state root and every mismatch.
 */
export function replay(input: Scenario | CompiledScenario, opts: ReplayOptions = {}): ReplayResult {
  const compiled = "steps" in input ? input : compileScenario(input, { preset: opts.preset, limits: opts.limits });
  if (ran.has(compiled)) throw new CorelabError("ReplayTwice", "this compiled scenario has already run: compile it again");
  ran.add(compiled);
  return new Runner(compiled, opts).run();
}

/** Loads, compiles and replays a scenario file. Throws `ScenarioError` when it is malformed. */
export function replayFile(path: string, opts: ReplayOptions = {}): ReplayResult {
  return replay(loadScenario(path, { limits: opts.limits }), opts);
}

class Runner {
  private readonly mismatches: Mismatch[] = [];
  private readonly rt: Runtime;
  private readonly net: Network | undefined;
  private readonly label: (id: string) => string;
  /** Per chain: events of finished blocks since the previous step (kept only when the coming step compares events). */
  private readonly windows = new Map<Runtime, ChainWindow>();
  private collect = false;
  /** Scenario calls waiting in a chain's transaction pool. */
  private readonly pooled = new Set<{ call: CompiledStep["calls"][number]; step: CompiledStep }>();
  private built: number;
  private step: CompiledStep | undefined;
  /** Snapshots taken by `snapshot:` steps, by name. */
  private readonly snapshots = new Map<string, RuntimeSnapshot>();

  constructor(
    private readonly c: CompiledScenario,
    private readonly opts: ReplayOptions,
  ) {
    this.rt = c.runtime;
    this.net = c.network;
    this.label = (id) => c.names.label(id);
    for (const ch of c.names.chains) this.windows.set(ch.runtime, { events: [], mark: { block: ch.runtime.blockNumber, count: 0 } });
    this.built = c.start;
    if (opts.engine) (this.net ?? this.rt).setEngineOptions(opts.engine);
  }

  private window(rt: Runtime): ChainWindow {
    let w = this.windows.get(rt);
    if (!w) this.windows.set(rt, (w = { events: [], mark: { block: rt.blockNumber, count: 0 } }));
    return w;
  }

  run(): ReplayResult {
    const { rt, c, opts } = this;
    const observers = opts.observers ?? [];
    for (const o of observers) o.start?.(c);
    const records: BlockRecord[] | undefined = opts.recordBlocks ? [] : undefined;
    const blockObservers = observers.filter((o) => o.block);
    const onBlock = (brt: Runtime, b: BlockRecord, chain: string | undefined) => {
      if (brt === rt) {
        this.built = b.number;
        records?.push(b);
      }
      if (this.collect && b.events.length > 0) {
        const w = this.window(brt);
        const from = b.number === w.mark.block ? w.mark.count : 0;
        for (let i = from; i < b.events.length; i++) w.events.push(b.events[i]!);
      }
      for (const o of blockObservers) o.block!(b, brt, chain);
    };
    const net = this.net;
    const unsubscribe = net ? net.onBlock((ch, b) => onBlock(ch.runtime!, b, ch.name)) : rt.onBlock((b) => onBlock(rt, b, undefined));
    let steps = 0;
    let stopped = false;
    try {
      this.applyStorage();
      for (const step of c.steps) {
        const before = this.mismatches.length;
        const outcomes = this.runStep(step);
        steps++;
        const report = { step, outcomes, mismatches: this.mismatches.slice(before) };
        for (const o of observers) o.step?.(report, rt);
        if (opts.bail && this.mismatches.length > 0) {
          stopped = steps < c.steps.length;
          break;
        }
      }
      if (net) {
        if (net.isBuilding) net.finalizeBlock();
        // a pooled call that was never applied is a mismatch unless it expects `any`
        for (const { call, step } of this.pooled) {
          if (call.expect.kind === "any") continue;
          this.step = step;
          this.miss(`${call.path}.call`, `applied in a block of ${call.chain.name}`, "still in the pool", `no block of ${call.chain.name} was built after relay block ${step.at} (write expect: any for a call meant to wait)`);
        }
      } else if (rt.isBuilding) rt.finalizeBlock();
    } finally {
      unsubscribe();
    }
    const result: ReplayResult = {
      file: c.scenario.file,
      name: c.scenario.document.name,
      preset: c.preset.name,
      passed: this.mismatches.length === 0,
      blocks: this.built - c.start,
      start: c.start,
      stateRoot: rt.stateRoot(),
      mismatches: this.mismatches,
      steps,
      stopped,
      records,
      runtime: rt,
      ...(net ? { network: net, stateRoots: net.stateRoots() } : {}),
    };
    for (const o of observers) o.end?.(result);
    return result;
  }

  private applyStorage(writes: readonly StorageWrite[] = this.c.storage): void {
    for (const w of writes) {
      w.chain.runtime.withContext((ctx) => {
        const item = w.item;
        if (item.kind === "value") {
          if (w.op === "put") (item as StorageValue<unknown, unknown>).put(ctx, w.value);
          else item.kill(ctx);
        } else if (w.op === "insert") (item as StorageMap<unknown, unknown, unknown>).insert(ctx, w.key, w.value);
        else item.remove(ctx, w.key);
      });
    }
  }

  private runStep(step: CompiledStep): DispatchOutcome[] {
    const rt = this.rt;
    const net = this.net;
    this.step = step;
    this.collect = step.needsEvents;
    if (step.snapshot !== undefined || step.restore !== undefined) {
      if (rt.isBuilding) rt.finalizeBlock();
      if (step.snapshot !== undefined) this.snapshots.set(step.snapshot, rt.snapshot());
      else {
        const snap = this.snapshots.get(step.restore!)!;
        rt.restore(snap);
        this.built = snap.number;
      }
      for (const [crt, w] of this.windows) {
        w.events = [];
        w.mark = { block: crt.blockNumber, count: crt.pendingEvents.length };
      }
      return [];
    }
    if (step.at > this.c.start) {
      if (net) net.openBlock(step.at);
      else rt.openBlock(step.at);
    }
    // `set_storage:` writes go into the step's block (its changes), before its calls
    if (step.setStorage !== undefined) this.applyStorage(step.setStorage);
    const outcomes: DispatchOutcome[] = [];
    for (const call of step.calls) {
      if (net && step.at > this.c.start && !net.hasOpenBlock(call.chain.name!)) {
        const ch = net.chain(call.chain.name!);
        if (ch.hasPool) {
          // Addition: the chain has a transaction pool: the call waits there until the chain builds
          // a block; its `expect` is checked then (a mismatch is reported on the step being run).
          const pooledAt = step.at;
          const entry = { call, step };
          this.pooled.add(entry);
          net.submit(ch.name, { origin: call.origin, call: call.call }, (r, n) => {
            this.pooled.delete(entry);
            this.checkOutcome(call, r, `pooled at relay block ${pooledAt}, applied at relay block ${n}`);
          });
          outcomes.push({ ok: true });
          continue;
        }
        const why = ch.every === undefined ? `no core runs ${ch.name} at relay block ${step.at}` : `${ch.name} builds a block every ${ch.every} relay blocks`;
        this.miss(`${call.path}.call`, `a block of ${ch.name} at relay block ${step.at}`, "no block", `${why}: the call was not applied`);
        outcomes.push({ ok: false, error: { type: "Other", value: `no block of ${ch.name} at relay block ${step.at}` } });
        continue;
      }
      const r = call.chain.runtime.applyExtrinsic({ origin: call.origin, call: call.call });
      outcomes.push(r);
      this.checkOutcome(call, r);
    }
    if (step.expect) {
      const x = step.expect;
      if (step.needsEvents) {
        const windowOf = (crt: Runtime): EventRecord[] => {
          const w = this.window(crt);
          const pending = crt.pendingEvents;
          const from = crt.blockNumber === w.mark.block ? w.mark.count : 0;
          return from < pending.length ? [...w.events, ...pending.slice(from)] : w.events;
        };
        if (x.events) for (const [crt, list] of byChain(x.events, rt)) this.checkEvents(list, windowOf(crt), step);
        if (x.events_exact) for (const [crt, list] of byChain(x.events_exact, rt)) this.checkEventsExact(list, windowOf(crt), step);
      }
      for (const s of x.storage ?? []) this.checkStorage(s);
      for (const b of x.balances ?? []) {
        const acct = b.chain.runtime.read((ctx) => b.account.get(ctx, b.who)) as { free: bigint } | undefined;
        const free = acct?.free ?? 0n;
        if (free !== b.free) this.miss(b.path, formatValue(b.free), formatValue(free), acct ? undefined : "the account does not exist");
      }
    }
    for (const [crt, w] of this.windows) {
      w.events = [];
      w.mark = { block: crt.blockNumber, count: crt.pendingEvents.length };
    }
    return outcomes;
  }

  /** Compares a call's outcome with its `expect` (`note`: where a pooled call was applied). */
  private checkOutcome(call: CompiledStep["calls"][number], r: DispatchOutcome, note?: string): void {
    const e = call.expect;
    const err = r.ok ? undefined : formatDispatchError(r.error);
    const where = note ? `; ${note}` : "";
    if (e.kind === "ok" && !r.ok) this.miss(`${call.path}.expect`, "ok", `Err(${err})`, `${call.call.pallet}.${call.call.name} failed${where}`);
    else if (e.kind === "error" && (r.ok || err !== e.error))
      this.miss(`${call.path}.expect.error`, `Err(${e.error})`, r.ok ? "ok" : `Err(${err})`, `${call.call.pallet}.${call.call.name}${where}`);
  }

  private miss(path: string, expected: string, actual: string, note?: string): void {
    const step = this.step!;
    const loc = this.c.scenario.locate(path);
    this.mismatches.push({ file: this.c.scenario.file, step: step.index, block: step.at, path, expected, actual, note, ...loc });
  }

  private matches(e: EventRecord, x: CompiledEvent): boolean {
    return e.event.type === x.pallet && e.event.value.type === x.name && (x.fields === undefined || matchesPartial(e.event.value.value, x.fields));
  }

  private describeExpected(x: CompiledEvent): string {
    return x.fields === undefined ? `${x.pallet}.${x.name}` : `${x.pallet}.${x.name} ${formatValue(x.fields, this.label)}`;
  }

  private windowNote(window: readonly EventRecord[]): string {
    if (this.step!.at === this.c.start) return `no events are recorded at block ${this.c.start} (genesis), as in frame_system`;
    if (window.length === 0) return "no events since the previous step";
    const shown = window.slice(0, 12).map((e) => formatEvent(e, this.label));
    return `events since the previous step: ${shown.join("; ")}${window.length > 12 ? `; … (${window.length} in all)` : ""}`;
  }

  /** `events`: each expected event appears, in order, among `window` (a subsequence; fields partial). */
  private checkEvents(expected: readonly CompiledEvent[], window: readonly EventRecord[], _step: CompiledStep): void {
    let cursor = 0;
    for (const x of expected) {
      let found = -1;
      for (let i = cursor; i < window.length; i++)
        if (this.matches(window[i]!, x)) {
          found = i;
          break;
        }
      if (found >= 0) {
        cursor = found + 1;
        continue;
      }
      const sameName = window.slice(cursor).find((e) => e.event.type === x.pallet && e.event.value.type === x.name);
      if (sameName && x.fields) {
        const d = diffValues(sameName.event.value.value, x.fields)!;
        this.miss(
          joinPath(`${x.path}.${x.pallet}.${x.name}`, d.path),
          formatValue(d.expected, this.label),
          formatValue(d.actual, this.label),
          `the first ${x.pallet}.${x.name} ${cursor > 0 ? "after the previous expected event " : ""}is ${formatEvent(sameName, this.label)}`,
        );
      } else if (window.slice(0, cursor).some((e) => this.matches(e, x))) {
        this.miss(x.path, this.describeExpected(x), "emitted, but before the previous expected event", this.windowNote(window));
      } else {
        this.miss(x.path, this.describeExpected(x), "not emitted", this.windowNote(window));
      }
    }
  }

  /** `events_exact`: exactly these events, in order (fields partial). */
  private checkEventsExact(expected: readonly CompiledEvent[], window: readonly EventRecord[], step: CompiledStep): void {
    const listPath = `${step.path}.expect.events_exact`;
    if (expected.length !== window.length) {
      this.miss(
        listPath,
        `${expected.length} event${expected.length === 1 ? "" : "s"}: [${expected.map((x) => this.describeExpected(x)).join("; ")}]`,
        `${window.length} event${window.length === 1 ? "" : "s"}: [${window.map((e) => formatEvent(e, this.label)).join("; ")}]`,
        step.at === this.c.start ? `no events are recorded at block ${this.c.start} (genesis), as in frame_system` : undefined,
      );
      return;
    }
    expected.forEach((x, i) => {
      const e = window[i]!;
      if (this.matches(e, x)) return;
      if (e.event.type === x.pallet && e.event.value.type === x.name && x.fields) {
        const d = diffValues(e.event.value.value, x.fields)!;
        this.miss(joinPath(`${x.path}.${x.pallet}.${x.name}`, d.path), formatValue(d.expected, this.label), formatValue(d.actual, this.label), formatEvent(e, this.label));
      } else this.miss(x.path, this.describeExpected(x), formatEvent(e, this.label));
    });
  }

  private checkStorage(s: CompiledStorage): void {
    const rt = s.chain.runtime;
    const vPath = `${s.path}.value`;
    if (s.mode === "whole") {
      const item = s.item as StorageMap<unknown, unknown, unknown>;
      const actual = rt.read((ctx) => item.entries(ctx));
      const expected = s.value as ReadonlyArray<readonly [unknown, unknown]>;
      const key = (k: unknown) => item.keyCodec.key(k);
      const byKey = new Map(actual.map(([k, v]) => [key(k), [k, v] as const]));
      const expectedKeys = new Set(expected.map(([k]) => key(k)));
      // a sequence is written as its values: element i is entry i
      const valuePath = (i: number) => (s.sequence ? `${vPath}[${i}]` : `${vPath}[${i}][1]`);
      expected.forEach(([k, v], i) => {
        const a = byKey.get(key(k));
        if (!a) this.miss(`${vPath}[${i}]`, s.sequence ? formatValue(v, this.label) : `${formatValue(k, this.label)} → ${formatValue(v, this.label)}`, "absent", s.sequence ? `${s.qualified} has ${actual.length} item${actual.length === 1 ? "" : "s"}` : undefined);
        else {
          const d = diffValues(a[1], v);
          if (d) this.miss(joinPath(valuePath(i), d.path), formatValue(d.expected, this.label), formatValue(d.actual, this.label), `${s.sequence ? "item" : "entry"} ${formatValue(k, this.label)}`);
        }
      });
      const extra = actual.filter(([k]) => !expectedKeys.has(key(k)));
      if (extra.length > 0)
        this.miss(
          vPath,
          s.sequence ? `${expected.length} item${expected.length === 1 ? "" : "s"}` : `${expected.length} entr${expected.length === 1 ? "y" : "ies"}`,
          s.sequence ? `${actual.length} item${actual.length === 1 ? "" : "s"}` : `${actual.length} entr${actual.length === 1 ? "y" : "ies"}`,
          `not expected: ${extra.slice(0, 5).map(([k, v]) => `${formatValue(k, this.label)} → ${formatValue(v, this.label)}`).join("; ")}${extra.length > 5 ? "; …" : ""}`,
        );
      return;
    }
    const [present, actual] = rt.read((ctx) => {
      if (s.mode === "value") {
        const item = s.item as StorageValue<unknown, unknown>;
        return [item.exists(ctx), item.get(ctx)] as const;
      }
      const item = s.item as StorageMap<unknown, unknown, unknown>;
      return [item.contains(ctx, s.key), item.get(ctx, s.key)] as const;
    });
    const what = s.mode === "entry" ? `${s.qualified}[${formatValue(s.key, this.label)}]` : s.qualified;
    if (s.absent) {
      if (present) this.miss(vPath, "absent (null)", formatValue(actual, this.label), `${what} is present`);
      return;
    }
    if (actual === undefined) {
      this.miss(vPath, formatValue(s.value, this.label), "absent", what);
      return;
    }
    const d = diffValues(actual, s.value);
    if (d) this.miss(joinPath(vPath, d.path), formatValue(d.expected, this.label), formatValue(d.actual, this.label), `${what} is ${formatValue(actual, this.label)}`);
  }
}

/** Expected events grouped by chain, in first-appearance order; an empty list checks the main chain. */
function byChain(list: readonly CompiledEvent[], main: Runtime): Array<[Runtime, CompiledEvent[]]> {
  const m = new Map<Runtime, CompiledEvent[]>();
  for (const x of list) {
    const g = m.get(x.chain.runtime);
    if (g) g.push(x);
    else m.set(x.chain.runtime, [x]);
  }
  if (m.size === 0) m.set(main, []);
  return [...m];
}

function joinPath(base: string, rest: string): string {
  if (!rest) return base;
  return rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}

/** One expectation of a scenario as checked by a replay: what it asked for, where, and whether it held. */
export interface CheckedExpectation {
  readonly file: string;
  /** Index of the step in `blocks`. */
  readonly step: number;
  /** The block the step names (`at`). */
  readonly block: number;
  /** Path in the file of the expectation (`blocks[3].calls[0].expect`, `blocks[3].expect.storage[0]`). */
  readonly path: string;
  /** What it expects, formatted for people (`Broker.purchase → ok`, `Broker.Purchased { price: 5 }`). */
  readonly expected: string;
  /** Whether no mismatch of the replay lies at or under `path`. */
  readonly passed: boolean;
  readonly line?: number;
  readonly column?: number;
}

/** Whether `a` is `b` or a path inside it (`a.x`, `a[0]`), or `b` one inside `a`. */
function pathsOverlap(a: string, b: string): boolean {
  const inside = (p: string, q: string) => p === q || (p.startsWith(q) && (p[q.length] === "." || p[q.length] === "["));
  return inside(a, b) || inside(b, a);
}

/**
 * Every expectation of a compiled scenario (a call's `expect`, unless `any`; each expected event,
 * storage value and balance), in file order, with whether it held in a replay that found
 * `mismatches` (`ReplayResult.mismatches`). A replay stopped early (`bail`) lists only the first
 * `steps` steps. For run stores and reports that show passed expectations beside failed ones.
 */
export function checkedExpectations(compiled: CompiledScenario, mismatches: readonly Mismatch[], steps = compiled.steps.length): CheckedExpectation[] {
  const label = (id: string) => compiled.names.label(id);
  const file = compiled.scenario.file;
  const out: CheckedExpectation[] = [];
  for (const step of compiled.steps.slice(0, steps)) {
    const own = mismatches.filter((m) => m.step === step.index || m.path.startsWith(`${step.path}.`));
    const add = (path: string, expected: string): void => {
      const loc = compiled.scenario.locate(path);
      out.push({ file, step: step.index, block: step.at, path, expected, passed: !own.some((m) => pathsOverlap(m.path, path)), ...(loc ?? {}) });
    };
    for (const call of step.calls) {
      if (call.expect.kind === "any") continue;
      const name = `${call.call.pallet}.${call.call.name}`;
      add(`${call.path}.expect`, call.expect.kind === "ok" ? `${name} → ok` : `${name} → Err(${call.expect.error})`);
    }
    const x = step.expect;
    if (!x) continue;
    const event = (e: CompiledEvent) => (e.fields === undefined ? `${e.pallet}.${e.name}` : `${e.pallet}.${e.name} ${formatValue(e.fields, label)}`);
    for (const e of x.events ?? []) add(e.path, event(e));
    for (const e of x.events_exact ?? []) add(e.path, `${event(e)} (exactly these events)`);
    for (const s of x.storage ?? []) {
      const what = s.mode === "entry" ? `${s.qualified}[${formatValue(s.key, label)}]` : s.qualified;
      add(s.path, s.absent ? `${what} absent` : s.mode === "whole" ? `${what}: ${(s.value as unknown[]).length} entries` : `${what} = ${formatValue(s.value, label)}`);
    }
    for (const b of x.balances ?? []) add(b.path, `free balance of ${label(b.who)} = ${formatValue(b.free, label)}`);
  }
  return out;
}
