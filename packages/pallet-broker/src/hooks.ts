/**
 * The tick: `on_initialize = do_tick`, split into its named steps. Mirrors polkadot-sdk
 * `substrate/frame/broker/src/tick_impls.rs` at `92b7dd505d`.
 *
 * ```
 * do_tick
 *   (no Status or no Configuration → nothing)
 *   1 process_core_count     CoreCountInbox → status.core_count, CoreCountChanged
 *   2 process_revenue        RevenueInbox → system payout to OnRevenue, ClaimsReady / HistoryDropped
 *   3 commit one timeslice t when last_committed < ⌊(now + advance_notice)/P⌋:
 *        rotate_sale when t ≥ sale.region_begin (new SaleInfo, workplans of reservations and
 *        leases, unsold cores pooled, auto-renewals)
 *        process_pool(t)      InstaPoolIo[t] → pool sizes, InstaPoolHistory[t]
 *        process_core_schedule(t, t·P, core) for every core with a Workplan at t → assign_core
 *   4 one new timeslice when last_timeslice < ⌊now/P⌋: request_revenue_info_at, on_new_timeslice
 *   5 Status written back
 * ```
 *
 * Hooks never throw: failures inside (an auto-renewal that cannot pay, a pot that cannot pay the
 * system share) become events or are ignored, as in Rust. A block that has nothing to commit,
 * no inbox to process and no new timeslice reads `Status` and `Configuration` and returns
 * without writing (Rust writes `Status` back unchanged; the value is identical).
 */
import { DispatchFailure, U128_MAX } from "@corelab/frame";
import { complete, countOnes, type CoreMask } from "./core-mask.ts";
import { applyRenewal, doRenew, issueSold } from "./dispatchables.ts";
import { LegacyMarket, legacyRotate } from "./legacy-market.ts";
import type { MarketSaleInfo, SalesStarted, TickAction } from "./market.ts";
import { Broker } from "./pallet.ts";
import {
  CoreIndex,
  IDLE,
  POOL,
  compareCoreAssignment,
  sameAssignment,
  task as taskAssignment,
  type AssignmentPart,
  type AutoRenewalRecord,
  type ConfigRecord,
  type LeaseRecordItem,
  type PotentialRenewalId,
  type SaleInfoRecord,
  type Schedule,
  type StatusRecord,
  type Timeslice,
} from "./types.ts";
import {
  addPoolIo,
  addU16,
  addU32,
  brokerAccountId,
  charge,
  cloneAssignment,
  currentTimeslice,
  ignoreFailure,
  marketInputs,
  marketOf,
  nextTimesliceToCommit,
  relayBlockNumber,
  saleBlockNumber,
  satI32,
  subSat,
  transactional,
  type BrokerContext,
} from "./utility.ts";

type Ctx = BrokerContext;

/** `do_tick()`: the broker's `on_initialize`. See the module doc for the steps. */
export function doTick(ctx: Ctx): void {
  const S = Broker.storage;
  const stored = S.Status.get(ctx);
  if (stored === undefined) return;
  const config = S.Configuration.get(ctx);
  if (config === undefined) return;
  // Fast path: nothing in the inboxes, nothing to commit, no new timeslice → no write at all.
  const now = relayBlockNumber(ctx);
  const period = ctx.config.TimeslicePeriod;
  const market = marketOf(ctx);
  if (
    !S.CoreCountInbox.exists(ctx) &&
    !S.RevenueInbox.exists(ctx) &&
    stored.last_committed_timeslice >= Math.floor(addU32(now, config.advance_notice) / period) &&
    stored.last_timeslice >= Math.floor(now / period)
  ) {
    // nothing to commit: the market still ticks, except the legacy market, whose tick does
    // nothing without a commit (not called: this path runs in almost every block)
    if (market !== LegacyMarket) {
      const actions = market.tick(ctx, saleBlockNumber(ctx), marketInputs(ctx, stored, NO_COMMIT));
      if (actions.length > 0) executeTickActions(ctx, actions, stored.core_count);
    }
    return;
  }

  const status: StatusRecord = { ...stored };
  processCoreCount(ctx, status);
  processRevenue(ctx);
  const commit = nextTimesliceToCommit(ctx, config, status);
  if (commit !== undefined) status.last_committed_timeslice = commit;
  // the market's tick where the legacy rotate_sale ran: after the inboxes, before the commit's pool and schedules
  executeTickActions(ctx, market.tick(ctx, saleBlockNumber(ctx), marketInputs(ctx, status, { timeslice: commit })), status.core_count);
  if (commit !== undefined) {
    processPool(ctx, commit, status);
    const rcBegin = commit * period;
    for (const core of coresWithWorkplan(ctx, commit)) {
      if (core >= status.core_count) break;
      processCoreSchedule(ctx, commit, rcBegin, core);
    }
  }
  if (status.last_timeslice < currentTimeslice(ctx)) {
    status.last_timeslice = addU32(status.last_timeslice, 1);
    const rcBlock = period * status.last_timeslice;
    ctx.config.Coretime.requestRevenueInfoAt(ctx, rcBlock);
    ctx.config.Coretime.onNewTimeslice?.(ctx, status.last_timeslice);
  }
  S.Status.put(ctx, status);
}

