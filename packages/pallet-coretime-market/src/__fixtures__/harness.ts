// Test helpers (not a test file): a mock runtime at the scaled test timing and readers.
import { Origin, devAccount, type DispatchOutcome, type EventRecord, type Runtime } from "@corelab/frame";
import { DOT, type CoretimeMarketConstants } from "../interfaces.ts";
import { CoretimeMarket } from "../pallet.ts";
import { MarketDriver, createCoretimeMarketMockRuntime } from "../testing.ts";

export const A = devAccount("alice");
export const B = devAccount("bob");
export const C = devAccount("charlie");
export const D = devAccount("dave");
export const R = devAccount("eve");
export const F = devAccount("ferdie");

/**
 * The scaled timing of the scenario files: market 20 blocks, renewal 10, timeslices of 10 blocks,
 * regions of 4 timeslices, advance notice 2. `start_sales` at block 1 gives a first sale whose
 * regions begin at timeslice 4: Market 1–21, Renewal 21–31, Settlement 31–38, next sale from 38.
 */
export const SCALED: Partial<CoretimeMarketConstants> = { MarketPeriod: 20, RenewalPeriod: 10, RegionLength: 4, AdvanceNotice: 2 };

export interface Harness {
  readonly rt: Runtime;
  /** Every event since the harness was made (sealed blocks and the open one). */
  events(pallet: string, name: string): Array<Readonly<Record<string, unknown>>>;
  call(origin: string | "Root", name: string, args: Record<string, unknown>): DispatchOutcome;
  sale(): ReturnType<typeof CoretimeMarket.storage.SaleInfo.get>;
  free(who: string): bigint;
  reserved(who: string): bigint;
}

export function harness(opts: {
  cores: number;
  constants?: Partial<CoretimeMarketConstants>;
  rights?: Array<[string, number, number]>;
  balances?: Array<[string, bigint]>;
  name?: string;
}): Harness {
  const balances = opts.balances ?? [A, B, C, D, R, F].map((w) => [w, 10_000n * DOT] as [string, bigint]);
  const rt = createCoretimeMarketMockRuntime({
    name: opts.name,
    constants: { CoretimeMarket: { ...SCALED, ...opts.constants }, MarketDriver: { TimeslicePeriod: 10 } },
    genesis: {
      Balances: { balances },
      MarketDriver: { core_range: { from: 0, to: opts.cores }, renewal_rights: opts.rights ?? [] },
    },
  });
  const sealed: EventRecord[] = [];
  rt.onBlock((b) => sealed.push(...b.events));
  const all = (): readonly EventRecord[] => [...sealed, ...(rt.pendingEvents ?? [])];
  const account = (who: string) => rt.query("Balances", "Account", who) as { free: bigint; reserved: bigint } | undefined;
  return {
    rt,
    events: (pallet, name) => all().filter((e) => e.is(pallet, name)).map((e) => e.data),
    call(origin, name, args) {
      const o = origin === "Root" ? Origin.root : Origin.signed(origin);
      return rt.applyExtrinsic({ origin: o, call: MarketDriver.call(name as never, args as never) });
    },
    sale: () => rt.read((ctx) => CoretimeMarket.storage.SaleInfo.get(ctx)),
    free: (who) => account(who)?.free ?? 0n,
    reserved: (who) => account(who)?.reserved ?? 0n,
  };
}

/** The module error name of a failed outcome (or "ok"). */
export function outcome(o: DispatchOutcome): string {
  if (o.ok) return "ok";
  const e = o.error as { type: string; value?: { type: string; value: { type: string } } };
  return e.type === "Module" ? `${e.value!.type}.${e.value!.value.type}` : e.type;
}
