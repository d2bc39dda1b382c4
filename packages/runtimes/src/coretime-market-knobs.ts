/**
 * Which market a coretime chain runs, as scenario and model-file knobs: the real chains sell with
 * pallet-broker's legacy market and their era's price adapter; a "what if" picks another price
 * rule or RFC-17's market on the same runtime.
 *
 * Knobs (in `constants: { Broker: { … } }`, or `coretime.Broker` in a network; no pallet constant,
 * so not in the metadata):
 * - `PriceAdapter`: the legacy market's price adapter by name (`@corelab/pallet-broker/testing`'s
 *   `PRICE_ADAPTERS`: `CenterTargetPrice`, `MinimumPrice`, `Rfc1Linear`, `Rfc6Baseline`,
 *   `Rfc6Aggressive`, `Rfc6Conservative`, `Rfc6Linear`, …); default: the era's.
 * - `PriceAdapterMinPrice`: `MinimumPrice`'s minimum and RFC-6's `P_min` (planck); `MinimumPrice`
 *   without it keeps the era's minimum when the era has one.
 * - `Market`: `Legacy` (default) or `Rfc17`: RFC-17's market (`@corelab/pallet-coretime-market`,
 *   following polkadot-sdk#11802) behind the broker's `Market` port, with the `CoretimeMarket`
 *   pallet in the runtime; its parameters are `constants: { CoretimeMarket: { … } }` (ignored by
 *   the legacy market, so that one file can sweep both), by default RFC-17's values in the
 *   chain's token (`rfc17Constants`).
 * - `OnRevenue`: where revenue goes (`coretime-revenue.ts`): `BurnCoretimeRevenue` (default, every
 *   released era: into `py/ctbrn`, RFC-10) or `AccumulateForward` (polkadot-fellows/runtimes#1282
 *   on Polkadot, #1301 on Kusama: into the accumulation account of the `AccumulateForward` pallet,
 *   added to the runtime, which forwards it every `TransferPeriod` relay blocks; its constants are
 *   `constants: { AccumulateForward: { PalletId, TransferPeriod, MinTransferAmount } }`).
 * - `AutoRenewRecordsRenewedCore` (sdk#10767), `TrackForceReservations` (sdk#10792),
 *   `ClaimRevenueFailsOnPayment` (sdk#13040): pallet-broker's options of the same names; default the
 *   era's (`CoretimeEra.stable2603Broker` for the first two; #13040 is in no released era).
 */
import { InvalidValueError, stringEnumScale, t, UnknownNameError, type AnyPallet, type Codec, type Context, type PalletInstance } from "@corelab/frame";
import { Balance, Broker, type AdaptPrice, type BrokerConfig } from "@corelab/pallet-broker";
import { PRICE_ADAPTERS, priceAdapterByName } from "@corelab/pallet-broker/testing";
import { accumulateForwardRevenue, AccumulateForward, DEFAULT_TRANSFER_PERIOD, REVENUE_ROUTES, type AccumulateForwardConstants, type RevenueRoute } from "./coretime-revenue.ts";
import { brokerMarket, CoretimeMarket, RFC17_CONSTANTS, type CoretimeMarketConfig, type CoretimeMarketConstants } from "@corelab/pallet-coretime-market";

/** The markets a coretime chain may run (`Broker.Market` knob). */
export const CORETIME_MARKETS = ["Legacy", "Rfc17"] as const;
/** A market of `CORETIME_MARKETS`. */
export type CoretimeMarketName = (typeof CORETIME_MARKETS)[number];

/** A knob that is one name of a list (`PriceAdapter`, `Market`), refused with the valid names otherwise. */
function nameCodec<S extends string>(name: string, what: string, valid: readonly S[]): Codec<S> {
  return t.custom<S>({
    name,
    parse(input, ctx) {
      const s = t.str.parse(input, ctx);
      if (!(valid as readonly string[]).includes(s)) throw new UnknownNameError(what, s, valid, ctx.path);
      return s as S;
    },
    toJson: (v) => v,
    key: (v) => v,
    // a knob, no Rust type: one byte, the name's index
    scale: stringEnumScale<S>(name, valid),
  });
}

const ADAPTER_NAMES = [...PRICE_ADAPTERS.keys()];

