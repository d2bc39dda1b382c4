/**
 * The plain-data shapes the run store records and returns. They are the store's own (a `type:lib`
 * package depends on `@corelab/frame` only), and structurally compatible with what the replay
 * runner (`@corelab/testing`: `BlockRecord`s as `BlockJsonEncoder` writes them, `Mismatch`) and the
 * simulation engine (`@corelab/simulate`: `MetricRow`, `RunResult.summary`) produce.
 *
 * Values given as `unknown` are stored as JSON: bigints become decimal strings, `undefined` object
 * fields are dropped (`null` in arrays), objects with `toJSON` (an `EventRecord`) are written as
 * that returns. So they read back as plain JSON, not as the objects that went in.
 */

/** What kind of command recorded a run. */
export type RunKind = "replay" | "simulate" | "compare";

/** The kinds, in the order the CLI lists them. */
export const RUN_KINDS: readonly RunKind[] = ["replay", "simulate", "compare"];

/**
 * How a run ended: `pass`/`fail` (every expectation held, or not; for simulations: no run failed,
 * or some did), `malformed` (bad input: a scenario or model file that does not parse), `error`
 * (the command threw).
 */
export type RunOutcome = "pass" | "fail" | "malformed" | "error";

/** The outcomes, for validation and the CLI. */
export const RUN_OUTCOMES: readonly RunOutcome[] = ["pass", "fail", "malformed", "error"];

/**
 * Where a run is: `finished` (it has an outcome), `running` (no outcome yet and the process that
 * records it is alive on this host), `incomplete` (no outcome and its process is gone: killed or
 * crashed; whatever it flushed before is kept and readable).
 */
export type RunStatus = "finished" | "running" | "incomplete";

/** A scalar metric value (as `@corelab/simulate`'s `MetricValue`). */
export type MetricValue = number | string | boolean | null;

/** One row of per-step metrics, keyed by column name (as `@corelab/simulate`'s `MetricRow`). */
export type MetricRow = Readonly<Record<string, MetricValue>>;

/** What `RunStore.beginRun` records about a run before it starts. */
export interface RunStart {
  readonly kind: RunKind;
  /** The command line, as argv after the program name (`["replay", "scenarios/real"]`). */
  readonly command: readonly string[];
  /** The version of Corelab that recorded the run (`0.1.0`). */
  readonly corelabVersion: string;
  /** The runtime preset or module a replay ran on (`broker-mock`, `./src/runtime.ts`). */
  readonly runtime?: string;
  /** The simulation model (`network`, `./my-model.ts`). */
  readonly model?: string;
  /** The parameters (a model file as parsed, replay options …): any JSON-able value. */
  readonly params?: unknown;
  /** The seeds of a simulation, in order. */
  readonly seeds?: readonly number[];
  /**
   * The sweep points of a simulation, in order (anything JSON-able: labels, override lists);
   * `addMetrics(point, …)` names a point by its 0-based position here.
   */
  readonly sweepPoints?: readonly unknown[];
  /** When the run started: an ISO 8601 date-time with a zone (`2026-04-21T13:45:02.123Z`). */
  readonly startedAt: string;
}

/** What `RunRecorder.finish` records. */
export interface RunEnd {
  readonly outcome: RunOutcome;
  /** The run's result in brief (pass/fail counts, a simulation's summary table): any JSON-able value. */
  readonly summary?: unknown;
  /** When the run ended: an ISO 8601 date-time with a zone. */
  readonly endedAt: string;
}

/**
 * One block of a replay, to record. `extrinsics`, `events` and `changes` are stored as JSON, as
 * given: the replay's `BlockJsonEncoder` output (metadata-shaped, bigints as strings) queries best
 * (see the `block_events` and `block_changes` views).
 */
export interface BlockInput {
  /** The scenario file the block came from (a replay of several files records them all in one run). */
  readonly file?: string;
  /** The chain in a network (`relay`, `coretime`, `para-2000`); absent for a single chain. */
  readonly chain?: string;
  readonly number: number;
  /** The block hash (0x-prefixed hex). */
  readonly hash: string;
  /** The state root, or `null` when the runtime did not compute one for this block. */
  readonly stateRoot?: string | null;
  readonly extrinsics?: readonly unknown[];
  readonly events?: readonly unknown[];
  readonly changes?: readonly unknown[];
}

/** A recorded block, as `RunStore.blocks` returns it. */
export interface StoredBlock {
  readonly file: string | null;
  readonly chain: string | null;
  readonly number: number;
  readonly hash: string;
  readonly stateRoot: string | null;
  /** The JSON that was recorded (`[]` when none was given). */
  readonly extrinsics: unknown[];
  readonly events: unknown[];
  readonly changes: unknown[];
}

