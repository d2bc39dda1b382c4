/**
 * `createClient(runtime, pallets)`: a client over a Corelab runtime shaped like polkadot-api's
 * (papi) `TypedApi`, with chopsticks-style dev verbs, so that code driving a runtime reads like code
 * written against a real chain:
 *
 * ```ts
 * const api = createClient(rt, { Counter });
 * const r = await api.tx.Counter.bump({ by: 3 }).signAndSubmit("alice");   // r.ok, r.events, r.block
 * api.event.Counter.Bumped.filter(r.events);                              // [{ who, value }]
 * await api.query.Counter.Value.getValue();                               // 3
 * await api.constants.Counter.Max();                                      // 10
 * await api.dev.newBlock({ count: 2 });
 * ```
 *
 * Names follow papi (`tx.Pallet.call(args).signAndSubmit(signer)`, `query.Pallet.Item.getValue` /
 * `getEntries` with `{ keyArgs, value }`, `constants.Pallet.Name()`, `event.Pallet.Event.filter`)
 * and chopsticks (`dev_newBlock({ count, to })`, `dev_setStorage({ Pallet: { Item: … } })`); the
 * snapshot/revert pair follows the test clients of EVM tools (viem's `snapshot`/`revert`), since
 * chopsticks has none. See docs/client.md.
 *
 * Every name is looked up in the declarations' own properties (null-prototype objects behind a
 * Proxy): `api.tx.Counter.constructor` or `api.query.Counter.__proto__` throw an
 * `UnknownNameError`, never reach `Object.prototype`.
 */
import { t, type Fields, type Infer, type InferFields, type ParseContext } from "./codec.ts";
import type { Context, Phase, RuntimeEvent } from "./context.ts";
import type { DispatchError, Origin } from "./dispatch.ts";
import { CorelabError, RuntimeUsageError, UnknownNameError } from "./errors.ts";
import type { Pallet, RuntimeCall } from "./pallet.ts";
import type { BlockRecord, EventRecord, Runtime, RuntimeSnapshot } from "./runtime.ts";
import type { Hash } from "./state-root.ts";
import type { StorageItem, StorageMap, StorageValue } from "./storage.ts";
import { System } from "./system.ts";
import { resolveAccount as resolveDevAccount } from "./accounts.ts";

// -------------------------------------------------------------------------------------------------
// types

/** Any declared pallet, as `createClient` takes it (the value `definePallet` returned). */
export type AnyPalletDefinition = Pallet<any, any, any, any, any, any>;

/**
 * The pallet declarations given to `createClient`, by their metadata names: `{ Balances, Broker }`.
 * Each key must be the pallet's `name` and the runtime must hold that very declaration.
 */
export type PalletDefs = { readonly [name: string]: AnyPalletDefinition };

/** The pallets an api covers: those given, and `System` (always in a runtime). */
export type WithSystem<P extends PalletDefs> = P & { readonly System: typeof System };

/**
 * Who signs a transaction: an account id (a string; dev names such as `"alice"` resolve to their
 * SS58 address, see `ClientOptions.resolveAccount`), or any `Origin` (`Origin.root`,
 * `Origin.parachain(1005)`…). papi takes a `PolkadotSigner`; here no key is needed.
 */
export type Signer = string | Origin;

/**
 * An event of a transaction's result, as papi flattens them: the event (`type` pallet, `value`
 * `{ type: variant, value: fields }`) with its `phase` and `topics` (always empty in Corelab).
 */
export type TxEvent = RuntimeEvent & { readonly phase: Phase; readonly topics: readonly string[] };

/**
 * What `signAndSubmit` resolves to, papi's `TxFinalizedPayload` without `txHash` (Corelab
 * extrinsics are not encoded, so they have no hash): `ok` (the dispatch succeeded, i.e. the
 * extrinsic ended with `System.ExtrinsicSuccess`), every event of the extrinsic in order (its
 * `ApplyExtrinsic(index)` phase, the final `System.ExtrinsicSuccess`/`ExtrinsicFailed` included),
 * `dispatchError` when it failed (sp-runtime's `DispatchError` in papi's shape), and the sealed
 * block that holds it (`index` = the extrinsic's position in the block).
 */
