/**
 * The ports of the on-demand pallet: what it needs (`OnDemandConfig`: the relay `configuration`
 * pallet's active host configuration, a legacy `Currency`) and what it offers other pallets
 * (`OnDemandAssignmentProvider`, used by the relay coretime pallet and the scheduler of a network).
 * Mirrors the `Config` trait of polkadot-sdk `polkadot/runtime/parachains/src/on_demand/mod.rs`
 * (v1 with credits) and the `configuration` pallet's `SchedulerParams`.
 *
 * Port methods are camelCase; each doc names the Rust function it stands for.
 */
import { DispatchErrors, RuntimeUsageError, fail, withPalletConfig, type Context, type Fungible, type PalletContext } from "@corelab/frame";
import {
  claimRevenueUntil,
  creditAccount,
  popAssignmentForCore,
  pushBackAssignment,
  reportProcessed,
} from "./dispatchables.ts";
import { creditAccountV2, peekOrderQueue, popAssignmentForCores, pushBackOrder } from "./dispatchables-v2.ts";
import type { OnDemandPricingConfig, OnDemandVersion } from "./pricing.ts";
import { ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE } from "./types.ts";

/**
 * The part of the relay `HostConfiguration.scheduler_params` (`SchedulerParams`) the on-demand
 * pallet reads, plus `num_cores`. Perbill values are parts (25% = 250_000_000); the base fee is planck.
 */
export interface OnDemandHostConfig {
  /** `on_demand_queue_max_size` (u32): queue capacity; an order needs `size < max`. */
  readonly on_demand_queue_max_size: number;
  /** `on_demand_target_queue_utilization` (Perbill parts). */
  readonly on_demand_target_queue_utilization: number;
  /** `on_demand_fee_variability` (Perbill parts): only enters the quadratic term of the traffic update. */
  readonly on_demand_fee_variability: number;
  /** `on_demand_base_fee` (planck): spot price = traffic × base fee. */
  readonly on_demand_base_fee: bigint;
  /** `num_cores` (u32): cores the coretime chain manages (not read by the pallet itself; for callers). */
  readonly num_cores: number;
}

/**
 * `SchedulerParams::default()` of polkadot-sdk (`polkadot/primitives`), the on-demand fields:
 * queue max size `ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE` (10_000), target utilization 25%, fee
 * variability 3%, base fee 10_000_000 planck, `num_cores` 0.
 */
export const SDK_DEFAULT_HOST_CONFIG: OnDemandHostConfig = Object.freeze({
  on_demand_queue_max_size: ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE,
  on_demand_target_queue_utilization: 250_000_000,
  on_demand_fee_variability: 30_000_000,
  on_demand_base_fee: 10_000_000n,
  num_cores: 0,
});

/**
 * The on-demand constants of the Kusama and Polkadot relay runtimes (fellows
 * `relay/{kusama,polkadot}/src/lib.rs`): `TrafficDefaultValue` 1.0, `MaxHistoricalRevenue`
 * `2 × TIMESLICE_PERIOD` = 160, `PalletId` `"py/ondmd"`.
 */
export const RELAY_ON_DEMAND_CONSTANTS = Object.freeze({
  TrafficDefaultValue: 1_000_000_000_000_000_000n,
  MaxHistoricalRevenue: 160,
  PalletId: "py/ondmd",
} as const);

/**
 * The relay `configuration` pallet as the on-demand pallet sees it: `configuration::ActiveConfig`
 * read at use time. Implementations must be cheap and side-effect free (called every block).
 */
export interface HostConfigurationPort {
  /** `configuration::ActiveConfig::<T>::get().scheduler_params` (+ `num_cores`). */
  activeConfig(ctx: Context): OnDemandHostConfig;
}

/** A `HostConfigurationPort` that always answers `config` (default: `SDK_DEFAULT_HOST_CONFIG`). */
export function staticHostConfiguration(config: OnDemandHostConfig = SDK_DEFAULT_HOST_CONFIG): HostConfigurationPort {
  const frozen = Object.freeze({ ...config });
  return { activeConfig: () => frozen };
}

/** `ExistenceRequirement` of `frame_support::traits`: may the payer be reaped? */
export type ExistenceRequirement = "AllowDeath" | "KeepAlive";

/**
 * The legacy `Currency<AccountId>` calls the pallet makes (`T::Currency`). Errors are
 * pallet-balances' own (`Balances.InsufficientBalance`, `Balances.Expendability`), as the
 * legacy `Currency` implementation of pallet-balances returns them.
 */
