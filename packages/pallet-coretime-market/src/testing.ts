/**
 * `@corelab/pallet-coretime-market/testing`: the market's mock runtime and its preset.
 *
 * The RFC-17 market has no calls of its own: the broker drives it through the `Market` port (its
 * `purchase`, `renew` and bid calls, and its `on_initialize` calling `tick`). Here a minimal test
 * driver stands in for the broker, as #11802's `mock.rs` stands in for it with thread-local
 * providers:
 *
 * - `MarketDriver`: a pallet playing the broker's part. Its calls place orders through the port and
 *   lock the deposits with Balances (`reserve`); its `on_initialize` calls `Market::tick(now)` with
 *   `now` = the block number (the mock's relay block) and executes the actions (`Refund`:
 *   unreserve; `SellRegion`: the paid price from the winner's reserve to the pot, the region
 *   recorded in `Regions`; renewals: the price from the renewer's free balance to the pot). It
 *   keeps the core range (`CoreRange`), the renewal rights (`RenewalRights`, counted per account and
 *   timeslice; each region issued grants its owner one right at the region's end, so tenants of one
 *   sale may renew into the next) and the cores no one holds after the renewal period (`Pooled`,
 *   brief question 7: handed to on-demand, `CoresPooled`). Its timeslice clock is
 *   `⌊(now + advance_notice) / TimeslicePeriod⌋`, as the broker's `latest_timeslice_ready_to_commit`.
 * - `createCoretimeMarketMockRuntime(...)`: System, Balances (existential deposit 0), CoretimeMarket
 *   (default: `RFC17_CONSTANTS`), MarketDriver.
 * - `coretimeMarketMock`: the `coretime-market-mock` preset (token DOT, 10 decimals; account alias
 *   `pallet:Broker` = the pot).
 *
 * With pallet-broker's own `Market` port (`brokerMarket`, `broker-market.ts`):
 * - `createCoretimeMarketBrokerRuntime(...)`: System, Balances (ED 0), TestCoretime (the broker
 *   mock's relay), Broker (mock.rs constants and `new_config()`, `Market` = `brokerMarket`),
 *   CoretimeMarket (default: `PALLET_TEST_CONSTANTS`, whose `advance_notice` 2 and `region_length`
 *   3 are the broker mock's). Orders are the broker's calls (`Broker.purchase`, `Broker.renew`);
 *   renewal rights are the broker's `PotentialRenewals`.
 * - `coretimeMarketBrokerMock`: the `coretime-market-broker-mock` preset (no token; accounts as
 *   mock.rs's u64 ids; `pallet:Broker` = the broker's pot).
 */
import {
  createRuntime,
  definePallet,
  ensureRoot,
  ensureSigned,
  map,
  palletAccountId,
  parsePalletOptions,
  t,
  value,
  type CallContext,
  type Context,
  type Preset,
  type PresetOptions,
  type Runtime,
} from "@corelab/frame";
import { Balances, fungibleOf, reserve, resolveTo, unreserve, type BalancesConfig } from "@corelab/pallet-balances";
import { Broker } from "@corelab/pallet-broker";
import { MOCK_POT as BROKER_MOCK_POT, MOCK_REVENUE_ACCOUNT, TestCoretime, brokerMockConfig, mockNewConfig } from "@corelab/pallet-broker/testing";
import { brokerMarket } from "./broker-market.ts";
import { placeOrders } from "./dispatchables.ts";
import {
  PALLET_TEST_CONSTANTS,
  RFC17_CONSTANTS,
  coretimeMarketPort,
  withCoretimeMarketConfig,
  type CoretimeMarketConfig,
  type CoretimeMarketConstants,
  type Market,
  type TickAction,
} from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";
import { Balance, BidId, ConfigRecord, CoreIndex, RegionId, RelayBlockNumber, Timeslice, type RegionId as RegionIdT } from "./types.ts";

/** The driver's pot (the broker's: `PalletId(*b"py/broke")`), where revenue goes. */
export const MOCK_POT: string = palletAccountId("py/broke");

