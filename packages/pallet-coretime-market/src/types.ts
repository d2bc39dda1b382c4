/**
 * Codecs and TypeScript types of the coretime market pallet, named as in metadata. Mirrors
 * polkadot-sdk#11802 `substrate/frame/coretime-market/src/types.rs` (`SalePhase`, `ConfigRecord`,
 * `SaleInfoRecord`, `BidRecord`, `AllocationRecord`, `AccountQuota`, `BidDisplacement`,
 * `InitData`) and the `fp_coretime` types the market trait speaks (`RegionId`, `PotentialRenewalId`).
 *
 * Number mapping: block numbers (relay blocks), timeslices, core indices and bid ids are `number`s;
 * balances are `bigint` planck; `Perbill` values are their parts as a `number` (30% = 300_000_000).
 */
import { arithmeticCodecs, t, type Infer } from "@corelab/frame";

/** A balance in planck (`BalanceOf<T>`, u128 on the chains that run it). */
export const Balance = t.balance;
/** A relay-chain block number (`RelayBlockNumberOf<T>`, u32). */
export const RelayBlockNumber = t.alias("RelayBlockNumber", t.u32);
/** `Timeslice` (u32): a unit of coretime, `TimeslicePeriod` relay blocks. */
export const Timeslice = t.alias("Timeslice", t.u32);
/** `CoreIndex` (u16 in fp-coretime, as in pallet-broker). */
export const CoreIndex = t.alias("CoreIndex", t.u16);
/** `BidId` (u32): the bid's position in `Bids` when it was placed (its number in the sale). */
export const BidId = t.alias("BidId", t.u32);
/** A bid id. */
export type BidId = number;

/** `CoreMask` (`[u8; 10]`) as hex; the market only issues complete masks. */
export const CoreMask = t.bytes(10);
/** `CoreMask::complete()`: all 80 bits set. */
export const COMPLETE_MASK = "0xffffffffffffffffffff";

/** `RegionId { begin, core, mask }` (fp-coretime / pallet-broker): a region of coretime. */
export const RegionId = t.struct("RegionId", { begin: Timeslice, core: CoreIndex, mask: CoreMask });
/** A region id. */
export type RegionId = Infer<typeof RegionId>;

/** `PotentialRenewalId { core, when }` (fp-coretime): a renewal right; the market reads only `when`. */
export const PotentialRenewalId = t.struct("PotentialRenewalId", { core: CoreIndex, when: Timeslice });
/** A potential renewal id. */
export type PotentialRenewalId = Infer<typeof PotentialRenewalId>;

/** `SalePhase { Market, Renewal, Settlement }`: the phase of a bulk period. */
export const SalePhase = t.enumOf("SalePhase", { Market: null, Renewal: null, Settlement: null });
/** A sale phase (`{ type: "Market" }` …). */
export type SalePhase = Infer<typeof SalePhase>;
/** The name of a sale phase. */
export type SalePhaseName = SalePhase["type"];

/**
 * `ConfigRecord` (types.rs), the market configuration `configure` stores. Periods are relay blocks,
 * `region_length` and `contribution_timeout` timeslices, prices planck, per-things Perbill parts,
 * `sensitivity_millis` is K × 1000.
 */
export const ConfigRecord = t.struct("ConfigRecord", {
  advance_notice: RelayBlockNumber,
  market_period: RelayBlockNumber,
  renewal_period: RelayBlockNumber,
  region_length: Timeslice,
  ideal_bulk_proportion: arithmeticCodecs.perbill,
  limit_cores_offered: t.option(CoreIndex),
  penalty: arithmeticCodecs.perbill,
  contribution_timeout: Timeslice,
  price_multiplier: t.u32,
  min_opening_price: Balance,
  target_consumption_rate: arithmeticCodecs.perbill,
  sensitivity_millis: t.u32,
  min_reserve_price: Balance,
  min_increment: Balance,
});
/** A market configuration. */
export type ConfigRecord = Infer<typeof ConfigRecord>;

/**
 * `SaleInfoRecord` (types.rs): the current sale. `clearing_price` is set at the auction's
 * settlement; `cores_sold` is the auction's winners after settlement and, after finalization,
 * the cores held at the end (remaining winners + renewals); `renewal_count` the renewals exercised.
 */
export const SaleInfoRecord = t.struct("SaleInfoRecord", {
  sale_start: RelayBlockNumber,
  opening_price: Balance,
  reserve_price: Balance,
  clearing_price: t.option(Balance),
  region_begin: Timeslice,
  region_end: Timeslice,
  ideal_cores_sold: CoreIndex,
  cores_offered: CoreIndex,
  first_core: CoreIndex,
  cores_sold: CoreIndex,
  renewal_count: t.u32,
  phase: SalePhase,
});
/** A sale record. */
export type SaleInfoRecord = Infer<typeof SaleInfoRecord>;

/** `BidRecord { bid_id, who, price }`: a bid of one core; `price` is what is locked. */
export const BidRecord = t.struct("BidRecord", { bid_id: BidId, who: t.accountId, price: Balance });
/** A bid. */
export type BidRecord = Infer<typeof BidRecord>;

/** `AllocationRecord { who, bid_price, bid_id, core }`: an auction winner and its core, until finalization. */
export const AllocationRecord = t.struct("AllocationRecord", { who: t.accountId, bid_price: Balance, bid_id: BidId, core: CoreIndex });
/** An allocation. */
export type AllocationRecord = Infer<typeof AllocationRecord>;

/** `AccountQuota { auction_wins, renewals_used }`: per account, in the current sale. */
export const AccountQuota = t.struct("AccountQuota", { auction_wins: t.u32, renewals_used: t.u32 });
/** An account's quota. */
export type AccountQuota = Infer<typeof AccountQuota>;

/** `BidDisplacement { who, refund }`: a displaced winner, refunded at finalization. */
export const BidDisplacement = t.struct("BidDisplacement", { who: t.accountId, refund: Balance });
/** A displacement. */
export type BidDisplacement = Infer<typeof BidDisplacement>;

/** `InitData { reserve_price }`: what `start_sales` takes (the first sale's reserve, planck). */
export const InitData = t.struct("InitData", { reserve_price: Balance });
/** Initialization data. */
export type InitData = Infer<typeof InitData>;

/**
 * Corelab parameter: which rule decides whether renewers pay the penalty (brief question 2).
 * - `Pallet` (#11802): the auction sold out (`cores_sold == cores_offered` after settlement).
 * - `Rfc` (RFC-17 "Renewal Period" note): unique bidders + accounts with renewal rights > cores offered.
 */
export const PenaltyRule = t.enumOf("PenaltyRule", { Pallet: null, Rfc: null });
/** A penalty rule. */
export type PenaltyRule = Infer<typeof PenaltyRule>;
