/**
 * The `coretime` reporter (`corelab replay scenarios/real --report coretime`, what `npm start`
 * prints): for a person reading a replay of the broker, per scenario file:
 *
 * - the sale timeline: each sale's rotation, lead-in start (end of the interlude), lead-in end and
 *   region, in relay blocks and (on the real-chain presets) approximate dates;
 * - the lead-in prices of every sale that opened during the replay, at 0, 10, 25, 50, 75 and 100 %
 *   of the lead-in, computed with the pallet's own `sale_price` (`salePrice` of
 *   `@corelab/pallet-broker`) and the runtime's price adapter;
 * - purchases and renewals (block, date, sale, core, who, price);
 * - per sale: cores offered and sold (purchases + renewals), revenue, end and sellout price;
 * - the revenue in total (exact, in the token's decimals) and the broker calls the chain refused.
 *
 * Plain text in aligned columns, at most 96 characters wide (the CLI indents reports by 4). It
 * applies to any runtime with a Broker pallet; dates only where the preset is a real chain
 * (`coretime-kusama*`, `coretime-polkadot*`, see `coretime-calendar.ts`).
 */
import { formatAmount, formatDispatchError, withPalletConfig, type BlockRecord, type Runtime, type TokenInfo } from "@corelab/frame";
import { Broker, salePrice, type BrokerConfig, type BrokerContext, type SaleInfoRecord } from "@corelab/pallet-broker";
import { plainJson } from "@corelab/testing";
import { blockDate, calendarFor, describeCalendar } from "./coretime-calendar.ts";
import type { Reporter, ReporterSession } from "./types.ts";

/** Points of the lead-in the price table shows, in percent. */
export const LEADIN_POINTS = [0, 10, 25, 50, 75, 100] as const;

/** A sale as the reporter saw it. */
export interface SaleView {
  /** The sale's number: the reference's numbering on real chains, else the order of appearance. */
  readonly number: number;
  /** The sale record at its start (prices come from it). */
  readonly info: SaleInfoRecord;
  /** Block of its rotation (`SaleInitialized`); undefined for a sale already running at genesis. */
  readonly rotation: number | undefined;
  /** `SaleInitialized.start_price`. */
  readonly startPrice: bigint | undefined;
  /** Cores sold when the replay began (a sale running at genesis). */
  readonly soldBefore: number;
  purchases: number;
  renewals: number;
  revenue: bigint;
  /** The sellout price as last seen. */
  sellout: bigint | undefined;
}

/** A purchase or a renewal. */
export interface SaleEvent {
  readonly kind: "purchase" | "renewal";
  readonly block: number;
  readonly sale: number;
  /** The core bought or renewed onto. */
  readonly core: number;
  /** For renewals: the core renewed from. */
  readonly oldCore?: number;
  readonly who: string;
  readonly price: bigint;
}

type Align = "l" | "r";

/** Renders rows as columns separated by two spaces, each left- or right-aligned; no trailing spaces. */
export function table(rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => (align[i] === "r" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd());
}

/**
 * Amounts of a column, aligned on the decimal point: `["23", "17.45"]` → `["23   ", "17.45"]`.
 * Exact: planck are shown with every significant decimal of the token.
 */
export function amountColumn(amounts: readonly bigint[], token: TokenInfo | undefined): string[] {
  const raw = amounts.map((a) => (token ? formatAmount(a, token).replace(/ \S+$/, "") : a.toString()));
  const parts = raw.map((s) => {
    const i = s.indexOf(".");
    return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i)];
  });
  const w = Math.max(0, ...parts.map(([a]) => a!.length));
  const f = Math.max(0, ...parts.map(([, b]) => b!.length));
  return parts.map(([a, b]) => `${a!.padStart(w)}${b!.padEnd(f)}`);
}

/** `22,861,430` */
const n = (x: number): string => x.toLocaleString("en-US");

/** A read-only broker context on the runtime's current state (for the pallet's pure helpers). */
function brokerView(rt: Runtime): BrokerContext {
  const config = rt.configOf<BrokerConfig>(Broker);
  return rt.read((ctx) => withPalletConfig(ctx, config));
}

