/**
 * The logic of the market's calls, without origin checks (the call declarations in `pallet.ts`
 * take the signer first). Mirrors RegionX-Node `pallets/market/src/lib.rs`: each check in the
 * upstream order, so the first failing check gives the same error; where Corelab differs (escrow
 * instead of a lock, an expiry check on purchase, a region the broker dropped) the function's doc
 * says so. A failing check throws a `DispatchFailure`; the runtime then discards every write of
 * the call, the regions moved and the funds paid included.
 */
import { ensure, palletAccountId, required, saturatingMul, saturatingSubN, type PalletContext } from "@corelab/frame";
import type { RegionMarketConfig } from "./interfaces.ts";
import { RegionMarket } from "./pallet.ts";
import type { Listing, RegionId, RegionRecordView, Timeslice } from "./types.ts";

/** The context market code runs in. */
export type RegionMarketContext = PalletContext<RegionMarketConfig>;

const potCache = new WeakMap<RegionMarketConfig, string>();

/** The market's account (`PalletId` into an account): the owner of every listed region while it is listed. */
export function marketAccountId(config: RegionMarketConfig): string {
  let a = potCache.get(config);
  if (a === undefined) {
    a = (config.PalletAccountOf ?? palletAccountId)(config.PalletId);
    potCache.set(config, a);
  }
  return a;
}

/** `current_timeslice()`: `⌊RCBlockNumberProvider::current_block_number() / TimeslicePeriod⌋`. */
export function currentTimeslice(ctx: RegionMarketContext): Timeslice {
  return Math.floor(ctx.config.RCBlockNumberProvider(ctx) / ctx.config.TimeslicePeriod);
}

/**
 * `calculate_region_price(region_id, record, timeslice_price)` as a pure function: before the
 * region begins (`now < begin`), `timeslice_price × (end − begin)` (nothing of it is lost yet);
 * from then on `timeslice_price × (end − now)`, what remains of it, 0 once it has ended. Every
 * operation saturates (u128), as upstream's `saturating_sub` / `saturating_mul`. Planck.
 */
export function regionPrice(begin: Timeslice, end: Timeslice, now: Timeslice, timeslicePrice: bigint): bigint {
  const timeslices = now < begin ? saturatingSubN(end, begin) : saturatingSubN(end, now);
  return saturatingMul(timeslicePrice, BigInt(timeslices));
}

/** `calculate_region_price(region_id, record, timeslice_price)` at the current timeslice (planck). */
export function calculateRegionPrice(ctx: RegionMarketContext, regionId: RegionId, record: RegionRecordView, timeslicePrice: bigint): bigint {
  return regionPrice(regionId.begin, record.end, currentTimeslice(ctx), timeslicePrice);
}

/** A fresh copy of a region id (events and storage keys never share the caller's object). */
const copyId = (r: RegionId): RegionId => ({ begin: r.begin, core: r.core, mask: r.mask });

/**
 * `list_region(region_id, timeslice_price, sale_recipient)` by `who`. Checks, in upstream order:
 * `AlreadyListed`, `UnknownRegion`, `RegionExpired` (`end ≤ now`), then the regions port moves
 * the region from `who` to the market's account (escrow; upstream locks it in place): the port's
 * owner check fails with the regions pallet's error (`Broker.NotOwner`), as upstream's lock
 * fails with `pallet-regions`' `NotOwner`. Upstream's `RegionLocked` and `RecordUnavailable` have
 * no cause here (the broker has no locks; the record is local). Writes `Listings[region_id]`
 * with `sale_recipient` defaulting to `who`; event `Listed`.
 */
export function doListRegion(ctx: RegionMarketContext, who: string, regionId: RegionId, timeslicePrice: bigint, saleRecipient: string | undefined): void {
  const S = RegionMarket.storage;
  ensure(!S.Listings.contains(ctx, regionId), RegionMarket.err("AlreadyListed"));
  const record = required(ctx.config.Regions.record(ctx, regionId), RegionMarket.err("UnknownRegion"));
  ensure(record.end > currentTimeslice(ctx), RegionMarket.err("RegionExpired"));
  ctx.config.Regions.transfer(ctx, regionId, who, marketAccountId(ctx.config));
  const recipient = saleRecipient ?? who;
  S.Listings.insert(ctx, copyId(regionId), { seller: who, timeslice_price: timeslicePrice, sale_recipient: recipient });
  RegionMarket.deposit(ctx, "Listed", { region_id: copyId(regionId), timeslice_price: timeslicePrice, seller: who, sale_recipient: recipient });
}