/** The commit clock of a tick that commits nothing. */
const NO_COMMIT = Object.freeze({ timeslice: undefined });

/**
 * The cores that have a `Workplan` entry at `timeslice`, ascending. Rust's tick calls
 * `process_core_schedule` for every core below `core_count` (`Workplan::take((timeslice, core))`),
 * and cores with no entry do nothing; this reads the workplan's entries of `timeslice` instead. The
 * map is keyed by `Twox64Concat` over the whole `(timeslice, core)` tuple, so its storage order
 * groups nothing: the entries are found by their canonical key (timeslice first), and the cores are
 * sorted here, as Rust's loop visits them.
 */
function coresWithWorkplan(ctx: Ctx, timeslice: Timeslice): CoreIndex[] {
  const wp = Broker.storage.Workplan.version(ctx);
  if (wp === undefined) return NO_CORES;
  let cache = workplanCores.get(wp);
  if (cache === undefined || cache.timeslice !== timeslice) {
    // the workplan version is held by canonical key, which starts with the timeslice: only the
    // entries of `timeslice` are read (storage order groups nothing, so it is not used here)
    const full = Broker.storage.Workplan.keyCodec.key([timeslice, 0]);
    const prefix = full.slice(0, full.length - CoreIndex.key(0).length);
    const cores = wp.entriesFrom(prefix, (k) => k.startsWith(prefix)).map((e) => e[0][1]);
    cores.sort((a, b) => a - b);
    workplanCores.set(wp, (cache = { timeslice, cores }));
  }
  return cache.cores;
}
const NO_CORES: CoreIndex[] = [];
/** The last answer of `coresWithWorkplan` per workplan version (a version is immutable). */
const workplanCores = new WeakMap<object, { timeslice: Timeslice; cores: CoreIndex[] }>();

/** `process_core_count(status)`: applies `CoreCountInbox` (taken) to `status.core_count`; event `CoreCountChanged`. */
export function processCoreCount(ctx: Ctx, status: StatusRecord): boolean {
  const inbox = Broker.storage.CoreCountInbox;
  const coreCount = inbox.get(ctx);
  if (coreCount === undefined) return false;
  inbox.kill(ctx);
  status.core_count = coreCount;
  Broker.deposit(ctx, "CoreCountChanged", { core_count: coreCount });
  return true;
}

/**
 * `process_revenue()`: takes `RevenueInbox { until, amount }` and attributes it to timeslice
 * `when = ⌊until/P⌋ − 1`. Zero revenue drops the history (`HistoryDropped`); a history already
 * paid ignores it (`HistoryIgnored`); otherwise the system pool's share
 * `⌊revenue × system / (system + private)⌋` is charged from the pot to `OnRevenue` (failure
 * ignored) and the rest waits for claims (`ClaimsReady`) or, with no private contributions, is
 * dropped (`HistoryDropped`).
 */
