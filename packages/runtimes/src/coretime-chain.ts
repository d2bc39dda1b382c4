/**
 * What the real coretime-chain presets (`coretime-kusama`, `coretime-polkadot`) share: a chain is a
 * token, an existential deposit and a list of runtime *eras* (the spec versions at which the
 * broker's `impl pallet_broker::Config` or its rules changed); each era becomes one preset,
 * `<chain>@<spec_version>`, and the newest one is also registered under the bare chain name.
 *
 * A preset is one chain: System, Balances (the chain's existential deposit), `TestCoretime` (the
 * recording mock relay chain of `@corelab/pallet-broker/testing`: `assign_core` trace, core count
 * and revenue answers as pallet-broker's `mock.rs` gives them) and Broker with the era's constants,
 * price adapter and sale rules, on a parachain clock (`para-clock.ts`, the scenario knob
 * `constants.ParachainSystem`).
 *
 * On the aligned clock (the default) `at` is the relay block the broker reads as now (SCENARIO.md).
 * Block units there: before runtime 1 006 000 the chains counted `interlude_length`, `leadin_length`
 * and `SaleInfo.sale_start` in 12 s coretime-chain blocks. On the aligned clock every length is in
 * relay blocks, as `at` is; the genesis configuration of an older era is converted as
 * `pallet_broker::migration::MigrateV3ToV4` converted it in 1.6.0 (×2). A scenario that writes
 * such a length itself (a `configure` call, a `storage:` import) must write it in relay blocks.
 *
 * On the natural clock (`Clock: natural`) `at` is the parachain block number, built on relay parent
 * `RelayBlocksPerParaBlock · at`; the tick reads the previous block's relay parent; the genesis
 * configuration is the era's own (`configure`, in parachain blocks before 1 006 000), and sale
 * timing counts the era's units: parachain blocks before 1 006 000 (the broker's `SaleClock:
 * "parachain"`, see `saleClockOf`), relay blocks from 1 006 000.
 */
import { accountIdFromBytes, parsePalletOptions, type AnyPallet, type Preset, type PresetOptions } from "@corelab/frame";
import { createRuntime, ensureRootOrigin, formatAmount, palletAccountId, type OnUnbalanced, type Runtime, type RuntimeCall, type TokenInfo } from "@corelab/frame";
import { Balances, fungibleOf, type BalancesConfig } from "@corelab/pallet-balances";
import { Broker, IdentityBalance, type AdaptPrice, type BrokerConfig, type ConfigRecord, type SaleRules } from "@corelab/pallet-broker";
import { TEST_CORETIME_SEQUENCES, TestCoretime, testCoretimeInterface, type BrokerConstants } from "@corelab/pallet-broker/testing";
import { ALIGNED_CLOCK, PARA_CLOCK_PALLET, onParaClock, parseParaClock, type ParaClock } from "./para-clock.ts";
import { applyMarketKnobs, BrokerWithMarketKnobs, CORETIME_MARKET_PALLET_INDEX, splitMarketKnobs } from "./coretime-market-knobs.ts";
import { CoretimeMarket } from "@corelab/pallet-coretime-market";
import { chargeTransactionPayment, TransactionPayment, type TransactionPaymentConfig } from "@corelab/pallet-transaction-payment";
import { ACCUMULATE_FORWARD_PALLET_INDEX, AccumulateForward, accumulationAccount } from "./coretime-revenue.ts";

