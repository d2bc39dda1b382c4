/**
 * The execution context pallet code runs in: the state it reads and writes, the events it
 * deposits, the block number and phase, and (for calls) the origin.
 *
 * State is one immutable tree `state[Pallet][StorageItem]`. A context reads the state it was
 * given and creates an immer draft only on its first write (copy-on-write), so a hook that finds
 * nothing to do costs no copy at all. The runtime finishes the draft when the phase (or the
 * extrinsic) ends, or discards it when the extrinsic fails.
 */
import { Immer, current, freeze, isDraft, type Draft } from "immer";
import type { Origin } from "./dispatch.ts";
import type { TokenInfo } from "./codec.ts";

/** The whole runtime state: pallet name → storage item name → value (maps: canonical key → [key, value]). */
export type State = { readonly [pallet: string]: { readonly [item: string]: unknown } };
/** A mutable draft of the state. */
export type StateDraft = Draft<{ [pallet: string]: { [item: string]: unknown } }>;

/** Phase of the block an event was deposited in (frame_system's `Phase`, papi's shape). */
export type Phase = { type: "Initialization" } | { type: "ApplyExtrinsic"; value: number } | { type: "Finalization" };

/** An event as deposited: pallet, variant and fields (papi's `{ type, value: { type, value } }`). */
export interface RuntimeEvent {
  readonly type: string;
  readonly value: { readonly type: string; readonly value: Readonly<Record<string, unknown>> };
}

/** Facts about the runtime that pallet code may read. */
export interface RuntimeInfo {
  /** The chain's name (`broker-mock`, `coretime-kusama`). */
  readonly name: string;
  readonly token: TokenInfo | undefined;
  /** Seed of the runtime's deterministic randomness. */
  readonly seed: string;
}

/** The shared Immer instance of Corelab (private: it never changes the app's global immer settings). */
export const immer = new Immer({ autoFreeze: true });

/**
 * What pallet code, hooks and ports receive. `read()` gives the current state (the draft once
 * one exists); `write()` gives the draft, creating it on first use.
 */
export interface Context {
  /** The number of the block being built (0 for genesis). */
  readonly blockNumber: number;
  readonly phase: Phase;
  readonly runtime: RuntimeInfo;
  /** The state to read from. Values read are immutable: change state through storage accessors. */
  read(): State;
  /** The mutable draft of the state (created on first call). */
  write(): StateDraft;
  /** Deposits an event (kept only if the dispatch succeeds). */
  deposit(event: RuntimeEvent): void;
  /**
   * Optional fast path of `read()[pallet]`: a pallet this phase has not written is read from the
   * base state (frozen, no draft proxy). Contexts that wrap another forward it or leave it out.
   */
  readPallet?(pallet: string): State[string] | undefined;
  /** Optional fast path of `write()[pallet]`, recording which pallet is written (see `readPallet`). */
  writePallet?(pallet: string): StateDraft[string];
  /**
   * Optional fast path of `write()[pallet][item] = value` (`undefined`: delete the item). Before
   * any draft exists it replaces the pallet and root objects with frozen copies (no immer draft):
   * a phase that only puts values costs a few shallow copies.
   */
  setItem?(pallet: string, item: string, value: unknown): void;
}

/** `ctx.read()[pallet]`, through the context's fast path when it has one. */
export function readPallet(ctx: Context, pallet: string): State[string] | undefined {
  return ctx.readPallet !== undefined ? ctx.readPallet(pallet) : ctx.read()[pallet];
}

/** `ctx.write()[pallet][item] = value` (`undefined` deletes), through the context's fast path when it has one. */
export function setItem(ctx: Context, pallet: string, item: string, value: unknown): void {
  if (ctx.setItem !== undefined) return ctx.setItem(pallet, item, value);
  const p = ctx.write()[pallet]!;
  if (value === undefined) delete p[item];
  else p[item] = value as never;
}

/** `ctx.write()[pallet]`, through the context's fast path when it has one. */
export function writePallet(ctx: Context, pallet: string): StateDraft[string] {
  return ctx.writePallet !== undefined ? ctx.writePallet(pallet) : ctx.write()[pallet]!;
}

/** A context for a pallet's own code: adds the pallet's configuration (`T: Config`). */
export interface PalletContext<C> extends Context {
  readonly config: C;
}

/**
 * `ctx` seen as a pallet's own context with `config` attached: what a port needs to run another
 * pallet's code on its caller's context (FRAME's `T::OtherPallet` calls). Same state, same events
 * (kept or discarded with the caller's dispatch) and the same fast paths (`readPallet`,
 * `writePallet`, `setItem`), so a write through it costs what it costs through `ctx`. The caller's
 * origin is not passed on.
 */
export function withPalletConfig<C>(ctx: Context, config: C): PalletContext<C> {
  return new ConfiguredView(ctx, config);
}