/** `SoldCoresRange { from, to }` as a codec. */
export const SoldCoresRangeCodec = t.struct("SoldCoresRange", { from: CoreIndex, to: CoreIndex });

/** A region issued by the driver: owner, price paid (planck), end timeslice, whether it was a renewal. */
export const IssuedRegion = t.struct("IssuedRegion", { owner: t.accountId, paid: Balance, end: Timeslice, renewal: t.bool });

/** `MarketDriver`'s configuration: the market it drives and the balances it locks with. */
export interface MarketDriverConfig {
  /** The `CoretimeMarket` configuration (the same object as in the runtime). */
  readonly market: CoretimeMarketConfig;
  /** The market port (`coretimeMarketPort(market)`). */
  readonly port: Market;
  /** Balances' configuration (for `reserve`/`unreserve` and transfers). */
  readonly balances: BalancesConfig;
  /** Relay blocks per timeslice (80 on Kusama and Polkadot). */
  readonly TimeslicePeriod: number;
}

/** Locks `amount` of `who` (Balances `reserve`; `Balances.InsufficientBalance` when short). */
function lock(ctx: Context, cfg: MarketDriverConfig, who: string, amount: bigint): void {
  reserve(ctx, cfg.balances.ExistentialDeposit, who, amount);
}

/** Records a region issued to `owner` and grants the owner a renewal right into the next sale (at the region's end). */
function issueRegion(ctx: Context, regionId: RegionIdT, owner: string, paid: bigint, end: number, renewal: boolean): void {
  MarketDriver.storage.Regions.insert(ctx, regionId, { owner, paid, end, renewal });
  const key: [string, number] = [owner, end];
  MarketDriver.storage.RenewalRights.insert(ctx, key, MarketDriver.storage.RenewalRights.get(ctx, key) + 1);
  MarketDriver.deposit(ctx, "RegionIssued", { region_id: regionId, owner, paid, region_end: end, renewal });
}

/** Executes the market's tick actions, as the broker's `on_initialize` would. */
function execute(ctx: Context, cfg: MarketDriverConfig, actions: readonly TickAction[]): void {
  const fungible = fungibleOf(cfg.balances);
  for (const a of actions) {
    switch (a.type) {
      case "Refund":
        unreserve(ctx, cfg.balances.ExistentialDeposit, a.who, a.amount);
        MarketDriver.deposit(ctx, "Refunded", { who: a.who, amount: a.amount });
        break;
      case "SellRegion":
        unreserve(ctx, cfg.balances.ExistentialDeposit, a.owner, a.paid);
        if (a.paid > 0n) fungible.transfer(ctx, a.owner, MOCK_POT, a.paid, "Expendable");
        issueRegion(ctx, a.region_id, a.owner, a.paid, a.region_end, false);
        break;
      default:
        // RenewRegion (not produced by this market), ProcessAutoRenewals (no auto-renewals in the
        // mock), SaleRotated (nothing to lay out: the mock has no workplan)
        break;
    }
  }
}

/**
 * Brief question 7: once the sale is in Settlement, the cores of `[first_core, first_core +
 * cores_offered)` that no region of this sale holds go to on-demand (recorded once per sale).
 */
function poolUnsold(ctx: Context): void {
  const sale = CoretimeMarket.storage.SaleInfo.get(ctx);
  if (sale === undefined || sale.phase.type !== "Settlement") return;
  if (MarketDriver.storage.Pooled.contains(ctx, sale.region_begin)) return;
  const cores: number[] = [];
  for (let c = sale.first_core; c < sale.first_core + sale.cores_offered; c++) {
    if (!MarketDriver.storage.Regions.contains(ctx, { begin: sale.region_begin, core: c, mask: "0xffffffffffffffffffff" })) cores.push(c);
  }
  MarketDriver.storage.Pooled.insert(ctx, sale.region_begin, cores);
  MarketDriver.deposit(ctx, "CoresPooled", { region_begin: sale.region_begin, cores });
}

