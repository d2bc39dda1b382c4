/**
 * `@corelab/pallet-reputation/testing`: a small mock runtime for the Reputation pallet and a
 * recording mock `ReputationPort` for pallets that use reputation (the task auction's tests).
 *
 * - `createReputationRuntime(...)`: System + Reputation (`MaxHistory` 16, admin = Root or
 *   `REPUTATION_MOCK_ADMIN`), genesis as given (default parameters: ω 0.05, α 0.2, β 0.9, R₀ 0.5).
 * - `MockReputationPort`: a `ReputationPort` with fixed reputations that records every
 *   `recordOutcome` call, for single-pallet tests of a caller.
 */
import { createRuntime, ensureRootOrSignedBy, type Context, type Runtime } from "@corelab/frame";
import type { ReputationConfig, ReputationPort } from "./interfaces.ts";
import { Reputation } from "./pallet.ts";
import type { CoprocessorRecord, HistoryItem } from "./types.ts";

/** The mock's admin account besides Root (`AdminOrigin`). */
export const REPUTATION_MOCK_ADMIN = "admin";

/** The mock's `MaxHistory`. */
export const MOCK_MAX_HISTORY = 16;

/** The mock runtime's Reputation config: `MaxHistory` 16 (or as given), admin Root or `REPUTATION_MOCK_ADMIN`. */
export function reputationMockConfig(constants: Partial<Pick<ReputationConfig, "MaxHistory">> = {}): ReputationConfig {
  return { MaxHistory: constants.MaxHistory ?? MOCK_MAX_HISTORY, AdminOrigin: ensureRootOrSignedBy([REPUTATION_MOCK_ADMIN]) };
}

/** The pallets of the mock runtime after System, in runtime order (for parsing a scenario's `constants`/`genesis`). */
export const REPUTATION_MOCK_PALLETS = [Reputation] as const;

/** Options of `createReputationRuntime` (parsed values). */
export interface ReputationMockOptions {
  /** Runtime name (default `reputation-mock`). */
  readonly name?: string;
  /** Constant overrides: `Reputation.MaxHistory`. */
  readonly constants?: { readonly Reputation?: Partial<Pick<ReputationConfig, "MaxHistory">> };
  /** Genesis per pallet: `Reputation: { omega, alpha, beta, initial_reputation, coprocessors }`. */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The number of the genesis block (default 0). */
  readonly genesisNumber?: number;
}

/** System + Reputation with `reputationMockConfig`. Throws `InvalidGenesisError` for a bad genesis. */
export function createReputationRuntime(opts: ReputationMockOptions = {}): Runtime {
  return createRuntime({
    name: opts.name ?? "reputation-mock",
    pallets: [Reputation.instance(reputationMockConfig(opts.constants?.Reputation))],
    genesis: opts.genesis as Record<string, Record<string, unknown>> | undefined,
    genesisNumber: opts.genesisNumber,
  });
}

/** The stored record of `who` (undefined when unregistered). */
export function coprocessorOf(rt: Runtime, who: string): CoprocessorRecord | undefined {
  return rt.read((ctx) => Reputation.storage.Coprocessors.get(ctx, who));
}

/** The stored history of `who`, oldest first. */
export function historyOf(rt: Runtime, who: string): readonly HistoryItem[] {
  return rt.read((ctx) => Reputation.storage.History.get(ctx, who));
}

/** One `recordOutcome` call received by a `MockReputationPort`. */
export interface RecordedOutcome {
  readonly block: number;
  readonly who: string;
  readonly taskId: number;
  readonly outcome: { readonly success: boolean; readonly quality?: number };
}

/**
 * A recording `ReputationPort` for a caller's unit tests: `reputationOf` answers from `reputations`
 * (Perbill parts; `fallback`, default 5e8, for others), `recordOutcome` only records the call
 * (reputations do not change unless the test calls `set`). Its state is outside the runtime: it is
 * not rolled back with a failing extrinsic.
 */
export class MockReputationPort implements ReputationPort {
  /** Every `recordOutcome` call, in order. */
  readonly outcomes: RecordedOutcome[] = [];
  private readonly reps: Map<string, number>;

  constructor(
    reputations: Readonly<Record<string, number>> = {},
    private readonly fallback = 500_000_000,
  ) {
    this.reps = new Map(Object.entries(reputations));
  }

  /** Sets the reputation `reputationOf` answers for `who`. */
  set(who: string, reputation: number): void {
    this.reps.set(who, reputation);
  }

  reputationOf(_ctx: Context, who: string): number {
    return this.reps.get(who) ?? this.fallback;
  }

  recordOutcome(ctx: Context, who: string, taskId: number, outcome: { success: boolean; quality?: number }): void {
    this.outcomes.push({ block: ctx.blockNumber, who, taskId, outcome: { ...outcome } });
  }
}
