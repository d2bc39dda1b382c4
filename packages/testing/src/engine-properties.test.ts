// Property test of the engine under random broker and balances traffic (fast-check, fixed seed):
// random blocks of random extrinsics (many of them failing: bad origins, unknown or foreign
// regions, prices above the limit, amounts above the balance) on the `broker-mock` preset.
//
// After every extrinsic:
// - a failed one changed nothing: the open block's pending changes are what they were, the
//   committed state is the same object, and the only event added is `System.ExtrinsicFailed`;
// - `Balances.TotalIssuance` = Σ (free + reserved) over every `Balances.Account` entry (plus what
//   Root added with `force_adjust_total_issuance`, which changes the issuance alone).
// After every block's hooks: the issuance again. After every finalized block (genesis included):
// its change set is what `pendingChanges()` listed just before, and the incremental state root =
// a root computed from scratch = the block record's `state_root`.
//
// The seed is fixed (CI is deterministic); at the end the test asserts that the traffic was mixed
// (many failures, and every call succeeded at least once), so that a generator change that made
// the property vacuous fails too. Broker and Balances calls check before they write, so a runtime
// that kept a failed call's writes would go unnoticed but for a call that writes and then fails:
// enable_auto_renew renews a renewable core first, then may fail with TooManyAutoRenewals. The
// generators steer there (leases that end soon become renewal rights, `MaxAutoRenewals` is drawn
// from 1..3, auto-renewals target renewable cores), and the runs reach it well within numRuns.
//
// Regions are chosen among those the chain holds (or held), or made up. Region overlaps that
// pallet-broker itself allows (restarting sales, pooling a region twice) are not checked here.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Origin, formatDispatchError, initCrypto, type BlockRecord, type Extrinsic, type Runtime } from "@corelab/frame";
import { Balances, type AccountData } from "@corelab/pallet-balances";
import { Broker, type ConfigRecord, type RegionId, type RegionRecord } from "@corelab/pallet-broker";
import { MOCK_POT, TestCoretime } from "@corelab/pallet-broker/testing";
import { getPreset } from "./presets/registry.ts";

// ---------------------------------------------------------------------------------------------
// the chain and what the test knows of it

