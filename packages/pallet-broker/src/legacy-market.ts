/**
 * `LegacyMarket`: the broker's market as it has been since the launch of Agile Coretime, behind the
 * `Market` port (polkadot-sdk sdk#10916's legacy implementation, whose draft keeps the formulas of
 * `dispatchable_impls.rs`/`tick_impls.rs`; sdk#11563 adds the trait). It is the default of
 * `BrokerConfig.Market` and changes nothing: same checks in the same order, same storage, same
 * events (the broker's tests and scenarios and the coretime-polkadot peer suite check it).
 *
 * It is part of the broker: its state is the broker's `SaleInfo` (the sale, its lead-in from
 * `sale_start` over `leadin_length` with the `PriceAdapter`'s factor, its `sellout_price`) and it
 * reads `Configuration` and `Status`; its errors are the broker's (`NoSales`, `Overpriced`, …).
 * Renewal prices follow the era's `SaleRules` (`renewalPriceRule`): from sdk#8630 (RFC-149) the
 * next renewal price is `min(sale_price(now), max(price·(1 + renewal_bump), end_price))`.
 */
import { DispatchErrors, Perbill, ensure, fail, required } from "@corelab/frame";
import { complete } from "./core-mask.ts";
import type { Market, MarketInputs, OrderResult, RenewalOrderResult, SalesStarted, TickAction } from "./market.ts";
import { Broker } from "./pallet.ts";
import { renewalPriceRule } from "./renewal-price.ts";
import { salePerformanceFromSale, type AdaptedPrices, type ConfigRecord, type CoreIndex, type SaleInfoRecord, type StatusRecord } from "./types.ts";
import { addU16, addU32, salePrice, subSat, type BrokerContext } from "./utility.ts";

/** `ensure_cores_for_sale(status, sale)`: `Unavailable` when `first_core ≥ core_count`, then `SoldOut` when `cores_sold ≥ cores_offered`. */
export function ensureCoresForSale(status: StatusRecord, sale: SaleInfoRecord): void {
  ensure(sale.first_core < status.core_count, Broker.err("Unavailable"));
  ensure(sale.cores_sold < sale.cores_offered, Broker.err("SoldOut"));
}

/**
 * The bookkeeping half of `purchase_core(who, price, sale)` (the broker charges): takes core
 * `first_core + cores_sold`, counts it sold and, while `cores_sold ≤ ideal_cores_sold` (or while
 * there is no sellout price), records `price` as the sellout price. `sale` is a mutable copy the
 * caller writes back. `updateSellout = false` reproduces the pre-#4521 renewal, which left the
 * sellout price alone.
 */
export function purchaseCore(price: bigint, sale: SaleInfoRecord, updateSellout = true): CoreIndex {
  const core = addU16(sale.first_core, sale.cores_sold);
  sale.cores_sold = addU16(sale.cores_sold, 1);
  if (updateSellout && (sale.cores_sold <= sale.ideal_cores_sold || sale.sellout_price === undefined)) sale.sellout_price = price;
  return core;
}

/**
 * The market half of `rotate_sale(old_sale, config, status)`: `PriceAdapter::adapt_price` of the
 * old sale gives the new prices; the new sale sells `[old.region_end, + region_length)` from core
 * `reservedCores` (reservations and leases come first), offering `min(limit_cores_offered,
 * core_count − first_core)` cores from `now + interlude_length`, with `sellout_price =
 * Some(end_price)` when it offers any (`None` under `SaleRules = "before-4521"`). Writes `SaleInfo`.
 */
export function legacyRotate(ctx: BrokerContext, oldSale: SaleInfoRecord, config: ConfigRecord, coreCount: CoreIndex, reservedCores: CoreIndex, now: number): SalesStarted {
  const newPrices: AdaptedPrices = ctx.config.PriceAdapter.adaptPrice(salePerformanceFromSale(oldSale));
  const regionBegin = oldSale.region_end;
  const regionEnd = regionBegin + config.region_length;
  const firstCore = reservedCores;
  const maxPossibleSales = subSat(coreCount, firstCore);
  const limitCoresOffered = config.limit_cores_offered ?? 0xffff;
  const coresOffered = Math.min(limitCoresOffered, maxPossibleSales);
  const saleStart = addU32(now, config.interlude_length);
  const idealCoresSold = Number(Perbill.mul(config.ideal_bulk_proportion, BigInt(coresOffered))) & 0xffff;
  const legacy = ctx.config.SaleRules === "before-4521";
  const newSale: SaleInfoRecord = {
    sale_start: saleStart,
    leadin_length: config.leadin_length,
    end_price: newPrices.end_price,
    region_begin: regionBegin,
    region_end: regionEnd,
    ideal_cores_sold: idealCoresSold,
    cores_offered: coresOffered,
    first_core: firstCore,
    sellout_price: !legacy && coresOffered > 0 ? newPrices.end_price : undefined,
    cores_sold: 0,
  };
  Broker.storage.SaleInfo.put(ctx, newSale);
  return { old_sale: oldSale, new_sale: newSale, new_prices: newPrices, start_price: salePrice(ctx, newSale, now) };
}

