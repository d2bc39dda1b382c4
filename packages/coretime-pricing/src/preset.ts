/**
 * From a model price to the two numbers a coretime preset needs: the broker's `start_sales`
 * end price and the relay's on-demand base fee, both in planck.
 *
 * - **End price.** The model prices a core-month (the month of the chosen approach: 365/12 d for
 *   the validator approach, 30 d for the infrastructure one). A bulk region is `region_length`
 *   5 040 timeslices × 80 relay blocks = 403 200 relay blocks = 28 days at 14 400 blocks/day.
 *   `regionPricing: "time"` (default) charges the region for its time:
 *   `end_price = price × 403 200 / (blocksPerDay × monthDays)`; `"month"` takes the post's word
 *   that bulk coretime is "sold in monthly allotments" and uses the monthly price as it is.
 * - **On-demand base fee.** One on-demand order buys one block of one core, so the bulk price per
 *   block is `price / (blocksPerDay × monthDays)` and `on_demand_base_fee = onDemandMultiplier ×`
 *   that (2×, "I propose 2x"). The spot price is `traffic × on_demand_base_fee` with traffic ≥ 1
 *   (polkadot-sdk `on_demand/mod.rs`), so the base fee is the floor of the on-demand price.
 *   This does not depend on `regionPricing`.
 *
 * Amounts are rounded down to whole planck. Under the presets' price adapters (`CenterTargetPrice`,
 * `MinimumPrice`) the bootstrap sale after `start_sales(end_price, …)` has target (renewal) price
 * 10 × end price and a lead-in from 100 × end price; `MinimumPrice` (the presets' newest era)
 * raises an end price below its floor (10 DOT / 1 KSM) to the floor in that first sale already.
 */
import { CorelabError } from "@corelab/frame/errors";
import { DOT, INPUT_SETS, KSM, PROPOSAL_CONVENTIONS, computeCoretimePricing, type PricingConventions, type PricingInputs, type TokenUnit } from "./model.ts";
import { Rational, rat } from "./rational.ts";

/** A coretime preset the prices can be turned into (`coretime-polkadot`, `coretime-kusama`). */
export interface PricingTarget {
  /** The preset name (`coretime-polkadot`). */
  readonly preset: string;
  readonly token: TokenUnit;
  /** The input set used unless told otherwise. */
  readonly defaultInputs: string;
  /** `region_length` (timeslices). */
  readonly regionLength: number;
  /** `TimeslicePeriod` (relay blocks per timeslice). */
  readonly timeslicePeriod: number;
  /** `extra_cores` used unless told otherwise (the cores of the network's first sale). */
  readonly defaultExtraCores: number;
  /** The `MinimumPrice` floor of the preset's newest era (planck). */
  readonly minimumEndPrice: bigint;
}

/**
 * The targets: region 5 040 timeslices of 80 relay blocks on both; Polkadot's first sale offered
 * 5 cores (cores 51–55), Kusama's 3; `MinimumPrice` floors 10 DOT and 1 KSM (runtimes PR #754).
 * Source: `docs/references.md#real-coretime-data` §1, §2.3, §2.4; `@corelab/testing` presets.
 */
export const PRICING_TARGETS: Readonly<Record<string, PricingTarget>> = {
  "coretime-polkadot": {
    preset: "coretime-polkadot",
    token: DOT,
    defaultInputs: "polkadot",
    regionLength: 5040,
    timeslicePeriod: 80,
    defaultExtraCores: 5,
    minimumEndPrice: 100_000_000_000n,
  },
  "coretime-kusama": {
    preset: "coretime-kusama",
    token: KSM,
    defaultInputs: "kusama",
    regionLength: 5040,
    timeslicePeriod: 80,
    defaultExtraCores: 3,
    minimumEndPrice: 1_000_000_000_000n,
  },
};

/** Which price of the model to use. */
export type PriceChoice = "validator" | "infrastructure" | "final-validator" | "final-infrastructure";

/** The choices, in order (`final-validator` is the default: the post leans to the DOT-only approach). */
export const PRICE_CHOICES: readonly PriceChoice[] = ["final-validator", "final-infrastructure", "validator", "infrastructure"];

/** How a model month maps to a region (see the module comment). */
export type RegionPricing = "time" | "month";