export function processRevenue(ctx: Ctx): boolean {
  const S = Broker.storage;
  const record = S.RevenueInbox.get(ctx);
  if (record === undefined) return false;
  S.RevenueInbox.kill(ctx);
  const when = subSat(Math.floor(record.until / ctx.config.TimeslicePeriod), 1);
  let revenue = (ctx.config.ConvertBalance?.convertBack ?? ((a: bigint) => a))(record.amount);
  if (revenue === 0n) {
    Broker.deposit(ctx, "HistoryDropped", { when, revenue });
    S.InstaPoolHistory.remove(ctx, when);
    return true;
  }
  const r = S.InstaPoolHistory.get(ctx, when) ?? { private_contributions: 0, system_contributions: 0, maybe_payout: undefined };
  if (r.maybe_payout !== undefined) {
    Broker.deposit(ctx, "HistoryIgnored", { when, revenue });
    return true;
  }
  const totalContrib = addU32(r.system_contributions, r.private_contributions);
  let systemPayout = 0n;
  if (totalContrib !== 0) {
    const product = revenue * BigInt(r.system_contributions);
    systemPayout = (product > U128_MAX ? U128_MAX : product) / BigInt(totalContrib);
    const pot = brokerAccountId(ctx.config);
    const amount = systemPayout;
    ignoreFailure(() => charge(ctx, pot, amount));
    revenue = revenue > systemPayout ? revenue - systemPayout : 0n;
  }
  if (revenue !== 0n && r.private_contributions > 0) {
    S.InstaPoolHistory.insert(ctx, when, { private_contributions: r.private_contributions, system_contributions: r.system_contributions, maybe_payout: revenue });
    Broker.deposit(ctx, "ClaimsReady", { when, system_payout: systemPayout, private_payout: revenue });
  } else {
    S.InstaPoolHistory.remove(ctx, when);
    Broker.deposit(ctx, "HistoryDropped", { when, revenue });
  }
  return true;
}

/**
 * `rotate_sale(old_sale, config, status)` of the legacy market, as one call: `LegacyMarket`'s half
 * (`legacyRotate`: new prices from `PriceAdapter::adapt_price`, the new `SaleInfo`) then the
 * broker's (`executeTickActions` of `SaleRotated`, `ProcessAutoRenewals`). The tick reaches the
 * same steps through `Market::tick`; this entry point is kept for callers of the old function.
 *
 * 1. the old sale's unsold cores get `Pool` for the old region (system pool, 80 parts each);
 * 2. `PriceAdapter::adapt_price(SalePerformance::from_sale(old_sale))` gives the new prices;
 * 3. reservations take cores `0..R` of the new region `[old.region_end, + region_length)`
 *    (their `Pool` parts count into the system pool);
 * 4. leases take the next cores; a lease ending before the new region's end becomes renewable
 *    at `target_price` (`Renewable`, `LeaseEnding`) and is removed;
 * 5. the new sale offers `min(limit_cores_offered, core_count − first_core)` cores from
 *    `now + interlude_length`, `sellout_price = Some(end_price)` when it offers any (`None` under
 *    `SaleRules = "before-4521"`); auto-renewals run (not with `AutoRenew: false`); event `SaleInitialized` with
 *    `start_price = sale_price(new_sale, now)`.
 *
 * `status` is the tick's (not yet stored) status. See `doForceReserve` for the mirrored
 * overwrite of force-reserved cores by step 1.
 */
export function rotateSale(ctx: Ctx, oldSale: SaleInfoRecord, config: ConfigRecord, status: StatusRecord): void {
  const reserved = Math.min(Broker.storage.Reservations.get(ctx).length + Broker.storage.Leases.get(ctx).length, 0xffff);
  const r = legacyRotate(ctx, oldSale, config, status.core_count, reserved, saleBlockNumber(ctx));
  executeTickActions(ctx, [{ type: "SaleRotated", ...r }, { type: "ProcessAutoRenewals" }], status.core_count);
}

/**
 * `start_sales`' rotation of the imaginary first sale: executed as `SaleRotated` then
 * `ProcessAutoRenewals`. `coreCount`: the new status's core count (read by `TrackForceReservations`).
 */