export type TxResult = {
  readonly events: readonly TxEvent[];
  readonly block: { readonly hash: Hash; readonly number: number; readonly index: number };
} & ({ readonly ok: true; readonly dispatchError?: undefined } | { readonly ok: false; readonly dispatchError: DispatchError });

/**
 * A call with checked arguments, ready to submit (papi's `Transaction`).
 *
 * - `signAndSubmit(signer)` applies it, as chopsticks' `Instant` build mode does: in the open block
 *   if the runtime has one, else in a new block; that block is then sealed and the promise resolves
 *   with the `TxResult`. A failed dispatch resolves with `ok: false` (its writes and events rolled
 *   back); the promise rejects only when the extrinsic could not be applied: an invalid transaction
 *   (the runtime's transaction extension refused it, `InvalidTransactionError`; the block is built
 *   without it), a bad signer, or an emulator error (`HookThrewError`…).
 * - `decodedCall`: papi's enum form of the call, `{ type: Pallet, value: { type: call, value: args } }`.
 * - `call`: the same as Corelab's `RuntimeCall` (`runtime.applyExtrinsic`, `runtime.dryRun`, networks).
 */
export interface Transaction<Pl extends string = string, C extends string = string, A = Readonly<Record<string, unknown>>> {
  signAndSubmit(signer: Signer): Promise<TxResult>;
  readonly decodedCall: { readonly type: Pl; readonly value: { readonly type: C; readonly value: A } };
  readonly call: RuntimeCall;
}

/** Keys whose type admits `undefined` (Option fields): they may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The arguments of a call as `api.tx` takes them: every field, Option fields optional. */
export type CallArgs<A extends Fields> = Simplify<
  { readonly [K in Exclude<keyof A, OptionalKeys<InferFields<A>>>]: Infer<A[K]> } & {
    readonly [K in OptionalKeys<InferFields<A>>]?: Infer<A[K]>;
  }
>;

/**
 * `api.tx.Pallet.call(args)` (papi's `TxEntry`): checks `args` with the call's codecs and returns the
 * `Transaction`. A call without arguments takes none: `api.tx.System.remark({ remark: "0x" })`,
 * `api.tx.Pallet.ping()`. Throws `InvalidValueError` (naming `Pallet.call.arg…` and what was
 * expected) or `UnknownNameError` (an argument the call does not have).
 */
export type TxEntry<Pl extends string, C extends string, A extends Fields> = (
  ...args: [keyof A] extends [never] ? [args?: Record<string, never>] : [args: CallArgs<A>]
) => Transaction<Pl, C, InferFields<A>>;

/**
 * A storage value (papi's storage entry without keys): `getValue()` resolves to the value in the
 * current state, the open block's writes included (`undefined` when absent for an OptionQuery
 * item, the declared default for a ValueQuery one). Reads happen when called.
 */
export interface ValueStorageEntry<Q> {
  getValue(): Promise<Q>;
}

/**
 * A storage map (papi's storage entry with keys). Every Corelab map takes its key as **one**
 * argument, a tuple key included: `Workplan.getValue([timeslice, core])`, as papi does for a
 * `StorageMap` keyed by a tuple (Corelab does not record whether a tuple key stands for a
 * `StorageDoubleMap`). Keys are parsed by the key codec (dev names resolve, `"5 KSM"` reads).
 *
 * - `getValue(key)`: the value at `key` (absent: `undefined`, or the default for ValueQuery);
 * - `getValues(keys)`: `getValue` of each `[key]`, in order (papi's `getValues`);
 * - `getEntries()`: every entry as `{ keyArgs: [key], value }`, in canonical key order (papi's
 *   shape; papi's partial-key form does not apply to one-key maps).
 */
