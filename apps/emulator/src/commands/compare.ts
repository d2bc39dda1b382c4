/**
 * `corelab compare <history.yaml> --variant <name>=<spec> …`: one history replayed under several
 * runtimes, sale beside sale.
 *
 * A history is a `network` model file (`model: network`, see `@corelab/simulate`): the chains, the
 * setup calls (`start_sales`, reservations, leases) and the buyers' intents as agents (`bulk-buyer`:
 * buy up to `regions` cores at up to `price_limit`; `renewer`: renew a para's core while the
 * renewal price is at most `price_limit`; …). An intent says what a buyer wants, not which call
 * makes it happen, so each market answers it its own way.
 *
 * A variant is `<name>=<items>`, items separated by commas:
 * - a network preset name (`polkadot-network`, `kusama-network`): the history on that network;
 * - `<key>=<value>`: a dotted key of the history file set to a YAML scalar, as `--sweep` sets one
 *   (`blocks=40000`, `agents.whale.price_limit=50 DOT`); `constants.<chain>.<Pallet>.<Name>` and
 *   `genesis.<chain>.<Pallet>.<field>` address the file's `<chain>.<Pallet>` sections
 *   (`constants.coretime.Broker.MaxLeasedCores=40`);
 * - nothing (`today=`): the history as it is.
 *
 * Every variant runs the same seed. The report, per sale (the k-th sale of each variant side by
 * side): the lead-in start and end prices, cores offered, bought and renewed, renewals on offer
 * that were lost, the mean price paid, the revenue and where it went (the broker's pot, the revenue
 * account `py/ctbrn`, the accumulate-and-forward account of the DAP route, the coretime chain's
 * issuance), and who holds which core. Written to `<out>/compare.md`,
 * `<out>/compare.json` (amounts in planck as decimal strings) and charts `prices`, `revenue`,
 * `cores` (`.svg` + `.png`); the tables are printed. The run is recorded in the run store as a
 * `compare` run (each variant a point, its per-block metrics kept).
 *
 * Exit status: 0 every variant ran · 1 a variant's run failed (the others are reported) · 2 bad
 * input (the file, a variant naming an unknown preset, key or parameter: the message names the
 * variant, the path and the valid names) · 3 a chart could not be rendered.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { CorelabError, DEV_ACCOUNT_NAMES, devAccount, formatAmount, type TokenInfo } from "@corelab/frame";
import { parseSource } from "@corelab/testing";
import {
  NETWORK_PRESETS,
  buildNetwork,
  defaultWorkers,
  executeTasks,
  setPath,
  summarizeSales,
  writeChart,
  type ChartSpec,
  type NetworkParams,
  type NetworkRunResult,
  type RunTask,
  type SaleReport,
} from "@corelab/simulate";
import type { CliIO } from "../io.ts";
import { EXIT } from "../replay-command.ts";
import { loadModelTarget, parseOrExplain } from "../simulate-command.ts";
import { Recording } from "../store.ts";
import { VERSION } from "../cli.ts";

/** Options of `corelab compare` as commander parses them. */
export interface CompareOptions {
  readonly variant?: readonly string[];
  readonly seed?: string;
  readonly out?: string;
  readonly workers?: string;
  readonly store?: string | boolean;
}

/** A parsed `--variant`: its name and the (key, value) overrides of the history file, in order. */
export interface Variant {
  readonly name: string;
  readonly spec: string;
  readonly overrides: ReadonlyArray<readonly [string, unknown]>;
}

function bad(message: string, details: string[] = []): never {
  throw new CorelabError("CompareInput", message, { details });
}

const SECTIONS = new Set(["constants", "genesis"]);

/**
 * Sets `key` on the raw history file: as `setPath`, except that `constants.<chain>.<Pallet>.…` and
 * `genesis.<chain>.<Pallet>.…` go into the file's `<chain>.<Pallet>` section (whose name has a dot).
 */
