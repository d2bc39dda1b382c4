/**
 * The logic of pallet-broker's calls (`do_*`), without origin checks (the call declarations in
 * `pallet.ts` check origins first, as `lib.rs` does). Mirrors polkadot-sdk
 * `substrate/frame/broker/src/dispatchable_impls.rs` at `92b7dd505d`: every check in the same
 * order, so the first failing check gives the same error. A failing check throws a
 * `DispatchFailure`; the runtime then discards every write of the call.
 */
import {
  U128_MAX,
  ensure,
  fail,
  required,
  type DispatchError,
} from "@corelab/frame";
import { countOnes, isComplete, isVoid, type CoreMask } from "./core-mask.ts";
import { executeSaleStart } from "./hooks.ts";
import { ensureCoresForSale } from "./legacy-market.ts";
import type { BidId } from "./market.ts";
import { Broker } from "./pallet.ts";
import {
  POOL,
  task as taskAssignment,
  type AutoRenewalRecord,
  type ConfigRecord,
  type CoreIndex,
  type Finality,
  type OnDemandRevenueRecord,
  type PotentialRenewalId,
  type PotentialRenewalRecord,
  type RegionId,
  type Schedule,
  type StatusRecord,
  type TaskId,
  type Timeslice,
} from "./types.ts";
import {
  addPoolIo,
  addU32,
  brokerAccountId,
  charge,
  cloneSchedule,
  currentTimeslice,
  forceUnpoolRegion,
  ignoreFailure,
  issue,
  latestTimesliceReadyToCommit,
  marketInputs,
  marketOf,
  saleBlockNumber,
  subSat,
  utilize,
  type BrokerContext,
} from "./utility.ts";

export { ensureCoresForSale };

type Ctx = BrokerContext;

/**
 * `do_configure(config)`: the market validates it (`Market::configure`; the legacy market:
 * `InvalidConfig` when `leadin_length` is 0), then the configuration is stored.
 */
export function doConfigure(ctx: Ctx, config: ConfigRecord): void {
  marketOf(ctx).configure(ctx, config);
  Broker.storage.Configuration.put(ctx, config);
}

/** `do_request_core_count(core_count)`: `Coretime::request_core_count`, event `CoreCountRequested`. */
export function doRequestCoreCount(ctx: Ctx, coreCount: CoreIndex): void {
  ctx.config.Coretime.requestCoreCount(ctx, coreCount);
  Broker.deposit(ctx, "CoreCountRequested", { core_count: coreCount });
}

/** `do_notify_core_count(core_count)`: stores it in `CoreCountInbox` (applied, with `CoreCountChanged`, at the next tick). */
export function doNotifyCoreCount(ctx: Ctx, coreCount: CoreIndex): void {
  Broker.storage.CoreCountInbox.put(ctx, coreCount);
}

/** `do_reserve(workload)`: appends a reservation (`TooManyReservations` at `MaxReservedCores`); event `ReservationMade`. */
export function doReserve(ctx: Ctx, workload: Schedule): void {
  const r = Broker.storage.Reservations.get(ctx);
  const index = r.length;
  ensure(r.length < ctx.config.MaxReservedCores, Broker.err("TooManyReservations"));
  Broker.storage.Reservations.put(ctx, [...r, workload]);
  Broker.deposit(ctx, "ReservationMade", { index, workload: cloneSchedule(workload) });
}

/** `do_unreserve(index)`: removes reservation `index` (later ones shift down); `UnknownReservation`; event `ReservationCancelled`. */
export function doUnreserve(ctx: Ctx, index: number): void {
  const r = Broker.storage.Reservations.get(ctx);
  ensure(index < r.length, Broker.err("UnknownReservation"));
  const workload = cloneSchedule(r[index]!);
  Broker.storage.Reservations.put(ctx, r.filter((_, i) => i !== index));
  Broker.deposit(ctx, "ReservationCancelled", { index, workload });
}

/**
 * `do_force_reserve(workload, core)`: reserves (`do_reserve`), then writes the workload into
 * `Workplan[(sale.region_begin, core)]` and, when the next timeslice to commit comes before that,
 * into `Workplan[(last_committed + 1, core)]` too. Errors: `NoSales`, `TooManyReservations`,
 * `Uninitialized` (checked after the reservation and the first write; the call is rolled back).
 *
 * Mirrored snapshot bug (fixed after the snapshot by polkadot-sdk #10792): when `core` is one of
 * the current sale's unsold cores, the next `rotate_sale` overwrites
 * `Workplan[(region_begin, core)]` with `Pool`, so the task loses that region.
 *
 * With `TrackForceReservations` (#10792): instead of the write at `sale.region_begin`, the workload
 * is appended to `ForceReservations` (`TooManyReservations` when it holds `MaxReservedCores`), and
 * the next rotation places it (`applySaleRotation`); the write at `last_committed + 1` stays.
 */