/** Options of `toPresetPricing`. */
export interface PresetPricingOptions {
  /** A key of `PRICING_TARGETS`. */
  readonly preset: string;
  /** A key of `INPUT_SETS` (default: the target's). Must be of the target's network. */
  readonly inputs?: string;
  /** Default `final-validator`. */
  readonly choice?: PriceChoice;
  /** Default `time`. */
  readonly regionPricing?: RegionPricing;
  /** Default: the target's. */
  readonly extraCores?: number;
  /** Default: the proposal's. */
  readonly conventions?: PricingConventions;
}

/** A model price turned into a preset's `start_sales` and on-demand values. */
export interface PresetPricing {
  readonly target: PricingTarget;
  readonly inputs: PricingInputs;
  readonly choice: PriceChoice;
  readonly regionPricing: RegionPricing;
  /** The chosen model price (token per core-month, exact). */
  readonly monthlyPrice: Rational;
  /** The month of the chosen approach (days). */
  readonly monthDays: Rational;
  /** Relay blocks per region (403 200). */
  readonly regionBlocks: number;
  /** The end price (token, exact) and in planck (rounded down). */
  readonly endPriceExact: Rational;
  readonly endPrice: bigint;
  /** The bulk price per block (token, exact). */
  readonly bulkPerBlock: Rational;
  /** The on-demand base fee (token, exact) and in planck (rounded down). */
  readonly onDemandBaseFeeExact: Rational;
  readonly onDemandBaseFee: bigint;
  readonly extraCores: number;
  /** Remarks (e.g. the `MinimumPrice` floor raising the end price). */
  readonly notes: readonly string[];
}

function unknown(kind: string, name: string, known: readonly string[]): CorelabError {
  return new CorelabError("UnknownName", `unknown ${kind} '${name}'`, { details: [`known: ${known.join(", ")}`] });
}

/**
 * Turns a model price into `start_sales` and on-demand values for a preset (see the module
 * comment for the conversions). Throws a `CorelabError` for an unknown preset, input set or
 * choice, an input set of another network, or an `extraCores` that is not a u16.
 */
export function toPresetPricing(opts: PresetPricingOptions): PresetPricing {
  const target = PRICING_TARGETS[opts.preset];
  if (!target) throw unknown("pricing preset", opts.preset, Object.keys(PRICING_TARGETS));
  const inputsName = opts.inputs ?? target.defaultInputs;
  const inputs = INPUT_SETS[inputsName];
  if (!inputs) throw unknown("input set", inputsName, Object.keys(INPUT_SETS));
  if (inputs.token.symbol !== target.token.symbol) {
    throw new CorelabError("InvalidValue", `input set '${inputsName}' prices ${inputs.token.symbol}, preset '${target.preset}' uses ${target.token.symbol}`);
  }
  const choice = opts.choice ?? "final-validator";
  if (!PRICE_CHOICES.includes(choice)) throw unknown("price", choice, PRICE_CHOICES);
  const extraCores = opts.extraCores ?? target.defaultExtraCores;
  if (!Number.isInteger(extraCores) || extraCores < 0 || extraCores > 0xffff) {
    throw new CorelabError("InvalidValue", `extra cores must be a u16, got ${extraCores}`);
  }
  const conventions = opts.conventions ?? PROPOSAL_CONVENTIONS;
  const regionPricing = opts.regionPricing ?? "time";
  const r = computeCoretimePricing(inputs, conventions);
  const validatorSide = choice === "validator" || choice === "final-validator";
  const monthlyPrice = {
    validator: r.validator,
    infrastructure: r.infrastructure,
    "final-validator": r.finalValidator,
    "final-infrastructure": r.finalInfrastructure,
  }[choice];
  const monthDays = validatorSide ? conventions.validatorMonthDays : conventions.infrastructureMonthDays;
  const blocksPerMonth = inputs.blocksPerDay.mul(monthDays);
  const regionBlocks = target.regionLength * target.timeslicePeriod;
  const endPriceExact = regionPricing === "time" ? monthlyPrice.mul(rat(regionBlocks)).div(blocksPerMonth) : monthlyPrice;
  const bulkPerBlock = monthlyPrice.div(blocksPerMonth);
  const onDemandBaseFeeExact = inputs.onDemandMultiplier.mul(bulkPerBlock);
  const endPrice = endPriceExact.toPlanck(target.token.decimals);
  const onDemandBaseFee = onDemandBaseFeeExact.toPlanck(target.token.decimals);
  const notes: string[] = [];
  if (endPrice <= 0n || onDemandBaseFee <= 0n) throw new CorelabError("InvalidValue", `the ${choice} price of '${inputsName}' is not positive`);
  if (endPrice < target.minimumEndPrice) {
    notes.push(
      `below the preset's MinimumPrice floor (${formatPlanck(target.minimumEndPrice, target.token)}): start_sales' first rotation raises the sale's end price to the floor (the eras before 1 006 000, CenterTargetPrice, keep it)`,
    );
  }
  return {
    target,
    inputs,
    choice,
    regionPricing,
    monthlyPrice,
    monthDays,
    regionBlocks,
    endPriceExact,
    endPrice,
    bulkPerBlock,
    onDemandBaseFeeExact,
    onDemandBaseFee,
    extraCores,
    notes,
  };
}