type DriverCtx = CallContext<MarketDriverConfig>;
const now = (ctx: Context): number => ctx.blockNumber;

/**
 * The test driver (broker stand-in) of the coretime market. Put it after `CoretimeMarket`.
 * Calls: `start_sales`, `configure`, `set_core_range`, `set_renewal_rights` (Root); `purchase`,
 * `bid`, `raise_bid`, `withdraw_bid`, `renew` (Signed).
 */
export const MarketDriver = definePallet<MarketDriverConfig>()({
  name: "MarketDriver",
  source: "Corelab test driver: the broker's side of the Market port (polkadot-sdk#11802 mock.rs providers, pallet-broker's purchase/renew/tick)",
  docs: "Drives CoretimeMarket as the broker would: orders with locked deposits, the tick and its actions, renewal rights, issued regions.",
  constants: { TimeslicePeriod: RelayBlockNumber },
  storage: {
    CoreRange: value(SoldCoresRangeCodec, { docs: "The cores a sale may offer (`CoreRangeProvider::core_range`); unset: Uninitialized." }),
    RenewalRights: map(t.tuple([t.accountId, Timeslice], "(AccountId, Timeslice)"), t.u32, {
      hasher: "Blake2_128Concat",
      default: () => 0,
      docs: "Renewal rights: how many cores an account may renew into the sale whose regions begin at the timeslice.",
    }),
    Regions: map(RegionId, IssuedRegion, { hasher: "Blake2_128Concat", docs: "Regions issued (won or renewed)." }),
    Pooled: map(Timeslice, t.vec(CoreIndex), { hasher: "Twox64Concat", docs: "Cores left unallocated after a sale's renewal period, by region begin: to on-demand." }),
  },
  events: {
    RegionIssued: { region_id: RegionId, owner: t.accountId, paid: Balance, region_end: Timeslice, renewal: t.bool },
    Refunded: { who: t.accountId, amount: Balance },
    CoresPooled: { region_begin: Timeslice, cores: t.vec(CoreIndex) },
  },
  errors: {},
  hooks: {
    onInitialize(ctx) {
      execute(ctx, ctx.config, ctx.config.port.tick(ctx, now(ctx)));
      poolUnsold(ctx);
    },
  },
  calls: {
    start_sales: {
      index: 0,
      args: { reserve_price: Balance },
      docs: "`Market::start_sales(now, InitData { reserve_price })`. Root.",
      dispatch(ctx: DriverCtx, a) {
        ensureRoot(ctx.origin);
        ctx.config.port.startSales(ctx, now(ctx), { reserve_price: a.reserve_price });
      },
    },
    purchase: {
      index: 1,
      args: { price_limit: Balance },
      docs: "One unit bid: `Market::place_order(now, who, price_limit)`, then the bid price is locked. Signed.",
      dispatch(ctx: DriverCtx, a) {
        const who = ensureSigned(ctx.origin);
        const r = ctx.config.port.placeOrder(ctx, now(ctx), who, a.price_limit);
        if (r.type === "BidPlaced") lock(ctx, ctx.config, who, r.bid_price);
      },
    },
    bid: {
      index: 2,
      args: { price_limit: Balance, quantity: t.u32 },
      docs: "RFC-17 bid of (price, quantity): `quantity` unit bids at the same price, all or nothing; the deposit price × quantity is locked. Signed.",
      dispatch(ctx: DriverCtx, a) {
        const who = ensureSigned(ctx.origin);
        const results = placeOrders(withCoretimeMarketConfig(ctx, ctx.config.market), now(ctx), who, a.price_limit, a.quantity);
        let deposit = 0n;
        for (const r of results) if (r.type === "BidPlaced") deposit += r.bid_price;
        lock(ctx, ctx.config, who, deposit);
      },
    },
    raise_bid: {
      index: 3,
      args: { bid_id: BidId, new_price: Balance },
      docs: "`Market::adjust_bid(now, bid_id, who, Some(new_price))`; the difference is locked. Signed.",
      dispatch(ctx: DriverCtx, a) {
        const who = ensureSigned(ctx.origin);
        const r = ctx.config.port.adjustBid(ctx, now(ctx), a.bid_id, who, a.new_price);
        if (r.type === "Lock") lock(ctx, ctx.config, who, r.amount);
        else unreserve(ctx, ctx.config.balances.ExistentialDeposit, who, r.amount);
      },
    },
    withdraw_bid: {
      index: 4,
      args: { bid_id: BidId },
      docs: "`Market::adjust_bid(now, bid_id, who, None)`: refused (`NotAllowed`), bids are binding. Signed.",
      dispatch(ctx: DriverCtx, a) {
        const who = ensureSigned(ctx.origin);
        ctx.config.port.adjustBid(ctx, now(ctx), a.bid_id, who, undefined);
      },
    },
    renew: {
      index: 5,
      args: { core: CoreIndex, when: Timeslice },
      docs: "`Market::place_renewal_order(now, who, PotentialRenewalId { core, when })` (the market reads `when`); the price is paid from the free balance to the pot and the region issued. Signed.",
      dispatch(ctx: DriverCtx, a) {
        const who = ensureSigned(ctx.origin);
        const r = ctx.config.port.placeRenewalOrder(ctx, now(ctx), who, { core: a.core, when: a.when });
        if (r.type !== "Renewed") return;
        if (r.price > 0n) fungibleOf(ctx.config.balances).transfer(ctx, who, MOCK_POT, r.price, "Expendable");
        issueRegion(ctx, r.region_id, who, r.price, r.effective_to, true);
      },
    },
    configure: {
      index: 6,
      args: { config: ConfigRecord },
      docs: "`Market::configure(config)` (`InvalidConfig`). Root.",
      dispatch(ctx: DriverCtx, a) {
        ensureRoot(ctx.origin);
        ctx.config.port.configure(ctx, a.config);
      },
    },
    set_core_range: {
      index: 7,
      args: { from: CoreIndex, to: CoreIndex },
      docs: "Sets the core range the next sale offers (`CoreRangeProvider`). Root.",
      dispatch(ctx: DriverCtx, a) {
        ensureRoot(ctx.origin);
        MarketDriver.storage.CoreRange.put(ctx, { from: a.from, to: a.to });
      },
    },
    set_renewal_rights: {
      index: 8,
      args: { who: t.accountId, when: Timeslice, count: t.u32 },
      docs: "Sets `who`'s renewal rights into the sale whose regions begin at `when` (the RFC's transition: existing tenants keep their cores). Root.",
      dispatch(ctx: DriverCtx, a) {
        ensureRoot(ctx.origin);
        if (a.count === 0) MarketDriver.storage.RenewalRights.remove(ctx, [a.who, a.when]);
        else MarketDriver.storage.RenewalRights.insert(ctx, [a.who, a.when], a.count);
      },
    },
  },
  genesis: {
    fields: {
      core_range: SoldCoresRangeCodec,
      renewal_rights: t.vec(t.tuple([t.accountId, Timeslice, t.u32], "(AccountId, Timeslice, u32)")),
    },
    build(ctx, cfg) {
      if (cfg.core_range !== undefined) MarketDriver.storage.CoreRange.put(ctx, cfg.core_range);
      for (const [who, when, count] of cfg.renewal_rights ?? []) MarketDriver.storage.RenewalRights.insert(ctx, [who, when], count);
    },
  },
});

