/**
 * The Reputation pallet's declaration (as a FRAME `lib.rs` would declare it): constants, storage,
 * events, errors (in declaration order), calls with their indices, hooks and genesis. The logic
 * lives in `dispatchables.ts` and `gas.ts`.
 *
 * It follows Corelab's **reconstruction of** Rodikov 2025 ("Model of an Open, Decentralized
 * Computational Network with Incentive-Based Load Balancing", arXiv:2501.01219), recorded in
 * `docs/references.md#restaking-and-pricing` §1.3.6 [R]: the paper names a "GAS-based
 * reputation" but its equations are not available, so the recursion is Corelab's design.
 *
 * Storage hashers (no Rust original; Corelab's rule: `Blake2_128Concat` for keys users choose,
 * `Twox64Concat` for sequential ids): `Coprocessors` and `History` are keyed by account, so
 * `Blake2_128Concat`.
 */
import { InvalidGenesisError, definePallet, ensureSigned, map, t, value } from "@corelab/frame";
import {
  doDeregisterCoprocessor,
  doForceSetReputation,
  doRecordOutcome,
  doRegisterCoprocessor,
  doSetParameters,
  ensureAdmin,
} from "./dispatchables.ts";
import { checkGasParams, isUnitPerbill } from "./gas.ts";
import { reputationHooks } from "./hooks.ts";
import type { ReputationConfig } from "./interfaces.ts";
import {
  CoprocessorRecord,
  DEFAULT_GAS_PARAMS,
  GasParams,
  GenesisCoprocessor,
  HistoryItem,
  Perbill,
  TaskId,
  UnitFraction,
} from "./types.ts";

const admin = "Origin must be Root or pass `AdminOrigin`.";

/**
 * The Reputation pallet (`Reputation`): a GAS (score-driven) reputation R_c ∈ [0, 1] per
 * coprocessor, updated at each settled task, with a bounded history. Configure it with a
 * `ReputationConfig` (`Reputation.instance({ MaxHistory: 16 })`).
 */
