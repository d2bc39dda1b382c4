/**
 * `@corelab/pallet-on-demand/testing`: the on-demand pallet's mock runtime, as polkadot-sdk's
 * parachains `mock.rs` (`impl on_demand::Config for Test`) and `on_demand/mock_helpers.rs`
 * (`GenesisConfigBuilder`) build it for `on_demand/tests.rs`.
 *
 * - `OnDemandTest`: the test harness as a pallet. Its storage `ActiveConfig` is the mock's host
 *   configuration (the relay `configuration` pallet's `ActiveConfig`, on-demand fields), read by
 *   `mockHostConfiguration`; its Root calls are the non-dispatchable functions the Rust tests call
 *   directly (`pop_assignment_for_core`, `report_processed`, `push_back_assignment`,
 *   `assignment_duplicated`, `claim_revenue_until`, `credit_account`, `set_queue_status`,
 *   `set_credits`, `currency_withdraw`), with results as events (`AssignmentPopped`, `RevenueClaimed`).
 * - `MOCK_CONSTANTS`, `MOCK_HOST_CONFIG`, `onDemandMockConfig(...)`: the mock's `Config` and host configuration.
 * - `createOnDemandMockRuntime(...)`: System, Balances (existential deposit 1), OnDemandTest, OnDemand.
 *
 * Accounts are the mock's u64 ids written as strings (`"1"`, `"100"`); the pot is `MOCK_POT`
 * (`u64AccountOfPalletId("py/ondmd")`).
 */
import { DispatchErrors, createRuntime, definePallet, ensureRoot, fail, stringEnumScale, t, value, type Context, type Runtime } from "@corelab/frame";
import { Balances, fungibleOf, type BalancesConfig } from "@corelab/pallet-balances";
import { accountId, assignmentDuplicated, claimRevenueUntil, creditAccount, popAssignmentForCore, pushBackAssignment, reportProcessed } from "./dispatchables.ts";
import { creditAccountV2, peekOrderQueue, popAssignmentForCores, pushBackOrder } from "./dispatchables-v2.ts";
import {
  legacyCurrencyOf,
  withOnDemandConfig,
  type ExistenceRequirement,
  type HostConfigurationPort,
  type OnDemandConfig,
  type OnDemandHostConfig,
} from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { OnDemandV2 } from "./pallet-v2.ts";
import { QueueTrackerCodec } from "./pricing.ts";
import { Balance, CoreIndex, ParaId, QueueStatusType, peekClaimQueue } from "./types.ts";

/**
 * `PalletId(id).into_account_truncating()` for the mock's u64 accounts: the first 8 bytes of
 * `"modl" ++ id`, little-endian, as a decimal string (`"py/ondmd"` → `"8011386186453872493"`).
 */
export function u64AccountOfPalletId(palletId: string): string {
  const bytes = new TextEncoder().encode(`modl${palletId}`).slice(0, 8);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v.toString();
}

/** The on-demand constants of the parachains mock (`TrafficDefaultValue` 1.0, `MaxHistoricalRevenue` 10, `PalletId` `"py/ondmd"`). */
export const MOCK_CONSTANTS = {
  TrafficDefaultValue: 1_000_000_000_000_000_000n,
  MaxHistoricalRevenue: 10,
  PalletId: "py/ondmd",
} as const;

/**
 * The constants of an `OnDemandConfig` (what a scenario's `constants: { OnDemand: … }` may
 * override): the Rust ones and the Corelab knobs `Version` (1 | 2, default 1) and `Pricing`
 * (`SpotTraffic` | `Exponential` | `Rfc1Geometric`, default `SpotTraffic`).
 */
export type OnDemandConstants = Pick<OnDemandConfig, "TrafficDefaultValue" | "MaxHistoricalRevenue" | "PalletId" | "Version" | "Pricing">;

/** A harness call that needs one version of the pallet: `Other` dispatch error on the other. */
function needVersion(cfg: OnDemandConfig, version: 1 | 2, call: string): void {
  if ((cfg.Version ?? 1) !== version) fail(DispatchErrors.other(`OnDemandTest.${call} needs on-demand v${version} (constants.OnDemand.Version: ${version})`));
}