export interface MapStorageEntry<K, V, Q> {
  getValue(key: K): Promise<Q>;
  getValues(keys: ReadonlyArray<readonly [K]>): Promise<Q[]>;
  getEntries(): Promise<Array<{ keyArgs: [K]; value: V }>>;
}

/**
 * A constant (papi's `ConstantEntry`): `api.constants.Pallet.Name()` resolves to the value the
 * runtime's instance of the pallet was configured with (`Pallet.instance({ Name: … })`), for the
 * names the pallet declares under `constants` (FRAME's `#[pallet::constant]`). papi's synchronous
 * form (with a runtime token) is not offered.
 */
export type ConstantEntry<T> = () => Promise<T>;

/** An event of a list, in any of the shapes the runtime and the client give them. */
export type AnyEvent = RuntimeEvent | { readonly event: RuntimeEvent } | EventRecord;

/**
 * An event kind (papi's `EvClient`):
 * - `filter(events)`: the payloads (fields) of the events of this kind in `events`, in order.
 *   `events` may be a `TxResult`'s events, a block's `EventRecord`s or plain `{ type, value }` events.
 * - `pull()`: the events of this kind in the last sealed block, as `{ meta: { phase, block }, payload }`.
 */
export interface EventEntry<T> {
  filter(events: readonly AnyEvent[]): T[];
  pull(): Promise<Array<{ meta: { phase: Phase; block: { hash: Hash; number: number } }; payload: T }>>;
}

type StorageEntryOf<X> =
  X extends StorageMap<infer K, infer V, infer Q> ? MapStorageEntry<K, V, Q> : X extends StorageValue<any, infer Q> ? ValueStorageEntry<Q> : never;

type ConfigOf<D extends AnyPalletDefinition> = Parameters<D["instance"]>[0];
type ConstantsOf<C> = string extends keyof C ? Record<never, never> : { readonly [K in keyof C & string]: ConstantEntry<C[K]> };

/** `api.tx`: pallet → call → `TxEntry`. */
export type TxApi<P extends PalletDefs> = {
  readonly [N in keyof P & string]: { readonly [C in keyof P[N]["calls"] & string]: TxEntry<N, C, P[N]["calls"][C]["args"]> };
};
/** `api.query`: pallet → storage item → `ValueStorageEntry` or `MapStorageEntry`. */
export type QueryApi<P extends PalletDefs> = {
  readonly [N in keyof P & string]: { readonly [I in keyof P[N]["storage"] & string]: StorageEntryOf<P[N]["storage"][I]> };
};
/** `api.constants`: pallet → constant → `ConstantEntry`. */
export type ConstantsApi<P extends PalletDefs> = { readonly [N in keyof P & string]: ConstantsOf<ConfigOf<P[N]>> };
/** `api.event`: pallet → event → `EventEntry` of its fields. */
export type EventApi<P extends PalletDefs> = {
  readonly [N in keyof P & string]: { readonly [E in keyof P[N]["events"] & string]: EventEntry<Infer<P[N]["events"][E]>> };
};

type MapNames<St> = { [I in keyof St]: St[I] extends StorageMap<any, any, any> ? I : never }[keyof St] & string;
type ItemInput<X> =
  X extends StorageMap<infer K, infer V, any>
    ? ReadonlyArray<readonly [keyArgs: readonly [K], value: V | null]>
    : X extends StorageValue<infer T, any>
      ? T | null
      : never;

/**
 * What `api.dev.setStorage` takes, chopsticks' `dev_setStorage` shape: pallet → item →
 * - a storage value: its value, or `null` to remove it;
 * - a map: a list of `[keyArgs, value]` pairs (`keyArgs = [key]`, as `getEntries` gives them),
 *   `value` `null` to remove the entry;
 * - `$removePrefix: [map names]`: clears those maps first.
 */
