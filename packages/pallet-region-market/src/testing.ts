/**
 * `@corelab/pallet-region-market/testing`: the market on a coretime chain beside Broker.
 *
 * - `brokerRegions(brokerConfig)`: the `Regions` port over pallet-broker's public API (its
 *   `Regions` storage and `doTransfer`, run on the market's context with the broker's config, so
 *   its events are `Broker.Transferred` and its errors `Broker.NotOwner` / `Broker.UnknownRegion`).
 * - `brokerRelayBlockNumber(brokerConfig)`: the `RCBlockNumberProvider` that reads the broker's
 *   relay block number, so both pallets count the same timeslices.
 * - `regionMarketConfigForBroker(...)`: a whole `RegionMarketConfig` beside a broker.
 * - `createRegionMarketMockRuntime(...)`: System, Balances (existential deposit 0), the broker
 *   mock's relay `TestCoretime`, Broker (polkadot-sdk's mock.rs config) and `Market`, in that order.
 * - `regionMarketMock`: the `region-market-mock` preset of that runtime.
 *
 * Accounts are strings as in the broker mock (`"1"`, or dev names such as `alice`); the market's
 * escrow account is `MOCK_MARKET_POT` (`u64AccountOfPalletId("TsMarket")`), alias `pallet:Market`.
 */
import { createRuntime, parsePalletOptions, withPalletConfig, type Context, type Preset, type PresetOptions, type Runtime } from "@corelab/frame";
import { Balances, fungibleOf, resolveTo, type BalancesConfig } from "@corelab/pallet-balances";
import { Broker, doTransfer, relayBlockNumber, u64AccountOfPalletId, type AdaptPrice, type BrokerConfig } from "@corelab/pallet-broker";
import {
  BROKER_MOCK_ACCOUNTS,
  MOCK_CONSTANTS,
  MOCK_REVENUE_ACCOUNT,
  TEST_CORETIME_SEQUENCES,
  TestCoretime,
  brokerMockConfig,
  mockNewConfig,
  type BrokerConstants,
  type TestCoretimeConfig,
} from "@corelab/pallet-broker/testing";
import type { RCBlockNumberProvider, RegionMarketConfig, RegionsPort } from "./interfaces.ts";
import { RegionMarket } from "./pallet.ts";

/**
 * The `Regions` port over a runtime's Broker (configured with `brokerConfig`): `record` reads
 * `Broker.Regions` (end and owner), `transfer` is the broker's `do_transfer(region_id,
 * maybe_check_owner, new_owner)` on the caller's storage transaction.
 */
export function brokerRegions(brokerConfig: BrokerConfig): RegionsPort {
  return {
    record(ctx, regionId) {
      const r = Broker.storage.Regions.get(ctx, regionId);
      return r === undefined ? undefined : { end: r.end, owner: r.owner };
    },
    transfer(ctx, regionId, maybeCheckOwner, newOwner) {
      doTransfer(withPalletConfig(ctx, brokerConfig), regionId, maybeCheckOwner, newOwner);
    },
  };
}

/** The `RCBlockNumberProvider` that answers the broker's relay block number (`relayBlockNumber` of pallet-broker). */
export function brokerRelayBlockNumber(brokerConfig: BrokerConfig): RCBlockNumberProvider {
  return (ctx: Context) => relayBlockNumber(withPalletConfig(ctx, brokerConfig));
}

/** The market's `PalletId` in the mock (a Corelab addition; 8 bytes, like the broker mock's `"TsBroker"`). */
export const MOCK_MARKET_PALLET_ID = "TsMarket";

/** The market's escrow account in the mock: `u64AccountOfPalletId("TsMarket")` (u64 accounts, as the broker mock's pot). */
export const MOCK_MARKET_POT = u64AccountOfPalletId(MOCK_MARKET_PALLET_ID);

/** The market's constants (what a scenario's `constants: { Market: … }` may override). */
export type RegionMarketConstants = Pick<RegionMarketConfig, "TimeslicePeriod" | "PalletId">;

/**
 * A `RegionMarketConfig` beside a broker: `Regions` = `brokerRegions`, `RCBlockNumberProvider`
 * = the broker's relay block number, `TimeslicePeriod` = the broker's unless overridden,
 * `PalletId` `"TsMarket"` with u64 pallet accounts unless overridden.
 */