/**
 * The `CoretimeMarketConfig` of the mock: `constants` over `RFC17_CONSTANTS`, the providers reading
 * `MarketDriver`'s storage (core range, renewal rights) and its timeslice clock
 * (`⌊(now + advance_notice) / timeslicePeriod⌋`, advance notice from the stored configuration).
 */
export function coretimeMarketMockConfig(constants: Partial<CoretimeMarketConstants> = {}, timeslicePeriod = 80): CoretimeMarketConfig {
  const ready = (ctx: Context): number | undefined => {
    const c = CoretimeMarket.storage.Configuration.get(ctx);
    return c === undefined ? undefined : Math.floor((ctx.blockNumber + c.advance_notice) / timeslicePeriod);
  };
  return {
    ...RFC17_CONSTANTS,
    ...constants,
    CoreRangeProvider: { coreRange: (ctx) => MarketDriver.storage.CoreRange.get(ctx) },
    TimesliceProvider: { nextTimesliceToCommit: ready, latestTimesliceReadyToCommit: ready },
    RenewalRights: {
      renewalRightsCount: (ctx, who, when) => MarketDriver.storage.RenewalRights.get(ctx, [who, when]),
      renewersCount: (ctx, when) => MarketDriver.storage.RenewalRights.entries(ctx).filter(([[, w], n]) => w === when && n > 0).length,
    },
  };
}