export function setHistoryKey(raw: unknown, key: string, value: unknown): unknown {
  const parts = key.split(".");
  if (parts.length >= 4 && SECTIONS.has(parts[0]!)) {
    const root = structuredClone((raw ?? {}) as Record<string, unknown>);
    const sectionName = parts[0]!;
    const section = { ...((root[sectionName] as Record<string, unknown> | undefined) ?? {}) };
    const chainPallet = `${parts[1]}.${parts[2]}`;
    section[chainPallet] = setPath(Object.hasOwn(section, chainPallet) ? section[chainPallet] : {}, parts.slice(3).join("."), value);
    root[sectionName] = section;
    return root;
  }
  return setPath(raw, key, value);
}

/** Parses `--variant <name>=<items>` (see the module docs); throws a `CorelabError` (exit 2). */
export function parseVariant(text: string): Variant {
  const eq = text.indexOf("=");
  const name = eq < 0 ? "" : text.slice(0, eq).trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) bad(`--variant ${text}: expected <name>=<preset or key=value,…> with a name of letters, digits, '.', '_' or '-'`);
  const spec = text.slice(eq + 1).trim();
  const overrides: Array<readonly [string, unknown]> = [];
  for (const item of spec === "" ? [] : spec.split(",")) {
    const s = item.trim();
    if (s === "") bad(`--variant ${name}: an empty item in '${spec}'`);
    const i = s.indexOf("=");
    if (i < 0) {
      if (!Object.hasOwn(NETWORK_PRESETS, s)) bad(`--variant ${name}: '${s}' is not a network preset`, [`valid presets: ${Object.keys(NETWORK_PRESETS).join(", ")}`, "or a key=value override of the history file"]);
      overrides.push(["preset", s]);
      continue;
    }
    const key = s.slice(0, i).trim();
    if (!/^[A-Za-z_][\w.[\]-]*$/.test(key)) bad(`--variant ${name}: '${key}' is not a dotted key of the history file`);
    overrides.push([key, parseSource(s.slice(i + 1), `--variant ${name} ${key}`).value]);
  }
  return { name, spec, overrides };
}

/** The raw history with a variant's overrides applied. */
export function applyVariant(raw: unknown, v: Variant): unknown {
  let out = raw;
  for (const [k, val] of v.overrides) out = setHistoryKey(out, k, val);
  return out;
}

/** One variant's outcome. */
interface VariantResult {
  readonly variant: Variant;
  readonly token: TokenInfo;
  readonly result: NetworkRunResult;
}

const meanPrice = (s: SaleReport): bigint | undefined => {
  const deals = [...s.purchases, ...s.renewals];
  return deals.length === 0 ? undefined : s.revenue / BigInt(deals.length);
};

/** The rows of one sale's table: a label and one cell per variant. */
function saleRows(k: number, results: readonly VariantResult[]): Array<[string, ...string[]]> {
  const cell = (f: (s: SaleReport, tok: TokenInfo) => string) => results.map((r) => (r.result.sales[k] ? f(r.result.sales[k]!, r.token) : "—"));
  const amt = (x: bigint | undefined, tok: TokenInfo): string => (x === undefined ? "—" : formatAmount(x, tok));
  return [
    ["region (timeslices)", ...cell((s) => `${s.regionBegin}–${s.regionEnd}`)],
    ["opened at (relay block)", ...cell((s) => String(s.openedAt))],
    ["start price (lead-in start; RFC-17: opening)", ...cell((s, t) => amt(s.startPrice, t))],
    ["end price (RFC-17: reserve)", ...cell((s, t) => amt(s.endPrice, t))],
    ["cores offered", ...cell((s) => String(s.coresOffered))],
    ["cores bought", ...cell((s) => String(s.purchases.length))],
    ["cores renewed", ...cell((s) => String(s.renewals.length))],
    [
      "renewals lost",
      ...cell((s) =>
        !s.closed
          ? `open at the end of the run (${s.renewals.length} of ${s.renewalsOffered.length} renewed)`
          : s.renewalsOffered.length === 0
            ? "0 of 0"
            : `${s.renewalsLost.length} of ${s.renewalsOffered.length}${s.renewalsLost.length ? ` (cores ${s.renewalsLost.join(", ")})` : ""}`,
      ),
    ],
    ["mean price paid", ...cell((s, t) => amt(meanPrice(s), t))],
    ["revenue", ...cell((s, t) => amt(s.revenue, t))],
    ["→ broker pot", ...cell((s, t) => amt(s.routing.pot, t))],
    ["→ revenue account (py/ctbrn, RFC-10)", ...cell((s, t) => amt(s.routing.revenueAccount, t))],
    ["→ accumulate-and-forward (acf/…, DAP route)", ...cell((s, t) => amt(s.routing.accumulateAccount, t))],
    ["issuance change", ...cell((s, t) => amt(s.routing.issuance, t))],
  ];
}

