/**
 * pallet-broker as polkadot-sdk `substrate/frame/broker/src/lib.rs` declares it (snapshot
 * `92b7dd505d`): storage, events, errors (in declaration order), calls with their indices and
 * argument names, the `on_initialize` tick and genesis. The logic lives in `dispatchables.ts`,
 * `hooks.ts` and `utility.ts`.
 */
import { InvalidGenesisError, definePallet, ensureSigned, map, palletIdScale, stringEnumScale, t, value, type Codec } from "@corelab/frame";
import {
  doAssign,
  doClaimRevenue,
  doConfigure,
  doDisableAutoRenew,
  ensureSovereignAccount,
  doDropContribution,
  doDropHistory,
  doDropRegion,
  doDropRenewal,
  doEnableAutoRenew,
  doForceReserve,
  doInterlace,
  doNotifyCoreCount,
  doNotifyRevenue,
  doPartition,
  doPool,
  doPurchase,
  doPurchaseCredit,
  doRemoveAssignment,
  doRemoveLease,
  doRemovePotentialRenewal,
  doRenew,
  doRequestCoreCount,
  doReserve,
  doSetLease,
  doStartSales,
  doSwapLeases,
  doTransfer,
  doUnreserve,
} from "./dispatchables.ts";
import { doTick } from "./hooks.ts";
import type { BrokerConfig, SaleRules } from "./interfaces.ts";
import {
  AutoRenewalRecord,
  Balance,
  ConfigRecord,
  ContributionRecord,
  CoreAssignmentParts,
  CoreIndex,
  CoreMaskBitCount,
  CoreMaskCodec,
  Finality,
  InstaPoolHistoryRecord,
  LeaseRecordItem,
  OnDemandRevenueRecord,
  PoolIoRecord,
  PotentialRenewalId,
  PotentialRenewalRecord,
  RegionId,
  RegionRecord,
  RelayBlockNumber,
  SaleInfoRecord,
  Schedule,
  StatusRecord,
  TaskId,
  Timeslice,
} from "./types.ts";
import { ensureOriginOrRoot } from "./utility.ts";

