/**
 * `@corelab/pallet-task-auction/testing`: recording mock ports and a small mock runtime.
 *
 * - `MockCollateral`: a recording `CollateralPort` as a pallet, so its bookkeeping and trace are
 *   state (`MockCollateral.Collateral`, `Locked`, `Slashed`, `Operators`, `Trace`) and its
 *   set-up helpers are Root calls (`set_collateral`, `set_operator`). `mockCollateralPort()` is
 *   the port.
 * - `MockReputation`: a recording `ReputationPort` as a pallet (`MockReputation.Reputation`,
 *   `Outcomes`; Root call `set_reputation`). It only records outcomes: reputations change only
 *   when set. `mockReputationPort()` is the port.
 * - `taskAuctionMockConfig(...)`, `MOCK_CONSTANTS`, `createTaskAuctionMockRuntime(...)`: System,
 *   Balances (existential deposit 0), MockCollateral, MockReputation, TaskAuction.
 *
 * The mock's `VerifierOrigin` is Root; forfeited rewards go to account `MOCK_FORFEIT_ACCOUNT`.
 */
import {
  createRuntime,
  ensureRoot,
  ensureRootOrigin,
  definePallet,
  fail,
  map,
  palletAccountId,
  Perbill as PerbillOps,
  t,
  value,
  type Context,
  type Runtime,
} from "@corelab/frame";
import { Balances, fungibleOf, resolveTo, type BalancesConfig } from "@corelab/pallet-balances";
import type { CollateralPort, ReputationPort, TaskAuctionConfig } from "./interfaces.ts";
import { TaskAuction } from "./pallet.ts";
import { Balance, BlockNumber, Perbill, TaskId } from "./types.ts";

/** One call the mock collateral port received (`lock`, `release`, `slash`), with the block it came in. */
export const CollateralTraceItem = t.struct("CollateralTraceItem", {
  block: BlockNumber,
  who: t.accountId,
  task_id: TaskId,
  op: t.enumOf("CollateralOp", {
    Lock: t.struct("Lock", { amount: Balance }),
    Release: t.struct("Release", { amount: Balance }),
    Slash: t.struct("Slash", { fraction: Perbill, harmed: t.accountId, amount: Balance }),
  }),
});
/** A collateral trace item. */
export type CollateralTraceItem = {
  block: number;
  who: string;
  task_id: number;
  op: { type: "Lock"; value: { amount: bigint } } | { type: "Release"; value: { amount: bigint } } | { type: "Slash"; value: { fraction: number; harmed: string; amount: bigint } };
};

/** `MockCollateral` has no configuration. */
export type MockCollateralConfig = Record<string, never>;

/**
 * The recording collateral mock. Free collateral is `Collateral[who]`; `lock` moves an amount to
 * `Locked[(who, task)]` (error `InsufficientCollateral` when short), `release` moves what is
 * locked back, `slash(fraction)` burns `fraction × locked` (rounded up) from the lock and adds it
 * to `Slashed[who]`. Operators are the accounts in `Operators`.
 */
export const MockCollateral = definePallet<MockCollateralConfig>()({
  name: "MockCollateral",
  source: "Corelab test double of @corelab/pallet-slashing's collateralPort",
  docs: "Recording mock of the CollateralPort: free and locked collateral, slashes, operators, and a trace of every call.",
  // a Corelab test double: Blake2_128Concat for its account keys (Corelab's rule for keys users choose)
  storage: {
    Collateral: map(t.accountId, Balance, { hasher: "Blake2_128Concat", docs: "Free collateral per account." }),
    Locked: map(t.tuple([t.accountId, TaskId], "(AccountId, TaskId)"), Balance, { hasher: "Blake2_128Concat", docs: "Collateral locked per (account, task)." }),
    Slashed: map(t.accountId, Balance, { hasher: "Blake2_128Concat", docs: "Total slashed per account." }),
    Operators: map(t.accountId, t.bool, { hasher: "Blake2_128Concat", docs: "Active operators (`true`)." }),
    Trace: value(t.vec(CollateralTraceItem), { default: () => [], docs: "Every lock, release and slash received, in order." }),
  },
  events: {},
  errors: { InsufficientCollateral: "The free collateral is below the amount to lock." },
  calls: {
    set_collateral: {
      index: 0,
      args: { who: t.accountId, amount: Balance },
      docs: "Sets `who`'s free collateral. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        MockCollateral.storage.Collateral.insert(ctx, a.who, a.amount);
      },
    },
    set_operator: {
      index: 1,
      args: { who: t.accountId, active: t.bool },
      docs: "Makes `who` an active operator or not. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        if (a.active) MockCollateral.storage.Operators.insert(ctx, a.who, true);
        else MockCollateral.storage.Operators.remove(ctx, a.who);
      },
    },
  },
  genesis: {
    fields: { collateral: t.mapOf(t.accountId, Balance), operators: t.vec(t.accountId) },
    build(ctx, cfg) {
      for (const [who, amount] of cfg.collateral ?? []) MockCollateral.storage.Collateral.insert(ctx, who, amount);
      for (const who of cfg.operators ?? []) MockCollateral.storage.Operators.insert(ctx, who, true);
    },
  },
});

