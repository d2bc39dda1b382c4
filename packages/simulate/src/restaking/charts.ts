/**
 * The restaking model's figures as vega-lite specs (rendered to SVG/PNG by `../charts.ts`), one
 * per item of the paper's figure list that the model can produce:
 *
 * | file | paper's figure |
 * |---|---|
 * | `auction` | (1) the precompute auction model based on bids |
 * | `active-operators` | (2) number of active operators over time, by slashing factor s |
 * | `cumulative-reward` | (2) cumulative reward over time, by slashing factor s |
 * | `operator-rewards` | (3) a subset of operators' rewards over time |
 * | `reputation-vs-reward` | (4) reputation against total reward (coprocessors) |
 * | `task-network` | (5) a network of five operators and ten coprocessors: how tasks are distributed |
 *
 * Over several seeds, lines are the mean and bands the 5th–95th percentile (linear interpolation,
 * `stats.ts`). Runs are grouped by their `params.slashing_factor`, not by the sweep label.
 */
import type { ChartSpec } from "../charts.ts";
import type { LabelledRun, MetricRow, RunResult } from "../types.ts";
import type { RestakingDetail } from "./sim.ts";
import { band, mean } from "./stats.ts";

/** A run result with the restaking model's per-entity detail (what `restakingModel.run` returns). */
export interface RestakingRunResult extends RunResult {
  readonly detail?: RestakingDetail;
}

const WIDTH = 640;
const ROLES = ["winner", "bid, lost the tie-break", "would accept later"] as const;
const HEIGHT = 320;

/** The slashing factor of a run (`params.slashing_factor`). */
export function slashingFactorOf(run: RunResult): number {
  const s = run.params["params.slashing_factor"];
  return typeof s === "number" ? s : NaN;
}

/** The runs grouped by slashing factor, ascending; each group in the order given (seeds). */
export function bySlashingFactor(runs: readonly LabelledRun[]): Array<{ s: number; runs: RestakingRunResult[] }> {
  const groups = new Map<number, RestakingRunResult[]>();
  for (const r of runs) {
    if (r.result.failure !== undefined && r.result.rows.length === 0) continue;
    const s = slashingFactorOf(r.result);
    const g = groups.get(s);
    if (g) g.push(r.result);
    else groups.set(s, [r.result]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([s, rs]) => ({ s, runs: rs }));
}

const sLabel = (s: number): string => `s = ${s}`;

/** Per round: mean and p5–p95 of `column` over the runs of each slashing factor (rounds all runs reached). */
function bandRows(groups: ReturnType<typeof bySlashingFactor>, column: string): Array<Record<string, number | string>> {
  const out: Array<Record<string, number | string>> = [];
  for (const g of groups) {
    const n = Math.min(...g.runs.map((r) => r.rows.length));
    for (let i = 0; i < n; i++) {
      const values = g.runs.map((r) => r.rows[i]![column]).filter((v): v is number => typeof v === "number");
      if (values.length === 0) continue;
      const b = band(values);
      out.push({ s: sLabel(g.s), round: g.runs[0]!.rows[i]!.round as number, mean: b.mean, p5: b.p5, p95: b.p95 });
    }
  }
  return out;
}

function byS(groups: ReturnType<typeof bySlashingFactor>): { domain: string[] } {
  return { domain: groups.map((g) => sLabel(g.s)) };
}

/** A line per slashing factor (mean over seeds) with a p5–p95 band when there are several seeds. */
function bandChart(groups: ReturnType<typeof bySlashingFactor>, column: string, title: string, yTitle: string, step: boolean): ChartSpec {
  const values = bandRows(groups, column);
  const seeds = Math.max(...groups.map((g) => g.runs.length));
  const color = { field: "s", type: "nominal", title: "slashing factor", scale: byS(groups), legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 } };
  const x = { field: "round", type: "quantitative", title: "round (block)" };
  const layers: unknown[] = [];
  if (seeds > 1)
    layers.push({
      mark: { type: "area", opacity: 0.18, interpolate: step ? "step-after" : "linear" },
      encoding: { x, y: { field: "p5", type: "quantitative" }, y2: { field: "p95" }, color },
    });
  layers.push({
    mark: { type: "line", strokeWidth: 2, interpolate: step ? "step-after" : "linear" },
    encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle }, color },
  });
  const sub = seeds > 1 ? `mean over ${seeds} seeds, band: 5th–95th percentile` : "one seed";
  return { title: { text: title, subtitle: sub }, width: WIDTH, height: HEIGHT, data: { values }, layer: layers } as unknown as ChartSpec;
}

/** The run whose slashing factor is closest to `target` (first seed), for single-run figures. */
function pickRun(groups: ReturnType<typeof bySlashingFactor>, target: number): { s: number; run: RestakingRunResult } | undefined {
  let best: { s: number; run: RestakingRunResult } | undefined;
  for (const g of groups) {
    if (best === undefined || Math.abs(g.s - target) < Math.abs(best.s - target)) best = { s: g.s, run: g.runs[0]! };
  }
  return best;
}