/** One era of a coretime chain's runtime: the broker config from `specVersion` until the next era. */
export interface CoretimeEra {
  /** The first spec version of the era (`1002002`); the preset is named `<chain>@<specVersion>`. */
  readonly specVersion: number;
  /** The fellows release and its date, for descriptions (`"1.2.2, 2024-04-20"`). */
  readonly release: string;
  /** The price adapter (`PriceAdapter`). */
  readonly priceAdapter: AdaptPrice;
  /** Which historical sale rules the pallet ran (see `SaleRules` of `@corelab/pallet-broker`). */
  readonly saleRules: SaleRules;
  /** `MaxLeasedCores`. */
  readonly maxLeasedCores: number;
  /** `MaxReservedCores`. */
  readonly maxReservedCores: number;
  /** `MaxAutoRenewals` (0 before auto-renewal existed: `enable_auto_renew` then fails). */
  readonly maxAutoRenewals: number;
  /**
   * Whether the runtime's broker has auto-renewal (pallet-broker's `AutoRenew`; fellows 1.4.0 and
   * later): `false` before it, where the chain has no `Broker.AutoRenewals` item and a sale rotation
   * does not write it (checked byte for byte against coretime-polkadot 1 003 000 by tools/peer).
   */
  readonly autoRenew: boolean;
  /**
   * The Broker calls the runtime's `BaseCallFilter` refuses (`System.CallFiltered` for any origin
   * but Root): `purchase_credit` from Kusama 1 002 005 (fellows #312) and on Polkadot from genesis
   * (#410), `interlace` on Polkadot from genesis (#438). See docs/research/issue-14.md, section 1.
   */
  readonly filteredCalls: readonly string[];
  /**
   * The `configure` values in force, as the chain stated them: before 1 006 000 the interlude and
   * lead-in in coretime-chain blocks (12 s), from 1 006 000 in relay blocks.
   */
  readonly configure: ConfigRecord;
  /**
   * Whether the era's sale timing counts coretime-chain (parachain) blocks: `configure`'s interlude
   * and lead-in, `SaleInfo.sale_start` and the lead-in price read `frame_system::block_number()`
   * (before 1 006 000; polkadot-sdk #5656 moved them to relay blocks, deployed with
   * `MigrateV3ToV4` in fellows 1.6.0, 34ecb9496).
   */
  readonly coretimeBlockLengths: boolean;
  /**
   * Relay blocks per coretime-chain block, the natural clock's default: 2 in every era so far
   * (`FixedVelocityConsensusHook<6000, 1, 1>` with 12 s slots, synchronous backing; fellows
   * `system-parachains/constants` v1.2.0 … v2.3.2; docs/research/issue-14.md section 2.1).
   */
  readonly relayBlocksPerParaBlock: 1 | 2;
  /**
   * Whether the runtime's pallet-broker is polkadot-sdk stable2603's (fellows 2.2.0, spec 2 002 000,
   * CHANGELOG [2.2.0]; weights `Broker::ForceReservations`, `remove_potential_renewal`,
   * `force_transfer`): #10767 (`AutoRenewRecordsRenewedCore`), #10792 (`TrackForceReservations`)
   * and the admin calls `remove_potential_renewal` (#10828) and `force_transfer` (#10856). `false`:
   * the broker runs without the two options and the runtime has neither call (a scenario naming
   * one fails as an unknown call, as the real runtime cannot decode it).
   */
  readonly stable2603Broker: boolean;
  /** Where the values come from (commits, references). */
  readonly sources: string;
}

/** A coretime chain: its token, balances and eras (ascending by spec version). */
export interface CoretimeChain {
  /** The preset name (`coretime-kusama`). */
  readonly name: string;
  /** The relay chain's name, for descriptions (`Kusama`). */
  readonly relay: string;
  readonly token: TokenInfo;
  /** `ExistentialDeposit` of Balances (planck). */
  readonly existentialDeposit: bigint;
  /** `MinimumCreditPurchase` of the broker (planck). */
  readonly minimumCreditPurchase: bigint;
  /** Para ids that get a `para:<id>` account alias (their sibling sovereign account). */
  readonly knownParas: readonly number[];
  /** Eras, ascending by `specVersion`; the last is also the bare-named preset. */
  readonly eras: readonly CoretimeEra[];
  /** `AccumulateForwardPalletId` (`acf/dott`, `acf/ksmt`): the revenue route `OnRevenue: AccumulateForward` (`coretime-revenue.ts`). */
  readonly accumulateForwardPalletId: string;
  /** The fee parameters of the chain's pallet-transaction-payment (`CoretimeFees`), charged only when a scenario asks (`constants.TransactionPayment`). */
  readonly fees: CoretimeFees;
}

