/**
 * Name resolution for scenario files, in one place: `Pallet.call`, `Pallet.Event`,
 * `Pallet.Item`, dispatch errors (`Broker.Overpriced`, `BadOrigin`, `Token.FundsUnavailable`) and
 * accounts (`alice`, preset aliases such as `pallet:Broker`, other strings as they stand).
 *
 * Every qualified name goes through `Names.target()`, which splits off the chain. In a
 * single-chain preset there is one unnamed chain; a network preset (later) will pass several
 * named chains, and `relay.OnDemand.place_order_allow_death` / `coretime.Broker.SaleInfo` will
 * resolve here without touching the rest of the runner.
 */
import {
  UnknownNameError,
  accountLabel,
  resolveAccount as resolveDevAccount,
  type AnyPallet,
  type CallSpec,
  type Codec,
  type Runtime,
  type StorageItem,
  type TokenInfo,
} from "@corelab/frame";

/** One chain as the resolver sees it. */
export interface ChainView {
  /** The chain's prefix in qualified names (`relay`), or undefined for the only chain of a single-chain preset. */
  readonly name: string | undefined;
  readonly runtime: Runtime;
  /** Account aliases of the chain's preset (`pallet:Broker` → the pot). */
  readonly accounts?: Readonly<Record<string, string>>;
  readonly token?: TokenInfo;
  /** The preset's `sequences` (`Pallet.Item` of maps that hold a Vec by sequence number). */
  readonly sequences?: readonly string[];
}

/** A resolved `[chain.]Pallet.member`. */
export interface Target {
  readonly chain: ChainView;
  readonly pallet: AnyPallet;
  /** The member name (`purchase`, `Purchased`, `SaleInfo`). */
  readonly member: string;
  /** The qualified name without the chain (`Broker.purchase`). */
  readonly qualified: string;
}

/** The unit variants of sp-runtime's `DispatchError` a scenario may name bare (`BadOrigin`). */
export const DISPATCH_ERROR_UNITS = [
  "Other",
  "CannotLookup",
  "BadOrigin",
  "ConsumerRemaining",
  "NoProviders",
  "TooManyConsumers",
  "Exhausted",
  "Corruption",
  "Unavailable",
  "RootNotAllowed",
] as const;

/** The nested dispatch errors (`Token.FundsUnavailable`) and their variants. */
export const DISPATCH_ERROR_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Token: ["FundsUnavailable", "OnlyProvider", "BelowMinimum", "CannotCreate", "UnknownAsset", "Frozen", "Unsupported", "CannotCreateHold", "NotExpendable", "Blocked"],
  Arithmetic: ["Underflow", "Overflow", "DivisionByZero"],
  Transactional: ["LimitReached", "NoLayer"],
};

/**
 * Resolves an account as scenario files write it: a preset alias (`pallet:Broker`), a dev name
 * (`alice` … `ferdie`, any case), or any other string as it stands (`"1001"`).
 */
export function resolveScenarioAccount(name: string, aliases?: Readonly<Record<string, string>>): string {
  return aliases?.[name] ?? resolveDevAccount(name);
}

/** Resolves names of one scenario against its chain(s). */
export class Names {
  private readonly labels = new Map<string, string>();

  /**
   * `chains[0]` is the default chain (the only one in a single-chain preset). `allChains`: in a
   * network, every chain's name, those without a runtime (light parachains) included, for errors.
   */
  constructor(
    readonly chains: readonly ChainView[],
    private readonly allChains?: readonly string[],
  ) {
    for (const c of chains) for (const [alias, id] of Object.entries(c.accounts ?? {})) if (!this.labels.has(id)) this.labels.set(id, alias);
  }

  /** The default chain. */
  get main(): ChainView {
    return this.chains[0]!;
  }

  /** Resolves an account as scenario files write it (on `chain`, default the main one). */
  account(name: string, chain: ChainView = this.main): string {
    return resolveScenarioAccount(name, chain.accounts);
  }

  /** An account resolver for codecs' `ParseContext`. */
  accountResolver(chain: ChainView = this.main): (name: string) => string {
    return (name) => this.account(name, chain);
  }

  /** How to show an account id: its alias (`pallet:Broker`), its dev name (`alice`), or the id itself. */
  label(id: string): string {
    return this.labels.get(id) ?? accountLabel(id);
  }

