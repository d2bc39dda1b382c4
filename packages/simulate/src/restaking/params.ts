/**
 * Parameters of the `restaking` simulation model: their defaults (the reconstruction's, §1.3.9 of
 * `docs/references.md#restaking-and-pricing`, plus Corelab's choices for what §1.3.9 leaves
 * open), the parser of a model file's `params:` section (errors name the path in the file and
 * the domain), and the flattening of parsed values for `RunResult.params`.
 *
 * Units: amounts (`initial_stake`, `reward_per_work`, `coprocessor_collateral`) are whole tokens
 * of 10^6 planck; probabilities, fractions and shares are plain numbers in [0, 1] (converted to
 * Perbill parts, rounded to the nearest part, where they enter the pallets); counts and block
 * numbers are integers.
 */

/** A closed interval `{ min, max }` from which a per-entity value is drawn uniformly. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** The companion network of figure (5): a smaller run whose operator → coprocessor task counts are drawn. */
export interface NetworkParams {
  /** Operators in the companion run (default 5). */
  readonly operators: number;
  /** Coprocessors in the companion run (default 10). */
  readonly coprocessors: number;
  /** Rounds of the companion run (default 200; 0 = no companion run, no figure 5). */
  readonly rounds: number;
}

/** The parsed parameters of one run (see `DEFAULT_PARAMS` for the meaning and default of each). */
export interface RestakingParams {
  /** n: operators (restakers that own the AVS's tasks). */
  readonly operators: number;
  /** m: coprocessors (bid for tasks, post collateral). */
  readonly coprocessors: number;
  /** T: rounds; one round is one block of the runtime. */
  readonly rounds: number;
  /** λ_A: mean tasks the AVS emits per round (Poisson). */
  readonly task_rate: number;
  /** s: the fraction of an operator's slashable stake slashed when one of its tasks fails. */
  readonly slashing_factor: number;
  /** S_v(0): every operator's initial bonded stake (tokens). */
  readonly initial_stake: number;
  /** S_min / S_v(0): an operator whose active stake falls below this share of the initial stake is deactivated. */
  readonly min_stake_ratio: number;
  /** R_min: least reputation a coprocessor needs to bid (`TaskAuction.MinReputation`). */
  readonly min_reputation: number;
  /** GAS reputation parameters ω, α, β and the prior R_0 (`Reputation` genesis). */
  readonly gas: { readonly omega: number; readonly alpha: number; readonly beta: number; readonly initial: number };
  /** λ: collateral locked per task as a share of its reward (`TaskAuction.CollateralRatio`). */
  readonly collateral_ratio: number;
  /** Share of the locked collateral forfeited when a delegated task fails (`TaskAuction.SlashFraction`; 1 = all of l_{c,a}). */
  readonly collateral_slash: number;
  /** γ: share of forfeited collateral paid to the harmed operator (`Slashing.CompensationShare`). */
  readonly compensation_share: number;
  /** u*: target utilisation of the load curve (`TaskAuction.TargetUtilization`). */
  readonly target_utilization: number;
  /** α↑: the load curve's largest bonus (`TaskAuction.LoadBonus`). */
  readonly load_bonus: number;
  /** α↓: the load curve's largest discount (`TaskAuction.LoadDiscount`). */
  readonly load_discount: number;
  /** φ: the operator's reserve share of the reward at target utilisation (`TaskAuction.BaseFloor`). */
  readonly base_floor: number;
  /** ρ: EWMA weight of network utilisation in the load target (`TaskAuction.TargetSmoothing`; 0 = fixed). */
  readonly target_smoothing: number;
  /** ζ: success probability falls by ζ·(u − u*) above the target utilisation (g(u) of §1.3.7). */
  readonly overload_penalty: number;
  /** D: blocks of the Dutch auction's descent (`TaskAuction.AuctionDuration`). */
  readonly auction_duration: number;
  /** Blocks between the start of an execution and its reported outcome. */
  readonly execution_blocks: number;
  /** `Slashing.SlashSpanLength`: an operator pays the largest slash of a span, not the sum (1 = one span per block). */
  readonly slash_span_length: number;
  /** r_0: reward per work unit (tokens); a task's reward is r_a = r_0 · w_a. */
  readonly reward_per_work: number;
  /** w_a ~ LogNormal: `median` work units (e^μ) and `sigma` σ; rounded to an integer ≥ 1. */
  readonly complexity: { readonly median: number; readonly sigma: number };
  /** θ_c: each coprocessor's true success probability (hidden from the pallets), drawn uniformly. */
  readonly coprocessor_quality: Range;
  /** κ_c / r_0: each coprocessor's execution cost per work unit as a share of r_0, drawn uniformly. */
  readonly coprocessor_cost: Range;
  /** K_c: each coprocessor's capacity in work units, an integer drawn uniformly. */
  readonly coprocessor_capacity: Range;
  /** Collateral each coprocessor deposits at genesis (tokens). */
  readonly coprocessor_collateral: number;
  /** p_{v,∅}: each operator's own success probability when it executes a task itself, drawn uniformly. */
  readonly operator_quality: Range;
  /** κ_v / r_0: each operator's own execution cost per work unit as a share of r_0, drawn uniformly. */
  readonly operator_cost: Range;
  /** How many operators' cumulative rewards the rows carry (`reward.op01` …) for figure (3). */
  readonly tracked_operators: number;
  /** The round from which the task auction drawn in figure (1) is picked (the first posted from it that sells with two or more bids). */
  readonly auction_sample_round: number;
  /** The companion network run of figure (5). */
  readonly network: NetworkParams;
}