/**
 * The fee parameters of a coretime chain (fellows `system-parachains/constants/src/<relay>.rs`,
 * `mod fee`, and the chain's `weights/extrinsic_weights.rs`), planck and `ref_time` units:
 * `WeightToFee` = `BlockRatioFee<CENTS, weightDivisor · relay ExtrinsicBaseWeight>` (fee =
 * `ref_time · CENTS / (weightDivisor · relayExtrinsicBaseWeight)`), `LengthToFee` =
 * `ConstantMultiplier<TRANSACTION_BYTE_FEE>`, the base fee `WeightToFee(ExtrinsicBaseWeight)` of
 * the coretime chain. These are the values from fellows 2.2.0 (#1117) on; `BlockRatioFee`'s
 * `FixedU128` rounding gives the same base fee as the integer division here (checked for both
 * chains). Not modelled per era: before 2.2.0 the divisor was frame_support's generic
 * `ExtrinsicBaseWeight` (which varies with the SDK version) in a `WeightToFeePolynomial`, so the
 * older eras' real base fee differs slightly; every era uses these values.
 */
export interface CoretimeFees {
  /** `CENTS` of the chain's token. */
  readonly cents: bigint;
  /** 200 on Polkadot, 100 on Kusama. */
  readonly weightDivisor: bigint;
  /** The relay chain's `ExtrinsicBaseWeight` (`ref_time`), the denominator of `WeightToFee`. */
  readonly relayExtrinsicBaseWeight: bigint;
  /** The coretime chain's `ExtrinsicBaseWeight` (`ref_time`): `base_extrinsic` of every extrinsic. */
  readonly extrinsicBaseWeight: bigint;
  /** `TRANSACTION_BYTE_FEE` (planck per byte). */
  readonly byteFee: bigint;
}

/** `WeightToFee(w)` of a chain (`BlockRatioFee`, integer division), planck. */
export function coretimeWeightToFee(fees: CoretimeFees, refTime: bigint): bigint {
  return (refTime * fees.cents) / (fees.weightDivisor * fees.relayExtrinsicBaseWeight);
}

/** `PotId` of `pallet_collator_selection` on both coretime chains: the `StakingPot` fees are resolved into (`ResolveTo<StakingPot, Balances>`). */
export const STAKING_POT_PALLET_ID = "PotStake";

/** `TransactionPayment`'s `construct_runtime!` index on both coretime chains. */
export const TRANSACTION_PAYMENT_PALLET_INDEX = 11;

/**
 * The fee configuration of a coretime chain (`constants.TransactionPayment` opts in): base fee
 * `WeightToFee(ExtrinsicBaseWeight)`, byte fee `TRANSACTION_BYTE_FEE`, into the staking pot.
 * Simplification: a call's own weight (fellows `weights/pallet_broker.rs`) is not modelled
 * (`WeightFee` 0), so every extrinsic pays the base fee plus its length fee; the length is Corelab's
 * stand-in (`encodedLengthOf`), not the SCALE length; the multiplier stays at its genesis value (no
 * `SlowAdjustingFeeUpdate`). A scenario may override any of `BaseFee`, `ByteFee`, `WeightFee`,
 * `DefaultWeight`, `FeePot`.
 */
export function coretimeFeeConfig(chain: CoretimeChain, balances: BalancesConfig, overrides: Readonly<Record<string, unknown>> = {}): TransactionPaymentConfig {
  return {
    Currency: fungibleOf(balances),
    FeePot: palletAccountId(STAKING_POT_PALLET_ID),
    BaseFee: coretimeWeightToFee(chain.fees, chain.fees.extrinsicBaseWeight),
    ByteFee: chain.fees.byteFee,
    WeightFee: 0n,
    DefaultWeight: 0n,
    ...(overrides as Partial<TransactionPaymentConfig>),
  };
}