export interface OnDemandCurrency {
  /** `free_balance(who)` in planck. */
  freeBalance(ctx: Context, who: string): bigint;
  /**
   * `withdraw(who, amount, WithdrawReasons::FEE, existence)`: removes `amount` from `who` and from
   * the issuance. Fails with `Balances.InsufficientBalance` when the free balance is short, with
   * `Balances.Expendability` when `KeepAlive` and the account would fall below the existential deposit.
   */
  withdraw(ctx: Context, who: string, amount: bigint, existence: ExistenceRequirement): void;
  /**
   * `resolve_creating(who, imbalance)`: deposits `amount` into `who` (creating the account). As in
   * pallet-balances, a deposit below the existential deposit into an account that holds nothing is
   * dropped (the funds are burned; the call does not fail).
   */
  resolveCreating(ctx: Context, who: string, amount: bigint): void;
}

/**
 * A legacy `OnDemandCurrency` over a `Fungible` (pallet-balances' `fungibleOf`), with the checks
 * and errors of pallet-balances' `impl Currency for Pallet` (`impl_currency.rs` `withdraw`):
 * `InsufficientBalance` when `free < amount`, `Expendability` when `KeepAlive` would kill the
 * account (new free < ED while free ≥ ED). A zero amount does nothing.
 */
export function legacyCurrencyOf(fungible: Fungible): OnDemandCurrency {
  return {
    freeBalance: (ctx, who) => fungible.balance(ctx, who),
    withdraw(ctx, who, amount, existence) {
      if (amount === 0n) return;
      const free = fungible.balance(ctx, who);
      if (free < amount) fail(DispatchErrors.module("Balances", "InsufficientBalance"));
      const ed = fungible.minimumBalance();
      if (existence === "KeepAlive" && free - amount < ed && free >= ed) fail(DispatchErrors.module("Balances", "Expendability"));
      fungible.withdraw(ctx, who, amount, "Expendable");
    },
    resolveCreating(ctx, who, amount) {
      // `deposit_creating` fails with `ExistentialDeposit` when the account holds nothing and the
      // amount is below the existential deposit, and `resolve_creating` then drops the imbalance:
      // the funds are burned (already out of the issuance by `withdraw`) and no error surfaces.
      fungible.resolve(ctx, who, amount);
    },
  };
}

/**
 * `on_demand::Config` as a runtime gives it (`impl on_demand::Config for Runtime`). Constants carry
 * their Rust names so scenario files can override them (`constants: { OnDemand: { MaxHistoricalRevenue: 160 } }`).
 */
export interface OnDemandConfig {
  /** `TrafficDefaultValue` (FixedU128 inner): the floor of the spot traffic, 1.0 = 10^18 on every runtime. */
  readonly TrafficDefaultValue: bigint;
  /** `MaxHistoricalRevenue`: blocks of revenue kept (`2 × TIMESLICE_PERIOD` = 160 on the real relays, 10 in the mock). */
  readonly MaxHistoricalRevenue: number;
  /** `PalletId`: 8 bytes (`"py/ondmd"`); the pot is its account. */
  readonly PalletId: string;
  /** `Currency`: the legacy currency orders are paid in. */
  readonly Currency: OnDemandCurrency;
  /** The relay `configuration` pallet (`ActiveConfig`). */
  readonly HostConfiguration: HostConfigurationPort;
  /**
   * Corelab addition: `PalletId::into_account_truncating()` of the runtime's account type.
   * Default: frame's `palletAccountId` (32-byte accounts, SS58); the mock (u64 accounts) passes
   * `u64AccountOfPalletId`.
   */
  readonly PalletAccountOf?: (palletId: string) => string;
  /**
   * Corelab knob: the pallet version (default 1). `1`: `QueueStatus`, `FreeEntries`,
   * `AffinityEntries`, `ParaIdAffinity` (the `OnDemand` declaration); `2`: sdk#10184's single FIFO
   * `OrderStatus` with no affinity (the `OnDemandV2` declaration, which a runtime must hold instead).
   */
  readonly Version?: OnDemandVersion;
  /**
   * Corelab knob: the spot-price rule (default `SpotTraffic`, the pallet's own); `Exponential`
   * (sdk#13009) or `Rfc1Geometric` (RFC-1 ×0.95). See `pricing.ts`.
   */
  readonly Pricing?: OnDemandPricingConfig;
  /**
   * Corelab addition: the cores the on-demand pool has (`PoolCapacityProvider::pool_cores` of
   * sdk#13009; RFC-1's `POOL_SIZE`), read by the `Exponential` and `Rfc1Geometric` pricing.
   * Default: the host configuration's `num_cores` (every core counted as a pool core).
   */
  readonly PoolCores?: (ctx: Context) => number;
}

