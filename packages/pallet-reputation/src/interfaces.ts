/**
 * The configuration of the Reputation pallet (FRAME's `Config`) and the port it offers other
 * pallets: `ReputationPort`, which the task-auction pallet calls to read a coprocessor's
 * reputation (eligibility, tie-breaks, the success estimate p̂ = R_c) and to record each settled
 * task. Follows Corelab's reconstruction of Rodikov 2025 (`restaking-and-pricing.md` §1.3.6 [R]).
 */
import { withPalletConfig, type Context, type EnsureOrigin, type PalletContext } from "@corelab/frame";
import { doRecordOutcome, reputationOf } from "./dispatchables.ts";

/**
 * `pallet_reputation::Config`: constants and ports. Constants carry metadata names so scenario
 * files can override them (`constants: { Reputation: { MaxHistory: 4 } }`).
 */
export interface ReputationConfig {
  /**
   * `MaxHistory`: the bound of each coprocessor's `History` (a `BoundedVec`). When full, the oldest
   * item is dropped to make room (a ring of the latest `MaxHistory` changes); 0 keeps no history.
   */
  readonly MaxHistory: number;
  /**
   * `AdminOrigin`: who may call the admin calls (`force_set_reputation`, `force_register_coprocessor`,
   * `record_outcome`, `set_parameters`) besides Root. Default: Root only.
   */
  readonly AdminOrigin?: EnsureOrigin;
}

/**
 * What the task-auction pallet needs of reputation. Both methods take the caller's context (the
 * reputation state lives in the same runtime state) and never throw a dispatch error.
 */
export interface ReputationPort {
  /**
   * R_c(t) of coprocessor `who`, in Perbill parts (0..=1e9). An unregistered coprocessor reads as
   * the prior, `Parameters.initial_reputation` (what its first outcome would start from).
   */
  reputationOf(ctx: Context, who: string): number;
  /**
   * Records the outcome of settled task `taskId` executed by `who` and applies one GAS update
   * (`y` = 0 on failure, `quality` or 1 on success). Registers `who` at the prior first if it is
   * unknown (a permissionless network: settling a task is proof of participation). Deposits
   * `ReputationUpdated` (and `CoprocessorRegistered` when it registered `who`) and appends to
   * `History`. `quality` is Perbill parts; a negative or fractional quality throws a `RangeError`.
   */
  recordOutcome(ctx: Context, who: string, taskId: number, outcome: { success: boolean; quality?: number }): void;
}

/** `ctx` seen as the Reputation pallet's own context (its configuration attached); shares state and events with `ctx`. */
function asPalletContext(ctx: Context, config: ReputationConfig): PalletContext<ReputationConfig> {
  return withPalletConfig(ctx, config);
}

/**
 * The Reputation pallet as a `ReputationPort`, for the runtime whose Reputation pallet has
 * `config` (the runtime's `type Reputation = Reputation`): what the task-auction pallet's config
 * takes. Events it deposits go to the caller's context (they belong to the caller's extrinsic or
 * hook, and are discarded with it if it fails).
 */
export function reputationPort(config: ReputationConfig): ReputationPort {
  return {
    reputationOf: (ctx, who) => reputationOf(ctx, who),
    recordOutcome: (ctx, who, taskId, outcome) => {
      doRecordOutcome(asPalletContext(ctx, config), who, taskId, outcome);
    },
  };
}