function reserved(inputs: MarketInputs): CoreIndex {
  return Math.min(inputs.reservedCoreCount(), 0xffff);
}

/**
 * Today's market (see the module doc). Its tick rotates the sale when the broker commits the
 * sale's `region_begin` (actions `SaleRotated`, `ProcessAutoRenewals`); it never places bids.
 */
export const LegacyMarket: Market = {
  name: "LegacyMarket",

  configure(_ctx, config) {
    ensure(config.leadin_length !== 0, Broker.err("InvalidConfig"));
  },

  startSales(ctx, now, endPrice, coreCount, inputs): SalesStarted {
    const config = required(Broker.storage.Configuration.get(ctx), Broker.err("Uninitialized"));
    const commit = required(inputs.latestTimesliceReadyToCommit(), Broker.err("Uninitialized"));
    // the imaginary previous sale: region [commit, commit + region_length), nothing offered
    const oldSale: SaleInfoRecord = {
      sale_start: now,
      leadin_length: 0,
      end_price: endPrice,
      region_begin: commit,
      region_end: addU32(commit, config.region_length),
      ideal_cores_sold: 0,
      cores_offered: 0,
      first_core: 0,
      sellout_price: undefined,
      cores_sold: 0,
    };
    return legacyRotate(ctx, oldSale, config, coreCount, reserved(inputs), now);
  },

  placeOrder(ctx, now, _who, priceLimit): OrderResult {
    const S = Broker.storage;
    const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
    const sale: SaleInfoRecord = { ...required(S.SaleInfo.get(ctx), Broker.err("NoSales")) };
    ensureCoresForSale(status, sale);
    ensure(now > sale.sale_start, Broker.err("TooEarly"));
    const price = salePrice(ctx, sale, now);
    ensure(priceLimit >= price, Broker.err("Overpriced"));
    const core = purchaseCore(price, sale);
    S.SaleInfo.put(ctx, sale);
    return { type: "Sold", price, region_id: { begin: sale.region_begin, core, mask: complete() }, region_end: sale.region_end };
  },

  placeRenewalOrder(ctx, now, _who, core, inputs): RenewalOrderResult {
    const S = Broker.storage;
    const config = required(S.Configuration.get(ctx), Broker.err("Uninitialized"));
    const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
    const sale: SaleInfoRecord = { ...required(S.SaleInfo.get(ctx), Broker.err("NoSales")) };
    ensureCoresForSale(status, sale);
    const renewalId = { core, when: sale.region_begin };
    const right = inputs.renewalRight(renewalId);
    const rules = ctx.config.SaleRules ?? "current";
    const newCore = purchaseCore(right.price, sale, rules !== "before-4521");
    const next = renewalPriceRule(rules)({
      recorded: right.price,
      renewal_bump: config.renewal_bump,
      end_price: sale.end_price,
      sale_price: salePrice(ctx, sale, now),
    });
    S.SaleInfo.put(ctx, sale);
    return {
      type: "Renewed",
      price: right.price,
      next_renewal_price: next,
      renewal_id: renewalId,
      region_id: { begin: sale.region_begin, core: newCore, mask: complete() },
      effective_to: sale.region_end,
    };
  },

  adjustBid() {
    // sdk#11802 maps `MarketError::BidNotExist` to `DispatchError::Other("BidNotExist")`; the legacy market has no bids
    fail(DispatchErrors.other("BidNotExist"));
  },

  tick(ctx, now, inputs): readonly TickAction[] {
    const commit = inputs.nextTimesliceToCommit();
    if (commit === undefined) return [];
    const S = Broker.storage;
    const sale = S.SaleInfo.get(ctx);
    if (sale === undefined || commit < sale.region_begin) return [];
    const config = S.Configuration.get(ctx);
    const coreCount = inputs.coreCount();
    if (config === undefined || coreCount === undefined) return [];
    const r = legacyRotate(ctx, sale, config, coreCount, reserved(inputs), now);
    return [{ type: "SaleRotated", ...r }, { type: "ProcessAutoRenewals" }];
  },

  getSaleInfo(ctx) {
    return Broker.storage.SaleInfo.get(ctx);
  },

  currentPrice(ctx, now) {
    return salePrice(ctx, required(Broker.storage.SaleInfo.get(ctx), Broker.err("NoSales")), now);
  },
};