export function doForceReserve(ctx: Ctx, workload: Schedule, core: CoreIndex): void {
  const S = Broker.storage;
  const sale = required(marketOf(ctx).getSaleInfo(ctx), Broker.err("NoSales"));
  doReserve(ctx, workload);
  if (ctx.config.TrackForceReservations === true) {
    // polkadot-sdk #10792: the next rotation places it on a free core (`applySaleRotation`)
    const forced = S.ForceReservations.get(ctx);
    ensure(forced.length < ctx.config.MaxReservedCores, Broker.err("TooManyReservations"));
    S.ForceReservations.put(ctx, [...forced, workload]);
  } else S.Workplan.insert(ctx, [sale.region_begin, core], workload);
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const timeslice = addU32(status.last_committed_timeslice, 1);
  if (timeslice < sale.region_begin) S.Workplan.insert(ctx, [timeslice, core], workload);
}

/** `do_set_lease(task, until)`: `AlreadyExpired` unless `until > current_timeslice`; `TooManyLeases`; event `Leased`. */
export function doSetLease(ctx: Ctx, task: TaskId, until: Timeslice): void {
  const r = Broker.storage.Leases.get(ctx);
  ensure(until > currentTimeslice(ctx), Broker.err("AlreadyExpired"));
  ensure(r.length < ctx.config.MaxLeasedCores, Broker.err("TooManyLeases"));
  Broker.storage.Leases.put(ctx, [...r, { until, task }]);
  Broker.deposit(ctx, "Leased", { task, until });
}

/** `do_remove_lease(task)`: removes the first lease of `task` (`LeaseNotFound`); event `LeaseRemoved`. */
export function doRemoveLease(ctx: Ctx, task: TaskId): void {
  const r = Broker.storage.Leases.get(ctx);
  const i = r.findIndex((l) => l.task === task);
  ensure(i >= 0, Broker.err("LeaseNotFound"));
  Broker.storage.Leases.put(ctx, r.filter((_, j) => j !== i));
  Broker.deposit(ctx, "LeaseRemoved", { task });
}

/**
 * `do_remove_potential_renewal(core, when)` (polkadot-sdk #10828): takes
 * `PotentialRenewals[{ core, when }]` (`UnknownRenewal` when absent); event
 * `PotentialRenewalRemoved { core, timeslice: when }`. Auto-renewals of that core are left as they
 * are (their next renewal fails with `AutoRenewalFailed`).
 */
export function doRemovePotentialRenewal(ctx: Ctx, core: CoreIndex, when: Timeslice): void {
  const id = { core, when };
  required(Broker.storage.PotentialRenewals.take(ctx, id), Broker.err("UnknownRenewal"));
  Broker.deposit(ctx, "PotentialRenewalRemoved", { core, timeslice: when });
}

/**
 * `do_start_sales(end_price, extra_cores)`: core count = leases (even expired ones) +
 * reservations + `extra_cores`, requested from the relay chain; the status starts with
 * `last_committed = latest ready timeslice − 1`; then the market starts its sales
 * (`Market::start_sales`; the legacy market rotates an imaginary previous sale, region `[commit,
 * commit + region_length)` with nothing offered, so the first real sale sells `[commit +
 * region_length, commit + 2·region_length)`), `SalesStarted` is deposited and the result is
 * executed as a `SaleRotated` then `ProcessAutoRenewals`. No guard against restarting.
 * Errors: `Uninitialized` (no configuration).
 */
export function doStartSales(ctx: Ctx, endPrice: bigint, extraCores: CoreIndex): void {
  const S = Broker.storage;
  const config = required(S.Configuration.get(ctx), Broker.err("Uninitialized"));
  // `len as CoreIndex + len as CoreIndex + extra_cores` (u16; wraps as a release build does)
  const coreCount = (S.Leases.get(ctx).length + S.Reservations.get(ctx).length + extraCores) & 0xffff;
  doRequestCoreCount(ctx, coreCount);
  const commit = latestTimesliceReadyToCommit(ctx, config);
  const status: StatusRecord = {
    core_count: coreCount,
    private_pool_size: 0,
    system_pool_size: 0,
    last_committed_timeslice: subSat(commit, 1),
    last_timeslice: currentTimeslice(ctx),
  };
  const now = saleBlockNumber(ctx);
  const started = marketOf(ctx).startSales(ctx, now, endPrice, coreCount, marketInputs(ctx, status));
  Broker.deposit(ctx, "SalesStarted", { price: endPrice, core_count: coreCount });
  executeSaleStart(ctx, started, coreCount);
  S.Status.put(ctx, status);
}

