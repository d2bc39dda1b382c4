/**
 * The "Initial Coretime Pricing" model (Polkadot forum thread 5187, post 7 for Polkadot and the
 * Kusama section, post 24 for the Kusama re-run), parameterised and exact. Text of the proposal:
 * `docs/references.md#initial-coretime-pricing`; analysis: `docs/references.md#restaking-and-pricing`
 * §3 and `docs/references.md#real-coretime-data` §7.
 *
 * Every price is per core per month in the network's token (`Rational`, exact). Two approaches:
 *
 * ```
 * validator      = daMBps · execS / maxPovMB · utilisation · rewardPerDay · validatorMonthDays
 * bandwidth      = usdPerGiB · maxPovMB · senders / mbPerGiB · blocksPerDay · infraMonthDays / tokenUsd
 * compute        = usdPerHour · execS · blocksPerDay / 3600 · infraMonthDays / tokenUsd
 * infrastructure = bandwidth + compute               (of the parts rounded to 2 dp, by default)
 * opportunityCost= opportunityCostPerMonth ?? deposit · apr / 12
 * final*         = approach − opportunityCost
 * onDemand*      = onDemandMultiplier · final*       (per core-month equivalent)
 * onDemandBlock* = onDemand* / (blocksPerDay · monthDays of that approach)
 * ```
 *
 * The post's "14400 blocks/1 day × 1170 DOT/14400 blocks" is the identity 1170 DOT/day: the block
 * count cancels in the validator approach.
 */
import { Rational, rat } from "./rational.ts";

/** A token: symbol and decimals (DOT 10, KSM 12). */
export interface TokenUnit {
  readonly symbol: string;
  readonly decimals: number;
}

/** DOT: 10 decimals (1 DOT = 10^10 planck). */
export const DOT: TokenUnit = { symbol: "DOT", decimals: 10 };
/** KSM: 12 decimals (1 KSM = 10^12 planck). */
export const KSM: TokenUnit = { symbol: "KSM", decimals: 12 };

/**
 * The inputs of the model for one network. All `Rational` (exact); units in the names. Each
 * input set below documents where every value comes from.
 */
export interface PricingInputs {
  /** Short name (`polkadot`, `kusama`, `kusama-post24`). */
  readonly name: string;
  /** What the set is, for tables. */
  readonly description: string;
  readonly network: "Polkadot" | "Kusama";
  readonly token: TokenUnit;
  /** Data availability per core (MB/s): 0.83 as stated (≈ 5 MB / 6 s, but the post's digits need 0.83). */
  readonly dataAvailabilityMBps: Rational;
  /** Block weight used ÷ maximum (ratio): the median 1.8 %, or 1 ("maximum block weight"). */
  readonly utilisation: Rational;
  /** Execution time per block (s): 2 (asynchronous backing). */
  readonly executionSeconds: Rational;
  /** Maximum PoV size (MB): 5. */
  readonly maxPovMB: Rational;
  /** Validator rewards per day (token/day). */
  readonly validatorRewardPerDay: Rational;
  /** Relay blocks per day: 14 400 (6 s). */
  readonly blocksPerDay: Rational;
  /** Token price (USD). */
  readonly tokenUsd: Rational;
  /** Bandwidth price (USD per "GiB"; see `PricingConventions.mbPerGiB`): GCP europe-west1 $0.085. */
  readonly bandwidthUsdPerGiB: Rational;
  /** Validators per backing group (Polkadot 5, Kusama 3). */
  readonly backingGroupSize: number;
  /** Compute price (USD/hour): GCP n2-standard-32 $1.710784. */
  readonly computeUsdPerHour: Rational;
  /** Registration deposit (token), the "down payment" whose yield is the opportunity cost. */
  readonly registrationDeposit?: Rational;
  /** Staking APR (ratio) for the opportunity cost. */
  readonly stakingApr?: Rational;
  /** A stated opportunity cost per month (token); wins over deposit · APR / 12. */
  readonly opportunityCostPerMonth?: Rational;
  /** On-demand price ÷ bulk price: 2 ("I propose 2x"). */
  readonly onDemandMultiplier: Rational;
}

/**
 * The unit conventions the proposal leaves implicit, as explicit parameters. The defaults
 * (`PROPOSAL_CONVENTIONS`) are the ones under which the proposal's figures come out.
 */
export interface PricingConventions {
  /** Days per month in the validator-reward approach: 365/12 (needed for 213 and 199.5; 30 gives 209.76). */
  readonly validatorMonthDays: Rational;
  /** Days per month in the infrastructure approach: 30 (needed for 112.98 and 63.17). */
  readonly infrastructureMonthDays: Rational;
  /**
   * MB in the "GiB" the bandwidth is priced in: 1000 (decimal; needed for 112.98). 1024 gives
   * 110.34, 1073.741824 (2^30 bytes in 10^6-byte MB) gives 105.23.
   */
  readonly mbPerGiB: Rational;
  /**
   * Validators a PoV is received from: `backing-group-minus-one` ("from at least 4 other
   * validators", group 5; Kusama group 3 → 2, needed for 9.66) or `backing-group`.
   */
  readonly bandwidthSenders: "backing-group-minus-one" | "backing-group";
  /**
   * How the infrastructure total is formed: `rounded-parts` (the post adds the printed 2-dp
   * parts: "112.98 + 63.17 = 176.15", "10.80 + 9.66 = 20.46") or `exact` (Kusama: 20.47).
   */
  readonly infrastructureSum: "rounded-parts" | "exact";
  /** Decimals the parts are rounded to (half-up) under `rounded-parts`: 2. */
  readonly partDigits: number;
}

