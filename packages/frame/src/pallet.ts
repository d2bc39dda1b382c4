/**
 * `definePallet`: a pallet as typed data, in the order FRAME's `lib.rs` declares it
 * (config → storage → events → errors → hooks → calls → genesis). Call, event, error and storage
 * types are inferred from the declaration; no codegen, no decorators.
 *
 * ```ts
 * export const Broker = definePallet<BrokerConfig>()({
 *   name: "Broker",
 *   constants: { TimeslicePeriod: t.u32 },
 *   storage: { SaleInfo: value(SaleInfoRecord) },
 *   events: { Purchased: { who: t.accountId, price: t.balance } },
 *   errors: { Overpriced: "The price limit is exceeded." },
 *   calls: { purchase: { index: 5, args: { price_limit: t.balance }, dispatch: (ctx, a) => doPurchase(ctx, a.price_limit) } },
 *   hooks: { onInitialize: (ctx) => doTick(ctx) },
 * });
 * ```
 *
 * A runtime includes a pallet with its configuration (FRAME's `impl Config for Runtime`):
 * `Broker.instance({ TimeslicePeriod: 2, … })`.
 */
import { t, type Codec, type Fields, type InferFields } from "./codec.ts";
import type { CallContext, PalletContext, RuntimeEvent } from "./context.ts";
import { DispatchErrors, DispatchFailure, type DispatchError } from "./dispatch.ts";
import { CallThrewError, InvalidValueError, UnknownNameError } from "./errors.ts";
import { accessorOf, type AccessorOf, type StorageItem, type StorageSpec } from "./storage.ts";

/** A dispatchable: explicit call index, argument codecs (metadata names), and its logic. */
export interface CallSpec<C, A extends Fields> {
  /** The call index, as `#[pallet::call_index(n)]`. */
  readonly index: number;
  /** Arguments with their metadata names and types. */
  readonly args: A;
  /** Doc comment shown in metadata. */
  readonly docs?: string;
  /** `Pays::No` calls; informational (mock presets charge no fees). */
  readonly pays?: "Yes" | "No";
  /** The logic: check the origin, then do the work. Fail with `fail`/`ensure` (throws `DispatchFailure`). */
  dispatch(ctx: CallContext<C>, args: InferFields<A>): void;
}

/** Hooks, as `Hooks<BlockNumber>`: each gets a context of the block being built. Hooks never fail. */
export interface HooksSpec<C> {
  onInitialize?(ctx: PalletContext<C>): void;
  onIdle?(ctx: PalletContext<C>): void;
  onFinalize?(ctx: PalletContext<C>): void;
}

/** Genesis config fields and the builder (`BuildGenesisConfig`). Every field may be left out. */
export interface GenesisSpec<C, G extends Fields> {
  readonly fields: G;
  build(ctx: PalletContext<C>, config: Partial<InferFields<G>>): void;
}

/** The full declaration passed to `definePallet`. */
export interface PalletDef<
  C,
  S extends Record<string, StorageSpec>,
  E extends Record<string, Fields>,
  Er extends Record<string, string>,
  Ca extends Record<string, Fields>,
  G extends Fields,
> {
  /** The pallet's name in the runtime and in metadata (`Broker`). */
  readonly name: string;
  readonly docs?: string;
  /** The source it mirrors (`polkadot-sdk substrate/frame/broker/src/lib.rs`). */
  readonly source?: string;
  /** Codecs of the constants a scenario may override (`#[pallet::constant]`). */
  readonly constants?: { readonly [K in keyof C]?: Codec<C[K]> };
  readonly storage: S;
  /** Events: variant name → fields (metadata names). */
  readonly events: E;
  /** Errors in declaration order (= index), each with its doc. */
  readonly errors: Er;
  /** Calls: name → index, argument codecs and logic. */
  readonly calls: { readonly [K in keyof Ca]: CallSpec<C, Ca[K]> };
  readonly hooks?: HooksSpec<C>;
  readonly genesis?: GenesisSpec<C, G>;
}