/** The pallets of the mock runtime after System, in runtime order (for parsing a scenario's `constants`/`genesis`). */
export const CORETIME_MARKET_MOCK_PALLETS = [Balances, CoretimeMarket, MarketDriver] as const;

/** Options of `createCoretimeMarketMockRuntime` (parsed values, as a preset's `parsePalletOptions` gives them). */
export interface CoretimeMarketMockOptions {
  /** Runtime name (default `coretime-market-mock`); also the default randomness seed. */
  readonly name?: string;
  /** Constant overrides: `CoretimeMarket` (default `RFC17_CONSTANTS`), `MarketDriver` (`TimeslicePeriod`, default 80), `Balances` (`ExistentialDeposit`, default 0). */
  readonly constants?: {
    readonly CoretimeMarket?: Partial<CoretimeMarketConstants>;
    readonly MarketDriver?: { readonly TimeslicePeriod?: number };
    readonly Balances?: Partial<BalancesConfig>;
    readonly [pallet: string]: Readonly<Record<string, unknown>> | undefined;
  };
  /** Genesis per pallet (`Balances.balances`, `CoretimeMarket.configured`, `MarketDriver.core_range` / `renewal_rights`). */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/** The coretime market mock runtime: System, Balances (ED 0), CoretimeMarket, MarketDriver. No fees, no nonces. */
export function createCoretimeMarketMockRuntime(opts: CoretimeMarketMockOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: 0n, ...opts.constants?.Balances };
  const timeslicePeriod = opts.constants?.MarketDriver?.TimeslicePeriod ?? 80;
  const market = coretimeMarketMockConfig(opts.constants?.CoretimeMarket, timeslicePeriod);
  return createRuntime({
    name: opts.name ?? "coretime-market-mock",
    token: { symbol: "DOT", decimals: 10 },
    pallets: [
      Balances.instance(balances),
      CoretimeMarket.instance(market),
      MarketDriver.instance({ market, port: coretimeMarketPort(market), balances, TimeslicePeriod: timeslicePeriod }),
    ],
    // `configured` defaults to true: `Configuration` from the constants (the mock's `TestExt` configures first)
    genesis: { ...opts.genesis, CoretimeMarket: { configured: true, ...opts.genesis?.CoretimeMarket } },
    retainBlocks: opts.retainBlocks,
  });
}

/** Account aliases of the mock: `pallet:Broker` → the driver's pot. */
export const CORETIME_MARKET_MOCK_ACCOUNTS: Readonly<Record<string, string>> = { "pallet:Broker": MOCK_POT };

/**
 * The `coretime-market-mock` preset: System, Balances (ED 0), CoretimeMarket (RFC-17 constants,
 * overridable per constant), MarketDriver (the broker stand-in); token DOT (10 decimals).
 */
export const coretimeMarketMock: Preset = {
  name: "coretime-market-mock",
  description: "System, Balances (ED 0), CoretimeMarket (RFC-17, sdk#11802) and MarketDriver (test driver in the broker's place); DOT; no fees",
  token: { symbol: "DOT", decimals: 10 },
  accounts: CORETIME_MARKET_MOCK_ACCOUNTS,
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(coretimeMarketMock, CORETIME_MARKET_MOCK_PALLETS, opts);
    return createCoretimeMarketMockRuntime({ constants: constants as CoretimeMarketMockOptions["constants"], genesis });
  },
};

