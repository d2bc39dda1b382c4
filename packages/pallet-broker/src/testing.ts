/**
 * `@corelab/pallet-broker/testing`: the broker's mock runtime, as polkadot-sdk
 * `substrate/frame/broker/src/mock.rs` builds it.
 *
 * - `TestCoretime`: the recording mock relay chain (`TestCoretimeProvider`) as a pallet, so its
 *   trace and bookkeeping are state (`TestCoretime.Trace` with `TraceCount`, `CoretimeWorkplan`,
 *   `CoretimeUsage`, `CoretimeInPool`, `CoretimeSpending`, `CoretimeCredit`) and its helpers are
 *   calls (`spend_instantaneous`, `assign_core`). Its `on_initialize` is the mock's `bump()`.
 *   Nothing it does per block costs more as a run gets longer: the trace, which only grows, is a
 *   map appended in O(log n); everything else is bounded by the cores, accounts or one revenue
 *   period (see the storage docs).
 * - `testCoretimeInterface(...)`: the `CoretimeInterface` port that answers as the mock does.
 * - `brokerMockConfig(...)`, `MOCK_CONSTANTS`, `mockNewConfig()`: mock.rs's `impl Config` and
 *   `new_config()`.
 * - `createBrokerMockRuntime(...)`: System, Balances (existential deposit 0), TestCoretime,
 *   Broker, in that order, so that `bump()` runs before the broker's tick as in `advance_to`.
 *
 * Accounts are the mock's u64 ids written as strings (`"1"`, `"1001"`); `OnRevenue` pays into
 * `"0"`; the pot is `MOCK_POT` (`u64AccountOfPalletId("TsBroker")`).
 */
import {
  DispatchErrors,
  DispatchFailure,
  InvalidValueError,
  UnknownNameError,
  createRuntime,
  definePallet,
  ensureRoot,
  ensureRootOrSignedBy,
  fail,
  map,
  required,
  stringEnumScale,
  t,
  value,
  type Codec,
  type Context,
  type Fungible,
  type OnUnbalanced,
  type PalletInstance,
  type Runtime,
} from "@corelab/frame";
import { Balances, fungibleOf, resolveTo, type BalancesConfig } from "@corelab/pallet-balances";
import { CenterTargetPrice, KusamaLaunchPrice, LinearPrice, MinimumPrice, UnitPriceAdapter } from "./adapt-price.ts";
import { IdentityBalance, type AdaptPrice, type BrokerConfig, type CoretimeInterface } from "./interfaces.ts";
import type { Market } from "./market.ts";
import { Broker } from "./pallet.ts";
import { Rfc1Linear, Rfc6Aggressive, Rfc6Baseline, Rfc6Conservative, Rfc6Linear } from "./rfc-prices.ts";
import {
  Balance,
  CoreAssignmentParts,
  CoreIndex,
  CoreMaskBitCount,
  RelayBlockNumber,
  type AssignmentPart,
  type ConfigRecord,
  type CoreAssignment,
} from "./types.ts";
import { u64AccountOfPalletId } from "./utility.ts";

/** One `assign_core` the mock relay received: `(block, AssignCore { core, begin, assignment, end_hint })`. */
export const CoretimeTraceItem = t.struct("CoretimeTraceItem", {
  block: RelayBlockNumber,
  core: CoreIndex,
  begin: RelayBlockNumber,
  assignment: CoreAssignmentParts,
  end_hint: t.option(RelayBlockNumber),
});
/** A trace item. */
export type CoretimeTraceItem = {
  block: number;
  core: number;
  begin: number;
  assignment: AssignmentPart[];
  end_hint: number | undefined;
};

/**
 * `TestCoretime`'s configuration. `TraceRetention`: keep only the last N `Trace` items (a long run's
 * memory stays bounded; `TraceCount` still counts every assign_core). Absent (the default), the
 * whole trace is kept, as mock.rs keeps `CoretimeTrace`.
 */
export type TestCoretimeConfig = {
  readonly TraceRetention?: number;
};

/**
 * The mock relay chain of mock.rs (`TestCoretimeProvider` and its `parameter_types!` statics) as
 * a pallet. Put it before `Broker` in the runtime: its `on_initialize` is `bump()`, which the
 * mock's `advance_to` runs before the broker's tick.
 */