/** Accounts that sign (`"1"` is the mock's admin; `"100x"` are the sovereign accounts of tasks 100x). */
const SIGNERS = ["1", "2", "3", "1001", "1002", "1003"] as const;
/** Destinations: the signers, the revenue sink `"0"`, the broker pot and an account that never existed. */
const DESTS = [...SIGNERS, "0", MOCK_POT, "77"] as const;
const TASKS = [1001, 1002, 1003, 7] as const;
const COMPLETE = (1n << 80n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

/** What the test knows of the chain, refreshed from storage after every extrinsic and block. */
interface Model {
  /** Regions the chain holds now. */
  current: Array<[RegionId, RegionRecord]>;
  /** Regions it held once and no longer does (stale ids), and every region id seen, by key. */
  past: RegionId[];
  seen: Map<string, RegionId>;
  /** Keys of `InstaPoolContribution`, `PotentialRenewals` and `InstaPoolHistory`. */
  contributions: RegionId[];
  renewals: Array<{ core: number; when: number }>;
  history: number[];
  /** `AutoRenewals` records, tasks of `Leases`, accounts with credit on the mock relay. */
  autoRenewals: Array<{ core: number; task: number }>;
  leases: number[];
  credit: string[];
  /** `SaleInfo.region_begin`: the renewal rights at it are the renewable ones. */
  saleBegin: number | undefined;
  /** The current timeslice (the mock's `TimeslicePeriod` is 2). */
  timeslice: number;
}

const emptyModel = (): Model => ({
  current: [],
  past: [],
  seen: new Map(),
  contributions: [],
  renewals: [],
  history: [],
  autoRenewals: [],
  leases: [],
  credit: [],
  saleBegin: undefined,
  timeslice: 0,
});

interface Real {
  readonly rt: Runtime;
  /** Σ of `force_adjust_total_issuance` deltas (issuance changed without any account). */
  forced: bigint;
  readonly stats: Stats;
}

interface Stats {
  extrinsics: number;
  failed: number;
  blocks: number;
  calls: Map<string, { ok: number; err: number }>;
}

const regionKey = (r: RegionId): string => `${r.begin}/${r.core}/${r.mask.toString(16)}`;

function learn(m: Model, rt: Runtime): void {
  const regions = rt.query("Broker", "Regions") as Array<readonly [RegionId, RegionRecord]>;
  const now = new Set<string>();
  m.current = regions.map(([id, r]) => [id, r]);
  for (const [id] of regions) {
    const k = regionKey(id);
    now.add(k);
    m.seen.set(k, id);
  }
  m.past = [...m.seen].filter(([k]) => !now.has(k)).map(([, id]) => id);
  m.contributions = (rt.query("Broker", "InstaPoolContribution") as Array<readonly [RegionId, unknown]>).map(([id]) => id);
  m.renewals = (rt.query("Broker", "PotentialRenewals") as Array<readonly [{ core: number; when: number }, unknown]>).map(([id]) => id);
  m.history = (rt.query("Broker", "InstaPoolHistory") as Array<readonly [number, unknown]>).map(([when]) => when);
  m.autoRenewals = rt.query("Broker", "AutoRenewals") as Array<{ core: number; task: number }>;
  m.timeslice = Math.floor(rt.blockNumber / 2);
  m.saleBegin = (rt.query("Broker", "SaleInfo") as { region_begin: number } | undefined)?.region_begin;
  m.leases = (rt.query("Broker", "Leases") as Array<{ task: number }>).map((l) => l.task);
  m.credit = (rt.query("TestCoretime", "CoretimeCredit") as Array<readonly [string, bigint]>).map(([who]) => who);
}

// ---------------------------------------------------------------------------------------------
// the checks

function fail(what: string): never {
  throw new Error(what);
}

function checkIssuance(real: Real, after: string): void {
  const issuance = real.rt.query("Balances", "TotalIssuance") as bigint;
  let sum = 0n;
  for (const [, a] of real.rt.query("Balances", "Account") as Array<readonly [string, AccountData]>) sum += a.free + a.reserved;
  if (sum + real.forced !== issuance) fail(`after ${after}: TotalIssuance ${issuance} ≠ Σ accounts ${sum} + forced ${real.forced}`);
}

/** Applies `xt` in the open block and checks rollback (when it failed), events and issuance. */
function apply(real: Real, xt: Extrinsic, label: string): void {
  const { rt } = real;
  const state = rt.state;
  const pending = rt.pendingChanges();
  const events = rt.pendingEvents.length;
  const r = rt.applyExtrinsic(xt);
  const name = `${xt.call.pallet}.${xt.call.name}`;
  const s = real.stats.calls.get(name) ?? { ok: 0, err: 0 };
  real.stats.calls.set(name, s);
  real.stats.extrinsics++;
  const what = `${label} → ${r.ok ? "ok" : formatDispatchError(r.error)}`;
  if (rt.state !== state) fail(`${what}: the committed state changed inside a block`);
  const added = rt.pendingEvents.slice(events);
  const last = added[added.length - 1];
  if (r.ok) {
    s.ok++;
    if (!last?.is("System", "ExtrinsicSuccess")) fail(`${what}: the last event is not System.ExtrinsicSuccess`);
    if (xt.call.pallet === "Balances" && xt.call.name === "force_adjust_total_issuance") {
      const e = added.find((x) => x.is("Balances", "TotalIssuanceForced"))!;
      real.forced += (e.data.new as bigint) - (e.data.old as bigint);
    }
  } else {
    s.err++;
    real.stats.failed++;
    if (!isDeepStrictEqual(rt.pendingChanges(), pending)) fail(`${what}: a failed extrinsic left storage changes`);
    if (added.length !== 1 || !last!.is("System", "ExtrinsicFailed")) fail(`${what}: events added: ${added.map((e) => `${e.section}.${e.method}`).join(", ")}`);
    if (!isDeepStrictEqual(last!.data.dispatch_error, r.error)) fail(`${what}: ExtrinsicFailed carries another error`);
  }
  checkIssuance(real, what);
}

/** The incremental root = a root from scratch = the block record's root. */
function checkRoots(real: Real, b: BlockRecord): void {
  const { rt } = real;
  const incremental = rt.stateRoot();
  const scratch = rt.stateRoot({ fromScratch: true });
  if (incremental !== scratch) fail(`block ${b.number}: incremental root ${incremental} ≠ root from scratch ${scratch}`);
  if (b.state_root !== incremental) fail(`block ${b.number}: record's state_root ${b.state_root} ≠ root of the committed state ${incremental}`);
}

/** Finalizes the open block (its changes must be those pending) and checks the roots. */
function finalize(real: Real, m: Model): void {
  const { rt } = real;
  const pending = rt.pendingChanges();
  const b = rt.finalizeBlock();
  real.stats.blocks++;
  if (!isDeepStrictEqual(b.changes, pending)) fail(`block ${b.number}: its change set is not what pendingChanges() listed before finalizing`);
  checkRoots(real, b);
  checkIssuance(real, `block ${b.number}`);
  learn(m, rt);
}

/** Opens the next block (its hooks run) and checks issuance after them. */
function initialize(real: Real, m: Model): void {
  real.rt.initializeBlock();
  checkIssuance(real, `on_initialize of block ${real.rt.blockNumber}`);
  learn(m, real.rt);
}

// ---------------------------------------------------------------------------------------------
// commands

type OriginSpec = { k: "signed"; who: string } | { k: "root" } | { k: "none" } | { k: "owner" };
type RegionSpec = { pick: number; stale: boolean; newest?: boolean; made?: RegionId };

function origin(spec: OriginSpec, owner: string | undefined): Extrinsic["origin"] {
  switch (spec.k) {
    case "root":
      return Origin.root;
    case "none":
      return Origin.none;
    case "signed":
      return Origin.signed(spec.who);
    case "owner":
      return Origin.signed(owner ?? "1");
  }
}

function originLabel(o: Extrinsic["origin"]): string {
  return o.type === "Signed" ? `Signed(${o.value})` : o.type;
}

/** The region a spec names: a current one, a stale one, or a made-up id. */
function region(m: Model, spec: RegionSpec): { id: RegionId; owner: string | undefined } {
  if (spec.made === undefined) {
    if (spec.stale && m.past.length > 0) return { id: m.past[spec.pick % m.past.length]!, owner: undefined };
    if (spec.newest && m.current.length > 0) {
      const begin = Math.max(...m.current.map(([id]) => id.begin));
      const newest = m.current.filter(([id]) => id.begin === begin);
      const [id, r] = newest[spec.pick % newest.length]!;
      return { id, owner: r.owner };
    }
    if (m.current.length > 0) {
      const [id, r] = m.current[spec.pick % m.current.length]!;
      return { id, owner: r.owner };
    }
  }
  return { id: spec.made ?? { begin: spec.pick % 20, core: spec.pick % 3, mask: COMPLETE }, owner: undefined };
}

/** One extrinsic, built from what the model knows when it runs. */
class Xt implements fc.Command<Model, Real> {
  private shown: string | undefined;
  constructor(
    private readonly label: string,
    private readonly build: (m: Model) => Extrinsic,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, real: Real): void {
    const xt = this.build(m);
    this.shown = `${originLabel(xt.origin)} ${xt.call.pallet}.${xt.call.name}(${stringify(xt.call.args)})`;
    apply(real, xt, `block ${real.rt.blockNumber}: ${this.shown}`);
    learn(m, real.rt);
  }
  toString(): string {
    return this.shown ?? this.label;
  }
}

/** Ends the open block, builds `skip` empty blocks, opens the next one. */
class EndBlock implements fc.Command<Model, Real> {
  constructor(private readonly skip: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, real: Real): void {
    finalize(real, m);
    for (let i = 0; i < this.skip; i++) {
      initialize(real, m);
      finalize(real, m);
    }
    initialize(real, m);
  }
  toString(): string {
    return `end block${this.skip > 0 ? ` +${this.skip} empty` : ""}`;
  }
}

function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? (x === COMPLETE ? "C" : `${x}`) : x));
}