/**
 * The host configuration of `on_demand/mock_helpers.rs` `GenesisConfigBuilder::default()`: base fee
 * 10_000, fee variability 1%, queue max size 100, target utilization 25%, 10 cores.
 */
export const MOCK_HOST_CONFIG: OnDemandHostConfig = Object.freeze({
  on_demand_queue_max_size: 100,
  on_demand_target_queue_utilization: 250_000_000,
  on_demand_fee_variability: 10_000_000,
  on_demand_base_fee: 10_000n,
  num_cores: 10,
});

/** The mock's existential deposit (`EXISTENTIAL_DEPOSIT` = 1). */
export const MOCK_EXISTENTIAL_DEPOSIT = 1n;

/** The mock's pot account (`OnDemand::account_id()` with u64 accounts). */
export const MOCK_POT = u64AccountOfPalletId(MOCK_CONSTANTS.PalletId);

/** Codec of the host configuration's on-demand fields (`OnDemandHostConfig`). */
export const OnDemandHostConfigCodec = t.struct("OnDemandHostConfig", {
  on_demand_queue_max_size: t.u32,
  on_demand_target_queue_utilization: t.u32,
  on_demand_fee_variability: t.u32,
  on_demand_base_fee: Balance,
  num_cores: t.u32,
});

/** `OnDemandTest`'s configuration: the on-demand config its calls run with. */
export interface OnDemandTestConfig {
  readonly onDemand: OnDemandConfig;
}

const ExistenceCodec = t.custom<ExistenceRequirement>({
  name: "ExistenceRequirement",
  parse(input, ctx) {
    const s = t.str.parse(input, ctx);
    if (s !== "AllowDeath" && s !== "KeepAlive") return t.enumOf("ExistenceRequirement", { AllowDeath: null, KeepAlive: null }).parse(input, ctx).type as ExistenceRequirement;
    return s;
  },
  toJson: (v) => v,
  key: (v) => v,
  // frame-support's `ExistenceRequirement { KeepAlive, AllowDeath }`: one byte, in that order
  scale: stringEnumScale<ExistenceRequirement>("ExistenceRequirement", ["KeepAlive", "AllowDeath"]),
});

/**
 * The test harness of `on_demand/tests.rs` as a pallet (Root calls for what the tests call
 * directly; results as events). Put it before `OnDemand` in the runtime.
 */
