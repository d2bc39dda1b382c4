/**
 * The ports pallet-broker needs: its `Config` (polkadot-sdk `substrate/frame/broker/src/lib.rs`),
 * the relay-chain side `CoretimeInterface` (`coretime_interface.rs`) and the price controller
 * `AdaptPrice` (`adapt_price.rs`). A runtime wires implementations in, as FRAME's
 * `impl pallet_broker::Config for Runtime` does.
 *
 * Port methods are camelCase TypeScript functions; each doc names the Rust function it stands for.
 */
import type { Context, EnsureOrigin, Fungible, OnUnbalanced } from "@corelab/frame";
import type { Market } from "./market.ts";
import type { AdaptedPrices, AssignmentPart, CoreIndex, SalePerformance, TaskId, Timeslice } from "./types.ts";

/**
 * The relay-chain side of coretime (`CoretimeInterface`). The broker never reads answers
 * synchronously: replies come back through `notify_core_count` (→ `CoreCountInbox`) and
 * `notify_revenue` (→ `RevenueInbox`) and are processed at the next tick. Every method gets the
 * broker's context first, so an implementation may read and write state (a mock relay, or a
 * network's message queue).
 */
export interface CoretimeInterface {
  /** `request_core_count(count)`: ask the relay chain to provide `count` cores. */
  requestCoreCount(ctx: Context, count: CoreIndex): void;
  /**
   * `request_revenue_info_at(when)`: ask for the on-demand revenue of the instantaneous pool up
   * to relay block `when`; the answer arrives as `notify_revenue({ until: when, amount })`.
   */
  requestRevenueInfoAt(ctx: Context, when: number): void;
  /** `credit_account(who, amount)`: credit relay-chain account `who` with `amount` (relay balance) of on-demand credit. */
  creditAccount(ctx: Context, who: string, amount: bigint): void;
  /**
   * `assign_core(core, begin, assignment, end_hint)`: from relay block `begin`, `core` runs
   * `assignment` (parts of 57600, summing to 57600, sorted by assignment). The broker always
   * passes `endHint = undefined`.
   */
  assignCore(ctx: Context, core: CoreIndex, begin: number, assignment: readonly AssignmentPart[], endHint: number | undefined): void;
  /** `on_new_timeslice(timeslice)` (default: nothing). */
  onNewTimeslice?(ctx: Context, timeslice: Timeslice): void;
  /**
   * `RelayChainBlockNumberProvider::current_block_number()`: the relay-chain block number the
   * broker's clock runs on. Default: the block number of the runtime itself (as in the mock,
   * and as SCENARIO.md says of single-chain presets).
   */
  relayChainBlockNumber?(ctx: Context): number;
}

/**
 * `impl CoretimeInterface for ()`: a relay chain that ignores every message. Useful for a
 * broker runtime with no relay behind it (benchmarks, price studies).
 */
export const NoCoretime: CoretimeInterface = {
  requestCoreCount: () => {},
  requestRevenueInfoAt: () => {},
  creditAccount: () => {},
  assignCore: () => {},
};

/**
 * The price controller (`AdaptPrice<Balance>`). Fixed-point values are `FixedU64` inner integers
 * (1.0 = 1_000_000_000n), with the rounding of sp-arithmetic (see `@corelab/frame` arithmetic).
 */
export interface AdaptPrice {
  /** A short name for reports (`CenterTargetPrice`, `MinimumPrice(10)`). */
  readonly name: string;
  /**
   * `leadin_factor_at(when)`: the factor (FixedU64 inner) by which `end_price` is multiplied at
   * `when` ∈ [0, 1] (FixedU64 inner) through the lead-in.
   */
  leadinFactorAt(when: bigint): bigint;
  /** `adapt_price(performance)`: end and target prices of the next sale from how the last one went. */
  adaptPrice(performance: SalePerformance): AdaptedPrices;
}

