/**
 * `createRuntime`: one chain, its pallets in order (as `construct_runtime!`), and the block
 * lifecycle of FRAME's Executive:
 *
 * ```
 * initializeBlock(n)   each pallet's on_initialize, in runtime order       phase Initialization
 * applyExtrinsic(xt)…  each in its own draft; Err discards it and           phase ApplyExtrinsic(i)
 *                      System.ExtrinsicFailed carries the DispatchError
 * finalizeBlock()      on_idle (round-robin from n % pallets), on_finalize  phase Finalization
 *                      → state root → block record
 * ```
 *
 * Block 0 is genesis: `buildGenesis` and calls applied before block 1 run with no hooks, and their
 * events are not recorded (as frame_system does at block 0).
 */
import { t, type Codec, type TokenInfo } from "./codec.ts";
import { ExecutionContext, PhaseContext, type Context, type Phase, type RuntimeEvent, type RuntimeInfo, type State } from "./context.ts";
import { ChangeSet, Externalities, type StorageChange } from "./externalities.ts";
import { DispatchFailure, formatDispatchError, type DispatchError, type DispatchOutcome, type Origin } from "./dispatch.ts";
import { HookThrewError, RuntimeUsageError, UnknownNameError } from "./errors.ts";
import { buildMetadata, type RuntimeMetadata } from "./metadata.ts";
import type { AnyPallet, PalletInstance, RuntimeCall } from "./pallet.ts";
import { StateHasher, blake2, toHex, type Hash } from "./state-root.ts";
import { hexToBytes } from "./scale.ts";
import type { StorageItem } from "./storage.ts";
import { System } from "./system.ts";

/** An event with its phase (frame_system's `EventRecord`), with polkadot-js style accessors. */
export class EventRecord {
  readonly topics: readonly string[] = [];
  constructor(
    readonly phase: Phase,
    readonly event: RuntimeEvent,
  ) {}
  /** The pallet (`Broker`), as polkadot-js calls it. */
  get section(): string {
    return this.event.type;
  }
  /** The event variant (`Purchased`), as polkadot-js calls it. */
  get method(): string {
    return this.event.value.type;
  }
  /** The event fields. */
  get data(): Readonly<Record<string, unknown>> {
    return this.event.value.value;
  }
  /** `true` when this is `pallet.name`. */
  is(pallet: string, name: string): boolean {
    return this.event.type === pallet && this.event.value.type === name;
  }
  toJSON(): unknown {
    return { phase: this.phase, event: this.event, topics: this.topics };
  }
}

/** An extrinsic: an origin and a call. */
export interface Extrinsic {
  readonly origin: Origin;
  readonly call: RuntimeCall;
}

/** An applied extrinsic and its result. */
export interface ExtrinsicRecord extends Extrinsic {
  readonly index: number;
  readonly result: DispatchOutcome;
}

/**
 * A finished block: its header fields, extrinsics with their results, events, and the storage
 * changes it committed (every key whose value changed, with the value before and after, in
 * order: item prefix, then storage key).
 *
 * `state_root` and `extrinsics_root` are `null` when the runtime's `stateRoots` policy did not
 * compute roots for this block (see `StateRootPolicy`); the block hash then covers the zero hash in
 * those fields.
 */
export interface BlockRecord {
  readonly number: number;
  readonly parent_hash: Hash;
  readonly hash: Hash;
  readonly state_root: Hash | null;
  readonly extrinsics_root: Hash | null;
  readonly extrinsics: readonly ExtrinsicRecord[];
  readonly events: readonly EventRecord[];
  readonly changes: readonly StorageChange[];
}

/**
 * When a runtime computes state roots:
 * - `"every-block"` (the default): every sealed block records the root of its state, and its hash
 *   covers it (tests and determinism checks);
 * - `"on-request"`: only when asked (`runtime.stateRoot()`, a scenario expectation, the end of a
 *   run); sealed blocks record `state_root: null` and `extrinsics_root: null` (a block's roots are
 *   computed together), and their hashes cover the zero hash there: they chain block numbers only;
 * - `{ every: N }`: blocks whose number is a multiple of N record their roots, the others `null`.
 * The root of a state is the same under every policy (only when it is computed differs), so the
 * final root of a run is too. Block hashes are comparable between runs of the same policy only.
 */
export type StateRootPolicy = "every-block" | "on-request" | { readonly every: number };

/**
 * A handle to a runtime's committed state and chain head (`runtime.snapshot()`), to go back to
 * with `runtime.restore(handle)`. Holding one costs nothing but keeping that state alive: the
 * state is persistent and shared with the runtime's later states.
 */
export interface RuntimeSnapshot {
  /** The block the snapshot was taken after (`genesisNumber` at genesis). */
  readonly number: number;
  /** The committed state (immutable). */
  readonly state: State;
  /** @internal The runtime it was taken of. */
  readonly runtime: Runtime;
  /** @internal The branch of that runtime's chain it was taken on. */
  readonly branch: Branch;
  /** @internal */
  readonly genesisSealed: boolean;
  /** @internal */
  readonly genesisExtrinsics: readonly ExtrinsicRecord[];
  /** @internal */
  readonly lastBlock: BlockRecord | undefined;
}

/**
 * A transaction extension (sp-runtime's `TransactionExtension`, e.g. pallet-transaction-payment's
 * `ChargeTransactionPayment`), run around the dispatch of every **signed** extrinsic applied to
 * an open block (not at genesis, not for Root/None/Parachain origins).
 *
 * - `prepare` runs before dispatch in its own context; its writes and events are kept whatever
 *   the dispatch does (a fee is paid even when the call fails). Throwing a `DispatchFailure`
 *   makes the transaction **invalid** (`TransactionValidityError`, e.g.
 *   `InvalidTransaction::Payment`): nothing it did is kept, the extrinsic is not included in the
 *   block (no record, no event) and `applyExtrinsic` returns `{ ok: false, error }` with that error.
 * - `postDispatch` runs after the dispatch (kept or discarded) with what `prepare` returned and the
 *   outcome; its events come after the call's, before `System.ExtrinsicSuccess`/`ExtrinsicFailed`.
 */
export interface TransactionExtension {
  prepare(ctx: Context, xt: Extrinsic, info: { readonly pays_fee: "Yes" | "No" }): unknown;
  postDispatch?(ctx: Context, pre: unknown, xt: Extrinsic, result: DispatchOutcome): void;
}

