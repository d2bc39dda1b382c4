/**
 * The ports the relay-side coretime pallet needs: its `Config` (polkadot-sdk
 * `polkadot/runtime/parachains/src/coretime/mod.rs` and `assigner_coretime/mod.rs`), the on-demand
 * assignment provider it pops `Pool` work from (`on_demand/mod.rs`) and the way back to the
 * coretime chain (the XCM messages `notify_core_count` / `notify_revenue`). A runtime wires
 * implementations in, as FRAME's `impl coretime::Config for Runtime` does.
 *
 * The ports are structural types: `@corelab/pallet-on-demand`'s `onDemandAssignmentProvider(config)`
 * fits `OnDemandPort` without either package importing the other.
 */
import type { Context, EnsureOrigin, Fungible } from "@corelab/frame";
import type { CoreIndex, ParaId } from "./types.ts";

/**
 * The on-demand assignment provider (`on_demand::Pallet<T>`'s non-dispatchable API, v1 + credits).
 * Every method gets the coretime pallet's context, so it may read and write the on-demand state.
 */
export interface OnDemandPort {
  /** `pop_assignment_for_core(core)`: the para of the next order this core serves, or `undefined` when none. */
  popAssignmentForCore(ctx: Context, core: CoreIndex): ParaId | undefined;
  /** `report_processed(para, core)`: the order popped for `core` has been served (affinity bookkeeping). */
  reportProcessed(ctx: Context, paraId: ParaId, core: CoreIndex): void;
  /** `push_back_assignment(para, core)`: the order popped for `core` was not served; put it back at the front. */
  pushBackAssignment(ctx: Context, paraId: ParaId, core: CoreIndex): void;
  /** `claim_revenue_until(when)`: takes and returns the on-demand revenue of the blocks before `when` (planck). */
  claimRevenueUntil(ctx: Context, when: number): bigint;
  /** `credit_account(who, amount)`: adds `amount` of on-demand credits to relay account `who`. */
  creditAccount(ctx: Context, who: string, amount: bigint): void;
  /**
   * On-demand v2 (polkadot-sdk#10184) `pop_assignment_for_cores(now, num_cores)`: takes up to
   * `numCores` ready orders (`ordered_at + 2 ≤ now`), one per para, and returns their paras in
   * ascending para id. Needed when `CoretimeConfig.OnDemandVersion` is 2; v1 providers leave it out.
   */
  popAssignmentForCores?(ctx: Context, now: number, numCores: number): readonly ParaId[];
  /**
   * On-demand v2: what `popAssignmentForCores(now, numCores)` would answer on the current queue,
   * without taking anything (the scheduler's `AccessMode::Peek` over `peek_order_queue()`). Needed
   * when `CoretimeConfig.OnDemandVersion` is 2.
   */
  peekAssignmentForCores?(ctx: Context, now: number, numCores: number): readonly ParaId[];
}

/**
 * The way back to the coretime chain (the broker). In Rust these are XCM `Transact`s of
 * `Broker::notify_core_count` (call 19) and `Broker::notify_revenue` (call 20, with the revenue
 * teleported to the broker's pot). In a network they are messages; in tests a recording mock.
 */
export interface BrokerNotifier {
  /** `NotifyCoreCount(count)`: the relay chain's core count changed (sent when the new count becomes active). */
  notifyCoreCount(ctx: Context, count: number): void;
  /**
   * `NotifyRevenue((until, amount))`: on-demand revenue of the blocks before `until` (planck). When
   * the pallet has a `RevenueTransactor` and `amount > 0`, the amount has just been withdrawn from
   * the on-demand pot: the notifier carries it to the broker's pot along with the notification
   * (Rust: `ReceiveTeleportedAsset` + `DepositAsset { beneficiary: BrokerPotLocation }` before the
   * `Transact`). Without a transactor the amount is only reported.
   */
  notifyRevenue(ctx: Context, revenue: { until: number; amount: bigint }): void;
}

/**
 * The funds side of `notify_revenue` (polkadot-sdk `coretime/mod.rs`, `do_notify_revenue`): the
 * runtime's `AssetTransactor` withdrawing the native asset from the on-demand pot
 * (`AccountToLocation(on_demand::account_id())`) before the revenue is teleported to the broker.
 */
