// Minimal types for cli-progress 3 (the package ships none, and @types/cli-progress is not installed).
declare module "cli-progress" {
  import type { Writable } from "node:stream";
  export interface Options {
    stream?: Writable | NodeJS.WriteStream;
    format?: string;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    stopOnComplete?: boolean;
    noTTYOutput?: boolean;
    notTTYSchedule?: number;
    fps?: number;
    barsize?: number;
    etaBuffer?: number;
    gracefulExit?: boolean;
  }
  export interface Preset {
    barCompleteChar: string;
    barIncompleteChar: string;
    format?: string;
  }
  export class SingleBar {
    constructor(opts: Options, preset?: Preset);
    start(total: number, startValue: number, payload?: Record<string, unknown>): void;
    update(current: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  export const Presets: { shades_classic: Preset; shades_grey: Preset; rect: Preset; legacy: Preset };
  const cliProgress: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default cliProgress;
}