export function executeSaleStart(ctx: Ctx, started: SalesStarted, coreCount?: CoreIndex): void {
  executeTickActions(ctx, [{ type: "SaleRotated", ...started }, { type: "ProcessAutoRenewals" }], coreCount);
}

/**
 * Executes a market's `TickAction`s in order (see `TickAction` in `market.ts`). Money moves
 * through `Currency` from the broker's pot, where bids were locked: `SellRegion`/`RenewRegion`
 * move `paid` on to `OnRevenue` (a failing charge is ignored, as the broker's other pot charges),
 * `Refund` returns `amount` to its bidder (ignored on failure); a `RenewRegion` whose right no
 * longer exists (or is incomplete) refunds `paid` instead. `SaleInitialized` of a
 * `SaleRotated` is deposited after the actions that follow it, up to the next `SaleRotated`.
 * Hooks never throw: a failing auto-renewal is an event (`renewCores`).
 */
export function executeTickActions(ctx: Ctx, actions: readonly TickAction[], coreCount?: CoreIndex): void {
  let pending: (() => void) | undefined;
  const pot = brokerAccountId(ctx.config);
  for (const action of actions) {
    switch (action.type) {
      case "SellRegion":
        ignoreFailure(() => charge(ctx, pot, action.paid));
        issueSold(ctx, action.owner, action.paid, action.region_id, action.region_end);
        break;
      case "RenewRegion":
        // a right gone by settlement (dropped, or renewed otherwise) cannot be renewed: the bid is refunded
        if (!hasRenewalRight(ctx, action.renewal_id)) {
          ignoreFailure(() => ctx.config.Currency.transfer(ctx, pot, action.owner, action.paid, "Expendable"));
          break;
        }
        ignoreFailure(() => charge(ctx, pot, action.paid));
        applyRenewal(ctx, action.owner, action.paid, action.renewal_id, action.region_id, action.effective_to, action.next_renewal_price);
        break;
      case "Refund":
        ignoreFailure(() => ctx.config.Currency.transfer(ctx, pot, action.who, action.amount, "Expendable"));
        break;
      case "BidClosed":
        break;
      case "ProcessAutoRenewals": {
        // before auto-renewal (polkadot-sdk #4424; `AutoRenew: false`) rotate_sale had no renew_cores step
        const sale = marketOf(ctx).getSaleInfo(ctx);
        if (ctx.config.AutoRenew !== false && sale !== undefined) renewCores(ctx, sale);
        break;
      }
      case "SaleRotated":
        pending?.();
        applySaleRotation(ctx, action.old_sale, action.new_sale, action.new_prices.target_price, coreCount ?? Broker.storage.Status.get(ctx)?.core_count ?? 0);
        pending = () =>
          Broker.deposit(ctx, "SaleInitialized", {
            sale_start: action.new_sale.sale_start,
            leadin_length: action.new_sale.leadin_length ?? 0,
            start_price: action.start_price,
            end_price: action.new_prices.end_price,
            region_begin: action.new_sale.region_begin,
            region_end: action.new_sale.region_end,
            ideal_cores_sold: action.new_sale.ideal_cores_sold,
            cores_offered: action.new_sale.cores_offered,
          });
        break;
    }
  }
  pending?.();
}

/** Whether the renewal right `id` exists and is complete (`MarketInputs.renewalRight` without failing). */
function hasRenewalRight(ctx: Ctx, id: PotentialRenewalId): boolean {
  try {
    marketInputs(ctx).renewalRight(id);
    return true;
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
    return false;
  }
}

/**
 * The broker's half of `rotate_sale`: steps 1, 3 and 4 (unsold cores of `oldSale` pooled;
 * reservations, then leases, from core 0 of the new region; ending leases renewable at
 * `targetPrice`).
 */