const signer = fc.constantFrom(...SIGNERS);
const dest = fc.constantFrom(...DESTS);
/** Origins of a signed call: mostly signers, sometimes Root or None (BadOrigin). */
const signedOrigin: fc.Arbitrary<OriginSpec> = fc.oneof(
  { weight: 8, arbitrary: signer.map((who) => ({ k: "signed" as const, who })) },
  { weight: 1, arbitrary: fc.constant({ k: "root" as const }) },
  { weight: 1, arbitrary: fc.constant({ k: "none" as const }) },
);
/** Origins of a region owner's call: mostly the owner. */
const ownerOrigin: fc.Arbitrary<OriginSpec> = fc.oneof({ weight: 3, arbitrary: fc.constant({ k: "owner" as const }) }, { weight: 2, arbitrary: signedOrigin });
/** Origins of an admin call (Root or signed "1" pass). */
const adminOrigin: fc.Arbitrary<OriginSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ k: "root" as const }) },
  { weight: 2, arbitrary: signedOrigin },
);
const rootOrigin: fc.Arbitrary<OriginSpec> = fc.oneof({ weight: 4, arbitrary: fc.constant({ k: "root" as const }) }, { weight: 1, arbitrary: signedOrigin });

const mask = fc.oneof(
  { weight: 3, arbitrary: fc.constant(COMPLETE) },
  { weight: 1, arbitrary: fc.constantFrom(COMPLETE >> 40n, COMPLETE ^ (COMPLETE >> 40n), 1n, 0n) },
  { weight: 1, arbitrary: fc.bigInt(1n, COMPLETE) },
);
const madeUpRegion: fc.Arbitrary<RegionId> = fc.record({ begin: fc.nat(24), core: fc.nat(4), mask });
const regionSpec: fc.Arbitrary<RegionSpec> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ pick: fc.nat(), stale: fc.constant(false) }) },
  // the regions of the latest sale (not begun yet: a Final assignment of a whole one makes it renewable)
  { weight: 6, arbitrary: fc.record({ pick: fc.nat(), stale: fc.constant(false), newest: fc.constant(true) }) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), stale: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(), stale: fc.constant(false), made: madeUpRegion }) },
);
/** Amounts: small, around the balances, 0, or far above any balance. */
const amount = fc.oneof(
  { weight: 3, arbitrary: fc.bigInt(0n, 60n) },
  { weight: 3, arbitrary: fc.bigInt(0n, 3_000n) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 1_000_000n, U64_MAX) },
);
/** Core counts the relay reports: rarely 0 (no sales possible). */
const coreCount = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) });
const finality = fc.constantFrom({ type: "Final" as const }, { type: "Provisional" as const });
const config: fc.Arbitrary<ConfigRecord> = fc.record({
  advance_notice: fc.nat(4),
  interlude_length: fc.nat(3),
  leadin_length: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) }),
  region_length: fc.integer({ min: 1, max: 5 }),
  ideal_bulk_proportion: fc.integer({ min: 0, max: 1_000_000_000 }),
  limit_cores_offered: fc.option(fc.nat(4), { nil: undefined }),
  renewal_bump: fc.integer({ min: 0, max: 1_000_000_000 }),
  contribution_timeout: fc.nat(6),
});
const schedule = fc.array(
  fc.record({
    mask,
    assignment: fc.oneof(
      fc.constant({ type: "Pool" as const }),
      fc.constant({ type: "Idle" as const }),
      fc.constantFrom(...TASKS).map((value) => ({ type: "Task" as const, value })),
    ),
  }),
  { minLength: 1, maxLength: 2 },
);