/** Figure (1): one task's Dutch auction, its price descent and every willing coprocessor's limit. */
function auctionChart(groups: ReturnType<typeof bySlashingFactor>): ChartSpec | undefined {
  const picked = groups.flatMap((g) => g.runs.map((run) => ({ s: g.s, run }))).find((x) => x.run.detail?.sample_auction !== undefined);
  const a = picked?.run.detail?.sample_auction;
  if (!picked || !a) return undefined;
  const prices = a.prices.map((p, tau) => ({ tau, price: p }));
  const roleOf = (b: { coprocessor: string; bid: boolean }): string => (b.coprocessor === a.winner ? ROLES[0] : b.bid ? ROLES[1] : ROLES[2]);
  const bids = a.bidders.map((b) => ({ tau: b.tau, limit: b.limit, coprocessor: b.coprocessor, role: roleOf(b) }));
  const layers: unknown[] = [
    {
      data: { values: prices },
      mark: { type: "line", point: true, color: "#4c78a8", strokeWidth: 2 },
      encoding: {
        x: { field: "tau", type: "quantitative", title: "blocks since posting (τ)", scale: { domain: [0, a.duration] } },
        y: { field: "price", type: "quantitative", title: "price P(τ): the operator's share (tokens)", scale: { zero: true } },
      },
    },
    { data: { values: [{ floor: a.floor }] }, mark: { type: "rule", strokeDash: [4, 4], color: "#888" }, encoding: { y: { field: "floor", type: "quantitative" } } },
    { data: { values: [{ floor: a.floor, label: `floor (load curve) ${a.floor.toFixed(1)}` }] }, mark: { type: "text", align: "left", dx: 4, dy: -6, color: "#666" }, encoding: { x: { datum: 0 }, y: { field: "floor", type: "quantitative" }, text: { field: "label" } } },
    {
      data: { values: bids },
      mark: { type: "point", filled: true, size: 90 },
      encoding: {
        x: { field: "tau", type: "quantitative" },
        y: { field: "limit", type: "quantitative" },
        color: { field: "role", type: "nominal", title: "coprocessor's limit", scale: { domain: [...ROLES], range: ["#e45756", "#f58518", "#72b7b2"] } },
        shape: { field: "role", type: "nominal", legend: null },
      },
    },
    { data: { values: bids }, mark: { type: "text", align: "left", dx: 7, fontSize: 10 }, encoding: { x: { field: "tau", type: "quantitative" }, y: { field: "limit", type: "quantitative" }, text: { field: "coprocessor" } } },
  ];
  layers.push({
    data: { values: [{ tau: a.sold_tau, price: a.price, label: `accepted by ${a.winner} at ${a.price.toFixed(1)}` }] },
    mark: { type: "point", shape: "diamond", size: 220, filled: true, color: "#222" },
    encoding: { x: { field: "tau", type: "quantitative" }, y: { field: "price", type: "quantitative" }, tooltip: { field: "label" } },
  });
  const bidders = a.bidders.filter((b) => b.bid).length;
  const sold = `sold at τ = ${a.sold_tau} for ${a.price.toFixed(1)} (◆): the pallet's tie-break (reputation first) chose ${a.winner} of ${bidders} bidders`;
  return {
    title: {
      text: `Dutch auction of task #${a.task_id} (reward ${a.reward}, posted at block ${a.posted_at})`,
      subtitle: [
        `the price descends linearly from the reward to the floor over D = ${a.duration} blocks; dots: each eligible coprocessor's limit in the block of the sale,`,
        `placed where the price reaches it; ${sold}; s = ${picked.s}, seed ${picked.run.seed}`,
      ],
    },
    width: WIDTH,
    height: HEIGHT,
    layer: layers,
  } as unknown as ChartSpec;
}

/** Figure (3): cumulative net reward of the tracked operators in one run. */
function operatorRewardsChart(groups: ReturnType<typeof bySlashingFactor>, target: number): ChartSpec | undefined {
  const picked = pickRun(groups, target);
  if (!picked) return undefined;
  const rows: readonly MetricRow[] = picked.run.rows;
  const cols = Object.keys(rows[0] ?? {}).filter((k) => k.startsWith("reward."));
  if (cols.length === 0) return undefined;
  const values = rows.flatMap((r) => cols.map((c) => ({ round: r.round, operator: c.slice("reward.".length), reward: r[c] })));
  return {
    title: { text: "Operators' cumulative net rewards over time", subtitle: `${cols.length} operators of one run (s = ${picked.s}, seed ${picked.run.seed}); drops are stake slashes` },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "line", strokeWidth: 1.6 },
    encoding: {
      x: { field: "round", type: "quantitative", title: "round (block)" },
      y: { field: "reward", type: "quantitative", title: "net reward (tokens)" },
      color: { field: "operator", type: "nominal", title: "operator" },
    },
  } as unknown as ChartSpec;
}