/** Broker as the coretime presets parse a scenario's `constants:` (its constants and the market knobs). */
export const BrokerWithMarketKnobs: AnyPallet = {
  ...Broker,
  constants: {
    ...Broker.constants,
    PriceAdapter: nameCodec("PriceAdapterName", "price adapter", ADAPTER_NAMES),
    PriceAdapterMinPrice: Balance,
    Market: nameCodec("CoretimeMarketName", "coretime market", CORETIME_MARKETS),
    OnRevenue: nameCodec("RevenueRoute", "revenue route (OnRevenue)", REVENUE_ROUTES),
    AutoRenewRecordsRenewedCore: t.bool,
    TrackForceReservations: t.bool,
    ClaimRevenueFailsOnPayment: t.bool,
  },
} as unknown as AnyPallet;

/** The market knobs of a parsed `constants.Broker`. */
export interface MarketKnobs {
  readonly PriceAdapter?: string;
  readonly PriceAdapterMinPrice?: bigint;
  readonly Market?: CoretimeMarketName;
  readonly OnRevenue?: RevenueRoute;
  readonly AutoRenewRecordsRenewedCore?: boolean;
  readonly TrackForceReservations?: boolean;
  readonly ClaimRevenueFailsOnPayment?: boolean;
}

/** Splits a parsed `constants.Broker` into the pallet's constants and the market knobs. */
export function splitMarketKnobs(broker: Readonly<Record<string, unknown>> | undefined): { constants: Record<string, unknown>; knobs: MarketKnobs } {
  const { PriceAdapter, PriceAdapterMinPrice, Market, OnRevenue, AutoRenewRecordsRenewedCore, TrackForceReservations, ClaimRevenueFailsOnPayment, ...constants } = broker ?? {};
  const knobs = { PriceAdapter, PriceAdapterMinPrice, Market, OnRevenue, AutoRenewRecordsRenewedCore, TrackForceReservations, ClaimRevenueFailsOnPayment };
  // absent knobs are left out, so that spreading them keeps the era's values
  return { constants, knobs: Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined)) as MarketKnobs };
}

/**
 * The revenue routing of a chain for `applyMarketKnobs`: the accumulation `PalletId` of
 * `AccumulateForward` (`acf/dott`, `acf/ksmt`), the parsed `constants.AccumulateForward` (the
 * scenario's) and the relay block number `on_idle` reads.
 */
export interface RevenueRouting {
  readonly palletId: string;
  readonly constants?: Readonly<Record<string, unknown>>;
  readonly relayBlockNumber?: (ctx: Context) => number;
}

/**
 * RFC-17's values (`RFC17_CONSTANTS`, given in DOT) in a chain's token: the opening-price minimum
 * (150), the reserve floor (1) and the minimum increment (100) in whole units of `decimals`.
 */
export function rfc17Constants(decimals: number): CoretimeMarketConstants {
  const unit = 10n ** BigInt(decimals);
  return { ...RFC17_CONSTANTS, MinOpeningPrice: 150n * unit, MinReservePrice: 1n * unit, MinIncrement: 100n * unit };
}

/** The `CoretimeMarket` pallet's `construct_runtime!` index in Corelab's coretime presets (no real chain has the pallet; a free index). */
export const CORETIME_MARKET_PALLET_INDEX = 52;

/**
 * Applies the knobs to a coretime chain's broker: the price adapter, and for `Market: Rfc17` the
 * broker's `Market`, the `CoretimeMarket` pallet to add after Broker (`extra`) and its genesis
 * (`genesis`, under the scenario's own). `market`: the
 * parsed `constants.CoretimeMarket` (read only with `Market: Rfc17`). `path`: where the knobs are,
 * for errors. `OnRevenue: AccumulateForward` replaces the broker's `OnRevenue` and adds the
 * `AccumulateForward` pallet (funded at genesis) with `revenue`'s `PalletId` (default by the token's
 * decimals: 10 → `acf/dott`, else `acf/ksmt`). The three pallet-broker options are copied when set.
 */
export function applyMarketKnobs(
  broker: BrokerConfig,
  knobs: MarketKnobs,
  market: Readonly<Record<string, unknown>> | undefined,
  decimals: number,
  path: string,
  revenue?: RevenueRouting,
): { broker: BrokerConfig; extra: PalletInstance[]; genesis: Record<string, Readonly<Record<string, unknown>>> } {
  const routed = applyRevenueKnobs(broker, knobs, decimals, revenue, path);
  const inner = applyMarketOnly(routed.broker, knobs, market, decimals, path);
  return { broker: inner.broker, extra: [...inner.extra, ...routed.extra], genesis: { ...inner.genesis, ...routed.genesis } };
}