export function regionMarketConfigForBroker(opts: {
  broker: BrokerConfig;
  currency: RegionMarketConfig["Currency"];
  constants?: Partial<RegionMarketConstants>;
  palletAccountOf?: (palletId: string) => string;
}): RegionMarketConfig {
  return {
    TimeslicePeriod: opts.constants?.TimeslicePeriod ?? opts.broker.TimeslicePeriod,
    PalletId: opts.constants?.PalletId ?? MOCK_MARKET_PALLET_ID,
    Currency: opts.currency,
    Regions: brokerRegions(opts.broker),
    RCBlockNumberProvider: brokerRelayBlockNumber(opts.broker),
    PalletAccountOf: opts.palletAccountOf ?? u64AccountOfPalletId,
  };
}

/** The pallets of the region market mock after System, in runtime order (for parsing a scenario's `constants`/`genesis`). */
export const REGION_MARKET_MOCK_PALLETS = [Balances, TestCoretime, Broker, RegionMarket] as const;

/** Account aliases of the mock: `pallet:Broker` (the broker's pot) and `pallet:Market` (the market's escrow). */
export const REGION_MARKET_MOCK_ACCOUNTS: Readonly<Record<string, string>> = { ...BROKER_MOCK_ACCOUNTS, "pallet:Market": MOCK_MARKET_POT };

/** Options of `createRegionMarketMockRuntime` (parsed values, as a preset's `parsePalletOptions` gives them). */
export interface RegionMarketMockOptions {
  /** Runtime name (default `region-market-mock`). */
  readonly name?: string;
  /** Constant overrides per pallet: `Broker` (its constants), `Balances` (`ExistentialDeposit`, default 0), `TestCoretime`, `Market`. */
  readonly constants?: {
    readonly Broker?: Partial<BrokerConstants>;
    readonly Balances?: Partial<BalancesConfig>;
    readonly TestCoretime?: TestCoretimeConfig;
    readonly Market?: Partial<RegionMarketConstants>;
  };
  /**
   * Genesis per pallet. `Broker.config` defaults to the broker mock's `mockNewConfig()` (regions
   * of 3 timeslices of 2 blocks); `Balances.balances` endows accounts.
   */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The broker's price adapter (default: the broker mock's, `CenterTargetPrice`). */
  readonly priceAdapter?: AdaptPrice;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/**
 * The region market mock: System, Balances (existential deposit 0), TestCoretime, Broker (the
 * broker mock's config and genesis `mockNewConfig()`, as `broker-mock`) and `Market` over them
 * (`regionMarketConfigForBroker`). No fees, no nonces.
 */
export function createRegionMarketMockRuntime(opts: RegionMarketMockOptions = {}): Runtime {
  const balancesConfig: BalancesConfig = { ExistentialDeposit: 0n, ...opts.constants?.Balances };
  const currency = fungibleOf(balancesConfig);
  const broker = brokerMockConfig({
    currency,
    onRevenue: resolveTo(balancesConfig, MOCK_REVENUE_ACCOUNT),
    constants: opts.constants?.Broker,
    priceAdapter: opts.priceAdapter,
    traceRetention: opts.constants?.TestCoretime?.TraceRetention,
  });
  const market = regionMarketConfigForBroker({ broker, currency, constants: opts.constants?.Market });
  const genesis: Record<string, Readonly<Record<string, unknown>>> = { ...opts.genesis };
  genesis.Broker = { config: mockNewConfig(), ...opts.genesis?.Broker };
  return createRuntime({
    name: opts.name ?? "region-market-mock",
    pallets: [Balances.instance(balancesConfig), TestCoretime.instance({ ...opts.constants?.TestCoretime }), Broker.instance(broker), RegionMarket.instance(market)],
    genesis,
    retainBlocks: opts.retainBlocks,
  });
}

/**
 * The `region-market-mock` preset: `createRegionMarketMockRuntime` with the scenario's
 * `constants` (`Broker`, `Balances`, `TestCoretime`, `Market`) and `genesis` (`Balances`,
 * `Broker`). Aliases `pallet:Broker`, `pallet:Market`; `TestCoretime.Trace` compared as a list.
 */
export const regionMarketMock: Preset = {
  name: "region-market-mock",
  description: `System, Balances (ED 0), TestCoretime, Broker (as broker-mock; TimeslicePeriod ${MOCK_CONSTANTS.TimeslicePeriod}) and Market (RegionX's region market, escrow in pallet:Market); no fees`,
  accounts: REGION_MARKET_MOCK_ACCOUNTS,
  sequences: TEST_CORETIME_SEQUENCES,
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(regionMarketMock, REGION_MARKET_MOCK_PALLETS, opts);
    return createRegionMarketMockRuntime({ constants: constants as RegionMarketMockOptions["constants"], genesis });
  },
};