export interface RevenueTransactor {
  /**
   * `AssetTransactor::withdraw_asset(revenue, on_demand_pot)` (+ `can_check_out`): takes `amount`
   * (planck, > 0) out of the on-demand pot and out of the relay's issuance (the relay's
   * `FungibleAdapter` burns it: `Balances.Burned { who: pot, amount }`). Throws (any dispatch
   * failure) when the pot cannot pay; the pallet then fails with `AssetTransferFailed`.
   */
  withdrawRevenue(ctx: Context, amount: bigint): void;
}

/**
 * The `RevenueTransactor` of a relay whose native asset is `currency` (xcm-builder's
 * `FungibleAdapter::withdraw_asset` = `burn_from(pot, amount, Expendable, Exact, Polite)`):
 * burns `amount` from the on-demand pot account `pot` (`Balances.Burned`). Fails with the
 * currency's error (`Token.FundsUnavailable`) when the pot holds less. The relay's teleport
 * check account (`check_out` minting into `py/xcmch`) is not modelled.
 */
export function burnFromPot(currency: Pick<Fungible, "burnFrom">, pot: string): RevenueTransactor {
  return { withdrawRevenue: (ctx, amount) => currency.burnFrom(ctx, pot, amount, "Expendable") };
}

/** An on-demand provider with an always-empty queue and no revenue (`()`-like). */
export const NoOnDemand: OnDemandPort = {
  popAssignmentForCore: () => undefined,
  reportProcessed: () => {},
  pushBackAssignment: () => {},
  claimRevenueUntil: () => 0n,
  creditAccount: () => {},
};

/** A broker that ignores every notification (a relay chain with no coretime chain behind it). */
export const NoBroker: BrokerNotifier = {
  notifyCoreCount: () => {},
  notifyRevenue: () => {},
};

/**
 * `coretime::Config` + `assigner_coretime::Config`: constants and ports. Constants carry their
 * Rust names so scenario files can override them.
 */
export interface CoretimeConfig {
  /** `BrokerId`: the para id of the coretime chain (informational: origins are checked by `BrokerOrigin`). */
  readonly BrokerId: number;
  /**
   * Who may call `request_core_count`, `request_revenue_at`, `credit_account` and `assign_core`.
   * Rust's `ensure_root_or_para(origin, BrokerId)`: Root, or the broker parachain's origin. Corelab
   * origins have no parachain variant, so a runtime names the broker's origin here (the testing
   * runtime: `ensureRootOrSignedBy([TEST_BROKER_ORIGIN])`). Fails with `BadOrigin`.
   */
  readonly BrokerOrigin: EnsureOrigin;
  /** The way back to the coretime chain. */
  readonly Broker: BrokerNotifier;
  /** The on-demand assignment provider (`on_demand::Pallet<T>`). */
  readonly OnDemand: OnDemandPort;
  /**
   * `AssetTransactor` for the revenue teleport (see `RevenueTransactor`). Absent: revenue is only
   * reported, no funds move (a relay without a coretime chain, the test runtime by default).
   */
  readonly RevenueTransactor?: RevenueTransactor;
  /**
   * Corelab stand-in for the configuration pallet's session delay: relay blocks from
   * `request_core_count` until the new count is active (and announced to the broker). Rust: the
   * update is scheduled and takes two sessions. Default 1 (active from the next block).
   */
  readonly CoreCountDelay?: number;
  /**
   * Corelab era knob: the on-demand pallet's version the scheduler works with (default 1).
   * `1`: `assigner_coretime` as before polkadot-sdk#10184 (one `pop_assignment_for_core` per
   * `Pool` core, `report_processed` the next block, affinity kept by the on-demand pallet).
   * `2`: #10184's scheduler (`scheduler/assigner_coretime`, `advance_assignments`): all `Pool`
   * cores of a block popped at once (`OnDemand.popAssignmentForCores`), and a core left without an
   * assignment takes what the next block would give it (the duplicated first claim). The
   * `OnDemand` port must then offer `popAssignmentForCores` and `peekAssignmentForCores`.
   */
  readonly OnDemandVersion?: 1 | 2;
}
