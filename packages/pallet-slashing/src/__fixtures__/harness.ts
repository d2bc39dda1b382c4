// A small driver around the slashing mock runtime for the unit tests: calls with origins, blocks,
// events of the last call, balances and storage reads.
import { isDeepStrictEqual } from "node:util";
import { Origin, formatDispatchError, type Context, type DispatchOutcome, type Runtime, type RuntimeEvent } from "@corelab/frame";
import { account } from "@corelab/pallet-balances";
import { Slashing } from "../pallet.ts";
import { createSlashingRuntime, type SlashingRuntimeOptions } from "../testing.ts";

type Calls = typeof Slashing.calls;
type ArgsOf<N extends keyof Calls> = Parameters<Calls[N]["dispatch"]>[1];

/** An origin as tests write it: `"root"`, or a signer. */
export type Who = "root" | string;
const origin = (who: Who) => (who === "root" ? Origin.root : Origin.signed(who));

/** The slashing mock runtime with helpers. Block 1 is open after construction. */
export class Mock {
  readonly rt: Runtime;

  constructor(opts: SlashingRuntimeOptions = {}) {
    this.rt = createSlashingRuntime(opts);
    this.rt.openBlock(1);
  }

  /** Opens block `n` (running its `on_initialize`). */
  to(n: number): this {
    this.rt.openBlock(n);
    return this;
  }

  /** Applies a Slashing call in the open block. */
  call<N extends keyof Calls & string>(who: Who, name: N, args: ArgsOf<N>): DispatchOutcome {
    return this.rt.applyExtrinsic({ origin: origin(who), call: Slashing.call(name, args as never) });
  }

  /** Applies a call that must succeed. */
  ok<N extends keyof Calls & string>(who: Who, name: N, args: ArgsOf<N>): void {
    const r = this.call(who, name, args);
    if (!r.ok) throw new Error(`${name}: expected ok, got ${formatDispatchError(r.error)}`);
  }

  /** Applies a call that must fail with `error` and change nothing. */
  err<N extends keyof Calls & string>(who: Who, name: N, args: ArgsOf<N>, error: string): void {
    const before = this.rt.state;
    const pending = this.rt.pendingChanges();
    const r = this.call(who, name, args);
    const got = r.ok ? "ok" : formatDispatchError(r.error);
    if (got !== error) throw new Error(`${name}: expected ${error}, got ${got}`);
    if (this.rt.state !== before || !isDeepStrictEqual(this.rt.pendingChanges(), pending)) throw new Error(`${name}: a failed call changed the state`);
  }

  /** Slashing events deposited so far in the open block, as `[name, fields]`. */
  events(): Array<[string, Readonly<Record<string, unknown>>]> {
    return this.rt.pendingEvents
      .map((r) => r.event as RuntimeEvent)
      .filter((e) => e.type === "Slashing")
      .map((e) => [e.value.type, e.value.value]);
  }

  read<R>(fn: (ctx: Context) => R): R {
    return this.rt.read(fn);
  }

  ledger(who: string) {
    return this.read((ctx) => Slashing.storage.Ledger.get(ctx, who));
  }

  free(who: string): bigint {
    return this.read((ctx) => account(ctx, who).free);
  }

  reserved(who: string): bigint {
    return this.read((ctx) => account(ctx, who).reserved);
  }
}
