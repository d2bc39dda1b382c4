/**
 * The sales of a run, as the coretime chain's Broker events tell them: a ledger that the `network`
 * model fills block by block and `corelab compare` reads, variant beside variant.
 *
 * A sale begins with `Broker.SaleInitialized` (its region `[region_begin, region_end)` in
 * timeslices, its lead-in start and end prices, cores offered) and lasts until the next one or the
 * end of the run. Within it the ledger records every `Purchased` (a core bought in the sale) and
 * every `Renewed` (a core renewed for the sale's region: `Renewed.begin == region_begin`), who holds
 * which core, and which of the renewals on offer when the sale opened (`PotentialRenewals` entries
 * for `region_begin` with a complete workload) were taken up and which were lost.
 *
 * Where the money went is measured, not assumed: at each sale's open and close the ledger reads
 * the coretime chain's `Balances.TotalIssuance` and the free balance of the broker's pot and of
 * the revenue account of the era (`py/ctbrn` on the real coretime chains: bulk revenue burned under
 * RFC-10, or accumulated), so a sale's `routing` is what those moved by while it ran.
 *
 * Source: pallet-broker's events (polkadot-sdk `substrate/frame/broker/src/lib.rs`, `Event`).
 */
import { palletAccountId, type EventRecord, type Runtime } from "@corelab/frame";
import { Balances as BalancesPallet, freeBalance } from "@corelab/pallet-balances";
import { Broker, type PotentialRenewalId, type PotentialRenewalRecord, type RegionId, type ScheduleItem } from "@corelab/pallet-broker";
import { KUSAMA_ACCUMULATE_FORWARD_PALLET_ID, POLKADOT_ACCUMULATE_FORWARD_PALLET_ID } from "@corelab/runtimes";

/** A core bought or renewed in a sale. */
export interface SaleDeal {
  /** The buyer (account id, SS58). */
  readonly who: string;
  /** The core the region is on. */
  readonly core: number;
  /** What was paid, in planck. */
  readonly price: bigint;
  /** The relay block of the coretime block it landed in. */
  readonly at: number;
  /** The para the renewed workload runs (renewals of a single task only). */
  readonly task?: number;
}

/** Balance movements while a sale ran, in planck (positive: in, negative: out). */
export interface SaleRouting {
  /** Change of the broker's pot (`py/broke`): revenue kept for the pool and its claims. */
  readonly pot: bigint;
  /** Change of the revenue account (`py/ctbrn`): system revenue waiting to be burned. */
  readonly revenueAccount: bigint;
  /** Change of the coretime chain's total issuance (negative: burned on this chain). */
  readonly issuance: bigint;
  /**
   * Change of the `AccumulateForward` accumulation account (`acf/dott` on Polkadot, `acf/ksmt` on
   * Kusama: polkadot-fellows/runtimes#1282/#1301's revenue route, `Broker.OnRevenue:
   * AccumulateForward`): revenue waiting to be forwarded. 0 on the RFC-10 route.
   */
  readonly accumulateAccount: bigint;
}

/** One sale of a run. Amounts in planck, `openedAt`/`at` in relay blocks, regions in timeslices. */
export interface SaleReport {
  /** 1 for the run's first sale. */
  readonly sale: number;
  readonly regionBegin: number;
  readonly regionEnd: number;
  /** The relay block `SaleInitialized` was emitted at. */
  readonly openedAt: number;
  /** The relay block the next sale opened at, or the run's last block. */
  readonly closedAt: number;
  /** Whether the next sale opened within the run (else the run ended while this one ran). */
  readonly closed: boolean;
  readonly startPrice: bigint;
  readonly endPrice: bigint;
  readonly coresOffered: number;
  readonly idealCoresSold: number;
  readonly purchases: readonly SaleDeal[];
  readonly renewals: readonly SaleDeal[];
  /** Cores whose renewal was on offer when the sale opened (ascending). */
  readonly renewalsOffered: readonly number[];
  /** Of those, the cores that were not renewed in the sale (ascending; empty for a sale the run ended in). */
  readonly renewalsLost: readonly number[];
  /** Sum of what purchases and renewals paid. */
  readonly revenue: bigint;
  readonly routing: SaleRouting;
  /**
   * Regions that changed hands on the secondary market (`Market.Purchased`) while this sale was
   * the latest one, in order; present only when there was at least one.
   */
  readonly resales?: readonly Resale[];
}

/** A region bought on the secondary market (`Market.Purchased`, `@corelab/pallet-region-market`). */
export interface Resale {
  /** The buyer (account id, SS58). */
  readonly who: string;
  /** The region's core and first timeslice. */
  readonly core: number;
  readonly begin: number;
  /** What the buyer paid the seller, in planck. */
  readonly price: bigint;
  /** The relay block of the coretime block it landed in. */
  readonly at: number;
}

interface OpenSale {
  sale: number;
  regionBegin: number;
  regionEnd: number;
  openedAt: number;
  startPrice: bigint;
  endPrice: bigint;
  coresOffered: number;
  idealCoresSold: number;
  purchases: SaleDeal[];
  renewals: SaleDeal[];
  renewalsOffered: number[];
  renewed: Set<number>;
  open: Balances;
  resales: Resale[];
}