export const TestCoretime = definePallet<TestCoretimeConfig>()({
  name: "TestCoretime",
  source: "polkadot-sdk substrate/frame/broker/src/mock.rs (TestCoretimeProvider)",
  docs: "The broker mock's recording relay chain: assign_core trace, core usage, pool size, on-demand spending and credit.",
  constants: { TraceRetention: t.option(t.u32) },
  // mock.rs keeps these in thread-locals (no hasher): Corelab's rule, Twox64Concat for sequential
  // ids and block numbers, Blake2_128Concat for accounts
  storage: {
    Trace: map(t.u32, CoretimeTraceItem, {
      hasher: "Twox64Concat",
      docs:
        "mock.rs's `CoretimeTrace` (`Vec<(u32, CoretimeTraceItem)>`): every assign_core received, in order, keyed by its sequence " +
        "number (0 for the first; entry n is the Vec's element n). A map, not a Vec value, so that an append writes one entry " +
        "(O(log n)) instead of copying and re-hashing the whole trace; `coretimeTrace(rt)` gives it as the Vec. With the " +
        "`TraceRetention` constant set, only the last that many entries are kept (a long run's memory stays bounded).",
    }),
    TraceCount: value(t.u32, {
      default: () => 0,
      docs: "The number of `Trace` entries (mock.rs's `CoretimeTrace::get().len()`): the sequence number of the next assign_core.",
    }),
    CoretimeWorkplan: map(t.tuple([RelayBlockNumber, CoreIndex], "(u32, CoreIndex)"), CoreAssignmentParts, {
      hasher: "Twox64Concat",
      docs:
        "mock.rs's `CoretimeWorkplan` (`BTreeMap<(u32, CoreIndex), Vec<(CoreAssignment, PartsOf57600)>>`): assignments received, " +
        "by (begin, core), until `bump` applies them at `begin` (so at most a few per core).",
    }),
    CoretimeUsage: map(CoreIndex, CoreAssignmentParts, {
      hasher: "Twox64Concat",
      docs: "mock.rs's `CoretimeUsage` (`BTreeMap<CoreIndex, Vec<(CoreAssignment, PartsOf57600)>>`): the assignment each core runs now.",
    }),
    CoretimeInPool: value(CoreMaskBitCount, {
      default: () => 0,
      docs: "mock.rs's `CoretimeInPool` (`CoreMaskBitCount`): parts (of 80 per core) currently in the pool.",
    }),
    CoretimeSpending: value(t.vec(t.tuple([RelayBlockNumber, Balance])), {
      default: () => [],
      docs:
        "mock.rs's `CoretimeSpending` (`Vec<(u32, u64)>`): on-demand spending `(block, price)` not yet reported as revenue. " +
        "Each revenue request (every timeslice once sales run) takes what was spent before it, so it holds one period's spending.",
    }),
    CoretimeCredit: map(t.accountId, Balance, { hasher: "Blake2_128Concat", docs: "mock.rs's `CoretimeCredit` (`BTreeMap<u64, u64>`): on-demand credit per relay account." }),
  },
  events: {},
  errors: {},
  hooks: {
    onInitialize: (ctx) => bump(ctx),
  },
  calls: {
    spend_instantaneous: {
      index: 0,
      args: { who: t.accountId, price: Balance },
      docs: "The mock's `spend_instantaneous(who, price)`: spends on-demand credit. Root. Errors: Other(\"None in pool\"), Other(\"Account not there\"), Other(\"Checked sub failed\").",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        spendInstantaneous(ctx, a.who, a.price);
      },
    },
    assign_core: {
      index: 1,
      args: { core: CoreIndex, begin: RelayBlockNumber, assignment: CoreAssignmentParts, end_hint: t.option(RelayBlockNumber) },
      docs: "The mock relay's `assign_core`, called directly (as tests.rs's `can_reserve_workloads_quickly` does). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        mockAssignCore(ctx, a.core, a.begin, a.assignment, a.end_hint, ctx.config.TraceRetention);
      },
    },
  },
});

/**
 * The mock's `assign_core`: `CoretimeWorkplan[(begin, core)] = assignment` and a trace item
 * `{ block: current block, core, begin, assignment, end_hint }` pushed on the trace
 * (`Trace[TraceCount] = item`, `TraceCount += 1`: two writes, whatever the trace's length).
 */
