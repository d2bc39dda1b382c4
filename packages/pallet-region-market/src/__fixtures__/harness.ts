// Test helpers (not a test file): the region market mock runtime with call helpers, readers and
// the "a failed call changes nothing" check.
import { isDeepStrictEqual } from "node:util";
import { Origin, devAccount, formatDispatchError, type DispatchOutcome, type Runtime, type RuntimeEvent } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { Broker, type ConfigRecord } from "@corelab/pallet-broker";
import { RegionMarket } from "../pallet.ts";
import { MOCK_MARKET_POT, createRegionMarketMockRuntime, type RegionMarketMockOptions } from "../testing.ts";
import type { Listing, RegionId } from "../types.ts";

/** Sellers, buyers and bystanders (dev accounts). */
export const ALICE = devAccount("alice");
export const BOB = devAccount("bob");
export const CHARLIE = devAccount("charlie");
export const DAVE = devAccount("dave");
export const EVE = devAccount("eve");

/** `CoreMask::complete()`. */
export const COMPLETE = (1n << 80n) - 1n;
/** A region id on a whole core. */
export const rid = (begin: number, core = 0, mask = COMPLETE): RegionId => ({ begin, core, mask });

type MarketCalls = typeof RegionMarket.calls;
type BrokerCalls = typeof Broker.calls;
type ArgsOf<C, N extends keyof C> = C[N] extends { dispatch(ctx: never, args: infer A): void } ? A : never;

/** An origin as tests write it: `"root"`, or a signer. */
export type Who = "root" | string;
const origin = (who: Who) => (who === "root" ? Origin.root : Origin.signed(who));

/** The outcome as a string: `ok`, `Market.PriceTooHigh`, `Broker.NotOwner`, `Token.FundsUnavailable` … */
export const outcome = (r: DispatchOutcome): string => (r.ok ? "ok" : formatDispatchError(r.error));

/** The mock runtime with helpers. */
export class Mock {
  readonly rt: Runtime;
  private readonly finished: RuntimeEvent[] = [];

  constructor(opts: { endow?: Record<string, bigint>; config?: Partial<ConfigRecord>; options?: RegionMarketMockOptions } = {}) {
    const genesis: Record<string, Record<string, unknown>> = { ...opts.options?.genesis };
    if (opts.endow) genesis.Balances = { balances: Object.entries(opts.endow) };
    if (opts.config) genesis.Broker = { config: { ...brokerMockConfigRecord(), ...opts.config } };
    this.rt = createRegionMarketMockRuntime({ ...opts.options, genesis });
    this.rt.onBlock((b) => {
      for (const e of b.events) this.finished.push(e.event);
    });
  }

  /** Builds blocks up to `n` and leaves block `n` open (the broker mock's `advance_to`). */
  to(n: number): this {
    if (n > this.rt.blockNumber) this.rt.openBlock(n);
    return this;
  }

  market<N extends keyof MarketCalls & string>(who: Who, name: N, args: ArgsOf<MarketCalls, N>): DispatchOutcome {
    return this.rt.applyExtrinsic({ origin: origin(who), call: RegionMarket.call(name, args as never) });
  }
  broker<N extends keyof BrokerCalls & string>(who: Who, name: N, args: ArgsOf<BrokerCalls, N>): DispatchOutcome {
    return this.rt.applyExtrinsic({ origin: origin(who), call: Broker.call(name, args as never) });
  }

  /** A market call that must succeed. */
  ok<N extends keyof MarketCalls & string>(who: Who, name: N, args: ArgsOf<MarketCalls, N>): void {
    const r = this.market(who, name, args);
    if (!r.ok) throw new Error(`Market.${name}: expected ok, got ${outcome(r)}`);
  }
  /** A broker call that must succeed. */
  brokerOk<N extends keyof BrokerCalls & string>(who: Who, name: N, args: ArgsOf<BrokerCalls, N>): void {
    const r = this.broker(who, name, args);
    if (!r.ok) throw new Error(`Broker.${name}: expected ok, got ${outcome(r)}`);
  }

  /** Applies `apply`, which must fail with `error` and change nothing (state, pending changes, events). Returns nothing. */
  failsWith(error: string, apply: () => DispatchOutcome): void {
    const before = this.rt.state;
    const pending = this.rt.pendingChanges();
    const events = this.rt.pendingEvents.filter((e) => e.event.type !== "System").length;
    const r = apply();
    if (outcome(r) !== error) throw new Error(`expected ${error}, got ${outcome(r)}`);
    if (this.rt.state !== before || !isDeepStrictEqual(this.rt.pendingChanges(), pending)) throw new Error(`a failed call (${error}) changed the state`);
    if (this.rt.pendingEvents.filter((e) => e.event.type !== "System").length !== events) throw new Error(`a failed call (${error}) left events`);
  }
  /** A market call that must fail with `error` and change nothing. */
  err<N extends keyof MarketCalls & string>(who: Who, name: N, args: ArgsOf<MarketCalls, N>, error: string): void {
    this.failsWith(error, () => this.market(who, name, args));
  }

  /** The free balance of `who` (planck). */
  free(who: string): bigint {
    return this.rt.read((ctx) => Balances.storage.Account.get(ctx, who)?.free ?? 0n);
  }
  /** `Market.Listings[id]`. */
  listing(id: RegionId): Listing | undefined {
    return this.rt.read((ctx) => RegionMarket.storage.Listings.get(ctx, id));
  }
  /** `Broker.Regions[id]`. */
  region(id: RegionId) {
    return this.rt.read((ctx) => Broker.storage.Regions.get(ctx, id));
  }
  /** `Broker.SaleInfo`. */
  sale() {
    const s = this.rt.read((ctx) => Broker.storage.SaleInfo.get(ctx));
    if (s === undefined) throw new Error("no sale");
    return s;
  }
  /** The market's escrow account. */
  get pot(): string {
    return MOCK_MARKET_POT;
  }

  /** Every event since genesis (finished blocks and the open one), oldest first. */
  events(): RuntimeEvent[] {
    return [...this.finished, ...this.rt.pendingEvents.map((e) => e.event)];
  }
  /** Fields of every `<pallet>.<name>` event, oldest first. */
  eventsOf(pallet: string, name: string): Array<Record<string, unknown>> {
    return this.events()
      .filter((e) => e.type === pallet && e.value.type === name)
      .map((e) => e.value.value as Record<string, unknown>);
  }
  /** The events of the open block's last extrinsic as `Pallet.Event` names (System's left out). */
  lastCallEvents(): string[] {
    const pending = this.rt.pendingEvents;
    const last = pending[pending.length - 1];
    if (last === undefined) return [];
    const phase = JSON.stringify(last.phase);
    return pending.filter((e) => JSON.stringify(e.phase) === phase && e.event.type !== "System").map((e) => `${e.event.type}.${e.event.value.type}`);
  }
}

/** The broker mock's `new_config()` (written here again to keep the harness independent of what it tests). */
export function brokerMockConfigRecord(): ConfigRecord {
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
