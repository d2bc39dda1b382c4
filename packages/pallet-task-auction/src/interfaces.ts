/**
 * The ports pallet-task-auction needs and its `Config`. The two restaking ports are structural:
 * `@corelab/pallet-slashing` exports `collateralPort(config)` and `@corelab/pallet-reputation`
 * exports `reputationPort(config)` with exactly these shapes, and a runtime wires them in (as
 * FRAME's `impl pallet_task_auction::Config for Runtime` would). This package imports neither.
 */
import type { Context, EnsureOrigin, Fungible, OnUnbalanced } from "@corelab/frame";

/**
 * Collateral and operator status (implemented by `@corelab/pallet-slashing`'s
 * `collateralPort(config)`). Amounts are planck; `fraction` is Perbill parts.
 */
export interface CollateralPort {
  /** Collateral of `who` that is free to lock (planck). */
  availableCollateral(ctx: Context, who: string): bigint;
  /** Locks `amount` of `who`'s collateral for task `taskId` (called when `who` wins the task). */
  lockCollateral(ctx: Context, who: string, taskId: number, amount: bigint): void;
  /** Releases whatever is still locked for `taskId` (called at every settlement of a won task, after any slash). */
  releaseCollateral(ctx: Context, who: string, taskId: number): void;
  /** Slashes `fraction` (Perbill parts) of the collateral locked for `taskId`; `harmed` (the task's operator) may be compensated. */
  slashCollateral(ctx: Context, who: string, taskId: number, fraction: number, harmed: string): void;
  /** Whether `who` is an active operator (may post tasks). */
  isActiveOperator(ctx: Context, who: string): boolean;
}

/** Reputation (implemented by `@corelab/pallet-reputation`'s `reputationPort(config)`). */
export interface ReputationPort {
  /** Reputation of `who` in Perbill parts (0 ..= 1_000_000_000). */
  reputationOf(ctx: Context, who: string): number;
  /** Records the outcome of task `taskId` executed by `who` (`quality` in Perbill parts, when known). */
  recordOutcome(ctx: Context, who: string, taskId: number, outcome: { success: boolean; quality?: number }): void;
}

/**
 * `pallet_task_auction::Config`: constants (their names are what scenario files override under
 * `constants: { TaskAuction: … }`) and ports. Perbill values are parts of 1_000_000_000.
 */
export interface TaskAuctionConfig {
  /** `PalletId`: 8 ASCII bytes; the escrow account is `PalletAccountOf(PalletId)`. */
  readonly PalletId: string;
  /** `AuctionDuration` D: blocks of linear descent from the start price to the floor (0: the floor at once). */
  readonly AuctionDuration: number;
  /** `ExecutionTimeout`: blocks an executor has, from assignment (or self-execution), until the task times out. */
  readonly ExecutionTimeout: number;
  /** `MinReputation` R_min (Perbill): the least reputation a bidder needs. */
  readonly MinReputation: number;
  /** `CollateralRatio` λ (Perbill): the winner locks `λ × reward` (rounded up). */
  readonly CollateralRatio: number;
  /** `SlashFraction` s (Perbill): the fraction of the locked collateral slashed when a delegated task fails. */
  readonly SlashFraction: number;
  /** `BaseFloor` φ (Perbill): the operator's reserve share of the reward at target utilisation. */
  readonly BaseFloor: number;
  /** `TargetUtilization` u* (Perbill): the initial target of the load curve (`LoadTarget` at genesis). */
  readonly TargetUtilization: number;
  /** `LoadBonus` α↑ (Perbill): the curve's largest bonus (at utilisation 0). */
  readonly LoadBonus: number;
  /** `LoadDiscount` α↓ (Perbill): the curve's largest discount (at utilisation 1). */
  readonly LoadDiscount: number;
  /** `TargetSmoothing` ρ (Perbill): EWMA weight of the network utilisation in `LoadTarget`, applied at each posting (0: a fixed target). */
  readonly TargetSmoothing: number;
  /** `MaxBids`: bids a task may collect in one block. */
  readonly MaxBids: number;
  /** `Currency`: the fungible rewards are escrowed and paid in. */
  readonly Currency: Fungible;
  /** `OnForfeit`: where the reward of a failed self-executed task goes (the AVS, a treasury, a burn). */
  readonly OnForfeit: OnUnbalanced;
  /** `Collateral`: collateral and operator status (`@corelab/pallet-slashing`). */
  readonly Collateral: CollateralPort;
  /** `Reputation`: coprocessor reputation (`@corelab/pallet-reputation`). */
  readonly Reputation: ReputationPort;
  /** `VerifierOrigin`: who may report a task's outcome (`report_outcome`), e.g. Root or the AVS's verifier. */
  readonly VerifierOrigin: EnsureOrigin;
  /** `PalletAccountOf`: the account of a `PalletId` (default: frame's `palletAccountId`, `"modl" ++ id`). */
  readonly PalletAccountOf?: (palletId: string) => string;
}