/** The pallets of the broker-driven mock after System, in runtime order. */
export const CORETIME_MARKET_BROKER_MOCK_PALLETS = [Balances, TestCoretime, Broker, CoretimeMarket] as const;

/** Options of `createCoretimeMarketBrokerRuntime` (parsed values). */
export interface CoretimeMarketBrokerMockOptions {
  /** Runtime name (default `coretime-market-broker-mock`); also the default randomness seed. */
  readonly name?: string;
  /** Constant overrides: `CoretimeMarket` (default `PALLET_TEST_CONSTANTS`), `Broker` (mock.rs's), `Balances` (`ExistentialDeposit`, default 0). */
  readonly constants?: {
    readonly CoretimeMarket?: Partial<CoretimeMarketConstants>;
    readonly Broker?: Readonly<Record<string, unknown>>;
    readonly Balances?: Partial<BalancesConfig>;
    readonly [pallet: string]: Readonly<Record<string, unknown>> | undefined;
  };
  /** Genesis per pallet (`Broker.config` defaults to mock.rs's `new_config()`; `CoretimeMarket.configured` to true). */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Keep every block record (default false). */
  readonly retainBlocks?: boolean;
}

/**
 * The RFC-17 market behind pallet-broker's `Market` port: System, Balances (ED 0), TestCoretime,
 * Broker (`Market: brokerMarket(constants)`), CoretimeMarket. The market's providers come from the
 * broker's `MarketInputs` on each call, so the pallet's own providers here are inert.
 */
export function createCoretimeMarketBrokerRuntime(opts: CoretimeMarketBrokerMockOptions = {}): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: 0n, ...opts.constants?.Balances };
  const constants: CoretimeMarketConstants = { ...PALLET_TEST_CONSTANTS, ...opts.constants?.CoretimeMarket };
  const broker = {
    ...brokerMockConfig({ currency: fungibleOf(balances), onRevenue: resolveTo(balances, MOCK_REVENUE_ACCOUNT), constants: opts.constants?.Broker }),
    Market: brokerMarket(constants),
  };
  const market: CoretimeMarketConfig = {
    ...constants,
    CoreRangeProvider: { coreRange: () => undefined },
    TimesliceProvider: { nextTimesliceToCommit: () => undefined, latestTimesliceReadyToCommit: () => undefined },
    RenewalRights: { renewalRightsCount: () => 0, renewersCount: () => 0 },
  };
  return createRuntime({
    name: opts.name ?? "coretime-market-broker-mock",
    pallets: [Balances.instance(balances), TestCoretime.instance({}), Broker.instance(broker), CoretimeMarket.instance(market)],
    genesis: {
      ...opts.genesis,
      Broker: { config: mockNewConfig(), ...opts.genesis?.Broker },
      CoretimeMarket: { configured: true, ...opts.genesis?.CoretimeMarket },
    },
    retainBlocks: opts.retainBlocks,
  });
}

/**
 * The `coretime-market-broker-mock` preset: pallet-broker (mock.rs) selling through the RFC-17
 * market (`Broker.start_sales`, `Broker.purchase`, `Broker.renew`; bids raised through the port).
 */
export const coretimeMarketBrokerMock: Preset = {
  name: "coretime-market-broker-mock",
  description: "System, Balances (ED 0), TestCoretime, Broker (mock.rs) with Market = the RFC-17 CoretimeMarket (sdk#11802); no fees",
  accounts: { "pallet:Broker": BROKER_MOCK_POT },
  create(opts: PresetOptions): Runtime {
    const { constants, genesis } = parsePalletOptions(coretimeMarketBrokerMock, CORETIME_MARKET_BROKER_MOCK_PALLETS, opts);
    return createCoretimeMarketBrokerRuntime({ constants: constants as CoretimeMarketBrokerMockOptions["constants"], genesis });
  },
};
