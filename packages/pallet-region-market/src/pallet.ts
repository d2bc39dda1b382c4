/**
 * The region market as RegionX-Node `pallets/market/src/lib.rs` declares it (RegionX-Labs/RegionX-Node
 * @ 74260707c4, lib.rs last changed in 768733d): pallet name `Market` (its name in RegionX's
 * `construct_runtime!`), the constant `TimeslicePeriod`, storage `Listings`, events, errors in
 * declaration order and the four calls with their indices and argument names. The logic lives in
 * `dispatchables.ts`. No hooks and no genesis (upstream has neither).
 */
import { definePallet, ensureSigned, map, palletIdScale, t, type Codec } from "@corelab/frame";
import { doListRegion, doPurchaseRegion, doUnlistRegion, doUpdateRegionPrice } from "./dispatchables.ts";
import type { RegionMarketConfig } from "./interfaces.ts";
import { Balance, Listing, RegionId, RelayBlockNumber } from "./types.ts";

/** Codec of the market's `PalletId` (a Corelab constant): 8 ASCII characters (`"TsMarket"`). */
const PalletIdCodec: Codec<string> = t.custom<string>({
  name: "PalletId",
  parse(input, ctx) {
    const s = t.str.parse(input, ctx);
    if (!/^[\x20-\x7e]{8}$/.test(s)) return t.bytes(8).parse(s, ctx).replace(/^0x/, "").replace(/../g, (h) => String.fromCharCode(parseInt(h, 16)));
    return s;
  },
  toJson: (v) => v,
  key: (v) => v,
  // `PalletId([u8; 8])`: the 8 bytes
  scale: palletIdScale,
});

/**
 * The region market (`Market`, RegionX's `pallet_market`): regions listed at a price per
 * timeslice, bought at that price times the timeslices that remain of them. Configure it with a
 * `RegionMarketConfig` (`RegionMarket.instance(config)`); beside Broker, see
 * `createRegionMarketMockRuntime` of `@corelab/pallet-region-market/testing`.
 */
export const RegionMarket = definePallet<RegionMarketConfig>()({
  name: "Market",
  source: "RegionX-Labs/RegionX-Node pallets/market/src/lib.rs @ 74260707c4",
  docs: "A secondary market for coretime regions: list a region at a price per timeslice, buy it at that price times what remains of it.",
  constants: {
    TimeslicePeriod: RelayBlockNumber,
    PalletId: PalletIdCodec,
  },
  storage: {
    Listings: map(RegionId, Listing, { hasher: "Blake2_128Concat", docs: "Regions that got listed on sale." }),
  },
  events: {
    Listed: { region_id: RegionId, timeslice_price: Balance, seller: t.accountId, sale_recipient: t.accountId },
    Unlisted: { region_id: RegionId },
    Purchased: { region_id: RegionId, buyer: t.accountId, total_price: Balance },
    PriceUpdated: { region_id: RegionId, new_timeslice_price: Balance },
  },
  errors: {
    AlreadyListed: "Caller tried to list a region which is already listed.",
    NotListed: "Caller tried to unlist a region which is not listed.",
    UnknownRegion: "Region not found.",
    RegionExpired: "The specified region is expired.",
    NotAllowed: "The caller is not allowed to perform a certain action.",
    PriceTooHigh: "The price of the region is higher than what the buyer is willing to pay.",
    RecordUnavailable: "The region record is not available. Never returned here: the broker's record is local.",
    RegionLocked: "Locked regions cannot be listed on sale. Never returned here: the broker has no locks.",
  },
  calls: {
    list_region: {
      index: 0,
      args: { region_id: RegionId, timeslice_price: Balance, sale_recipient: t.option(t.accountId) },
      docs:
        "Lists a region on sale at `timeslice_price` (planck per remaining timeslice); `sale_recipient` (default the caller) is paid. " +
        "The region goes into the market's escrow account. Signed by the owner. Errors: AlreadyListed, UnknownRegion, RegionExpired, " +
        "and the regions port's (Broker.NotOwner).",
      dispatch: (ctx, a) => doListRegion(ctx, ensureSigned(ctx.origin), a.region_id, a.timeslice_price, a.sale_recipient),
    },
    unlist_region: {
      index: 1,
      args: { region_id: RegionId },
      docs: "Removes a listing and gives the region back to its seller (if the broker still has it). Signed by the seller, or by anyone once the current timeslice is past the region's end (or the broker dropped it). Errors: NotListed, NotAllowed.",
      dispatch: (ctx, a) => doUnlistRegion(ctx, ensureSigned(ctx.origin), a.region_id),
    },
    update_region_price: {
      index: 2,
      args: { region_id: RegionId, new_timeslice_price: Balance },
      docs: "Sets a listing's price per timeslice. Signed by the seller. Errors: NotListed, UnknownRegion, NotAllowed, RegionExpired.",
      dispatch: (ctx, a) => doUpdateRegionPrice(ctx, ensureSigned(ctx.origin), a.region_id, a.new_timeslice_price),
    },
    purchase_region: {
      index: 3,
      args: { region_id: RegionId, max_price: Balance },
      docs:
        "Buys a listed region at `timeslice_price × remaining timeslices` (the whole duration before it begins), paid to the sale recipient; " +
        "fails if that is above `max_price`. Signed (not the seller or the recipient). Errors: NotListed, UnknownRegion, NotAllowed, " +
        "RegionExpired, PriceTooHigh, Token.FundsUnavailable.",
      dispatch: (ctx, a) => {
        doPurchaseRegion(ctx, ensureSigned(ctx.origin), a.region_id, a.max_price);
      },
    },
  },
});