/** `amount` planck as a token amount with all its decimals, trailing zeros trimmed (`"183.6746 DOT"`). */
export function formatPlanck(planck: bigint, token: TokenUnit): string {
  const s = Rational.of(planck, 10n ** BigInt(token.decimals)).toFixed(token.decimals);
  return `${s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s} ${token.symbol}`;
}

/** A YAML integer: a number when safe, else a decimal string (SCENARIO.md "Values"). */
function yamlInt(v: bigint): string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? v.toString() : `"${v}"`;
}

/**
 * The first sale's end price on the preset's newest era: the end price, raised to the
 * `MinimumPrice` floor (the first rotation of `start_sales` adapts the imaginary previous sale).
 */
export function saleEndPrice(p: PresetPricing): bigint {
  return p.endPrice < p.target.minimumEndPrice ? p.target.minimumEndPrice : p.endPrice;
}

/**
 * A ready-to-use scenario: `name`, `runtime` and block 1 with Root's
 * `Broker.start_sales { end_price, extra_cores }` expecting `Broker.SalesStarted` (on a fresh
 * preset the core count is `extra_cores`) and the first sale's `SaleInfo.end_price` (`saleEndPrice`), then the on-demand host configuration value
 * (relay chain: `HostConfiguration.scheduler_params.on_demand_base_fee`, set by Root with
 * `Configuration.set_on_demand_base_fee { new }` in polkadot-sdk), commented because the coretime
 * presets hold no relay chain. Every line that is not YAML is a `#` comment.
 */
export function scenarioSnippet(p: PresetPricing): string {
  const t = p.target.token;
  const month = `${p.monthDays} d`;
  const lines = [
    `# coretime pricing (forum 5187): ${p.choice} of '${p.inputs.name}' = ${p.monthlyPrice.toFixed(6)} ${t.symbol} per core-month (month = ${month})`,
    p.regionPricing === "time"
      ? `# end price = price x ${p.regionBlocks} relay blocks / (${p.inputs.blocksPerDay} blocks/day x ${month}) = ${formatPlanck(p.endPrice, t)} per region`
      : `# end price = the monthly price (a region counted as one month) = ${formatPlanck(p.endPrice, t)} per region`,
    `# bootstrap sale: target (renewal) price 10 x end, lead-in from 100 x end`,
    ...p.notes.map((n) => `# note: ${n}`),
    `name: coretime pricing, ${p.choice} of ${p.inputs.name} on ${p.target.preset}`,
    `runtime: ${p.target.preset}`,
    `blocks:`,
    `  - at: 1`,
    `    calls:`,
    `      - origin: Root`,
    `        call: Broker.start_sales`,
    `        args: { end_price: ${yamlInt(p.endPrice)}, extra_cores: ${p.extraCores} }`,
    `    expect:`,
    `      events:`,
    `        - Broker.SalesStarted: { price: ${yamlInt(p.endPrice)}, core_count: ${p.extraCores} }`,
    `      storage:`,
    `        - item: Broker.SaleInfo`,
    `          value: { end_price: ${yamlInt(saleEndPrice(p))} }`,
    `# on-demand (relay chain HostConfiguration.scheduler_params.on_demand_base_fee):`,
    `#   ${p.inputs.onDemandMultiplier} x bulk per block = ${p.inputs.onDemandMultiplier} x ${p.monthlyPrice.toFixed(6)} ${t.symbol} / (${p.inputs.blocksPerDay} x ${month}) = ${formatPlanck(p.onDemandBaseFee, t)}`,
    `# on_demand_base_fee: ${yamlInt(p.onDemandBaseFee)}`,
    `#   - origin: Root`,
    `#     call: Configuration.set_on_demand_base_fee`,
    `#     args: { new: ${yamlInt(p.onDemandBaseFee)} }`,
  ];
  return `${lines.join("\n")}\n`;
}