const B = <N extends keyof typeof Broker.calls & string>(name: N, args: Parameters<typeof Broker.call<N>>[1]) => Broker.call(name, args);
const xt = (o: OriginSpec, owner: string | undefined, call: Extrinsic["call"]): Extrinsic => ({ origin: origin(o, owner), call });

/** Calls on a region: the region spec, then the call's own arguments. */
function regionCall<A>(name: string, origins: fc.Arbitrary<OriginSpec>, extra: fc.Arbitrary<A>, call: (id: RegionId, a: A) => Extrinsic["call"]) {
  return fc.tuple(origins, regionSpec, extra).map(
    ([o, r, a]) =>
      new Xt(name, (m) => {
        const { id, owner } = region(m, r);
        return xt(o, owner, call(id, a));
      }),
  );
}

type Cmd = fc.Arbitrary<fc.Command<Model, Real>>;
const simple = <A>(name: string, args: fc.Arbitrary<A>, origins: fc.Arbitrary<OriginSpec>, call: (a: A, m: Model) => Extrinsic["call"]): Cmd =>
  fc.tuple(origins, args).map(([o, a]) => new Xt(name, (m) => xt(o, undefined, call(a, m))));
const renewable = (m: Model) => m.renewals.filter((r) => r.when === m.saleBegin);
const pickFrom = <T>(list: readonly T[], pick: number, otherwise: T): T => (list.length > 0 ? list[pick % list.length]! : otherwise);

