/**
 * Every figure the "Initial Coretime Pricing" proposal prints (post 7 and its Kusama section,
 * post 24; `docs/references.md#initial-coretime-pricing`, forum thread 5187), with the inputs and
 * convention under which this model reproduces it, plus the derived on-demand prices and the
 * Kusama figure of seadanda's configuration note (runtimes PR #212 = hackmd @seadanda/r14dvgrpp)
 * that was built on post 24.
 *
 * `reproductionTable()` computes them all; `status` says how each one reproduces:
 * - `reproduces`: under the inputs as stated and the proposal's conventions (`PROPOSAL_CONVENTIONS`);
 * - `other-convention`: only when one stated value or convention is read differently (named in
 *   `convention`); `alternatives` then holds the literal reading, which does not reproduce;
 * - `derived`: not printed in the post; computed from its rules (on-demand 2×);
 * - `input`: a value the post states and the model takes as given (checked against the input set);
 * - `not-reproduced`: the post does not give what is needed (no `value`).
 */
import {
  KUSAMA_ERAS_PER_DAY,
  KUSAMA_INPUTS,
  KUSAMA_POST24_INPUTS,
  POLKADOT_INPUTS,
  PROPOSAL_CONVENTIONS,
  computeCoretimePricing,
  withConventions,
  withInputs,
  type PricingConventions,
  type PricingInputs,
  type PricingResult,
} from "./model.ts";
import { Rational, rat } from "./rational.ts";

/** How a figure reproduces (see the module comment). */
export type FigureStatus = "reproduces" | "other-convention" | "derived" | "input" | "not-reproduced";

/** Another reading of a figure's inputs or conventions, and what it gives (shown to its `digits`). */
export interface FigureAlternative {
  /** The reading (`"month = 30 d"`). */
  readonly convention: string;
  readonly value: Rational;
}

/** One figure of the proposal and how to compute it. */
export interface Figure {
  /** Stable id (`dot-validator`). */
  readonly id: string;
  readonly network: "Polkadot" | "Kusama";
  /** Where it is printed (`post 7`, `post 7 (Kusama)`, `post 24`, `PR #212`). */
  readonly source: string;
  /** What it is. */
  readonly label: string;
  /** The digits as printed, without `$` or unit (`"213"`, `"1384.50"`, `"0.662"`). */
  readonly stated: string;
  /** Unit: the token symbol, `USD`, or `KSM/day`. */
  readonly unit: string;
  /** Decimals the figure is printed with (the rounding the comparison uses, half-up). */
  readonly digits: number;
  /** The input set (`polkadot`, `kusama`, `kusama-post24`) and any override, as text. */
  readonly inputs: string;
  /** The conventions that matter for this figure, as text. */
  readonly convention: string;
  readonly status: FigureStatus;
  /** Computes the figure exactly; absent for `not-reproduced`. */
  readonly value?: () => Rational;
  /** Other readings, none of which reproduces the figure. */
  readonly alternatives?: () => readonly FigureAlternative[];
  /** Why, for the non-obvious rows. */
  readonly note?: string;
}

const P = POLKADOT_INPUTS;
const K = KUSAMA_INPUTS;
const K24 = KUSAMA_POST24_INPUTS;
const pc = (i: PricingInputs, c: PricingConventions = PROPOSAL_CONVENTIONS): PricingResult => computeCoretimePricing(i, c);
/** USD of the figure as printed (`displayed` token figure × price), the post's way. */
const usdOfShown = (v: Rational, digits: number, i: PricingInputs): Rational => v.round(digits).mul(i.tokenUsd);
const alt = (convention: string, value: Rational): FigureAlternative => ({ convention, value });
const exactSum = withConventions({ infrastructureSum: "exact" });

