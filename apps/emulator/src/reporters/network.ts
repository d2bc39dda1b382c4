/**
 * The `network` reporter (`corelab replay scenarios/network --report network`, part of `npm start`):
 * what a relay + coretime network did, per scenario file on a network preset (`kusama-network`,
 * `polkadot-network`). Every block number in it is a relay block.
 *
 * - Cores: per core, run-length ranges of relay blocks with what the core ran (the relay
 *   `Coretime` pallet's `coresAt` after each relay block): `core 0: blocks 28–51  para 2000`, a
 *   para served on demand on a pool core (`para 2002 (on demand)`), a pool core that found no
 *   order (`pool, no order`), `idle`; then the blocks each parachain chain actually built.
 * - Spot price: the on-demand spot price after every relay block that changed it
 *   (`OnDemand.SpotPriceSet`; the last value of the block).
 * - On-demand orders (`OnDemand.OnDemandOrderPlaced`), per relay block, para and payer.
 * - The revenue path, per timeslice: the broker's `request_revenue_at` on the relay, the revenue
 *   claimed and burned from the on-demand pot (`Balances.Burned`), the teleport into the broker's
 *   pot on the coretime chain (`Balances.Minted`), `notify_revenue`, and how `process_revenue`
 *   split it (`ClaimsReady` with the system and private pool shares, or `HistoryDropped` /
 *   `HistoryIgnored`); then the payouts of `claim_revenue` (`RevenueClaimItem` /
 *   `RevenueClaimPaid`) and the totals.
 *
 * Plain text in aligned columns, at most 96 characters wide; `--json` gets the same facts as data.
 * Applies to presets with a network (`Preset.network`) whose relay has the `Coretime` pallet.
 */
import { accountIdBytes, isSs58Address, resolveAccount, type BlockRecord, type EventRecord, type Runtime, type TokenInfo } from "@corelab/frame";
import { Broker, type BrokerConfig } from "@corelab/pallet-broker";
import { coresAt, type CoreRun } from "@corelab/pallet-coretime";
import { plainJson } from "@corelab/testing";
import { MAX_WIDTH, amountColumn, table } from "./coretime.ts";
import type { Reporter, ReporterSession } from "./types.ts";

/** A run-length range of relay blocks in which a core ran the same thing. */
export interface CoreRange {
  readonly core: number;
  readonly from: number;
  to: number;
  /** `task` (bulk), `on-demand`, `pool` (no order), `idle`. */
  readonly kind: "task" | "on-demand" | "pool" | "idle";
  /** The para, for `task` and `on-demand`. */
  readonly para?: number;
}

/** On-demand orders of one relay block by one payer for one para. */
export interface OrderGroup {
  readonly block: number;
  readonly para: number;
  readonly by: string;
  count: number;
  paid: bigint;
}

/** One `request_revenue_at` answered by the relay, followed to the broker. */
export interface RevenueStep {
  /** The relay block `until` (exclusive) of the revenue; the broker attributes it to timeslice `until / P - 1`. */
  readonly until: number;
  /** The timeslice it is attributed to, when the coretime chain's timeslice period is known. */
  readonly timeslice: number | undefined;
  /** Relay block of `request_revenue_at`. */
  readonly requested: number;
  /** Burned from the relay's on-demand pot in that call (planck). */
  readonly burned: bigint;
  /** Relay block at which the coretime chain minted it into the broker's pot. */
  minted?: number;
  mintedAmount?: bigint;
  /** Relay block of `notify_revenue` on the coretime chain, and the amount it reported. */
  notified?: number;
  amount?: bigint;
  /** How `process_revenue` used it: relay block, event, shares. */
  outcome?: { block: number; event: "ClaimsReady" | "HistoryDropped" | "HistoryIgnored"; system: bigint; pool: bigint };
}