function trace(ctx: Context, item: CollateralTraceItem): void {
  const S = MockCollateral.storage;
  S.Trace.put(ctx, [...S.Trace.get(ctx), item]);
}

/** The `CollateralPort` backed by `MockCollateral` (needs it in the runtime). */
export function mockCollateralPort(): CollateralPort {
  const S = MockCollateral.storage;
  return {
    availableCollateral: (ctx, who) => S.Collateral.get(ctx, who) ?? 0n,
    lockCollateral(ctx, who, taskId, amount) {
      const free = S.Collateral.get(ctx, who) ?? 0n;
      if (free < amount) fail(MockCollateral.err("InsufficientCollateral"));
      S.Collateral.insert(ctx, who, free - amount);
      S.Locked.insert(ctx, [who, taskId], (S.Locked.get(ctx, [who, taskId]) ?? 0n) + amount);
      trace(ctx, { block: ctx.blockNumber, who, task_id: taskId, op: { type: "Lock", value: { amount } } });
    },
    releaseCollateral(ctx, who, taskId) {
      const amount = S.Locked.get(ctx, [who, taskId]) ?? 0n;
      S.Locked.remove(ctx, [who, taskId]);
      if (amount > 0n) S.Collateral.insert(ctx, who, (S.Collateral.get(ctx, who) ?? 0n) + amount);
      trace(ctx, { block: ctx.blockNumber, who, task_id: taskId, op: { type: "Release", value: { amount } } });
    },
    slashCollateral(ctx, who, taskId, fraction, harmed) {
      const locked = S.Locked.get(ctx, [who, taskId]) ?? 0n;
      const amount = PerbillOps.mulCeil(fraction, locked);
      if (locked > 0n) S.Locked.insert(ctx, [who, taskId], locked - amount);
      if (amount > 0n) S.Slashed.insert(ctx, who, (S.Slashed.get(ctx, who) ?? 0n) + amount);
      trace(ctx, { block: ctx.blockNumber, who, task_id: taskId, op: { type: "Slash", value: { fraction, harmed, amount } } });
    },
    isActiveOperator: (ctx, who) => S.Operators.get(ctx, who) === true,
  };
}

/** One outcome the mock reputation port received. */
export const OutcomeRecord = t.struct("OutcomeRecord", {
  block: BlockNumber,
  who: t.accountId,
  task_id: TaskId,
  success: t.bool,
  quality: t.option(Perbill),
});
/** An outcome record. */
export type OutcomeRecord = { block: number; who: string; task_id: number; success: boolean; quality: number | undefined };

/** `MockReputation` has no configuration. */
export type MockReputationConfig = Record<string, never>;

/** The recording reputation mock: `Reputation[who]` (Perbill parts, absent = 0) and every outcome recorded, in order. */
export const MockReputation = definePallet<MockReputationConfig>()({
  name: "MockReputation",
  source: "Corelab test double of @corelab/pallet-reputation's reputationPort",
  docs: "Recording mock of the ReputationPort: reputations as set, and a list of every outcome recorded.",
  // a Corelab test double: Blake2_128Concat for its account keys (Corelab's rule for keys users choose)
  storage: {
    Reputation: map(t.accountId, Perbill, { hasher: "Blake2_128Concat", docs: "Reputation per account (Perbill parts; absent = 0)." }),
    Outcomes: value(t.vec(OutcomeRecord), { default: () => [], docs: "Every `record_outcome` received, in order." }),
  },
  events: {},
  errors: {},
  calls: {
    set_reputation: {
      index: 0,
      args: { who: t.accountId, reputation: Perbill },
      docs: "Sets `who`'s reputation. Root.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        MockReputation.storage.Reputation.insert(ctx, a.who, a.reputation);
      },
    },
  },
  genesis: {
    fields: { reputations: t.mapOf(t.accountId, Perbill) },
    build(ctx, cfg) {
      for (const [who, r] of cfg.reputations ?? []) MockReputation.storage.Reputation.insert(ctx, who, r);
    },
  },
});

/** The `ReputationPort` backed by `MockReputation` (needs it in the runtime). */
export function mockReputationPort(): ReputationPort {
  const S = MockReputation.storage;
  return {
    reputationOf: (ctx, who) => S.Reputation.get(ctx, who) ?? 0,
    recordOutcome(ctx, who, taskId, outcome) {
      S.Outcomes.put(ctx, [...S.Outcomes.get(ctx), { block: ctx.blockNumber, who, task_id: taskId, success: outcome.success, quality: outcome.quality }]);
    },
  };
}