/**
 * `do_purchase(who, price_limit)` through the market (`Market::place_order`). `Sold`: charges the
 * price, issues a whole-core region `[region_begin, region_end)` owned by `who` with `paid =
 * price` and emits `Purchased`; returns the region. `BidPlaced`: locks the bid price (moved from
 * `who` into the pot) and returns `undefined`. The legacy market's errors, in order:
 * `Uninitialized`, `NoSales`, `Unavailable`, `SoldOut`, `TooEarly` (`now ≤ sale_start`),
 * `Overpriced`; then `Token.FundsUnavailable` from the charge.
 */
export function doPurchase(ctx: Ctx, who: string, priceLimit: bigint): RegionId | undefined {
  const r = marketOf(ctx).placeOrder(ctx, saleBlockNumber(ctx), who, priceLimit, marketInputs(ctx));
  if (r.type === "BidPlaced") {
    lockBid(ctx, who, r.bid_price);
    return undefined;
  }
  charge(ctx, who, r.price);
  return issueSold(ctx, who, r.price, r.region_id, r.region_end);
}

/** Issues a sold region to `owner` (`paid = price`) and emits `Purchased` (a purchase, or a won bid's `SellRegion`). */
export function issueSold(ctx: Ctx, owner: string, price: bigint, regionId: RegionId, regionEnd: Timeslice): RegionId {
  const id = issue(ctx, regionId.core, regionId.begin, regionId.mask, regionEnd, owner, price);
  Broker.deposit(ctx, "Purchased", { who: owner, region_id: { ...id }, price, duration: subSat(regionEnd, regionId.begin) });
  return id;
}

/** Locks a bid's deposit: `amount` moves from `who` into the broker's pot (`Token.FundsUnavailable` when short). */
export function lockBid(ctx: Ctx, who: string, amount: bigint): void {
  if (amount !== 0n) ctx.config.Currency.transfer(ctx, who, brokerAccountId(ctx.config), amount, "Expendable");
}

/**
 * `adjust_bid(id, new_price)` (sdk#11802; sdk#11563 `raise_bid`): the market raises the bid and the
 * broker locks the difference it reports (`payment_due`). The broker has no call for it (its
 * metadata is the snapshot's); a market pallet's call, or a later broker call, dispatches this.
 * The legacy market has no bids: `Other("BidNotExist")`.
 */
export function doAdjustBid(ctx: Ctx, who: string, id: BidId, newPrice: bigint): void {
  const r = marketOf(ctx).adjustBid(ctx, saleBlockNumber(ctx), id, who, newPrice);
  lockBid(ctx, who, r.payment_due);
}

/**
 * `do_renew(who, core)` through the market (`Market::place_renewal_order`). `Renewed`: charges
 * the price, then moves the workload of the consumed right to the new region (the core index may
 * change: the legacy market takes the next free core of the sale) and records the next right at
 * the region's end for `next_renewal_price` (see `applyRenewal`); returns the new core.
 * `BidPlaced`: locks the bid price, returns `undefined`. The legacy market pays the right's
 * recorded price (no time check, no price limit) and prices the next renewal with the era's
 * `SaleRules` rule (`Rfc149RenewalCap` from #8630). Errors in order: `Uninitialized` (config,
 * status), `NoSales`, `Unavailable`, `SoldOut`, `NotAllowed`, `IncompleteAssignment`,
 * `Token.FundsUnavailable`.
 */
export function doRenew(ctx: Ctx, who: string, core: CoreIndex): CoreIndex | undefined {
  const r = marketOf(ctx).placeRenewalOrder(ctx, saleBlockNumber(ctx), who, core, marketInputs(ctx));
  if (r.type === "BidPlaced") {
    lockBid(ctx, who, r.bid_price);
    return undefined;
  }
  charge(ctx, who, r.price);
  applyRenewal(ctx, who, r.price, r.renewal_id, r.region_id, r.effective_to, r.next_renewal_price);
  return r.region_id.core;
}

/**
 * The broker's half of a renewal: `Renewed`, the right's workload into `Workplan[(begin, core)]`
 * of the new region, the right `renewalId` replaced by `{ core, when: effectiveTo }` at
 * `nextPrice`, `Renewable`. The right must exist and be complete (the market checked it through
 * `MarketInputs.renewalRight`; a `RenewRegion` action is checked again here).
 */