/** A context of the pallet's own code. */
export type OnDemandContext = PalletContext<OnDemandConfig>;

/**
 * What other pallets call on the on-demand pallet (the relay coretime pallet, the scheduler of a
 * network). Structural: callers declare the same interface, with no import between pallets.
 */
export interface OnDemandAssignmentProvider {
  /** `pop_assignment_for_core(core)`: the para id of the next order for `core`, or undefined (empty queue). */
  popAssignmentForCore(ctx: Context, core: number): number | undefined;
  /** `report_processed(para_id, core)`: the popped assignment was processed (affinity decreases). */
  reportProcessed(ctx: Context, paraId: number, core: number): void;
  /** `push_back_assignment(para_id, core)`: the popped assignment goes back to the front of the queue. */
  pushBackAssignment(ctx: Context, paraId: number, core: number): void;
  /** `claim_revenue_until(when)`: takes the revenue of relay blocks before `when` (exclusive); planck. */
  claimRevenueUntil(ctx: Context, when: number): bigint;
  /** `credit_account(who, amount)`: adds on-demand credits (planck) to `who` (saturating; v2 also emits `AccountCredited`). */
  creditAccount(ctx: Context, who: string, amount: bigint): void;
  /**
   * v2 (sdk#10184) `pop_assignment_for_cores(now, num_cores)`: the paras of up to `numCores` ready
   * orders (`ordered_at + 2 ≤ now`), one per para, in ascending para id. v1 pallets throw.
   */
  popAssignmentForCores(ctx: Context, now: number, numCores: number): number[];
  /** v2 `peek_order_queue()`: the queued `(para_id, ordered_at)`, oldest first. v1 pallets throw. */
  peekOrderQueue(ctx: Context): ReadonlyArray<{ readonly para_id: number; readonly ordered_at: number }>;
  /** v2 `push_back_order(para_id)`: an unserved order back at the end of the queue (`ordered_at = now`). v1 pallets throw. */
  pushBackOrder(ctx: Context, paraId: number): void;
}

/** A pallet context for the on-demand pallet's code from a caller's context (same state, same events, same fast paths). */
export function withOnDemandConfig(ctx: Context, config: OnDemandConfig): OnDemandContext {
  return withPalletConfig(ctx, config);
}

/**
 * The `OnDemandAssignmentProvider` of a runtime whose `OnDemand` pallet has `config` (pass the
 * same object as `OnDemand.instance(config)`). Each method runs the pallet's function on the
 * caller's context: state changes and events land in the caller's block and dispatch.
 */
export function onDemandAssignmentProvider(config: OnDemandConfig): OnDemandAssignmentProvider {
  const v2 = config.Version === 2;
  const only = (version: 1 | 2, fn: string): void => {
    if ((version === 2) !== v2)
      throw new RuntimeUsageError(`OnDemand.${fn} is a function of on-demand v${version}; this pallet is v${v2 ? 2 : 1} (OnDemandConfig.Version)`);
  };
  return {
    popAssignmentForCore: (ctx, core) => (only(1, "pop_assignment_for_core"), popAssignmentForCore(withOnDemandConfig(ctx, config), core)),
    reportProcessed: (ctx, paraId, core) => (only(1, "report_processed"), reportProcessed(withOnDemandConfig(ctx, config), paraId, core)),
    pushBackAssignment: (ctx, paraId, core) => (only(1, "push_back_assignment"), pushBackAssignment(withOnDemandConfig(ctx, config), paraId, core)),
    claimRevenueUntil: (ctx, when) => claimRevenueUntil(withOnDemandConfig(ctx, config), when),
    creditAccount: (ctx, who, amount) => (v2 ? creditAccountV2 : creditAccount)(withOnDemandConfig(ctx, config), who, amount),
    popAssignmentForCores: (ctx, now, numCores) => (only(2, "pop_assignment_for_cores"), popAssignmentForCores(withOnDemandConfig(ctx, config), now, numCores)),
    peekOrderQueue: (ctx) => (only(2, "peek_order_queue"), peekOrderQueue(withOnDemandConfig(ctx, config))),
    pushBackOrder: (ctx, paraId) => (only(2, "push_back_order"), pushBackOrder(withOnDemandConfig(ctx, config), paraId)),
  };
}