/** The figures, in the order the post prints them. */
export const FIGURES: readonly Figure[] = [
  // ---- Polkadot, post 7 ----
  {
    id: "dot-validator", network: "Polkadot", source: "post 7", label: "validator-reward approach", stated: "213", unit: "DOT", digits: 0,
    inputs: "polkadot", convention: "month = 365/12 d", status: "reproduces",
    value: () => pc(P).validator,
    alternatives: () => [
      alt("month = 30 d", pc(P, withConventions({ validatorMonthDays: rat(30) })).validator),
      alt("month = 31 d", pc(P, withConventions({ validatorMonthDays: rat(31) })).validator),
      alt("0.83 MB/s read as 5/6 (5 MB / 6 s)", pc(withInputs(P, { dataAvailabilityMBps: rat("5/6") })).validator),
    ],
  },
  {
    id: "dot-validator-usd", network: "Polkadot", source: "post 7", label: "validator approach in USD", stated: "1384.50", unit: "USD", digits: 2,
    inputs: "polkadot", convention: "printed 213 × $6.50", status: "reproduces",
    value: () => usdOfShown(pc(P).validator, 0, P),
    alternatives: () => [alt("unrounded 212.67 × $6.50", pc(P).validator.mul(P.tokenUsd))],
  },
  {
    id: "dot-bandwidth", network: "Polkadot", source: "post 7", label: "bandwidth (infrastructure)", stated: "112.98", unit: "DOT", digits: 2,
    inputs: "polkadot", convention: "month = 30 d; 1 GiB = 1000 MB; senders = group 5 − 1", status: "reproduces",
    value: () => pc(P).bandwidth,
    alternatives: () => [
      alt("1 GiB = 1024 MB", pc(P, withConventions({ mbPerGiB: rat(1024) })).bandwidth),
      alt("1 GiB = 2^30 B, 1 MB = 10^6 B", pc(P, withConventions({ mbPerGiB: rat("1073.741824") })).bandwidth),
      alt("month = 365/12 d", pc(P, withConventions({ infrastructureMonthDays: rat("365/12") })).bandwidth),
      alt("senders = whole group (5)", pc(P, withConventions({ bandwidthSenders: "backing-group" })).bandwidth),
    ],
  },
  {
    id: "dot-compute", network: "Polkadot", source: "post 7", label: "compute (infrastructure)", stated: "63.17", unit: "DOT", digits: 2,
    inputs: "polkadot", convention: "month = 30 d (2 s × 14 400 = 8 h/day)", status: "reproduces",
    value: () => pc(P).compute,
    alternatives: () => [alt("month = 365/12 d", pc(P, withConventions({ infrastructureMonthDays: rat("365/12") })).compute)],
  },
  {
    id: "dot-infra", network: "Polkadot", source: "post 7", label: "infrastructure approach", stated: "176.15", unit: "DOT", digits: 2,
    inputs: "polkadot", convention: "sum of the 2-dp parts (the exact sum agrees)", status: "reproduces",
    value: () => pc(P).infrastructure,
  },
  {
    id: "dot-infra-usd", network: "Polkadot", source: "post 7", label: "infrastructure approach in USD", stated: "1144.98", unit: "USD", digits: 2,
    inputs: "polkadot", convention: "printed 176.15 × $6.50 = 1144.975, half-up", status: "reproduces",
    value: () => usdOfShown(pc(P).infrastructure, 2, P),
    alternatives: () => [alt("unrounded 176.152 × $6.50", pc(P, exactSum).infrastructure.mul(P.tokenUsd))],
  },
  {
    id: "dot-deposit", network: "Polkadot", source: "post 7", label: "average registration deposit", stated: "1052", unit: "DOT", digits: 0,
    inputs: "polkadot", convention: "given", status: "input",
    value: () => P.registrationDeposit!,
  },
  {
    id: "dot-oppcost", network: "Polkadot", source: "post 7", label: "registration opportunity cost / month", stated: "13.15", unit: "DOT", digits: 2,
    inputs: "polkadot", convention: "1052 × 15 % / 12", status: "reproduces",
    value: () => pc(P).opportunityCost,
  },
  {
    id: "dot-final-val", network: "Polkadot", source: "post 7", label: "final, validator approach", stated: "199.5", unit: "DOT", digits: 1,
    inputs: "polkadot", convention: "unrounded validator (month = 365/12 d) − 13.15", status: "reproduces",
    value: () => pc(P).finalValidator,
    alternatives: () => [
      alt("printed 213 − 13.15", pc(P).validator.round(0).sub(pc(P).opportunityCost)),
      alt("month = 30 d", pc(P, withConventions({ validatorMonthDays: rat(30) })).finalValidator),
      alt("month = 30.44 d", pc(P, withConventions({ validatorMonthDays: rat("30.44") })).finalValidator),
    ],
  },
  {
    id: "dot-final-val-usd", network: "Polkadot", source: "post 7", label: "final, validator approach in USD", stated: "1296.75", unit: "USD", digits: 2,
    inputs: "polkadot", convention: "printed 199.5 × $6.50", status: "reproduces",
    value: () => usdOfShown(pc(P).finalValidator, 1, P),
    alternatives: () => [alt("unrounded 199.52 × $6.50", pc(P).finalValidator.mul(P.tokenUsd))],
  },
  {
    id: "dot-final-infra", network: "Polkadot", source: "post 7", label: "final, infrastructure approach", stated: "163", unit: "DOT", digits: 0,
    inputs: "polkadot", convention: "176.15 − 13.15", status: "reproduces",
    value: () => pc(P).finalInfrastructure,
  },
  {
    id: "dot-final-infra-usd", network: "Polkadot", source: "post 7", label: "final, infrastructure approach in USD", stated: "1059.50", unit: "USD", digits: 2,
    inputs: "polkadot", convention: "printed 163 × $6.50", status: "reproduces",
    value: () => usdOfShown(pc(P).finalInfrastructure, 0, P),
  },
  {
    id: "dot-on-demand-val", network: "Polkadot", source: "post 7 (2×)", label: "on-demand, validator basis, per core-month", stated: "399", unit: "DOT", digits: 0,
    inputs: "polkadot", convention: "2 × final validator", status: "derived",
    value: () => pc(P).onDemandValidator,
  },
  {
    id: "dot-on-demand-infra", network: "Polkadot", source: "post 7 (2×)", label: "on-demand, infrastructure basis, per core-month", stated: "326", unit: "DOT", digits: 0,
    inputs: "polkadot", convention: "2 × final infrastructure", status: "derived",
    value: () => pc(P).onDemandInfrastructure,
  },
  {
    id: "dot-on-demand-block-val", network: "Polkadot", source: "post 7 (2×)", label: "on-demand per block, validator basis", stated: "0.000911", unit: "DOT", digits: 6,
    inputs: "polkadot", convention: "÷ (14 400 blocks/day × 365/12 d)", status: "derived",
    value: () => pc(P).onDemandPerBlockValidator,
  },
  {
    id: "dot-on-demand-block-infra", network: "Polkadot", source: "post 7 (2×)", label: "on-demand per block, infrastructure basis", stated: "0.000755", unit: "DOT", digits: 6,
    inputs: "polkadot", convention: "÷ (14 400 blocks/day × 30 d)", status: "derived",
    value: () => pc(P).onDemandPerBlockInfrastructure,
  },
  // ---- Kusama, post 7's Kusama section ----
  {
    id: "ksm-validator", network: "Kusama", source: "post 7 (Kusama)", label: "validator-reward approach", stated: "20.2", unit: "KSM", digits: 1,
    inputs: "kusama (utilisation 1: \"maximum block weight\", 2 KSM/day)", convention: "month = 365/12 d", status: "reproduces",
    value: () => pc(K).validator,
    alternatives: () => [
      alt("median weight 1.8 % kept", pc(withInputs(K, { utilisation: rat("0.018") })).validator),
      alt("month = 30 d", pc(K, withConventions({ validatorMonthDays: rat(30) })).validator),
    ],
    note: "the post's Kusama section says \"allowing for maximum block weight\", so the 1.8 % factor is dropped as stated",
  },
  {
    id: "ksm-validator-usd", network: "Kusama", source: "post 7 (Kusama)", label: "validator approach in USD", stated: "767.60", unit: "USD", digits: 2,
    inputs: "kusama", convention: "printed 20.2 × $38", status: "reproduces",
    value: () => usdOfShown(pc(K).validator, 1, K),
  },
  {
    id: "ksm-compute", network: "Kusama", source: "post 7 (Kusama)", label: "compute (CPU)", stated: "10.80", unit: "KSM", digits: 2,
    inputs: "kusama", convention: "month = 30 d", status: "reproduces",
    value: () => pc(K).compute,
  },
  {
    id: "ksm-bandwidth", network: "Kusama", source: "post 7 (Kusama)", label: "bandwidth", stated: "9.66", unit: "KSM", digits: 2,
    inputs: "kusama (backing group 3)", convention: "month = 30 d; 1 GiB = 1000 MB; senders = group 3 − 1", status: "reproduces",
    value: () => pc(K).bandwidth,
    alternatives: () => [alt("senders = 4 (Polkadot's)", pc(withInputs(K, { backingGroupSize: 5 })).bandwidth)],
  },
  {
    id: "ksm-infra", network: "Kusama", source: "post 7 (Kusama)", label: "infrastructure approach", stated: "20.46", unit: "KSM", digits: 2,
    inputs: "kusama", convention: "sum of the 2-dp parts 10.80 + 9.66", status: "reproduces",
    value: () => pc(K).infrastructure,
    alternatives: () => [alt("exact sum", pc(K, exactSum).infrastructure)],
  },
  {
    id: "ksm-infra-usd", network: "Kusama", source: "post 7 (Kusama)", label: "infrastructure approach in USD", stated: "777.48", unit: "USD", digits: 2,
    inputs: "kusama", convention: "printed 20.46 × $38", status: "reproduces",
    value: () => usdOfShown(pc(K).infrastructure, 2, K),
  },
  {
    id: "ksm-oppcost", network: "Kusama", source: "post 7 (Kusama)", label: "registration opportunity cost / month", stated: "3.9", unit: "KSM", digits: 1,
    inputs: "kusama", convention: "given (its deposit is not stated)", status: "input",
    value: () => pc(K).opportunityCost,
  },
  {
    id: "ksm-final-val", network: "Kusama", source: "post 7 (Kusama)", label: "final, validator approach", stated: "16.3", unit: "KSM", digits: 1,
    inputs: "kusama", convention: "unrounded validator − 3.9", status: "reproduces",
    value: () => pc(K).finalValidator,
  },
  {
    id: "ksm-final-val-usd", network: "Kusama", source: "post 7 (Kusama)", label: "final, validator approach in USD", stated: "619.40", unit: "USD", digits: 2,
    inputs: "kusama", convention: "printed 16.3 × $38", status: "reproduces",
    value: () => usdOfShown(pc(K).finalValidator, 1, K),
  },
  {
    id: "ksm-final-infra", network: "Kusama", source: "post 7 (Kusama)", label: "final, infrastructure approach", stated: "16.56", unit: "KSM", digits: 2,
    inputs: "kusama", convention: "20.46 (sum of 2-dp parts) − 3.9", status: "reproduces",
    value: () => pc(K).finalInfrastructure,
    alternatives: () => [alt("exact sum", pc(K, exactSum).finalInfrastructure)],
  },
  {
    id: "ksm-final-infra-usd", network: "Kusama", source: "post 7 (Kusama)", label: "final, infrastructure approach in USD", stated: "629.28", unit: "USD", digits: 2,
    inputs: "kusama", convention: "printed 16.56 × $38", status: "reproduces",
    value: () => usdOfShown(pc(K).finalInfrastructure, 2, K),
  },
  // ---- Kusama, post 24 ----
  {
    id: "ksm24-reward", network: "Kusama", source: "post 24", label: "validator rewards per day", stated: "3.64", unit: "KSM/day", digits: 2,
    inputs: "kusama-post24", convention: `0.91 KSM/era × ${KUSAMA_ERAS_PER_DAY} eras/day (6 h eras)`, status: "reproduces",
    value: () => K24.validatorRewardPerDay,
  },
  {
    id: "ksm24-median", network: "Kusama", source: "post 24", label: "validator approach at the 1.8 % median", stated: "0.662", unit: "KSM", digits: 3,
    inputs: "kusama-post24", convention: "month = 365/12 d", status: "reproduces",
    value: () => pc(K24).validator,
    alternatives: () => [alt("month = 30 d", pc(K24, withConventions({ validatorMonthDays: rat(30) })).validator)],
  },
  {
    id: "ksm24-median-discounted", network: "Kusama", source: "post 24", label: "the same with the opportunity-cost discount", stated: "0.66", unit: "KSM", digits: 2,
    inputs: "kusama-post24", convention: "discount not stated", status: "not-reproduced",
    note: "post 24 gives neither the deposit nor the discount; no single amount subtracted from 0.662 and 4.41 gives both 0.66 and 4.39",
  },
  {
    id: "ksm24-mean", network: "Kusama", source: "post 24", label: "validator approach at the \"13 %\" mean", stated: "4.41", unit: "KSM", digits: 2,
    inputs: "kusama-post24, utilisation 12 %", convention: "month = 365/12 d; utilisation 12 %, not the stated 13 %", status: "other-convention",
    value: () => pc(withInputs(K24, { utilisation: rat("0.12") })).validator,
    alternatives: () => [
      alt("utilisation 13 % as stated", pc(withInputs(K24, { utilisation: rat("0.13") })).validator),
      alt("utilisation 13 %, month = 28 d (a region)", pc(withInputs(K24, { utilisation: rat("0.13") }), withConventions({ validatorMonthDays: rat(28) })).validator),
    ],
    note: "4.41 / 0.662 = 6.66 = 12 / 1.8; 13 % gives 4.78",
  },
  {
    id: "ksm24-mean-discounted", network: "Kusama", source: "post 24", label: "the same with the opportunity-cost discount", stated: "4.39", unit: "KSM", digits: 2,
    inputs: "kusama-post24", convention: "discount not stated", status: "not-reproduced",
    note: "see ksm24-median-discounted",
  },
  // ---- seadanda's Kusama configuration note (runtimes PR #212), built on post 24 ----
  {
    id: "ksm-pr212-max", network: "Kusama", source: "PR #212", label: "validator approach at 100 % utilisation", stated: "36.8", unit: "KSM", digits: 1,
    inputs: "kusama-post24, utilisation 100 %", convention: "month = 365/12 d", status: "reproduces",
    value: () => pc(withInputs(K24, { utilisation: rat(1) })).validator,
  },
  {
    id: "ksm-pr212-mean", network: "Kusama", source: "PR #212", label: "validator approach at the \"13 %\" mean", stated: "4.4", unit: "KSM", digits: 1,
    inputs: "kusama-post24, utilisation 12 %", convention: "month = 365/12 d; utilisation 12 %, not the stated 13 % (post 24's 4.41)", status: "other-convention",
    value: () => pc(withInputs(K24, { utilisation: rat("0.12") })).validator,
    alternatives: () => [alt("utilisation 13 % as stated", pc(withInputs(K24, { utilisation: rat("0.13") })).validator)],
  },
];

