/**
 * Parachain runtimes with transaction fees and the assurance pallet:
 *
 * - `parachain-mock` (single chain): System, Balances (existential deposit 1), TransactionPayment
 *   (`PARACHAIN_FEES`: base fee, length fee, weight fee, all into Magnet's `BASE_ACCOUNT`, alias
 *   `pot:fees`) and Assurance. Signed calls pay fees (unlike the other mock presets); a signer who
 *   cannot pay gets `{ error: Other }` (`InvalidTransaction::Payment`: not included).
 * - `parachainRuntime` / `paraOrderTask`: the same runtime and the collator's order task for the
 *   `para-<id>` chains of `kusama-network` / `polkadot-network` (see `network.ts`: a para gets them
 *   when the scenario configures `para-<id>.Assurance` or `para-<id>.TransactionPayment`).
 *
 * Scenario knobs: `constants: { Balances: { ExistentialDeposit }, TransactionPayment: { BaseFee,
 * ByteFee, WeightFee, DefaultWeight, FeePot } }`; `genesis: { Balances: { balances },
 * TransactionPayment: { multiplier }, Assurance: { mode, price_limit, profit_threshold,
 * bid_threshold, assurance, reserve_account, price_scale, slot_width } }`.
 */
import { type ParsedPalletOptions, parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import { createRuntime, type Context, type Runtime, type TokenInfo } from "@corelab/frame";
import { Assurance, assuranceOrderTask, placeOrderAllowDeath, type AssuranceOrderTask, type OrderTaskOptions, type RelayOnDemandPort } from "@corelab/pallet-assurance";
import { Balances, fungibleOf, type BalancesConfig } from "@corelab/pallet-balances";
import { OnDemand, activeConfig, queueStatus, spotPrice, withOnDemandConfig, type OnDemandConfig, type OnDemandContext } from "@corelab/pallet-on-demand";
import { BASE_ACCOUNT, TransactionPayment, chargeTransactionPayment, computeFee, type TransactionPaymentConfig } from "@corelab/pallet-transaction-payment";

/**
 * Default fees of the parachain presets (planck of the chain's token): base fee 1_000_000, 1_000 per
 * byte of the extrinsic's (JSON) length, 1 per unit of weight, 1_000_000 weight per call, into
 * `BASE_ACCOUNT`. A balance transfer costs about 2.1e6: a few transactions pay for one on-demand
 * block at the relay's SDK-default spot price (1.0 × 10_000_000).
 */
export const PARACHAIN_FEES = Object.freeze({ BaseFee: 1_000_000n, ByteFee: 1_000n, WeightFee: 1n, DefaultWeight: 1_000_000n, FeePot: BASE_ACCOUNT });

/** The pallets a parachain preset configures from a scenario, in runtime order. */
export const PARACHAIN_PALLETS = [Balances, TransactionPayment, Assurance] as const;

/** Account aliases of the parachain presets: `pot:fees` = `BASE_ACCOUNT`. */
export const PARACHAIN_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({ "pot:fees": BASE_ACCOUNT });

/** What `parachainRuntime` builds from. */
export interface ParachainRuntimeOptions {
  readonly name: string;
  readonly token?: TokenInfo;
  readonly existentialDeposit: bigint;
  /** Parsed scenario options for `PARACHAIN_PALLETS`. */
  readonly options?: ParsedPalletOptions;
  readonly genesisNumber?: number;
}

/** The fee configuration of a parachain runtime (defaults `PARACHAIN_FEES`, overridden by `TransactionPayment` constants). */
export function parachainFeeConfig(balances: BalancesConfig, constants: Readonly<Record<string, unknown>> | undefined): TransactionPaymentConfig {
  return { Currency: fungibleOf(balances), ...PARACHAIN_FEES, ...(constants as Partial<TransactionPaymentConfig>) };
}

/** A parachain runtime: System, Balances, TransactionPayment (with the fee extension), Assurance. */
export function parachainRuntime(opts: ParachainRuntimeOptions): Runtime {
  const c = opts.options?.constants ?? {};
  const balances: BalancesConfig = { ExistentialDeposit: opts.existentialDeposit, ...(c.Balances as Partial<BalancesConfig>) };
  const fees = parachainFeeConfig(balances, c.TransactionPayment);
  return createRuntime({
    name: opts.name,
    token: opts.token,
    pallets: [Balances.instance(balances), TransactionPayment.instance(fees), Assurance.instance({})],
    transactionExtension: chargeTransactionPayment(fees),
    genesis: (opts.options?.genesis ?? {}) as Record<string, Record<string, unknown>>,
    genesisNumber: opts.genesisNumber,
  });
}

/** Nothing read yet (a cache key no stored value equals). */
const NONE: unique symbol = Symbol("none");

/**
 * The relay's on-demand pallet as the order task sees it: spot price = `QueueStatus.traffic ×
 * on_demand_base_fee`; queued = the para has an entry in `FreeEntries` or `AffinityEntries`; the
 * order is `OnDemand.place_order_allow_death`.
 */
export function onDemandRelayPort(config: OnDemandConfig): RelayOnDemandPort {
  // Both answers are cached by the identity of what they are computed from, as stored (immutable
  // values: an order in the open relay block stores new ones), so the 100 paras' tasks deciding in
  // one relay block compute them once (again after each order), not once each.
  let status: unknown = NONE;
  let host: unknown = NONE;
  let price = 0n;
  let free: unknown = NONE;
  let affinity: unknown = NONE;
  let queued = new Set<number>();
  // the relay's read context is the same object for a whole block: one configured view for it
  let viewOf: Context | undefined;
  let view: OnDemandContext | undefined;
  const configured = (ctx: Context): OnDemandContext => (ctx === viewOf ? view! : ((viewOf = ctx), (view = withOnDemandConfig(ctx, config))));
  const readPrice = (ctx: Context): bigint => {
    const c = configured(ctx);
    const s = ctx.storage.getValue(OnDemand.storage.QueueStatus);
    const h = activeConfig(c);
    if (s !== status || h !== host) {
      status = s;
      host = h;
      price = spotPrice(queueStatus(c).traffic, h.on_demand_base_fee);
    }
    return price;
  };
  const readQueued = (ctx: Context): Set<number> => {
    const f = ctx.storage.getValue(OnDemand.storage.FreeEntries) as ReadonlyArray<{ readonly para_id: number }> | undefined;
    const a = OnDemand.storage.AffinityEntries.version(ctx);
    if (f !== free || a !== affinity) {
      free = f;
      affinity = a;
      queued = new Set<number>();
      if (f !== undefined) for (const o of f) queued.add(o.para_id);
      if (a !== undefined) for (const [, heap] of a.entries()) for (const o of heap) queued.add(o.para_id);
    }
    return queued;
  };
  return {
    spotPrice: (relay) => relay.read(readPrice),
    queued: (relay, paraId) => relay.read(readQueued).has(paraId),
    orderCall: placeOrderAllowDeath,
  };
}

/**
 * One relay port per relay `OnDemand` configuration (one per network), shared by the order tasks
 * of all its paras: the queued paras are cached by the queues' identity, so the paras deciding in
 * the same relay block build that set once (again after each order), not once each.
 */
const sharedPorts = new WeakMap<OnDemandConfig, RelayOnDemandPort>();

/**
 * The order task of a parachain built by `parachainRuntime`, ordering from the relay whose
 * OnDemand pallet has `onDemand`: pending fees are `computeFee(..).final_fee` of each pooled
 * transaction on the para's current state. `extra` sets the strategy, accounts, callbacks.
 */
export function paraOrderTask(paraId: number, onDemand: OnDemandConfig, extra: Partial<OrderTaskOptions> = {}): AssuranceOrderTask {
  let relay = sharedPorts.get(onDemand);
  if (relay === undefined) sharedPorts.set(onDemand, (relay = onDemandRelayPort(onDemand)));
  return assuranceOrderTask({
    paraId,
    relay,
    feeOf: (para, xt) => para.read((ctx) => computeFee(ctx, para.configOf<TransactionPaymentConfig>(TransactionPayment), xt, (para.pallets.get(xt.call.pallet)?.pallet.calls[xt.call.name]?.pays ?? "Yes") as "Yes" | "No").final_fee),
    ...extra,
  });
}

/** The `parachain-mock` preset. */
export const parachainMock: Preset = {
  name: "parachain-mock",
  description: "System, Balances (ED 1), TransactionPayment (base + length + weight fee into BASE_ACCOUNT) and Assurance; signed calls pay fees",
  accounts: PARACHAIN_ACCOUNTS,
  create(opts: PresetOptions): Runtime {
    const options = parsePalletOptions(parachainMock, PARACHAIN_PALLETS, opts);
    return parachainRuntime({ name: "parachain-mock", existentialDeposit: 1n, options, genesisNumber: opts.genesisNumber });
  },
};
