/**
 * The contracts of `corelab simulate`: a simulation model runs one seeded run of its parameters
 * and returns plain data (structured-cloneable, so runs can execute on worker threads); the engine
 * runs seeds and sweeps, aggregates, writes metrics, tables and charts.
 *
 * Owners: the engine (`simulate/engine`, the network model and its agents) and the restaking model
 * (`simulate/restaking`) both implement `SimulationModel`; the CLI finds models in a registry by
 * the `model:` key of a model file (or a built-in name such as `restaking`).
 */
import type { EngineOptions } from "@corelab/frame";
import type { ChartSpec } from "./charts.ts";

/**
 * How simulations run their runtimes unless `--state-roots` says otherwise: state roots only on
 * request (a model computes the final root at the end of a run), stored values not frozen (the
 * tests of every pallet run frozen; a long run skips the cost).
 */
export const SIMULATION_ENGINE: EngineOptions = { stateRoots: "on-request", freezeStorage: false };

/** A scalar value in a metrics row or a summary. */
export type MetricValue = number | string | boolean | null;

/** One row of per-step metrics (a relay block, or a model's own step), keyed by column name. */
export type MetricRow = Readonly<Record<string, MetricValue>>;

/** Where and why a run stopped early (an agent threw, an invariant broke). */
export interface RunFailure {
  /** What failed, e.g. `agent 'users-2000'`. */
  readonly source: string;
  /** The relay block (or step) at which it failed. */
  readonly block: number;
  readonly message: string;
}

/** The outcome of one seeded run: plain data only (no class instances, no functions). */
export interface RunResult {
  readonly seed: number;
  /** The parameter values this run used, flattened (`agents.magnet.price_limit` → value). */
  readonly params: Readonly<Record<string, MetricValue>>;
  /** Per-step metrics in step order (what `--metrics` writes as JSONL / CSV). */
  readonly rows: readonly MetricRow[];
  /** Whole-run figures (the summary table's columns). */
  readonly summary: Readonly<Record<string, number>>;
  /** Present when the run stopped early; `rows`/`summary` then cover the steps before it. */
  readonly failure?: RunFailure;
}

/** Options of one run. */
export interface RunOptions {
  readonly seed: number;
  /**
   * How the engine runs the model's runtimes (`Runtime.setEngineOptions`); absent: the simulation
   * default, `SIMULATION_ENGINE` (roots on request, no freezing). Plain data (crosses threads).
   */
  readonly engine?: EngineOptions;
  /** Called now and then with (steps done, steps total) for progress bars. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run of one parameter point, as the report sees it. */
export interface LabelledRun {
  /** The sweep point's label (`s=0.1`), or "" without a sweep. */
  readonly label: string;
  readonly result: RunResult;
}

/**
 * A simulation model. `P` is its parsed parameter object (from the model file, after sweep
 * overrides). Implementations are deterministic: the same params and seed give the same result.
 */
export interface SimulationModel<P = unknown> {
  /** The `model:` name (`network`, `restaking`). */
  readonly name: string;
  /** One line for `corelab simulate --list`. */
  readonly description: string;
  /**
   * Validates the raw model-file object: the YAML as `parseSource` of @corelab/testing reads it
   * (integers within 2^53 are numbers, larger ones bigints; decimals such as `0.1` stay strings,
   * exactly as written; `--sweep` values are read the same way), `model:` included, `sweep:` removed;
   * for a built-in name run without a file, `{ model: name }` (plus `--blocks`/`--sweep` overrides). Throws an error naming the path in the file (`agents[2].kind`)
   * and the valid names/ranges on bad input.
   */
  parse(raw: unknown, file: string): P;
  /**
   * The dotted path into the raw file that `corelab simulate --blocks N` sets before `parse`
   * (e.g. `blocks`, or `params.rounds` for a model that counts rounds). Optional: when absent, the
   * runner sets `blocks`, and a model whose `parse` does not know that key rejects it (exit 2).
   */
  readonly blocksKey?: string;
  /** The sweepable keys (dotted paths into the raw file, e.g. `params.slashing_factor`). */
  sweepKeys(params: P): readonly string[];
  /**
   * Optional: asynchronous set-up before `run`, awaited on the thread that runs it (e.g. `import()`
   * of user modules the parameters name, which `run`, being synchronous, cannot await).
   */
  prepare?(params: P): Promise<void>;
  /** Runs one seed. Must not throw for agent failures: return `failure` instead. */
  run(params: P, opts: RunOptions): RunResult;
  /** The charts for a set of runs (all seeds of all sweep points), keyed by file name (no extension). */
  charts(runs: readonly LabelledRun[]): Readonly<Record<string, ChartSpec>>;
}