/** `TIMESLICE_PERIOD` of Kusama and Polkadot (relay blocks per timeslice). */
export const CORETIME_TIMESLICE_PERIOD = 80;

/** The broker's `PalletId` on both coretime chains. */
export const CORETIME_BROKER_PALLET_ID = "py/broke";

/** `CoretimeBurnAccount`'s `PalletId` on both coretime chains: `OnRevenue` resolves into it (RFC-10). */
export const CORETIME_BURN_PALLET_ID = "py/ctbrn";

/** Relay blocks per coretime-chain block (12 s coretime blocks, 6 s relay blocks), the factor of `MigrateV3ToV4`. */
export const RELAY_BLOCKS_PER_CORETIME_BLOCK = 2;

/**
 * A `configure` record with the interlude and lead-in converted from coretime-chain blocks to
 * relay blocks (×2, as `BrokerMigrationV4BlockConversion::convert_block_length_to_relay_length`).
 */
export function toRelayBlockLengths(config: ConfigRecord): ConfigRecord {
  return {
    ...config,
    interlude_length: config.interlude_length * RELAY_BLOCKS_PER_CORETIME_BLOCK,
    leadin_length: config.leadin_length * RELAY_BLOCKS_PER_CORETIME_BLOCK,
  };
}

/** The era's `configure` record in relay blocks (the preset's genesis `Broker.config`). */
export function eraConfigure(era: CoretimeEra): ConfigRecord {
  return era.coretimeBlockLengths ? toRelayBlockLengths(era.configure) : { ...era.configure };
}

/**
 * The sovereign account of a sibling parachain on a system parachain (xcm-builder's
 * `SiblingParachainConvertsVia`: `b"sibl" ++ para_id.encode()` zero-padded to 32 bytes), which is
 * what the coretime chains' `SovereignAccountOf` gives for `Location::new(1, [Parachain(id)])`.
 * Written as an SS58 address (prefix 42), as every account of Corelab is, so that it has its
 * `AccountId32` SCALE form (raw state in and out). Throws a `RangeError` for an id outside u32.
 */
export function siblingSovereignAccount(paraId: number): string {
  if (!Number.isInteger(paraId) || paraId < 0 || paraId > 0xffff_ffff) throw new RangeError(`para id must be a u32, got ${paraId}`);
  const bytes = new Uint8Array(32);
  bytes.set([0x73, 0x69, 0x62, 0x6c]); // b"sibl"
  new DataView(bytes.buffer).setUint32(4, paraId, true);
  return accountIdFromBytes(bytes);
}

/**
 * The account aliases of a coretime preset: `pallet:Broker`, `pallet:CoretimeBurn`,
 * `pallet:AccumulateForward` (the accumulation account of the revenue route `AccumulateForward`),
 * `pallet:StakingPot` (where fees go when charged), `para:<id>`.
 */
export function coretimeAccounts(chain: CoretimeChain): Record<string, string> {
  const out: Record<string, string> = {
    "pallet:Broker": palletAccountId(CORETIME_BROKER_PALLET_ID),
    "pallet:CoretimeBurn": palletAccountId(CORETIME_BURN_PALLET_ID),
    "pallet:AccumulateForward": accumulationAccount(chain.accumulateForwardPalletId),
    "pallet:StakingPot": palletAccountId(STAKING_POT_PALLET_ID),
  };
  for (const id of chain.knownParas) out[`para:${id}`] = siblingSovereignAccount(id);
  return out;
}

/**
 * `BurnCoretimeRevenue` / `BurnRevenue`: the credit is resolved into `CoretimeBurnAccount`. A
 * resolve that fails (below the existential deposit) drops the credit, as `.defensive_ok()` does:
 * the purchase still succeeds and the amount leaves the issuance.
 */
