/**
 * Helpers shared by the calls and the tick. Mirrors polkadot-sdk
 * `substrate/frame/broker/src/utility_impls.rs` (clock, pot account, `sale_price`, `charge`,
 * `purchase_core`, `issue`, `utilize`, `force_unpool_region`), plus small integer helpers that
 * reproduce Rust's saturating arithmetic on u16/u32/i32.
 */
import {
  DispatchFailure,
  FixedU64,
  ensure,
  fail,
  palletAccountId,
  required,
  type CallContext,
  type PalletContext,
} from "@corelab/frame";
import { countOnes, isVoid, type CoreMask } from "./core-mask.ts";
import type { BrokerConfig } from "./interfaces.ts";
import { LegacyMarket } from "./legacy-market.ts";
import type { Market, MarketInputs } from "./market.ts";
import { Broker } from "./pallet.ts";
import {
  IDLE,
  POOL,
  type ConfigRecord,
  type CoreAssignment,
  type CoreIndex,
  type Finality,
  type PotentialRenewalId,
  type RegionId,
  type RegionRecord,
  type SaleInfoRecord,
  type Schedule,
  type StatusRecord,
  type Timeslice,
} from "./types.ts";

/** The context broker logic runs in. */
export type BrokerContext = PalletContext<BrokerConfig>;

const U32_MAX = 0xffff_ffff;
const I32_MIN = -0x8000_0000;
const I32_MAX = 0x7fff_ffff;

/** u32 `saturating_add`. */
export const addU32 = (a: number, b: number): number => Math.min(a + b, U32_MAX);
/** u32/u16 `saturating_sub`. */
export const subSat = (a: number, b: number): number => (a > b ? a - b : 0);
/** u16 `saturating_add`. */
export const addU16 = (a: number, b: number): number => Math.min(a + b, 0xffff);
/** i32 saturation of an exact integer. */
export const satI32 = (x: number): number => (x < I32_MIN ? I32_MIN : x > I32_MAX ? I32_MAX : x);

/** `ensure_origin_or_root(origin)` with `AdminOrigin`: Root always passes; otherwise `AdminOrigin` decides (`BadOrigin`). */
export function ensureOriginOrRoot(ctx: CallContext<BrokerConfig>): void {
  if (ctx.origin.type === "Root") return;
  ctx.config.AdminOrigin(ctx.origin);
}

/** The relay-chain block number the broker's clock reads (`RCBlockNumberProviderOf::current_block_number`). */
export function relayBlockNumber(ctx: BrokerContext): number {
  const provider = ctx.config.Coretime.relayChainBlockNumber;
  return provider === undefined ? ctx.blockNumber : provider(ctx);
}

/**
 * The block number sale timing reads (`sale_start`, the lead-in, the market's `now`): the relay
 * block (`relayBlockNumber`), or with `SaleClock: "parachain"` this chain's own block number, as
 * pallet-broker read `frame_system::block_number()` for sale timing before `MigrateV3ToV4` (the
 * coretime chains before spec 1 006 000). The tick's commits always read the relay block.
 */
export function saleBlockNumber(ctx: BrokerContext): number {
  return ctx.config.SaleClock === "parachain" ? ctx.blockNumber : relayBlockNumber(ctx);
}

/** `current_timeslice()`: `⌊relay block / TimeslicePeriod⌋`. */
export function currentTimeslice(ctx: BrokerContext): Timeslice {
  return Math.floor(relayBlockNumber(ctx) / ctx.config.TimeslicePeriod);
}

/** `latest_timeslice_ready_to_commit(config)`: `⌊(relay block + advance_notice) / TimeslicePeriod⌋`. */
export function latestTimesliceReadyToCommit(ctx: BrokerContext, config: ConfigRecord): Timeslice {
  return Math.floor(addU32(relayBlockNumber(ctx), config.advance_notice) / ctx.config.TimeslicePeriod);
}

/** `next_timeslice_to_commit(config, status)`: `last_committed + 1` while it is behind the latest ready timeslice. */
export function nextTimesliceToCommit(ctx: BrokerContext, config: ConfigRecord, status: StatusRecord): Timeslice | undefined {
  return status.last_committed_timeslice < latestTimesliceReadyToCommit(ctx, config) ? status.last_committed_timeslice + 1 : undefined;
}

const potCache = new WeakMap<BrokerConfig, string>();

/** `Pallet::account_id()`: the pot, `PalletId::into_account_truncating()` with the config's `PalletAccountOf`. */
export function brokerAccountId(config: BrokerConfig): string {
  let a = potCache.get(config);
  if (a === undefined) {
    a = (config.PalletAccountOf ?? palletAccountId)(config.PalletId);
    potCache.set(config, a);
  }
  return a;
}