/** How the engine runs, not what it computes: see `RuntimeOptions` and `Runtime.setEngineOptions`. */
export interface EngineOptions {
  /** When state roots are computed (default `"every-block"`): see `StateRootPolicy`. */
  readonly stateRoots?: StateRootPolicy;
  /**
   * Deep-freeze values as they are stored, so that changing a value read from storage in place
   * throws (default `true`: keep it on in tests). Off, long runs skip the cost of freezing; the
   * state and roots are the same either way for correct pallet code.
   */
  readonly freezeStorage?: boolean;
}

/** Options of `createRuntime`. */
export interface RuntimeOptions extends EngineOptions {
  /** A transaction extension run around every signed extrinsic of a block (fees): see `TransactionExtension`. */
  readonly transactionExtension?: TransactionExtension;
  /** The chain's name, e.g. `broker-mock`. */
  readonly name: string;
  /** Pallets in runtime order. `System` is added first when missing. */
  readonly pallets: readonly PalletInstance<any>[];
  /** The token, for amounts like `"5 KSM"` and for reports. */
  readonly token?: TokenInfo;
  /** Seed of deterministic randomness (default: the name). */
  readonly seed?: string;
  /** Genesis config per pallet (parsed values). */
  readonly genesis?: Readonly<Record<string, Record<string, unknown>>>;
  /** Keep every block record in `runtime.blocks` (default: false; use `onBlock` to stream them). */
  readonly retainBlocks?: boolean;
  /**
   * The number of the genesis block (default 0). A chain replayed from the middle of real history
   * starts here: its genesis state stands for the state at that block, and the first block built is
   * `genesisNumber + 1`.
   */
  readonly genesisNumber?: number;
  /**
   * Pallet indices as `construct_runtime!` gives them (`Broker: pallet_broker = 50`): the index
   * of a pallet listed here; a pallet not listed has the index of the pallet before it plus one
   * (System, first, 0). The default (none listed) is each pallet's position. They are the
   * pallets' indices in metadata (`runtime.metadata()`): the outer enums' variant indices and
   * `DispatchError::Module`'s `index`.
   */
  readonly palletIndices?: Readonly<Record<string, number>>;
  /**
   * The runtime's call filter (`frame_system::Config::BaseCallFilter`): `false` refuses a call.
   * A refused extrinsic fails at dispatch with `System.CallFiltered`, after its transaction
   * extension ran (the fee is charged, as on chain), and nothing of the call runs. Root bypasses
   * the filter, as FRAME's `OriginTrait::filter_call` does (`construct_runtime!`'s origin
   * expansion). Default: every call allowed (`Everything`).
   */
  readonly callFilter?: (call: RuntimeCall) => boolean;
}

/** `System.CallFiltered`: a call the runtime's `BaseCallFilter` refuses. */
export const CALL_FILTERED: DispatchError = { type: "Module", value: { type: "System", value: { type: "CallFiltered" } } };

/**
 * A branch of a runtime's chain: `restore` starts a new one at the snapshot's block, so a snapshot
 * taken on a branch that has been abandoned past its block cannot be restored (its later blocks
 * are gone from the header log).
 */
interface Branch {
  readonly parent: Branch | undefined;
  /** The last block this branch shares with its parent. */
  readonly from: number;
}

/** Where a fork starts: the committed state and head of the runtime it was forked from. */
interface ForkPoint {
  readonly snapshot: RuntimeSnapshot;
  readonly headHash: Hash | undefined;
  readonly hasher: StateHasher;
}

const ZERO_HASH = `0x${"00".repeat(32)}` as Hash;
/** The block being built: its number, and the extrinsics and events recorded so far. */
interface OpenBlock {
  number: number;
  extrinsics: ExtrinsicRecord[];
  events: EventRecord[];
}
/** The lists of a block with no extrinsics or no events (shared, frozen). */
const NO_EXTRINSICS: readonly ExtrinsicRecord[] = Object.freeze([]);
const NO_EVENTS: readonly EventRecord[] = Object.freeze([]);
const INITIALIZATION: Phase = Object.freeze({ type: "Initialization" });
const FINALIZATION: Phase = Object.freeze({ type: "Finalization" });
/** `DispatchInfo` of a call that pays fees, and of one that does not (weights are not modelled), shared by every event. */
const DISPATCH_INFO = Object.freeze({ class: Object.freeze({ type: "Normal" as const }), pays_fee: Object.freeze({ type: "Yes" as "Yes" | "No" }) });
const DISPATCH_INFO_NO_FEE = Object.freeze({ class: DISPATCH_INFO.class, pays_fee: Object.freeze({ type: "No" as "Yes" | "No" }) });
/** The outcome of every successful dispatch (shared, frozen). */
const OK: DispatchOutcome = Object.freeze({ ok: true });
const PAYS_FEE = Object.freeze({ pays_fee: "Yes" as const });
const PAYS_NO_FEE = Object.freeze({ pays_fee: "No" as const });
/** `ApplyExtrinsic(i)` phases, shared (frozen) by every block. */
const applyPhases: Phase[] = [];
function applyPhase(i: number): Phase {
  return (applyPhases[i] ??= Object.freeze({ type: "ApplyExtrinsic", value: i }));
}
const EMPTY_EXTRINSICS_ROOT = toHex(blake2(new Uint8Array()));

/** A chain: pallets, state and the block builder. Create one with `createRuntime`. */
export class Runtime {
  readonly name: string;
  readonly info: RuntimeInfo;
  /** Pallet instances by name, in runtime order. */
  readonly pallets: ReadonlyMap<string, PalletInstance<any>>;
  /** Each pallet's index in the runtime (`RuntimeOptions.palletIndices`), in runtime order. */
  readonly palletIndices: ReadonlyMap<string, number>;
  private _metadata: RuntimeMetadata | undefined;
  /** Finished blocks, when `retainBlocks` is set. */
  readonly blocks: BlockRecord[] = [];
  /** When state roots are computed (see `StateRootPolicy`; change it with `setEngineOptions`). */
  get stateRoots(): StateRootPolicy {
    return this._stateRoots;
  }
  private _stateRoots: StateRootPolicy;