/** Every command with its weight (how often it is drawn). */
const COMMANDS: Array<[number, Cmd]> = [
  // --- Balances
  [5, simple("transfer_allow_death", fc.tuple(dest, amount), signedOrigin, ([d, v]) => Balances.call("transfer_allow_death", { dest: d, value: v }))],
  [3, simple("transfer_keep_alive", fc.tuple(dest, amount), signedOrigin, ([d, v]) => Balances.call("transfer_keep_alive", { dest: d, value: v }))],
  [2, simple("transfer_all", fc.tuple(dest, fc.boolean()), signedOrigin, ([d, k]) => Balances.call("transfer_all", { dest: d, keep_alive: k }))],
  [2, simple("force_transfer", fc.tuple(dest, dest, amount), rootOrigin, ([a, d, v]) => Balances.call("force_transfer", { source: a, dest: d, value: v }))],
  [2, simple("burn", fc.tuple(amount, fc.boolean()), signedOrigin, ([v, k]) => Balances.call("burn", { value: v, keep_alive: k }))],
  [1, simple("force_set_balance", fc.tuple(dest, fc.bigInt(0n, 5_000n)), rootOrigin, ([w, v]) => Balances.call("force_set_balance", { who: w, new_free: v }))],
  [1, simple("force_unreserve", fc.tuple(dest, amount), rootOrigin, ([w, v]) => Balances.call("force_unreserve", { who: w, amount: v }))],
  // Increase only: after a Decrease below Σ accounts, saturating arithmetic would legitimately diverge
  [
    1,
    simple("force_adjust_total_issuance", fc.bigInt(0n, 100n), rootOrigin, (d) =>
      Balances.call("force_adjust_total_issuance", { direction: { type: "Increase", value: undefined } as never, delta: d }),
    ),
  ],
  // --- Broker: administration
  [1, simple("start_sales", fc.tuple(fc.bigInt(0n, 300n), fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) })), adminOrigin, ([p, c]) => B("start_sales", { end_price: p, extra_cores: c }))],
  [1, simple("configure", config, adminOrigin, (c) => B("configure", { config: c }))],
  [1, simple("reserve", schedule, adminOrigin, (w) => B("reserve", { workload: w }))],
  [1, simple("unreserve", fc.nat(3), adminOrigin, (i) => B("unreserve", { item_index: i }))],
  [1, simple("force_reserve", fc.tuple(schedule, fc.nat(4)), adminOrigin, ([w, c]) => B("force_reserve", { workload: w, core: c }))],
  // (a lease that ends before the next region's end becomes a renewal right at the next rotation)
  [3, simple("set_lease", fc.tuple(fc.constantFrom(...TASKS), fc.integer({ min: -2, max: 10 })), adminOrigin, ([task, d], m) => B("set_lease", { task, until: Math.max(0, m.timeslice + d) }))],
  [1, simple("remove_lease", fc.tuple(fc.nat(), fc.boolean()), adminOrigin, ([pick, known], m) => B("remove_lease", { task: known ? pickFrom(m.leases, pick, 0) : TASKS[pick % TASKS.length]! }))],
  [1, simple("notify_core_count", coreCount, adminOrigin, (n) => B("notify_core_count", { core_count: n }))],
  [1, simple("request_core_count", coreCount, adminOrigin, (n) => B("request_core_count", { core_count: n }))],
  [1, regionCall("remove_assignment", adminOrigin, fc.constant(null), (id) => B("remove_assignment", { region_id: id }))],
  // --- Broker: sales and regions
  [20, simple("purchase", fc.oneof(fc.bigInt(0n, 300n), fc.constant(U64_MAX)), signedOrigin, (p) => B("purchase", { price_limit: p }))],
  [10, simple("renew", fc.tuple(fc.nat(), fc.nat(4).map((n) => n > 0)), signedOrigin, ([pick, known], m) => B("renew", { core: known ? pickFrom(renewable(m), pick, { core: 0, when: 0 }).core : pick % 6 }))],
  [5, regionCall("transfer", ownerOrigin, dest, (id, d) => B("transfer", { region_id: id, new_owner: d }))],
  [6, regionCall("partition", ownerOrigin, fc.nat(4), (id, p) => B("partition", { region_id: id, pivot: p }))],
  // the pivot: usually a part of the region's mask (which may be void or all of it), else any mask
  [
    6,
    regionCall("interlace", ownerOrigin, fc.tuple(fc.boolean(), fc.oneof(fc.bigInt(0n, COMPLETE), mask)), (id, [inside, bits]) =>
      B("interlace", { region_id: id, pivot: inside ? bits & id.mask : bits }),
    ),
  ],
  [10, regionCall("assign", ownerOrigin, fc.tuple(fc.constantFrom(...TASKS), finality), (id, [task, f]) => B("assign", { region_id: id, task, finality: f }))],
  [10, regionCall("pool", ownerOrigin, fc.tuple(dest, finality), (id, [payee, f]) => B("pool", { region_id: id, payee, finality: f }))],
  [2, regionCall("drop_region", fc.oneof(signedOrigin, fc.constant({ k: "none" as const })), fc.constant(null), (id) => B("drop_region", { region_id: id }))],
  [
    6,
    simple("claim_revenue", fc.tuple(fc.nat(), fc.nat(5), fc.boolean()), signedOrigin, ([pick, max, known], m) =>
      B("claim_revenue", { region_id: known ? pickFrom(m.contributions, pick, region(m, { pick, stale: false }).id) : region(m, { pick, stale: false }).id, max_timeslices: max }),
    ),
  ],
  [
    2,
    simple("drop_contribution", fc.nat(), signedOrigin, (pick, m) => B("drop_contribution", { region_id: pickFrom(m.contributions, pick, region(m, { pick, stale: true }).id) })),
  ],
  // (known: the oldest pool history, the first to be droppable)
  [2, simple("drop_history", fc.tuple(fc.nat(), fc.boolean()), signedOrigin, ([pick, known], m) => B("drop_history", { when: known ? Math.min(pick % 30, ...m.history) : pick % 30 }))],
  [
    2,
    simple("drop_renewal", fc.tuple(fc.nat(), fc.boolean()), signedOrigin, ([pick, known], m) => {
      const r = known ? pickFrom(m.renewals, pick, { core: 0, when: 0 }) : { core: pick % 4, when: pick % 30 };
      return B("drop_renewal", { core: r.core, when: r.when });
    }),
  ],
  // --- Broker: on-demand credit, and spending it on the mock relay (revenue the next timeslices mint into the pot)
  [5, simple("purchase_credit", fc.tuple(fc.oneof(fc.bigInt(15n, 100n), amount), dest), signedOrigin, ([a, b]) => B("purchase_credit", { amount: a, beneficiary: b }))],
  [
    5,
    simple("spend_instantaneous", fc.tuple(fc.nat(), fc.boolean(), fc.bigInt(0n, 40n)), rootOrigin, ([pick, known, price], m) =>
      TestCoretime.call("spend_instantaneous", { who: known ? pickFrom(m.credit, pick, "1") : DESTS[pick % DESTS.length]!, price }),
    ),
  ],
  // --- Broker: auto-renewal, signed by the task's sovereign account (or not). A renewable core is
  // renewed at once, and then `TooManyAutoRenewals` may still fail the call (a write before a
  // failure); otherwise a hint names an existing renewal right (which fills the auto-renewals).
  [
    10,
    fc
      .tuple(fc.constantFrom(1001, 1001, 1002, 1002, 1003, 7), fc.nat(), fc.constantFrom("known", "known", "known", "random"), fc.boolean(), fc.nat(4), signedOrigin)
      .map(
        ([task, pick, mode, hint, sovereign, o]) =>
          new Xt("enable_auto_renew", (m) => {
            const now = renewable(m);
            const r = mode === "random" ? { core: pick % 4, when: pick % 30 } : pickFrom(now.length > 0 ? now : m.renewals, pick, { core: 0, when: 0 });
            const who: OriginSpec = sovereign > 0 ? { k: "signed", who: String(task) } : o;
            return xt(who, undefined, B("enable_auto_renew", { core: r.core, task, workload_end_hint: now.length === 0 || hint ? r.when : undefined }));
          }),
      ),
  ],
  [
    2,
    fc.tuple(fc.nat(), fc.boolean(), signedOrigin).map(
      ([pick, sovereign, o]) =>
        new Xt("disable_auto_renew", (m) => {
          const r = pickFrom(m.autoRenewals, pick, { core: pick % 4, task: TASKS[pick % TASKS.length]! });
          return xt(sovereign ? { k: "signed", who: String(r.task) } : o, undefined, B("disable_auto_renew", { core: r.core, task: r.task }));
        }),
    ),
  ],
  // --- ends of blocks, some followed by empty blocks
  [30, fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(8) }).map((skip) => new EndBlock(skip))],
];