/**
 * `PalletId::into_account_truncating()` for u64 account ids (the mock's `AccountId = u64`): the
 * first 8 bytes of `"modl" ++ palletId`, little-endian, as a decimal string.
 * `u64AccountOfPalletId("TsBroker")` is the mock's pot.
 */
export function u64AccountOfPalletId(palletId: string): string {
  const bytes = new TextEncoder().encode(`modl${palletId}`).slice(0, 8);
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v.toString();
}

/**
 * `sale_price(sale, now)`: `leadin_factor_at(min(now − sale_start, leadin_length) / leadin_length) × end_price`,
 * with `FixedU64` rounding (`from_rational` nearest-ties-down, `saturating_mul_int` floor).
 * A `leadin_length` of 0 throws, as Rust's `from_rational` panics (`configure` forbids it).
 */
export function salePrice(ctx: BrokerContext, sale: SaleInfoRecord, now: number): bigint {
  const num = Math.min(subSat(now, sale.sale_start), sale.leadin_length);
  const through = FixedU64.fromRational(BigInt(num), BigInt(sale.leadin_length));
  return FixedU64.saturatingMulInt(ctx.config.PriceAdapter.leadinFactorAt(through), sale.end_price);
}

/** `charge(who, amount)`: withdraws `amount` from `who` (`Token.FundsUnavailable`) and gives it to `OnRevenue`. */
export function charge(ctx: BrokerContext, who: string, amount: bigint): void {
  ctx.config.Currency.withdraw(ctx, who, amount, "Expendable");
  if (amount !== 0n) ctx.config.OnRevenue(ctx, amount);
}

/** Runs `f` and ignores a dispatch failure (Rust's `.defensive_ok()` / `let _ =`); ports change nothing when they fail. */
export function ignoreFailure(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
  }
}

/** `issue(core, begin, mask, end, owner, paid)`: writes a region and returns its id. */
export function issue(
  ctx: BrokerContext,
  core: CoreIndex,
  begin: Timeslice,
  mask: CoreMask,
  end: Timeslice,
  owner: string | undefined,
  paid: bigint | undefined,
): RegionId {
  const id: RegionId = { begin, core, mask };
  Broker.storage.Regions.insert(ctx, id, { end, owner, paid });
  return id;
}

/**
 * `utilize(region_id, maybe_check_owner, finality)`: takes a region out of `Regions` for
 * assigning or pooling. A region already under way starts at `last_committed + 1` instead (and is
 * dropped with `RegionDropped` when nothing is left: returns `undefined`, the call still
 * succeeds); a region wholly in the future has overlapping items stripped from its workplan
 * (an emptied workplan stays stored as `[]`). `Provisional` puts the (possibly moved) region back.
 * Errors: `Uninitialized`, `UnknownRegion`, `NotOwner`.
 */
export function utilize(
  ctx: BrokerContext,
  regionId: RegionId,
  maybeCheckOwner: string | undefined,
  finality: Finality,
): [RegionId, RegionRecord] | undefined {
  const S = Broker.storage;
  const status = required(S.Status.get(ctx), Broker.err("Uninitialized"));
  const region = required(S.Regions.get(ctx, regionId), Broker.err("UnknownRegion"));
  if (maybeCheckOwner !== undefined) ensure(region.owner === maybeCheckOwner, Broker.err("NotOwner"));
  S.Regions.remove(ctx, regionId);
  let id: RegionId = { begin: regionId.begin, core: regionId.core, mask: regionId.mask };
  const lastCommitted = status.last_committed_timeslice;
  if (id.begin <= lastCommitted) {
    const duration = subSat(region.end, id.begin);
    id = { ...id, begin: lastCommitted + 1 };
    if (id.begin >= region.end) {
      Broker.deposit(ctx, "RegionDropped", { region_id: id, duration });
      return undefined;
    }
  } else {
    const key: [Timeslice, CoreIndex] = [id.begin, id.core];
    const plan = S.Workplan.get(ctx, key);
    if (plan !== undefined) S.Workplan.insert(ctx, key, plan.filter((i) => isVoid(i.mask & id.mask)));
  }
  if (finality.type === "Provisional") S.Regions.insert(ctx, id, region);
  return [id, region];
}

/** Adds `dPrivate`/`dSystem` to `InstaPoolIo[when]` (saturating i32), storing the record even when it stays zero (`mutate`). */
export function addPoolIo(ctx: BrokerContext, when: Timeslice, dPrivate: number, dSystem: number): void {
  const io = Broker.storage.InstaPoolIo;
  const r = io.get(ctx, when);
  io.insert(ctx, when, { private: satI32(r.private + dPrivate), system: satI32(r.system + dSystem) });
}