export type SetStorageInput<P extends PalletDefs> = {
  readonly [N in keyof P & string]?: { readonly [I in keyof P[N]["storage"] & string]?: ItemInput<P[N]["storage"][I]> } & {
    readonly $removePrefix?: ReadonlyArray<MapNames<P[N]["storage"]>>;
  };
};

/** Options of `api.dev.newBlock` (chopsticks' `dev_newBlock` `{ count, to }`). */
export interface NewBlockOptions {
  /** How many blocks to build (default 1). */
  readonly count?: number;
  /** Build up to this block number instead (must be ahead of the chain). */
  readonly to?: number;
}

/**
 * Dev verbs (chopsticks' `dev_*` RPCs, the snapshot pair from EVM test clients). Each resolves
 * once done; all of them act synchronously on the runtime when called.
 *
 * - `newBlock({ count, to }?)`: finalizes the open block if there is one, then builds empty blocks
 *   until `count` blocks (default 1; the open block counts) are sealed, or up to block `to`;
 *   resolves to the last one's `BlockRecord` (chopsticks resolves to its hash: `.hash`).
 * - `setStorage(values)`: writes storage by pallet and item names (`SetStorageInput`), each value
 *   parsed by the item's codecs; everything is checked before anything is written. Between blocks
 *   the writes are committed at once; in an open block they are part of it (`runtime.withContext`).
 * - `snapshot()`: an id for the current committed state and head (the runtime's O(1)
 *   `snapshot()`); only between blocks (`RuntimeUsageError` otherwise).
 * - `revert(id)`: back to that snapshot (the runtime's `restore`: later blocks are forgotten). A
 *   snapshot is not used up: revert to it as often as needed; ids never seen throw.
 */
export interface DevApi<P extends PalletDefs> {
  newBlock(options?: NewBlockOptions): Promise<BlockRecord>;
  setStorage(values: SetStorageInput<P>): Promise<void>;
  snapshot(): Promise<string>;
  revert(id: string): Promise<void>;
}

/**
 * The client (papi's `TypedApi`, with chopsticks' dev verbs under `dev`), typed from the pallet
 * declarations `P`: a pallet, call, argument, storage item, event or constant name that they do not
 * declare is a type error, and an `UnknownNameError` at run time.
 */
export interface TypedApi<P extends PalletDefs> {
  readonly tx: TxApi<P>;
  readonly query: QueryApi<P>;
  readonly constants: ConstantsApi<P>;
  readonly event: EventApi<P>;
  readonly dev: DevApi<P>;
  /** The runtime the client drives. */
  readonly runtime: Runtime;
}

/** Options of `createClient`. */
export interface ClientOptions {
  /**
   * Resolves account names in signers, call arguments, storage keys and values (default: frame's
   * `resolveAccount`: `alice` … `ferdie` to their SS58 addresses, a 32-byte `0x` hex account id
   * to the SS58 address of those bytes, anything else as it stands).
   */
  readonly resolveAccount?: (name: string) => string;
}

/**
 * `signAndSubmit` rejected the transaction as invalid (papi's `InvalidTxError`): the runtime's
 * transaction extension refused it (`TransactionValidityError`, e.g. it cannot pay the fee), so it
 * is not in the block. `error` is the error the extension failed with.
 */
export class InvalidTransactionError extends CorelabError {
  override name = "InvalidTransactionError";
  constructor(
    readonly call: string,
    readonly error: DispatchError,
  ) {
    super("InvalidTransaction", `${call}: invalid transaction (not included): ${JSON.stringify(error)}`);
  }
}

// -------------------------------------------------------------------------------------------------
// createClient

/**
 * A papi-shaped client over `runtime`, typed from `pallets`, the declarations of the pallets to
 * drive, by name: `createClient(rt, { Balances, Broker })`. (A `Runtime` does not carry its
 * pallets' types, hence the second argument.) `System` is always there. Each key must be the
 * pallet's metadata name and the runtime must hold that declaration: `RuntimeUsageError` /
 * `UnknownNameError` otherwise. Pallets of the runtime that are not given are not in the api.
 *
 * See `TypedApi` for what the api holds, and docs/client.md.
 */