  /** The committed state: that of the last sealed block (or of genesis). */
  private _state: State;
  /** The committed state under the overlay of the open block: what pallet code reads and writes. */
  private readonly ext: Externalities;
  private _number: number;
  /** The number of the genesis block. */
  readonly genesisNumber: number;
  private _open: OpenBlock | undefined;
  private readonly openRecord: OpenBlock = { number: 0, extrinsics: [], events: [] };
  private _genesisSealed = false;
  private _genesisExtrinsics: ExtrinsicRecord[] = [];
  /** Headers of the sealed blocks, hashed on demand (see `HeaderLog`). */
  private headers: HeaderLog;
  private _lastBlock: BlockRecord | undefined;
  private readonly hasher: StateHasher;
  private readonly items: ReadonlyMap<string, ReadonlyMap<string, StorageItem>>;
  private readonly retain: boolean;
  private readonly extension: TransactionExtension | undefined;
  /** `BaseCallFilter` (undefined: every call allowed). */
  readonly callFilter: ((call: RuntimeCall) => boolean) | undefined;
  private readonly listeners: Array<(b: BlockRecord) => void> = [];
  private readonly order: PalletInstance<any>[];
  private readonly initHooks: PalletInstance<any>[];
  private readonly idleHooks: PalletInstance<any>[];
  private readonly finalizeHooks: PalletInstance<any>[];
  private rootEvery: number;
  private readContext: ExecutionContext | undefined;
  /** The contexts of the hook phases and of an extrinsic's phases, reused block after block. */
  private readonly hookCtx: PhaseContext;
  private readonly prepareCtx: PhaseContext;
  private readonly callCtx: PhaseContext;
  private readonly postCtx: PhaseContext;
  /** The branch of the chain being built (see `restore`). */
  private branch: Branch = { parent: undefined, from: -1 };

  constructor(
    private readonly opts: RuntimeOptions,
    fork?: ForkPoint,
  ) {
    this.name = opts.name;
    const list = opts.pallets.some((p) => p.pallet.name === "System") ? [...opts.pallets] : [System.instance({}), ...opts.pallets];
    if (list[0]!.pallet.name !== "System") throw new RuntimeUsageError("System must be the first pallet of a runtime");
    const m = new Map<string, PalletInstance<any>>();
    for (const p of list) {
      if (m.has(p.pallet.name)) throw new RuntimeUsageError(`pallet ${p.pallet.name} is in the runtime twice`);
      m.set(p.pallet.name, p);
    }
    this.pallets = m;
    this.palletIndices = palletIndicesOf(list, opts.palletIndices);
    this.info = { name: opts.name, token: opts.token, seed: opts.seed ?? opts.name, pallets: new Set(m.keys()) };
    this.order = list;
    this.initHooks = list.filter((p) => p.pallet.hooks.onInitialize);
    this.idleHooks = list.filter((p) => p.pallet.hooks.onIdle);
    this.finalizeHooks = list.filter((p) => p.pallet.hooks.onFinalize);
    this._stateRoots = opts.stateRoots ?? "every-block";
    this.rootEvery = policyEvery(this._stateRoots);
    const items = new Map<string, Map<string, StorageItem>>();
    const state: Record<string, Record<string, unknown>> = {};
    for (const p of list) {
      items.set(p.pallet.name, new Map(Object.entries(p.pallet.storage)));
      state[p.pallet.name] = Object.freeze({});
    }
    this.items = items;
    this.retain = opts.retainBlocks ?? false;
    this.extension = opts.transactionExtension;
    this.callFilter = opts.callFilter;
    this.genesisNumber = opts.genesisNumber ?? 0;
    if (!Number.isSafeInteger(this.genesisNumber) || this.genesisNumber < 0 || this.genesisNumber > 0xffff_ffff)
      throw new RuntimeUsageError(`genesisNumber must be a block number (u32), got ${opts.genesisNumber}`);
    if (fork) {
      const snap = fork.snapshot;
      this.hasher = fork.hasher;
      this._state = snap.state;
      this._number = snap.number;
      this._genesisSealed = snap.genesisSealed;
      this._genesisExtrinsics = [...snap.genesisExtrinsics];
      this._lastBlock = snap.lastBlock;
      this.headers = new HeaderLog(this.genesisNumber, new HeaderEncoder(), fork.headHash === undefined ? undefined : { number: snap.number, hash: fork.headHash });
      this.ext = new Externalities(this._state, opts.freezeStorage ?? true);
      [this.hookCtx, this.prepareCtx, this.callCtx, this.postCtx] = this.phaseContexts();
      this.ext.linkMapVersions = this.rootEvery !== 0;
      return;
    }
    this.hasher = new StateHasher(items);
    this._state = Object.freeze(state) as State;
    this.ext = new Externalities(this._state, opts.freezeStorage ?? true);
    this.ext.linkMapVersions = this.rootEvery !== 0;
    this._number = this.genesisNumber;
    [this.hookCtx, this.prepareCtx, this.callCtx, this.postCtx] = this.phaseContexts();
    this.headers = new HeaderLog(this.genesisNumber, new HeaderEncoder());
    if (opts.genesis) this.buildGenesis(opts.genesis);
  }

  /**
   * Changes how the engine runs from now on, without changing what it computes: when state roots
   * are computed (`stateRoots`, from the next sealed block on) and whether stored values are
   * frozen (`freezeStorage`, for values written from now on). A runner sets these on a runtime a
   * preset built (`corelab replay --state-roots`, simulations). Same options as `createRuntime`'s.
   */
  setEngineOptions(opts: EngineOptions): void {
    if (opts.stateRoots !== undefined) {
      this.rootEvery = policyEvery(opts.stateRoots);
      this._stateRoots = opts.stateRoots;
      this.ext.linkMapVersions = this.rootEvery !== 0;
    }
    if (opts.freezeStorage !== undefined) this.ext.freeze = opts.freezeStorage;
  }

  /** The committed state (immutable): that of the last sealed block, or of genesis. */
  get state(): State {
    return this._state;
  }
  /** The number of the block being built, or of the last finished one (`genesisNumber` = genesis). */
  get blockNumber(): number {
    return this._number;
  }
  /** Whether a block is open (initialized, not yet finalized). */
  get isBuilding(): boolean {
    return this._open !== undefined;
  }
  /** The last finished block. */
  get lastBlock(): BlockRecord | undefined {
    return this._lastBlock;
  }
  /** Events of the open block so far. */
  get pendingEvents(): readonly EventRecord[] {
    return this._open?.events ?? [];
  }
  /**
   * The storage changes of the open block so far (or of writes not yet committed), as the block
   * would record them if it were finalized now; `[]` when there are none.
   */
  pendingChanges(): readonly StorageChange[] {
    return this.ext.pendingChanges();
  }

  /**
   * The state root of the committed state (that of the last sealed block), computed now if it is
   * not known: incrementally, from what changed since the last root computed. With
   * `{ fromScratch: true }`, computed from nothing (no cache), as a check of the incremental one.
   */
  stateRoot(opts: { fromScratch?: boolean } = {}): Hash {
    return (opts.fromScratch ? new StateHasher(this.items) : this.hasher).root(this._state);
  }

