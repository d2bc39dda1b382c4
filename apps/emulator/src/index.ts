/**
 * @corelab/emulator: the `corelab` command. `main(argv, io)` runs it in-process; reporters
 * (`--report <name>`) are registered with `registerReporter`.
 */
export { main, VERSION } from "./cli.ts";
export { replayCommand, resultLine, EXIT, type ReplayCommandOptions } from "./replay-command.ts";
export { processIO, styleFor, type CliIO, type OutStream, type Style } from "./io.ts";
export { progressFor, PROGRESS_THRESHOLD } from "./progress.ts";
export { registerReporter, getReporter, listReporters, type Report, type ReportContext, type Reporter, type ReporterSession } from "./reporters/index.ts";
export { eventsReporter } from "./reporters/events.ts";
