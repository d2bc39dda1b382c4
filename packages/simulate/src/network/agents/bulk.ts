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
import { withPalletConfig, type Origin, type RuntimeEvent } from "@corelab/frame";
import { Broker, LegacyMarket, marketOf, type BrokerConfig, type MarketSaleInfo, type PotentialRenewalId, type PotentialRenewalRecord, type RegionId } from "@corelab/pallet-broker";
import type { AgentView } from "../types.ts";
import type { BuiltinAgent } from "./index.ts";

/** The coretime chain's broker config (its `Market`: the legacy market or another behind the port). */
function brokerConfig(view: AgentView): BrokerConfig {
  return view.coretime.pallet("Broker").config as BrokerConfig;
}

/**
 * The running sale as the broker's market tells it (`Market::get_sale_info`: the legacy market's
 * `SaleInfo`, or RFC-17's sale), when the coretime chain builds a block now and the sale has
 * started.
 */
export function runningSale(view: AgentView): MarketSaleInfo | undefined {
  if (!view.coretimeOpen) return undefined;
  const config = brokerConfig(view);
  const s = view.coretime.read((ctx) => {
    const c = withPalletConfig(ctx, config);
    return marketOf(c).getSaleInfo(c);
  });
  return s !== undefined && view.block >= s.sale_start ? s : undefined;
}

/** Whether the coretime chain sells by bids that settle later (RFC-17) rather than at once (the legacy market). */
export function sellsByBids(view: AgentView): boolean {
  return (brokerConfig(view).Market ?? LegacyMarket) !== LegacyMarket;
}

function eventOf(events: readonly RuntimeEvent[], pallet: string, name: string): Record<string, unknown> | undefined {
  const e = events.find((x) => x.type === pallet && x.value.type === name);
  return e?.value.value;
}

/**
 * Buys a core in the running sale for `origin` at up to `limit` (`Broker.purchase { price_limit }`,
 * dry-run first so an attempt the market refuses costs nothing). The legacy market sells at once:
 * the price is counted as bulk spend and `"sold"` returned. A bidding market (RFC-17) places a bid
 * (`"bid"`) whose region, if it wins, is issued when the auction settles (see `assignIssued`).
 * `undefined`: nothing bought or bid.
 */
export function buyRegion(view: AgentView, origin: Origin, limit: bigint, para: number): "sold" | "bid" | undefined {
  const call = Broker.call("purchase", { price_limit: limit });
  if (!view.coretime.dryRun({ origin, call }).result.ok) return undefined;
  const r = view.submit("coretime", origin, call);
  if (!r.ok) return undefined;
  const ev = eventOf(r.events, "Broker", "Purchased");
  if (!ev) return eventOf(r.events, "CoretimeMarket", "BidPlaced") ? "bid" : undefined;
  view.recordSpend(ev.price as bigint, "bulk");
  if (para !== 0) view.submit("coretime", origin, Broker.call("assign", { region_id: ev.region_id as RegionId, task: para, finality: { type: "Final" } as never }));
  return "sold";
}

/**
 * A bidding market's settlement issues won regions in the broker's tick (`Broker.Purchased` among
 * the block's events before any extrinsic): assigns those issued to `who` to `para` for good and
 * counts their price as bulk spend. Returns how many it found.
 */
export function assignIssued(view: AgentView, origin: Origin, para: number): number {
  if (!view.coretimeOpen) return 0;
  let n = 0;
  for (const rec of view.coretime.pendingEvents) {
    const e = rec.event;
    if (rec.phase.type !== "Initialization" || e.type !== "Broker" || e.value.type !== "Purchased") continue;
    const v = e.value.value as Record<string, unknown>;
    if (origin.type !== "Signed" || v.who !== origin.value) continue;
    n++;
    view.recordSpend(v.price as bigint, "bulk");
    if (para !== 0) view.submit("coretime", origin, Broker.call("assign", { region_id: v.region_id as RegionId, task: para, finality: { type: "Final" } as never }));
  }
  return n;
}

/**
 * Renews the core whose complete renewable workload for the sale's region (`when ==
 * regionBegin`) runs `para`, when the price the market would charge now (a dry run's `Renewed`) is
 * within `limit` (0 = any): `Broker.renew { core }`, counted as renewal spend. A bidding market takes
 * renewals only in its renewal phase: before it the dry run fails and nothing happens. Returns the
 * price paid, or `undefined` when nothing was renewed.
 */
export function renewParaCore(view: AgentView, origin: Origin, para: number, limit: bigint, regionBegin: number): bigint | undefined {
  const entries = view.coretime.read((ctx) => Broker.storage.PotentialRenewals.entries(ctx)) as Array<readonly [PotentialRenewalId, PotentialRenewalRecord]>;
  for (const [id, rec] of entries) {
    if (id.when !== regionBegin || rec.completion.type !== "Complete") continue;
    if (!rec.completion.value.some((item) => item.assignment.type === "Task" && item.assignment.value === para)) continue;
    const call = Broker.call("renew", { core: id.core });
    // the price is what the market charges now (the legacy market: the recorded price; RFC-17: the
    // clearing price, plus the penalty when the auction sold out): read from a dry run
    const dry = view.coretime.dryRun({ origin, call });
    const quoted = dry.result.ok ? eventOf(dry.events, "Broker", "Renewed") : undefined;
    if (!quoted || (limit > 0n && (quoted.price as bigint) > limit)) return undefined;
    const r = view.submit("coretime", origin, call);
    const ev = r.ok ? eventOf(r.events, "Broker", "Renewed") : undefined;
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
        assignIssued(view, origin, para);
        const s = runningSale(view);
        if (!s || (bought.get(s.region_begin) ?? 0) >= want) return;
        if (maxSales > 0 && !bought.has(s.region_begin) && bought.size >= maxSales) return;
        // a sniper waits out the lead-in; in a bidding market its bid at the limit waits for the clearing price anyway
        if (floor && !sellsByBids(view) && view.block < s.sale_start + (s.leadin_length ?? 0)) return;
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
    const drawn = new Set<number>(); // sales whose forgetting was drawn (once per sale, whenever the renewal can happen)
    return {
      name,
      onBlock(view) {
        const s = runningSale(view);
        if (!s || done.has(s.region_begin)) return;
        if (forget > 0 && !drawn.has(s.region_begin)) {
          drawn.add(s.region_begin);
          if (rng.bernoulli(forget)) {
            done.add(s.region_begin); // forgot this sale: its renewal right lapses
            return;
          }
        }
        if (renewParaCore(view, origin, para, limit, s.region_begin) !== undefined) done.add(s.region_begin);
      },
    };
  },
};
