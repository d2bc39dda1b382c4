/**
 * The execution context pallet code runs in: the storage it reads and writes (`Externalities`:
 * the committed state and the block's overlay), the events it deposits, the block number and
 * phase, and (for calls) the origin.
 *
 * A context holds no state of its own: every write goes into the runtime's overlay, in the
 * storage transaction the runtime opened for it (one per extrinsic), so a failed dispatch is
 * undone by rolling that transaction back and a hook's writes are part of the block.
 */
import { Immer, current, freeze, isDraft } from "immer";
import type { Origin } from "./dispatch.ts";
import type { TokenInfo } from "./codec.ts";
import type { Externalities } from "./externalities.ts";

export type { State } from "./externalities.ts";

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
  /** The names of the runtime's pallets (a port may ask whether a pallet it could use is there). */
  readonly pallets: ReadonlySet<string>;
}

/** The Immer instance of `mutate` recipes when stored values are frozen (never the app's global immer). */
export const immer = new Immer({ autoFreeze: true });
/** The Immer instance of `mutate` recipes when the runtime does not freeze stored values. */
export const immerUnfrozen = new Immer({ autoFreeze: false });

/** Open `mutate` recipes: immer drafts exist only while one runs (stored values and events must not keep one). @internal */
export const recipes = { depth: 0 };

/** What pallet code, hooks and ports receive. */
export interface Context {
  /** The number of the block being built (0 for genesis). */
  readonly blockNumber: number;
  readonly phase: Phase;
  readonly runtime: RuntimeInfo;
  /**
   * The runtime's storage: the committed state under the block's overlay. Pallet code goes
   * through storage accessors (`Pallet.storage.Item.get(ctx)`), not through this directly.
   */
  readonly storage: Externalities;
  /** Deposits an event (kept only if the dispatch succeeds). */
  deposit(event: RuntimeEvent): void;
}

/** A context for a pallet's own code: adds the pallet's configuration (`T: Config`). */
export interface PalletContext<C> extends Context {
  readonly config: C;
}

/**
 * `ctx` seen as a pallet's own context with `config` attached: what a port needs to run another
 * pallet's code on its caller's context (FRAME's `T::OtherPallet` calls). Same storage (in the
 * caller's storage transaction) and the same events (kept or discarded with the caller's
 * dispatch). The caller's origin is not passed on.
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
  get storage(): Externalities {
    return this.ctx.storage;
  }
  deposit(event: RuntimeEvent): void {
    this.ctx.deposit(event);
  }
}

/** A context for a call: adds the origin. */
export interface CallContext<C> extends PalletContext<C> {
  readonly origin: Origin;
}

/** The context of one pallet's code within a phase: shares the phase's storage and events. @internal */
class PalletView<C> implements CallContext<C> {
  constructor(
    readonly storage: Externalities,
    /** Events deposited so far in this phase (shared by every view of the phase). */
    readonly events: RuntimeEvent[],
    // mutable for the runtime's reused hook contexts (`HookContext`); readonly to pallet code
    public blockNumber: number,
    public phase: Phase,
    readonly runtime: RuntimeInfo,
    readonly config: C,
    public origin: Origin,
  ) {}
  deposit(event: RuntimeEvent): void {
    // Event fields must outlive the phase: never keep an immer draft (it is revoked when its recipe
    // ends; drafts exist only inside a `mutate` recipe).
    const fields = event.value.value;
    if (recipes.depth > 0 && Object.values(fields).some((v) => typeof v === "object" && v !== null && !Object.isFrozen(v))) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(fields)) copy[k] = typeof v === "object" && v !== null ? deepSnapshot(v) : v;
      event = { type: event.type, value: { type: event.value.type, value: copy } };
    }
    this.events.push(event);
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

/**
 * The context of one phase of a block (its hooks, or one extrinsic) as the runtime creates it:
 * the runtime's storage, and the events deposited in the phase. The runtime opens and ends the
 * storage transaction around it; `forPallet` gives each pallet's code its view (config, origin).
 */
export class ExecutionContext extends PalletView<undefined> {
  constructor(storage: Externalities, blockNumber: number, phase: Phase, runtime: RuntimeInfo) {
    super(storage, [], blockNumber, phase, runtime, undefined, NO_ORIGIN);
  }

  /** A view of this context for one pallet (its config) and, for calls, an origin. */
  forPallet<C>(config: C, origin: Origin = NO_ORIGIN): CallContext<C> {
    return new PalletView(this.storage, this.events, this.blockNumber, this.phase, this.runtime, config, origin);
  }
}

/**
 * A context the runtime reuses for one kind of phase (the block's hooks, an extrinsic's dispatch,
 * its transaction extension), with one view per pallet, so that running a hook or a call allocates
 * no context. As in Substrate, a context is valid only during the hook or call it is given to: code
 * must not keep it (its block number, phase and origin move on with the runtime). @internal
 */
export class PhaseContext extends ExecutionContext {
  private readonly views = new Map<unknown, PalletView<unknown>>();

  /** Starts a phase of block `blockNumber`: no events yet. */
  begin(blockNumber: number, phase: Phase): this {
    this.blockNumber = blockNumber;
    this.phase = phase;
    if (this.events.length !== 0) this.events.length = 0;
    for (const v of this.views.values()) {
      v.blockNumber = blockNumber;
      v.phase = phase;
    }
    return this;
  }

  /** The (reused) view of this context for a pallet's code, with `origin` for a call. */
  override forPallet<C>(config: C, origin: Origin = NO_ORIGIN): CallContext<C> {
    let v = this.views.get(config);
    if (v === undefined) this.views.set(config, (v = new PalletView(this.storage, this.events, this.blockNumber, this.phase, this.runtime, config, origin)));
    else v.origin = origin;
    return v as CallContext<C>;
  }
}
