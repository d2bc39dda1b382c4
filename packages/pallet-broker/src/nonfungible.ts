/**
 * Regions as non-fungible items (item id = the u128 of a `RegionId`). Mirrors polkadot-sdk
 * `substrate/frame/broker/src/nonfungible_impl.rs` (`nonfungible::Inspect`, `Transfer`,
 * `Mutate`). The pallet has no calls for these: XCM asset transactors use them. They are plain
 * functions on a context; failing ones throw a `DispatchFailure` (run them inside a call, or
 * through `runtime.withContext` in tests, where a throw leaves earlier writes of `fn` in place).
 */
import { DispatchErrors, ensure, fail, required } from "@corelab/frame";
import { doTransfer } from "./dispatchables.ts";
import { Broker } from "./pallet.ts";
import { regionIdFromU128 } from "./types.ts";
import { issue, subSat, type BrokerContext } from "./utility.ts";

/** `Inspect::owner(item)`: the region's owner (`undefined` for an unknown or burnt region). */
export function nftOwner(ctx: BrokerContext, item: bigint): string | undefined {
  return Broker.storage.Regions.get(ctx, regionIdFromU128(item))?.owner;
}

/** The names `Inspect::attribute` knows. */
export type NftAttributeKey = "begin" | "end" | "length" | "core" | "part" | "owner" | "paid";

/**
 * `Inspect::attribute(item, key)`, decoded: `begin`, `end`, `length` (= end − begin) and `core`
 * as numbers, `part` as the `CoreMask` bigint, `owner` (string) and `paid` (bigint) with `null`
 * for `None`. `undefined` for an unknown region or key.
 */
export function nftAttribute(ctx: BrokerContext, item: bigint, key: string): number | bigint | string | null | undefined {
  const id = regionIdFromU128(item);
  const region = Broker.storage.Regions.get(ctx, id);
  if (region === undefined) return undefined;
  switch (key) {
    case "begin":
      return id.begin;
    case "end":
      return region.end;
    case "length":
      return subSat(region.end, id.begin);
    case "core":
      return id.core;
    case "part":
      return id.mask;
    case "owner":
      return region.owner ?? null;
    case "paid":
      return region.paid ?? null;
    default:
      return undefined;
  }
}

/** `Transfer::transfer(item, dest)`: `do_transfer` without an owner check (`UnknownRegion`); event `Transferred`. */
export function nftTransfer(ctx: BrokerContext, item: bigint, dest: string): void {
  doTransfer(ctx, regionIdFromU128(item), undefined, dest);
}

/**
 * `Mutate::burn(item, maybe_check_owner)`: sets the region's owner to `None` (the record is
 * kept, so the region can be re-issued by `nftMintInto`). Errors: `UnknownRegion`, `NotOwner`.
 */
export function nftBurn(ctx: BrokerContext, item: bigint, maybeCheckOwner?: string): void {
  const id = regionIdFromU128(item);
  const region = required(Broker.storage.Regions.get(ctx, id), Broker.err("UnknownRegion"));
  if (maybeCheckOwner !== undefined) ensure(region.owner === maybeCheckOwner, Broker.err("NotOwner"));
  Broker.storage.Regions.insert(ctx, id, { ...region, owner: undefined });
}

/**
 * `Mutate::mint_into(item, who)`: re-issues a burnt region (same end and `paid`) to `who`.
 * Errors: `UnknownRegion`, `NotAllowed` (the region still has an owner).
 */
export function nftMintInto(ctx: BrokerContext, item: bigint, who: string): void {
  const id = regionIdFromU128(item);
  const region = required(Broker.storage.Regions.get(ctx, id), Broker.err("UnknownRegion"));
  ensure(region.owner === undefined, Broker.err("NotAllowed"));
  issue(ctx, id.core, id.begin, id.mask, region.end, who, region.paid);
}

/** `Mutate::set_attribute`: not supported (`Token.Unsupported`). */
export function nftSetAttribute(_ctx: BrokerContext, _item: bigint, _key: Uint8Array, _value: Uint8Array): never {
  fail(DispatchErrors.token("Unsupported"));
}