export const Reputation = definePallet<ReputationConfig>()({
  name: "Reputation",
  source: "Corelab reconstruction of Rodikov 2025 (arXiv:2501.01219), docs/references.md#restaking-and-pricing §1.3.6 [R]",
  docs: "Gaussian-location GAS reputation of coprocessors: R' = omega + (beta - alpha)·R + alpha·y at each settled task, exact Perbill arithmetic.",
  constants: { MaxHistory: t.u32 },
  storage: {
    Parameters: value(GasParams, {
      default: () => ({ ...DEFAULT_GAS_PARAMS }),
      docs: "The GAS parameters (omega, alpha, beta, initial_reputation). Default: 0.05, 0.2, 0.9, 0.5.",
    }),
    Coprocessors: map(t.accountId, CoprocessorRecord, {
      hasher: "Blake2_128Concat",
      docs: "Registered coprocessors: reputation, registration and last-update blocks, settled and successful task counts.",
    }),
    History: map(t.accountId, t.vec(HistoryItem, { name: "BoundedVec<HistoryItem, MaxHistory>" }), {
      hasher: "Blake2_128Concat",
      default: () => [],
      docs: "The latest `MaxHistory` reputation changes of each coprocessor, oldest first (registration, outcomes, forced sets).",
    }),
  },
  events: {
    CoprocessorRegistered: { who: t.accountId, reputation: Perbill },
    CoprocessorDeregistered: { who: t.accountId, reputation: Perbill },
    ReputationUpdated: {
      who: t.accountId,
      task_id: TaskId,
      success: t.bool,
      observation: Perbill,
      old_reputation: Perbill,
      new_reputation: Perbill,
    },
    ReputationForced: { who: t.accountId, old_reputation: Perbill, new_reputation: Perbill },
    ParametersSet: { params: GasParams },
  },
  errors: {
    AlreadyRegistered: "The coprocessor is already registered.",
    NotRegistered: "The coprocessor is not registered.",
    InvalidParameters: "The GAS parameters are outside their domain (each in [0, 1], alpha ≤ beta, omega + beta ≤ 1).",
  },
  hooks: reputationHooks,
  calls: {
    register_coprocessor: {
      index: 0,
      args: {},
      docs: "Registers the signer as a coprocessor at the prior `initial_reputation`. Signed. Errors: AlreadyRegistered.",
      dispatch: (ctx) => doRegisterCoprocessor(ctx, ensureSigned(ctx.origin)),
    },
    force_register_coprocessor: {
      index: 1,
      args: { who: t.accountId, reputation: t.option(Perbill) },
      docs: `Registers \`who\` with \`reputation\` (None: the prior). ${admin} Errors: AlreadyRegistered.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doRegisterCoprocessor(ctx, a.who, a.reputation);
      },
    },
    force_deregister_coprocessor: {
      index: 2,
      args: { who: t.accountId },
      docs: `Removes \`who\` and its history. ${admin} Errors: NotRegistered.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doDeregisterCoprocessor(ctx, a.who);
      },
    },
    force_set_reputation: {
      index: 3,
      args: { who: t.accountId, reputation: Perbill },
      docs: `Overrides the reputation of a registered coprocessor. ${admin} Errors: NotRegistered.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doForceSetReputation(ctx, a.who, a.reputation);
      },
    },
    record_outcome: {
      index: 4,
      args: { who: t.accountId, task_id: TaskId, success: t.bool, quality: t.option(Perbill) },
      docs: `Records a settled task's outcome and applies one GAS update, as the task-auction pallet does through \`ReputationPort.recordOutcome\` (unknown coprocessors are registered at the prior first). ${admin}`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doRecordOutcome(ctx, a.who, a.task_id, a.quality === undefined ? { success: a.success } : { success: a.success, quality: a.quality });
      },
    },
    set_parameters: {
      index: 5,
      args: { params: GasParams },
      docs: `Replaces the GAS parameters (stored reputations are kept). ${admin} Errors: InvalidParameters.`,
      dispatch: (ctx, a) => {
        ensureAdmin(ctx);
        doSetParameters(ctx, a.params);
      },
    },
  },
  genesis: {
    fields: {
      omega: UnitFraction,
      alpha: UnitFraction,
      beta: UnitFraction,
      initial_reputation: UnitFraction,
      coprocessors: t.vec(GenesisCoprocessor),
    },
    /**
     * Writes `Parameters` (each field left out keeps its default: ω 0.05, α 0.2, β 0.9, R₀ 0.5)
     * and registers `coprocessors` (at their given reputation, or the prior). A parameter outside
     * its domain throws an `InvalidGenesisError` naming it (`Reputation genesis: beta: must be in
     * [0, 1] …`); so does a coprocessor's reputation outside [0, 1] (`coprocessors[i].reputation`)
     * or a coprocessor listed twice.
     */
    build(ctx, cfg) {
      const params = {
        omega: cfg.omega ?? DEFAULT_GAS_PARAMS.omega,
        alpha: cfg.alpha ?? DEFAULT_GAS_PARAMS.alpha,
        beta: cfg.beta ?? DEFAULT_GAS_PARAMS.beta,
        initial_reputation: cfg.initial_reputation ?? DEFAULT_GAS_PARAMS.initial_reputation,
      };
      const bad = checkGasParams(params);
      if (bad) throw new InvalidGenesisError("Reputation", bad.parameter, bad.message);
      Reputation.storage.Parameters.put(ctx, params);
      const seen = new Set<string>();
      (cfg.coprocessors ?? []).forEach(([who, reputation], i) => {
        if (reputation !== undefined && !isUnitPerbill(reputation))
          throw new InvalidGenesisError("Reputation", `coprocessors[${i}].reputation`, `must be in [0, 1] (Perbill parts 0..=1000000000), got ${String(reputation)}`);
        if (seen.has(who)) throw new InvalidGenesisError("Reputation", `coprocessors[${i}]`, `${who} is listed twice`);
        seen.add(who);
        doRegisterCoprocessor(ctx, who, reputation);
      });
    },
  },
});