/** A `claim_revenue` payout. */
export interface Payout {
  readonly block: number;
  readonly who: string;
  readonly amount: bigint;
  /** `RevenueClaimItem`s of the claim: timeslice and amount. */
  readonly items: readonly { when: number; amount: bigint }[];
}

const n = (x: number): string => x.toLocaleString("en-US");

/**
 * `para 2002 sovereign` for a relay sovereign account (`b"para" ++ id_le ++ 0…`: the SS58 address
 * `paraSovereignAccount` gives, or the same 32 bytes as `0x` hex), else undefined.
 */
export function sovereignLabel(account: string): string | undefined {
  if (sovereignLabels.has(account)) return sovereignLabels.get(account);
  const label = labelOf(account);
  sovereignLabels.set(account, label);
  return label;
}
/** `sovereignLabel`'s answers (an SS58 decode checks a checksum: tens of µs; reports ask again for every order). */
const sovereignLabels = new Map<string, string | undefined>();
function labelOf(account: string): string | undefined {
  const id = resolveAccount(account); // a 32-byte hex id to its SS58 address
  if (!isSs58Address(id)) return undefined;
  const bytes = accountIdBytes(id);
  if (bytes.length !== 32 || bytes[0] !== 0x70 || bytes[1] !== 0x61 || bytes[2] !== 0x72 || bytes[3] !== 0x61 || bytes.subarray(8).some((b) => b !== 0)) return undefined;
  return `para ${new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true)} sovereign`;
}

/** What a core run is, for ranges. */
function rangeKey(run: CoreRun): { kind: CoreRange["kind"]; para?: number } {
  switch (run.type) {
    case "Task":
      return { kind: "task", para: run.value };
    case "OnDemand":
      return { kind: "on-demand", para: run.value };
    case "Pool":
      return { kind: "pool" };
    default:
      return { kind: "idle" };
  }
}

/** A range's description: `para 2000`, `para 2002 (on demand)`, `pool, no order`, `idle`. */
export function describeRange(r: Pick<CoreRange, "kind" | "para">): string {
  switch (r.kind) {
    case "task":
      return `para ${r.para}`;
    case "on-demand":
      return `para ${r.para} (on demand)`;
    case "pool":
      return "pool, no order";
    default:
      return "idle";
  }
}

function fields(e: EventRecord): Record<string, unknown> {
  return e.event.value.value as Record<string, unknown>;
}