/**
 * `unlist_region(region_id)` by `who`: `NotListed`; then, while `now ≤ end` (upstream's bound:
 * at `now = end` only the seller may still unlist), `NotAllowed` unless `who` is the seller; past
 * it anyone may. Removes the listing and gives the region back to the seller (event
 * `Broker.Transferred`), then `Unlisted`. Corelab: a region the broker no longer has (dropped with
 * `drop_region` after its end, the only way a region leaves escrow otherwise) counts as expired:
 * anyone may unlist it and nothing is given back (upstream fails with `UnknownRegion`, which would
 * leave the listing forever).
 */
export function doUnlistRegion(ctx: RegionMarketContext, who: string, regionId: RegionId): void {
  const S = RegionMarket.storage;
  const listing = required(S.Listings.get(ctx, regionId), RegionMarket.err("NotListed"));
  const record = ctx.config.Regions.record(ctx, regionId);
  if (record !== undefined && currentTimeslice(ctx) <= record.end) ensure(who === listing.seller, RegionMarket.err("NotAllowed"));
  S.Listings.remove(ctx, regionId);
  if (record !== undefined) ctx.config.Regions.transfer(ctx, regionId, marketAccountId(ctx.config), listing.seller);
  RegionMarket.deposit(ctx, "Unlisted", { region_id: copyId(regionId) });
}

/**
 * `update_region_price(region_id, new_timeslice_price)` by `who`: `NotListed`, `UnknownRegion`,
 * `NotAllowed` (only the seller), `RegionExpired` (`end ≤ now`). Writes the new price; event
 * `PriceUpdated`. The sale recipient stays.
 */
export function doUpdateRegionPrice(ctx: RegionMarketContext, who: string, regionId: RegionId, newTimeslicePrice: bigint): void {
  const S = RegionMarket.storage;
  const listing = required(S.Listings.get(ctx, regionId), RegionMarket.err("NotListed"));
  const record = required(ctx.config.Regions.record(ctx, regionId), RegionMarket.err("UnknownRegion"));
  ensure(who === listing.seller, RegionMarket.err("NotAllowed"));
  ensure(currentTimeslice(ctx) < record.end, RegionMarket.err("RegionExpired"));
  const next: Listing = { seller: listing.seller, timeslice_price: newTimeslicePrice, sale_recipient: listing.sale_recipient };
  S.Listings.insert(ctx, copyId(regionId), next);
  RegionMarket.deposit(ctx, "PriceUpdated", { region_id: copyId(regionId), new_timeslice_price: newTimeslicePrice });
}

/**
 * `purchase_region(region_id, max_price)` by `who`: `NotListed`, `UnknownRegion`, `NotAllowed`
 * (the seller and the sale recipient may not buy), then (Corelab) `RegionExpired` when
 * `end ≤ now` (upstream has no such check: an ended region sells for 0), `PriceTooHigh` when the
 * price (`calculateRegionPrice`) is above `max_price`; the buyer pays the price to the sale
 * recipient (`Currency::transfer`, `Preserve`: `Token.FundsUnavailable` …), the listing is
 * removed, the region goes from escrow to the buyer (`Broker.Transferred`); event `Purchased`
 * with `total_price`. Returns the price (planck).
 */
export function doPurchaseRegion(ctx: RegionMarketContext, who: string, regionId: RegionId, maxPrice: bigint): bigint {
  const S = RegionMarket.storage;
  const listing = required(S.Listings.get(ctx, regionId), RegionMarket.err("NotListed"));
  const record = required(ctx.config.Regions.record(ctx, regionId), RegionMarket.err("UnknownRegion"));
  ensure(who !== listing.seller && who !== listing.sale_recipient, RegionMarket.err("NotAllowed"));
  ensure(currentTimeslice(ctx) < record.end, RegionMarket.err("RegionExpired"));
  const price = calculateRegionPrice(ctx, regionId, record, listing.timeslice_price);
  ensure(price <= maxPrice, RegionMarket.err("PriceTooHigh"));
  ctx.config.Currency.transfer(ctx, who, listing.sale_recipient, price, "Preserve");
  S.Listings.remove(ctx, regionId);
  ctx.config.Regions.transfer(ctx, regionId, marketAccountId(ctx.config), who);
  RegionMarket.deposit(ctx, "Purchased", { region_id: copyId(regionId), buyer: who, total_price: price });
  return price;
}
