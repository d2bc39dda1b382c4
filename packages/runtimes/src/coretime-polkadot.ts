/**
 * `coretime-polkadot`: the Polkadot coretime chain's broker, per runtime era (see
 * `coretime-chain.ts` for the shape and the block units). Values and sources, all in
 * `docs/references.md#real-coretime-data` unless noted:
 *
 * | preset | specs | price adapter | sale rules | MaxLeased / MaxReserved / MaxAutoRenewals |
 * |---|---|---|---|---|
 * | `coretime-polkadot@1003000` | 1 003 000 – 1 003 xxx (1.3.0, 2024-08-20, genesis) | `CenterTargetPrice` | `before-8630` | 55 / 10 / 0 |
 * | `coretime-polkadot@1004000` | 1 004 000 – 1 005 xxx (1.4.0, 2025-02-07) | `CenterTargetPrice` | `before-8630` | 55 / 10 / 100 |
 * | `coretime-polkadot@1006000` | 1 006 000 – 2 002 000 (1.6.0, 2025-06-19) | `MinimumPrice(10 DOT)` | `current` | 55 / 10 / 100 |
 * | `coretime-polkadot@2002001`, `coretime-polkadot` | 2 002 001 – (2.2.1, 2026-04-16) | `MinimumPrice(10 DOT)` | `current` | 55 / 50 / 100 |
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
 * Always: `TimeslicePeriod` 80, `PalletId` `py/broke`, `MinimumCreditPurchase` 0.1 DOT
 * (`UNITS / 10`), `AdminOrigin` Root, `OnRevenue` into `CoretimeBurnAccount` (`py/ctbrn`),
 * `SovereignAccountOf` the sibling sovereign account. Existential deposit 0.1 DOT:
 * `SYSTEM_PARA_EXISTENTIAL_DEPOSIT` = the relay's `EXISTENTIAL_DEPOSIT` (100 CENTS = 1 DOT) / 10
 * (polkadot-fellows/runtimes `system-parachains/constants/src/polkadot.rs`,
 * `relay/polkadot/constants/src/lib.rs`).
 *
 * `configure` (genesis `Broker.config`): the Polkadot `configure` call was not found (reference
 * §2.3, §9). Stated: region_length 5 040 (exact, migration PR #458); a one-week interlude and a
 * two-week lead-in (forum 12526, approximate: 50 400 and 100 800 coretime blocks, 100 800 and
 * 201 600 relay blocks); renewal_bump 3 % (press). Assumed, as Kusama's: advance_notice 10,
 * ideal_bulk_proportion 100 %, limit_cores_offered `None`, contribution_timeout 5 040.
 */
import type { Preset } from "@corelab/frame";
import { CenterTargetPrice, MinimumPrice, type ConfigRecord } from "@corelab/pallet-broker";
import { coretimePresets, type CoretimeChain } from "./coretime-chain.ts";
import { POLKADOT_ACCUMULATE_FORWARD_PALLET_ID } from "./coretime-revenue.ts";

/** DOT: 10 decimals. */
export const DOT = { symbol: "DOT", decimals: 10 } as const;
const UNITS = 10_000_000_000n;

/**
 * The 46 leases the Polkadot relay migration gave the broker before `start_sales` (September
 * 2024), in order, `[para_id, until timeslice]`, with the `until` they had then: the values of
 * the fix migration (runtimes `afc36ca73`, PR #458, `LEASES`) less the 11 520 timeslices (64 days)
 * it added. Cores 5 … 50 went to them in this order. The six ending at 287 280 expired in the
 * first rotation (premature renewals at `when` 292 605, cores 5, 6, 13, 15, 44, 47).
 */
export const POLKADOT_LEASES_2024_09: ReadonlyArray<readonly [number, number]> = [
  [2094, 287280], [2040, 287280], [2035, 347760], [3344, 332640], [3370, 378000], [3367, 362880],
  [2086, 378000], [2032, 347760], [3333, 287280], [2051, 378000], [2106, 287280], [3369, 302400],
  [2008, 378000], [2025, 347760], [2000, 302400], [2092, 393120], [2002, 347760], [3359, 378000],
  [2030, 362880], [3378, 393120], [2104, 393120], [2046, 362880], [3345, 332640], [3340, 332640],
  [3338, 317520], [2004, 317520], [3377, 378000], [3373, 378000], [2031, 332640], [3389, 393120],
  [3366, 362880], [2037, 362880], [2034, 347760], [2090, 393120], [3346, 332640], [2012, 347760],
  [3397, 393120], [2043, 362880], [2091, 393120], [2093, 287280], [2026, 332640], [3388, 393120],
  [2101, 287280], [3354, 347760], [2006, 332640], [2013, 362880],
];