/** Figure (4): every coprocessor's final reputation against its total reward, all runs, by s. */
function reputationChart(groups: ReturnType<typeof bySlashingFactor>): ChartSpec | undefined {
  const values = groups.flatMap((g) =>
    g.runs.flatMap((r) => (r.detail?.coprocessors ?? []).map((c) => ({ s: sLabel(g.s), reputation: c.mean_reputation, reward: c.reward, quality: c.quality, tasks: c.tasks }))),
  );
  if (values.length === 0) return undefined;
  const corr = groups.map((g) => `${sLabel(g.s)}: r = ${mean(g.runs.map((r) => r.summary.reputation_reward_correlation ?? NaN)).toFixed(2)}`).join(", ");
  return {
    title: { text: "Coprocessor reputation against total reward", subtitle: [`each dot a coprocessor of a run: its GAS reputation averaged over the run, its net reward at the end`, `Pearson correlation (mean over seeds) ${corr}`] },
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: "point", filled: true, opacity: 0.7 },
    encoding: {
      x: { field: "reputation", type: "quantitative", title: "GAS reputation R_c (mean over the run)", scale: { zero: false } },
      y: { field: "reward", type: "quantitative", title: "total net reward (tokens)" },
      color: { field: "s", type: "nominal", title: "slashing factor", scale: byS(groups) },
      size: { field: "tasks", type: "quantitative", title: "tasks won" },
    },
  } as unknown as ChartSpec;
}

/** Figure (5): the companion network's operator × coprocessor task counts (first seed of each s). */
function networkChart(groups: ReturnType<typeof bySlashingFactor>): ChartSpec | undefined {
  const values: Array<Record<string, string | number>> = [];
  let dims: { ops: number; cops: number; rounds: number } | undefined;
  for (const g of groups) {
    const run = g.runs[0]!;
    const net = run.detail?.network;
    if (!net) continue;
    dims = { ops: net.operators.length, cops: net.coprocessors.length, rounds: net.rounds };
    net.operators.forEach((op, i) => {
      net.coprocessors.forEach((c, j) => values.push({ s: sLabel(g.s), operator: op, coprocessor: `${c.id} θ=${c.quality.toFixed(2)}`, tasks: net.edges[i]![j]! }));
      values.push({ s: sLabel(g.s), operator: op, coprocessor: "self", tasks: net.self_executed[i]! });
    });
  }
  if (!dims) return undefined;
  return {
    title: {
      text: `Task distribution in a network of ${dims.ops} operators and ${dims.cops} coprocessors`,
      subtitle: `tasks each operator's auctions gave each coprocessor over ${dims.rounds} rounds ("self": executed by the operator); one seed per slashing factor`,
    },
    data: { values },
    facet: { row: { field: "s", type: "nominal", title: null, sort: byS(groups).domain } },
    spec: {
      width: 560,
      height: 110,
      layer: [
        {
          mark: { type: "rect" },
          encoding: {
            x: { field: "coprocessor", type: "nominal", title: null, sort: null, axis: { labelAngle: -40 } },
            y: { field: "operator", type: "nominal", title: null },
            color: { field: "tasks", type: "quantitative", title: "tasks", scale: { scheme: "blues" } },
          },
        },
        {
          mark: { type: "text", fontSize: 10 },
          encoding: { x: { field: "coprocessor", type: "nominal", sort: null }, y: { field: "operator", type: "nominal" }, text: { field: "tasks", type: "quantitative" } },
        },
      ],
    },
    resolve: { scale: { color: "independent" } },
  } as unknown as ChartSpec;
}

/**
 * The figures for `runs` (all seeds of all sweep points), keyed by file name. Figures whose data
 * the runs lack (no sampled auction, no companion network, no tracked operators) are left out.
 * `defaultS` picks the run of the single-run figures: the slashing factor closest to it.
 */
export function restakingCharts(runs: readonly LabelledRun[], defaultS = 0.1): Record<string, ChartSpec> {
  const groups = bySlashingFactor(runs);
  if (groups.length === 0) return {};
  const out: Record<string, ChartSpec> = {};
  const auction = auctionChart(groups);
  if (auction) out.auction = auction;
  out["active-operators"] = bandChart(groups, "active_operators", "Active operators over time, by slashing factor s", "active operators", true);
  out["cumulative-reward"] = bandChart(groups, "cumulative_net_reward", "Cumulative net reward of all operators, by slashing factor s", "task income − stake slashed (tokens)", false);
  const rewards = operatorRewardsChart(groups, defaultS);
  if (rewards) out["operator-rewards"] = rewards;
  const rep = reputationChart(groups);
  if (rep) out["reputation-vs-reward"] = rep;
  const net = networkChart(groups);
  if (net) out["task-network"] = net;
  return out;
}