/** The proposal's conventions (see each field of `PricingConventions`). */
export const PROPOSAL_CONVENTIONS: PricingConventions = {
  validatorMonthDays: rat("365/12"),
  infrastructureMonthDays: rat(30),
  mbPerGiB: rat(1000),
  bandwidthSenders: "backing-group-minus-one",
  infrastructureSum: "rounded-parts",
  partDigits: 2,
};

const shared = {
  dataAvailabilityMBps: rat("0.83"),
  executionSeconds: rat(2),
  maxPovMB: rat(5),
  blocksPerDay: rat(14_400),
  bandwidthUsdPerGiB: rat("0.085"),
  computeUsdPerHour: rat("1.710784"),
  onDemandMultiplier: rat(2),
} as const;

/**
 * Polkadot, as the proposal states it (post 7): 0.83 MB/s, median weight 1.8 %, 2 s, 5 MB PoV,
 * 1170 DOT/day, 14 400 blocks/day, $6.50/DOT, $0.085/GiB, backing group 5, $1.710784/h,
 * registration deposit 1052 DOT on average at 15 % APR, on-demand 2×.
 */
export const POLKADOT_INPUTS: PricingInputs = {
  name: "polkadot",
  description: "Polkadot, post 7 (median weight 1.8 %, 1170 DOT/day, $6.50)",
  network: "Polkadot",
  token: DOT,
  ...shared,
  utilisation: rat("0.018"),
  validatorRewardPerDay: rat(1170),
  tokenUsd: rat("6.50"),
  backingGroupSize: 5,
  registrationDeposit: rat(1052),
  stakingApr: rat("0.15"),
};

/**
 * Kusama, as the proposal's Kusama section states it: backing group 3, 2 KSM/day validator reward,
 * "allowing for maximum block weight" (utilisation 1), $38/KSM, opportunity cost 3.9 KSM/month
 * (stated; its deposit is not), the rest as Polkadot.
 */
export const KUSAMA_INPUTS: PricingInputs = {
  name: "kusama",
  description: "Kusama, post 7's Kusama section (maximum weight, 2 KSM/day, $38)",
  network: "Kusama",
  token: KSM,
  ...shared,
  utilisation: rat(1),
  validatorRewardPerDay: rat(2),
  tokenUsd: rat(38),
  backingGroupSize: 3,
  opportunityCostPerMonth: rat("3.9"),
};

/** Kusama eras per day (6 h eras): post 24's 0.91 KSM/era = 3.64 KSM/day. */
export const KUSAMA_ERAS_PER_DAY = 4;

/**
 * Kusama as re-run in post 24: median weight 1.8 % and the measured validator rewards of
 * 0.91 KSM/era × 4 eras/day = 3.64 KSM/day. Post 24 states its "locking opportunity cost
 * discount" only through its results (0.66, 4.39), not its inputs, so the opportunity cost here is 0.
 */
export const KUSAMA_POST24_INPUTS: PricingInputs = {
  ...KUSAMA_INPUTS,
  name: "kusama-post24",
  description: "Kusama, post 24 (median weight 1.8 %, 0.91 KSM/era = 3.64 KSM/day)",
  utilisation: rat("0.018"),
  validatorRewardPerDay: rat("0.91").mul(rat(KUSAMA_ERAS_PER_DAY)),
  opportunityCostPerMonth: rat(0),
};

/** The named input sets, by `name`. */
export const INPUT_SETS: Readonly<Record<string, PricingInputs>> = {
  polkadot: POLKADOT_INPUTS,
  kusama: KUSAMA_INPUTS,
  "kusama-post24": KUSAMA_POST24_INPUTS,
};

/** Every price of the model for one input set (token per core per month unless noted; exact). */
export interface PricingResult {
  readonly inputs: PricingInputs;
  readonly conventions: PricingConventions;
  /** Validator-reward approach (month = `validatorMonthDays`). */
  readonly validator: Rational;
  /** Bandwidth part of the infrastructure approach (month = `infrastructureMonthDays`). */
  readonly bandwidth: Rational;
  /** Compute part of the infrastructure approach. */
  readonly compute: Rational;
  /** bandwidth + compute, per `infrastructureSum`. */
  readonly infrastructure: Rational;
  /** Registration opportunity cost per month. */
  readonly opportunityCost: Rational;
  /** validator − opportunityCost. */
  readonly finalValidator: Rational;
  /** infrastructure − opportunityCost. */
  readonly finalInfrastructure: Rational;
  /** onDemandMultiplier · finalValidator (per core-month equivalent). */
  readonly onDemandValidator: Rational;
  /** onDemandMultiplier · finalInfrastructure (per core-month equivalent). */
  readonly onDemandInfrastructure: Rational;
  /** onDemandValidator per relay block: ÷ (blocksPerDay · validatorMonthDays). */
  readonly onDemandPerBlockValidator: Rational;
  /** onDemandInfrastructure per relay block: ÷ (blocksPerDay · infrastructureMonthDays). */
  readonly onDemandPerBlockInfrastructure: Rational;
}