export const OnDemandTest = definePallet<OnDemandTestConfig>()({
  name: "OnDemandTest",
  source: "polkadot-sdk polkadot/runtime/parachains/src/on_demand/tests.rs, mock_helpers.rs (test harness)",
  docs: "The on-demand tests' harness: the mock host configuration and direct calls of the pallet's non-dispatchable functions.",
  storage: {
    ActiveConfig: value(OnDemandHostConfigCodec, {
      default: () => ({ ...MOCK_HOST_CONFIG }),
      docs: "The relay `configuration::ActiveConfig` (on-demand fields) the mock answers with.",
    }),
  },
  events: {
    AssignmentPopped: { core: CoreIndex, para_id: t.option(ParaId) },
    RevenueClaimed: { when: t.u32, amount: Balance },
    AssignmentsPopped: { now: t.u32, para_ids: t.vec(ParaId) },
    ClaimQueue: { claims: t.vec(t.tuple([CoreIndex, t.vec(ParaId)], "(CoreIndex, Vec<ParaId>)")) },
  },
  errors: {},
  calls: {
    pop_assignment_for_core: {
      index: 0,
      args: { core: CoreIndex },
      docs: "`OnDemand::pop_assignment_for_core(core)`; event AssignmentPopped { core, para_id } (null when none). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 1, "pop_assignment_for_core");
        const para = popAssignmentForCore(withOnDemandConfig(ctx, ctx.config.onDemand), a.core);
        OnDemandTest.deposit(ctx, "AssignmentPopped", { core: a.core, para_id: para });
      },
    },
    report_processed: {
      index: 1,
      args: { para_id: ParaId, core: CoreIndex },
      docs: "`OnDemand::report_processed(para_id, core)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 1, "report_processed");
        reportProcessed(withOnDemandConfig(ctx, ctx.config.onDemand), a.para_id, a.core);
      },
    },
    push_back_assignment: {
      index: 2,
      args: { para_id: ParaId, core: CoreIndex },
      docs: "`OnDemand::push_back_assignment(para_id, core)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 1, "push_back_assignment");
        pushBackAssignment(withOnDemandConfig(ctx, ctx.config.onDemand), a.para_id, a.core);
      },
    },
    assignment_duplicated: {
      index: 3,
      args: { para_id: ParaId, core: CoreIndex },
      docs: "`OnDemand::assignment_duplicated(para_id, core)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 1, "assignment_duplicated");
        assignmentDuplicated(withOnDemandConfig(ctx, ctx.config.onDemand), a.para_id, a.core);
      },
    },
    claim_revenue_until: {
      index: 4,
      args: { when: t.u32 },
      docs: "`OnDemand::claim_revenue_until(when)`; event RevenueClaimed { when, amount }. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        const amount = claimRevenueUntil(withOnDemandConfig(ctx, ctx.config.onDemand), a.when);
        OnDemandTest.deposit(ctx, "RevenueClaimed", { when: a.when, amount });
      },
    },
    credit_account: {
      index: 5,
      args: { who: t.accountId, amount: Balance },
      docs: "`OnDemand::credit_account(who, amount)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        const od = ctx.config.onDemand;
        (od.Version === 2 ? creditAccountV2 : creditAccount)(withOnDemandConfig(ctx, od), a.who, a.amount);
      },
    },
    set_queue_status: {
      index: 6,
      args: { status: QueueStatusType },
      docs: "`OnDemand::set_queue_status(status)` (tests only): overwrites QueueStatus. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 1, "set_queue_status");
        OnDemand.storage.QueueStatus.put(ctx, a.status);
      },
    },
    set_credits: {
      index: 7,
      args: { who: t.accountId, amount: Balance },
      docs: "`Credits::<Test>::insert(who, amount)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        OnDemand.storage.Credits.insert(ctx, a.who, a.amount);
      },
    },
    currency_withdraw: {
      index: 8,
      args: { who: t.accountId, amount: Balance, existence: ExistenceCodec },
      docs: "`<Test as Config>::Currency::withdraw(who, amount, FEE, existence)` (the imbalance is dropped: burnt). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        ctx.config.onDemand.Currency.withdraw(ctx, a.who, a.amount, a.existence);
      },
    },
    pop_assignment_for_cores: {
      index: 10,
      args: { now: t.u32, num_cores: t.u32 },
      docs: "v2: `OnDemand::pop_assignment_for_cores(now, num_cores)`; event AssignmentsPopped { now, para_ids } (ascending para id). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 2, "pop_assignment_for_cores");
        const paras = popAssignmentForCores(withOnDemandConfig(ctx, ctx.config.onDemand), a.now, a.num_cores);
        OnDemandTest.deposit(ctx, "AssignmentsPopped", { now: a.now, para_ids: paras });
      },
    },
    push_back_order: {
      index: 11,
      args: { para_id: ParaId },
      docs: "v2: `OnDemand::push_back_order(para_id)`. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 2, "push_back_order");
        pushBackOrder(withOnDemandConfig(ctx, ctx.config.onDemand), a.para_id);
      },
    },
    peek_claim_queue: {
      index: 12,
      args: { num_cores: t.u32, num_entries: t.u32 },
      docs: "v2: the on-demand claim queue the scheduler's runtime API would show after this point of the block (`peek_next_block(num_entries)` over `peek_order_queue()`, cores 0..num_cores all serving the pool); event ClaimQueue { claims }. Writes nothing. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        needVersion(ctx.config.onDemand, 2, "peek_claim_queue");
        const queue = peekOrderQueue(withOnDemandConfig(ctx, ctx.config.onDemand));
        OnDemandTest.deposit(ctx, "ClaimQueue", { claims: peekClaimQueue(queue, ctx.blockNumber + 1, a.num_cores, a.num_entries) });
      },
    },
    set_queue_state: {
      index: 13,
      args: { state: t.option(QueueTrackerCodec) },
      docs: "Overwrites (null: removes) `OnDemand.QueueState`, the Exponential pricing's outstanding-order estimate (as sdk#13009's tests seed it). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        if (a.state === undefined) OnDemand.storage.QueueState.kill(ctx);
        else OnDemand.storage.QueueState.put(ctx, a.state);
      },
    },
    set_active_config: {
      index: 9,
      args: { config: OnDemandHostConfigCodec },
      docs: "Replaces the mock host configuration (as a configuration update taking effect at once). Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        OnDemandTest.storage.ActiveConfig.put(ctx, a.config);
      },
    },
  },
});