export function applyRenewal(
  ctx: Ctx,
  who: string,
  price: bigint,
  renewalId: PotentialRenewalId,
  regionId: RegionId,
  effectiveTo: Timeslice,
  nextPrice: bigint,
): void {
  const S = Broker.storage;
  const workload = marketInputs(ctx).renewalRight(renewalId).workload;
  const newCore = regionId.core;
  const duration = subSat(effectiveTo, regionId.begin);
  Broker.deposit(ctx, "Renewed", { who, price, old_core: renewalId.core, core: newCore, begin: regionId.begin, duration, workload: cloneSchedule(workload) });
  S.Workplan.insert(ctx, [regionId.begin, newCore], workload);
  S.PotentialRenewals.remove(ctx, { core: renewalId.core, when: renewalId.when });
  S.PotentialRenewals.insert(ctx, { core: newCore, when: effectiveTo }, { price: nextPrice, completion: { type: "Complete", value: workload } });
  Broker.deposit(ctx, "Renewable", { core: newCore, price: nextPrice, begin: effectiveTo, workload: cloneSchedule(workload) });
}

/** `do_transfer(region_id, maybe_check_owner, new_owner)`: `UnknownRegion`, `NotOwner` (when checking); event `Transferred`. */
export function doTransfer(ctx: Ctx, regionId: RegionId, maybeCheckOwner: string | undefined, newOwner: string): void {
  const S = Broker.storage;
  const region = required(S.Regions.get(ctx, regionId), Broker.err("UnknownRegion"));
  if (maybeCheckOwner !== undefined) ensure(region.owner === maybeCheckOwner, Broker.err("NotOwner"));
  const oldOwner = region.owner;
  S.Regions.insert(ctx, regionId, { ...region, owner: newOwner });
  Broker.deposit(ctx, "Transferred", { region_id: { ...regionId }, duration: subSat(region.end, regionId.begin), old_owner: oldOwner, owner: newOwner });
}

/**
 * `do_partition(region_id, maybe_check_owner, pivot_offset)`: splits a region in time at
 * `begin + pivot_offset`. The first half keeps the same id; both halves lose `paid` (never
 * renewable). A provisionally pooled region is un-pooled first. Errors: `Uninitialized`,
 * `UnknownRegion`, `NotOwner`, `PivotTooLate`, `PivotTooEarly`. Event `Partitioned`.
 */
export function doPartition(ctx: Ctx, regionId: RegionId, maybeCheckOwner: string | undefined, pivotOffset: Timeslice): [RegionId, RegionId] {
  const S = Broker.storage;
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const stored = required(S.Regions.get(ctx, regionId), Broker.err("UnknownRegion"));
  if (maybeCheckOwner !== undefined) ensure(stored.owner === maybeCheckOwner, Broker.err("NotOwner"));
  const pivot = addU32(regionId.begin, pivotOffset);
  ensure(pivot < stored.end, Broker.err("PivotTooLate"));
  ensure(pivot > regionId.begin, Broker.err("PivotTooEarly"));
  const region = { ...stored, paid: undefined };
  const first: RegionId = { begin: regionId.begin, core: regionId.core, mask: regionId.mask };
  const second: RegionId = { ...first, begin: pivot };
  forceUnpoolRegion(ctx, first, region, status);
  S.Regions.insert(ctx, first, { ...region, end: pivot });
  S.Regions.insert(ctx, second, region);
  Broker.deposit(ctx, "Partitioned", { old_region_id: { ...first }, new_region_ids: [{ ...first }, { ...second }] });
  return [first, second];
}

/**
 * `do_interlace(region_id, maybe_check_owner, pivot)`: splits a region into the parts `pivot` and
 * `mask ^ pivot`; both keep the record (including `paid`). A provisionally pooled region is
 * un-pooled first. Errors: `Uninitialized`, `UnknownRegion`, `NotOwner`, `ExteriorPivot`,
 * `VoidPivot`, `CompletePivot`. Event `Interlaced`.
 */
export function doInterlace(ctx: Ctx, regionId: RegionId, maybeCheckOwner: string | undefined, pivot: CoreMask): [RegionId, RegionId] {
  const S = Broker.storage;
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const region = required(S.Regions.get(ctx, regionId), Broker.err("UnknownRegion"));
  if (maybeCheckOwner !== undefined) ensure(region.owner === maybeCheckOwner, Broker.err("NotOwner"));
  ensure(isVoid(pivot & ~regionId.mask), Broker.err("ExteriorPivot"));
  ensure(!isVoid(pivot), Broker.err("VoidPivot"));
  ensure(pivot !== regionId.mask, Broker.err("CompletePivot"));
  const old: RegionId = { begin: regionId.begin, core: regionId.core, mask: regionId.mask };
  forceUnpoolRegion(ctx, old, region, status);
  S.Regions.remove(ctx, old);
  const one: RegionId = { ...old, mask: pivot };
  const other: RegionId = { ...old, mask: old.mask ^ pivot };
  S.Regions.insert(ctx, one, region);
  S.Regions.insert(ctx, other, region);
  Broker.deposit(ctx, "Interlaced", { old_region_id: { ...old }, new_region_ids: [{ ...one }, { ...other }] });
  return [one, other];
}