/** Who holds which core after sale `k`, per variant: `core → holder` (bought or renewed in the sale). */
function holderRows(k: number, results: readonly VariantResult[], short: (who: string) => string): Array<[string, ...string[]]> {
  const cores = new Set<number>();
  for (const r of results) for (const d of [...(r.result.sales[k]?.purchases ?? []), ...(r.result.sales[k]?.renewals ?? [])]) cores.add(d.core);
  return [...cores]
    .sort((a, b) => a - b)
    .map((core) => [
      `core ${core}`,
      ...results.map((r) => {
        const s = r.result.sales[k];
        const d = s?.renewals.find((x) => x.core === core) ?? s?.purchases.find((x) => x.core === core);
        return d ? `${short(d.who)}${d.task !== undefined ? ` (para ${d.task}, renewed)` : s!.renewals.includes(d) ? " (renewed)" : ""}` : "—";
      }),
    ]);
}

/**
 * Names for the accounts of a history, for the report: a dev account by its name (`alice`), another
 * account by the agents acting with it (`whale`), anything else shortened (`5CiPPs…2DjL`).
 */
function accountLabels(params: NetworkParams): (who: string) => string {
  const names = new Map<string, string>();
  for (const n of DEV_ACCOUNT_NAMES) names.set(devAccount(n), n);
  const byAgent = new Map<string, string[]>();
  for (const a of params.agents) {
    const who = a.params.account;
    if (typeof who === "string" && !names.has(who)) byAgent.set(who, [...(byAgent.get(who) ?? []), a.name]);
  }
  for (const [who, agents] of byAgent) names.set(who, agents.join("/"));
  return (who) => names.get(who) ?? (who.length > 14 ? `${who.slice(0, 6)}…${who.slice(-4)}` : who);
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(w[i]!)).join(" | ")} |`;
  return [line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...rows.map(line)];
}

/** Plain JSON of the results (amounts as decimal strings). */
function resultJson(history: string, seed: number, results: readonly VariantResult[]): unknown {
  return JSON.parse(
    JSON.stringify(
      {
        history,
        seed,
        variants: results.map((r) => ({ name: r.variant.name, spec: r.variant.spec, token: r.token.symbol, failure: r.result.failure ?? null, summary: r.result.summary, sales: r.result.sales })),
      },
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
    ),
  );
}

const toUnits = (x: bigint, t: TokenInfo): number => Number(x) / 10 ** t.decimals;

/** The charts: prices, revenue and cores per sale, one colour per variant. */
export function compareCharts(results: readonly VariantResult[]): Record<string, ChartSpec> {
  const token = results[0]?.token.symbol ?? "";
  const prices: object[] = [];
  const revenue: object[] = [];
  const cores: object[] = [];
  for (const r of results) {
    for (const s of r.result.sales) {
      prices.push({ variant: r.variant.name, sale: s.sale, what: "end price", value: toUnits(s.endPrice, r.token) });
      const m = meanPrice(s);
      if (m !== undefined) prices.push({ variant: r.variant.name, sale: s.sale, what: "mean price paid", value: toUnits(m, r.token) });
      revenue.push({ variant: r.variant.name, sale: s.sale, value: toUnits(s.revenue, r.token) });
      cores.push({ variant: r.variant.name, sale: s.sale, what: "bought", value: s.purchases.length });
      cores.push({ variant: r.variant.name, sale: s.sale, what: "renewed", value: s.renewals.length });
      cores.push({ variant: r.variant.name, sale: s.sale, what: "renewals lost", value: s.renewalsLost.length });
    }
  }
  const color = { field: "variant", type: "nominal", title: "variant" };
  return {
    prices: {
      title: `Prices per sale (${token})`,
      data: { values: prices },
      facet: { column: { field: "what", type: "nominal", title: null, sort: ["end price", "mean price paid"] } },
      resolve: { scale: { y: "independent" } },
      spec: {
        width: 280,
        height: 220,
        mark: { type: "line", point: true },
        encoding: { x: { field: "sale", type: "ordinal", title: "sale", axis: { labelAngle: 0 } }, y: { field: "value", type: "quantitative", title: token }, color },
      },
    } as ChartSpec,
    revenue: {
      title: `Revenue per sale (${token})`,
      width: 520,
      height: 240,
      data: { values: revenue },
      mark: "bar",
      encoding: { x: { field: "sale", type: "ordinal", title: "sale", axis: { labelAngle: 0 } }, xOffset: { field: "variant" }, y: { field: "value", type: "quantitative", title: token }, color },
    } as ChartSpec,
    cores: {
      title: "Cores per sale",
      data: { values: cores },
      facet: { column: { field: "what", type: "nominal", title: null } },
      spec: {
        width: 200,
        height: 200,
        mark: "bar",
        encoding: { x: { field: "sale", type: "ordinal", title: "sale", axis: { labelAngle: 0 } }, xOffset: { field: "variant" }, y: { field: "value", type: "quantitative", title: "cores" }, color },
      },
    } as ChartSpec,
  };
}

/** Runs `corelab compare`. Returns the exit status; bad input throws a `CorelabError` (exit 2). */
export async function compareCommand(target: string | undefined, opts: CompareOptions, io: CliIO): Promise<number> {
  if (target === undefined) bad("compare: expected a history (a `model: network` file)");
  const specs = opts.variant ?? [];
  if (specs.length === 0) bad("compare: expected at least one --variant <name>=<preset or key=value,…> (e.g. --variant today= --variant fewer=constants.coretime.Broker.MaxLeasedCores=40)");
  const variants = specs.map(parseVariant);
  const seen = new Set<string>();
  for (const v of variants) {
    if (seen.has(v.name)) bad(`--variant ${v.name}: named twice`);
    seen.add(v.name);
  }
  const seedText = opts.seed ?? "1";
  if (!/^\d+$/.test(seedText) || Number(seedText) > 2 ** 31 - 1) bad(`--seed ${seedText}: expected an integer from 0 to ${2 ** 31 - 1}`);
  const seed = Number(seedText);
  const workersText = opts.workers;
  if (workersText !== undefined && (!/^\d+$/.test(workersText) || Number(workersText) > 256)) bad(`--workers ${workersText}: expected an integer from 0 to 256`);
  const workers = workersText === undefined ? defaultWorkers() : Number(workersText);

  const loaded = await loadModelTarget(target, io.cwd);
  const { model, file } = loaded;
  if (model.name !== "network") bad(`${file}: compare replays a history of the \`network\` model (its coretime chain's sales), not '${model.name}'`);
  if (loaded.sweeps.length > 0) bad(`${file}: sweep: a history has no sweep (compare runs its variants instead)`);
  const tokens: TokenInfo[] = [];
  const parsed: NetworkParams[] = [];
  for (const v of variants) {
    const params = parseOrExplain(model, applyVariant(loaded.raw, v), file, `--variant ${v.name}`) as NetworkParams;
    parsed.push(params);
    try {
      buildNetwork(params); // unknown constants and genesis fields are found here, before any run
    } catch (e) {
      bad(`--variant ${v.name}: ${(e as Error).message}`);
    }
    tokens.push(NETWORK_PRESETS[params.preset]!.token);
  }

  const tasks: RunTask[] = variants.map((v) => ({ model: model.name, ...(loaded.module ? { module: loaded.module } : {}), file, raw: applyVariant(loaded.raw, v), overrides: [], seed }));
  const threads = workers === 0 || tasks.length <= 1 || !loaded.module ? 0 : Math.min(workers, tasks.length);
  io.stderr.write(`compare ${file}: ${variants.length} variant${variants.length === 1 ? "" : "s"} (${variants.map((v) => v.name).join(", ")}), seed ${seed}, ${threads ? `${threads} worker thread${threads === 1 ? "" : "s"}` : "in process"}\n`);
  const recording = await Recording.begin(opts, io, {
    kind: "compare",
    command: ["compare", target, ...variants.flatMap((v) => ["--variant", `${v.name}=${v.spec}`]), ...(opts.seed !== undefined ? ["--seed", opts.seed] : [])],
    corelabVersion: VERSION,
    model: model.name,
    params: loaded.raw,
    seeds: [seed],
    sweepPoints: variants.map((v) => ({ label: v.name, overrides: v.overrides })),
  });
  const recorder = recording.recorder;
  const raw = await executeTasks(tasks, {
    workers: threads,
    model,
    onDone: (i, r) => {
      if (recorder !== undefined) void recorder.addMetrics(i, seed, r.rows).catch(() => {});
    },
  });
  const results: VariantResult[] = raw.map((r, i) => ({ variant: variants[i]!, token: tokens[i]!, result: { ...r, sales: (r as Partial<NetworkRunResult>).sales ?? [], tokenDecimals: tokens[i]!.decimals } }));

  const out = resolve(io.cwd, opts.out ?? join("out", "compare", loaded.stem));
  const rel = relative(io.cwd, out);
  const shown = rel === "" ? "." : rel.startsWith("..") ? out : rel;
  const names = variants.map((v) => v.name);
  const short = accountLabels(parsed[0]!);
  const lines: string[] = [`# compare ${file}`, "", `seed ${seed}; variants: ${variants.map((v) => `\`${v.name}\` = ${v.spec === "" ? "the history as it is" : `\`${v.spec}\``}`).join("; ")}`, ""];
  const saleCount = Math.max(0, ...results.map((r) => r.result.sales.length));
  for (let k = 0; k < saleCount; k++) {
    lines.push(`## sale ${k + 1}`, "", ...table(["", ...names], saleRows(k, results)), "");
    const holders = holderRows(k, results, short);
    if (holders.length > 0) lines.push("who holds which core (bought or renewed in this sale):", "", ...table(["", ...names], holders), "");
  }
  if (saleCount === 0) lines.push("no sale opened in any variant (does the history call Broker.start_sales in its setup?)", "");
  for (const r of results) if (r.result.failure) lines.push(`FAILED  ${r.variant.name}: ${r.result.failure.source} at block ${r.result.failure.block}: ${r.result.failure.message}`);

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "compare.md"), `${lines.join("\n")}\n`);
  writeFileSync(join(out, "compare.json"), `${JSON.stringify(resultJson(file, seed, results), null, 2)}\n`);
  const chartErrors: string[] = [];
  const charts: string[] = [];
  if (saleCount > 0) {
    for (const [name, spec] of Object.entries(compareCharts(results))) {
      try {
        await writeChart(out, name, spec);
        charts.push(name);
      } catch (e) {
        chartErrors.push(`chart '${name}': ${(e as Error).message}`);
      }
    }
  }
  for (const l of lines) io.stdout.write(`${l}\n`);
  for (const c of chartErrors) io.stderr.write(`error: ${c}\n`);
  io.stdout.write(`wrote ${shown}/compare.md, compare.json${charts.length ? `, charts ${charts.map((c) => `${c}.svg/.png`).join(", ")}` : ""}\n`);
  const failed = results.filter((r) => r.result.failure).length;
  // the store keeps the brief (each variant's market figures); compare.json has every sale
  const brief = {
    history: file,
    seed,
    variants: results.map((r) => ({ name: r.variant.name, spec: r.variant.spec, failure: r.result.failure ?? null, market: summarizeSales(r.result.sales, r.token.decimals) })),
  };
  await recording.finish(chartErrors.length ? "error" : failed ? "fail" : "pass", brief);
  if (chartErrors.length) return EXIT.error;
  return failed ? EXIT.failed : EXIT.ok;
}