// A class (not an object literal with getters): ports create one on per-block paths.
class ConfiguredView<C> implements PalletContext<C> {
  constructor(
    private readonly ctx: Context,
    readonly config: C,
  ) {}
  get blockNumber(): number {
    return this.ctx.blockNumber;
  }
  get phase(): Phase {
    return this.ctx.phase;
  }
  get runtime(): RuntimeInfo {
    return this.ctx.runtime;
  }
  read(): State {
    return this.ctx.read();
  }
  write(): StateDraft {
    return this.ctx.write();
  }
  deposit(event: RuntimeEvent): void {
    this.ctx.deposit(event);
  }
  readPallet(pallet: string): State[string] | undefined {
    return readPallet(this.ctx, pallet);
  }
  writePallet(pallet: string): StateDraft[string] {
    return writePallet(this.ctx, pallet);
  }
  setItem(pallet: string, item: string, value: unknown): void {
    setItem(this.ctx, pallet, item, value);
  }
}

/** A context for a call: adds the origin. */
export interface CallContext<C> extends PalletContext<C> {
  readonly origin: Origin;
}

type Shared = {
  /**
   * The state before the draft: the phase's starting state, or, after `setItem`s with no draft,
   * the frozen state they made.
   */
  base: State;
  draft: StateDraft | undefined;
  events: RuntimeEvent[];
  /** Pallets written through `writePallet` since the draft was created; `"all"` after a raw `write()`. */
  written: Set<string> | "all" | undefined;
};

/** The context of one pallet's code within a phase: shares the phase's state and events. @internal */
class PalletView<C> implements CallContext<C> {
  constructor(
    private readonly s: Shared,
    readonly blockNumber: number,
    readonly phase: Phase,
    readonly runtime: RuntimeInfo,
    readonly config: C,
    readonly origin: Origin,
  ) {}
  read(): State {
    return (this.s.draft as State | undefined) ?? this.s.base;
  }
  write(): StateDraft {
    this.s.written = "all";
    return this.draft();
  }
  readPallet(pallet: string): State[string] | undefined {
    const s = this.s;
    if (s.draft === undefined) return s.base[pallet];
    // an unwritten pallet of the draft is the base's (frozen) object: reading it through the draft
    // would only create a proxy
    if (s.written !== "all" && !s.written?.has(pallet)) return s.base[pallet];
    return (s.draft as State)[pallet];
  }
  writePallet(pallet: string): StateDraft[string] {
    const s = this.s;
    if (s.written === undefined) s.written = new Set([pallet]);
    else if (s.written !== "all") s.written.add(pallet);
    return this.draft()[pallet]!;
  }
  setItem(pallet: string, item: string, value: unknown): void {
    const s = this.s;
    const old = s.base[pallet];
    if (s.draft !== undefined || old === undefined) {
      const p = this.writePallet(pallet);
      if (value === undefined) delete p[item];
      else p[item] = value as never;
      return;
    }
    // No draft in this phase, so `value` holds no draft of it: freeze it (as finishing a draft
    // would, deeply), and the pallet and root as new frozen objects (same key order as immer's copies).
    const next: Record<string, unknown> = { ...old };
    if (value === undefined) {
      if (!(item in next)) return;
      delete next[item];
    } else next[item] = freeze(value, true);
    s.base = Object.freeze({ ...s.base, [pallet]: Object.freeze(next) });
  }
  private draft(): StateDraft {
    return (this.s.draft ??= immer.createDraft(this.s.base as { [p: string]: { [i: string]: unknown } }));
  }
  deposit(event: RuntimeEvent): void {
    // Event fields must outlive the phase: never keep a draft (it is revoked when the phase ends).
    const fields = event.value.value;
    if (Object.values(fields).some((v) => typeof v === "object" && v !== null && !Object.isFrozen(v))) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(fields)) copy[k] = typeof v === "object" && v !== null ? deepSnapshot(v) : v;
      event = { type: event.type, value: { type: event.value.type, value: copy } };
    }
    this.s.events.push(event);
  }
}

/** A copy of `v` with every draft inside replaced by its current, frozen value. */
function deepSnapshot(v: unknown): unknown {
  if (isDraft(v)) return freeze(current(v), true);
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) return v.map(deepSnapshot);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = deepSnapshot(x);
  return out;
}

const NO_ORIGIN: Origin = { type: "None" };

/** Implementation of `Context` used by the runtime: one per phase or extrinsic. @internal */
export class ExecutionContext extends PalletView<undefined> {
  private readonly shared: Shared;

  constructor(base: State, blockNumber: number, phase: Phase, runtime: RuntimeInfo) {
    const shared: Shared = { base, draft: undefined, events: [], written: undefined };
    super(shared, blockNumber, phase, runtime, undefined, NO_ORIGIN);
    this.shared = shared;
  }

  /** Events deposited so far. */
  get events(): RuntimeEvent[] {
    return this.shared.events;
  }

  /** Finishes: the new state (the same reference if nothing was written). */
  finish(): State {
    const s = this.shared;
    if (s.draft === undefined) return s.base;
    const next = immer.finishDraft(s.draft) as State;
    s.draft = undefined;
    s.written = undefined;
    s.base = next;
    return next;
  }

  /** A view of this context for one pallet (its config) and, for calls, an origin. */
  forPallet<C>(config: C, origin: Origin = NO_ORIGIN): CallContext<C> {
    return new PalletView(this.shared, this.blockNumber, this.phase, this.runtime, config, origin);
  }
}