function burnRevenue(balances: BalancesConfig, burnAccount: string): OnUnbalanced {
  const currency = fungibleOf(balances);
  return (ctx, amount) => {
    currency.resolve(ctx, burnAccount, amount); // a credit it cannot take is dropped
  };
}

/**
 * The broker configuration of a coretime chain in an era: the era's constants (overridable by a
 * scenario's `constants: { Broker: … }`), `Currency` = Balances, `OnRevenue` = the burn account,
 * `Coretime` = the recording mock relay, `AdminOrigin` = Root only (`EnsureRoot`),
 * `SovereignAccountOf` = the sibling sovereign account of the task's para id.
 */
export function coretimeBrokerConfig(chain: CoretimeChain, era: CoretimeEra, balances: BalancesConfig, overrides: Partial<BrokerConstants> = {}): BrokerConfig {
  const constants: BrokerConstants = {
    TimeslicePeriod: CORETIME_TIMESLICE_PERIOD,
    MaxLeasedCores: era.maxLeasedCores,
    MaxReservedCores: era.maxReservedCores,
    MaxAutoRenewals: era.maxAutoRenewals,
    MinimumCreditPurchase: chain.minimumCreditPurchase,
    PalletId: CORETIME_BROKER_PALLET_ID,
    SaleRules: era.saleRules,
    ...overrides,
  };
  const currency = fungibleOf(balances);
  return {
    ...constants,
    Currency: currency,
    OnRevenue: burnRevenue(balances, palletAccountId(CORETIME_BURN_PALLET_ID)),
    Coretime: testCoretimeInterface({ currency, pot: palletAccountId(constants.PalletId) }),
    PriceAdapter: era.priceAdapter,
    AdminOrigin: ensureRootOrigin,
    SovereignAccountOf: siblingSovereignAccount,
    ConvertBalance: IdentityBalance,
    AutoRenew: era.autoRenew,
    AutoRenewRecordsRenewedCore: era.stable2603Broker,
    TrackForceReservations: era.stable2603Broker,
  };
}

/** The Broker calls of polkadot-sdk stable2603 (fellows 2.2.0) that older eras' runtimes lack. */
export const STABLE2603_BROKER_CALLS: readonly string[] = ["remove_potential_renewal", "force_transfer"];

/**
 * The Broker pallet of `era`'s runtime: the whole pallet from stable2603 on, else without the calls
 * of `STABLE2603_BROKER_CALLS` (not in the runtime's metadata; naming one is an unknown call).
 */
export function eraBrokerPallet(era: CoretimeEra): AnyPallet {
  if (era.stable2603Broker) return Broker as unknown as AnyPallet;
  const calls = Object.fromEntries(Object.entries(Broker.calls).filter(([name]) => !STABLE2603_BROKER_CALLS.includes(name)));
  return { ...Broker, calls } as unknown as AnyPallet;
}

/** Options of `createCoretimeRuntime` (parsed values). */
export interface CoretimeRuntimeOptions {
  /** Constant overrides: `Broker` (see `BrokerConstants`) and `Balances` (`ExistentialDeposit`). */
  readonly constants?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Genesis per pallet; `Broker.config` defaults to the era's `configure` values in relay blocks. */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The relay block the chain starts at (the genesis block's number; see `createRuntime`). */
  readonly genesisNumber?: number;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
  /** The parachain clock (default: aligned, `at` = the relay number everything reads). */
  readonly clock?: ParaClock;
  /** Where the options are in the scenario file (`runtime` options path), for errors. */
  readonly path?: string;
}

/**
 * Which block number the broker's sale timing reads in `era` on `clock`, as the value of the
 * broker's `SaleClock` (Corelab addition of pallet-broker, see the package README: `"parachain"`
 * reads the chain's own block number, as pallet-broker before polkadot-sdk #5656; `"relay"` the
 * relay-chain number). `"parachain"` only on the natural clock of an era before 1 006 000: on the
 * aligned clock the two numbers are the same.
 */
