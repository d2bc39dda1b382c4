/**
 * Codecs and TypeScript types of the Reputation pallet, named as metadata would name them.
 * Follows Corelab's *reconstruction of* Rodikov 2025 (`docs/references.md#restaking-and-pricing`
 * §1.3.6, tagged [R]): the paper's own equations are not available, so nothing here claims to be
 * "the paper's eq. N".
 *
 * Number mapping: `Perbill` values are their parts as a `number` (0..=1_000_000_000, 1e9 = 1.0);
 * block numbers and task ids are `number`s (u32); accounts are strings.
 */
import { InvalidValueError, arithmeticCodecs, t, type Codec, type ParseContext } from "@corelab/frame";

/** `Perbill` (parts of 1e9). Scenario files write parts (`500000000`) or a percentage (`"50%"`). */
export const Perbill = arithmeticCodecs.perbill;

/** `TaskId` (u32): the id of a settled task (the task-auction pallet's id). */
export const TaskId = t.alias("TaskId", t.u32);
/** A task id. */
export type TaskId = number;

/** `BlockNumber` (u32). */
export const BlockNumber = t.alias("BlockNumber", t.u32);

/**
 * `GasParams`: the parameters of the Gaussian-location GAS recursion
 * `R' = omega + alpha·(y − R) + beta·R = omega + (beta − alpha)·R + alpha·y` (all `Perbill` parts).
 *
 * - `omega` (ω): the intercept, pulled in at every update;
 * - `alpha` (α): the weight of the score `y − R` (how fast reputation reacts to an outcome);
 * - `beta` (β): the persistence of the previous value (the decay is `1 − β`);
 * - `initial_reputation` (R₀): the prior of a newly registered coprocessor.
 *
 * Domain (checked at genesis and by `set_parameters`): each in [0, 1], `alpha ≤ beta` and
 * `omega + beta ≤ 1`; then [0, 1] is invariant under the update for any observation `y ∈ [0, 1]`.
 */
export const GasParams = t.struct("GasParams", {
  omega: Perbill,
  alpha: Perbill,
  beta: Perbill,
  initial_reputation: Perbill,
});
/** GAS parameters (Perbill parts). */
export interface GasParams {
  omega: number;
  alpha: number;
  beta: number;
  initial_reputation: number;
}

/**
 * The reconstruction's defaults (§1.3.9, "Defaults are part of the reconstruction"): ω = 0.05,
 * α = 0.2, β = 0.9, R₀ = 0.5. These are also the parameters of the §1.4 test vector.
 */
export const DEFAULT_GAS_PARAMS: Readonly<GasParams> = Object.freeze({
  omega: 50_000_000,
  alpha: 200_000_000,
  beta: 900_000_000,
  initial_reputation: 500_000_000,
});

/**
 * `CoprocessorRecord`: the reputation state of one coprocessor (`Coprocessors` map value).
 *
 * - `reputation`: R_c(t) (Perbill), the estimate of its success probability;
 * - `registered_at`: the block it was registered in;
 * - `updated_at`: the block of its last change (registration, outcome or forced set);
 * - `tasks`, `successes`: settled tasks and successful ones (saturating u32 counters).
 */
export const CoprocessorRecord = t.struct("CoprocessorRecord", {
  reputation: Perbill,
  registered_at: BlockNumber,
  updated_at: BlockNumber,
  tasks: t.u32,
  successes: t.u32,
});
/** A coprocessor's reputation state. */
export interface CoprocessorRecord {
  reputation: number;
  registered_at: number;
  updated_at: number;
  tasks: number;
  successes: number;
}

/**
 * `HistoryItem`: one change of a coprocessor's reputation (`History` map values, oldest first).
 *
 * - `block`: the block of the change;
 * - `task_id`, `success`, `observation`: the settled task, its outcome and the observation `y`
 *   the update used (Perbill: 1 for a success without quality, the quality for a success with one,
 *   0 for a failure); all three are `None` for a `force_set_reputation`;
 * - `reputation`: the reputation after the change.
 */
export const HistoryItem = t.struct("HistoryItem", {
  block: BlockNumber,
  task_id: t.option(TaskId),
  success: t.option(t.bool),
  observation: t.option(Perbill),
  reputation: Perbill,
});
/** One change of a coprocessor's reputation. */
export interface HistoryItem {
  block: number;
  task_id: number | undefined;
  success: boolean | undefined;
  observation: number | undefined;
  reputation: number;
}

/**
 * The outcome of a settled task, as the task-auction pallet reports it: `success`, and optionally
 * a `quality` in Perbill parts (0..=1e9) when the task's verifier grades the result.
 */
export interface TaskOutcome {
  readonly success: boolean;
  readonly quality?: number;
}

/**
 * `UnitFraction`: a genesis-only codec for a fraction that must lie in [0, 1], as Perbill parts.
 * It accepts Perbill parts (`50000000`), a percentage (`"5%"`) or a decimal fraction (`0.05`,
 * `"0.05"`, at most 9 decimals, parsed exactly from its decimal text) and deliberately does **not**
 * check the range: the genesis builder does, and rejects a value outside [0, 1] with an
 * `InvalidGenesisError` naming the parameter. An integer is read as parts, as the Perbill codec
 * reads it: YAML `1` and `1.0` are both the integer 1, i.e. 1e-9; write one as `"100%"`,
 * `"1.0"` (a string) or `1000000000`.
 */
export const UnitFraction: Codec<number> = t.custom<number>({
  name: "Perbill",
  parse(input: unknown, ctx: ParseContext): number {
    const expected = 'Perbill (parts of 1000000000, a percentage like "5%", or a decimal fraction like 0.05)';
    let s: string;
    if (typeof input === "number" && Number.isFinite(input)) s = String(input);
    else if (typeof input === "string") s = input.trim();
    else throw new InvalidValueError(ctx.path, expected, input);
    const pct = s.endsWith("%");
    if (pct) s = s.slice(0, -1).trim();
    const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
    if (!m) throw new InvalidValueError(ctx.path, expected, input);
    const neg = m[1] === "-";
    const frac = m[3];
    // integer parts, unless it is a percentage or has a decimal point
    const scale = pct ? 7 : frac === undefined ? 0 : 9; // digits of parts per unit written
    const digits = (frac ?? "").replace(/0+$/, "");
    if (digits.length > scale) throw new InvalidValueError(ctx.path, expected, input, "finer than one part per billion");
    const parts = BigInt(m[2]!) * 10n ** BigInt(scale) + BigInt((digits + "0".repeat(scale)).slice(0, scale) || "0");
    const v = neg ? -parts : parts;
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidValueError(ctx.path, expected, input, "out of range");
    return Number(v);
  },
  toJson: (v) => v,
  key: (v) => v.toString(16).padStart(16, "0"),
  // `Perbill`: its parts as a u32 (encoding checks the range the parse leaves to genesis)
  scale: arithmeticCodecs.perbill.scale,
});

/** `(AccountId, Option<Perbill>)`: a coprocessor registered at genesis, with its reputation (`None`: the prior). */
export const GenesisCoprocessor = t.tuple([t.accountId, t.option(UnitFraction)], "(AccountId, Option<Perbill>)");