interface Balances {
  pot: bigint;
  revenueAccount: bigint;
  issuance: bigint;
  accumulateAccount: bigint;
}

const POT = palletAccountId("py/broke");
const REVENUE_ACCOUNT = palletAccountId("py/ctbrn");
const ACCUMULATE_ACCOUNTS = [POLKADOT_ACCUMULATE_FORWARD_PALLET_ID, KUSAMA_ACCUMULATE_FORWARD_PALLET_ID].map((id) => palletAccountId(id));

/** The single task a workload runs, if it is one task on the whole core. */
function singleTask(workload: readonly ScheduleItem[]): number | undefined {
  return workload.length === 1 && workload[0]!.assignment.type === "Task" ? workload[0]!.assignment.value : undefined;
}

/**
 * Fills `SaleReport`s from the coretime chain's events, block by block (see the module docs).
 * `observe` is given each coretime block's events (before the block is finalized: the broker's
 * tick runs in `on_initialize`, so its events are there); `finish` closes the last sale.
 */
export class SalesLedger {
  private readonly done: SaleReport[] = [];
  private current: OpenSale | undefined;

  constructor(private readonly coretime: Runtime) {}

  private balances(): Balances {
    return this.coretime.read((ctx) => ({
      pot: freeBalance(ctx, POT),
      revenueAccount: freeBalance(ctx, REVENUE_ACCOUNT),
      accumulateAccount: ACCUMULATE_ACCOUNTS.reduce((sum, a) => sum + freeBalance(ctx, a), 0n),
      issuance: (BalancesPallet.storage.TotalIssuance.get(ctx) as bigint | undefined) ?? 0n,
    }));
  }

  /** Records the Broker events of the coretime block built at relay block `at`. */
  observe(at: number, events: readonly EventRecord[]): void {
    for (const rec of events) {
      const e = rec.event;
      if (e.type === "Market" && e.value.type === "Purchased" && this.current) {
        const v = e.value.value as { region_id: RegionId; buyer: string; total_price: bigint };
        this.current.resales.push({ who: v.buyer, core: v.region_id.core, begin: v.region_id.begin, price: v.total_price, at });
        continue;
      }
      if (e.type !== "Broker") continue;
      const v = e.value.value as Record<string, unknown>;
      switch (e.value.type) {
        case "SaleInitialized":
          this.close(at);
          this.current = {
            sale: this.done.length + 1,
            regionBegin: v.region_begin as number,
            regionEnd: v.region_end as number,
            openedAt: at,
            startPrice: v.start_price as bigint,
            endPrice: v.end_price as bigint,
            coresOffered: v.cores_offered as number,
            idealCoresSold: v.ideal_cores_sold as number,
            purchases: [],
            renewals: [],
            renewalsOffered: this.offeredRenewals(v.region_begin as number),
            renewed: new Set(),
            open: this.balances(),
            resales: [],
          };
          break;
        case "Purchased":
          if (this.current) {
            const id = v.region_id as RegionId;
            this.current.purchases.push({ who: v.who as string, core: id.core, price: v.price as bigint, at });
          }
          break;
        case "Renewed":
          if (this.current && (v.begin as number) === this.current.regionBegin) {
            const task = singleTask(v.workload as readonly ScheduleItem[]);
            this.current.renewals.push({ who: v.who as string, core: v.core as number, price: v.price as bigint, at, ...(task !== undefined ? { task } : {}) });
            this.current.renewed.add(v.old_core as number);
          }
          break;
      }
    }
  }

  /** The cores with a complete renewal on offer for `regionBegin` (ascending). */
  private offeredRenewals(regionBegin: number): number[] {
    const entries = this.coretime.read((ctx) => Broker.storage.PotentialRenewals.entries(ctx)) as Array<readonly [PotentialRenewalId, PotentialRenewalRecord]>;
    const cores: number[] = [];
    for (const [id, rec] of entries) if (id.when === regionBegin && rec.completion.type === "Complete") cores.push(id.core);
    return cores.sort((a, b) => a - b);
  }

  private close(at: number, closed = true): void {
    const s = this.current;
    if (!s) return;
    const end = this.balances();
    let revenue = 0n;
    for (const d of s.purchases) revenue += d.price;
    for (const d of s.renewals) revenue += d.price;
    this.done.push({
      sale: s.sale,
      regionBegin: s.regionBegin,
      regionEnd: s.regionEnd,
      openedAt: s.openedAt,
      closedAt: at,
      closed,
      startPrice: s.startPrice,
      endPrice: s.endPrice,
      coresOffered: s.coresOffered,
      idealCoresSold: s.idealCoresSold,
      purchases: s.purchases,
      renewals: s.renewals,
      renewalsOffered: s.renewalsOffered,
      renewalsLost: closed ? s.renewalsOffered.filter((c) => !s.renewed.has(c)) : [],
      revenue,
      routing: { pot: end.pot - s.open.pot, revenueAccount: end.revenueAccount - s.open.revenueAccount, issuance: end.issuance - s.open.issuance, accumulateAccount: end.accumulateAccount - s.open.accumulateAccount },
      ...(s.resales.length > 0 ? { resales: s.resales } : {}),
    });
    this.current = undefined;
  }