export function saleClockOf(era: CoretimeEra, clock: ParaClock): "relay" | "parachain" {
  return clock.kind === "natural" && era.coretimeBlockLengths ? "parachain" : "relay";
}

/** The genesis `Broker.config` of `era` on `clock`: relay blocks on the aligned clock (`eraConfigure`), the era's own units on the natural clock. */
export function eraConfigureOn(era: CoretimeEra, clock: ParaClock): ConfigRecord {
  return clock.kind === "natural" ? { ...era.configure } : eraConfigure(era);
}

/** Builds the runtime of `chain` in `era` at genesis. */
export function createCoretimeRuntime(chain: CoretimeChain, era: CoretimeEra, opts: CoretimeRuntimeOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: chain.existentialDeposit, ...(opts.constants?.Balances as Partial<BalancesConfig>) };
  const clock = opts.clock ?? ALIGNED_CLOCK;
  const { constants: brokerConstants, knobs } = splitMarketKnobs(opts.constants?.Broker);
  const unclocked = coretimeBrokerConfig(chain, era, balances, brokerConstants as Partial<BrokerConstants>);
  const base: BrokerConfig = { ...unclocked, Coretime: onParaClock(unclocked.Coretime, clock) };
  const marketPath = `${opts.path ? `${opts.path}.` : ""}constants.Broker`;
  const revenue = { palletId: chain.accumulateForwardPalletId, ...(opts.constants?.AccumulateForward !== undefined ? { constants: opts.constants.AccumulateForward } : {}) };
  const { broker: withMarket, extra, genesis: marketGenesis } = applyMarketKnobs(base, knobs, opts.constants?.CoretimeMarket, chain.token.decimals, marketPath, revenue);
  const broker: BrokerConfig = { ...withMarket, SaleClock: saleClockOf(era, clock) };
  const genesis: Record<string, Readonly<Record<string, unknown>>> = { ...opts.genesis };
  genesis.Broker = { config: eraConfigureOn(era, clock), ...opts.genesis?.Broker };
  for (const [pallet, g] of Object.entries(marketGenesis)) genesis[pallet] = { ...g, ...opts.genesis?.[pallet] };
  // fees only when the scenario asks for them (`constants: { TransactionPayment: {} }` or with overrides)
  const feeOverrides = opts.constants?.TransactionPayment;
  const fees = feeOverrides === undefined ? undefined : coretimeFeeConfig(chain, balances, feeOverrides);
  if (fees !== undefined) genesis.Balances = withPotFunded(genesis.Balances, fees.FeePot, balances.ExistentialDeposit);
  const extraIndices: Record<string, number> = {};
  for (const inst of extra) {
    if (inst.pallet.name === "CoretimeMarket") extraIndices.CoretimeMarket = CORETIME_MARKET_PALLET_INDEX;
    if (inst.pallet.name === "AccumulateForward") extraIndices.AccumulateForward = ACCUMULATE_FORWARD_PALLET_INDEX;
  }
  return createRuntime({
    name: presetName(chain, era),
    pallets: [
      Balances.instance(balances),
      ...(fees === undefined ? [] : [TransactionPayment.instance(fees)]),
      TestCoretime.instance({}),
      { pallet: eraBrokerPallet(era), config: broker },
      ...extra,
    ],
    // the real runtimes' `construct_runtime!` indices (metadata, `DispatchError::Module`); the mock
    // relay, not a pallet of the real chain, at an index the real runtimes leave free (and so are
    // the RFC-17 market's, a pallet no real chain has yet, and AccumulateForward's, whose real
    // index was not found)
    palletIndices: { System: 0, Balances: 10, ...(fees === undefined ? {} : { TransactionPayment: TRANSACTION_PAYMENT_PALLET_INDEX }), TestCoretime: 250, Broker: 50, ...extraIndices },
    ...(era.filteredCalls.length > 0 ? { callFilter: brokerCallFilter(era.filteredCalls) } : {}),
    ...(fees === undefined ? {} : { transactionExtension: chargeTransactionPayment(fees) }),
    token: chain.token,
    genesis,
    genesisNumber: opts.genesisNumber,
    retainBlocks: opts.retainBlocks,
  });
}