/** A `HostConfigurationPort` reading `OnDemandTest.ActiveConfig` (needs `OnDemandTest` in the runtime). */
export const mockHostConfiguration: HostConfigurationPort = {
  activeConfig: (ctx: Context) => OnDemandTest.storage.ActiveConfig.get(ctx),
};

/**
 * The parachains mock's `impl on_demand::Config for Test`: the mock constants (overridable),
 * `Currency` = Balances through `legacyCurrencyOf`, the host configuration from
 * `mockHostConfiguration` (or the given port), u64 pallet accounts.
 */
export function onDemandMockConfig(opts: {
  balances?: BalancesConfig;
  constants?: Partial<OnDemandConstants>;
  hostConfiguration?: HostConfigurationPort;
} = {}): OnDemandConfig {
  const balances = opts.balances ?? { ExistentialDeposit: MOCK_EXISTENTIAL_DEPOSIT };
  return {
    ...MOCK_CONSTANTS,
    ...opts.constants,
    Currency: legacyCurrencyOf(fungibleOf(balances)),
    HostConfiguration: opts.hostConfiguration ?? mockHostConfiguration,
    PalletAccountOf: u64AccountOfPalletId,
  };
}

/** The pallets of the on-demand mock runtime after System, in runtime order (for parsing a scenario's `constants`/`genesis`). */
export const ON_DEMAND_MOCK_PALLETS = [Balances, OnDemandTest, OnDemand] as const;

/** Account aliases of the on-demand mock: `pallet:OnDemand` → the pot. */
export const ON_DEMAND_MOCK_ACCOUNTS: Readonly<Record<string, string>> = { "pallet:OnDemand": MOCK_POT };

/** Options of `createOnDemandMockRuntime` (parsed values, as a preset's `parsePalletOptions` gives them). */
export interface OnDemandMockOptions {
  /** Runtime name (default `on-demand-mock`). */
  readonly name?: string;
  /** Constant overrides: `OnDemand` (see `OnDemandConstants`) and `Balances` (`ExistentialDeposit`, default 1). */
  readonly constants?: {
    readonly OnDemand?: Partial<OnDemandConstants>;
    readonly Balances?: Partial<BalancesConfig>;
    readonly [pallet: string]: Readonly<Record<string, unknown>> | undefined;
  };
  /** Genesis per pallet (`Balances.balances` endows accounts). */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/**
 * The on-demand mock runtime: System, Balances (existential deposit 1), OnDemandTest (mock host
 * configuration and test calls), OnDemand (with `onDemandMockConfig`; the `OnDemandV2`
 * declaration when `constants.OnDemand.Version` is 2). Building a block runs
 * `OnDemand::on_initialize`, as the tests' `run_to_block` does.
 */
export function createOnDemandMockRuntime(opts: OnDemandMockOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: MOCK_EXISTENTIAL_DEPOSIT, ...opts.constants?.Balances };
  const onDemand = onDemandMockConfig({ balances, constants: opts.constants?.OnDemand });
  return createRuntime({
    name: opts.name ?? "on-demand-mock",
    pallets: [Balances.instance(balances), OnDemandTest.instance({ onDemand }), (onDemand.Version === 2 ? OnDemandV2 : OnDemand).instance(onDemand)],
    genesis: { ...opts.genesis },
    retainBlocks: opts.retainBlocks,
  });
}

/** The pot of a runtime built with `createOnDemandMockRuntime` (`OnDemand::account_id()`). */
export function mockPot(rt: Runtime): string {
  return rt.read((ctx) => accountId(withOnDemandConfig(ctx, rt.configOf<OnDemandConfig>(OnDemand))));
}
