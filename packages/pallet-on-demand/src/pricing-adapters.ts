/**
 * The `OnDemandPricing` port of the on-demand pallet and its three implementations, chosen by the
 * `Pricing` knob (`pricingOf(config)`): `SpotTraffic` (the relay pallet's `calculate_spot_traffic`,
 * polkadot-sdk `polkadot/runtime/parachains/src/on_demand/mod.rs`; the default), `Exponential`
 * (polkadot-sdk#13009's `DefaultPricingProvider` and queue estimate, `substrate/frame/on-demand`)
 * and `Rfc1Geometric` (RFC-1's ×0.95 per relay block). The pure rules are in `pricing.ts`.
 *
 * Every rule prices an order of both pallet versions (v1 `QueueStatus`, v2 `OrderStatus`): the
 * pallet hands it the stored traffic multiplier and the queue size, stores what it answers and
 * charges the price it quotes.
 */
import { DispatchErrors, fail, type Context } from "@corelab/frame";
import type { OnDemandConfig, OnDemandContext, OnDemandHostConfig } from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { exponentialQuote, rfc1GeometricNext, type PriceParameters, type PricingName, type Rfc1GeometricParameters } from "./pricing.ts";
import { calculateSpotTraffic, spotPrice } from "./types.ts";

/** When the traffic is updated: at `on_initialize` (`"block"`) or before an order (`"order"`). */
export type TrafficUpdateAt = "block" | "order";

/** A price quote: the price in planck and, for a stateful rule, what to record once the order is paid. */
export interface PriceQuote {
  readonly price: bigint;
  /** Called after the payment, in the order's transaction: the rule's state moves on. */
  readonly placed?: (ctx: OnDemandContext) => void;
}

/**
 * The spot-price port of the on-demand pallet (a Corelab port: in Rust the rule is the pallet's
 * own code, or sdk#13009's `PricingProvider`).
 */
export interface OnDemandPricing {
  readonly name: PricingName;
  /**
   * The traffic multiplier (FixedU128 inner) after an update at `at`, from the stored one and the
   * queue size; `undefined` when this rule leaves it as it is (or cannot compute it). The pallet
   * stores a changed value and emits `SpotPriceSet`.
   */
  nextTraffic(ctx: OnDemandContext, at: TrafficUpdateAt, traffic: bigint, queueSize: number, host: OnDemandHostConfig): bigint | undefined;
  /**
   * The price of an order now (after `nextTraffic(…, "order")`). Throws a dispatch error when the
   * rule refuses the order (`OnDemand.EmptyPool`, `OnDemand.QueueFull`, `Arithmetic.Overflow`).
   */
  quote(ctx: OnDemandContext, traffic: bigint, host: OnDemandHostConfig): PriceQuote;
}

/** The pool size the `Exponential` and `Rfc1Geometric` rules read: `PoolCores` of the config, else the host's `num_cores`. */
export function poolCores(ctx: OnDemandContext, host: OnDemandHostConfig): number {
  const of = ctx.config.PoolCores;
  return of === undefined ? host.num_cores : of(ctx as Context);
}

/**
 * `SpotTraffic` (default): `calculate_spot_traffic` at every `on_initialize` and before every order;
 * the price is `floor(traffic × on_demand_base_fee)`. Exactly the pallet's behaviour without the knob.
 */
export const SpotTrafficPricing: OnDemandPricing = Object.freeze({
  name: "SpotTraffic" as const,
  nextTraffic(ctx: OnDemandContext, _at: TrafficUpdateAt, traffic: bigint, queueSize: number, host: OnDemandHostConfig): bigint | undefined {
    const r = calculateSpotTraffic(
      traffic,
      host.on_demand_queue_max_size,
      queueSize,
      host.on_demand_target_queue_utilization,
      host.on_demand_fee_variability,
      ctx.config.TrafficDefaultValue,
    );
    return "ok" in r ? r.ok : undefined;
  },
  quote: (_ctx: OnDemandContext, traffic: bigint, host: OnDemandHostConfig): PriceQuote => ({ price: spotPrice(traffic, host.on_demand_base_fee) }),
});

/**
 * `Rfc1Geometric`: once per relay block (`on_initialize`; orders do not move it) the multiplier
 * becomes `traffic · ratio` when the queue holds fewer than `POOL_SIZE · FACTOR` orders, else
 * `traffic / ratio` (`rfc1GeometricNext`); the price is `floor(traffic × on_demand_base_fee)`.
 * The multiplier starts where the pallet's traffic is (`TrafficDefaultValue`, 1.0) and has no floor.
 */
export function rfc1GeometricPricing(params: Rfc1GeometricParameters): OnDemandPricing {
  return Object.freeze({
    name: "Rfc1Geometric" as const,
    nextTraffic(ctx: OnDemandContext, at: TrafficUpdateAt, traffic: bigint, queueSize: number, host: OnDemandHostConfig): bigint | undefined {
      if (at !== "block") return undefined;
      return rfc1GeometricNext(traffic, queueSize, poolCores(ctx, host), params);
    },
    quote: (_ctx: OnDemandContext, traffic: bigint, host: OnDemandHostConfig): PriceQuote => ({ price: spotPrice(traffic, host.on_demand_base_fee) }),
  });
}

/**
 * `Exponential` (sdk#13009): the traffic multiplier is not used. An order reads `QueueState`
 * (`QueueTracker`), drains it by `drain_rate_per_block · (now − last_updated) · pool_cores`, fails
 * with `EmptyPool` (no pool core) or `QueueFull` (`outstanding ≥ order_cap`), and is priced
 * `floor(base_fee · (1 + price_step)^outstanding)` (`Arithmetic.Overflow` when the power
 * overflows). Once paid, `QueueState = { outstanding + 1, now }`. `now` is the block number (the
 * relay block: this pallet lives on the relay).
 */
export function exponentialPricing(params: PriceParameters): OnDemandPricing {
  return Object.freeze({
    name: "Exponential" as const,
    nextTraffic: (): bigint | undefined => undefined,
    quote(ctx: OnDemandContext, _traffic: bigint, host: OnDemandHostConfig): PriceQuote {
      const now = ctx.blockNumber;
      const q = exponentialQuote(params, OnDemand.storage.QueueState.get(ctx), now, poolCores(ctx, host));
      if ("err" in q) {
        if (q.err === "Overflow") fail(DispatchErrors.arithmetic("Overflow"));
        fail(OnDemand.err(q.err));
      }
      const outstanding = q.ok.outstanding;
      return {
        price: q.ok.price,
        placed: (c) => OnDemand.storage.QueueState.put(c, { outstanding_orders: Math.min(outstanding + 1, 0xffff_ffff), last_updated: now }),
      };
    },
  });
}

const BY_CONFIG = new WeakMap<object, OnDemandPricing>();

/** The pricing rule of a pallet configuration (`Pricing` knob; absent: `SpotTrafficPricing`). Memoised per parsed knob value. */
export function pricingOf(config: OnDemandConfig): OnDemandPricing {
  const p = config.Pricing;
  if (p === undefined || p.type === "SpotTraffic") return SpotTrafficPricing;
  let impl = BY_CONFIG.get(p);
  if (impl === undefined) {
    impl = p.type === "Exponential" ? exponentialPricing(p.value) : rfc1GeometricPricing(p.value);
    BY_CONFIG.set(p, impl);
  }
  return impl;
}
