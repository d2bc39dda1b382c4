/**
 * A progress bar for long replays, on stderr only, and only on a terminal (or when forced with
 * `--progress`). It is updated every 1024 blocks, so it costs nothing measurable per block.
 */
import cliProgress from "cli-progress";
import type { BlockRecord } from "@corelab/frame";
import type { ReplayObserver } from "@corelab/testing";
import type { OutStream } from "./io.ts";

/** Replays with more blocks than this get a bar (unless `--no-progress`). */
export const PROGRESS_THRESHOLD = 20_000;

/** A progress observer for one file, or undefined when no bar should be shown. */
export function progressFor(
  stream: OutStream,
  file: string,
  totalBlocks: number,
  mode: boolean | undefined,
  /** The genesis block's number (a scenario's `start`): block `start + k` is progress `k`. */
  start = 0,
): (ReplayObserver & { stop(): void }) | undefined {
  const enabled = mode ?? (stream.isTTY === true && totalBlocks > PROGRESS_THRESHOLD);
  if (!enabled || totalBlocks === 0) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: `${file} [{bar}] {value}/{total} blocks | {percentage}% | ETA {eta_formatted}`,
      hideCursor: false, // a Ctrl-C during a synchronous replay would leave the cursor hidden
      clearOnComplete: true,
      noTTYOutput: stream.isTTY !== true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    start(): void {
      bar.start(totalBlocks, 0);
      started = true;
    },
    block(b: BlockRecord, _rt?: unknown, chain?: string): void {
      // in a network, the relay's blocks are the clock
      if ((b.number & 1023) === 0 && (chain === undefined || chain === "relay")) bar.update(b.number - start);
    },
    end(): void {
      this.stop();
    },
    stop(): void {
      if (!started) return;
      started = false;
      bar.update(totalBlocks);
      bar.stop();
    },
  };
}