export function mockAssignCore(
  ctx: Context,
  core: number,
  begin: number,
  assignment: readonly AssignmentPart[],
  endHint: number | undefined,
  /** `TestCoretimeConfig.TraceRetention`: keep only the last this many trace items. */
  retention?: number,
): void {
  const S = TestCoretime.storage;
  const parts: AssignmentPart[] = assignment.map(([a, p]) => [copyAssignment(a), p]);
  S.CoretimeWorkplan.insert(ctx, [begin, core], parts);
  const n = S.TraceCount.get(ctx);
  S.Trace.insert(ctx, n, { block: ctx.blockNumber, core, begin, assignment: parts.map(([a, p]) => [copyAssignment(a), p]), end_hint: endHint });
  S.TraceCount.put(ctx, n + 1);
  if (retention !== undefined && n >= retention) S.Trace.remove(ctx, n - retention);
}

function copyAssignment(a: CoreAssignment): CoreAssignment {
  return a.type === "Task" ? { type: "Task", value: a.value } : { type: a.type };
}

/**
 * The mock's `spend_instantaneous(who, price)`: fails with `Other("None in pool")` when nothing is
 * in the pool, `Other("Account not there")` when `who` has no credit entry, `Other("Checked sub
 * failed")` when the credit is short; otherwise debits the credit and records `(block, price)`.
 */
export function spendInstantaneous(ctx: Context, who: string, price: bigint): void {
  const S = TestCoretime.storage;
  if (!(S.CoretimeInPool.get(ctx) > 0)) fail(DispatchErrors.other("None in pool"));
  const credit = required(S.CoretimeCredit.get(ctx, who), DispatchErrors.other("Account not there"));
  if (credit < price) fail(DispatchErrors.other("Checked sub failed"));
  S.CoretimeCredit.insert(ctx, who, credit - price);
  S.CoretimeSpending.put(ctx, [...S.CoretimeSpending.get(ctx), [ctx.blockNumber, price]]);
}

/** The earliest `when` of each `CoretimeWorkplan` version (a version is immutable). */
const earliestWhen = new WeakMap<object, number>();

/**
 * The mock's `bump()`: applies every `CoretimeWorkplan[(when, core)]` with `when ≤ block`, in key
 * order: the pool size loses the old usage's `Pool` parts / 720 and gains the new one's, and the
 * core's usage becomes the assignment. Writes nothing when no entry is due.
 */
export function bump(ctx: Context): void {
  const S = TestCoretime.storage;
  const now = ctx.blockNumber;
  // most blocks nothing is due: the earliest `when` is remembered per workplan version
  const wp = S.CoretimeWorkplan.version(ctx);
  if (wp === undefined) return;
  let earliest = earliestWhen.get(wp);
  if (earliest === undefined) {
    earliest = Infinity;
    for (const [[when]] of wp.entries()) if (when < earliest) earliest = when;
    earliestWhen.set(wp, earliest);
  }
  if (earliest > now) return;
  // mock.rs's workplan is a BTreeMap: due entries in (when, core) order, not in storage key order
  const due = wp.entries().filter(([[when]]) => when <= now);
  due.sort(([[w1, c1]], [[w2, c2]]) => w1 - w2 || c1 - c2);
  let poolSize = S.CoretimeInPool.get(ctx);
  for (const [key, assignment] of due) {
    const core = key[1];
    const old = S.CoretimeUsage.get(ctx, core);
    const oldPool = old?.find(([a]) => a.type === "Pool");
    if (oldPool) poolSize -= Math.floor(oldPool[1] / 720);
    const newPool = assignment.find(([a]) => a.type === "Pool");
    if (newPool) poolSize += Math.floor(newPool[1] / 720);
    S.CoretimeUsage.insert(ctx, core, assignment.map(([a, p]) => [copyAssignment(a), p] as AssignmentPart));
    S.CoretimeWorkplan.remove(ctx, [key[0], key[1]]);
  }
  S.CoretimeInPool.put(ctx, poolSize);
}