/**
 * `genesis.Balances` with `pot` holding at least the existential deposit (the real staking pot
 * does; an empty pot would burn every fee below the deposit, as `ResolveTo` drops it).
 */
function withPotFunded(balancesGenesis: Readonly<Record<string, unknown>> | undefined, pot: string, ed: bigint): Readonly<Record<string, unknown>> {
  const listed = (balancesGenesis?.balances as ReadonlyArray<readonly [string, bigint]> | undefined) ?? [];
  if (listed.some(([who]) => who === pot)) return balancesGenesis ?? {};
  return { ...balancesGenesis, balances: [...listed, [pot, ed]] };
}

/** A `BaseCallFilter` refusing the Broker calls `names` (fellows' `EverythingBut<IsFilteredBrokerCall>`). */
function brokerCallFilter(names: readonly string[]): (call: RuntimeCall) => boolean {
  const refused = new Set(names);
  return (call) => call.pallet !== "Broker" || !refused.has(call.name);
}

/** `<chain>@<specVersion>`. */
export function presetName(chain: CoretimeChain, era: CoretimeEra): string {
  return `${chain.name}@${era.specVersion}`;
}

function describe(chain: CoretimeChain, era: CoretimeEra, next: CoretimeEra | undefined): string {
  const range = next ? `specs ${era.specVersion} up to ${next.specVersion}` : `spec ${era.specVersion} and later`;
  const adapter = era.priceAdapter.name.replace(/^MinimumPrice\((\d+)\)$/, (_, p: string) => `MinimumPrice(${formatAmount(BigInt(p), chain.token)})`);
  return `${chain.relay} coretime chain, ${range} (${era.release}): ${adapter}, sale rules ${era.saleRules}, mock relay`;
}

/**
 * The presets of a chain: `<chain>@<spec>` for every era, then the bare `<chain>` for the newest
 * era. A scenario picks history with its `runtime:` (`coretime-kusama@1002002`).
 */
export function coretimePresets(chain: CoretimeChain): Preset[] {
  const accounts = coretimeAccounts(chain);
  const make = (name: string, era: CoretimeEra, description: string): Preset => {
    const preset: Preset = {
      name,
      description,
      token: chain.token,
      accounts,
      sequences: TEST_CORETIME_SEQUENCES,
      create(opts: PresetOptions): Runtime {
        const { [PARA_CLOCK_PALLET]: clockRaw, ...palletConstants } = opts.constants ?? {};
        const clock = parseParaClock(clockRaw, era.relayBlocksPerParaBlock, `${opts.path ? `${opts.path}.` : ""}constants.${PARA_CLOCK_PALLET}`);
        const { constants, genesis } = parsePalletOptions(preset, [Balances, TransactionPayment, TestCoretime, BrokerWithMarketKnobs, CoretimeMarket, AccumulateForward], { ...opts, constants: palletConstants });
        return createCoretimeRuntime(chain, era, { constants, genesis, genesisNumber: opts.genesisNumber, clock, ...(opts.path !== undefined ? { path: opts.path } : {}) });
      },
    };
    return preset;
  };
  const presets = chain.eras.map((era, i) => make(presetName(chain, era), era, describe(chain, era, chain.eras[i + 1])));
  const latest = chain.eras[chain.eras.length - 1]!;
  presets.push(make(chain.name, latest, `${describe(chain, latest, undefined)} (= ${presetName(chain, latest)})`));
  return presets;
}
