/**
 * The ports of the region market: its `Config` (RegionX-Node `pallets/market/src/lib.rs`
 * `pallet::Config`), adapted to a market that runs on the coretime chain beside pallet-broker. A
 * runtime wires implementations in, as `impl pallet_market::Config for Runtime` does; on a
 * runtime with Broker, `brokerRegions(brokerConfig)` of `@corelab/pallet-region-market/testing`
 * is the `Regions` port over Broker's `Regions` storage and `do_transfer`.
 *
 * Port methods are camelCase TypeScript functions; each doc names the Rust item it stands for.
 */
import type { Context, Fungible } from "@corelab/frame";
import type { RegionId, RegionRecordView } from "./types.ts";

/**
 * `type Regions` (upstream: `Transfer + LockableNonFungible + RegionInspect + RegionFactory` over
 * RegionX's `pallet-regions`, whose records come from the coretime chain over ISMP). Here the
 * regions are the broker's own, so the port reads them directly and moves them with the broker's
 * transfer; there is no lock (the market escrows instead, see the README).
 */
export interface RegionsPort {
  /**
   * `RegionInspect::record(region_id)`: the region's record, `undefined` when no region has this
   * id (never minted, or dropped, partitioned away, interlaced or finally assigned in the broker).
   */
  record(ctx: Context, regionId: RegionId): RegionRecordView | undefined;
  /**
   * `Transfer::transfer` / the broker's `do_transfer(region_id, maybe_check_owner, new_owner)`:
   * gives the region to `newOwner`. With `maybeCheckOwner`, fails unless that account owns it
   * (the regions pallet's own error, e.g. `Broker.NotOwner`; `Broker.UnknownRegion` when it is
   * gone). Deposits the regions pallet's event (`Broker.Transferred`). Runs in the caller's
   * storage transaction: a later failure of the call undoes it.
   */
  transfer(ctx: Context, regionId: RegionId, maybeCheckOwner: string | undefined, newOwner: string): void;
}

/**
 * `type RCBlockNumberProvider: BlockNumberProvider`: the relay-chain block number the market's
 * timeslice clock runs on (`current_timeslice = ⌊relay block / TimeslicePeriod⌋`). Beside Broker,
 * give it the broker's own relay block number, so both count the same timeslices.
 */
export type RCBlockNumberProvider = (ctx: Context) => number;

/** `pallet_market::Config`: constants and ports. Constants carry their metadata names (scenario `constants: { Market: { TimeslicePeriod: 2 } }`). */
export interface RegionMarketConfig {
  /** `TimeslicePeriod`: relay-chain blocks per timeslice (80 on the real chains; the broker's `TimeslicePeriod` of the runtime). */
  readonly TimeslicePeriod: number;
  /**
   * Corelab addition (upstream locks regions in place and has no account): the 8-byte `PalletId`
   * whose account holds listed regions in escrow (`"TsMarket"` in the mock; any unused id on a
   * real runtime, e.g. `"py/rgnmk"`).
   */
  readonly PalletId: string;
  /** `Currency`: the fungible buyers pay in (`fungible::Mutate`). */
  readonly Currency: Fungible;
  /** `Regions`: reads and moves regions (see `RegionsPort`). */
  readonly Regions: RegionsPort;
  /** `RCBlockNumberProvider`: the relay-chain block number. */
  readonly RCBlockNumberProvider: RCBlockNumberProvider;
  /**
   * Corelab addition: `PalletId::into_account_truncating()` of the runtime's `AccountId`. Default:
   * the 32-byte account (`"modl" ++ PalletId`, zero-padded) as an SS58 address (frame's
   * `palletAccountId`); a runtime whose accounts are u64s (the broker mock) passes
   * `u64AccountOfPalletId` of `@corelab/pallet-broker`.
   */
  readonly PalletAccountOf?: (palletId: string) => string;
}