  /**
   * The runtime's metadata in the V15 format (frame-metadata's `RuntimeMetadataV15`, papi's
   * `metadata` codec): pallets with their indices, calls, events, errors, storage entries with
   * their hashers and types, constants with their configured values, and the type registry built
   * from the pallets' codecs; with the codecs that need it (events, dispatch errors). See
   * `metadata.ts`. Built on the first request and cached (it depends on the pallets and their
   * configuration only, never on the state).
   */
  metadata(): RuntimeMetadata {
    return (this._metadata ??= buildMetadata(
      this.name,
      this.order.map((p) => ({ pallet: p.pallet, config: p.config, index: this.palletIndices.get(p.pallet.name)! })),
    ));
  }

  /**
   * A handle to the committed state and the chain head, to go back to with `restore`. O(1): the
   * state is persistent. Only between blocks (finalize the open block first).
   */
  snapshot(): RuntimeSnapshot {
    this.ensureBetweenBlocks("snapshot");
    return Object.freeze({
      number: this._number,
      state: this._state,
      runtime: this,
      branch: this.branch,
      genesisSealed: this._genesisSealed,
      genesisExtrinsics: this._genesisExtrinsics.slice(),
      lastBlock: this._lastBlock,
    });
  }

  /**
   * Goes back to a snapshot of this runtime: its committed state, block number and chain head;
   * later blocks are forgotten (and dropped from `blocks`), and the next block built is
   * `snapshot.number + 1`. Any snapshot of the chain as it is can be restored, in any order; one
   * whose blocks were abandoned by an earlier `restore` to a block before it cannot. Only between blocks.
   */
  restore(snapshot: RuntimeSnapshot): void {
    this.ensureBetweenBlocks("restore");
    if (snapshot.runtime !== this) throw new RuntimeUsageError("restore: the snapshot was taken of another runtime (a fork restores only its own snapshots)");
    if (!this.onChain(snapshot))
      throw new RuntimeUsageError(`restore: the blocks after ${snapshot.number} that the snapshot was taken on were abandoned by an earlier restore`);
    this._state = snapshot.state;
    this.ext.base = snapshot.state;
    this._number = snapshot.number;
    this._genesisSealed = snapshot.genesisSealed;
    this._genesisExtrinsics = [...snapshot.genesisExtrinsics];
    this._lastBlock = snapshot.lastBlock;
    this.headers.truncate(snapshot.genesisSealed ? snapshot.number : this.genesisNumber - 1);
    this.branch = { parent: this.branch, from: snapshot.genesisSealed ? snapshot.number : this.genesisNumber - 1 };
    if (this.retain) {
      let keep = this.blocks.length;
      while (keep > 0 && (!snapshot.genesisSealed || this.blocks[keep - 1]!.number > snapshot.number)) keep--;
      this.blocks.length = keep;
    }
  }

  /** Whether the chain as it is still holds the blocks up to the snapshot's. */
  private onChain(snapshot: RuntimeSnapshot): boolean {
    const upTo = snapshot.genesisSealed ? snapshot.number : this.genesisNumber - 1;
    if (upTo > this._number || (upTo === this._number && snapshot.genesisSealed !== this._genesisSealed)) return false;
    for (let b: Branch | undefined = this.branch; b !== undefined; b = b.parent) {
      if (b === snapshot.branch) return true;
      if (b.from < upTo) return false;
    }
    return false;
  }

  /**
   * An independent runtime that starts from this one's committed state and head: same pallets and
   * configuration (a port that reaches outside the runtime reaches the same thing), same options,
   * no listeners and no retained blocks. O(1): the two share the persistent state until one of
   * them writes. Its hashes of blocks before the fork are not kept (its first parent hash is this
   * runtime's head hash). Only between blocks.
   */
  fork(): Runtime {
    this.ensureBetweenBlocks("fork");
    const snapshot = this.snapshot();
    const headHash = this._genesisSealed ? this.headers.hashOf(this._number) : undefined;
    return new Runtime({ ...this.opts, stateRoots: this._stateRoots, freezeStorage: this.ext.freeze }, { snapshot, headHash, hasher: this.hasher });
  }