/**
 * `force_unpool_region(region_id, region, status)` (polkadot-sdk #4081): if the region was pooled
 * (provisionally), removes its contribution and takes its parts out of the pool from
 * `max(last_committed + 1, begin)` to its end (`RegionUnpooled`). Revenue of timeslices already
 * committed stays with the removed contribution, i.e. is lost unless claimed before.
 */
export function forceUnpoolRegion(ctx: BrokerContext, regionId: RegionId, region: RegionRecord, status: StatusRecord): void {
  const contributions = Broker.storage.InstaPoolContribution;
  if (!contributions.contains(ctx, regionId)) return;
  contributions.remove(ctx, regionId);
  const endTimeslice = status.last_committed_timeslice + 1;
  if (region.end <= endTimeslice) return;
  const size = countOnes(regionId.mask);
  const at = Math.max(endTimeslice, regionId.begin);
  addPoolIo(ctx, at, -size, 0);
  addPoolIo(ctx, region.end, size, 0);
  Broker.deposit(ctx, "RegionUnpooled", { region_id: { begin: regionId.begin, core: regionId.core, mask: regionId.mask }, when: at });
}

/** A plain copy of an assignment (values read through a state draft must not escape into events or ports). */
export function cloneAssignment(a: CoreAssignment): CoreAssignment {
  return a.type === "Task" ? { type: "Task", value: a.value } : a.type === "Pool" ? POOL : IDLE;
}

/** A plain copy of a schedule (see `cloneAssignment`). */
export function cloneSchedule(s: readonly Schedule[number][]): Schedule {
  return s.map((i) => ({ mask: i.mask, assignment: cloneAssignment(i.assignment) }));
}

/** The broker's market (`BrokerConfig.Market`, default `LegacyMarket`). */
export function marketOf(ctx: BrokerContext): Market {
  return ctx.config.Market ?? LegacyMarket;
}

/**
 * The `MarketInputs` the broker hands its market: the commit clock (`commit` when the tick is
 * committing a timeslice; a call sees `next_timeslice_to_commit(config, status)`), the core count
 * (`status` as the tick or call holds it, else the stored `Status`), the reserved cores
 * (`Reservations` + `Leases`, saturating u16) and the renewal-right check. Everything is read
 * lazily, when the market asks.
 */
export function marketInputs(ctx: BrokerContext, status?: StatusRecord, commit?: { readonly timeslice: Timeslice | undefined }): MarketInputs {
  // one object with its methods on the prototype: the tick builds one every block
  return new BrokerMarketInputs(ctx, status, commit);
}

class BrokerMarketInputs implements MarketInputs {
  constructor(
    private readonly ctx: BrokerContext,
    private readonly status: StatusRecord | undefined,
    private readonly commit: { readonly timeslice: Timeslice | undefined } | undefined,
  ) {}
  private currentStatus(): StatusRecord | undefined {
    return this.status ?? Broker.storage.Status.get(this.ctx);
  }
  nextTimesliceToCommit(): Timeslice | undefined {
    if (this.commit !== undefined) return this.commit.timeslice;
    const config = Broker.storage.Configuration.get(this.ctx);
    const st = this.currentStatus();
    return config === undefined || st === undefined ? undefined : nextTimesliceToCommit(this.ctx, config, st);
  }
  latestTimesliceReadyToCommit(): Timeslice | undefined {
    const config = Broker.storage.Configuration.get(this.ctx);
    return config === undefined ? undefined : latestTimesliceReadyToCommit(this.ctx, config);
  }
  coreCount(): CoreIndex | undefined {
    return this.currentStatus()?.core_count;
  }
  reservedCoreCount(): CoreIndex {
    const S = Broker.storage;
    return Math.min(S.Reservations.get(this.ctx).length + S.Leases.get(this.ctx).length, 0xffff);
  }
  renewalRight(id: PotentialRenewalId): { readonly price: bigint; readonly workload: Schedule } {
    const record = required(Broker.storage.PotentialRenewals.get(this.ctx, id), Broker.err("NotAllowed"));
    if (record.completion.type !== "Complete") fail(Broker.err("IncompleteAssignment"));
    return { price: record.price, workload: cloneSchedule(record.completion.value) };
  }
}

/**
 * Runs `f` in a storage transaction of its own (FRAME's `with_transaction`): a dispatch failure
 * rolls back what `f` wrote and is rethrown. Used where a market writes before the broker charges
 * and the caller goes on after a failure (auto-renewals in the tick).
 */
export function transactional<R>(ctx: BrokerContext, f: () => R): R {
  const overlay = ctx.storage.overlay;
  overlay.startTransaction();
  let r: R;
  try {
    r = f();
  } catch (e) {
    overlay.rollbackTransaction();
    throw e;
  }
  overlay.commitTransaction();
  return r;
}
