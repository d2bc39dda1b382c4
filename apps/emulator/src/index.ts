/**
 * @corelab/emulator: the `corelab` command. `main(argv, io)` runs it in-process; reporters
 * (`--report <name>`) are registered with `registerReporter`, simulation models (`corelab simulate`)
 * with `registerModel`.
 */
export { main, VERSION } from "./cli.ts";
export { replayCommand, resultLine, EXIT, type ReplayCommandOptions } from "./replay-command.ts";
export { processIO, styleFor, type CliIO, type OutStream, type Style } from "./io.ts";
export { progressFor, PROGRESS_THRESHOLD } from "./progress.ts";
export { registerReporter, getReporter, listReporters, type Report, type ReportContext, type Reporter, type ReporterSession } from "./reporters/index.ts";
export { eventsReporter } from "./reporters/events.ts";
export { simulateCommand, type SimulateOptions } from "./simulate-command.ts";
// the simulation engine is @corelab/simulate; these re-exports keep the names this package had
export { registerModel, unregisterModel, getModel, hasModel, listModels, UnknownModelError, type RegisteredModel } from "@corelab/simulate";
export type { SimulationModel, RunResult, RunOptions, RunFailure, MetricRow, MetricValue, LabelledRun } from "@corelab/simulate";
export { renderChart, writeChart, type ChartSpec, type RenderedChart } from "@corelab/simulate";
export { Rng } from "@corelab/simulate";
