/**
 * Bulk coretime agents on the coretime chain (they act only in relay blocks in which the coretime
 * chain builds, and only while a sale is running):
 *
 * - `bulk-buyer`: buys up to `regions` whole-core regions in each sale, each when the sale price
 *   is within `price_limit` (`Broker.purchase { price_limit }`, checked with a dry run first so an
 *   over-priced sale costs nothing), and assigns each region to `para` for good (`Broker.assign`,
 *   `Final`) when `para` is set. `sales: n` buys in n sales only (a para that buys once and renews
 *   after); `wait: floor` is a sniper: it buys only after the lead-in, at the sale's end price. With
 *   `regions` near the cores offered and a high limit it is a buyer who corners the market (as one
 *   buyer held 74 of 94 Kusama cores in April 2025).
 * - `renewer`: renews the core whose renewable workload runs `para` (`Broker.renew { core }`,
 *   once per sale, when a `PotentialRenewals` entry for the sale's region is complete and its
 *   price is within `price_limit`, 0 = any). `forget: p` forgets a sale's renewal with chance p
 *   (drawn once per sale from the agent's own random stream): the renewal right is lost.
 *
 * Both count what they pay as coretime spend.
 */
import type { Origin, RuntimeEvent } from "@corelab/frame";
import { Broker, type PotentialRenewalId, type PotentialRenewalRecord, type RegionId, type SaleInfoRecord } from "@corelab/pallet-broker";
import type { AgentView } from "../types.ts";
import type { BuiltinAgent } from "./index.ts";

/** The running sale, when the coretime chain builds a block now and the sale has started. */
export function runningSale(view: AgentView): SaleInfoRecord | undefined {
  if (!view.coretimeOpen) return undefined;
  const s = view.coretime.read((ctx) => Broker.storage.SaleInfo.get(ctx)) as SaleInfoRecord | undefined;
  return s !== undefined && view.block >= s.sale_start ? s : undefined;
}

function eventOf(events: readonly RuntimeEvent[], name: string): Record<string, unknown> | undefined {
  const e = events.find((x) => x.type === "Broker" && x.value.type === name);
  return e?.value.value;
}

/**
 * Buys a region in the running sale for `origin` at up to `limit` (`Broker.purchase`, dry-run
 * first so an over-priced attempt costs nothing) and, when `para` is not 0, assigns it to `para`
 * for good (`Broker.assign`, `Final`). Counts the price as bulk spend. Returns the price paid, or
 * `undefined` when nothing was bought.
 */
export function buyRegion(view: AgentView, origin: Origin, limit: bigint, para: number): bigint | undefined {
  const call = Broker.call("purchase", { price_limit: limit });
  if (!view.coretime.dryRun({ origin, call }).result.ok) return undefined;
  const r = view.submit("coretime", origin, call);
  const ev = r.ok ? eventOf(r.events, "Purchased") : undefined;
  if (!ev) return undefined;
  view.recordSpend(ev.price as bigint, "bulk");
  if (para !== 0) view.submit("coretime", origin, Broker.call("assign", { region_id: ev.region_id as RegionId, task: para, finality: { type: "Final" } as never }));
  return ev.price as bigint;
}

/**
 * Renews the core whose complete renewable workload for the sale's region (`when ==
 * regionBegin`) runs `para`, when its price is within `limit` (0 = any): `Broker.renew { core }`,
 * counted as renewal spend. Returns the price paid, or `undefined` when nothing was renewed (no
 * such renewal, over the limit, or the call failed).
 */
export function renewParaCore(view: AgentView, origin: Origin, para: number, limit: bigint, regionBegin: number): bigint | undefined {
  const entries = view.coretime.read((ctx) => Broker.storage.PotentialRenewals.entries(ctx)) as Array<readonly [PotentialRenewalId, PotentialRenewalRecord]>;
  for (const [id, rec] of entries) {
    if (id.when !== regionBegin || rec.completion.type !== "Complete") continue;
    if (!rec.completion.value.some((item) => item.assignment.type === "Task" && item.assignment.value === para)) continue;
    if (limit > 0n && rec.price > limit) return undefined;
    const r = view.submit("coretime", origin, Broker.call("renew", { core: id.core }));
    const ev = r.ok ? eventOf(r.events, "Renewed") : undefined;
    if (!ev) return undefined;
    view.recordSpend(ev.price as bigint, "renewal");
    return ev.price as bigint;
  }
  return undefined;
}

/** The `bulk-buyer` agent kind. */
export const bulkBuyerAgent: BuiltinAgent = {
  kind: "bulk-buyer",
  description: "buys regions in the coretime sale within a price limit (and assigns them to a para)",
  params: {
    account: { type: "account", default: "alice", docs: "the buyer (funded on the coretime chain at genesis)" },
    price_limit: { type: "amount", required: true, docs: "the highest price paid for a region" },
    regions: { type: "int", min: 1, default: 1, docs: "regions bought per sale" },
    para: { type: "int", default: 0, docs: "para id the regions are assigned to (0 = keep them)" },
    sales: { type: "int", min: 0, default: 0, docs: "how many sales it buys in, from its first purchase (0 = every sale)" },
    wait: { type: "enum", values: ["no", "floor"], default: "no", docs: "floor: buy only after the lead-in, at the sale's end price (a sniper)" },
  },
  create({ name, params }) {
    const origin = { type: "Signed" as const, value: params.account as string };
    const limit = params.price_limit as bigint;
    const want = params.regions as number;
    const para = params.para as number;
    const maxSales = params.sales as number;
    const floor = params.wait === "floor";
    const bought = new Map<number, number>(); // region_begin → regions bought in that sale
    return {
      name,
      onBlock(view) {
        const s = runningSale(view);
        if (!s || (bought.get(s.region_begin) ?? 0) >= want) return;
        if (maxSales > 0 && !bought.has(s.region_begin) && bought.size >= maxSales) return;
        if (floor && view.block < s.sale_start + s.leadin_length) return;
        if (buyRegion(view, origin, limit, para) !== undefined) bought.set(s.region_begin, (bought.get(s.region_begin) ?? 0) + 1);
      },
    };
  },
};

/** The `renewer` agent kind. */
export const renewerAgent: BuiltinAgent = {
  kind: "renewer",
  description: "renews the core that runs a para, once per sale, within a price limit",
  params: {
    account: { type: "account", default: "alice", docs: "who pays the renewal (funded on the coretime chain at genesis)" },
    para: { type: "int", required: true, docs: "the para whose core is renewed" },
    price_limit: { type: "amount", default: 0, docs: "the highest renewal price (0 = any)" },
    forget: { type: "number", min: 0, max: 1, default: 0, docs: "the chance that it forgets to renew in a sale (drawn once per sale)" },
  },
  create({ name, params, rng }) {
    const origin = { type: "Signed" as const, value: params.account as string };
    const para = params.para as number;
    const limit = params.price_limit as bigint;
    const forget = params.forget as number;
    const done = new Set<number>();
    return {
      name,
      onBlock(view) {
        const s = runningSale(view);
        if (!s || done.has(s.region_begin)) return;
        if (forget > 0 && rng.bernoulli(forget)) {
          done.add(s.region_begin); // forgot this sale: its renewal right lapses
          return;
        }
        if (renewParaCore(view, origin, para, limit, s.region_begin) !== undefined) done.add(s.region_begin);
      },
    };
  },
};