/** The five leases the relay migration dropped (already ended), given 100 DOT renewals by PR #458 (cores 56 … 60). */
export const POLKADOT_DROPPED_LEASES: readonly number[] = [2048, 3375, 3358, 2053, 2056];

/** Polkadot's system parachains in the order of their reservations (cores 0 … 4): Collectives, Bridge Hub, Asset Hub, People, Coretime. */
export const POLKADOT_SYSTEM_PARAS: readonly number[] = [1001, 1002, 1000, 1004, 1005];

const configureCoretimeBlocks: ConfigRecord = {
  advance_notice: 10,
  interlude_length: 50_400,
  leadin_length: 100_800,
  region_length: 5_040,
  ideal_bulk_proportion: 1_000_000_000,
  limit_cores_offered: undefined,
  renewal_bump: 30_000_000,
  contribution_timeout: 5_040,
};
const configureRelay: ConfigRecord = { ...configureCoretimeBlocks, interlude_length: 100_800, leadin_length: 201_600 };

/** The Polkadot coretime chain and its eras. */
export const coretimePolkadotChain: CoretimeChain = {
  name: "coretime-polkadot",
  relay: "Polkadot",
  token: DOT,
  existentialDeposit: UNITS / 10n,
  minimumCreditPurchase: UNITS / 10n,
  knownParas: [...POLKADOT_SYSTEM_PARAS, ...POLKADOT_LEASES_2024_09.map(([id]) => id), ...POLKADOT_DROPPED_LEASES],
  accumulateForwardPalletId: POLKADOT_ACCUMULATE_FORWARD_PALLET_ID,
  // fellows system-parachains/constants/src/polkadot.rs `mod fee` (CENTS = UNITS / 100,
  // TRANSACTION_BYTE_FEE = MILLICENTS / 2, BlockRatioFee<CENTS, 200 · relay ExtrinsicBaseWeight>);
  // ExtrinsicBaseWeight 126 045 ns (relay), 125 000 ns (coretime-polkadot), v1.3.0 … v2.3.2
  fees: {
    cents: UNITS / 100n,
    weightDivisor: 200n,
    relayExtrinsicBaseWeight: 126_045_000n,
    extrinsicBaseWeight: 125_000_000n,
    byteFee: UNITS / 100n / 1_000n / 2n,
  },
  eras: [
    {
      specVersion: 1_003_000,
      release: "1.3.0, 2024-08-20",
      priceAdapter: CenterTargetPrice,
      saleRules: "before-8630",
      maxLeasedCores: 55,
      maxReservedCores: 10,
      maxAutoRenewals: 0,
      autoRenew: false,
      filteredCalls: ["purchase_credit", "interlace"],
      configure: configureCoretimeBlocks,
      coretimeBlockLengths: true,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 9d3d5f6f6 (PR #410) coretime.rs; afc36ca73 (PR #458) migrations.rs",
    },
    {
      specVersion: 1_004_000,
      release: "1.4.0, 2025-02-07",
      priceAdapter: CenterTargetPrice,
      saleRules: "before-8630",
      maxLeasedCores: 55,
      maxReservedCores: 10,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit", "interlace"],
      configure: configureCoretimeBlocks,
      coretimeBlockLengths: true,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 510e26ac7, CHANGELOG [1.4.0] (auto-renew)",
    },
    {
      specVersion: 1_006_000,
      release: "1.6.0, 2025-06-19",
      priceAdapter: MinimumPrice(10n * UNITS),
      saleRules: "current",
      maxLeasedCores: 55,
      maxReservedCores: 10,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit", "interlace"],
      configure: configureRelay,
      coretimeBlockLengths: false,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: false,
      sources: "runtimes 6de522f5d (PR #754, MinimumEndPrice = 10 * UNITS), 34ecb9496 (MigrateV3ToV4)",
    },
    {
      specVersion: 2_002_001,
      release: "2.2.1, 2026-04-16",
      priceAdapter: MinimumPrice(10n * UNITS),
      saleRules: "current",
      maxLeasedCores: 55,
      maxReservedCores: 50,
      maxAutoRenewals: 100,
      autoRenew: true,
      filteredCalls: ["purchase_credit", "interlace"],
      configure: configureRelay,
      coretimeBlockLengths: false,
      relayBlocksPerParaBlock: 2,
      stable2603Broker: true,
      sources: "runtimes 93b5bcc82 (PR #1147, MaxReservedCores 50); v2.2.0 (d9d640463, #1114: pallet-broker of stable2603 with sdk #10767, #10792, #10828, #10856; CHANGELOG [2.2.0], weights/pallet_broker.rs)",
    },
  ],
};

/** The `coretime-polkadot@<spec>` presets and `coretime-polkadot` (the newest era). */
export const coretimePolkadotPresets: readonly Preset[] = coretimePresets(coretimePolkadotChain);