/** A computed row of the reproduction table. */
export interface FigureRow {
  readonly figure: Figure;
  /** The exact value (absent for `not-reproduced`). */
  readonly computed?: Rational;
  /** `computed` rounded to the figure's digits (half-up), as text (`"213"`). */
  readonly shown?: string;
  /** Whether `shown` equals the stated figure. */
  readonly ok: boolean;
  /** The alternatives, each with its shown value and whether it (wrongly) reproduces too. */
  readonly alternatives: ReadonlyArray<FigureAlternative & { readonly shown: string; readonly ok: boolean }>;
}

/** Whether `value` prints as `stated` at `digits` decimals (half-up). */
export function matchesStated(value: Rational, stated: string, digits: number): boolean {
  return value.toFixed(digits) === Rational.parse(stated).toFixed(digits);
}

/** Computes one figure's row. */
export function reproduceFigure(f: Figure): FigureRow {
  const alternatives = (f.alternatives?.() ?? []).map((a) => ({ ...a, shown: a.value.toFixed(f.digits), ok: matchesStated(a.value, f.stated, f.digits) }));
  if (!f.value) return { figure: f, ok: false, alternatives };
  const computed = f.value();
  return { figure: f, computed, shown: computed.toFixed(f.digits), ok: matchesStated(computed, f.stated, f.digits), alternatives };
}