const commands = fc.commands([fc.oneof(...COMMANDS.map(([weight, arbitrary]) => ({ weight, arbitrary })))], { maxCommands: 300, size: "max" });

/** Genesis: endowments of the signers (some empty), and whether sales start at genesis. */
const genesis = fc.record({
  // (the sovereign accounts "100x" pay auto-renewals: mostly rich)
  balances: fc.tuple(
    ...SIGNERS.map((who) =>
      who.length === 4 ? fc.oneof({ weight: 1, arbitrary: fc.constant(0n) }, { weight: 4, arbitrary: fc.bigInt(50_000n, 1_000_000n) }) : fc.oneof(fc.constant(0n), fc.bigInt(1n, 5_000n), fc.bigInt(1n, 100_000n)),
    ),
  ),
  startSales: fc.option(fc.record({ end_price: fc.bigInt(0n, 200n), extra_cores: fc.integer({ min: 1, max: 5 }) }), { nil: undefined, freq: 8 }),
  /** The mock's 3, or fewer: more enable_auto_renew calls renew a core and then fail. */
  maxAutoRenewals: fc.constantFrom(1, 1, 2, 3),
});

type Genesis = { balances: bigint[]; startSales: { end_price: bigint; extra_cores: number } | undefined; maxAutoRenewals: number };