/** `OnRevenue` and the broker options of `applyMarketKnobs`. */
function applyRevenueKnobs(
  broker: BrokerConfig,
  knobs: MarketKnobs,
  decimals: number,
  revenue: RevenueRouting | undefined,
  path: string,
): { broker: BrokerConfig; extra: PalletInstance[]; genesis: Record<string, Readonly<Record<string, unknown>>> } {
  const options: Partial<BrokerConfig> = {
    ...(knobs.AutoRenewRecordsRenewedCore === undefined ? {} : { AutoRenewRecordsRenewedCore: knobs.AutoRenewRecordsRenewedCore }),
    ...(knobs.TrackForceReservations === undefined ? {} : { TrackForceReservations: knobs.TrackForceReservations }),
    ...(knobs.ClaimRevenueFailsOnPayment === undefined ? {} : { ClaimRevenueFailsOnPayment: knobs.ClaimRevenueFailsOnPayment }),
  };
  if (knobs.OnRevenue !== "AccumulateForward") return { broker: { ...broker, ...options }, extra: [], genesis: {} };
  const constants: AccumulateForwardConstants = {
    PalletId: revenue?.palletId ?? (decimals === 10 ? "acf/dott" : "acf/ksmt"),
    TransferPeriod: DEFAULT_TRANSFER_PERIOD,
    MinTransferAmount: broker.Currency.minimumBalance(),
    ...(revenue?.constants as Partial<AccumulateForwardConstants> | undefined),
  };
  // pallet-accumulate-and-forward's integrity_test: a zero period would divide by zero in on_idle
  if (constants.TransferPeriod === 0) throw new InvalidValueError(path.replace(/Broker$/, "AccumulateForward.TransferPeriod"), "a period of at least 1 relay block", 0);
  const relay = revenue?.relayBlockNumber ?? ((ctx: Context) => broker.Coretime.relayChainBlockNumber?.(ctx) ?? ctx.blockNumber);
  return {
    broker: { ...broker, ...options, OnRevenue: accumulateForwardRevenue(broker.Currency, constants.PalletId) },
    extra: [AccumulateForward.instance({ ...constants, Currency: broker.Currency, RelayBlockNumber: relay })],
    genesis: { AccumulateForward: { fund: true } },
  };
}

/** The market knobs (`PriceAdapter`, `PriceAdapterMinPrice`, `Market`) of `applyMarketKnobs`. */
function applyMarketOnly(
  broker: BrokerConfig,
  knobs: MarketKnobs,
  market: Readonly<Record<string, unknown>> | undefined,
  decimals: number,
  path: string,
): { broker: BrokerConfig; extra: PalletInstance[]; genesis: Record<string, Readonly<Record<string, unknown>>> } {
  let adapter: AdaptPrice = broker.PriceAdapter;
  if (knobs.PriceAdapter !== undefined) {
    const eraMin = /^MinimumPrice\((\d+)\)$/.exec(broker.PriceAdapter.name);
    const min = knobs.PriceAdapterMinPrice ?? (knobs.PriceAdapter === "MinimumPrice" && eraMin ? BigInt(eraMin[1]!) : undefined);
    adapter = priceAdapterByName(knobs.PriceAdapter, min, `${path}.PriceAdapter`);
  } else if (knobs.PriceAdapterMinPrice !== undefined) {
    throw new InvalidValueError(`${path}.PriceAdapterMinPrice`, "a PriceAdapter it is the minimum of (MinimumPrice or an Rfc6 adapter)", knobs.PriceAdapterMinPrice);
  }
  if (knobs.Market !== "Rfc17") {
    // `CoretimeMarket` constants are read only by RFC-17's market (a sweep over both markets gives them once)
    return { broker: { ...broker, PriceAdapter: adapter }, extra: [], genesis: {} };
  }
  const constants: CoretimeMarketConstants = { ...rfc17Constants(decimals), ...(market as Partial<CoretimeMarketConstants> | undefined) };
  const config: CoretimeMarketConfig = {
    ...constants,
    // the broker hands the market its inputs on every call: the pallet's own providers are inert
    CoreRangeProvider: { coreRange: () => undefined },
    TimesliceProvider: { nextTimesliceToCommit: () => undefined, latestTimesliceReadyToCommit: () => undefined },
    RenewalRights: { renewalRightsCount: () => 0, renewersCount: () => 0 },
  };
  // genesis writes the market's `Configuration` from its constants (as the broker's `configure` would)
  return { broker: { ...broker, PriceAdapter: adapter, Market: brokerMarket(constants) }, extra: [CoretimeMarket.instance(config)], genesis: { CoretimeMarket: { configured: true } } };
}