/**
 * The mock's constants: D = 10 blocks, timeout 20 blocks, R_min 50 %, λ 50 %, s 10 %, φ 40 %,
 * u* 70 %, α↑ = α↓ = 50 %, ρ 0 (fixed target), 8 bids per task and block, `PalletId` `"py/tauct"`.
 * With an idle network a reward of 1000 gets the floor 100 and descends by 90 a block.
 */
export const MOCK_CONSTANTS = {
  PalletId: "py/tauct",
  AuctionDuration: 10,
  ExecutionTimeout: 20,
  MinReputation: 500_000_000,
  CollateralRatio: 500_000_000,
  SlashFraction: 100_000_000,
  BaseFloor: 400_000_000,
  TargetUtilization: 700_000_000,
  LoadBonus: 500_000_000,
  LoadDiscount: 500_000_000,
  TargetSmoothing: 0,
  MaxBids: 8,
} as const;

/** The constants of a `TaskAuctionConfig` (what a scenario's `constants: { TaskAuction: … }` may override). */
export type TaskAuctionConstants = Omit<TaskAuctionConfig, "Currency" | "OnForfeit" | "Collateral" | "Reputation" | "VerifierOrigin" | "PalletAccountOf">;

/** Where the mock sends forfeited rewards. */
export const MOCK_FORFEIT_ACCOUNT = "forfeit";

/** The mock's escrow account: `palletAccountId("py/tauct")`. */
export const MOCK_ESCROW = palletAccountId(MOCK_CONSTANTS.PalletId);

/**
 * A `TaskAuctionConfig` with the mock constants (overridable), the given currency, ports (default:
 * the recording mocks), `VerifierOrigin` = Root and forfeits into `MOCK_FORFEIT_ACCOUNT` (through
 * `onForfeit`, default: nothing, i.e. burnt).
 */
export function taskAuctionMockConfig(opts: {
  currency: TaskAuctionConfig["Currency"];
  onForfeit?: TaskAuctionConfig["OnForfeit"];
  constants?: Partial<TaskAuctionConstants>;
  collateral?: CollateralPort;
  reputation?: ReputationPort;
}): TaskAuctionConfig {
  return {
    ...MOCK_CONSTANTS,
    ...opts.constants,
    Currency: opts.currency,
    OnForfeit: opts.onForfeit ?? (() => {}),
    Collateral: opts.collateral ?? mockCollateralPort(),
    Reputation: opts.reputation ?? mockReputationPort(),
    VerifierOrigin: ensureRootOrigin,
  };
}

/** The pallets of the mock runtime after System, in runtime order (for parsing a scenario's `constants`/`genesis`). */
export const TASK_AUCTION_MOCK_PALLETS = [Balances, MockCollateral, MockReputation, TaskAuction] as const;

/** Account aliases of the mock: `pallet:TaskAuction` → the escrow account. */
export const TASK_AUCTION_MOCK_ACCOUNTS: Readonly<Record<string, string>> = { "pallet:TaskAuction": MOCK_ESCROW };

/** Options of `createTaskAuctionMockRuntime` (parsed values). */
export interface TaskAuctionMockOptions {
  /** Runtime name (default `task-auction-mock`). */
  readonly name?: string;
  /** Constant overrides: `TaskAuction` and `Balances` (`ExistentialDeposit`, default 0). */
  readonly constants?: {
    readonly TaskAuction?: Partial<TaskAuctionConstants>;
    readonly Balances?: Partial<BalancesConfig>;
    readonly [pallet: string]: Readonly<Record<string, unknown>> | undefined;
  };
  /** Genesis per pallet (`Balances.balances`, `MockCollateral.{collateral, operators}`, `MockReputation.reputations`). */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The block number of genesis (default 0). */
  readonly genesisNumber?: number;
  /** A collateral port in place of `mockCollateralPort()` (e.g. one that fails, to test hooks). */
  readonly collateral?: CollateralPort;
  /** A reputation port in place of `mockReputationPort()`. */
  readonly reputation?: ReputationPort;
}

/** The mock runtime: System, Balances (ED 0), MockCollateral, MockReputation, TaskAuction (`taskAuctionMockConfig`, with the given ports if any). */
export function createTaskAuctionMockRuntime(opts: TaskAuctionMockOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: 0n, ...opts.constants?.Balances };
  const config = taskAuctionMockConfig({
    currency: fungibleOf(balances),
    onForfeit: resolveTo(balances, MOCK_FORFEIT_ACCOUNT),
    constants: opts.constants?.TaskAuction,
    collateral: opts.collateral,
    reputation: opts.reputation,
  });
  return createRuntime({
    name: opts.name ?? "task-auction-mock",
    pallets: [Balances.instance(balances), MockCollateral.instance({}), MockReputation.instance({}), TaskAuction.instance(config)],
    genesis: { ...opts.genesis } as Record<string, Record<string, unknown>>,
    genesisNumber: opts.genesisNumber,
  });
}