function applySaleRotation(ctx: Ctx, oldSale: MarketSaleInfo, newSale: MarketSaleInfo, targetPrice: bigint, coreCount: CoreIndex): void {
  const S = Broker.storage;
  const all: CoreMask = complete();

  let oldPooled = 0;
  for (let i = oldSale.cores_sold; i < oldSale.cores_offered; i++) {
    oldPooled = satI32(oldPooled + 80);
    S.Workplan.insert(ctx, [oldSale.region_begin, (oldSale.first_core + i) & 0xffff], [{ mask: all, assignment: POOL }]);
  }
  addPoolIo(ctx, oldSale.region_begin, 0, oldPooled);
  addPoolIo(ctx, oldSale.region_end, 0, -oldPooled);

  const regionBegin = newSale.region_begin;
  const regionEnd = newSale.region_end;

  let firstCore = 0;
  let totalPooled = 0;
  for (const schedule of S.Reservations.get(ctx)) {
    let parts = 0;
    for (const item of schedule) if (item.assignment.type === "Pool") parts += countOnes(item.mask);
    totalPooled = satI32(totalPooled + parts);
    S.Workplan.insert(ctx, [regionBegin, firstCore], schedule);
    firstCore = addU16(firstCore, 1);
  }

  if (ctx.config.TrackForceReservations === true) {
    // polkadot-sdk #10792: force reservations on the ending sale's first unsold cores, for its
    // region (over the `Pool` written above; the pool's count is not corrected, as upstream)
    let forceCore = (oldSale.first_core + oldSale.cores_sold) & 0xffff;
    for (const schedule of S.ForceReservations.get(ctx)) {
      if (forceCore >= coreCount) {
        Broker.deposit(ctx, "ForceReservationFailed", { schedule });
        continue;
      }
      S.Workplan.insert(ctx, [oldSale.region_begin, forceCore], schedule);
      forceCore = addU16(forceCore, 1);
    }
    S.ForceReservations.kill(ctx);
  }

  addPoolIo(ctx, regionBegin, 0, totalPooled);
  addPoolIo(ctx, regionEnd, 0, -totalPooled);

  const kept: LeaseRecordItem[] = [];
  for (const lease of S.Leases.get(ctx)) {
    const schedule: Schedule = [{ mask: all, assignment: taskAssignment(lease.task) }];
    S.Workplan.insert(ctx, [regionBegin, firstCore], schedule);
    const expire = lease.until < regionEnd;
    if (expire) {
      S.PotentialRenewals.insert(ctx, { core: firstCore, when: regionEnd }, { price: targetPrice, completion: { type: "Complete", value: schedule } });
      Broker.deposit(ctx, "Renewable", {
        core: firstCore,
        price: targetPrice,
        begin: regionEnd,
        workload: [{ mask: all, assignment: taskAssignment(lease.task) }],
      });
      Broker.deposit(ctx, "LeaseEnding", { task: lease.task, when: regionEnd });
    } else kept.push({ until: lease.until, task: lease.task });
    firstCore = addU16(firstCore, 1);
  }
  S.Leases.put(ctx, kept);
}

/**
 * `process_pool(when, status)`: applies `InstaPoolIo[when]` (taken) to the pool sizes and writes
 * `InstaPoolHistory[when]` with them (no payout yet); event `HistoryInitialized`. Sizes are
 * `(u32 as i32).saturating_add(delta) as u32`, as in Rust.
 */
export function processPool(ctx: Ctx, when: Timeslice, status: StatusRecord): void {
  const S = Broker.storage;
  const io = S.InstaPoolIo.take(ctx, when);
  status.private_pool_size = satI32((status.private_pool_size | 0) + io.private) >>> 0;
  status.system_pool_size = satI32((status.system_pool_size | 0) + io.system) >>> 0;
  S.InstaPoolHistory.insert(ctx, when, {
    private_contributions: status.private_pool_size,
    system_contributions: status.system_pool_size,
    maybe_payout: undefined,
  });
  Broker.deposit(ctx, "HistoryInitialized", {
    when,
    private_pool_size: status.private_pool_size,
    system_pool_size: status.system_pool_size,
  });
}

