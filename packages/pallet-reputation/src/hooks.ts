/**
 * The Reputation pallet's hooks: none. In the reconstruction (`restaking-and-pricing.md` §1.3.9,
 * step 5) reputation changes only when a task settles, so the pallet has no per-block tick: a
 * coprocessor with no settled task keeps its reputation (no idle decay toward the prior).
 */
import type { HooksSpec } from "@corelab/frame";
import type { ReputationConfig } from "./interfaces.ts";

/** The pallet's `Hooks` (empty; see the module doc). */
export const reputationHooks: HooksSpec<ReputationConfig> = {};
