/**
 * Name resolution for scenario files, in one place: `Pallet.call`, `Pallet.Event`,
 * `Pallet.Item`, dispatch errors (`Broker.Overpriced`, `BadOrigin`, `Token.FundsUnavailable`) and
 * accounts (`ScenarioAccounts`: dev names, preset aliases such as `pallet:Broker`, the names a
 * file declares in `accounts:`, decimal ids, hex and SS58; anything else is an unknown account).
 *
 * Names are looked up as own names only (`Object.hasOwn`, `Map`): a name such as `constructor`,
 * `toString` or `__proto__` is an unknown name like any other, never a member of `Object.prototype`.
 *
 * Every qualified name goes through `Names.target()`, which splits off the chain. In a
 * single-chain preset there is one unnamed chain; a network preset (later) will pass several
 * named chains, and `relay.OnDemand.place_order_allow_death` / `coretime.Broker.SaleInfo` will
 * resolve here without touching the rest of the runner.
 */
import {
  DEV_ACCOUNT_NAMES,
  UnknownNameError,
  accountLabel,
  isSs58Address,
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
 * Resolves an account leniently: a preset alias (`pallet:Broker`), a dev name (`alice` …
 * `ferdie`, any case), or any other string as it stands (`"1001"`). Scenario files resolve their
 * accounts strictly, with `ScenarioAccounts` (an unknown name is an error there).
 */
export function resolveScenarioAccount(name: string, aliases?: Readonly<Record<string, string>>): string {
  return aliases !== undefined && Object.hasOwn(aliases, name) ? aliases[name]! : resolveDevAccount(name);
}

const U64_MAX = (1n << 64n) - 1n;
const DECIMAL_ID = /^(0|[1-9][0-9]{0,19})$/;
const HEX_ID = /^0x([0-9a-fA-F]{2})+$/;
/** What an account in a scenario file may be, for "unknown account" errors. */
export const ACCOUNT_FORMS =
  "an account is a dev name (alice, bob, charlie, dave, eve, ferdie), a preset alias (pallet:Broker …), a name declared in the file's `accounts:` list, a decimal id (\"1001\", a mock's u64 account), 0x hex (\"0x7061…\") or an SS58 address";

/**
 * Accounts as a scenario file names them, strictly (SCENARIO.md "Accounts"): in this order, a
 * preset alias (`pallet:Broker` → the pot), a name the file declares in `accounts:` (the id is
 * the name itself), a dev name (`alice` … `ferdie`, any case → its SS58 address), a 32-byte
 * `AccountId32` in `0x` hex (→ the SS58 address of those bytes: frame's `resolveAccount`), a
 * decimal id up to u64 (`"1001"`, the u64 accounts of pallet mocks), other `0x` hex, or an SS58
 * address with a valid checksum, each as it stands. Anything else (the typo `alcie`) throws an
 * `UnknownNameError` naming where it is and the nearest names.
 */
export class ScenarioAccounts {
  private readonly declared: ReadonlySet<string>;
  private candidates: string[] | undefined;

  constructor(
    private readonly aliases: Readonly<Record<string, string>> | undefined,
    declared: readonly string[] = [],
  ) {
    this.declared = new Set(declared);
  }

  /** Whether `name` is an account (resolves without an error). */
  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** The account id of `name`; `where` is its path in the file, for the error on an unknown name. */
  resolve(name: string, where?: string): string {
    const id = this.lookup(name);
    if (id !== undefined) return id;
    this.candidates ??= [...DEV_ACCOUNT_NAMES, ...this.declared, ...Object.keys(this.aliases ?? {})];
    throw new UnknownNameError("account", name, this.candidates, where, ACCOUNT_FORMS);
  }

  private lookup(name: string): string | undefined {
    if (this.aliases !== undefined && Object.hasOwn(this.aliases, name)) return this.aliases[name]!;
    if (this.declared.has(name)) return name;
    const dev = resolveDevAccount(name); // a dev name, or a 32-byte hex account, to its SS58 address
    if (dev !== name) return dev;
    if (DECIMAL_ID.test(name)) return BigInt(name) <= U64_MAX ? name : undefined;
    if (HEX_ID.test(name) || isSs58Address(name)) return name;
    return undefined;
  }
}

/** Resolves names of one scenario against its chain(s). */
export class Names {
  private readonly labels = new Map<string, string>();

  /** The account resolver of each set of preset aliases (one per chain view's `accounts`). */
  private readonly books = new Map<Readonly<Record<string, string>> | undefined, ScenarioAccounts>();

  /**
   * `chains[0]` is the default chain (the only one in a single-chain preset). `allChains`: in a
   * network, every chain's name, those without a runtime (light parachains) included, for errors.
   * `declared`: the names the file declares in `accounts:` (account ids as they stand); other
   * names that are not dev names, preset aliases, decimal ids, hex or SS58 are unknown accounts.
   */
  constructor(
    readonly chains: readonly ChainView[],
    private readonly allChains?: readonly string[],
    private readonly declared: readonly string[] = [],
  ) {
    for (const c of chains) for (const [alias, id] of Object.entries(c.accounts ?? {})) if (!this.labels.has(id)) this.labels.set(id, alias);
  }

  /** The default chain. */
  get main(): ChainView {
    return this.chains[0]!;
  }

  /**
   * Resolves an account as scenario files write it (on `chain`, default the main one), strictly
   * (`ScenarioAccounts`); `where` is the path of the name in the file, for the error.
   */
  account(name: string, chain: ChainView = this.main, where?: string): string {
    let book = this.books.get(chain.accounts);
    if (book === undefined) this.books.set(chain.accounts, (book = new ScenarioAccounts(chain.accounts, this.declared)));
    return book.resolve(name, where);
  }

  /** An account resolver for codecs' `ParseContext` (strict: see `account`). */
  accountResolver(chain: ChainView = this.main): (name: string, where?: string) => string {
    return (name, where) => this.account(name, chain, where);
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
        throw new UnknownNameError(
          "chain",
          parts[0]!,
          this.allChains ? [...this.allChains] : named.map((x) => x.name!),
          where,
          /^para-/.test(parts[0]!) ? "a para id is a u32 (0..4294967295) without leading zeros: para-2000" : undefined,
        );
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
    const spec = own(t.pallet.calls as Record<string, CallSpec<unknown, Record<string, Codec<unknown>>>>, t.member);
    if (!spec) throw new UnknownNameError("call", t.qualified, Object.keys(t.pallet.calls).map((c) => `${t.pallet.name}.${c}`), where);
    return { ...t, spec };
  }

  /** `Pallet.Event` → the event's struct codec. */
  event(qualified: string, where: string): Target & { codec: Codec<Record<string, unknown>> } {
    const t = this.target(qualified, "event", where);
    const codec = own(t.pallet.events as Record<string, Codec<Record<string, unknown>>>, t.member);
    if (!codec) throw new UnknownNameError("event", t.qualified, Object.keys(t.pallet.events).map((e) => `${t.pallet.name}.${e}`), where);
    return { ...t, codec };
  }

  /** `Pallet.Item` → the storage accessor. */
  storage(qualified: string, where: string): Target & { item: StorageItem } {
    const t = this.target(qualified, "storage item", where);
    const item = own(t.pallet.storage as Record<string, StorageItem>, t.member);
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
    const group = parts.length === 2 ? own(DISPATCH_ERROR_GROUPS, parts[0]!) : undefined;
    if (group) {
      const variants = group;
      if (variants.includes(parts[1]!)) return name;
      throw new UnknownNameError(`${parts[0]} error`, name, variants.map((v) => `${parts[0]}.${v}`), where);
    }
    const t = this.target(name, "error", where);
    if (!Object.hasOwn(t.pallet.errors, t.member))
      throw new UnknownNameError("error", t.qualified, Object.keys(t.pallet.errors).map((e) => `${t.pallet.name}.${e}`), where);
    return t.qualified;
  }

  private palletNames(chain: ChainView): string[] {
    return [...chain.runtime.pallets.keys()];
  }
}

/** `record[name]` when `name` is the record's own key (never an `Object.prototype` member such as `constructor`). */
export function own<V>(record: Readonly<Record<string, V>>, name: string): V | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