/**
 * `do_assign(region_id, maybe_check_owner, task, finality)`: schedules `Task(task)` on the
 * region's parts from its (possibly moved) beginning, replacing overlapping items of that
 * workplan. A `Final` assignment of a whole, unpartitioned, full-length region with `paid`
 * records a renewal right at `(core, end)` priced at `paid`; it becomes `Complete` (event
 * `Renewable`) once the union of such assignments with the same price covers the core.
 * Errors: `Uninitialized` (config, status), `UnknownRegion`, `NotOwner`. Event `Assigned`, or
 * `RegionDropped` when the region has already ended (the call still succeeds).
 */
export function doAssign(ctx: Ctx, regionId: RegionId, maybeCheckOwner: string | undefined, target: TaskId, finality: Finality): void {
  const S = Broker.storage;
  const config = required(S.Configuration.get(ctx), Broker.err("Uninitialized"));
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const used = utilize(ctx, regionId, maybeCheckOwner, finality);
  if (used === undefined) return;
  const [id, region] = used;
  const key: [Timeslice, CoreIndex] = [id.begin, id.core];
  let workplan = S.Workplan.get(ctx, key) ?? [];
  forceUnpoolRegion(ctx, id, region, status);
  workplan = workplan.filter((i) => isVoid(i.mask & id.mask));
  if (workplan.length < 80) {
    workplan = [...workplan, { mask: id.mask, assignment: taskAssignment(target) }];
    S.Workplan.insert(ctx, key, workplan);
  }
  const duration = subSat(region.end, id.begin);
  if (duration === config.region_length && finality.type === "Final" && region.paid !== undefined) {
    const price = region.paid;
    const renewalId = { core: id.core, when: region.end };
    const existing = S.PotentialRenewals.get(ctx, renewalId);
    const before: CoreMask = existing !== undefined && existing.completion.type === "Partial" && existing.price === price ? existing.completion.value : 0n;
    const assigned = before | id.mask;
    const record: PotentialRenewalRecord = isComplete(assigned)
      ? { price, completion: { type: "Complete", value: workplan } }
      : { price, completion: { type: "Partial", value: assigned } };
    S.PotentialRenewals.insert(ctx, renewalId, record);
    if (record.completion.type === "Complete")
      Broker.deposit(ctx, "Renewable", { core: id.core, price, begin: region.end, workload: cloneSchedule(workplan) });
  }
  Broker.deposit(ctx, "Assigned", { region_id: { ...id }, duration, task: target });
}

/** `do_remove_assignment(region_id)`: removes the whole `Workplan[(begin, core)]` entry, whatever its masks (`AssignmentNotFound`); event `AssignmentRemoved`. */
export function doRemoveAssignment(ctx: Ctx, regionId: RegionId): void {
  const key: [Timeslice, CoreIndex] = [regionId.begin, regionId.core];
  ensure(Broker.storage.Workplan.contains(ctx, key), Broker.err("AssignmentNotFound"));
  Broker.storage.Workplan.remove(ctx, key);
  Broker.deposit(ctx, "AssignmentRemoved", { region_id: { begin: regionId.begin, core: regionId.core, mask: regionId.mask } });
}

/**
 * `do_pool(region_id, maybe_check_owner, payee, finality)`: schedules `Pool` on the region's
 * parts and records the contribution (`InstaPoolIo` deltas, `InstaPoolContribution`).
 * Errors: `Uninitialized` (status), `UnknownRegion`, `NotOwner`. Event `Pooled`.
 *
 * Mirrored snapshot behaviour: unlike `assign`, pooling does not un-pool first, so pooling the
 * same provisional region twice without a partition/interlace/assign in between counts its parts
 * twice in `InstaPoolIo` (and appends a second `Pool` item).
 */
export function doPool(ctx: Ctx, regionId: RegionId, maybeCheckOwner: string | undefined, payee: string, finality: Finality): void {
  const S = Broker.storage;
  const used = utilize(ctx, regionId, maybeCheckOwner, finality);
  if (used === undefined) return;
  const [id, region] = used;
  const key: [Timeslice, CoreIndex] = [id.begin, id.core];
  const workplan = S.Workplan.get(ctx, key) ?? [];
  const duration = subSat(region.end, id.begin);
  if (workplan.length < 80) {
    S.Workplan.insert(ctx, key, [...workplan, { mask: id.mask, assignment: POOL }]);
    const size = countOnes(id.mask);
    addPoolIo(ctx, id.begin, size, 0);
    addPoolIo(ctx, region.end, -size, 0);
    S.InstaPoolContribution.insert(ctx, id, { length: duration, payee });
  }
  Broker.deposit(ctx, "Pooled", { region_id: { ...id }, duration });
}