export function createClient<const P extends PalletDefs>(runtime: Runtime, pallets: P, options: ClientOptions = {}): TypedApi<WithSystem<P>> {
  const defs = new Map<string, AnyPalletDefinition>();
  defs.set("System", runtime.pallet("System").pallet as AnyPalletDefinition);
  for (const key of Object.keys(pallets)) {
    const def = pallets[key]!;
    if (def === null || typeof def !== "object" || typeof def.name !== "string")
      throw new RuntimeUsageError(`createClient: '${key}' is not a pallet declaration`);
    if (def.name !== key) throw new RuntimeUsageError(`createClient: the key '${key}' names the pallet '${def.name}': use { ${def.name} }`);
    const inRuntime = runtime.pallet(key).pallet;
    if (inRuntime !== (def as unknown))
      throw new RuntimeUsageError(`createClient: the runtime '${runtime.name}' holds another declaration of ${key} than the one given`);
    defs.set(key, def);
  }
  const resolveAccount = options.resolveAccount ?? resolveDevAccount;
  const parseCtx = (path: string): ParseContext => ({ path, token: runtime.info.token, resolveAccount });

  const tx = lookup("api.tx", "pallet");
  const query = lookup("api.query", "pallet");
  const constants = lookup("api.constants", "pallet");
  const event = lookup("api.event", "pallet");
  for (const [name, def] of defs) {
    const instance = runtime.pallet(name);
    tx.add(name, callsOf(name, def));
    query.add(name, storageOf(name, def));
    constants.add(name, constantsOf(name, def, instance.config));
    event.add(name, eventsOf(name, def));
  }

  function callsOf(pallet: string, def: AnyPalletDefinition): object {
    const calls = lookup(`api.tx.${pallet}`, "call");
    for (const name of Object.keys(def.calls)) {
      const spec = def.calls[name]!;
      const args = spec.args as Fields;
      const codec = t.struct(`${pallet}.${name}`, args);
      calls.add(name, (input: unknown = {}) => {
        if (typeof input === "object" && input !== null && !Array.isArray(input))
          for (const k of Object.keys(input))
            if (!Object.hasOwn(args, k)) throw new UnknownNameError("argument", k, Object.keys(args), `${pallet}.${name}`);
        const parsed = codec.parse(input, parseCtx(`${pallet}.${name}`)) as Record<string, unknown>;
        return transaction(pallet, name, Object.freeze(parsed));
      });
    }
    return calls.done();
  }

  function transaction(pallet: string, name: string, args: Readonly<Record<string, unknown>>): Transaction {
    const call: RuntimeCall = Object.freeze({ pallet, name, args });
    return Object.freeze({
      call,
      decodedCall: Object.freeze({ type: pallet, value: Object.freeze({ type: name, value: args }) }),
      signAndSubmit: (signer: Signer) => settle(() => submit(call, originOf(signer))),
    });
  }

  function originOf(signer: Signer): Origin {
    if (typeof signer === "string") {
      if (signer.length === 0) throw new RuntimeUsageError("signAndSubmit: the signer is an empty account id");
      return { type: "Signed", value: resolveAccount(signer) };
    }
    const o = signer as { type?: unknown; value?: unknown } | null;
    const valid =
      o !== null &&
      typeof o === "object" &&
      (o.type === "Root" || o.type === "None" || (o.type === "Signed" && typeof o.value === "string") || (o.type === "Parachain" && typeof o.value === "number"));
    if (!valid) throw new RuntimeUsageError(`signAndSubmit: a signer is an account id or an Origin, got ${describe(signer)}`);
    return signer;
  }

  function submit(call: RuntimeCall, origin: Origin): TxResult {
    if (!runtime.isBuilding) runtime.initializeBlock();
    const before = runtime.pendingEvents.length;
    const outcome = runtime.applyExtrinsic({ origin, call });
    const included = runtime.pendingEvents.length > before; // an applied extrinsic always records its outcome event
    const block = runtime.finalizeBlock();
    if (!included) throw new InvalidTransactionError(`${call.pallet}.${call.name}`, outcome.ok ? { type: "Other", value: "not included" } : outcome.error);
    let index = -1;
    for (let i = block.extrinsics.length - 1; i >= 0; i--)
      if (block.extrinsics[i]!.call === call) {
        index = block.extrinsics[i]!.index;
        break;
      }
    const events: TxEvent[] = [];
    for (const r of block.events)
      if (r.phase.type === "ApplyExtrinsic" && r.phase.value === index) events.push(Object.freeze({ type: r.event.type, value: r.event.value, phase: r.phase, topics: r.topics }));
    const where = Object.freeze({ hash: block.hash, number: block.number, index });
    return Object.freeze(
      outcome.ok ? { ok: true as const, events: Object.freeze(events), block: where } : { ok: false as const, events: Object.freeze(events), dispatchError: outcome.error, block: where },
    );
  }

  function storageOf(pallet: string, def: AnyPalletDefinition): object {
    const items = lookup(`api.query.${pallet}`, "storage item");
    const storage = def.storage as Record<string, StorageItem>;
    for (const name of Object.keys(storage)) {
      const item = storage[name]!;
      const where = `query.${pallet}.${name}`;
      if (item.kind === "value") {
        items.add(name, {
          getValue: (...args: unknown[]) =>
            settle(() => {
              if (args.length !== 0) throw new RuntimeUsageError(`${where}.getValue: a storage value takes no key, got ${args.length} argument(s)`);
              return runtime.read((ctx) => item.get(ctx));
            }),
        });
      } else {
        const key = (k: unknown, path: string) => item.keyCodec.parse(k, parseCtx(path));
        const one = (args: readonly unknown[], what: string) => {
          if (args.length !== 1) throw new RuntimeUsageError(`${where}.${what}: a map takes one key (a tuple key is one argument), got ${args.length} argument(s)`);
          return key(args[0], `${where} key`);
        };
        items.add(name, {
          getValue: (...args: unknown[]) =>
            settle(() => {
              const k = one(args, "getValue");
              return runtime.read((ctx) => item.get(ctx, k));
            }),
          getValues: (keys: ReadonlyArray<readonly unknown[]>) =>
            settle(() => {
              if (!Array.isArray(keys)) throw new RuntimeUsageError(`${where}.getValues: expected a list of [key], got ${describe(keys)}`);
              const ks = keys.map((a, i) => {
                if (!Array.isArray(a)) throw new RuntimeUsageError(`${where}.getValues: keys[${i}] is not a list [key]`);
                return one(a, `getValues keys[${i}]`);
              });
              return runtime.read((ctx) => ks.map((k) => item.get(ctx, k)));
            }),
          getEntries: (...args: unknown[]) =>
            settle(() => {
              if (args.length !== 0) throw new RuntimeUsageError(`${where}.getEntries: takes no argument (partial keys do not apply to a one-key map), got ${args.length}`);
              return runtime.read((ctx) => item.entries(ctx).map(([k, v]) => ({ keyArgs: [k], value: v })));
            }),
        });
      }
    }
    return items.done();
  }

  function constantsOf(pallet: string, def: AnyPalletDefinition, config: unknown): object {
    const entries = lookup(`api.constants.${pallet}`, "constant");
    const cfg = (config ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(def.constants as object))
      entries.add(name, () => settle(() => (Object.hasOwn(cfg, name) ? cfg[name] : undefined)));
    return entries.done();
  }

  function eventsOf(pallet: string, def: AnyPalletDefinition): object {
    const entries = lookup(`api.event.${pallet}`, "event");
    for (const name of Object.keys(def.events as object)) {
      const matches = (e: RuntimeEvent) => e.type === pallet && e.value.type === name;
      entries.add(name, {
        filter: (events: readonly AnyEvent[]) => {
          if (!Array.isArray(events)) throw new RuntimeUsageError(`event.${pallet}.${name}.filter: expected a list of events, got ${describe(events)}`);
          const out: unknown[] = [];
          for (const x of events) {
            const e = eventOf(x);
            if (e && matches(e)) out.push(e.value.value);
          }
          return out;
        },
        pull: () =>
          settle(() => {
            const b = runtime.lastBlock;
            if (!b) return [];
            const block = { hash: b.hash, number: b.number };
            return b.events.filter((r) => matches(r.event)).map((r) => ({ meta: { phase: r.phase, block }, payload: r.event.value.value }));
          }),
      });
    }
    return entries.done();
  }

  // ---- dev

  const snapshots = new Map<string, RuntimeSnapshot>();
  let nextSnapshot = 1;

  const dev = Object.freeze({
    newBlock: (opts: NewBlockOptions = {}) =>
      settle(() => {
        const o = (opts ?? {}) as NewBlockOptions;
        const current = runtime.blockNumber;
        let count = 1;
        if (o.to !== undefined) {
          if (!Number.isSafeInteger(o.to) || o.to <= (runtime.isBuilding ? current - 1 : current))
            throw new RuntimeUsageError(`dev.newBlock: 'to' must be a block number ahead of the chain (at ${current}), got ${describe(o.to)}`);
          count = o.to - current + (runtime.isBuilding ? 1 : 0);
        } else if (o.count !== undefined) {
          if (!Number.isSafeInteger(o.count) || o.count < 1) throw new RuntimeUsageError(`dev.newBlock: 'count' must be a whole number ≥ 1, got ${describe(o.count)}`);
          count = o.count;
        }
        let last: BlockRecord | undefined;
        if (runtime.isBuilding) {
          last = runtime.finalizeBlock();
          count--;
        }
        for (let i = 0; i < count; i++) last = runtime.newBlock();
        return last!;
      }),
    setStorage: (values: unknown) => settle(() => setStorage(values)),
    snapshot: () =>
      settle(() => {
        const snap = runtime.snapshot();
        const id = `0x${(nextSnapshot++).toString(16)}`;
        snapshots.set(id, snap);
        return id;
      }),
    revert: (id: string) =>
      settle(() => {
        const snap = typeof id === "string" ? snapshots.get(id) : undefined;
        if (!snap) throw new UnknownNameError("snapshot id", String(id), [...snapshots.keys()], "dev.revert");
        runtime.restore(snap);
      }),
  });

  function setStorage(values: unknown): void {
    if (typeof values !== "object" || values === null || Array.isArray(values))
      throw new RuntimeUsageError(`dev.setStorage: expected { Pallet: { Item: value } }, got ${describe(values)}`);
    const writes: Array<(ctx: Context) => void> = [];
    const clears: StorageMap<any, any, any>[] = [];
    const input = values as Record<string, unknown>;
    for (const pallet of Object.keys(input)) {
      const def = defs.get(pallet);
      if (!def) throw new UnknownNameError("pallet", pallet, [...defs.keys()], "dev.setStorage");
      const storage = def.storage as Record<string, StorageItem>;
      const section = input[pallet];
      if (typeof section !== "object" || section === null || Array.isArray(section))
        throw new RuntimeUsageError(`dev.setStorage.${pallet}: expected { Item: value }, got ${describe(section)}`);
      const items = section as Record<string, unknown>;
      const mapNames = Object.keys(storage).filter((n) => storage[n]!.kind === "map");
      for (const name of Object.keys(items)) {
        const v = items[name];
        const path = `dev.setStorage.${pallet}.${name}`;
        if (name === "$removePrefix") {
          if (!Array.isArray(v)) throw new RuntimeUsageError(`${path}: expected a list of map names`);
          for (const m of v) {
            const item = typeof m === "string" && Object.hasOwn(storage, m) ? storage[m] : undefined;
            if (!item || item.kind !== "map") throw new UnknownNameError("map", `${pallet}.${String(m)}`, mapNames.map((n) => `${pallet}.${n}`), path);
            clears.push(item);
          }
          continue;
        }
        const item = Object.hasOwn(storage, name) ? storage[name] : undefined;
        if (!item) throw new UnknownNameError("storage item", `${pallet}.${name}`, Object.keys(storage).map((n) => `${pallet}.${n}`), "dev.setStorage");
        if (item.kind === "value") {
          if (v === null || v === undefined) writes.push((ctx) => item.kill(ctx));
          else {
            const parsed = item.codec.parse(v, parseCtx(path));
            writes.push((ctx) => item.put(ctx, parsed));
          }
          continue;
        }
        if (!Array.isArray(v)) throw new RuntimeUsageError(`${path}: a map takes a list of [keyArgs, value] pairs, got ${describe(v)}`);
        v.forEach((pair: unknown, i) => {
          if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[0]) || pair[0].length !== 1)
            throw new RuntimeUsageError(`${path}[${i}]: expected [[key], value] (keyArgs is a list of one key), got ${describe(pair)}`);
          const k = item.keyCodec.parse(pair[0][0], parseCtx(`${path}[${i}].key`));
          const value = pair[1];
          if (value === null || value === undefined) writes.push((ctx) => item.remove(ctx, k));
          else {
            const parsed = item.codec.parse(value, parseCtx(`${path}[${i}].value`));
            writes.push((ctx) => item.insert(ctx, k, parsed));
          }
        });
      }
    }
    runtime.withContext((ctx) => {
      for (const m of clears) m.clear(ctx);
      for (const w of writes) w(ctx);
    });
  }

  return Object.freeze(
    Object.assign(Object.create(null) as object, {
      tx: tx.done(),
      query: query.done(),
      constants: constants.done(),
      event: event.done(),
      dev,
      runtime,
    }),
  ) as TypedApi<WithSystem<P>>;
}