/**
 * A `CoretimeInterface` that answers as mock.rs's `TestCoretimeProvider` (needs `TestCoretime` in
 * the runtime):
 * - `requestCoreCount(n)` writes `Broker.CoreCountInbox = n` at once (applied at the next tick);
 * - `requestRevenueInfoAt(when)` sums (and removes) the spending recorded before block `when`,
 *   mints that total into the pot (`mint_to_pot`: a mint the pot cannot take, below the
 *   existential deposit, is dropped) and writes `Broker.RevenueInbox = { until: when, amount }`;
 *   asking for the future throws (the mock panics);
 * - `creditAccount(who, amount)` adds to `CoretimeCredit[who]` and burns `amount` from the pot
 *   (`burn_from_pot`: a burn that fails is ignored);
 * - `assignCore(...)` is `mockAssignCore` (keeping the last `traceRetention` trace items when given);
 * - the relay block number is the runtime's block number.
 */
export function testCoretimeInterface(opts: { currency: Fungible; pot: string; traceRetention?: number }): CoretimeInterface {
  const { currency, pot, traceRetention } = opts;
  return {
    requestCoreCount(ctx, count) {
      Broker.storage.CoreCountInbox.put(ctx, count);
    },
    requestRevenueInfoAt(ctx, when) {
      if (when > ctx.blockNumber) throw new Error(`Asking for revenue info in the future ${when} ${ctx.blockNumber}`);
      const S = TestCoretime.storage;
      let total = 0n;
      const spending = S.CoretimeSpending.get(ctx);
      const kept: Array<[number, bigint]> = [];
      for (const [n, amount] of spending) {
        if (n < when) total += amount;
        else kept.push([n, amount]);
      }
      if (kept.length !== spending.length) S.CoretimeSpending.put(ctx, kept);
      mintToPot(ctx, currency, pot, total);
      Broker.storage.RevenueInbox.put(ctx, { until: when, amount: total });
    },
    creditAccount(ctx, who, amount) {
      const S = TestCoretime.storage;
      S.CoretimeCredit.insert(ctx, who, (S.CoretimeCredit.get(ctx, who) ?? 0n) + amount);
      burnFromPot(ctx, currency, pot, amount);
    },
    assignCore(ctx, core, begin, assignment, endHint) {
      mockAssignCore(ctx, core, begin, assignment, endHint, traceRetention);
    },
  };
}

/** mock.rs's `mint_to_pot`: `issue` then `resolve` into the pot, the result ignored (a credit the pot cannot take is dropped). */
function mintToPot(ctx: Context, currency: Fungible, pot: string, amount: bigint): void {
  try {
    currency.mintInto(ctx, pot, amount);
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
  }
}

/** mock.rs's `burn_from_pot`: `burn_from(pot, amount, Expendable, Exact, Polite)`, the result ignored. */
function burnFromPot(ctx: Context, currency: Fungible, pot: string, amount: bigint): void {
  try {
    currency.burnFrom(ctx, pot, amount, "Expendable");
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
  }
}

/** The broker constants of mock.rs (`PalletId` `"TsBroker"`, `TimeslicePeriod` 2, …). */
export const MOCK_CONSTANTS = {
  TimeslicePeriod: 2,
  MaxLeasedCores: 5,
  MaxReservedCores: 5,
  MaxAutoRenewals: 3,
  MinimumCreditPurchase: 20n,
  PalletId: "TsBroker",
} as const;

/** The constants of a `BrokerConfig` (what a scenario's `constants: { Broker: … }` may override). */
export type BrokerConstants = Pick<
  BrokerConfig,
  "TimeslicePeriod" | "MaxLeasedCores" | "MaxReservedCores" | "MaxAutoRenewals" | "MinimumCreditPurchase" | "PalletId" | "SaleRules"
>;

/** The mock's `OnRevenue` sink (`IntoZero`): account `"0"`. */
export const MOCK_REVENUE_ACCOUNT = "0";

/** The mock's pot: `PalletId(*b"TsBroker").into_account_truncating()` as a u64 account (`"8233269875219656557"`). */
export const MOCK_POT = u64AccountOfPalletId(MOCK_CONSTANTS.PalletId);

/** The mock's `AdminOrigin` signer besides Root (`EnsureSignedBy<One>`). */
export const MOCK_ADMIN = "1";