/**
 * `do_claim_revenue(region, max_timeslices)`: pays the region's share of pool revenue for up to
 * `max_timeslices` timeslices from its claim cursor to its payee. Each timeslice pays
 * `⌊payout × parts / private_contributions⌋` of what is left, so the order of claims does not
 * change the totals. Errors: `NoClaimTimeslices`, `UnknownContribution`. Events
 * `RevenueClaimBegun`, `RevenueClaimItem` (per non-zero item), `RevenueClaimPaid`.
 *
 * Mirrored snapshot quirks:
 * - the cursor advances before each timeslice is looked at, so when the loop stops at a
 *   timeslice whose revenue is not known yet, that timeslice is consumed and its revenue can no
 *   longer be claimed by this contribution; `next` may then be `None` although a contribution
 *   record remains;
 * - the payout transfer from the pot is `.defensive_ok()`: when it fails (empty pot) the claim
 *   is consumed and nothing is paid. With `ClaimRevenueFailsOnPayment` (polkadot-sdk #13040) the
 *   transfer's error (`Token.FundsUnavailable` from an empty pot) fails the call instead.
 */
export function doClaimRevenue(ctx: Ctx, region: RegionId, maxTimeslices: Timeslice): void {
  const S = Broker.storage;
  ensure(maxTimeslices > 0, Broker.err("NoClaimTimeslices"));
  const stored = required(S.InstaPoolContribution.get(ctx, region), Broker.err("UnknownContribution"));
  S.InstaPoolContribution.remove(ctx, region);
  const payee = stored.payee;
  let length = stored.length;
  const parts = countOnes(region.mask);
  const partsBig = BigInt(parts);
  Broker.deposit(ctx, "RevenueClaimBegun", { region: { begin: region.begin, core: region.core, mask: region.mask }, max_timeslices: maxTimeslices });
  let payout = 0n;
  let begin = region.begin;
  const last = region.begin + Math.min(length, maxTimeslices);
  for (let r = region.begin; r < last; r++) {
    begin = r + 1;
    length = subSat(length, 1);
    const record = S.InstaPoolHistory.get(ctx, r);
    if (record === undefined) continue;
    const total = record.maybe_payout;
    if (total === undefined) break;
    const product = total * partsBig;
    const p = record.private_contributions === 0 ? 0n : (product > U128_MAX ? U128_MAX : product) / BigInt(record.private_contributions);
    payout += p;
    const privateLeft = subSat(record.private_contributions, parts);
    const remaining = total > p ? total - p : 0n;
    if (remaining !== 0n && privateLeft > 0) S.InstaPoolHistory.insert(ctx, r, { ...record, private_contributions: privateLeft, maybe_payout: remaining });
    else S.InstaPoolHistory.remove(ctx, r);
    if (p !== 0n) Broker.deposit(ctx, "RevenueClaimItem", { when: r, amount: p });
  }
  const advanced: RegionId = { begin, core: region.core, mask: region.mask };
  if (length > 0) S.InstaPoolContribution.insert(ctx, advanced, { length, payee });
  const pot = brokerAccountId(ctx.config);
  // polkadot-sdk #13040: the payment's failure fails the call (the claim stays claimable)
  if (ctx.config.ClaimRevenueFailsOnPayment === true) ctx.config.Currency.transfer(ctx, pot, payee, payout, "Expendable");
  else ignoreFailure(() => ctx.config.Currency.transfer(ctx, pot, payee, payout, "Expendable"));
  const next = last < begin + length ? { ...advanced } : undefined;
  Broker.deposit(ctx, "RevenueClaimPaid", { who: payee, amount: payout, next });
}

/**
 * `do_purchase_credit(who, amount, beneficiary)`: moves `amount` into the pot and credits
 * `beneficiary` on the relay chain (`Coretime::credit_account`). Errors:
 * `CreditPurchaseTooSmall` (below `MinimumCreditPurchase`), `Token.FundsUnavailable`.
 * Event `CreditPurchased`.
 */
export function doPurchaseCredit(ctx: Ctx, who: string, amount: bigint, beneficiary: string): void {
  ensure(amount >= ctx.config.MinimumCreditPurchase, Broker.err("CreditPurchaseTooSmall"));
  ctx.config.Currency.transfer(ctx, who, brokerAccountId(ctx.config), amount, "Expendable");
  const rcAmount = (ctx.config.ConvertBalance?.convert ?? ((a: bigint) => a))(amount);
  ctx.config.Coretime.creditAccount(ctx, beneficiary, rcAmount);
  Broker.deposit(ctx, "CreditPurchased", { who, beneficiary, amount });
}