  /** Closes the open sale at relay block `at` (the run's last) and returns every sale, in order. */
  finish(at: number): SaleReport[] {
    this.close(at, false);
    return this.done;
  }
}

/** Whole-run market figures of a run's sales (the `network` model's summary columns), in tokens where amounts. */
export interface SalesSummary {
  /** Sales opened. */
  readonly sales: number;
  /** Mean price paid per core (purchases and renewals over every sale). */
  readonly sale_price_mean: number;
  /**
   * Volatility: the coefficient of variation (population standard deviation / mean) of the sales'
   * mean prices paid, over the sales with a deal; 0 with fewer than two such sales.
   */
  readonly sale_price_cv: number;
  /** Cores bought or renewed / cores offered, over every sale (0 when nothing was offered). */
  readonly cores_sold_share: number;
  /** The largest share of a sale's offered cores that one account bought or renewed in it. */
  readonly top_buyer_share: number;
  /** Renewals on offer that were not taken up, over every sale. */
  readonly renewals_lost: number;
  /** What purchases and renewals paid, over every sale. */
  readonly bulk_revenue: number;
}

/** The market figures of `sales` (see `SalesSummary`); `decimals` of the token, for amounts. */
export function summarizeSales(sales: readonly SaleReport[], decimals: number): SalesSummary {
  const units = (x: bigint): number => Number(x) / 10 ** decimals;
  let deals = 0;
  let paid = 0n;
  let offered = 0;
  let lost = 0;
  let top = 0;
  const means: number[] = [];
  for (const s of sales) {
    const all = [...s.purchases, ...s.renewals];
    deals += all.length;
    paid += s.revenue;
    offered += s.coresOffered;
    lost += s.renewalsLost.length;
    if (all.length > 0) means.push(units(s.revenue) / all.length);
    const byWho = new Map<string, number>();
    for (const d of all) byWho.set(d.who, (byWho.get(d.who) ?? 0) + 1);
    for (const n of byWho.values()) if (s.coresOffered > 0 && n / s.coresOffered > top) top = n / s.coresOffered;
  }
  let cv = 0;
  if (means.length >= 2) {
    const mean = means.reduce((a, b) => a + b, 0) / means.length;
    const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / means.length;
    cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  }
  return {
    sales: sales.length,
    sale_price_mean: deals > 0 ? units(paid) / deals : 0,
    sale_price_cv: cv,
    cores_sold_share: offered > 0 ? deals / offered : 0,
    top_buyer_share: top,
    renewals_lost: lost,
    bulk_revenue: units(paid),
  };
}

/**
 * What `buyers` paid in `sales` (purchases and renewals, planck), each deal counted for the part of
 * its region that lies within relay blocks `1 ..= lastBlock`: `price × blocks of the region in the
 * run / blocks of the region`, rounded down per deal. A region is `[regionBegin, regionEnd)` in
 * timeslices of `timeslicePeriod` relay blocks (pallet-broker: timeslice = ⌊relay block /
 * TimeslicePeriod⌋), so a region bought during the run for after its end counts 0 and the region
 * running at the end counts in part. This is bulk coretime's cost over the run, comparable with the
 * on-demand orders' (the full price paid stays in `bulk_spend`). Throws for `timeslicePeriod < 1`.
 */
export function bulkSpendWithin(sales: readonly SaleReport[], buyers: ReadonlySet<string>, lastBlock: number, timeslicePeriod: number): bigint {
  if (!(timeslicePeriod >= 1)) throw new RangeError(`bulkSpendWithin: timeslicePeriod must be at least 1, got ${timeslicePeriod}`);
  let spent = 0n;
  for (const s of sales) {
    const begin = s.regionBegin * timeslicePeriod;
    const length = (s.regionEnd - s.regionBegin) * timeslicePeriod;
    if (length <= 0) continue;
    const inRun = Math.max(0, Math.min(begin + length, lastBlock + 1) - begin);
    for (const d of [...s.purchases, ...s.renewals]) if (buyers.has(d.who)) spent += (d.price * BigInt(inRun)) / BigInt(length);
  }
  return spent;
}

/** The secondary market's figures of a run (summary columns of a model whose coretime chain has `Market`). */
export interface ResalesSummary {
  /** Regions bought on the secondary market (`Market.Purchased`), over every sale. */
  readonly resales: number;
  /** Mean price of those trades, in tokens (0 without any). */
  readonly resale_price_mean: number;
}

/** The secondary-market figures of `sales` (see `ResalesSummary`); `decimals` of the token. */
export function summarizeResales(sales: readonly SaleReport[], decimals: number): ResalesSummary {
  let n = 0;
  let paid = 0n;
  for (const s of sales)
    for (const r of s.resales ?? []) {
      n++;
      paid += r.price;
    }
  return { resales: n, resale_price_mean: n > 0 ? Number(paid) / 10 ** decimals / n : 0 };
}
