/**
 * The ports pallet-slashing needs (its `Config`) and the ports it offers other pallets
 * (`CollateralPort` for the task auction, `OperatorSlashPort`). A runtime wires implementations
 * in, as FRAME's `impl pallet_slashing::Config for Runtime` would.
 */
import type { Context, EnsureOrigin, Fungible } from "@corelab/frame";

/**
 * A fungible currency with reserves: frame's `Fungible` plus `ReservableCurrency`'s `reserve`,
 * `unreserve`, `slash_reserved` and `reserved_balance` (polkadot-sdk
 * `frame_support::traits::ReservableCurrency`). Amounts are planck. `@corelab/pallet-balances`
 * implements it (`reservableCurrencyOf` in `@corelab/pallet-slashing/testing`).
 */
export interface ReservableCurrency extends Fungible {
  /** `reserved_balance(who)`. */
  reservedBalance(ctx: Context, who: string): bigint;
  /** `reserve(who, amount)`: free → reserved; fails (changing nothing) when the free balance is short. */
  reserve(ctx: Context, who: string, amount: bigint): void;
  /** `unreserve(who, amount)`: reserved → free, up to what is reserved; returns the part that could not be unreserved. */
  unreserve(ctx: Context, who: string, amount: bigint): bigint;
  /** `slash_reserved(who, amount)`: removes up to `amount` of reserved balance from `who` and from the issuance; returns what was removed. */
  slashReserved(ctx: Context, who: string, amount: bigint): bigint;
}

/**
 * `pallet_slashing::Config`: constants (Rust-style names, overridable from scenario files as
 * `constants: { Slashing: { SlashDeferDuration: 3 } }`) and ports.
 */
export interface SlashingConfig {
  /**
   * `UnbondingDelay`: blocks between `unbond` and the block from which the chunk can be
   * withdrawn; the chunk stays slashable until then (EigenLayer `DEALLOCATION_DELAY`,
   * pallet-staking `BondingDuration` in blocks).
   */
  readonly UnbondingDelay: number;
  /**
   * `SlashDeferDuration`: blocks between a reported operator slash and its application. 0 =
   * applied at once (EigenLayer mode); otherwise stored in `UnappliedSlashes` under
   * `now + SlashDeferDuration` and cancellable by `AdminOrigin` until then (pallet-staking).
   * Must be less than `UnbondingDelay` when not 0, so that the stake a slash was computed on is
   * still bonded when it applies.
   */
  readonly SlashDeferDuration: number;
  /** `SlashSpanLength`: blocks per slashing span (span index = `floor(block / SlashSpanLength)`); at least 1. */
  readonly SlashSpanLength: number;
  /** `MinOperatorStake`: $S_{\min}$; an operator whose active stake falls below it is deactivated. */
  readonly MinOperatorStake: bigint;
  /** `CompensationShare`: $\gamma$ (Perbill parts): the share of forfeited collateral paid to the harmed operator. */
  readonly CompensationShare: number;
  /** `Treasury`: where the rest of a slash goes; `undefined` = burned. */
  readonly Treasury?: string;
  /** `MaxUnlockingChunks`: bound of `OperatorLedger.unlocking` (pallet-staking: 32). */
  readonly MaxUnlockingChunks: number;
  /** `Currency`: the currency stake and collateral are reserved in. */
  readonly Currency: ReservableCurrency;
  /** `AdminOrigin`: who may slash, cancel deferred slashes and force collateral locks (Root always passes when this is `ensureRootOrigin`). */
  readonly AdminOrigin: EnsureOrigin;
}

/**
 * The collateral port the task auction uses (`@corelab/pallet-task-auction`'s `Collateral`
 * config). Every method takes the *caller's* context; methods that fail throw a
 * `DispatchFailure` with a `Slashing.*` error and change nothing then.
 */
export interface CollateralPort {
  /** Collateral of `who` not locked by any task (planck; 0 for an unknown account). */
  availableCollateral(ctx: Context, who: string): bigint;
  /**
   * Locks `amount` of `who`'s available collateral for `taskId`. Errors: `Slashing.ZeroAmount`,
   * `Slashing.InsufficientCollateral` (also when `who` has no collateral), `Slashing.LockExists`.
   */
  lockCollateral(ctx: Context, who: string, taskId: number, amount: bigint): void;
  /** Releases `who`'s lock for `taskId` (what is left of it after slashes). Errors: `Slashing.UnknownLock`. */
  releaseCollateral(ctx: Context, who: string, taskId: number): void;
  /**
   * Forfeits `fraction` (Perbill parts, rounded up) of `who`'s lock for `taskId`: the
   * `CompensationShare` of it (rounded down) goes to `harmed`, the rest to `Treasury` or is
   * burned. The lock keeps what is left until released. Always immediate. Errors:
   * `Slashing.UnknownLock`, `Slashing.InvalidFraction`.
   */
  slashCollateral(ctx: Context, who: string, taskId: number, fraction: number, harmed: string): void;
  /** Whether `who` is a bonded operator that is not deactivated (its active stake is at least `MinOperatorStake`). */
  isActiveOperator(ctx: Context, who: string): boolean;
}

/** The operator side for other pallets: stake and slashes that follow the pallet's mode (instant or deferred, span maximum). */
export interface OperatorSlashPort {
  /** Slashable stake of `who` now: active plus unbonding chunks whose block has not come (0 when not bonded). */
  slashableStake(ctx: Context, who: string): bigint;
  /** Reports a slash of `fraction` (Perbill parts) of `who`'s stake, as `slash_operator` does. Errors: `Slashing.NotBonded`, `Slashing.InvalidFraction`. */
  slashOperator(ctx: Context, who: string, fraction: number): void;
}