function setup(g: Genesis, stats: Stats) {
  return (): { model: Model; real: Real } => {
    const balances: Record<string, string> = {};
    SIGNERS.forEach((who, i) => {
      if (g.balances[i]! > 0n) balances[who] = g.balances[i]!.toString();
    });
    const rt = getPreset("broker-mock").create({ constants: { Broker: { MaxAutoRenewals: g.maxAutoRenewals } }, genesis: { Balances: { balances } } });
    const real: Real = { rt, forced: 0n, stats };
    const model = emptyModel();
    checkIssuance(real, "genesis");
    if (g.startSales) {
      const state = rt.state;
      const r = rt.applyExtrinsic({ origin: Origin.root, call: Broker.call("start_sales", g.startSales) });
      if (!r.ok || rt.state === state) fail("start_sales at genesis did not apply");
      checkIssuance(real, "start_sales at genesis");
    }
    initialize(real, model); // seals genesis
    checkRoots(real, rt.lastBlock!);
    return { model, real };
  };
}

beforeAll(initCrypto);

describe("engine properties under random broker and balances traffic (broker-mock)", () => {
  it("rolls back failed extrinsics, keeps total issuance and incremental roots exact", () => {
    const stats: Stats = { extrinsics: 0, failed: 0, blocks: 0, calls: new Map() };
    fc.assert(
      fc.property(genesis, commands, (g, cmds) => {
        const s = setup(g, stats);
        let real: Real | undefined;
        fc.modelRun(() => {
          const x = s();
          real = x.real;
          return x;
        }, cmds);
        if (real?.rt.isBuilding) finalize(real, emptyModel());
      }),
      { seed: 42, numRuns: 250 },
    );
    // the traffic is mixed: many failures, and every kind of call succeeds at least once somewhere
    expect(stats.failed).toBeGreaterThan(stats.extrinsics / 5);
    expect(stats.extrinsics - stats.failed).toBeGreaterThan(stats.extrinsics / 5);
    const neverOk = [...stats.calls].filter(([, s]) => s.ok === 0).map(([n]) => n);
    expect(neverOk).toEqual([]);
  });
});