/** `do_drop_region(region_id)`: removes a region once `last_committed ≥ end`. Errors: `Uninitialized`, `UnknownRegion`, `StillValid`. Event `RegionDropped`. */
export function doDropRegion(ctx: Ctx, regionId: RegionId): void {
  const S = Broker.storage;
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const region = required(S.Regions.get(ctx, regionId), Broker.err("UnknownRegion"));
  ensure(status.last_committed_timeslice >= region.end, Broker.err("StillValid"));
  S.Regions.remove(ctx, regionId);
  Broker.deposit(ctx, "RegionDropped", { region_id: { begin: regionId.begin, core: regionId.core, mask: regionId.mask }, duration: subSat(region.end, regionId.begin) });
}

/**
 * `do_drop_contribution(region_id)`: removes a pool contribution once
 * `last_timeslice ≥ begin + length + contribution_timeout`. Errors: `Uninitialized` (config,
 * status), `UnknownContribution`, `StillValid`. Event `ContributionDropped`.
 */
export function doDropContribution(ctx: Ctx, regionId: RegionId): void {
  const S = Broker.storage;
  const config = required(S.Configuration.get(ctx), Broker.err("Uninitialized"));
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const contribution = required(S.InstaPoolContribution.get(ctx, regionId), Broker.err("UnknownContribution"));
  const end = addU32(regionId.begin, contribution.length);
  ensure(status.last_timeslice >= addU32(end, config.contribution_timeout), Broker.err("StillValid"));
  S.InstaPoolContribution.remove(ctx, regionId);
  Broker.deposit(ctx, "ContributionDropped", { region_id: { begin: regionId.begin, core: regionId.core, mask: regionId.mask } });
}

/**
 * `do_drop_history(when)`: removes a pool history record once
 * `last_timeslice > when + contribution_timeout`; unclaimed revenue is charged from the pot to
 * `OnRevenue` (a failing charge is ignored). Errors: `Uninitialized` (config, status),
 * `StillValid`, `NoHistory`. Event `HistoryDropped`.
 */
export function doDropHistory(ctx: Ctx, when: Timeslice): void {
  const S = Broker.storage;
  const config = required(S.Configuration.get(ctx), Broker.err("Uninitialized"));
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  ensure(status.last_timeslice > addU32(when, config.contribution_timeout), Broker.err("StillValid"));
  const record = required(S.InstaPoolHistory.get(ctx, when), Broker.err("NoHistory"));
  S.InstaPoolHistory.remove(ctx, when);
  const payout = record.maybe_payout;
  if (payout !== undefined) {
    const pot = brokerAccountId(ctx.config);
    ignoreFailure(() => charge(ctx, pot, payout));
  }
  Broker.deposit(ctx, "HistoryDropped", { when, revenue: payout ?? 0n });
}

/** `do_drop_renewal(core, when)`: removes a renewal right once `last_committed ≥ when`. Errors: `Uninitialized`, `StillValid`, `UnknownRenewal`. Event `PotentialRenewalDropped`. */
export function doDropRenewal(ctx: Ctx, core: CoreIndex, when: Timeslice): void {
  const S = Broker.storage;
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  ensure(status.last_committed_timeslice >= when, Broker.err("StillValid"));
  const id = { core, when };
  ensure(S.PotentialRenewals.contains(ctx, id), Broker.err("UnknownRenewal"));
  S.PotentialRenewals.remove(ctx, id);
  Broker.deposit(ctx, "PotentialRenewalDropped", { when, core });
}

/** `do_notify_revenue(revenue)`: stores it in `RevenueInbox` (processed at the next tick). */
export function doNotifyRevenue(ctx: Ctx, revenue: OnDemandRevenueRecord): void {
  Broker.storage.RevenueInbox.put(ctx, { until: revenue.until, amount: revenue.amount });
}

/** `do_swap_leases(id, other)`: swaps the tasks `id` and `other` in every lease. No event, no error. */
export function doSwapLeases(ctx: Ctx, id: TaskId, other: TaskId): void {
  const leases = Broker.storage.Leases.get(ctx);
  Broker.storage.Leases.put(
    ctx,
    leases.map((l) => (l.task === id ? { until: l.until, task: other } : l.task === other ? { until: l.until, task: id } : l)),
  );
}

/**
 * Rust's `binary_search_by(|r| r.core.cmp(&core))` (the std algorithm since Rust 1.82, which
 * the snapshot's toolchain uses): `found` with its index, or the insertion index.
 */
export function binarySearchByCore(list: readonly AutoRenewalRecord[], core: CoreIndex): { found: boolean; index: number } {
  let size = list.length;
  if (size === 0) return { found: false, index: 0 };
  let base = 0;
  while (size > 1) {
    const half = size >>> 1;
    const mid = base + half;
    if (!(list[mid]!.core > core)) base = mid;
    size -= half;
  }
  const c = list[base]!.core;
  if (c === core) return { found: true, index: base };
  return { found: false, index: base + (c < core ? 1 : 0) };
}