/** The fields of an event, by pallet declaration. */
export type EventFields<P, N> = P extends Pallet<any, any, infer E, any, any, any> ? (N extends keyof E ? InferFields<E[N]> : never) : never;

/** A call ready to dispatch: pallet, call name and parsed arguments. */
export interface RuntimeCall {
  readonly pallet: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A declared pallet. */
export interface Pallet<
  C,
  S extends Record<string, StorageSpec>,
  E extends Record<string, Fields>,
  Er extends Record<string, string>,
  Ca extends Record<string, Fields>,
  G extends Fields,
> {
  readonly name: string;
  readonly docs: string;
  readonly source: string | undefined;
  readonly constants: { readonly [K in keyof C]?: Codec<C[K]> };
  /** Typed storage accessors: `Broker.storage.SaleInfo.get(ctx)`. */
  readonly storage: { readonly [K in keyof S]: AccessorOf<S[K]> };
  /** Event variants with their field codecs, in declaration order. */
  readonly events: { readonly [K in keyof E]: Codec<InferFields<E[K]>> };
  /** Error names in declaration order (the index is the position) and their docs. */
  readonly errors: Er;
  readonly calls: { readonly [K in keyof Ca]: CallSpec<C, Ca[K]> };
  readonly hooks: HooksSpec<C>;
  readonly genesis: GenesisSpec<C, G> | undefined;
  /** `Error::<T>::Name` as a dispatch error. */
  err(name: keyof Er & string): DispatchError;
  /** Deposits `Event::<T>::Name { fields }`. */
  deposit<N extends keyof E & string>(ctx: { deposit(e: RuntimeEvent): void }, name: N, fields: InferFields<E[N]>): void;
  /**
   * Builds a call of this pallet: `Broker.call("purchase", { price_limit: 100n })`. The arguments
   * are checked with the call's argument codecs (`Codec.check`), as a scenario file's are parsed:
   * a value outside its type (a negative balance, a u32 past 2^32-1, a missing argument) or an
   * argument the call does not have throws an `InvalidValueError` / `UnknownNameError` naming
   * `Pallet.call.arg`; an unknown call throws an `UnknownNameError`.
   */
  call<N extends keyof Ca & string>(name: N, args: InferFields<Ca[N]>): RuntimeCall;
  /** This pallet with its configuration, to put into a runtime. */
  instance(config: C): PalletInstance<C>;
}

/** Any declared pallet. */
export type AnyPallet = Pallet<any, Record<string, StorageSpec>, Record<string, Fields>, Record<string, string>, Record<string, Fields>, Fields>;

/** A pallet with its configuration, as a runtime holds it. */
export interface PalletInstance<C = unknown> {
  readonly pallet: AnyPallet;
  readonly config: C;
}

/**
 * Declares a pallet. Curried so that the configuration type `C` (constants and ports, FRAME's
 * `Config`) is given explicitly while everything else is inferred.
 */
export function definePallet<C>() {
  return <
    S extends Record<string, StorageSpec>,
    E extends Record<string, Fields>,
    Er extends Record<string, string>,
    Ca extends Record<string, Fields>,
    G extends Fields = Fields,
  >(
    def: PalletDef<C, S, E, Er, Ca, G>,
  ): Pallet<C, S, E, Er, Ca, G> => {
    const name = def.name;
    const storage: Record<string, StorageItem> = {};
    for (const [item, spec] of Object.entries(def.storage)) storage[item] = accessorOf(name, item, spec);
    const events: Record<string, Codec<any>> = {};
    for (const [ev, fields] of Object.entries(def.events)) events[ev] = t.struct(`${name}.${ev}`, fields);
    const errors = new Map<string, DispatchError>(Object.keys(def.errors).map((e) => [e, DispatchErrors.module(name, e)]));
    const indices = new Set<number>();
    // Calls as the runtime dispatches them: a throw that is not a dispatch error (a bug in the
    // call's logic) becomes a CallThrewError naming the pallet, the call and the block.
    const calls: Record<string, CallSpec<C, Fields>> = {};
    // Per call: its arguments with their codecs and paths, to check the arguments of `call()`.
    const argChecks = new Map<string, ArgCheck[]>();
    for (const [c, spec] of Object.entries(def.calls) as Array<[string, CallSpec<C, Fields>]>) {
      if (indices.has(spec.index)) throw new Error(`${name}.${c}: call index ${spec.index} is used twice`);
      indices.add(spec.index);
      calls[c] = { ...spec, dispatch: guardedDispatch(name, c, spec) };
      argChecks.set(
        c,
        Object.entries(spec.args).map(([arg, codec]) => ({ arg, codec, path: `${name}.${c}.${arg}` })),
      );
    }
    const pallet: Pallet<C, S, E, Er, Ca, G> = {
      name,
      docs: def.docs ?? "",
      source: def.source,
      constants: def.constants ?? {},
      storage: storage as never,
      events: events as never,
      errors: def.errors,
      calls: calls as never,
      hooks: def.hooks ?? {},
      genesis: def.genesis,
      err(e) {
        const v = errors.get(e);
        if (!v) throw new Error(`${name} has no error ${e}`);
        return v;
      },
      deposit(ctx, ev, fields) {
        ctx.deposit({ type: name, value: { type: ev, value: fields as Record<string, unknown> } });
      },
      call(c, args) {
        const checks = argChecks.get(c);
        if (checks === undefined) throw new UnknownNameError("call", `${name}.${c}`, Object.keys(def.calls).map((x) => `${name}.${x}`), name);
        checkArgs(name, c, checks, args);
        return { pallet: name, name: c, args: args as Record<string, unknown> };
      },
      instance(config) {
        return { pallet: pallet as unknown as AnyPallet, config };
      },
    };
    return pallet;
  };
}

/** An argument of a call, with its codec and its path for messages (`Balances.transfer_allow_death.value`). */
interface ArgCheck {
  readonly arg: string;
  readonly codec: Codec<unknown>;
  readonly path: string;
}

/** Checks the arguments given to `Pallet.call` with the call's codecs (cheap: no allocation when they fit). */
function checkArgs(pallet: string, call: string, checks: readonly ArgCheck[], args: unknown): void {
  if (typeof args !== "object" || args === null || Array.isArray(args))
    throw new InvalidValueError(`${pallet}.${call}`, `the arguments of ${pallet}.${call} as a map (${checks.map((c) => c.arg).join(", ") || "none"})`, args);
  const a = args as Record<string, unknown>;
  let declared = 0;
  for (let i = 0; i < checks.length; i++) {
    const c = checks[i]!;
    const v = a[c.arg];
    if (v !== undefined || Object.hasOwn(a, c.arg)) declared++;
    if (c.codec.check !== undefined) c.codec.check(v, c.path);
  }
  // more own keys than declared arguments present: name the one the call does not have
  let given = 0;
  for (const k in a) if (Object.hasOwn(a, k)) given++;
  if (given > declared) {
    const names = checks.map((c) => c.arg);
    const extra = Object.keys(a).find((k) => !names.includes(k))!;
    throw new UnknownNameError(`argument of ${pallet}.${call}`, extra, names, `${pallet}.${call}`);
  }
}

/** `dispatch` of a call, with a throw that is not a `DispatchFailure` turned into a `CallThrewError`. */
function guardedDispatch<C>(pallet: string, call: string, spec: CallSpec<C, Fields>): CallSpec<C, Fields>["dispatch"] {
  const dispatch = spec.dispatch;
  return (ctx, args) => {
    try {
      dispatch.call(spec, ctx, args);
    } catch (e) {
      if (e instanceof DispatchFailure || e instanceof CallThrewError) throw e;
      throw new CallThrewError(pallet, call, ctx.blockNumber, e);
    }
  };
}
