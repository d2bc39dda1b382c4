// A small driver around the broker mock runtime for the end-to-end tests: the mock's
// `advance_to`, calls with origins, events since genesis (never cleared, as in the mock), balances.
import { isDeepStrictEqual } from "node:util";
import { ExecutionContext, Origin, formatDispatchError, type Context, type DispatchOutcome, type Runtime, type RuntimeEvent } from "@corelab/frame";
import type { BrokerConfig } from "../interfaces.ts";
import { Broker } from "../pallet.ts";
import { advanceSalePeriod, advanceTo, balanceOf, coretimeTrace, createBrokerMockRuntime, MOCK_POT, TestCoretime, type BrokerMockOptions } from "../testing.ts";
import type { ConfigRecord } from "../types.ts";
import type { BrokerContext } from "../utility.ts";

type BrokerCalls = typeof Broker.calls;
type ArgsOf<N extends keyof BrokerCalls> = Parameters<BrokerCalls[N]["dispatch"]>[1];

/** An origin as tests write it: `"root"`, or a signer. */
export type Who = "root" | string;

const origin = (who: Who) => (who === "root" ? Origin.root : Origin.signed(who));

/** The broker mock runtime with helpers. */
export class Mock {
  readonly rt: Runtime;
  private readonly finished: Array<{ block: number; event: RuntimeEvent }> = [];

  constructor(opts: { endow?: Record<string, bigint>; config?: Partial<ConfigRecord> | ConfigRecord; options?: BrokerMockOptions } = {}) {
    const genesis: Record<string, Record<string, unknown>> = { ...opts.options?.genesis };
    if (opts.endow) genesis.Balances = { balances: Object.entries(opts.endow) };
    if (opts.config) genesis.Broker = { config: { ...mockConfig(), ...opts.config } };
    this.rt = createBrokerMockRuntime({ ...opts.options, genesis });
    this.rt.onBlock((b) => {
      for (const e of b.events) this.finished.push({ block: b.number, event: e.event });
    });
  }

  get block(): number {
    return this.rt.blockNumber;
  }

  /** `advance_to(n)`. */
  to(n: number): this {
    advanceTo(this.rt, n);
    return this;
  }

  /** `advance_sale_period()`. */
  salePeriod(): this {
    advanceSalePeriod(this.rt);
    return this;
  }

  /** Applies a Broker call in the current block. */
  call<N extends keyof BrokerCalls & string>(who: Who, name: N, args: ArgsOf<N>): DispatchOutcome {
    return this.rt.applyExtrinsic({ origin: origin(who), call: Broker.call(name, args as never) });
  }

  /** Applies a call that must succeed. */
  ok<N extends keyof BrokerCalls & string>(who: Who, name: N, args: ArgsOf<N>): void {
    const r = this.call(who, name, args);
    if (!r.ok) throw new Error(`${name}: expected ok, got ${formatDispatchError(r.error)}`);
  }

  /** Applies a call that must fail with `error` (`Broker.SoldOut`, `BadOrigin`, `Token.FundsUnavailable`) and change nothing. */
  err<N extends keyof BrokerCalls & string>(who: Who, name: N, args: ArgsOf<N>, error: string): void {
    const before = this.rt.state;
    const pending = this.rt.pendingChanges();
    const r = this.call(who, name, args);
    const got = r.ok ? "ok" : formatDispatchError(r.error);
    if (got !== error) throw new Error(`${name}: expected ${error}, got ${got}`);
    if (this.rt.state !== before || !isDeepStrictEqual(this.rt.pendingChanges(), pending)) throw new Error(`${name}: a failed call changed the state`);
  }

  /** A TestCoretime call (Root). */
  relay(name: "spend_instantaneous" | "assign_core", args: Record<string, unknown>): DispatchOutcome {
    return this.rt.applyExtrinsic({ origin: Origin.root, call: TestCoretime.call(name as never, args as never) });
  }

  /** Reads with a context. */
  read<R>(fn: (ctx: Context) => R): R {
    return this.rt.read(fn);
  }

  /** Writes directly (a test's storage surgery or `endow`). */
  write(fn: (ctx: Context) => void): void {
    this.rt.withContext(fn);
  }

  /** Runs `fn` with a Broker pallet context (the runtime's Broker config) and keeps its writes (events are dropped). */
  withBroker<R>(fn: (ctx: BrokerContext) => R): R {
    const config = this.rt.configOf<BrokerConfig>(Broker);
    return this.rt.withContext((ctx) => {
      if (!(ctx instanceof ExecutionContext)) throw new Error("withBroker: expected the runtime's ExecutionContext");
      return fn(ctx.forPallet(config));
    });
  }

  /** `endow(who, amount)`: mints into `who`. */
  endow(who: string, amount: bigint): void {
    const currency = this.rt.configOf<BrokerConfig>(Broker).Currency;
    this.write((ctx) => currency.mintInto(ctx, who, amount));
  }

  balance(who: string): bigint {
    return balanceOf(this.rt, who);
  }
  pot(): bigint {
    return balanceOf(this.rt, MOCK_POT);
  }
  revenue(): bigint {
    return balanceOf(this.rt, "0");
  }

  /** The relay trace as `[block, core, begin, [[assignment, parts]…]]` with assignments written `Idle`/`Pool`/number. */
  trace(): Array<[number, number, number, Array<[string | number, number]>]> {
    return coretimeTrace(this.rt).map((i) => [i.block, i.core, i.begin, i.assignment.map(([a, p]) => [a.type === "Task" ? a.value : a.type, p])]);
  }

  /** Every event since genesis (finished blocks and the open one), oldest first. */
  events(): Array<{ block: number; event: RuntimeEvent }> {
    return [...this.finished, ...this.rt.pendingEvents.map((e) => ({ block: this.rt.blockNumber, event: e.event }))];
  }

  /** Fields of every `Broker.<name>` event, oldest first. */
  brokerEvents(name: string): Array<Record<string, unknown>> {
    return this.events()
      .filter((e) => e.event.type === "Broker" && e.event.value.type === name)
      .map((e) => e.event.value.value as Record<string, unknown>);
  }

  /** The last Broker event. */
  lastBrokerEvent(): { name: string; fields: Record<string, unknown> } | undefined {
    const list = this.events().filter((e) => e.event.type === "Broker");
    const e = list[list.length - 1];
    return e && { name: e.event.value.type, fields: e.event.value.value as Record<string, unknown> };
  }
}

/** mock.rs `new_config()` (duplicated here to keep the harness independent of what it tests). */
export function mockConfig(): ConfigRecord {
  return {
    advance_notice: 2,
    interlude_length: 1,
    leadin_length: 1,
    region_length: 3,
    ideal_bulk_proportion: 0,
    limit_cores_offered: undefined,
    renewal_bump: 100_000_000,
    contribution_timeout: 5,
  };
}

/** `C` = `CoreMask::complete()`. */
export const C = (1n << 80n) - 1n;
/** `Task(n)` as a schedule item of the whole core. */
export const wholeCore = (task: number) => [{ mask: C, assignment: { type: "Task" as const, value: task } }];
/** The whole-core `Pool` schedule. */
export const poolCore = () => [{ mask: C, assignment: { type: "Pool" as const } }];
/** `u64::MAX`, the mock tests' price limit. */
export const MAX = 18446744073709551615n;
/** The region id `{ begin, core, mask }`. */
export const rid = (begin: number, core: number, mask: bigint = C) => ({ begin, core, mask });
/** `Final` / `Provisional`. */
export const Final = { type: "Final" as const };
export const Provisional = { type: "Provisional" as const };