/**
 * `process_core_schedule(timeslice, rc_begin, core)`: takes `Workplan[(timeslice, core)]` (none →
 * nothing, no `assign_core`), lays it over the core's `Workload` (items of the workload whose
 * parts the plan does not use are kept; at most 80 items), and sends the result to the relay
 * chain as parts of 57600 (`popcount × 720`, the unused rest as `Idle`), sorted by
 * `(assignment, parts)` with equal assignments merged; event `CoreAssigned`.
 *
 * Overlapping items (a region pooled twice provisionally) make the total exceed 57600; as in a
 * release build, the total saturates at u16::MAX and a merged part wraps at 2^16.
 */
export function processCoreSchedule(ctx: Ctx, timeslice: Timeslice, rcBegin: number, core: CoreIndex): void {
  const S = Broker.storage;
  const workplan = S.Workplan.get(ctx, [timeslice, core]);
  if (workplan === undefined) return;
  S.Workplan.remove(ctx, [timeslice, core]);
  const workload = S.Workload.get(ctx, core);
  let partsUsed: CoreMask = 0n;
  for (const item of workplan) partsUsed |= item.mask;
  const merged: Schedule = [...workplan];
  for (const item of workload) if ((item.mask & partsUsed) === 0n) merged.push(item);
  if (merged.length > 80) merged.length = 80;
  S.Workload.insert(ctx, core, merged);

  let totalUsed = 0;
  const intermediate: AssignmentPart[] = merged.map((item) => {
    const parts = countOnes(item.mask) * 720;
    totalUsed = Math.min(totalUsed + parts, 0xffff);
    return [cloneAssignment(item.assignment), parts];
  });
  if (totalUsed < 57_600) intermediate.push([IDLE, 57_600 - totalUsed]);
  intermediate.sort((a, b) => compareCoreAssignment(a[0], b[0]) || a[1] - b[1]);
  const assignment: AssignmentPart[] = [];
  for (const part of intermediate) {
    const last = assignment[assignment.length - 1];
    if (last !== undefined && sameAssignment(last[0], part[0])) last[1] = (last[1] + part[1]) & 0xffff;
    else assignment.push([part[0], part[1]]);
  }
  ctx.config.Coretime.assignCore(ctx, core, rcBegin, assignment, undefined);
  Broker.deposit(ctx, "CoreAssigned", { core, when: rcBegin, assignment: assignment.map(([a, p]) => [cloneAssignment(a), p] as AssignmentPart) });
}

/**
 * `renew_cores(sale)`: auto-renewals at a rotation. A record with `next_renewal` after the new
 * sale's `region_begin` is kept; otherwise its task's sovereign account renews the core
 * (`do_renew`) and the record moves to `{ core: new core, next_renewal: region_end }`. A task
 * with no sovereign account, or a renewal that fails, emits `AutoRenewalFailed` and the record
 * is dropped (not retried). More records than `MaxAutoRenewals` → `AutoRenewalLimitReached` and
 * nothing is written.
 */
export function renewCores(ctx: Ctx, sale: MarketSaleInfo): void {
  const S = Broker.storage;
  const out: AutoRenewalRecord[] = [];
  for (const record of S.AutoRenewals.get(ctx)) {
    if (sale.region_begin < record.next_renewal) {
      out.push({ core: record.core, task: record.task, next_renewal: record.next_renewal });
      continue;
    }
    const payer = ctx.config.SovereignAccountOf(record.task);
    if (payer === undefined) {
      Broker.deposit(ctx, "AutoRenewalFailed", { core: record.core, payer: undefined });
      continue;
    }
    try {
      // in a transaction of its own: a market writes before the broker charges (the legacy market
      // its SaleInfo), and a renewal that cannot pay must leave nothing behind
      const newCore = transactional(ctx, () => doRenew(ctx, payer, record.core));
      // a bid placed (another market): the right moves at settlement; the record waits on its old core
      out.push({ core: newCore ?? record.core, task: record.task, next_renewal: sale.region_end });
    } catch (e) {
      if (!(e instanceof DispatchFailure)) throw e;
      Broker.deposit(ctx, "AutoRenewalFailed", { core: record.core, payer });
    }
  }
  if (out.length > ctx.config.MaxAutoRenewals) {
    Broker.deposit(ctx, "AutoRenewalLimitReached", {});
    return;
  }
  S.AutoRenewals.put(ctx, out);
}