// -------------------------------------------------------------------------------------------------
// helpers

/**
 * A level of the api (pallets, or one pallet's calls, items…): a frozen null-prototype object
 * behind a Proxy that throws an `UnknownNameError` for any string key it does not own
 * (`constructor`, `__proto__`, `toString` included). `then` reads as `undefined` (so that a level
 * can be awaited or returned from an async function), as do symbols.
 */
function lookup(where: string, kind: string): { add(name: string, v: unknown): void; done(): object } {
  const target: Record<string, unknown> = Object.create(null);
  let proxy: object | undefined;
  return {
    add(name, v) {
      target[name] = v;
    },
    done() {
      if (proxy) return proxy;
      Object.freeze(target);
      return (proxy = new Proxy(target, {
        get(obj, key) {
          if (typeof key === "symbol") return undefined;
          if (Object.hasOwn(obj, key)) return obj[key];
          if (key === "then") return undefined;
          throw new UnknownNameError(kind, key, Object.keys(obj), where);
        },
      }));
    },
  };
}

/** `fn()` as a promise: its value, or a rejection with what it threw (papi's methods are async). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The event of an item of an event list: a `{ type, value }` event, or the `event` of a record. */
function eventOf(x: unknown): RuntimeEvent | undefined {
  if (typeof x !== "object" || x === null) return undefined;
  const o = x as { type?: unknown; value?: unknown; event?: unknown };
  if (typeof o.type === "string" && isVariant(o.value)) return x as RuntimeEvent;
  const e = o.event as { type?: unknown; value?: unknown } | undefined;
  if (typeof e === "object" && e !== null && typeof e.type === "string" && isVariant(e.value)) return e as RuntimeEvent;
  return undefined;
}

function isVariant(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x));
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}
