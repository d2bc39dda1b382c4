/**
 * `coretime-kusama`: the Kusama coretime chain's broker, per runtime era (see `coretime-chain.ts`
 * for the shape and the block units). Values and sources, all in
 * `docs/references.md#real-coretime-data` unless noted:
 *
 * | preset | specs | price adapter | sale rules | MaxLeased / MaxReserved / MaxAutoRenewals |
 * |---|---|---|---|---|
 * | `coretime-kusama@1002002` | 1 002 002 – 1 002 004 (1.2.2, 2024-04-20) | `KusamaLaunchPrice` (5× → 1× lead-in, correction in [0.5, 1.2]) | `before-4521` | 50 / 10 / 0 |
 * | `coretime-kusama@1002005` | 1 002 005 – 1 003 xxx (1.2.5, 2024-06-06) | `CenterTargetPrice` | `before-8630` | 50 / 10 / 0 |
 * | `coretime-kusama@1004000` | 1 004 000 – 1 005 xxx (1.4.0, 2025-02-07) | `CenterTargetPrice` | `before-8630` | 50 / 10 / 100 |
 * | `coretime-kusama@1006000` | 1 006 000 – 2 002 000 (1.6.0, 2025-06-19) | `MinimumPrice(1 KSM)` | `current` | 50 / 10 / 100 |
 * | `coretime-kusama@2002001`, `coretime-kusama` | 2 002 001 – (2.2.1, 2026-04-16) | `MinimumPrice(1 KSM)` | `current` | 50 / 50 / 100 |
 *
 * The 2002001 era runs polkadot-sdk stable2603's pallet-broker (fellows 2.2.0, #1114): #10767 and
 * #10792 on, `remove_potential_renewal` and `force_transfer` in the runtime (`stable2603Broker`;
 * 2.2.0 itself, spec 2 002 000, had them too, with the older `MaxReservedCores`: not a preset of
 * its own). Revenue goes into `py/ctbrn` in every era; `constants.Broker.OnRevenue:
 * AccumulateForward` selects the route of fellows #1282/#1301 (`coretime-revenue.ts`).
 *
 * Every era: one coretime-chain block per two relay blocks (`relayBlocksPerParaBlock` 2, the natural
 * clock's default; synchronous backing in every release so far), sale timing in coretime-chain blocks
 * before 1 006 000 (`coretimeBlockLengths`). See packages/runtimes/README.md for the table per era.
 *
 * MaxAutoRenewals 0 marks the eras before auto-renewal (fellows 1.4.0): their broker runs with
 * `AutoRenew: false` (era `autoRenew`), so it never writes `Broker.AutoRenewals`, an item those
 * runtimes do not have.
 *
 * Always: `TimeslicePeriod` 80, `PalletId` `py/broke`, `MinimumCreditPurchase` 0.1 KSM
 * (`UNITS / 10`), `AdminOrigin` Root, `OnRevenue` into `CoretimeBurnAccount` (`py/ctbrn`),
 * `SovereignAccountOf` the sibling sovereign account. Existential deposit 0.000033333333 KSM:
 * `SYSTEM_PARA_EXISTENTIAL_DEPOSIT` = the relay's `EXISTENTIAL_DEPOSIT` (1 CENT = 333 333 333
 * planck) / 10 (polkadot-fellows/runtimes `system-parachains/constants/src/kusama.rs`,
 * `relay/kusama/constants/src/lib.rs`).
 *
 * `configure` (genesis `Broker.config`): advance_notice 10, interlude 50 400 and lead-in 50 400
 * coretime blocks (7 days each; 100 800 relay blocks each in these presets), region_length 5 040,
 * ideal_bulk_proportion 100 %, renewal_bump 3 %, contribution_timeout 5 040 (runtimes PR #212 =
 * hackmd @seadanda/r14dvgrpp); limit_cores_offered `None` in every era: the proposal's 3 never
 * bound (at the restart 55 − 52 = 3 cores were free anyway) and cannot have been in force at sale
 * 2, which offered 15 cores (stated); the 2024-12 storage snapshot has `None`. Referendum #507
 * lowered ideal_bulk_proportion at some point; its value is not known, so 100 % stays.
 */
import type { Preset } from "@corelab/frame";
import { CenterTargetPrice, KusamaLaunchPrice, MinimumPrice, type ConfigRecord } from "@corelab/pallet-broker";
import { coretimePresets, type CoretimeChain } from "./coretime-chain.ts";
import { KUSAMA_ACCUMULATE_FORWARD_PALLET_ID } from "./coretime-revenue.ts";

/** KSM: 12 decimals. */
export const KSM = { symbol: "KSM", decimals: 12 } as const;
const UNITS = 1_000_000_000_000n;

/**
 * The 47 leases the 1 002 002 migration (`bootstrapping::ImportLeases`, runtimes `4211c3409`)
 * imported before restarting the sales, in import order: `[para_id, until timeslice]`. Cores
 * 5 … 51 went to them in this order (cores 0 … 4: the reservations 1000, 1001, 1002, 1005, Pool).
 */
