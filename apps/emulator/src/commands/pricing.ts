/**
 * `corelab pricing`: the "Initial Coretime Pricing" proposal (forum thread 5187) reproduced by
 * `@corelab/coretime-pricing`, and its prices turned into a coretime preset's values.
 *
 * ```
 * corelab pricing                         the reproduction table, Polkadot then Kusama: every figure
 *                                         of the proposal, stated vs computed (exact, half-up to the
 *                                         stated digits), planck, status and the convention used
 * corelab pricing --to-preset <preset>    a ready-to-use scenario on stdout: `Broker.start_sales
 *                                         { end_price, extra_cores }` and, commented, the relay's
 *                                         on-demand base fee (2x bulk per block)
 *   --result <price>        final-validator (default) | final-infrastructure | validator | infrastructure
 *   --inputs <set>          polkadot | kusama | kusama-post24 (default: the preset's network)
 *   --region-price <mode>   time (default: a 28-day region costs 28 days of the monthly price) |
 *                           month (a region costs the monthly price)
 *   --extra-cores <n>       default: 5 on Polkadot, 3 on Kusama (their first sales)
 * ```
 *
 * Exit status: 0; 1 when a figure that should reproduce does not (a regression of the model);
 * 2 for bad options (an unknown preset, set or price).
 */
import { Option, type Command } from "commander";
import {
  INPUT_SETS,
  PRICE_CHOICES,
  PRICING_TARGETS,
  PROPOSAL_CONVENTIONS,
  reproductionTable,
  scenarioSnippet,
  toPresetPricing,
  type FigureRow,
  type PriceChoice,
  type RegionPricing,
} from "@corelab/coretime-pricing";
import type { CliIO } from "../io.ts";

/** Options of `corelab pricing` as commander parses them. */
export interface PricingOptions {
  readonly toPreset?: string;
  readonly result?: string;
  readonly inputs?: string;
  readonly regionPrice?: string;
  readonly extraCores?: string;
}

const STATUS: Record<string, string> = {
  reproduces: "ok",
  "other-convention": "ok, other convention",
  derived: "derived (not in the post)",
  input: "stated input",
  "not-reproduced": "NOT REPRODUCED",
};

/** The table as aligned text lines (one header, one line per figure). */
export function formatPricingTable(rows: readonly FigureRow[]): string[] {
  const table = [
    ["figure", "source", "stated", "computed", "exact (9 dp)", "planck", "status", "inputs; convention"],
    ...rows.map((r) => {
      const f = r.figure;
      const token = Object.values(INPUT_SETS).find((i) => i.token.symbol === f.unit.split("/")[0])?.token;
      const unit = f.unit === "USD" ? "$" : "";
      return [
        f.id,
        f.source,
        `${unit}${f.stated} ${f.unit === "USD" ? "" : f.unit}`.trim(),
        r.shown === undefined ? "-" : `${unit}${r.shown}`,
        r.computed === undefined ? "-" : r.computed.toFixed(9),
        r.computed !== undefined && token ? r.computed.toPlanck(token.decimals).toString() : "-",
        STATUS[f.status] ?? f.status,
        `${f.inputs}; ${f.convention}${f.note ? ` (${f.note})` : ""}`,
      ];
    }),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const right = new Set([2, 3, 4, 5]);
  return table.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  "));
}

function conventionsLine(): string {
  const c = PROPOSAL_CONVENTIONS;
  return (
    `conventions (the proposal's): validator month ${c.validatorMonthDays} d; infrastructure month ${c.infrastructureMonthDays} d; ` +
    `1 "GiB" = ${c.mbPerGiB} MB; bandwidth senders = backing group - 1; infrastructure = ${c.infrastructureSum === "rounded-parts" ? `sum of the ${c.partDigits}-dp parts` : "exact sum"}; ` +
    `USD = printed token figure x price; compared half-up at the stated digits; planck rounded down`
  );
}

/**
 * Runs `corelab pricing` with parsed options; returns the exit status. Throws a `CorelabError`
 * (printed by `main` as a usage error, exit 2) for an unknown preset, input set or price.
 */
export function pricingCommand(opts: PricingOptions, io: CliIO): number {
  if (opts.toPreset !== undefined) {
    const extraCores = opts.extraCores === undefined ? undefined : /^\d+$/.test(opts.extraCores) ? Number(opts.extraCores) : Number.NaN;
    const p = toPresetPricing({
      preset: opts.toPreset,
      inputs: opts.inputs,
      choice: opts.result as PriceChoice | undefined,
      regionPricing: opts.regionPrice as RegionPricing | undefined,
      extraCores,
    });
    io.stdout.write(scenarioSnippet(p));
    return 0;
  }
  if (opts.result !== undefined || opts.inputs !== undefined || opts.regionPrice !== undefined || opts.extraCores !== undefined) {
    io.stderr.write("error: --result, --inputs, --region-price and --extra-cores need --to-preset\n");
    return 2;
  }
  io.stdout.write(`Initial Coretime Pricing (Polkadot forum thread 5187), reproduced in exact arithmetic\n${conventionsLine()}\n`);
  let failed = 0;
  for (const network of ["Polkadot", "Kusama"] as const) {
    const rows = reproductionTable(network);
    const sets = [...new Set(rows.map((r) => r.figure.inputs.split(/[ ,]/)[0]!))];
    io.stdout.write(`\n${network}: ${sets.map((s) => `${s} = ${INPUT_SETS[s]?.description ?? "?"}`).join("; ")}\n`);
    for (const line of formatPricingTable(rows)) io.stdout.write(`${line}\n`);
    failed += rows.filter((r) => !r.ok && r.figure.status !== "not-reproduced").length;
  }
  const all = reproductionTable();
  const reproduced = all.filter((r) => r.ok && r.figure.status !== "derived").length;
  const stated = all.filter((r) => r.figure.status !== "derived").length;
  io.stdout.write(`\n${reproduced} of ${stated} stated figures reproduce (${all.filter((r) => r.figure.status === "other-convention").length} only under another convention); ${all.filter((r) => r.figure.status === "derived").length} derived rows\n`);
  if (failed) io.stdout.write(`${failed} figure(s) that should reproduce did not\n`);
  return failed ? 1 : 0;
}

/** Adds `pricing` to the `corelab` program; `setCode` receives the exit status. */
export function addPricingCommand(p: Command, io: CliIO, setCode: (code: number) => void): void {
  p.command("pricing")
    .description("reproduce the Initial Coretime Pricing proposal's figures, or turn a price into a preset's start_sales and on-demand values")
    .addOption(new Option("--to-preset <preset>", "print a scenario with start_sales and the on-demand base fee").choices(Object.keys(PRICING_TARGETS)))
    .addOption(new Option("--result <price>", "which price (default final-validator)").choices([...PRICE_CHOICES]))
    .addOption(new Option("--inputs <set>", "input set (default: the preset's network)").choices(Object.keys(INPUT_SETS)))
    .addOption(new Option("--region-price <mode>", "time: a region costs its days of the monthly price (default); month: the monthly price").choices(["time", "month"]))
    .option("--extra-cores <n>", "start_sales extra_cores (default 5 Polkadot, 3 Kusama)")
    .action((opts: PricingOptions) => setCode(pricingCommand(opts, io)));
}