  /** Calls `listener` with every finished block. Returns an unsubscribe function. */
  onBlock(listener: (b: BlockRecord) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The instance of a pallet, or an `UnknownNameError` naming the nearest pallets. */
  pallet(name: string): PalletInstance<any> {
    const p = this.pallets.get(name);
    if (!p) throw new UnknownNameError("pallet", name, [...this.pallets.keys()], this.name);
    return p;
  }

  /** The configuration a pallet was given. */
  configOf<C>(pallet: { name: string }): C {
    return this.pallet(pallet.name).config as C;
  }

  // ---------------------------------------------------------------------------------------------
  // genesis and direct state access

  /**
   * Runs each pallet's genesis builder with its config (only at genesis, before any call). Each
   * config is checked first as a file's would be: a field the pallet's genesis does not declare is
   * an `UnknownNameError` naming `genesis.Pallet.field` and the nearest fields, and a value outside
   * its codec's type (a negative balance, a u32 past 2^32−1) an `InvalidValueError` at its path.
   */
  buildGenesis(configs: Readonly<Record<string, Record<string, unknown>>>): void {
    this.ensureGenesis("buildGenesis");
    for (const name of Object.keys(configs)) {
      const fields = this.pallet(name).pallet.genesis?.fields as Readonly<Record<string, Codec<unknown>>> | undefined;
      const cfg = configs[name];
      if (fields === undefined || typeof cfg !== "object" || cfg === null) continue; // reported below
      for (const field of Object.keys(cfg)) {
        if (!Object.hasOwn(fields, field)) throw new UnknownNameError(`genesis field of ${name}`, field, Object.keys(fields), `genesis.${name}`);
        const v = cfg[field];
        if (v !== undefined) fields[field]!.check?.(v, `genesis.${name}.${field}`);
      }
    }
    const ctx = this.context(this.genesisNumber, INITIALIZATION);
    try {
      for (const p of this.order) {
        const cfg = Object.hasOwn(configs, p.pallet.name) ? configs[p.pallet.name] : undefined;
        if (p.pallet.genesis && cfg !== undefined) p.pallet.genesis.build(ctx.forPallet(p.config), cfg);
        else if (cfg !== undefined) throw new RuntimeUsageError(`pallet ${p.pallet.name} has no genesis config`);
      }
    } catch (e) {
      this.ext.discard();
      throw e;
    }
    this.commitOutsideBlock();
  }

  /**
   * Runs `fn` with a context on the current state and keeps what it writes (chopsticks'
   * `dev_setStorage`, or a test's `execute_with`). Events it deposits are dropped. In an open
   * block the writes are part of that block; between blocks they are committed at once (the last
   * block's record keeps the root it had). A throw in `fn` keeps what it wrote before the throw.
   */
  withContext<R>(fn: (ctx: Context) => R): R {
    try {
      return fn(this.context(this._number, INITIALIZATION));
    } finally {
      if (!this._open) this.commitOutsideBlock();
    }
  }

  /** Reads with a context on the current state (the open block's writes included): `rt.read((ctx) => Broker.storage.SaleInfo.get(ctx))`. */
  read<R>(fn: (ctx: Context) => R): R {
    // one context per block for reads (a network reads what the cores run every relay block)
    let ctx = this.readContext;
    if (ctx === undefined || ctx.blockNumber !== this._number) this.readContext = ctx = this.context(this._number, INITIALIZATION);
    else if (ctx.events.length !== 0) ctx.events.length = 0; // a read deposits nothing that is kept
    return fn(ctx);
  }

  /** Reads a storage item (and map key) by metadata name: `rt.query("Broker", "SaleInfo")`. */
  query(pallet: string, item: string, ...key: [] | [unknown]): unknown {
    const s = this.storageItem(pallet, item);
    return this.read((ctx) => (s.kind === "value" ? s.get(ctx) : key.length === 0 ? s.entries(ctx) : s.get(ctx, key[0])));
  }

  /** The storage accessor of `pallet.item`, or an `UnknownNameError` naming the nearest. */
  storageItem(pallet: string, item: string): StorageItem {
    const p = this.pallet(pallet).pallet;
    const storage = p.storage as Record<string, StorageItem>;
    const s = Object.hasOwn(storage, item) ? storage[item] : undefined;
    if (!s) throw new UnknownNameError("storage item", `${pallet}.${item}`, Object.keys(p.storage).map((i) => `${pallet}.${i}`), this.name);
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // blocks

  /** Opens block `blockNumber + 1` and runs its `on_initialize` hooks. */
  initializeBlock(): void {
    if (this._open) throw new RuntimeUsageError(`block ${this._open.number} is still open: finalize it first`);
    if (!this._genesisSealed) this.sealGenesis();
    const n = this._number + 1;
    this._number = n;
    // one record of the open block, reused: its lists are handed to the sealed block only when not empty
    const open = this.openRecord;
    open.number = n;
    this._open = open;
    const hooks = this.initHooks;
    if (hooks.length === 0) return;
    const ctx = this.hookCtx.begin(n, INITIALIZATION);
    for (let i = 0; i < hooks.length; i++) {
      const p = hooks[i]!;
      try {
        p.pallet.hooks.onInitialize!(ctx.forPallet(p.config));
      } catch (e) {
        throw this.hookThrew(p, "on_initialize", e);
      }
    }
    for (const e of ctx.events) open.events.push(new EventRecord(INITIALIZATION, e));
  }

  /**
   * Applies an extrinsic to the open block (or to genesis, before block 1), in its own storage
   * transaction. On `Err` the transaction is rolled back: nothing it did is kept and only
   * `System.ExtrinsicFailed` is recorded (with a `transactionExtension`, what it did around the
   * dispatch, e.g. the fee, is kept).
   */
  applyExtrinsic(xt: Extrinsic): DispatchOutcome {
    const inst = this.pallet(xt.call.pallet);
    const calls = inst.pallet.calls as Record<string, (typeof inst.pallet.calls)[string]>;
    const spec = Object.hasOwn(calls, xt.call.name) ? calls[xt.call.name] : undefined;
    if (!spec) throw new UnknownNameError("call", `${xt.call.pallet}.${xt.call.name}`, Object.keys(inst.pallet.calls).map((c) => `${xt.call.pallet}.${c}`), this.name);
    if (this._genesisSealed && !this._open) throw new RuntimeUsageError("no block is open: call initializeBlock() first");
    const list = this._open ? this._open.extrinsics : this._genesisExtrinsics;
    const index = list.length;
    const phase = applyPhase(index);
    const info = spec.pays === "No" ? DISPATCH_INFO_NO_FEE : DISPATCH_INFO;
    const ext = this._open && xt.origin.type === "Signed" ? this.extension : undefined;
    const overlay = this.ext.overlay;
    let pre: unknown;
    let extEvents: RuntimeEvent[] | undefined;
    // the phases' contexts are reused (an extrinsic's code runs to completion before the next one)
    if (ext) {
      const ectx = this.prepareCtx.begin(this._number, phase);
      overlay.startTransaction();
      try {
        pre = ext.prepare(ectx, xt, info === DISPATCH_INFO ? PAYS_FEE : PAYS_NO_FEE);
        overlay.commitTransaction();
      } catch (e) {
        overlay.rollbackTransaction();
        if (!(e instanceof DispatchFailure)) throw e;
        return { ok: false, error: e.error };
      }
      extEvents = ectx.events;
    }
    const ctx = this.callCtx.begin(this._number, phase);
    let result: DispatchOutcome = OK;
    overlay.startTransaction();
    try {
      // BaseCallFilter: checked when the call is dispatched (Root bypasses it)
      if (this.callFilter !== undefined && xt.origin.type !== "Root" && !this.callFilter(xt.call)) throw new DispatchFailure(CALL_FILTERED);
      spec.dispatch(ctx.forPallet(inst.config, xt.origin), xt.call.args);
      overlay.commitTransaction();
    } catch (e) {
      overlay.rollbackTransaction();
      if (!(e instanceof DispatchFailure)) throw e;
      result = { ok: false, error: e.error };
    }
    let postEvents: RuntimeEvent[] | undefined;
    if (ext?.postDispatch) {
      const pctx = this.postCtx.begin(this._number, phase);
      overlay.startTransaction();
      try {
        ext.postDispatch(pctx, pre, xt, result);
      } catch (e) {
        overlay.rollbackTransaction();
        throw e;
      }
      overlay.commitTransaction();
      postEvents = pctx.events;
    }
    list.push({ origin: xt.origin, call: xt.call, index, result });
    if (this._open) {
      const ev = this._open.events;
      if (extEvents) for (const e of extEvents) ev.push(new EventRecord(phase, e));
      if (result.ok) for (const e of ctx.events) ev.push(new EventRecord(phase, e));
      if (postEvents) for (const e of postEvents) ev.push(new EventRecord(phase, e));
      if (result.ok) {
        ev.push(new EventRecord(phase, systemEvent("ExtrinsicSuccess", { dispatch_info: info })));
      } else {
        ev.push(new EventRecord(phase, systemEvent("ExtrinsicFailed", { dispatch_error: result.error, dispatch_info: info })));
      }
    } else this.commitOutsideBlock();
    return result;
  }

  /** Runs an extrinsic on the current state (the open block's writes included) and keeps nothing: its result and events. */
  dryRun(xt: Extrinsic): { result: DispatchOutcome; events: RuntimeEvent[] } {
    const inst = this.pallet(xt.call.pallet);
    const calls = inst.pallet.calls as Record<string, (typeof inst.pallet.calls)[string]>;
    const spec = Object.hasOwn(calls, xt.call.name) ? calls[xt.call.name] : undefined;
    if (!spec) throw new UnknownNameError("call", `${xt.call.pallet}.${xt.call.name}`, Object.keys(inst.pallet.calls), this.name);
    const ctx = this.context(this._number, { type: "ApplyExtrinsic", value: 0 });
    const overlay = this.ext.overlay;
    overlay.startTransaction();
    try {
      spec.dispatch(ctx.forPallet(inst.config, xt.origin), xt.call.args);
      return { result: { ok: true }, events: ctx.events };
    } catch (e) {
      if (!(e instanceof DispatchFailure)) throw e;
      return { result: { ok: false, error: e.error }, events: [] };
    } finally {
      overlay.rollbackTransaction();
    }
  }

  /** Runs `on_idle` and `on_finalize`, commits the block's overlay, computes the state root as the policy says and closes the block. */
  finalizeBlock(): BlockRecord {
    const open = this._open;
    if (!open) throw new RuntimeUsageError("no block is open");
    if (this.idleHooks.length > 0 || this.finalizeHooks.length > 0) {
      const ctx = this.hookCtx.begin(open.number, FINALIZATION);
      const k = this.idleHooks.length;
      // frame-executive: on_idle starts at pallet `block_number % count` and wraps around.
      for (let i = 0; i < k; i++) {
        const p = this.idleHooks[(open.number + i) % k]!;
        try {
          p.pallet.hooks.onIdle!(ctx.forPallet(p.config));
        } catch (e) {
          throw this.hookThrew(p, "on_idle", e);
        }
      }
      for (const p of this.finalizeHooks) {
        try {
          p.pallet.hooks.onFinalize!(ctx.forPallet(p.config));
        } catch (e) {
          throw this.hookThrew(p, "on_finalize", e);
        }
      }
      for (const e of ctx.events) open.events.push(new EventRecord(FINALIZATION, e));
    }
    this._open = undefined;
    const { state, changes } = this.ext.commit();
    this._state = state;
    let extrinsics = NO_EXTRINSICS;
    let events = NO_EVENTS;
    if (open.extrinsics.length > 0) {
      extrinsics = open.extrinsics;
      open.extrinsics = [];
    }
    if (open.events.length > 0) {
      events = open.events;
      open.events = [];
    }
    return this.seal(open.number, extrinsics, events, changes);
  }

  /** Builds one block with these extrinsics. */
  newBlock(extrinsics: readonly Extrinsic[] = []): BlockRecord {
    this.initializeBlock();
    for (const xt of extrinsics) this.applyExtrinsic(xt);
    return this.finalizeBlock();
  }

  /** Finalizes the open block (if any) and builds empty blocks until block `n` is finished. */
  advanceTo(n: number): void {
    if (this._open) this.finalizeBlock();
    while (this._number < n) this.newBlock();
  }

  /**
   * Makes block `n` the open block: finalizes the open one, builds empty blocks before `n`, and
   * initializes `n`. With `n` equal to the open block, or `n` = genesis before block 1, does nothing.
   */
  openBlock(n: number): void {
    if (this._open?.number === n) return;
    if (n === this.genesisNumber && !this._genesisSealed) return;
    if (n <= this._number)
      throw new RuntimeUsageError(`block ${n} is in the past: the chain is at block ${this._number}`);
    if (this._open) this.finalizeBlock();
    while (this._number < n - 1) this.newBlock();
    this.initializeBlock();
  }

  private phaseContexts(): [PhaseContext, PhaseContext, PhaseContext, PhaseContext] {
    const make = () => new PhaseContext(this.ext, this._number, INITIALIZATION, this.info);
    return [make(), make(), make(), make()];
  }

  private context(n: number, phase: Phase): ExecutionContext {
    return new ExecutionContext(this.ext, n, phase, this.info);
  }

  /** Commits what was written outside a block (genesis, `withContext` between blocks) into the committed state. */
  private commitOutsideBlock(): void {
    this._state = this.ext.commit().state;
  }

  /**
   * A hook that throws is an emulator error: abandons the open block (nothing of it is committed)
   * and returns the error to throw, naming the pallet, hook and block.
   */
  private hookThrew(p: PalletInstance<any>, hook: string, e: unknown): HookThrewError {
    const number = this._number;
    this.ext.discard();
    this.openRecord.extrinsics.length = 0;
    this.openRecord.events.length = 0;
    this._open = undefined;
    this._number = number - 1;
    return new HookThrewError(p.pallet.name, hook, number, e, e instanceof DispatchFailure ? `it failed with the dispatch error ${formatDispatchError(e.error)}` : undefined);
  }

  private ensureGenesis(what: string): void {
    if (this._genesisSealed) throw new RuntimeUsageError(`${what} is only possible at genesis, before block ${this.genesisNumber + 1}`);
  }

  private ensureBetweenBlocks(what: string): void {
    if (this._open) throw new RuntimeUsageError(`${what}: block ${this._open.number} is open: finalize it first`);
  }

  /**
   * Seals the genesis block (records block `genesisNumber`, calls its block listeners) if it is
   * not sealed yet; `initializeBlock` does it implicitly. After it, calls need an open block.
   */
  sealGenesis(): void {
    if (this._genesisSealed) return;
    this._genesisSealed = true;
    this.seal(this.genesisNumber, this._genesisExtrinsics, [], ChangeSet.EMPTY);
  }

  /** Whether the chain is still at genesis (no block built yet). */
  get atGenesis(): boolean {
    return !this._genesisSealed;
  }

  private seal(number: number, extrinsics: readonly ExtrinsicRecord[], events: readonly EventRecord[], changes: ChangeSet): BlockRecord {
    const roots = this.rootEvery === 1 || (this.rootEvery > 0 && number % this.rootEvery === 0);
    const state_root = roots ? this.hasher.root(this._state) : null;
    const xtsRoot = !roots ? null : extrinsics.length === 0 ? EMPTY_EXTRINSICS_ROOT : extrinsicsRoot(extrinsics);
    this.headers.append(number, state_root ?? ZERO_HASH, xtsRoot ?? ZERO_HASH);
    const block = new SealedBlock(number, state_root, xtsRoot, extrinsics, events, changes, this.headers, this.genesisNumber);
    this._lastBlock = block;
    if (this.retain) this.blocks.push(block);
    for (const l of this.listeners) l(block);
    return block;
  }
}

/**
 * Reads a state-root policy as the command line writes it (`--state-roots`): `every-block`,
 * `on-request`, or a whole number N ≥ 1 (every N blocks). Throws a `RuntimeUsageError` naming the
 * accepted forms otherwise.
 */
export function parseStateRootPolicy(text: string): StateRootPolicy {
  const s = text.trim();
  if (s === "every-block" || s === "on-request") return s;
  if (/^[1-9]\d*$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s) === 1 ? "every-block" : { every: Number(s) };
  throw new RuntimeUsageError(`a state-root policy is every-block, on-request or a number of blocks N >= 1, got '${text}'`);
}

/** A policy's period: 1 every block, N every N blocks, 0 on request. */
function policyEvery(p: StateRootPolicy): number {
  if (p === "every-block") return 1;
  if (p === "on-request") return 0;
  if (typeof p === "object" && p !== null && Number.isSafeInteger(p.every) && p.every >= 1) return p.every;
  throw new RuntimeUsageError(`stateRoots must be "every-block", "on-request" or { every: N } with N ≥ 1, got ${JSON.stringify(p)}`);
}

/**
 * The header encoding hashed into the block hash: the block number as u32 little-endian, then
 * parent hash, state root and extrinsics root (32 bytes each), in the order of a SCALE-encoded
 * header (without the compact number and the digest). The buffer is reused.
 */
class HeaderEncoder {
  private readonly buf = new Uint8Array(4 + 96);
  private readonly view = new DataView(this.buf.buffer);

  /** The hash (bytes) of block `number`'s header over `parent` (32 bytes) and `roots` (state root and extrinsics root, 64 bytes). */
  hash(number: number, parent: Uint8Array, roots: Uint8Array): Uint8Array {
    this.view.setUint32(0, number, true);
    this.buf.set(parent, 4);
    this.buf.set(roots, 36);
    return blake2(this.buf);
  }
}

/** Runs per storage chunk of a `HeaderLog` (chunks grow by doubling up to this size). */
const RUN_CHUNK = 1 << 16;
/** Bytes a run takes in a `HeaderLog` chunk: its state root and its extrinsics root. */
const RUN_BYTES = 64;

/**
 * The headers of a chain, for computing block hashes when they are first asked for. Sealing a
 * block only appends to a list of runs (consecutive blocks with the same state root and no
 * extrinsics share one run), so a long replay that never reads a hash never pays for one. Asking
 * for block n's hash hashes forward from the nearest known hash before it, and remembers one hash
 * every `CHECKPOINT` blocks, so any later question costs at most that many hashes. The values are
 * exactly those of hashing every header when it was sealed.
 *
 * Storage is compact (a chain whose state changes every block has one run per block: a year of
 * relay blocks is 5 million runs): per run its first block (u32), its state root and its
 * extrinsics root (32 bytes each) in chunked typed arrays; no JavaScript object per run.
 */
class HeaderLog {
  private static readonly CHECKPOINT = 1024;
  /** First block of each run (run i: chunk i >>> 16, slot i & 0xffff); runs are ascending and contiguous. */
  private readonly froms: Uint32Array[] = [];
  /** State root and extrinsics root of each run, `RUN_BYTES` (64) a run. */
  private readonly roots: Buffer[] = [];
  /** Extrinsics roots of runs whose block had extrinsics (others: the empty root). */
  private count = 0;
  private lastTo = -1;
  private lastRoot: Hash | undefined;
  /** The extrinsics root of the last run. */
  private lastXts: Hash | undefined;
  /** Known hashes: every CHECKPOINT-th block passed, plus the newest hashed one. */
  private readonly known = new Map<number, Hash>();
  private newest = -1;
  /** The last hash computed below the newest (a reader walking old blocks in order steps from it). */
  private cursor: { n: number; hash: Hash } = { n: -1, hash: ZERO_HASH };

  /**
   * `base`: a fork's starting point, the hash of the block before its first one (blocks up to
   * `base.number` are not in this log).
   */
  constructor(
    private readonly genesis: number,
    private readonly encoder: HeaderEncoder,
    private readonly base?: { readonly number: number; readonly hash: Hash },
  ) {
    if (base) {
      this.known.set(base.number, base.hash);
      this.newest = base.number;
      this.lastTo = base.number;
    }
  }

  /** Whether block `n` is in this log (or is the fork base). */
  has(n: number): boolean {
    const first = this.base ? this.base.number : this.genesis;
    return n >= first && n <= this.lastTo;
  }

  /** Forgets every block after `n` (a runtime restored to a snapshot taken after block `n`). */
  truncate(n: number): void {
    if (n >= this.lastTo) return;
    let keep = 0; // runs that start at or before n
    while (keep < this.count && this.fromOf(keep) <= n) keep++;
    this.count = keep;
    this.lastTo = keep === 0 ? (this.base ? this.base.number : -1) : n;
    if (keep > 0) {
      const o = ((keep - 1) & (RUN_CHUNK - 1)) * RUN_BYTES;
      const roots = this.roots[(keep - 1) >>> 16]!;
      this.lastRoot = toHex(roots.subarray(o, o + 32));
      this.lastXts = toHex(roots.subarray(o + 32, o + 64));
    } else {
      this.lastRoot = undefined;
      this.lastXts = undefined;
    }
    for (const k of [...this.known.keys()]) if (k > n) this.known.delete(k);
    this.newest = -1;
    for (const k of this.known.keys()) if (k > this.newest) this.newest = k;
    if (this.cursor.n > n) this.cursor = { n: -1, hash: ZERO_HASH };
  }

  /** Appends block `number` with its header's state root and extrinsics root; a block with the same two roots as the run before extends that run. */
  append(number: number, stateRoot: Hash, xtsRoot: Hash): void {
    if (this.count > 0 && this.lastTo === number - 1 && this.lastRoot === stateRoot && this.lastXts === xtsRoot) {
      this.lastTo = number;
      return;
    }
    const i = this.count++;
    const c = i >>> 16;
    const o = i & (RUN_CHUNK - 1);
    if (c === this.froms.length) {
      this.froms.push(new Uint32Array(64));
      this.roots.push(Buffer.alloc(64 * RUN_BYTES));
    } else if (o >= this.froms[c]!.length) {
      const size = Math.min(RUN_CHUNK, this.froms[c]!.length * 2);
      const from = new Uint32Array(size);
      from.set(this.froms[c]!);
      this.froms[c] = from;
      const root = Buffer.alloc(size * RUN_BYTES);
      root.set(this.roots[c]!);
      this.roots[c] = root;
    }
    this.froms[c]![o] = number;
    const roots = this.roots[c]!;
    roots.write(stateRoot.slice(2), o * RUN_BYTES, 32, "hex");
    roots.write(xtsRoot.slice(2), o * RUN_BYTES + 32, 32, "hex");
    this.lastTo = number;
    this.lastRoot = stateRoot;
    this.lastXts = xtsRoot;
  }

  hashOf(n: number): Hash {
    const cached = this.known.get(n);
    if (cached !== undefined) return cached;
    if (!this.has(n)) throw new RuntimeUsageError(`block ${n} is not in this chain's log (a fork keeps the blocks after its start only)`);
    // the nearest known hash below n (or the genesis' zero parent, or a fork's base)
    let start = this.base ? this.base.number + 1 : this.genesis;
    let parent: Hash = this.base ? this.base.hash : ZERO_HASH;
    if (this.newest >= this.genesis && this.newest < n) {
      start = this.newest + 1;
      parent = this.known.get(this.newest)!;
    } else {
      const cp = Math.floor((n - 1) / HeaderLog.CHECKPOINT) * HeaderLog.CHECKPOINT;
      for (let c = cp; c >= start; c -= HeaderLog.CHECKPOINT) {
        const h = this.known.get(c);
        if (h !== undefined) {
          start = c + 1;
          parent = h;
          break;
        }
      }
      if (this.cursor.n >= start && this.cursor.n < n) {
        start = this.cursor.n + 1;
        parent = this.cursor.hash;
      }
    }
    let r = this.runIndex(start);
    let bytes = hexToBytes(parent);
    let hash = parent;
    for (let b = start; b <= n; b++) {
      while (this.toOf(r) < b) r++;
      const o = (r & (RUN_CHUNK - 1)) * RUN_BYTES;
      bytes = this.encoder.hash(b, bytes, this.roots[r >>> 16]!.subarray(o, o + RUN_BYTES));
      if (b % HeaderLog.CHECKPOINT === 0 || b === n) {
        hash = toHex(bytes);
        if (b !== n) this.known.set(b, hash);
      }
    }
    if (n % HeaderLog.CHECKPOINT === 0) this.known.set(n, hash);
    if (n > this.newest) {
      if (this.newest >= 0 && this.newest % HeaderLog.CHECKPOINT !== 0) this.known.delete(this.newest);
      this.newest = n;
      this.known.set(n, hash);
    } else this.cursor = { n, hash };
    return hash;
  }

  private fromOf(i: number): number {
    return this.froms[i >>> 16]![i & (RUN_CHUNK - 1)]!;
  }

  private toOf(i: number): number {
    return i === this.count - 1 ? this.lastTo : this.fromOf(i + 1) - 1;
  }

  private runIndex(b: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.toOf(mid) < b) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A finished block; `hash` and `parent_hash` come from the chain's `HeaderLog` when first read. */
class SealedBlock implements BlockRecord {
  private _hash: Hash | undefined;

  constructor(
    readonly number: number,
    readonly state_root: Hash | null,
    readonly extrinsics_root: Hash | null,
    readonly extrinsics: readonly ExtrinsicRecord[],
    readonly events: readonly EventRecord[],
    private readonly changeSet: ChangeSet,
    private readonly log: HeaderLog,
    private readonly genesis: number,
  ) {}

  get parent_hash(): Hash {
    return this.number === this.genesis ? ZERO_HASH : this.log.hashOf(this.number - 1);
  }

  get hash(): Hash {
    return (this._hash ??= this.log.hashOf(this.number));
  }

  /** Built from the commit's record when first read (most blocks of a long run are never inspected). */
  get changes(): readonly StorageChange[] {
    return this.changeSet.list();
  }

  toJSON(): unknown {
    const { number, parent_hash, hash, state_root, extrinsics_root, extrinsics, events, changes } = this;
    return { number, parent_hash, hash, state_root, extrinsics_root, extrinsics, events, changes };
  }
}

function systemEvent(name: string, fields: Record<string, unknown>): RuntimeEvent {
  return { type: "System", value: { type: name, value: fields } };
}

function extrinsicsRoot(xts: readonly ExtrinsicRecord[]): Hash {
  const enc = JSON.stringify(
    xts.map((x) => [x.origin, x.call.pallet, x.call.name, x.call.args]),
    (_k, v) => (typeof v === "bigint" ? v.toString() : v),
  );
  return toHex(blake2(Buffer.from(enc, "utf8")));
}

/** Creates a runtime (one chain) from pallets in order. See `Runtime`. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  return new Runtime(opts);
}

/** Formats a dispatch outcome for people: `ok` or `Err(Broker.Overpriced)`. */
export type { DispatchError };

/** Codec of block numbers (u32), for pallets that store them. */
export const BlockNumber = t.alias("BlockNumber", t.u32);

/** The pallets' indices: explicit ones, else the previous pallet's plus one (see `RuntimeOptions.palletIndices`). */
function palletIndicesOf(list: readonly PalletInstance<any>[], explicit: Readonly<Record<string, number>> = {}): ReadonlyMap<string, number> {
  const names = list.map((p) => p.pallet.name);
  for (const k of Object.keys(explicit)) if (!names.includes(k)) throw new UnknownNameError("pallet", k, names, "palletIndices");
  const out = new Map<string, number>();
  const used = new Map<number, string>();
  let next = 0;
  for (const name of names) {
    const i = Object.hasOwn(explicit, name) ? explicit[name]! : next;
    if (!Number.isInteger(i) || i < 0 || i > 255) throw new RuntimeUsageError(`palletIndices: the index of ${name} must be an integer 0..255, got ${i}`);
    const other = used.get(i);
    if (other !== undefined) throw new RuntimeUsageError(`palletIndices: ${other} and ${name} both have index ${i}`);
    used.set(i, name);
    out.set(name, i);
    next = i + 1;
  }
  return out;
}

/** All pallets of a runtime, for reflection (scenario parsing, metadata listings). */
export function palletsOf(rt: Runtime): AnyPallet[] {
  return [...rt.pallets.values()].map((p) => p.pallet);
}