/**
 * The built-in defaults (`corelab simulate restaking` without a file). From §1.3.9 [R]: n 50,
 * m 20, T 1000, λ_A 10, s 0.1 (one of the swept {0, 0.05, 0.1, 0.2, 0.5}), S_min 0.5·S_v(0),
 * R_min 0.3, ω 0.05, α 0.2, β 0.9, λ 1, γ 0.5, u* 0.7. The rest is Corelab's choice (the paper's
 * values are unknown): the task-auction mock's curve (φ 0.4, α↑ = α↓ 0.5, D 10), the prior R_0
 * 0.5, whole-collateral forfeits, spans of one block, and the entity distributions below.
 */
export const DEFAULT_PARAMS: RestakingParams = {
  operators: 50,
  coprocessors: 20,
  rounds: 1000,
  task_rate: 10,
  slashing_factor: 0.1,
  initial_stake: 5_000,
  min_stake_ratio: 0.5,
  min_reputation: 0.3,
  gas: { omega: 0.05, alpha: 0.2, beta: 0.9, initial: 0.5 },
  collateral_ratio: 1,
  collateral_slash: 1,
  compensation_share: 0.5,
  target_utilization: 0.7,
  load_bonus: 0.5,
  load_discount: 0.5,
  base_floor: 0.4,
  target_smoothing: 0,
  overload_penalty: 0.5,
  auction_duration: 10,
  execution_blocks: 3,
  slash_span_length: 1,
  reward_per_work: 100,
  complexity: { median: 4, sigma: 0.5 },
  coprocessor_quality: { min: 0.8, max: 0.999 },
  coprocessor_cost: { min: 0.1, max: 0.4 },
  coprocessor_capacity: { min: 10, max: 20 },
  coprocessor_collateral: 20_000,
  operator_quality: { min: 0.6, max: 0.95 },
  operator_cost: { min: 0.5, max: 1 },
  tracked_operators: 6,
  auction_sample_round: 50,
  network: { operators: 5, coprocessors: 10, rounds: 200 },
};

/** A model-file value outside its domain: the message names the path (`params.slashing_factor`) and the domain. */
export class RestakingParamsError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`${file}: ${path}: expected ${expected}, got ${JSON.stringify(got) ?? String(got)}`);
    this.name = "RestakingParamsError";
  }
}

type Kind = { kind: "int"; min: number; max: number } | { kind: "real"; min: number; max: number; openMin?: boolean };

const unit: Kind = { kind: "real", min: 0, max: 1 };
const prob: Kind = { kind: "real", min: 0, max: 1, openMin: true };
const positive: Kind = { kind: "real", min: 0, max: 1e12, openMin: true };
const count = (min: number, max: number): Kind => ({ kind: "int", min, max });

/** The domain of every scalar leaf, by dotted path under `params` (ranges: both `min` and `max`). */
const SCHEMA: Readonly<Record<string, Kind>> = {
  operators: count(1, 1000),
  coprocessors: count(1, 1000),
  rounds: count(1, 1_000_000),
  task_rate: { kind: "real", min: 0, max: 1000 },
  slashing_factor: unit,
  initial_stake: positive,
  min_stake_ratio: unit,
  min_reputation: unit,
  "gas.omega": unit,
  "gas.alpha": unit,
  "gas.beta": unit,
  "gas.initial": unit,
  collateral_ratio: unit,
  collateral_slash: unit,
  compensation_share: unit,
  target_utilization: prob,
  load_bonus: unit,
  load_discount: unit,
  base_floor: unit,
  target_smoothing: unit,
  overload_penalty: unit,
  auction_duration: count(0, 1000),
  execution_blocks: count(1, 1000),
  slash_span_length: count(1, 1_000_000),
  reward_per_work: positive,
  "complexity.median": { kind: "real", min: 1, max: 1e6 },
  "complexity.sigma": { kind: "real", min: 0, max: 3 },
  "coprocessor_quality.min": prob,
  "coprocessor_quality.max": prob,
  "coprocessor_cost.min": { kind: "real", min: 0, max: 10 },
  "coprocessor_cost.max": { kind: "real", min: 0, max: 10 },
  "coprocessor_capacity.min": count(1, 1_000_000),
  "coprocessor_capacity.max": count(1, 1_000_000),
  coprocessor_collateral: { kind: "real", min: 0, max: 1e12 },
  "operator_quality.min": prob,
  "operator_quality.max": prob,
  "operator_cost.min": { kind: "real", min: 0, max: 10 },
  "operator_cost.max": { kind: "real", min: 0, max: 10 },
  tracked_operators: count(0, 50),
  auction_sample_round: count(1, 1_000_000),
  "network.operators": count(1, 100),
  "network.coprocessors": count(1, 100),
  "network.rounds": count(0, 1_000_000),
};