export const KUSAMA_LEASES_2024_04: ReadonlyArray<readonly [number, number]> = [
  [2000, 340200], [2001, 302400], [2004, 332640], [2007, 317520], [2011, 325080], [2012, 309960],
  [2015, 287280], [2023, 309960], [2024, 309960], [2048, 302400], [2084, 340200], [2085, 294840],
  [2087, 340200], [2088, 287280], [2090, 340200], [2092, 287280], [2095, 332640], [2096, 332640],
  [2105, 325080], [2106, 325080], [2110, 317520], [2113, 332640], [2114, 317520], [2119, 340200],
  [2121, 332640], [2123, 294840], [2124, 287280], [2125, 294840], [2222, 302400], [2233, 294840],
  [2236, 317520], [2239, 332640], [2241, 325080], [2274, 294840], [2275, 294840], [2281, 302400],
  [3334, 309960], [3336, 317520], [3338, 317520], [3339, 325080], [3340, 325080], [3343, 317520],
  [3344, 340200], [3345, 325080], [3347, 287280], [3348, 287280], [3350, 340200],
];

/** Kusama's system parachains (Asset Hub, Encointer, Bridge Hub, People, Coretime). */
export const KUSAMA_SYSTEM_PARAS: readonly number[] = [1000, 1001, 1002, 1004, 1005];

const configure2024: ConfigRecord = {
  advance_notice: 10,
  interlude_length: 50_400,
  leadin_length: 50_400,
  region_length: 5_040,
  ideal_bulk_proportion: 1_000_000_000,
  limit_cores_offered: undefined,
  renewal_bump: 30_000_000,
  contribution_timeout: 5_040,
};
const configureRelay: ConfigRecord = { ...configure2024, interlude_length: 100_800, leadin_length: 100_800 };

/** The Kusama coretime chain and its eras. */
export const coretimeKusamaChain: CoretimeChain = {
  name: "coretime-kusama",
  relay: "Kusama",
  token: KSM,
  existentialDeposit: 33_333_333n,
  minimumCreditPurchase: UNITS / 10n,
  knownParas: [...KUSAMA_SYSTEM_PARAS, ...KUSAMA_LEASES_2024_04.map(([id]) => id)],
  accumulateForwardPalletId: KUSAMA_ACCUMULATE_FORWARD_PALLET_ID,
  // fellows system-parachains/constants/src/kusama.rs `mod fee` (CENTS = UNITS / 30 / 100,
  // TRANSACTION_BYTE_FEE = MILLICENTS, BlockRatioFee<CENTS, 100 · relay ExtrinsicBaseWeight>);
  // ExtrinsicBaseWeight 124 706 ns (relay), 125 000 ns (coretime-kusama), v1.3.0 … v2.3.2
  fees: {
    cents: UNITS / 30n / 100n,
    weightDivisor: 100n,
    relayExtrinsicBaseWeight: 124_706_000n,
    extrinsicBaseWeight: 125_000_000n,
    byteFee: UNITS / 30n / 100n / 1_000n,
  },
  eras: [
    {
      specVersion: 1_002_002,
      release: "1.2.2, 2024-04-20",
      priceAdapter: KusamaLaunchPrice,
      saleRules: "before-4521",
      maxLeasedCores: 50,
      maxReservedCores: 10,
      maxAutoRenewals: 0,
      autoRenew: false,
      filteredCalls: [],
      configure: configure2024,
      coretimeBlockLengths: true,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 640a001c7 (PR #212) coretime.rs, 4211c3409 (PR #276) migrations.rs",
    },
    {
      specVersion: 1_002_005,
      release: "1.2.5, 2024-06-06",
      priceAdapter: CenterTargetPrice,
      saleRules: "before-8630",
      maxLeasedCores: 50,
      maxReservedCores: 10,
      maxAutoRenewals: 0,
      autoRenew: false,
      filteredCalls: ["purchase_credit"],
      configure: configure2024,
      coretimeBlockLengths: true,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 2539cb587 (PR #334); sidecar CoretimeService.spec.ts (2024-12 configuration)",
    },
    {
      specVersion: 1_004_000,
      release: "1.4.0, 2025-02-07",
      priceAdapter: CenterTargetPrice,
      saleRules: "before-8630",
      maxLeasedCores: 50,
      maxReservedCores: 10,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit"],
      configure: configure2024,
      coretimeBlockLengths: true,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 510e26ac7, CHANGELOG [1.4.0] (auto-renew)",
    },
    {
      specVersion: 1_006_000,
      release: "1.6.0, 2025-06-19",
      priceAdapter: MinimumPrice(UNITS),
      saleRules: "current",
      maxLeasedCores: 50,
      maxReservedCores: 10,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit"],
      configure: configureRelay,
      coretimeBlockLengths: false,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 6de522f5d (PR #754, MinimumEndPrice = UNITS), 34ecb9496 (MigrateV3ToV4)",
    },
    {
      specVersion: 2_002_001,
      release: "2.2.1, 2026-04-16",
      priceAdapter: MinimumPrice(UNITS),
      saleRules: "current",
      maxLeasedCores: 50,
      maxReservedCores: 50,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit"],
      configure: configureRelay,
      coretimeBlockLengths: false,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: true,
      sources: "runtimes 93b5bcc82 (PR #1147, MaxReservedCores 50); v2.2.0 (d9d640463, #1114: pallet-broker of stable2603 with sdk #10767, #10792, #10828, #10856; CHANGELOG [2.2.0], weights/pallet_broker.rs)",
    },
  ],
};

/** The `coretime-kusama@<spec>` presets and `coretime-kusama` (the newest era). */
export const coretimeKusamaPresets: readonly Preset[] = coretimePresets(coretimeKusamaChain);
