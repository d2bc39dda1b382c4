/**
 * `@corelab/pallet-slashing/testing`: the adapter of `ReservableCurrency` over
 * `@corelab/pallet-balances`, a mock configuration and a mock runtime (System, Balances with
 * existential deposit 1, Slashing), as the `restaking-mock` preset of `@corelab/testing` builds it.
 */
import { createRuntime, ensureRootOrigin, type Runtime } from "@corelab/frame";
import { Balances, fungibleOf, reserve, slashReserved, unreserve, account, type BalancesConfig } from "@corelab/pallet-balances";
import type { ReservableCurrency, SlashingConfig } from "./interfaces.ts";
import { Slashing, validateSlashingConfig } from "./pallet.ts";

/** pallet-balances as a `ReservableCurrency` (its `Fungible` port plus `reserve`, `unreserve`, `slash_reserved`). */
export function reservableCurrencyOf(config: BalancesConfig): ReservableCurrency {
  const ed = config.ExistentialDeposit;
  return {
    ...fungibleOf(config),
    reservedBalance: (ctx, who) => account(ctx, who).reserved,
    reserve: (ctx, who, amount) => reserve(ctx, ed, who, amount),
    unreserve: (ctx, who, amount) => unreserve(ctx, ed, who, amount),
    slashReserved: (ctx, who, amount) => slashReserved(ctx, ed, who, amount),
  };
}

/** The constants a scenario may set (`constants: { Slashing: { … } }`). */
export type SlashingConstants = Omit<SlashingConfig, "Currency" | "AdminOrigin">;

/**
 * The mock's constants: unbonding delay 10 blocks, slashes instant (defer 0), spans of 10 blocks,
 * minimum stake 100, compensation share 50% (the reconstruction's default $\gamma = 0.5$), no
 * treasury (the rest is burned), 32 unlocking chunks (pallet-staking's `MaxUnlockingChunks`).
 */
export const MOCK_SLASHING_CONSTANTS: SlashingConstants = {
  UnbondingDelay: 10,
  SlashDeferDuration: 0,
  SlashSpanLength: 10,
  MinOperatorStake: 100n,
  CompensationShare: 500_000_000,
  Treasury: undefined,
  MaxUnlockingChunks: 32,
};

/** A `SlashingConfig` over `balances` with the mock constants, overridden by `constants`; `AdminOrigin` is Root. */
export function slashingMockConfig(balances: BalancesConfig, constants: Partial<SlashingConstants> = {}): SlashingConfig {
  return { ...MOCK_SLASHING_CONSTANTS, ...constants, Currency: reservableCurrencyOf(balances), AdminOrigin: ensureRootOrigin };
}

/** Options of `createSlashingRuntime`. */
export interface SlashingRuntimeOptions {
  /** Overrides of the mock constants. */
  readonly constants?: Partial<SlashingConstants>;
  /** Existential deposit (default 1). */
  readonly existentialDeposit?: bigint;
  /** Balances at genesis. */
  readonly endow?: ReadonlyArray<readonly [string, bigint]>;
  /** Operators bonded at genesis. */
  readonly operators?: ReadonlyArray<readonly [string, bigint]>;
  /** Collateral deposited at genesis. */
  readonly collateral?: ReadonlyArray<readonly [string, bigint]>;
}

/**
 * System + Balances (existential deposit 1) + Slashing with the mock constants. The constants
 * are checked (`InvalidGenesisError`) even when no operator is bonded at genesis.
 */
export function createSlashingRuntime(opts: SlashingRuntimeOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: opts.existentialDeposit ?? 1n };
  const config = slashingMockConfig(balances, opts.constants);
  validateSlashingConfig(config);
  return createRuntime({
    name: "slashing-test",
    pallets: [Balances.instance(balances), Slashing.instance(config)],
    genesis: {
      Balances: { balances: opts.endow ?? [] },
      Slashing: { operators: opts.operators ?? [], collateral: opts.collateral ?? [] },
    },
  });
}