/** `Convert<Balance, RelayBalance> + ConvertBack`: between the local and the relay-chain balance. */
export interface ConvertBalance {
  /** Local → relay (`convert`). */
  convert(amount: bigint): bigint;
  /** Relay → local (`convert_back`). */
  convertBack(amount: bigint): bigint;
}

/** `Identity` conversion (the mock's and the real chains' `ConvertBalance`). */
export const IdentityBalance: ConvertBalance = { convert: (a) => a, convertBack: (a) => a };

/**
 * Which historical variant of the sale and renewal rules the pallet runs (a Corelab addition,
 * for replaying chain history; the snapshot's rules are `"current"`):
 *
 * - `"current"` (polkadot-sdk #8630, May 2025, to the snapshot): a renewal's next price is
 *   `min(sale_price(now), max(price + renewal_bump·price, sale.end_price))`.
 * - `"before-8630"` (#4521 … #8630, June 2024 – May 2025): the renewal cap has no
 *   `max(…, end_price)`: `min(sale_price(now), price + renewal_bump·price)`.
 * - `"before-4521"` (the launch rules, to May 2024): as `"before-8630"`, and also a new sale's
 *   `sellout_price` starts as `None` (not `Some(end_price)`), and renewals do not update
 *   `sellout_price` (only purchases do). Pair it with a legacy adapter (`LinearPrice`,
 *   `KusamaLaunchPrice`), which computes the old "regular price" rule from `SalePerformance`.
 */
export type SaleRules = "current" | "before-8630" | "before-4521";

/**
 * `pallet_broker::Config`: constants and ports. Constants carry their Rust names so scenario
 * files can override them (`constants: { Broker: { TimeslicePeriod: 2 } }`).
 */
