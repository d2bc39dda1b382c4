/**
 * The overall progress bar of `corelab simulate` on stderr: one bar for the whole matrix, in
 * runs, with the running runs' partial progress counted in. Shown on a terminal unless `CI` is set
 * (like the replay command's bar), or when forced with `--progress`; never on stdout.
 */
import cliProgress from "cli-progress";
import type { CliIO, OutStream } from "./io.ts";

/** What the runner reports to the bar. */
export interface MatrixProgress {
  /** Run `index` has done `done` of `total` steps. */
  update(index: number, done: number, total: number): void;
  /** Run `index` finished (failed or not). */
  finish(index: number, failed: boolean): void;
  stop(): void;
}

const NONE: MatrixProgress = { update() {}, finish() {}, stop() {} };

/** Whether a bar is shown: `--progress`/`--no-progress` win; else on a TTY when `CI` is not set. */
export function progressEnabled(stream: OutStream, env: CliIO["env"], mode: boolean | undefined): boolean {
  if (mode !== undefined) return mode;
  return stream.isTTY === true && (env.CI === undefined || env.CI === "" || env.CI === "false" || env.CI === "0");
}

/** A bar over `runs` runs titled `title`, or a no-op when not enabled. */
export function matrixProgress(stream: OutStream, title: string, runs: number, enabled: boolean): MatrixProgress {
  if (!enabled || runs === 0) return NONE;
  const SCALE = 1000; // per run, so partial progress moves the bar
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: `${title} [{bar}] {percentage}% | {finished}/{runs} runs{failedText} | ETA {eta_formatted}`,
      hideCursor: false,
      clearOnComplete: true,
      noTTYOutput: stream.isTTY !== true,
      notTTYSchedule: 5000,
      etaBuffer: 100,
    },
    cliProgress.Presets.shades_classic,
  );
  const part = new Float64Array(runs);
  let finished = 0;
  let failed = 0;
  let sum = 0;
  let stopped = false;
  const payload = () => ({ finished, runs, failedText: failed ? `, ${failed} failed` : "" });
  bar.start(runs * SCALE, 0, payload());
  const set = (i: number, frac: number): void => {
    const v = Math.min(1, Math.max(part[i]!, frac)); // never backwards
    sum += v - part[i]!;
    part[i] = v;
  };
  return {
    update(i, done, total) {
      if (stopped || total <= 0) return;
      set(i, done / total);
      bar.update(Math.round(sum * SCALE), payload());
    },
    finish(i, f) {
      if (stopped) return;
      set(i, 1);
      finished++;
      if (f) failed++;
      bar.update(Math.round(sum * SCALE), payload());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