/**
 * mock.rs's `new_config()`: advance_notice 2, interlude_length 1, leadin_length 1,
 * ideal_bulk_proportion 0, limit_cores_offered None, region_length 3, renewal_bump 10%,
 * contribution_timeout 5. `TestExt::new()` writes it at block 0.
 */
export function mockNewConfig(): ConfigRecord {
  return {
    advance_notice: 2,
    interlude_length: 1,
    leadin_length: 1,
    region_length: 3,
    ideal_bulk_proportion: 0,
    limit_cores_offered: undefined,
    renewal_bump: 100_000_000,
    contribution_timeout: 5,
  };
}

/**
 * mock.rs's `impl pallet_broker::Config for Test`: the mock constants (overridable), `Currency`
 * and `OnRevenue` as given, `Coretime` = `testCoretimeInterface`, `PriceAdapter` =
 * `CenterTargetPrice` (overridable), `AdminOrigin` = Root or signed `"1"`, `SovereignAccountOf` =
 * the task id as an account (`1001` → `"1001"`), identity `ConvertBalance`, u64 pallet accounts.
 */
export function brokerMockConfig(opts: {
  currency: Fungible;
  onRevenue: OnUnbalanced;
  constants?: Partial<BrokerConstants>;
  priceAdapter?: AdaptPrice;
  /** `TestCoretimeConfig.TraceRetention` of the mock relay this broker talks to. */
  traceRetention?: number;
}): BrokerConfig {
  const constants = { ...MOCK_CONSTANTS, ...opts.constants };
  const pot = u64AccountOfPalletId(constants.PalletId);
  return {
    ...constants,
    Currency: opts.currency,
    OnRevenue: opts.onRevenue,
    Coretime: testCoretimeInterface({ currency: opts.currency, pot, traceRetention: opts.traceRetention }),
    PriceAdapter: opts.priceAdapter ?? CenterTargetPrice,
    AdminOrigin: ensureRootOrSignedBy([MOCK_ADMIN]),
    SovereignAccountOf: (task) => String(task),
    ConvertBalance: IdentityBalance,
    PalletAccountOf: u64AccountOfPalletId,
  };
}

/**
 * The price adapters a scenario may name (`constants: { Broker: { PriceAdapter: "Rfc6Aggressive" } }`),
 * with how each is built from the optional `PriceAdapterMinPrice` knob (a Balance):
 * `CenterTargetPrice` (mock.rs's), `MinimumPrice` (#8630; needs `PriceAdapterMinPrice`),
 * `UnitPriceAdapter` (Rust's `()`), `Linear` (the SDK's pre-#4521 adapter), `KusamaLaunchPrice`,
 * `Rfc1Linear` (RFC-1), `Rfc6Baseline`, `Rfc6Aggressive`, `Rfc6Conservative`, `Rfc6Linear` (RFC-6,
 * `P_min` = `PriceAdapterMinPrice`, default 1 planck).
 */
export const PRICE_ADAPTERS: ReadonlyMap<string, (minPrice: bigint | undefined) => AdaptPrice> = new Map<string, (minPrice: bigint | undefined) => AdaptPrice>([
  ["CenterTargetPrice", () => CenterTargetPrice],
  [
    "MinimumPrice",
    (min) => {
      if (min === undefined) throw new InvalidValueError("constants.Broker.PriceAdapterMinPrice", "a Balance (MinimumPrice needs its minimum)", undefined);
      return MinimumPrice(min);
    },
  ],
  ["UnitPriceAdapter", () => UnitPriceAdapter],
  ["Linear", () => LinearPrice],
  ["KusamaLaunchPrice", () => KusamaLaunchPrice],
  ["Rfc1Linear", () => Rfc1Linear],
  ["Rfc6Baseline", (min) => Rfc6Baseline(min)],
  ["Rfc6Aggressive", (min) => Rfc6Aggressive(min)],
  ["Rfc6Conservative", (min) => Rfc6Conservative(min)],
  ["Rfc6Linear", (min) => Rfc6Linear(min)],
]);

/** The adapter `name` of `PRICE_ADAPTERS` (an `UnknownNameError` listing the valid names otherwise). */
export function priceAdapterByName(name: string, minPrice?: bigint, where?: string): AdaptPrice {
  const make = PRICE_ADAPTERS.get(name);
  if (make === undefined) throw new UnknownNameError("price adapter", name, [...PRICE_ADAPTERS.keys()], where);
  return make(minPrice);
}

