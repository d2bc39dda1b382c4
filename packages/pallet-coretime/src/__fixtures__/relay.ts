// Test helpers: a relay runtime driven block by block, with the broker's calls and the runs.
import { Origin, type DispatchOutcome, type Runtime } from "@corelab/frame";
import { coresAt } from "../cores.ts";
import type { OnDemandPort } from "../interfaces.ts";
import { Coretime } from "../pallet.ts";
import { TEST_BROKER_ORIGIN, TestOnDemand, createCoretimeTestRuntime, placeOrder, type CoretimeTestOptions } from "../testing.ts";
import type { AssignmentPart, CoreAssignment, CoreRun } from "../types.ts";

export const task = (id: number): CoreAssignment => ({ type: "Task", value: id });
export const POOL: CoreAssignment = { type: "Pool" };
export const IDLE: CoreAssignment = { type: "Idle" };
export const whole = (a: CoreAssignment): AssignmentPart[] => [[a, 57_600]];

/** A run in the short form tests compare: `T1000`, `D2000` (on-demand), `Pool`, `Idle`. */
export function short(run: CoreRun): string {
  switch (run.type) {
    case "Task":
      return `T${run.value}`;
    case "OnDemand":
      return `D${run.value}`;
    default:
      return run.type;
  }
}

export class Relay {
  readonly rt: Runtime;
  constructor(opts: CoretimeTestOptions & { cores?: number } = {}) {
    this.rt = createCoretimeTestRuntime({ ...opts, genesis: { ...opts.genesis, Coretime: { core_count: opts.cores ?? 2, ...opts.genesis?.Coretime } } });
  }
  /** `Coretime.assign_core` from the broker's origin, in the open block (or at genesis). */
  assign(core: number, begin: number, assignment: AssignmentPart[], endHint?: number): DispatchOutcome {
    return this.rt.applyExtrinsic({
      origin: Origin.signed(TEST_BROKER_ORIGIN),
      call: Coretime.call("assign_core", { core, begin, assignment, end_hint: endHint }),
    });
  }
  /** Builds the next block and returns what every core runs in it (short form). */
  step(): string[] {
    if (this.rt.isBuilding) this.rt.finalizeBlock();
    this.rt.newBlock();
    return this.runs();
  }
  /** Opens the next block (its on_initialize has run) and returns the runs. */
  open(): string[] {
    if (this.rt.isBuilding) this.rt.finalizeBlock();
    this.rt.initializeBlock();
    return this.runs();
  }
  runs(): string[] {
    return this.rt.read(coresAt).map(short);
  }
  /** The runs of core `core` in the next `n` blocks. */
  column(core: number, n: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.step()[core]!);
    return out;
  }
  order(para: number, price = 0n): void {
    this.rt.withContext((ctx) => placeOrder(ctx, para, price));
  }
  queue(): readonly number[] {
    return this.rt.read((ctx) => TestOnDemand.storage.Queue.get(ctx));
  }
  descriptor(core: number) {
    return this.rt.read((ctx) => Coretime.storage.CoreDescriptors.get(ctx, core));
  }
}

/** Wraps a port to count its calls (a test-side counter, not state). */
export function counting(port: OnDemandPort): { port: OnDemandPort; pops: number[] } {
  const pops: number[] = [];
  return {
    pops,
    port: { ...port, popAssignmentForCore: (ctx, core) => (pops.push(core), port.popAssignmentForCore(ctx, core)) },
  };
}
