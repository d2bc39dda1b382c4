/** Contexts over a bare state, for storage-level tests (no runtime around them). */
import { ExecutionContext, type RuntimeInfo, type State } from "../context.ts";
import { Externalities } from "../externalities.ts";

/** Runtime facts for a context with no runtime. */
export const TEST_INFO: RuntimeInfo = { name: "test", token: undefined, seed: "test", pallets: new Set(["Demo"]) };

/** A context over `state` with its own storage overlay; `finish()` commits the overlay and returns the next state. */
export function stateContext(state: State, blockNumber = 1): ExecutionContext & { finish(): State; readonly ext: Externalities } {
  const ext = new Externalities(state, true);
  const ctx = new ExecutionContext(ext, blockNumber, { type: "Initialization" }, TEST_INFO);
  return Object.assign(ctx, { ext, finish: () => ext.commit().state });
}