/** Codec of the `PriceAdapter` knob: one of `PRICE_ADAPTERS`' names. */
const PriceAdapterNameCodec: Codec<string> = t.custom<string>({
  name: "PriceAdapterName",
  parse(input, ctx) {
    const s = t.str.parse(input, ctx);
    if (!PRICE_ADAPTERS.has(s)) throw new UnknownNameError("price adapter", s, [...PRICE_ADAPTERS.keys()], ctx.path);
    return s;
  },
  toJson: (v) => v,
  key: (v) => v,
  // a mock knob (no Rust type): one byte, the name's index
  scale: stringEnumScale<string>("PriceAdapterName", [...PRICE_ADAPTERS.keys()]),
});

/**
 * Knobs of the broker mock that are not constants of the pallet (and so not in its metadata): a
 * scenario sets them as `constants: { Broker: { PriceAdapter: "Rfc1Linear", PriceAdapterMinPrice: 10 } }`.
 */
export type BrokerMockKnobs = {
  /** The price adapter by name (see `PRICE_ADAPTERS`); default `CenterTargetPrice`. */
  readonly PriceAdapter?: string;
  /** `MinimumPrice`'s minimum and RFC-6's `P_min` (planck). */
  readonly PriceAdapterMinPrice?: bigint;
  /** `BrokerConfig.AutoRenewRecordsRenewedCore` (polkadot-sdk #10767). */
  readonly AutoRenewRecordsRenewedCore?: boolean;
  /** `BrokerConfig.ClaimRevenueFailsOnPayment` (polkadot-sdk #13040). */
  readonly ClaimRevenueFailsOnPayment?: boolean;
  /** `BrokerConfig.TrackForceReservations` (polkadot-sdk #10792). */
  readonly TrackForceReservations?: boolean;
};

/** The Broker pallet as the broker mock parses a scenario's `constants:` (its constants and the mock's knobs). */
const BrokerWithMockKnobs = {
  ...Broker,
  constants: {
    ...Broker.constants,
    PriceAdapter: PriceAdapterNameCodec,
    PriceAdapterMinPrice: Balance,
    AutoRenewRecordsRenewedCore: t.bool,
    ClaimRevenueFailsOnPayment: t.bool,
    TrackForceReservations: t.bool,
  },
} as unknown as typeof Broker;

/** The pallets of the broker mock runtime after System, in runtime order (for parsing a scenario's `constants`/`genesis`; Broker with the mock's knobs). */
export const BROKER_MOCK_PALLETS = [Balances, TestCoretime, BrokerWithMockKnobs] as const;

/**
 * The storage maps of `TestCoretime` that hold a mock.rs `Vec` by sequence number (`Trace`): a
 * preset passes them as its `sequences`, so that scenarios compare them as the `Vec` (a list).
 */
export const TEST_CORETIME_SEQUENCES: readonly string[] = ["TestCoretime.Trace"];

/** Account aliases of the broker mock: `pallet:Broker` → the pot. */
export const BROKER_MOCK_ACCOUNTS: Readonly<Record<string, string>> = { "pallet:Broker": MOCK_POT };