  /**
   * Splits `[chain.]Pallet.member` and finds the chain and pallet. `where` is the path in the file
   * for error messages; `kind` names the member kind (`call`, `event`, `storage item`).
   */
  target(qualified: string, kind: string, where: string): Target {
    const parts = qualified.split(".");
    let chain = this.main;
    if (parts.length >= 3) {
      const named = this.chains.filter((c) => c.name !== undefined);
      const c = named.find((x) => x.name === parts[0]);
      if (!c) {
        if (named.length === 0)
          throw new UnknownNameError(`pallet (a chain prefix like 'relay.' needs a network preset; runtime '${this.main.runtime.name}' is one chain)`, parts[0]!, this.palletNames(chain), where);
        if (this.allChains?.includes(parts[0]!))
          throw new UnknownNameError(`chain with a runtime ('${parts[0]}' is a light parachain here: it only counts blocks)`, parts[0]!, named.map((x) => x.name!), where);
        throw new UnknownNameError("chain", parts[0]!, this.allChains ? [...this.allChains] : named.map((x) => x.name!), where);
      }
      chain = c;
      parts.shift();
    }
    if (parts.length !== 2) throw new UnknownNameError(kind, qualified, [], where);
    const [palletName, member] = parts as [string, string];
    const inst = chain.runtime.pallets.get(palletName);
    if (!inst) throw new UnknownNameError("pallet", palletName, this.palletNames(chain), where);
    return { chain, pallet: inst.pallet, member, qualified: `${palletName}.${member}` };
  }

  /** `Pallet.call_name` → the call spec. */
  call(qualified: string, where: string): Target & { spec: CallSpec<unknown, Record<string, Codec<unknown>>> } {
    const t = this.target(qualified, "call", where);
    const spec = (t.pallet.calls as Record<string, CallSpec<unknown, Record<string, Codec<unknown>>>>)[t.member];
    if (!spec) throw new UnknownNameError("call", t.qualified, Object.keys(t.pallet.calls).map((c) => `${t.pallet.name}.${c}`), where);
    return { ...t, spec };
  }

  /** `Pallet.Event` → the event's struct codec. */
  event(qualified: string, where: string): Target & { codec: Codec<Record<string, unknown>> } {
    const t = this.target(qualified, "event", where);
    const codec = (t.pallet.events as Record<string, Codec<Record<string, unknown>>>)[t.member];
    if (!codec) throw new UnknownNameError("event", t.qualified, Object.keys(t.pallet.events).map((e) => `${t.pallet.name}.${e}`), where);
    return { ...t, codec };
  }

  /** `Pallet.Item` → the storage accessor. */
  storage(qualified: string, where: string): Target & { item: StorageItem } {
    const t = this.target(qualified, "storage item", where);
    const item = (t.pallet.storage as Record<string, StorageItem>)[t.member];
    if (!item)
      throw new UnknownNameError("storage item", t.qualified, Object.keys(t.pallet.storage).map((i) => `${t.pallet.name}.${i}`), where);
    return { ...t, item };
  }

  /**
   * A dispatch error as scenario files write it, checked: `BadOrigin`, `Token.FundsUnavailable`,
   * `Arithmetic.Underflow`, or `Pallet.Error` of a pallet of the runtime. Returns the canonical
   * short form (`formatDispatchError`'s), without a chain prefix.
   */
  dispatchError(name: string, where: string): string {
    const parts = name.split(".");
    if (parts.length === 1) {
      if ((DISPATCH_ERROR_UNITS as readonly string[]).includes(name)) return name;
      throw new UnknownNameError("dispatch error", name, [...DISPATCH_ERROR_UNITS, ...Object.keys(DISPATCH_ERROR_GROUPS).map((g) => `${g}.…`)], where);
    }
    if (parts.length === 2 && DISPATCH_ERROR_GROUPS[parts[0]!]) {
      const variants = DISPATCH_ERROR_GROUPS[parts[0]!]!;
      if (variants.includes(parts[1]!)) return name;
      throw new UnknownNameError(`${parts[0]} error`, name, variants.map((v) => `${parts[0]}.${v}`), where);
    }
    const t = this.target(name, "error", where);
    if (!(t.member in t.pallet.errors))
      throw new UnknownNameError("error", t.qualified, Object.keys(t.pallet.errors).map((e) => `${t.pallet.name}.${e}`), where);
    return t.qualified;
  }

  private palletNames(chain: ChainView): string[] {
    return [...chain.runtime.pallets.keys()];
  }
}