/**
 * The origin checks of `enable_auto_renew` / `disable_auto_renew`: the task's sovereign account
 * (`SovereignAccountNotFound`) must be the signer (`NoPermission`). Returns the sovereign account.
 */
export function ensureSovereignAccount(ctx: Ctx, who: string, task: TaskId): string {
  const sovereign = required(ctx.config.SovereignAccountOf(task), Broker.err("SovereignAccountNotFound"));
  ensure(who === sovereign, Broker.err("NoPermission"));
  return sovereign;
}

/**
 * `do_enable_auto_renew(sovereign, core, task, workload_end_hint)`: when `core` is renewable in
 * the current sale, renews it now (paid by the sovereign account); otherwise the hint must name
 * an existing renewal right `(core, hint)`. Then inserts `{ core, task, next_renewal: hint or
 * sale.region_end }` into `AutoRenewals` (kept sorted by core). Errors: `NoSales`, those of
 * `renew`, `NotAllowed`, `TooManyAutoRenewals`. Event `AutoRenewalEnabled`.
 *
 * Mirrored snapshot bug (fixed after the snapshot by polkadot-sdk #10767, the option
 * `AutoRenewRecordsRenewedCore`): when the immediate renewal moves the workload to another core,
 * the record still stores the old `core`, so the next rotation tries to renew the wrong core. A `Provisional` assignment never creates a renewal
 * right, so enabling then fails with `NotAllowed`.
 */
export function doEnableAutoRenew(ctx: Ctx, sovereign: string, core: CoreIndex, task: TaskId, workloadEndHint: Timeslice | undefined): void {
  const S = Broker.storage;
  const sale = required(marketOf(ctx).getSaleInfo(ctx), Broker.err("NoSales"));
  const regionEnd = sale.region_end;
  let recordCore = core;
  if (S.PotentialRenewals.contains(ctx, { core, when: sale.region_begin })) {
    const renewed = doRenew(ctx, sovereign, core);
    // polkadot-sdk #10767: the record follows the workload to the core the renewal returned
    if (ctx.config.AutoRenewRecordsRenewedCore === true && renewed !== undefined) recordCore = renewed;
  } else if (workloadEndHint !== undefined) {
    ensure(S.PotentialRenewals.contains(ctx, { core, when: workloadEndHint }), Broker.err("NotAllowed"));
  } else {
    fail(Broker.err("NotAllowed"));
  }
  const renewals = S.AutoRenewals.get(ctx);
  const { index } = binarySearchByCore(renewals, recordCore);
  ensure(renewals.length < ctx.config.MaxAutoRenewals, Broker.err("TooManyAutoRenewals"));
  const next = [...renewals];
  next.splice(index, 0, { core: recordCore, task, next_renewal: workloadEndHint ?? regionEnd });
  S.AutoRenewals.put(ctx, next);
  Broker.deposit(ctx, "AutoRenewalEnabled", { core: recordCore, task });
}

/** `do_disable_auto_renew(core, task)`: `AutoRenewalNotEnabled` when no record has `core`; `NoPermission` when its task differs. Event `AutoRenewalDisabled`. */
export function doDisableAutoRenew(ctx: Ctx, core: CoreIndex, task: TaskId): void {
  const S = Broker.storage;
  const renewals = S.AutoRenewals.get(ctx);
  const { found, index } = binarySearchByCore(renewals, core);
  ensure(found, Broker.err("AutoRenewalNotEnabled"));
  const record = renewals[index]!;
  ensure(record.core === core && record.task === task, Broker.err("NoPermission"));
  S.AutoRenewals.put(ctx, renewals.filter((_, i) => i !== index));
  Broker.deposit(ctx, "AutoRenewalDisabled", { core, task });
}

/** Result of `currentPrice`: the price, or why there is none. */
export type CurrentPriceResult = { ok: true; price: bigint } | { ok: false; error: DispatchError };

/**
 * The runtime API `BrokerApi::sale_price()` (`current_price()`): the price of a core at the
 * current relay block, or `Uninitialized`, `NoSales`, `Unavailable`, `SoldOut`. Read-only.
 */
export function currentPrice(ctx: Ctx): CurrentPriceResult {
  const status = Broker.storage.Status.get(ctx);
  if (status === undefined) return { ok: false, error: Broker.err("Uninitialized") };
  const market = marketOf(ctx);
  const sale = market.getSaleInfo(ctx);
  if (sale === undefined) return { ok: false, error: Broker.err("NoSales") };
  if (!(sale.first_core < status.core_count)) return { ok: false, error: Broker.err("Unavailable") };
  if (!(sale.cores_sold < sale.cores_offered)) return { ok: false, error: Broker.err("SoldOut") };
  if (market.currentPrice === undefined) return { ok: false, error: Broker.err("NoSales") };
  return { ok: true, price: market.currentPrice(ctx, saleBlockNumber(ctx)) };
}
