/**
 * `@corelab/simulate`: the simulation engine behind `corelab simulate`, as a library. A
 * `SimulationModel` (types.ts) turns parameters and a seed into one deterministic run of plain data;
 * the runner expands seeds × sweep points into a matrix (`expandMatrix`), runs it on worker threads
 * (`executeTasks`, piscina: a worker loads the model from its module URL), aggregates every summary
 * column per point (`aggregate`: mean, p5, p95 by linear interpolation) and writes metrics, summaries
 * and charts (`writeMetrics`, `writeSummary`, `writeChart`: vega-lite rendered to SVG and PNG without
 * a browser). Built in: the coretime `network` model (relay, coretime chain, parachains and agents)
 * and `restaking` (the reconstruction of Rodikov's restaking paper on the restaking pallets).
 */
export { registerModel, unregisterModel, getModel, hasModel, listModels, UnknownModelError, isModel, loadModelModule, type AnyModel, type RegisteredModel } from "./registry.ts";
export { SIMULATION_ENGINE, type SimulationModel, type RunResult, type RunOptions, type RunFailure, type MetricRow, type MetricValue, type LabelledRun } from "./types.ts";
export { renderChart, writeChart, type ChartSpec, type RenderedChart } from "./charts.ts";
export { Rng } from "./rng.ts";
export { aggregate, columnStats, percentile, summaryColumns, type ColumnStats, type PointSummary } from "./runner/aggregate.ts";
export { executeRun, type RunTask } from "./runner/execute.ts";
export {
  applyOverrides,
  dedupeSweeps,
  expandMatrix,
  formatValue,
  parseScalar,
  parseSweepOption,
  pointDir,
  setPath,
  sweepSection,
  type MatrixRun,
  type RunMatrix,
  type SweepOption,
  type SweepPoint,
} from "./runner/matrix.ts";
export {
  METRICS_FORMATS,
  failedRuns,
  formatFigure,
  formatSummaryTable,
  metricsPath,
  rowsToCsv,
  rowsToJsonl,
  summaryCsv,
  summaryJson,
  writeMetrics,
  writeSummary,
  type FailedRun,
  type MetricsFormat,
  type SummaryJson,
} from "./runner/output.ts";
export { defaultWorkers, executeTasks, workerExecArgv, type ExecuteOptions } from "./runner/pool.ts";
export { buildNetwork, parseNetworkModel, resolveAccount, NETWORK_PRESETS, SalesLedger, summarizeSales, type NetworkParams, type NetworkRunResult, type SaleDeal, type SaleReport, type SaleRouting, type SalesSummary } from "./network/index.ts";
export { allowTypeScriptModules, isTypeScriptModule } from "@corelab/testing";