export interface BrokerConfig {
  /** `TimeslicePeriod`: relay-chain blocks per timeslice (80 on Kusama/Polkadot, 2 in the mock). */
  readonly TimeslicePeriod: number;
  /** `MaxLeasedCores`: bound of `Leases`. */
  readonly MaxLeasedCores: number;
  /** `MaxReservedCores`: bound of `Reservations`. */
  readonly MaxReservedCores: number;
  /** `MaxAutoRenewals`: bound of `AutoRenewals`. */
  readonly MaxAutoRenewals: number;
  /** `MinimumCreditPurchase`: the smallest `purchase_credit` amount (planck). */
  readonly MinimumCreditPurchase: bigint;
  /** `PalletId`: 8 bytes (`"py/broke"` on the real chains, `"TsBroker"` in the mock); the pot is its account. */
  readonly PalletId: string;
  /** `Currency`: the fungible the broker charges and pays in. */
  readonly Currency: Fungible;
  /** `OnRevenue`: where charged funds go (purchases, renewals, system pool payouts, dropped history). */
  readonly OnRevenue: OnUnbalanced;
  /** `Coretime`: the relay-chain side. */
  readonly Coretime: CoretimeInterface;
  /** `PriceAdapter`: the price controller. */
  readonly PriceAdapter: AdaptPrice;
  /** `AdminOrigin`: who may call the admin calls besides Root (`ensure_origin_or_root`). */
  readonly AdminOrigin: EnsureOrigin;
  /** `SovereignAccountOf: MaybeConvert<TaskId, AccountId>`: the account of a task, which may (dis)able and pays its auto-renewal. */
  readonly SovereignAccountOf: (task: TaskId) => string | undefined;
  /** `ConvertBalance` (default: identity). */
  readonly ConvertBalance?: ConvertBalance;
  /**
   * Corelab addition: the runtime's `AccountIdConversion` (`PalletId::into_account_truncating`).
   * Default: the 32-byte account (`"modl" ++ PalletId`, zero-padded) as an SS58 address; the mock,
   * whose accounts are u64s, passes `u64AccountOfPalletId`.
   */
  readonly PalletAccountOf?: (palletId: string) => string;
  /** Corelab addition: the historical rules to run (default `"current"`, the snapshot). See `SaleRules`. */
  readonly SaleRules?: SaleRules;
  /**
   * Corelab addition: whether the pallet has auto-renewal (default `true`, the snapshot).
   * Auto-renewal (polkadot-sdk #4424, in the fellows runtimes from 1.4.0) added the `AutoRenewals`
   * item, `enable_auto_renew` / `disable_auto_renew` and the `renew_cores` step of `rotate_sale`.
   * `false` runs the pallet as before it, for replaying older runtimes (coretime-polkadot 1 003 000,
   * coretime-kusama before 1 004 000): `rotate_sale` does not touch `AutoRenewals`, so the item is
   * never written (byte-for-byte the older chains' storage, which has no such key). The two calls
   * stay (those runtimes did not have them; pair it with `MaxAutoRenewals: 0`, so that enabling
   * fails with `TooManyAutoRenewals` and disabling with `AutoRenewalNotEnabled`, writing nothing).
   */
  readonly AutoRenew?: boolean;
  /**
   * What sale timing counts (Corelab option): `"relay"` (default) relay blocks, as pallet-broker
   * since `MigrateV3ToV4` (coretime chains from spec 1 006 000); `"parachain"` the coretime chain's
   * own block numbers, as before (`sale_start`, `leadin_length` and `interlude_length` in para
   * blocks). Commits and timeslices always follow the relay block. See `saleBlockNumber`.
   */
  readonly SaleClock?: "relay" | "parachain";
  /**
   * The market that sells bulk coretime (the `Market` port of polkadot-sdk #11563; see `market.ts`).
   * Default `LegacyMarket`: today's sales (lead-in, `SaleInfo`, `PriceAdapter`, the `SaleRules`
   * renewal price), byte for byte the pallet without the port. `PriceAdapter` and `SaleRules` are
   * read by the legacy market only.
   */
  readonly Market?: Market;
  /**
   * Corelab option, polkadot-sdk #10767 (merged 2026-01; fellows runtimes 2.2.0): `enable_auto_renew`
   * records (and announces in `AutoRenewalEnabled`) the core its immediate renewal returned, so the
   * next rotation renews the right core. Default `false`: the snapshot, which keeps the old core.
   */
  readonly AutoRenewRecordsRenewedCore?: boolean;
  /**
   * Corelab option, polkadot-sdk #13040 (merged 2026-08/09, in no release up to 2.3.2):
   * `claim_revenue` fails (and changes nothing) when paying the payee fails, instead of consuming
   * the claim with `.defensive_ok()`. Default `false`: the snapshot.
   */
  readonly ClaimRevenueFailsOnPayment?: boolean;
  /**
   * Corelab option, polkadot-sdk #10792 (merged 2026-01; fellows runtimes 2.2.0, spec 2 002 000):
   * `force_reserve` also records the workload in `ForceReservations` and no longer writes
   * `Workplan[(sale.region_begin, core)]`; the next `rotate_sale` places each recorded workload on
   * the first unsold core of the ending sale (`old.first_core + old.cores_sold`, then the next),
   * for the region that ending sale sold, after that sale's unsold cores were pooled, and empties
   * `ForceReservations`; a workload with no such core left (`≥ core_count`) is dropped with
   * `ForceReservationFailed { schedule }`. Default `false`: the snapshot, whose next rotation
   * overwrites a force-reserved unsold core with `Pool` (see `doForceReserve`). Read from
   * polkadot-sdk `dispatchable_impls.rs` / `tick_impls.rs` as indexed after the PR (a version that
   * already has the `Market` trait; the placement is the same rotation step): the pooled parts of
   * the overwritten cores stay counted in `InstaPoolIo`, as there; the `NoSales` check before it is
   * the snapshot's.
   */
  readonly TrackForceReservations?: boolean;
}