/** The reproduction table: every figure of `FIGURES` (optionally of one network) computed. */
export function reproductionTable(network?: "Polkadot" | "Kusama"): FigureRow[] {
  return FIGURES.filter((f) => !network || f.network === network).map(reproduceFigure);
}

/**
 * The range of single amounts x that, subtracted from both `a` and `b`, print as `sa` and `sb`
 * at `digits` decimals (half-up): the interval `(lo, hi]` of both intersected, or `undefined` when empty. Used to show
 * that post 24's discounted figures admit no common subtracted discount.
 */
export function commonDiscount(a: Rational, sa: string, b: Rational, sb: string, digits: number): { lo: Rational; hi: Rational } | undefined {
  const half = Rational.of(1n, 2n * 10n ** BigInt(digits));
  // a − x ∈ [s − half, s + half)  ⇔  x ∈ (a − s − half, a − s + half]
  const lo = (v: Rational, s: string) => v.sub(Rational.parse(s)).sub(half);
  const hi = (v: Rational, s: string) => v.sub(Rational.parse(s)).add(half);
  const l = lo(a, sa).cmp(lo(b, sb)) >= 0 ? lo(a, sa) : lo(b, sb);
  const h = hi(a, sa).cmp(hi(b, sb)) <= 0 ? hi(a, sa) : hi(b, sb);
  return l.cmp(h) < 0 ? { lo: l, hi: h } : undefined;
}