/** The `network` reporter. */
export const networkReporter: Reporter = {
  name: "network",
  description: "relay + coretime network: what each core ran per relay-block range, spot price, on-demand orders, revenue to pool contributors",
  appliesTo: (preset, runtime) => preset.network !== undefined && runtime.pallets.has("Coretime"),
  create(ctx): ReporterSession {
    const { bold, dim } = ctx.style;
    const token: TokenInfo | undefined = ctx.preset.token ?? ctx.runtime.info.token;
    const network = ctx.compiled.network;
    const coretime = network?.chains.find((c) => c.name === "coretime")?.runtime;
    const period = coretime?.pallets.has("Broker") ? coretime.configOf<BrokerConfig>(Broker).TimeslicePeriod : undefined;
    const accounts = ctx.preset.accounts ?? {};
    const onDemandPot = accounts["pallet:OnDemand"];
    const brokerPot = accounts["pallet:Broker"];
    const genesis = ctx.compiled.start;
    const label = (id: string): string => sovereignLabel(id) ?? ctx.compiled.names.label(id);

    const ranges: CoreRange[] = [];
    const open = new Map<number, CoreRange>();
    let lastRuns: readonly CoreRun[] | undefined;
    const built = new Map<string, { count: number; first: number; last: number }>();
    const spot: { block: number; price: bigint }[] = [];
    const orders: OrderGroup[] = [];
    const steps: RevenueStep[] = [];
    const payouts: Payout[] = [];
    let relayNow = genesis;

    const onRelay = (b: BlockRecord, rt: Runtime): void => {
      relayNow = b.number;
      // cores: extend the open ranges while the answer is the same object
      const runs = rt.read(coresAt);
      if (runs === lastRuns) {
        for (const r of open.values()) r.to = b.number;
      } else {
        lastRuns = runs;
        for (const core of [...open.keys()]) if (core >= runs.length) open.delete(core);
        runs.forEach((run, core) => {
          const k = rangeKey(run);
          const cur = open.get(core);
          if (cur && cur.kind === k.kind && cur.para === k.para && cur.to === b.number - 1) cur.to = b.number;
          else {
            const r: CoreRange = { core, from: b.number, to: b.number, ...k };
            ranges.push(r);
            open.set(core, r);
          }
        });
      }
      let price: bigint | undefined;
      const burnedBy = new Map<number, bigint>();
      for (const e of b.events) {
        const f = fields(e);
        if (e.event.type === "OnDemand" && e.event.value.type === "SpotPriceSet") price = f.spot_price as bigint;
        else if (e.event.type === "OnDemand" && e.event.value.type === "OnDemandOrderPlaced") {
          const para = f.para_id as number;
          const by = f.ordered_by as string;
          const g = orders.find((o) => o.block === b.number && o.para === para && o.by === by);
          if (g) {
            g.count++;
            g.paid += f.spot_price as bigint;
          } else orders.push({ block: b.number, para, by, count: 1, paid: f.spot_price as bigint });
        } else if (e.event.type === "Balances" && e.event.value.type === "Burned" && f.who === onDemandPot && e.phase.type === "ApplyExtrinsic")
          burnedBy.set(e.phase.value, (burnedBy.get(e.phase.value) ?? 0n) + (f.amount as bigint));
      }
      if (price !== undefined && spot[spot.length - 1]?.price !== price) spot.push({ block: b.number, price });
      for (const x of b.extrinsics) {
        if (x.call.pallet !== "Coretime" || x.call.name !== "request_revenue_at" || !x.result.ok) continue;
        const until = (x.call.args as { when: number }).when;
        steps.push({ until, timeslice: period ? Math.floor(until / period) - 1 : undefined, requested: b.number, burned: burnedBy.get(x.index) ?? 0n });
      }
    };

    const stepOf = (until: number): RevenueStep | undefined => {
      for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.until === until) return steps[i];
      return undefined;
    };

    const onCoretime = (b: BlockRecord): void => {
      for (const x of b.extrinsics) {
        if (!x.result.ok) continue;
        if (x.call.pallet === "Broker" && x.call.name === "notify_revenue") {
          const rev = (x.call.args as { revenue: { until: number; amount: bigint } }).revenue;
          const s = stepOf(rev.until);
          if (s) {
            s.notified = relayNow;
            s.amount = rev.amount;
          }
        }
      }
      let items: { when: number; amount: bigint }[] = [];
      const mintedBy = new Map<number, bigint>();
      for (const e of b.events) {
        const f = fields(e);
        if (e.event.type === "Balances" && e.event.value.type === "Minted" && f.who === brokerPot && e.phase.type === "ApplyExtrinsic")
          mintedBy.set(e.phase.value, (mintedBy.get(e.phase.value) ?? 0n) + (f.amount as bigint));
        if (e.event.type !== "Broker") continue;
        const name = e.event.value.type;
        if (name === "ClaimsReady" || name === "HistoryDropped" || name === "HistoryIgnored") {
          const when = f.when as number;
          const s = steps.find((x) => x.timeslice === when && x.notified !== undefined && x.outcome === undefined);
          if (s)
            s.outcome =
              name === "ClaimsReady"
                ? { block: relayNow, event: name, system: f.system_payout as bigint, pool: f.private_payout as bigint }
                : { block: relayNow, event: name, system: 0n, pool: 0n };
        } else if (name === "RevenueClaimItem") items.push({ when: f.when as number, amount: f.amount as bigint });
        else if (name === "RevenueClaimPaid") {
          payouts.push({ block: relayNow, who: f.who as string, amount: f.amount as bigint, items });
          items = [];
        }
      }
      // a teleport message comes right before its notify_revenue message
      for (const x of b.extrinsics) {
        const minted = mintedBy.get(x.index);
        if (minted === undefined) continue;
        const next = b.extrinsics[x.index + 1];
        if (next?.call.pallet !== "Broker" || next.call.name !== "notify_revenue") continue;
        const s = stepOf((next.call.args as { revenue: { until: number } }).revenue.until);
        if (s) {
          s.minted = relayNow;
          s.mintedAmount = minted;
        }
      }
    };

    return {
      block(b: BlockRecord, rt: Runtime, chain?: string): void {
        if (b.number === genesis && (chain === undefined || chain === "relay" || chain === "coretime")) return;
        if (chain === undefined || chain === "relay") onRelay(b, rt);
        else if (chain === "coretime") onCoretime(b);
        else if (b.number > 0) {
          const p = built.get(chain);
          if (p) {
            p.count++;
            p.last = relayNow;
          } else built.set(chain, { count: 1, first: relayNow, last: relayNow });
        }
      },

      render(result) {
        const out: string[] = [];
        const u = token ? ` ${token.symbol}` : "";
        out.push(`${ctx.preset.name}${token ? `, amounts in ${token.symbol}` : ""}; blocks are relay blocks${period ? `; a timeslice is ${period} relay blocks` : ""}`);
        out.push(`replayed: relay blocks ${n(genesis + 1)}..${n(genesis + result.blocks)}`);

        out.push("", bold("Cores") + dim(" (what each core ran, per range of relay blocks)"));
        const cores = [...new Set(ranges.map((r) => r.core))].sort((a, b) => a - b);
        if (cores.length === 0) out.push("  no cores");
        const coreRows = cores.flatMap((core) =>
          ranges.filter((r) => r.core === core).map((r, i) => [i === 0 ? `core ${core}:` : "", `blocks ${n(r.from)}–${n(r.to)}`, describeRange(r), `${n(r.to - r.from + 1)} blocks`]),
        );
        out.push(...table(coreRows, ["l", "l", "l", "r"]).map((l) => `  ${l}`));
        if (built.size > 0) {
          const rows = [...built.entries()]
            .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
            .map(([chain, p]) => [chain, `${n(p.count)} blocks`, `relay blocks ${n(p.first)}–${n(p.last)}`]);
          out.push("  Parachain blocks built:");
          out.push(...table(rows, ["l", "r", "l"]).map((l) => `    ${l}`));
        }

        out.push("", bold("Spot price") + dim(" (OnDemand.SpotPriceSet: the price after each relay block that changed it)"));
        if (spot.length === 0) out.push("  unchanged (no SpotPriceSet)");
        else {
          const prices = amountColumn(
            spot.map((s) => s.price),
            token,
          );
          out.push(...table([["relay block", `spot price${u}`], ...spot.map((s, i) => [n(s.block), prices[i]!])], ["r", "r"]).map((l) => `    ${l}`));
        }

        const orderCount = orders.reduce((a, o) => a + o.count, 0);
        const ordered = orders.reduce((a, o) => a + o.paid, 0n);
        out.push("", bold(`On-demand orders (${orderCount})`));
        if (orders.length > 0) {
          const paid = amountColumn(
            orders.map((o) => o.paid),
            token,
          );
          const rows = orders.map((o, i) => [n(o.block), String(o.para), String(o.count), label(o.by), paid[i]!]);
          out.push(...table([["relay block", "para", "orders", "paid by", `paid${u}`], ...rows], ["r", "r", "r", "l", "r"]).map((l) => `    ${l}`));
        }

        out.push("", bold("Revenue path") + dim(" (relay on-demand revenue → notify_revenue → broker pot → pool)"));
        const paidSteps = steps.filter((s) => s.burned > 0n || (s.amount ?? 0n) > 0n);
        const zero = steps.length - paidSteps.length;
        if (paidSteps.length > 0) {
          const amounts = amountColumn(
            paidSteps.map((s) => s.amount ?? s.burned),
            token,
          );
          const rows = paidSteps.map((s, i) => [
            s.timeslice === undefined ? "?" : n(s.timeslice),
            n(s.until),
            amounts[i]!,
            s.burned > 0n ? n(s.requested) : "no",
            s.minted === undefined ? "no" : n(s.minted),
            s.notified === undefined ? "not yet" : n(s.notified),
            s.outcome === undefined
              ? "not yet"
              : s.outcome.event === "ClaimsReady"
                ? `${n(s.outcome.block)}: pool ${amountColumn([s.outcome.pool], token)[0]!.trim()}, system ${amountColumn([s.outcome.system], token)[0]!.trim()}`
                : `${n(s.outcome.block)}: ${s.outcome.event}`,
          ]);
          const header = ["timeslice", "until", `revenue${u}`, "burned", "in pot", "notified", "processed (relay block: split)"];
          out.push(...table([header, ...rows], ["r", "r", "r", "r", "r", "r", "l"]).map((l) => `    ${l}`));
        }
        out.push(dim(`    ${n(steps.length)} revenue requests answered${zero > 0 ? `, ${n(zero)} with no revenue (not listed)` : ""}`));
        if (paidSteps.length > 0) out.push(dim("    burned: burn from the relay's on-demand pot; in pot: mint into the broker's pot"));
        out.push("", bold(`Pool payouts: claim_revenue (${payouts.length})`));
        if (payouts.length > 0) {
          const amounts = amountColumn(
            payouts.map((p) => p.amount),
            token,
          );
          const rows = payouts.map((p, i) => [n(p.block), label(p.who), p.items.map((x) => n(x.when)).join(", ") || "-", amounts[i]!]);
          out.push(...table([["relay block", "payee", "timeslices", `paid${u}`], ...rows], ["r", "l", "l", "r"]).map((l) => `    ${l}`));
        }

        const burned = steps.reduce((a, s) => a + s.burned, 0n);
        const minted = steps.reduce((a, s) => a + (s.mintedAmount ?? 0n), 0n);
        const system = steps.reduce((a, s) => a + (s.outcome?.system ?? 0n), 0n);
        const paid = payouts.reduce((a, p) => a + p.amount, 0n);
        const totals = amountColumn([ordered, burned, minted, system, paid], token);
        out.push("", bold("Totals"));
        out.push(
          ...table(
            [
              ["on-demand orders paid on the relay", totals[0]!],
              ["burned from the on-demand pot", totals[1]!],
              ["teleported to the broker's pot", totals[2]!],
              ["charged to the system pool", totals[3]!],
              ["paid to pool contributors", totals[4]!],
            ],
            ["l", "r"],
          ).map((l) => `    ${l}${u}`),
        );

        return {
          text: out.map(shorten).join("\n"),
          json: plainJson({
            preset: ctx.preset.name,
            token: token?.symbol ?? null,
            timeslice_period: period ?? null,
            cores: ranges.map((r) => ({ core: r.core, from: r.from, to: r.to, kind: r.kind, para: r.para ?? null })),
            built: Object.fromEntries(built),
            spot_price: spot,
            orders,
            revenue: steps.map((s) => ({ ...s, minted: s.minted ?? null, notified: s.notified ?? null, amount: s.amount ?? null, outcome: s.outcome ?? null })),
            payouts,
            totals: { ordered, burned, teleported: minted, system_pool: system, paid },
          }),
        };
      },
    };
  },
};

function shorten(line: string): string {
  const visible = line.replace(/\x1b\[[0-9;]*m/g, "");
  if ([...visible].length <= MAX_WIDTH) return line;
  return `${[...visible].slice(0, MAX_WIDTH - 1).join("")}…`;
}