/** Codec of a `PalletId`: 8 bytes, written as an 8-character ASCII string (`"py/broke"`). */
export const PalletIdCodec: Codec<string> = t.custom<string>({
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

/** Codec of the `SaleRules` option (a Corelab constant; `null` = `"current"`). */
export const SaleRulesCodec: Codec<SaleRules | undefined> = t.option(
  t.custom<SaleRules>({
    name: "SaleRules",
    parse(input, ctx) {
      if (input === "current" || input === "before-8630" || input === "before-4521") return input;
      return t.enumOf("SaleRules", { current: null, "before-8630": null, "before-4521": null }).parse(input, ctx).type as SaleRules;
    },
    toJson: (v) => v,
    key: (v) => v,
    // a Corelab constant (no Rust type): one byte, the rule set's index in this order
    scale: stringEnumScale<SaleRules>("SaleRules", ["current", "before-8630", "before-4521"]),
  }),
);

const adminCall = "Origin must be Root or pass `AdminOrigin`.";

/**
 * pallet-broker (`Broker`): bulk coretime sales, regions, renewals, the instantaneous pool and
 * its revenue. Configure it with a `BrokerConfig` (`Broker.instance(config)`).
 */
export const Broker = definePallet<BrokerConfig>()({
  name: "Broker",
  source: "polkadot-sdk substrate/frame/broker/src/lib.rs @ 92b7dd505d",
  docs: "Bulk coretime sales of the Agile Coretime model: sales with a descending lead-in, regions as NFTs, renewals, the instantaneous-coretime pool and its revenue.",
  constants: {
    TimeslicePeriod: RelayBlockNumber,
    MaxLeasedCores: t.u32,
    MaxReservedCores: t.u32,
    MaxAutoRenewals: t.u32,
    MinimumCreditPurchase: Balance,
    PalletId: PalletIdCodec,
    SaleRules: SaleRulesCodec,
  },
  storage: {
    Configuration: value(ConfigRecord, { docs: "The current sale configuration (set by `configure`)." }),
    Reservations: value(t.vec(Schedule, { name: "BoundedVec<Schedule, MaxReservedCores>" }), {
      default: () => [],
      docs: "Workloads that get a whole core each, from the second sale boundary on (system chains).",
    }),
    Leases: value(t.vec(LeaseRecordItem, { name: "BoundedVec<LeaseRecordItem, MaxLeasedCores>" }), {
      default: () => [],
      docs: "Legacy leases: a task runs on a whole core until its `until` timeslice.",
    }),
    Status: value(StatusRecord, { docs: "The broker's clock and pool sizes (created by `start_sales`)." }),
    SaleInfo: value(SaleInfoRecord, { docs: "The current sale." }),
    PotentialRenewals: map(PotentialRenewalId, PotentialRenewalRecord, {
      hasher: "Twox64Concat",
      docs: "Renewal rights: the workload of a core that may be renewed in the sale whose region begins at `when`.",
    }),
    Regions: map(RegionId, RegionRecord, { hasher: "Blake2_128Concat", docs: "Regions not yet (finally) assigned or pooled." }),
    Workplan: map(t.tuple([Timeslice, CoreIndex], "(Timeslice, CoreIndex)"), Schedule, {
      hasher: "Twox64Concat",
      docs: "Work planned for a core from a timeslice on, consumed when that timeslice is committed.",
    }),
    Workload: map(CoreIndex, Schedule, { hasher: "Twox64Concat", default: () => [], docs: "The current schedule of each core." }),
    InstaPoolContribution: map(RegionId, ContributionRecord, {
      hasher: "Blake2_128Concat",
      docs: "Regions placed in the instantaneous pool (the key's `begin` is the claim cursor).",
    }),
    InstaPoolIo: map(Timeslice, PoolIoRecord, {
      hasher: "Blake2_128Concat",
      default: () => ({ private: 0, system: 0 }),
      docs: "Changes to the pool sizes that take effect when a timeslice is committed.",
    }),
    InstaPoolHistory: map(Timeslice, InstaPoolHistoryRecord, {
      hasher: "Blake2_128Concat",
      docs: "Pool sizes of each committed timeslice and, once known, the revenue left to claim.",
    }),
    CoreCountInbox: value(CoreIndex, { docs: "A new core count from the relay chain, applied at the next tick." }),
    AutoRenewals: value(t.vec(AutoRenewalRecord, { name: "BoundedVec<AutoRenewalRecord, MaxAutoRenewals>" }), {
      default: () => [],
      docs: "Cores renewed automatically at each sale rotation, sorted by core.",
    }),
    RevenueInbox: value(OnDemandRevenueRecord, { docs: "On-demand revenue reported by the relay chain, processed at the next tick." }),
    ForceReservations: value(t.vec(Schedule, { name: "BoundedVec<Schedule, MaxReservedCores>" }), {
      default: () => [],
      docs: "Workloads force-reserved in the current sale, placed on the ending sale's first unsold cores at the next rotation (polkadot-sdk #10792; written only with `TrackForceReservations`).",
    }),
  },
  events: {
    Purchased: { who: t.accountId, region_id: RegionId, price: Balance, duration: Timeslice },
    Renewable: { core: CoreIndex, price: Balance, begin: Timeslice, workload: Schedule },
    Renewed: { who: t.accountId, price: Balance, old_core: CoreIndex, core: CoreIndex, begin: Timeslice, duration: Timeslice, workload: Schedule },
    Transferred: { region_id: RegionId, duration: Timeslice, old_owner: t.option(t.accountId), owner: t.option(t.accountId) },
    Partitioned: { old_region_id: RegionId, new_region_ids: t.tuple([RegionId, RegionId]) },
    Interlaced: { old_region_id: RegionId, new_region_ids: t.tuple([RegionId, RegionId]) },
    Assigned: { region_id: RegionId, duration: Timeslice, task: TaskId },
    AssignmentRemoved: { region_id: RegionId },
    Pooled: { region_id: RegionId, duration: Timeslice },
    CoreCountRequested: { core_count: CoreIndex },
    CoreCountChanged: { core_count: CoreIndex },
    ReservationMade: { index: t.u32, workload: Schedule },
    ReservationCancelled: { index: t.u32, workload: Schedule },
    SaleInitialized: {
      sale_start: RelayBlockNumber,
      leadin_length: RelayBlockNumber,
      start_price: Balance,
      end_price: Balance,
      region_begin: Timeslice,
      region_end: Timeslice,
      ideal_cores_sold: CoreIndex,
      cores_offered: CoreIndex,
    },
    Leased: { task: TaskId, until: Timeslice },
    LeaseRemoved: { task: TaskId },
    LeaseEnding: { task: TaskId, when: Timeslice },
    SalesStarted: { price: Balance, core_count: CoreIndex },
    RevenueClaimBegun: { region: RegionId, max_timeslices: Timeslice },
    RevenueClaimItem: { when: Timeslice, amount: Balance },
    RevenueClaimPaid: { who: t.accountId, amount: Balance, next: t.option(RegionId) },
    CreditPurchased: { who: t.accountId, beneficiary: t.accountId, amount: Balance },
    RegionDropped: { region_id: RegionId, duration: Timeslice },
    ContributionDropped: { region_id: RegionId },
    RegionUnpooled: { region_id: RegionId, when: Timeslice },
    HistoryInitialized: { when: Timeslice, private_pool_size: CoreMaskBitCount, system_pool_size: CoreMaskBitCount },
    HistoryDropped: { when: Timeslice, revenue: Balance },
    HistoryIgnored: { when: Timeslice, revenue: Balance },
    ClaimsReady: { when: Timeslice, system_payout: Balance, private_payout: Balance },
    CoreAssigned: { core: CoreIndex, when: RelayBlockNumber, assignment: CoreAssignmentParts },
    PotentialRenewalDropped: { when: Timeslice, core: CoreIndex },
    AutoRenewalEnabled: { core: CoreIndex, task: TaskId },
    AutoRenewalDisabled: { core: CoreIndex, task: TaskId },
    AutoRenewalFailed: { core: CoreIndex, payer: t.option(t.accountId) },
    AutoRenewalLimitReached: {},
    ForceReservationFailed: { schedule: Schedule },
    PotentialRenewalRemoved: { core: CoreIndex, timeslice: Timeslice },
  },
  errors: {
    UnknownRegion: "No region has this id.",
    NotOwner: "The caller does not own the region.",
    PivotTooLate: "The partition pivot is at or after the region's end.",
    PivotTooEarly: "The partition pivot is at the region's beginning.",
    ExteriorPivot: "The interlace pivot is not inside the region's mask.",
    VoidPivot: "The interlace pivot is empty.",
    CompletePivot: "The interlace pivot equals the region's mask (not a strict subset).",
    CorruptWorkplan: "The workplan is invalid (state corruption). Never returned by this version.",
    NoSales: "No sale is running.",
    Overpriced: "The price is above the caller's limit.",
    Unavailable: "The sale has no core available.",
    SoldOut: "Every core of the sale has been sold.",
    WrongTime: "Renewing is not possible now. Never returned by this version.",
    NotAllowed: "This core may not be renewed (or, for NFT mint, the region is not burnt).",
    Uninitialized: "The pallet is not initialized (no configuration or no status).",
    TooEarly: "The sale has not started yet.",
    NothingToDo: "There is nothing to do. Never returned by this version.",
    TooManyReservations: "The reservations are at `MaxReservedCores`.",
    TooManyLeases: "The leases are at `MaxLeasedCores`.",
    LeaseNotFound: "No lease has this task.",
    UnknownRevenue: "The pool revenue of this period is not known yet. Never returned by this version.",
    UnknownContribution: "No pool contribution has this region id.",
    IncompleteAssignment: "The workload to renew does not cover the whole core.",
    StillValid: "The item cannot be dropped yet.",
    NoHistory: "No pool history exists for this timeslice.",
    UnknownReservation: "No reservation has this index.",
    UnknownRenewal: "No renewal right exists for this core and timeslice.",
    AlreadyExpired: "The lease would already have expired.",
    InvalidConfig: "The configuration is invalid (`leadin_length` is zero).",
    NoClaimTimeslices: "A revenue claim must cover at least one timeslice.",
    NoPermission: "The caller may not enable or disable auto-renewal for this core and task.",
    TooManyAutoRenewals: "The auto-renewals are at `MaxAutoRenewals`.",
    NonTaskAutoRenewal: "Only cores assigned to a task can be auto-renewed. Never returned by this version.",
    SovereignAccountNotFound: "The task has no sovereign account.",
    AutoRenewalNotEnabled: "Auto-renewal is not enabled for this core.",
    AssignmentNotFound: "No workplan exists for this region's beginning and core.",
    CreditPurchaseTooSmall: "The amount is below `MinimumCreditPurchase`.",
  },
  hooks: {
    onInitialize: (ctx) => doTick(ctx),
  },
  calls: {
    configure: {
      index: 0,
      args: { config: ConfigRecord },
      pays: "No",
      docs: `Sets the sale configuration. ${adminCall} Errors: InvalidConfig.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doConfigure(ctx, a.config);
      },
    },
    reserve: {
      index: 1,
      args: { workload: Schedule },
      pays: "No",
      docs: `Reserves a whole core for a workload from the second sale boundary on. ${adminCall} Errors: TooManyReservations.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doReserve(ctx, a.workload);
      },
    },
    unreserve: {
      index: 2,
      args: { item_index: t.u32 },
      pays: "No",
      docs: `Cancels a reservation. ${adminCall} Errors: UnknownReservation.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doUnreserve(ctx, a.item_index);
      },
    },
    set_lease: {
      index: 3,
      args: { task: TaskId, until: Timeslice },
      pays: "No",
      docs: `Adds a legacy lease. ${adminCall} Errors: AlreadyExpired, TooManyLeases.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doSetLease(ctx, a.task, a.until);
      },
    },
    start_sales: {
      index: 4,
      args: { end_price: Balance, extra_cores: CoreIndex },
      pays: "No",
      docs: `Starts (or restarts) the sales with core count = leases + reservations + extra_cores. ${adminCall} Errors: Uninitialized.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doStartSales(ctx, a.end_price, a.extra_cores);
      },
    },
    purchase: {
      index: 5,
      args: { price_limit: Balance },
      pays: "No",
      docs: "Buys a whole-core region of the current sale. Signed. Errors: Uninitialized, NoSales, Unavailable, SoldOut, TooEarly, Overpriced, Token.FundsUnavailable.",
      dispatch: (ctx, a) => {
        doPurchase(ctx, ensureSigned(ctx.origin), a.price_limit);
      },
    },
    renew: {
      index: 6,
      args: { core: CoreIndex },
      pays: "No",
      docs: "Renews a core's workload for the current sale's region. Signed. Errors: Uninitialized, NoSales, Unavailable, SoldOut, NotAllowed, IncompleteAssignment, Token.FundsUnavailable.",
      dispatch: (ctx, a) => {
        doRenew(ctx, ensureSigned(ctx.origin), a.core);
      },
    },
    transfer: {
      index: 7,
      args: { region_id: RegionId, new_owner: t.accountId },
      docs: "Transfers a region. Signed by the owner. Errors: UnknownRegion, NotOwner.",
      dispatch: (ctx, a) => doTransfer(ctx, a.region_id, ensureSigned(ctx.origin), a.new_owner),
    },
    partition: {
      index: 8,
      args: { region_id: RegionId, pivot: Timeslice },
      docs: "Splits a region in time at `begin + pivot`. Signed by the owner. Errors: Uninitialized, UnknownRegion, NotOwner, PivotTooLate, PivotTooEarly.",
      dispatch: (ctx, a) => {
        doPartition(ctx, a.region_id, ensureSigned(ctx.origin), a.pivot);
      },
    },
    interlace: {
      index: 9,
      args: { region_id: RegionId, pivot: CoreMaskCodec },
      docs: "Splits a region in parts of the core at a mask. Signed by the owner. Errors: Uninitialized, UnknownRegion, NotOwner, ExteriorPivot, VoidPivot, CompletePivot.",
      dispatch: (ctx, a) => {
        doInterlace(ctx, a.region_id, ensureSigned(ctx.origin), a.pivot);
      },
    },
    assign: {
      index: 10,
      args: { region_id: RegionId, task: TaskId, finality: Finality },
      docs: "Assigns a region to a task (Pays::No when Final). Signed by the owner. Errors: Uninitialized, UnknownRegion, NotOwner.",
      dispatch: (ctx, a) => doAssign(ctx, a.region_id, ensureSigned(ctx.origin), a.task, a.finality),
    },
    pool: {
      index: 11,
      args: { region_id: RegionId, payee: t.accountId, finality: Finality },
      docs: "Places a region in the instantaneous pool (Pays::No when Final). Signed by the owner. Errors: Uninitialized, UnknownRegion, NotOwner.",
      dispatch: (ctx, a) => doPool(ctx, a.region_id, ensureSigned(ctx.origin), a.payee, a.finality),
    },
    claim_revenue: {
      index: 12,
      args: { region_id: RegionId, max_timeslices: Timeslice },
      pays: "No",
      docs: "Claims the pool revenue of a pooled region for up to `max_timeslices`, paid to its payee. Signed (anyone). Errors: NoClaimTimeslices, UnknownContribution.",
      dispatch: (ctx, a) => {
        ensureSigned(ctx.origin);
        doClaimRevenue(ctx, a.region_id, a.max_timeslices);
      },
    },
    purchase_credit: {
      index: 13,
      args: { amount: Balance, beneficiary: t.accountId },
      docs: "Buys on-demand credit on the relay chain for `beneficiary`. Signed. Errors: CreditPurchaseTooSmall, Token.FundsUnavailable.",
      dispatch: (ctx, a) => doPurchaseCredit(ctx, ensureSigned(ctx.origin), a.amount, a.beneficiary),
    },
    drop_region: {
      index: 14,
      args: { region_id: RegionId },
      pays: "No",
      docs: "Removes a region that has ended. Any origin. Errors: Uninitialized, UnknownRegion, StillValid.",
      dispatch: (ctx, a) => doDropRegion(ctx, a.region_id),
    },
    drop_contribution: {
      index: 15,
      args: { region_id: RegionId },
      pays: "No",
      docs: "Removes a pool contribution past its timeout. Any origin. Errors: Uninitialized, UnknownContribution, StillValid.",
      dispatch: (ctx, a) => doDropContribution(ctx, a.region_id),
    },
    drop_history: {
      index: 16,
      args: { when: Timeslice },
      pays: "No",
      docs: "Removes a pool history record past its timeout; unclaimed revenue goes to `OnRevenue`. Any origin. Errors: Uninitialized, StillValid, NoHistory.",
      dispatch: (ctx, a) => doDropHistory(ctx, a.when),
    },
    drop_renewal: {
      index: 17,
      args: { core: CoreIndex, when: Timeslice },
      pays: "No",
      docs: "Removes a renewal right that can no longer be used. Any origin. Errors: Uninitialized, StillValid, UnknownRenewal.",
      dispatch: (ctx, a) => doDropRenewal(ctx, a.core, a.when),
    },
    request_core_count: {
      index: 18,
      args: { core_count: CoreIndex },
      docs: `Asks the relay chain for a number of cores. ${adminCall}`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doRequestCoreCount(ctx, a.core_count);
      },
    },
    notify_core_count: {
      index: 19,
      args: { core_count: CoreIndex },
      docs: `The relay chain reports the core count (applied at the next tick). ${adminCall}`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doNotifyCoreCount(ctx, a.core_count);
      },
    },
    notify_revenue: {
      index: 20,
      args: { revenue: OnDemandRevenueRecord },
      docs: `The relay chain reports on-demand revenue (processed at the next tick). ${adminCall}`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doNotifyRevenue(ctx, a.revenue);
      },
    },
    enable_auto_renew: {
      index: 21,
      args: { core: CoreIndex, task: TaskId, workload_end_hint: t.option(Timeslice) },
      docs: "Renews a core automatically at each sale rotation (renews now if it is renewable in the current sale). Signed by the task's sovereign account. Errors: SovereignAccountNotFound, NoPermission, NoSales, NotAllowed, TooManyAutoRenewals, and those of renew.",
      dispatch: (ctx, a) => {
        const sovereign = ensureSovereignAccount(ctx, ensureSigned(ctx.origin), a.task);
        doEnableAutoRenew(ctx, sovereign, a.core, a.task, a.workload_end_hint);
      },
    },
    disable_auto_renew: {
      index: 22,
      args: { core: CoreIndex, task: TaskId },
      docs: "Stops the auto-renewal of a core. Signed by the task's sovereign account. Errors: SovereignAccountNotFound, NoPermission, AutoRenewalNotEnabled.",
      dispatch: (ctx, a) => {
        ensureSovereignAccount(ctx, ensureSigned(ctx.origin), a.task);
        doDisableAutoRenew(ctx, a.core, a.task);
      },
    },
    force_reserve: {
      index: 23,
      args: { workload: Schedule, core: CoreIndex },
      pays: "No",
      docs: `Reserves a core and also schedules the workload at once, up to the next sale boundary. ${adminCall} Errors: NoSales, TooManyReservations, Uninitialized.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doForceReserve(ctx, a.workload, a.core);
      },
    },
    remove_lease: {
      index: 24,
      args: { task: TaskId },
      docs: `Removes the first lease of a task. ${adminCall} Errors: LeaseNotFound.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doRemoveLease(ctx, a.task);
      },
    },
    remove_assignment: {
      index: 26,
      args: { region_id: RegionId },
      docs: `Removes the whole workplan entry at the region's beginning and core. ${adminCall} Errors: AssignmentNotFound.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doRemoveAssignment(ctx, a.region_id);
      },
    },
    remove_potential_renewal: {
      index: 27,
      args: { core: CoreIndex, when: Timeslice },
      docs: `Removes the renewal right of \`core\` for the sale whose region begins at \`when\` (auto-renewals of it stay and fail at the rotation). polkadot-sdk #10828. ${adminCall} Errors: UnknownRenewal.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doRemovePotentialRenewal(ctx, a.core, a.when);
      },
    },
    force_transfer: {
      index: 28,
      args: { region_id: RegionId, new_owner: t.accountId },
      docs: `Transfers a region to \`new_owner\` whoever owns it. polkadot-sdk #10856. ${adminCall} Errors: UnknownRegion.`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doTransfer(ctx, a.region_id, undefined, a.new_owner);
      },
    },
    swap_leases: {
      index: 99,
      args: { id: TaskId, other: TaskId },
      docs: `Swaps the tasks of the leases of two tasks. ${adminCall}`,
      dispatch: (ctx, a) => {
        ensureOriginOrRoot(ctx);
        doSwapLeases(ctx, a.id, a.other);
      },
    },
  },
  genesis: {
    fields: { config: t.option(ConfigRecord) },
    /**
     * Rust's genesis only increments the pot's providers (nothing to model: accounts here need no
     * provider reference). Corelab addition: `config`, when given, is written as `configure` would
     * (`leadin_length` 0 is rejected), which is what the mock's `TestExt::new()` does at block 0.
     */
    build(ctx, cfg) {
      if (cfg.config === undefined) return;
      if (cfg.config.leadin_length === 0) throw new InvalidGenesisError("Broker", "config.leadin_length", "must not be zero (InvalidConfig)");
      Broker.storage.Configuration.put(ctx, cfg.config);
    },
  },
});
