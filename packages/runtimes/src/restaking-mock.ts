/**
 * `restaking-mock`: the restaking runtime of the Rodikov 2025 reconstruction: System, Balances
 * (existential deposit 1), Slashing (operator stake, coprocessor collateral), then Reputation
 * and TaskAuction as they land. No fees, no nonces; `AdminOrigin`s are Root.
 *
 * Scenario knobs: `constants: { Balances: { ExistentialDeposit }, Slashing: { UnbondingDelay,
 * SlashDeferDuration, SlashSpanLength, MinOperatorStake, CompensationShare, Treasury,
 * MaxUnlockingChunks }, … }`; `genesis: { Balances: { balances }, Slashing: { operators,
 * collateral }, … }`. Slashing's genesis always runs, so its constants are checked.
 *
 * Merge-friendly layout: one block per pallet, each between its own markers. Owners edit only
 * their block (and add their imports next to the marker comments).
 */
import { parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import { createRuntime, type AnyPallet, type PalletInstance, type Runtime } from "@corelab/frame";
import { Balances, type BalancesConfig } from "@corelab/pallet-balances";
import { Slashing } from "@corelab/pallet-slashing";
import { slashingMockConfig, type SlashingConstants } from "@corelab/pallet-slashing/testing";
// --- Reputation imports (pallet-reputation) ---
import { Reputation, type ReputationConfig } from "@corelab/pallet-reputation";
import { MOCK_MAX_HISTORY } from "@corelab/pallet-reputation/testing";
// --- TaskAuction imports (pallet-task-auction) ---
import { collateralPort } from "@corelab/pallet-slashing";
import { reputationPort } from "@corelab/pallet-reputation";
import { TaskAuction } from "@corelab/pallet-task-auction";
import { MOCK_FORFEIT_ACCOUNT, taskAuctionMockConfig, type TaskAuctionConstants } from "@corelab/pallet-task-auction/testing";
import { fungibleOf, resolveTo } from "@corelab/pallet-balances";

/** Pallets of `restaking-mock`, in runtime order (for parsing constants and genesis). */
const PALLETS: AnyPallet[] = [
  Balances as unknown as AnyPallet,
  Slashing as unknown as AnyPallet,
  // --- Reputation pallet ---
  Reputation as unknown as AnyPallet,
  // --- TaskAuction pallet ---
  TaskAuction as unknown as AnyPallet,
];

/** The `restaking-mock` preset. */
export const restakingMock: Preset = {
  name: "restaking-mock",
  description: "System, Balances (ED 1), Slashing, Reputation, TaskAuction: the restaking/coprocessor model (Rodikov 2025 reconstruction); no fees",
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(restakingMock, PALLETS, opts);
    const c = (name: string): Record<string, unknown> => ({ ...constants[name] });
    const pallets: PalletInstance<any>[] = [];

    // --- Balances ---
    const balances: BalancesConfig = { ExistentialDeposit: 1n, ...(c("Balances") as Partial<BalancesConfig>) };
    pallets.push(Balances.instance(balances));

    // --- Slashing ---
    const slashing = slashingMockConfig(balances, c("Slashing") as Partial<SlashingConstants>);
    pallets.push(Slashing.instance(slashing));

    // --- Reputation (pallet-reputation) ---
    // MaxHistory 16 unless the scenario sets it; AdminOrigin: Root. TaskAuction's port: reputationPort(reputation).
    const reputation: ReputationConfig = { MaxHistory: MOCK_MAX_HISTORY, ...(c("Reputation") as Partial<ReputationConfig>) };
    pallets.push(Reputation.instance(reputation));

    // --- TaskAuction (pallet-task-auction; its collateral port: collateralPort(slashing)) ---
    // The mock constants of @corelab/pallet-task-auction/testing unless the scenario sets them; ports:
    // collateralPort(slashing), reputationPort(reputation); VerifierOrigin Root; forfeits to "forfeit".
    const taskAuction = taskAuctionMockConfig({
      currency: fungibleOf(balances),
      onForfeit: resolveTo(balances, MOCK_FORFEIT_ACCOUNT),
      constants: c("TaskAuction") as Partial<TaskAuctionConstants>,
      collateral: collateralPort(slashing),
      reputation: reputationPort(reputation),
    });
    pallets.push(TaskAuction.instance(taskAuction));

    return createRuntime({
      name: "restaking-mock",
      pallets,
      genesis: { ...genesis, Slashing: { ...genesis.Slashing } } as Record<string, Record<string, unknown>>,
      genesisNumber: opts.genesisNumber,
    });
  },
};