/** The validator-reward approach alone (token per core-month). */
export function validatorApproach(i: PricingInputs, c: PricingConventions = PROPOSAL_CONVENTIONS): Rational {
  return i.dataAvailabilityMBps.mul(i.executionSeconds).div(i.maxPovMB).mul(i.utilisation).mul(i.validatorRewardPerDay).mul(c.validatorMonthDays);
}

/** How many validators a PoV is received from under `c.bandwidthSenders`. */
export function bandwidthSenders(i: PricingInputs, c: PricingConventions = PROPOSAL_CONVENTIONS): number {
  return c.bandwidthSenders === "backing-group-minus-one" ? i.backingGroupSize - 1 : i.backingGroupSize;
}

/** The bandwidth part (token per core-month). */
export function bandwidthCost(i: PricingInputs, c: PricingConventions = PROPOSAL_CONVENTIONS): Rational {
  const gibPerBlock = i.maxPovMB.mul(rat(bandwidthSenders(i, c))).div(c.mbPerGiB);
  return i.bandwidthUsdPerGiB.mul(gibPerBlock).mul(i.blocksPerDay).mul(c.infrastructureMonthDays).div(i.tokenUsd);
}

/** The compute part (token per core-month): execution hours per day at the hourly VM price. */
export function computeCost(i: PricingInputs, c: PricingConventions = PROPOSAL_CONVENTIONS): Rational {
  const hoursPerDay = i.executionSeconds.mul(i.blocksPerDay).div(rat(3600));
  return i.computeUsdPerHour.mul(hoursPerDay).mul(c.infrastructureMonthDays).div(i.tokenUsd);
}

/**
 * The opportunity cost per month: `opportunityCostPerMonth` when stated, else deposit · APR / 12.
 * Throws a `RangeError` when the inputs give neither.
 */
export function opportunityCost(i: PricingInputs): Rational {
  if (i.opportunityCostPerMonth) return i.opportunityCostPerMonth;
  if (i.registrationDeposit && i.stakingApr) return i.registrationDeposit.mul(i.stakingApr).div(rat(12));
  throw new RangeError(`inputs '${i.name}': no opportunityCostPerMonth and no registrationDeposit/stakingApr`);
}

/**
 * Runs the model: every price of `PricingResult` for `inputs` under `conventions` (default: the
 * proposal's). Throws a `RangeError` when the opportunity cost cannot be formed (see
 * `opportunityCost`).
 */
export function computeCoretimePricing(inputs: PricingInputs, conventions: PricingConventions = PROPOSAL_CONVENTIONS): PricingResult {
  const c = conventions;
  const validator = validatorApproach(inputs, c);
  const bandwidth = bandwidthCost(inputs, c);
  const compute = computeCost(inputs, c);
  const infrastructure =
    c.infrastructureSum === "rounded-parts" ? bandwidth.round(c.partDigits).add(compute.round(c.partDigits)) : bandwidth.add(compute);
  const opp = opportunityCost(inputs);
  const finalValidator = validator.sub(opp);
  const finalInfrastructure = infrastructure.sub(opp);
  const onDemandValidator = inputs.onDemandMultiplier.mul(finalValidator);
  const onDemandInfrastructure = inputs.onDemandMultiplier.mul(finalInfrastructure);
  return {
    inputs,
    conventions: c,
    validator,
    bandwidth,
    compute,
    infrastructure,
    opportunityCost: opp,
    finalValidator,
    finalInfrastructure,
    onDemandValidator,
    onDemandInfrastructure,
    onDemandPerBlockValidator: onDemandValidator.div(inputs.blocksPerDay.mul(c.validatorMonthDays)),
    onDemandPerBlockInfrastructure: onDemandInfrastructure.div(inputs.blocksPerDay.mul(c.infrastructureMonthDays)),
  };
}

/** Inputs with some fields replaced (a what-if: `withInputs(KUSAMA_POST24_INPUTS, { utilisation: rat("0.13") })`). */
export function withInputs(i: PricingInputs, overrides: Partial<PricingInputs>): PricingInputs {
  return { ...i, ...overrides };
}

/** The proposal's conventions with some replaced (`withConventions({ validatorMonthDays: rat(30) })`). */
export function withConventions(overrides: Partial<PricingConventions>, base: PricingConventions = PROPOSAL_CONVENTIONS): PricingConventions {
  return { ...base, ...overrides };
}

/** A token amount in USD at the inputs' token price (exact). */
export function toUsd(amount: Rational, inputs: PricingInputs): Rational {
  return amount.mul(inputs.tokenUsd);
}