/** Options of `createBrokerMockRuntime` (parsed values, as a preset's `parsePalletOptions` gives them). */
export interface BrokerMockOptions {
  /** Runtime name (default `broker-mock`). */
  readonly name?: string;
  /** Constant overrides: `Broker` (see `BrokerConstants`) and `Balances` (`ExistentialDeposit`, default 0). */
  readonly constants?: {
    readonly Broker?: Partial<BrokerConstants> & BrokerMockKnobs;
    readonly Balances?: Partial<BalancesConfig>;
    /** `TraceRetention` (see `TestCoretimeConfig`). */
    readonly TestCoretime?: TestCoretimeConfig;
    readonly [pallet: string]: Readonly<Record<string, unknown>> | undefined;
  };
  /**
   * Genesis per pallet. `Broker.config` defaults to `mockNewConfig()` (`TestExt::new()`); give
   * another `ConfigRecord` (`TestExt::new_with_config`), or `undefined` explicitly for none.
   * `Balances.balances` endows accounts (`TestExt::endow`).
   */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Price adapter (default: the `PriceAdapter` knob, else `CenterTargetPrice`). */
  readonly priceAdapter?: AdaptPrice;
  /** The market (`BrokerConfig.Market`; default `LegacyMarket`). */
  readonly market?: Market;
  /** Pallets placed between `TestCoretime` and `Broker` (a market's own pallet, whose storage it keeps). */
  readonly extraPallets?: readonly PalletInstance<any>[];
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/**
 * The broker mock runtime: System, Balances (existential deposit 0), TestCoretime, Broker (with
 * `brokerMockConfig`, `OnRevenue` into `"0"`), genesis `Broker.config = mockNewConfig()` unless
 * given. Calls before block 1 apply on top of genesis, as a test's `execute_with` does; building
 * blocks runs `bump()` then the broker's tick, as `advance_to` does.
 */
export function createBrokerMockRuntime(opts: BrokerMockOptions = {}): Runtime {
  const balancesConfig: BalancesConfig = { ExistentialDeposit: 0n, ...opts.constants?.Balances };
  const { PriceAdapter: adapterName, PriceAdapterMinPrice: minPrice, AutoRenewRecordsRenewedCore, ClaimRevenueFailsOnPayment, TrackForceReservations, ...brokerConstants } =
    opts.constants?.Broker ?? {};
  const named = adapterName === undefined ? undefined : priceAdapterByName(adapterName, minPrice, "constants.Broker.PriceAdapter");
  const config = brokerMockConfig({
    currency: fungibleOf(balancesConfig),
    onRevenue: resolveTo(balancesConfig, MOCK_REVENUE_ACCOUNT),
    constants: brokerConstants,
    priceAdapter: opts.priceAdapter ?? named,
    traceRetention: opts.constants?.TestCoretime?.TraceRetention,
  });
  const broker: BrokerConfig = {
    ...config,
    ...(opts.market === undefined ? {} : { Market: opts.market }),
    ...(AutoRenewRecordsRenewedCore === undefined ? {} : { AutoRenewRecordsRenewedCore }),
    ...(ClaimRevenueFailsOnPayment === undefined ? {} : { ClaimRevenueFailsOnPayment }),
    ...(TrackForceReservations === undefined ? {} : { TrackForceReservations }),
  };
  const genesis: Record<string, Readonly<Record<string, unknown>>> = { ...opts.genesis };
  genesis.Broker = { config: mockNewConfig(), ...opts.genesis?.Broker };
  return createRuntime({
    name: opts.name ?? "broker-mock",
    pallets: [
      Balances.instance(balancesConfig),
      TestCoretime.instance({ ...opts.constants?.TestCoretime }),
      ...(opts.extraPallets ?? []),
      Broker.instance(broker),
    ],
    genesis,
    retainBlocks: opts.retainBlocks,
  });
}

/**
 * The mock's `advance_to(b)`: builds blocks up to `b` and leaves block `b` open (its hooks have
 * run), so that calls applied next belong to block `b`. Does nothing when the chain is at or past `b`.
 */
export function advanceTo(rt: Runtime, block: number): void {
  if (block > rt.blockNumber) rt.openBlock(block);
}

/** The mock's `advance_sale_period()`: `advance_to(SaleInfo.region_begin × TimeslicePeriod)`. */
export function advanceSalePeriod(rt: Runtime): void {
  const sale = rt.read((ctx) => Broker.storage.SaleInfo.get(ctx));
  if (sale === undefined) throw new Error("advanceSalePeriod: no sale");
  advanceTo(rt, sale.region_begin * rt.configOf<BrokerConfig>(Broker).TimeslicePeriod);
}

/** Free balance of `who` in a runtime with Balances (the mock's `balance(who)`). */
export function balanceOf(rt: Runtime, who: string): bigint {
  return rt.read((ctx) => Balances.storage.Account.get(ctx, who)?.free ?? 0n);
}

/** The mock relay's trace (mock.rs's `CoretimeTrace::get()`): the `Trace` entries' items in sequence order (the last `TraceRetention` of them when that is set). */
export function coretimeTrace(rt: Runtime): readonly CoretimeTraceItem[] {
  // the map iterates in storage key order (Twox64Concat of the number): the Vec's order is the key's
  const entries = rt.read((ctx) => TestCoretime.storage.Trace.entries(ctx));
  return entries.sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}