/** The scalar paths of the parameters, as dotted paths into a model file (`params.slashing_factor`, `params.gas.alpha`). */
export const PARAM_PATHS: readonly string[] = Object.keys(SCHEMA).map((k) => `params.${k}`);

function describe(k: Kind): string {
  if (k.kind === "int") return `an integer in [${k.min}, ${k.max}]`;
  return `a number in ${k.openMin ? "(" : "["}${k.min}, ${k.max}]`;
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A number as a model file may write it: a YAML number, or a decimal string (the runner's YAML
 * reading keeps decimals such as `0.1` as written, and `--sweep` values likewise). Undefined otherwise.
 */
function numberOf(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && DECIMAL.test(v.trim())) return Number(v.trim());
  return undefined;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, v: number): void {
  const parts = path.split(".");
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts[parts.length - 1]!] = v;
}

/** Checks that `raw` has only known keys, recursively against `shape` (the defaults), naming the first unknown one. */
function checkKeys(file: string, raw: Record<string, unknown>, shape: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(raw)) {
    const here = `${path}.${key}`;
    if (!(key in shape)) throw new RestakingParamsError(file, here, `one of ${Object.keys(shape).join(", ")}`, key);
    const sub = shape[key];
    if (isRecord(sub)) {
      const v = raw[key];
      if (!isRecord(v)) throw new RestakingParamsError(file, here, `a mapping with ${Object.keys(sub).join(", ")}`, v);
      checkKeys(file, v, sub, here);
    }
  }
}

/**
 * Parses a model file's object (`{ model: restaking, params: { … } }`, or `undefined`/`{}` for the
 * defaults): each parameter left out keeps its `DEFAULT_PARAMS` value. Numbers may be YAML numbers
 * or decimal strings (`"0.1"`, as the runner passes decimals and `--sweep` values). Throws a
 * `RestakingParamsError` naming the path (`params.slashing_factor`) and the domain for an unknown
 * key, a value of the wrong type or outside its domain, a range whose `min` exceeds its `max`,
 * GAS parameters that would let a reputation leave [0, 1] (`alpha ≤ beta`, `omega + beta ≤ 1`),
 * or `tracked_operators` above `operators`.
 */
export function parseRestakingParams(raw: unknown, file: string): RestakingParams {
  const doc = raw === undefined || raw === null ? {} : raw;
  if (!isRecord(doc)) throw new RestakingParamsError(file, "(root)", "a mapping with `model: restaking` and `params:`", doc);
  for (const key of Object.keys(doc)) {
    if (key !== "model" && key !== "params" && key !== "description")
      throw new RestakingParamsError(file, key, "one of model, description, params", key);
  }
  if (doc.model !== undefined && doc.model !== "restaking") throw new RestakingParamsError(file, "model", '"restaking"', doc.model);
  const params = doc.params === undefined || doc.params === null ? {} : doc.params;
  if (!isRecord(params)) throw new RestakingParamsError(file, "params", "a mapping of parameters", params);
  checkKeys(file, params, DEFAULT_PARAMS as unknown as Record<string, unknown>, "params");
  const out = structuredClone(DEFAULT_PARAMS) as unknown as Record<string, unknown>;
  for (const [key, kind] of Object.entries(SCHEMA)) {
    const v = getPath(params, key);
    if (v === undefined) continue;
    const path = `params.${key}`;
    const n = numberOf(v);
    const ok =
      n !== undefined &&
      Number.isFinite(n) &&
      (kind.kind === "real" || Number.isSafeInteger(n)) &&
      (kind.kind === "real" && kind.openMin ? n > kind.min : n >= kind.min) &&
      n <= kind.max;
    if (!ok) throw new RestakingParamsError(file, path, describe(kind), v);
    setPath(out, key, n);
  }
  const p = out as unknown as RestakingParams;
  for (const r of ["coprocessor_quality", "coprocessor_cost", "coprocessor_capacity", "operator_quality", "operator_cost"] as const) {
    if (p[r].min > p[r].max) throw new RestakingParamsError(file, `params.${r}`, "min ≤ max", p[r]);
  }
  if (p.gas.alpha > p.gas.beta)
    throw new RestakingParamsError(file, "params.gas.alpha", `alpha ≤ beta (${p.gas.beta}), or a reputation could leave [0, 1]`, p.gas.alpha);
  if (p.gas.omega + p.gas.beta > 1)
    throw new RestakingParamsError(file, "params.gas.omega", `omega + beta ≤ 1 (beta ${p.gas.beta}), or a reputation could leave [0, 1]`, p.gas.omega);
  if (p.tracked_operators > p.operators)
    throw new RestakingParamsError(file, "params.tracked_operators", `at most params.operators (${p.operators})`, p.tracked_operators);
  return p;
}

/** The parameters flattened for `RunResult.params`: dotted file paths (`params.slashing_factor`) → value. */
export function flattenParams(p: RestakingParams): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(SCHEMA)) out[`params.${key}`] = getPath(p as unknown as Record<string, unknown>, key) as number;
  return out;
}