/** One checked expectation of a replay (a `Mismatch` of `@corelab/testing` is a failed one). */
export interface ExpectationInput {
  readonly file: string;
  /** Index of the step in the file's `blocks`. */
  readonly step: number;
  /** The block the step names (`at`). */
  readonly block: number;
  /** Path in the file of what was checked (`blocks[3].expect.storage[0].value.cores_sold`). */
  readonly path: string;
  readonly passed: boolean;
  /** The expected value, formatted for people. */
  readonly expected?: string;
  /** The actual value, formatted for people. */
  readonly actual?: string;
  readonly note?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * What one core ran over consecutive relay blocks of a network replay: `core` ran `what` (`idle`,
 * `pool`, `task 2000`, `on-demand 2001`) in every relay block from `from` to `to` (inclusive).
 */
export interface CoreRunInput {
  /** The scenario file (a replay of several files records each). */
  readonly file?: string;
  readonly core: number;
  /** First relay block (inclusive). */
  readonly from: number;
  /** Last relay block (inclusive). */
  readonly to: number;
  readonly what: string;
}

/** A recorded core run, as `RunStore.coreRuns` returns it. */
export interface StoredCoreRun {
  readonly file: string | null;
  readonly core: number;
  readonly from: number;
  readonly to: number;
  readonly what: string;
}

/** A recorded expectation, as `RunStore.expectations` returns it. */
export interface StoredExpectation {
  readonly file: string;
  readonly step: number;
  readonly block: number;
  readonly path: string;
  readonly passed: boolean;
  readonly expected: string | null;
  readonly actual: string | null;
  readonly note: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** The metrics of one (sweep point, seed), as `RunStore.metrics` returns them. */
export interface MetricSeries {
  /** The sweep point's 0-based position (`RunStart.sweepPoints`); 0 without a sweep. */
  readonly point: number;
  readonly seed: number;
  /**
   * The rows in step order, each with the columns it was recorded with, in the order the run
   * first saw them (numbers, strings, booleans and `null` read back as they went in).
   */
  readonly rows: MetricRow[];
}

/** A run as listed: what `beginRun` and `finish` recorded, and its status. */
export interface RunInfo {
  /** The run id: `YYYYMMDD-HHMMSS-xxxxxx` (UTC start time, then 6 random hex digits); sorts by start. */
  readonly id: string;
  readonly kind: RunKind;
  readonly command: string[];
  readonly corelabVersion: string;
  readonly runtime: string | null;
  readonly model: string | null;
  readonly params: unknown;
  readonly seeds: number[] | null;
  readonly sweepPoints: unknown[] | null;
  /** ISO 8601, UTC, milliseconds (`2026-04-21T13:45:02.123Z`). */
  readonly startedAt: string;
  readonly endedAt: string | null;
  /** `null` until `finish`: see `status`. */
  readonly outcome: RunOutcome | null;
  readonly summary: unknown;
  readonly status: RunStatus;
  /** The process that recorded the run, and its host name. */
  readonly pid: number;
  readonly host: string;
}

/** What a run holds (`RunStore.getRun`). */
export interface RunCounts {
  /** Recorded blocks (all files and chains). */
  readonly blocks: number;
  /** Distinct scenario files among the blocks and expectations. */
  readonly files: number;
  /** Metric rows (steps), over every point and seed. */
  readonly metricRows: number;
  /** Metric values (rows × their columns). */
  readonly metricValues: number;
  /** Distinct metric columns. */
  readonly metrics: number;
  /** Distinct (point, seed) pairs with metrics. */
  readonly series: number;
  readonly expectations: number;
  /** Recorded core-run segments (a network replay's core timeline). */
  readonly coreRuns: number;
  readonly failedExpectations: number;
}

/** A run with its counts. */
export interface RunDetails extends RunInfo {
  readonly counts: RunCounts;
}

/** One line of a comparison: a key (dotted path) and its value in each run. */
export interface ComparedValue {
  readonly key: string;
  /** `undefined`: the run has no such key. */
  readonly a: unknown;
  readonly b: unknown;
  /** `b − a` when both are numbers, else `null`. */
  readonly delta: number | null;
  readonly same: boolean;
}

/** One metric of a comparison: its mean over every point, seed and step of each run. */
export interface ComparedMetric {
  readonly metric: string;
  /** Mean of the numeric values (booleans as 0/1); `null` when the run has none. */
  readonly a: number | null;
  readonly b: number | null;
  /** Numeric values the means are over. */
  readonly countA: number;
  readonly countB: number;
  readonly delta: number | null;
}

/** What `RunStore.compareRuns` returns. */
export interface RunComparison {
  readonly a: RunDetails;
  readonly b: RunDetails;
  readonly outcome: { readonly a: RunOutcome | null; readonly b: RunOutcome | null; readonly same: boolean };
  /** Parameters that differ (flattened to dotted paths: `agents[0].rate`). */
  readonly params: ComparedValue[];
  /** Every summary key of either run, flattened, side by side. */
  readonly summary: ComparedValue[];
  /** Every metric of either run: means side by side. */
  readonly metrics: ComparedMetric[];
}

/** Export formats of `RunStore.exportRun`. */
export type ExportFormat = "parquet" | "csv";