/** The `coretime` reporter. */
export const coretimeReporter: Reporter = {
  name: "coretime",
  description: "broker sales: timeline (relay blocks, dates), lead-in prices, purchases, renewals, revenue",
  appliesTo: (_preset, runtime) => runtime.pallets.has("Broker"),
  create(ctx): ReporterSession {
    const rt = ctx.runtime;
    const { dim, bold } = ctx.style;
    const token = ctx.preset.token ?? rt.info.token;
    const calendar = calendarFor(ctx.preset.name);
    const config = rt.configOf<BrokerConfig>(Broker);
    const period = config.TimeslicePeriod;
    const genesis = ctx.compiled.start;
    const sales: SaleView[] = [];
    const events: SaleEvent[] = [];
    const refused = new Map<string, number>();
    const notes: string[] = [];
    const label = (id: string) => ctx.compiled.names.label(id);
    const amount = (a: bigint) => (token ? formatAmount(a, token) : `${a} planck`);
    const date = (block: number) => (calendar ? blockDate(calendar, block) : "");

    const saleNumber = (info: SaleInfoRecord): number => {
      const regionLength = info.region_end - info.region_begin;
      const base = calendar?.saleOneRegionBegin;
      if (base !== undefined && regionLength > 0 && info.region_begin >= base && (info.region_begin - base) % regionLength === 0)
        return (info.region_begin - base) / regionLength + 1;
      return sales.length === 0 ? 1 : sales[sales.length - 1]!.number + 1;
    };
    const saleInfo = (): SaleInfoRecord | undefined => rt.read((c) => Broker.storage.SaleInfo.get(c));
    const saleOf = (regionBegin: number): SaleView | undefined => sales.find((s) => s.info.region_begin === regionBegin);
    const addSale = (info: SaleInfoRecord, rotation: number | undefined, startPrice: bigint | undefined): void => {
      sales.push({
        number: saleNumber(info),
        info: { ...info },
        rotation,
        startPrice,
        soldBefore: rotation === undefined ? info.cores_sold : 0,
        purchases: 0,
        renewals: 0,
        revenue: 0n,
        sellout: info.sellout_price,
      });
    };

    return {
      block(b: BlockRecord): void {
        if (b.number === genesis) {
          // the state at genesis (after `storage:` and genesis calls): a sale may already run
          const info = saleInfo();
          if (info) addSale(info, undefined, undefined);
          return;
        }
        for (const x of b.extrinsics)
          if (!x.result.ok && x.call.pallet === "Broker") {
            const k = `${x.call.pallet}.${x.call.name} → ${formatDispatchError(x.result.error)}`;
            refused.set(k, (refused.get(k) ?? 0) + 1);
          }
        let touched = false;
        for (const e of b.events) {
          if (e.event.type !== "Broker") continue;
          const f = e.event.value.value as Record<string, unknown>;
          switch (e.event.value.type) {
            case "SalesStarted":
              notes.push(`block ${n(b.number)}: sales started, price ${amount(f.price as bigint)}, ${f.core_count as number} cores`);
              break;
            case "CoreCountChanged":
              notes.push(`block ${n(b.number)}: core count ${f.core_count as number}`);
              break;
            case "SaleInitialized": {
              const info = saleInfo();
              if (info) addSale(info, b.number, f.start_price as bigint);
              break;
            }
            case "Purchased": {
              const region = f.region_id as { begin: number; core: number };
              const s = saleOf(region.begin);
              events.push({ kind: "purchase", block: b.number, sale: s?.number ?? 0, core: region.core, who: f.who as string, price: f.price as bigint });
              if (s) {
                s.purchases++;
                s.revenue += f.price as bigint;
              }
              touched = true;
              break;
            }
            case "Renewed": {
              const s = saleOf(f.begin as number);
              events.push({
                kind: "renewal",
                block: b.number,
                sale: s?.number ?? 0,
                core: f.core as number,
                oldCore: f.old_core as number,
                who: f.who as string,
                price: f.price as bigint,
              });
              if (s) {
                s.renewals++;
                s.revenue += f.price as bigint;
              }
              touched = true;
              break;
            }
          }
        }
        if (touched) {
          const info = saleInfo();
          const s = info && saleOf(info.region_begin);
          if (s) s.sellout = info.sellout_price;
        }
      },

      render(result) {
        const out: string[] = [];
        const head = `${ctx.preset.name}${token ? `, prices in ${token.symbol}` : ""}, blocks are the broker's relay blocks`;
        out.push(head);
        if (calendar) out.push(...describeCalendar(calendar).map((l) => dim(l)));
        const last = genesis + result.blocks;
        out.push(`replayed: blocks ${n(genesis + 1)}..${n(last)}${calendar ? ` (≈ ${date(genesis + 1)} .. ${date(last)})` : ""}`);

        out.push("", bold("Sale timeline"));
        if (sales.length === 0) out.push("  no sale");
        else {
          const rows: string[][] = [["", "relay block", calendar ? "≈ date (UTC)" : ""]];
          const at = (what: string, block: number | undefined) => rows.push([what, block === undefined ? "before the replay" : n(block), block === undefined ? "" : date(block)]);
          for (const s of sales) {
            const i = s.info;
            at("rotation: sale opens, renewals", s.rotation);
            at("interlude ends, lead-in starts", i.sale_start);
            at("lead-in ends, fixed price", i.sale_start + i.leadin_length);
            at("region begins", i.region_begin * period);
            at("region ends", i.region_end * period);
          }
          const lines = table(rows, ["l", "r", "l"]);
          out.push(`    ${lines[0]}`);
          sales.forEach((s, k) => {
            const i = s.info;
            out.push(`  sale ${s.number}: region ${n(i.region_begin)}..${n(i.region_end)} (timeslices), ${i.cores_offered} cores offered from core ${i.first_core}`);
            out.push(...lines.slice(1 + 5 * k, 6 + 5 * k).map((l) => `    ${l}`));
          });
        }

        const view = brokerView(rt);
        for (const s of sales.filter((x) => x.rotation !== undefined)) {
          const i = s.info;
          out.push("", bold(`Lead-in prices, sale ${s.number}`) + dim(` (sale_price, ${config.PriceAdapter.name}, end price ${amount(i.end_price)})`));
          const blocks = LEADIN_POINTS.map((p) => i.sale_start + Math.round((i.leadin_length * p) / 100));
          const prices = amountColumn(blocks.map((blk) => salePrice(view, i, blk)), token);
          const rows = LEADIN_POINTS.map((p, k) => [`${p} %`, n(blocks[k]!), date(blocks[k]!), prices[k]!]);
          out.push(...table([["through", "relay block", calendar ? "≈ date (UTC)" : "", `price${token ? ` ${token.symbol}` : ""}`], ...rows], ["r", "r", "l", "r"]).map((l) => `    ${l}`));
        }

        for (const kind of ["purchase", "renewal"] as const) {
          const list = events.filter((e) => e.kind === kind);
          out.push("", bold(`${kind === "purchase" ? "Purchases" : "Renewals"} (${list.length})`));
          if (list.length === 0) continue;
          const prices = amountColumn(list.map((e) => e.price), token);
          const rows = list.map((e, k) => [
            n(e.block),
            date(e.block),
            String(e.sale),
            kind === "renewal" ? `${e.oldCore} → ${e.core}` : String(e.core),
            label(e.who),
            prices[k]!,
          ]);
          const header = ["relay block", calendar ? "≈ date (UTC)" : "", "sale", "core", kind === "purchase" ? "buyer" : "payer", `price${token ? ` ${token.symbol}` : ""}`];
          out.push(...table([header, ...rows], ["r", "l", "r", "r", "l", "r"]).map((l) => `    ${shorten(l)}`));
        }

        out.push("", bold("Sales"));
        if (sales.length > 0) {
          const u = token ? ` ${token.symbol}` : "";
          const revenue = amountColumn(sales.map((s) => s.revenue), token);
          const ends = amountColumn(sales.map((s) => s.info.end_price), token);
          const sellouts = sales.map((s) => (s.sellout === undefined ? "none" : amountColumn([s.sellout], token)[0]!.trim()));
          const rows = sales.map((s, k) => [
            String(s.number),
            String(s.info.cores_offered),
            `${s.soldBefore + s.purchases + s.renewals}${s.soldBefore ? "*" : ""}`,
            String(s.purchases),
            String(s.renewals),
            revenue[k]!,
            ends[k]!,
            sellouts[k]!,
          ]);
          const header = ["sale", "offered", "sold", "bought", "renewed", `revenue${u}`, `end price${u}`, `sellout${u}`];
          out.push(...table([header, ...rows], ["r", "r", "r", "r", "r", "r", "r", "r"]).map((l) => `    ${l}`));
          const before = sales.filter((s) => s.soldBefore > 0);
          if (before.length > 0)
            out.push(dim(`    * includes cores sold before the replay began (${before.map((s) => `sale ${s.number}: ${s.soldBefore}`).join(", ")}); revenue counts the replay only`));
        }
        const bought = events.filter((e) => e.kind === "purchase").reduce((a, e) => a + e.price, 0n);
        const renewed = events.filter((e) => e.kind === "renewal").reduce((a, e) => a + e.price, 0n);
        out.push("", `Revenue: ${amount(bought + renewed)} (purchases ${amount(bought)}, renewals ${amount(renewed)})`);
        if (refused.size > 0) {
          out.push("Refused broker calls:");
          out.push(...table([...refused.entries()].map(([k, c]) => [k, `× ${c}`]), ["l", "l"]).map((l) => `  ${l}`));
        }
        for (const note of notes) out.push(dim(note));

        return {
          text: out.map(shorten).join("\n"),
          json: plainJson({
            preset: ctx.preset.name,
            token: token?.symbol ?? null,
            sales: sales.map((s) => ({
              number: s.number,
              rotation: s.rotation ?? null,
              sale_start: s.info.sale_start,
              leadin_end: s.info.sale_start + s.info.leadin_length,
              region: [s.info.region_begin, s.info.region_end],
              cores_offered: s.info.cores_offered,
              sold: s.soldBefore + s.purchases + s.renewals,
              purchases: s.purchases,
              renewals: s.renewals,
              revenue: s.revenue,
              start_price: s.startPrice ?? null,
              end_price: s.info.end_price,
              sellout_price: s.sellout ?? null,
            })),
            purchases: events.filter((e) => e.kind === "purchase"),
            renewals: events.filter((e) => e.kind === "renewal"),
            revenue: bought + renewed,
          }),
        };
      },
    };
  },
};

/** Report lines stay within 96 columns (100 with the CLI's indent); longer ones are cut with `…`. */
export const MAX_WIDTH = 96;

function shorten(line: string): string {
  const visible = line.replace(/\x1b\[[0-9;]*m/g, "");
  if ([...visible].length <= MAX_WIDTH) return line;
  return `${[...visible].slice(0, MAX_WIDTH - 1).join("")}…`;
}
