/**
 * One seeded run of the reconstruction's simulation loop (§1.3.9 of
 * `docs/references.md#restaking-and-pricing`) on the real pallets: the runtime is composed as
 * the `restaking-mock` preset of `@corelab/testing` composes it (System, Balances, Slashing,
 * Reputation, TaskAuction with `collateralPort(slashing)` and `reputationPort(reputation)`), with
 * the model's parameters as its constants and genesis. One round is one block. The agents
 * (the AVS, operators, coprocessors, the verifier) live here and act only through extrinsics;
 * every stake, collateral, price, reputation and balance the figures show is read back from the
 * runtime's state and events.
 *
 * Per round t (block t):
 * 1. `on_initialize` (TaskAuction: timeouts, unsold auctions → self-execution).
 * 2. Executions due at t report their outcome y ~ Bernoulli(p), p = θ_c·g(u_c) for a coprocessor
 *    (g(u) = 1 − ζ·(u − u*) above the target utilisation), p_{v,∅} for the operator itself:
 *    `TaskAuction.report_outcome` (Root verifier; the pallet pays, slashes collateral with
 *    compensation γ and updates the GAS reputation), the executor's cost `Balances.transfer` to a
 *    cost sink, on success the AVS's reward r_a to the operator (`Balances.transfer`), on failure
 *    `Slashing.slash_operator { fraction: s }` (Root; deactivation below S_min is the pallet's).
 * 3. The AVS emits k ~ Poisson(λ_A) tasks, w ~ LogNormal, r = r_0·w, each to an active operator
 *    drawn stake-weighted. The operator compares §1.3.3's expected benefits (delegation with
 *    p̂ = the best eligible reputation and the auction floor as its price; self-execution) and
 *    either `post_task`s it or executes it itself (outside the auction).
 * 4. Coprocessors bid (`TaskAuction.bid`) on every open auction whose current price is at most
 *    their truthful limit r − (κ_c·w + (1 − p)·f·λ·r) / (p·m(u_c)), if eligible (reputation ≥
 *    R_min, free capacity, free collateral, counting their other bids of the block).
 * 5. `on_finalize` (bids resolved by the pallet's tie-break); metrics of the round are read.
 *
 * Only the agents' random draws use the seeded `Rng`; the runtime is deterministic, so a seed
 * gives the same rows on every machine.
 */
import { ensureRootOrigin, type EngineOptions, type Origin, type Runtime, createRuntime, type EventRecord } from "@corelab/frame";
import { Balances, account, fungibleOf, resolveTo, type BalancesConfig } from "@corelab/pallet-balances";
import { Reputation, reputationPort } from "@corelab/pallet-reputation";
import { Slashing, collateralPort } from "@corelab/pallet-slashing";
import { slashingMockConfig } from "@corelab/pallet-slashing/testing";
import { TaskAuction, floorPrice, loadMultiplier, priceAt, utilization } from "@corelab/pallet-task-auction";
import { taskAuctionMockConfig } from "@corelab/pallet-task-auction/testing";
import { Rng } from "../rng.ts";
import { SIMULATION_ENGINE, type MetricRow } from "../types.ts";
import type { RestakingParams } from "./params.ts";

/** Planck per token in the model (amounts in parameters and metrics are tokens). */
export const PLANCK_PER_TOKEN = 1_000_000n;

/** Tokens (a float) → planck, rounded to the nearest planck. */
export function toPlanck(tokens: number): bigint {
  return BigInt(Math.round(tokens * Number(PLANCK_PER_TOKEN)));
}

/** Planck → tokens (a float, for metrics and charts). */
export function toTokens(planck: bigint): number {
  return Number(planck) / Number(PLANCK_PER_TOKEN);
}

/** A probability or share → Perbill parts, rounded to the nearest part. */
export function toPerbill(x: number): number {
  return Math.round(x * 1e9);
}

/** The AVS's account: pays each successful task's reward r_a to its operator. */
export const AVS_ACCOUNT = "avs";
/** Where executors' costs κ·w go (the compute they buy): a sink, never spent. */
export const COST_ACCOUNT = "compute";

/** Operator i's account (`op01` …). */
export function operatorId(i: number): string {
  return `op${String(i + 1).padStart(2, "0")}`;
}

/** Coprocessor j's account (`cp01` …). */
export function coprocessorId(j: number): string {
  return `cp${String(j + 1).padStart(2, "0")}`;
}

/** One coprocessor at the end of a run (figure 4). */
export interface CoprocessorOutcome {
  readonly id: string;
  /** θ_c: its true success probability. */
  readonly quality: number;
  /** R_c at the end (a fraction). */
  readonly reputation: number;
  /** R_c averaged over the rounds of the run (a fraction): its standing, less noisy than the last value. */
  readonly mean_reputation: number;
  /** Its net reward: wealth (free + reserved) at the end minus at genesis, tokens (payments − forfeited collateral − costs). */
  readonly reward: number;
  /** Tasks it won. */
  readonly tasks: number;
}

/** One operator at the end of a run. */
export interface OperatorOutcome {
  readonly id: string;
  /** p_{v,∅}: its own success probability. */
  readonly quality: number;
  readonly active: boolean;
  /** Net reward: wealth at the end minus at genesis, tokens (stake slashes included). */
  readonly reward: number;
  /** Stake slashed, tokens. */
  readonly slashed: number;
}

/**
 * A coprocessor's willingness in the sampled auction of figure (1), as it stood in the block the
 * task sold: bidders bid in that block; the others would have accepted later, at `tau`.
 */
export interface SampleBidder {
  readonly coprocessor: string;
  /** Its price limit in the block of the sale (tokens): it accepts once the price is at or below it. */
  readonly limit: number;
  /** The first τ at which the price is at or below its limit. */
  readonly tau: number;
  /** Whether it bid (`TaskAuction.bid` succeeded) in the block of the sale. */
  readonly bid: boolean;
}

/**
 * The sampled auction of figure (1): the first task posted from `auction_sample_round` on that
 * sold with two or more bids: its price descent and the coprocessors' limits in the block of the sale.
 */
export interface SampleAuction {
  readonly task_id: number;
  readonly posted_at: number;
  readonly reward: number;
  readonly floor: number;
  readonly duration: number;
  /** P(τ) for τ = 0 … D (tokens), from the pallet's `priceAt`. */
  readonly prices: readonly number[];
  readonly bidders: readonly SampleBidder[];
  /** The pallet's winner (`TaskAssigned`: the tie-break among the block's bidders), the clearing price (tokens) and τ. */
  readonly winner: string;
  readonly price: number;
  readonly sold_tau: number;
}

/** The per-entity results of a run (what the summary's scalars cannot carry). */
export interface RestakingDetail {
  readonly coprocessors: readonly CoprocessorOutcome[];
  readonly operators: readonly OperatorOutcome[];
  /** Tasks won by coprocessor j from operator i: `edges[i][j]` (all operators × all coprocessors). */
  readonly edges: readonly (readonly number[])[];
  /** Tasks each operator executed itself (by choice or unsold). */
  readonly self_executed: readonly number[];
  readonly sample_auction?: SampleAuction;
  /** The companion network of figure (5), when one was run (`restakingModel.run`). */
  readonly network?: NetworkDetail;
}

/** The companion network run of figure (5): its entities and task counts. */
export interface NetworkDetail {
  readonly rounds: number;
  readonly operators: readonly string[];
  readonly coprocessors: ReadonlyArray<{ readonly id: string; readonly quality: number }>;
  /** Tasks won by coprocessor j from operator i: `edges[i][j]`. */
  readonly edges: readonly (readonly number[])[];
  /** Tasks each operator executed itself. */
  readonly self_executed: readonly number[];
}

/** The output of `simulate`: rows, summary and detail. */
export interface SimulationOutput {
  readonly rows: MetricRow[];
  readonly summary: Record<string, number>;
  readonly detail: RestakingDetail;
}

interface Operator {
  readonly id: string;
  readonly quality: number;
  readonly cost: number;
  active: boolean;
  slashed: bigint;
  wealth0: bigint;
  /** Rewards it escrowed in open tasks (still its money: refunded or paid on settlement). */
  escrow: bigint;
}

interface Coprocessor {
  readonly id: string;
  readonly quality: number;
  readonly cost: number;
  readonly capacity: number;
  wealth0: bigint;
  tasks: number;
}

interface OpenAuction {
  readonly id: number;
  readonly operator: number;
  readonly w: number;
  readonly reward: bigint;
  readonly start: bigint;
  readonly floor: bigint;
  readonly collateral: bigint;
  readonly postedAt: number;
}

type Due =
  | { kind: "assigned"; taskId: number; operator: number; coprocessor: number; w: number; reward: bigint }
  | { kind: "unsold"; taskId: number; operator: number; w: number; reward: bigint }
  | { kind: "own"; operator: number; w: number; reward: bigint };

/** Options of `simulate`. */
export interface SimulateOptions {
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Skip the sampled auction (companion runs). */
  readonly noSample?: boolean;
  /** How the engine runs (default `SIMULATION_ENGINE`). */
  readonly engine?: EngineOptions;
}

/**
 * Free balance every operator and coprocessor starts with besides its stake or collateral, in
 * typical task rewards (r_0 × median complexity): the liquidity that escrows rewards and pays costs.
 */
export const WORKING_CAPITAL_TASKS = 100;

const signed = (who: string): Origin => ({ type: "Signed", value: who });
const ROOT: Origin = { type: "Root" };

function draw(rng: Rng, r: { min: number; max: number }): number {
  return r.min + (r.max - r.min) * rng.next();
}

/** Pearson's correlation of two equally long series (0 when either is constant or shorter than 2). */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** The runtime of one run: the `restaking-mock` composition with the model's constants and genesis. */
function buildRuntime(p: RestakingParams, ops: Operator[], cops: Coprocessor[]): Runtime {
  const balances: BalancesConfig = { ExistentialDeposit: 1n };
  const stake = toPlanck(p.initial_stake);
  const slashing = slashingMockConfig(balances, {
    SlashSpanLength: p.slash_span_length,
    MinOperatorStake: toPlanck(p.initial_stake * p.min_stake_ratio),
    CompensationShare: toPerbill(p.compensation_share),
  });
  const reputation = { MaxHistory: 4, AdminOrigin: ensureRootOrigin };
  const taskAuction = taskAuctionMockConfig({
    currency: fungibleOf(balances),
    onForfeit: resolveTo(balances, "forfeit"),
    constants: {
      AuctionDuration: p.auction_duration,
      ExecutionTimeout: p.execution_blocks + 1,
      MinReputation: toPerbill(p.min_reputation),
      CollateralRatio: toPerbill(p.collateral_ratio),
      SlashFraction: toPerbill(p.collateral_slash),
      BaseFloor: toPerbill(p.base_floor),
      TargetUtilization: toPerbill(p.target_utilization),
      LoadBonus: toPerbill(p.load_bonus),
      LoadDiscount: toPerbill(p.load_discount),
      TargetSmoothing: toPerbill(p.target_smoothing),
      MaxBids: Math.max(8, cops.length),
    },
    collateral: collateralPort(slashing),
    reputation: reputationPort(reputation),
  });
  const collateral = toPlanck(p.coprocessor_collateral);
  const working = toPlanck(WORKING_CAPITAL_TASKS * p.reward_per_work * p.complexity.median);
  const endowments: Array<[string, bigint]> = [
    [AVS_ACCOUNT, 1n << 100n],
    ...ops.map((o): [string, bigint] => [o.id, stake + working]),
    ...cops.map((c): [string, bigint] => [c.id, collateral + working]),
  ];
  const rt = createRuntime({
    name: "restaking-sim",
    pallets: [Balances.instance(balances), Slashing.instance(slashing), Reputation.instance(reputation), TaskAuction.instance(taskAuction)],
    genesis: {
      Balances: { balances: endowments },
      Slashing: {
        operators: ops.map((o) => [o.id, stake]),
        collateral: collateral > 0n ? cops.map((c) => [c.id, collateral]) : [],
      },
      Reputation: {
        omega: toPerbill(p.gas.omega),
        alpha: toPerbill(p.gas.alpha),
        beta: toPerbill(p.gas.beta),
        initial_reputation: toPerbill(p.gas.initial),
        coprocessors: cops.map((c) => [c.id, undefined]),
      },
    },
  });
  for (const c of cops) {
    const r = rt.applyExtrinsic({ origin: signed(c.id), call: { pallet: "TaskAuction", name: "register_coprocessor", args: { capacity: c.capacity } } });
    if (!r.ok) throw new Error(`genesis: register_coprocessor(${c.id}) failed: ${JSON.stringify(r.error)}`);
  }
  return rt;
}

function wealth(rt: Runtime, who: string): bigint {
  const a = rt.read((ctx) => account(ctx, who));
  return a.free + a.reserved;
}

/**
 * Runs the loop for `p.rounds` rounds with `opts.seed` and returns per-round rows, the summary and
 * the per-entity detail. Deterministic: the same parameters and seed give the same output.
 */
export function simulate(p: RestakingParams, opts: SimulateOptions): SimulationOutput {
  const root = new Rng(opts.seed);
  const setup = root.fork("setup");
  const avsRng = root.fork("avs");
  const outcomeRng = root.fork("outcomes");

  const ops: Operator[] = Array.from({ length: p.operators }, (_, i) => ({
    id: operatorId(i),
    quality: draw(setup, p.operator_quality),
    cost: draw(setup, p.operator_cost),
    active: true,
    slashed: 0n,
    wealth0: 0n,
    escrow: 0n,
  }));
  const cops: Coprocessor[] = Array.from({ length: p.coprocessors }, (_, j) => ({
    id: coprocessorId(j),
    quality: draw(setup, p.coprocessor_quality),
    cost: draw(setup, p.coprocessor_cost),
    capacity: setup.int(p.coprocessor_capacity.min, p.coprocessor_capacity.max),
    wealth0: 0n,
    tasks: 0,
  }));
  const opIndex = new Map(ops.map((o, i) => [o.id, i]));
  const copIndex = new Map(cops.map((c, j) => [c.id, j]));

  const rt = buildRuntime(p, ops, cops);
  rt.setEngineOptions(opts.engine ?? SIMULATION_ENGINE);
  for (const o of ops) o.wealth0 = wealth(rt, o.id);
  for (const c of cops) c.wealth0 = wealth(rt, c.id);

  const s = toPerbill(p.slashing_factor);
  const f = p.collateral_slash;
  const r0 = p.reward_per_work;
  const uStar = toPerbill(p.target_utilization);
  const D = p.auction_duration;
  const minRep = toPerbill(p.min_reputation);
  const bonus = BigInt(toPerbill(p.load_bonus));
  const discount = BigInt(toPerbill(p.load_discount));
  const baseFloor = BigInt(toPerbill(p.base_floor));
  const tracked = ops.slice(0, p.tracked_operators);

  const due = new Map<number, Due[]>();
  const schedule = (at: number, d: Due): void => {
    const list = due.get(at);
    if (list) list.push(d);
    else due.set(at, [d]);
  };
  const auctions = new Map<number, OpenAuction>();
  const edges = ops.map(() => cops.map(() => 0));
  const repSum = cops.map(() => 0);
  const selfExecuted = ops.map(() => 0);
  const rows: MetricRow[] = [];
  let sample: { auction: OpenAuction; bidders: SampleBidder[]; winner: string; price: number; soldTau: number } | undefined;
  const wantSample = !opts.noSample;

  // cumulative counters
  let tasksEmitted = 0;
  let delegated = 0;
  let sold = 0;
  let unsold = 0;
  let successes = 0;
  let failures = 0;
  let opSlashes = 0;
  let failedXts = 0;
  let slashedTotal = 0n;
  let lostTasks = 0;

  const apply = (origin: Origin, pallet: string, name: string, args: Record<string, unknown>): boolean => {
    const r = rt.applyExtrinsic({ origin, call: { pallet, name, args } });
    if (!r.ok) failedXts++;
    return r.ok;
  };

  for (let t = rt.blockNumber + 1; t <= p.rounds; t++) {
    rt.initializeBlock();
    const S = TaskAuction.storage;
    // -- state the agents see this block
    const snap = rt.read((ctx) => {
      const loads = cops.map((c) => S.Coprocessors.get(ctx, c.id) ?? { capacity: c.capacity, load: c.capacity });
      const reps = cops.map((c) => Reputation.storage.Coprocessors.get(ctx, c.id)?.reputation ?? 0);
      const free = cops.map((c) => {
        const r = Slashing.storage.Collateral.get(ctx, c.id);
        return r ? r.total - r.locked : 0n;
      });
      const net = S.NetworkLoad.get(ctx);
      const target = BigInt(S.LoadTarget.get(ctx) ?? uStar);
      return { loads, reps, free, net, target };
    });
    for (const e of rt.pendingEvents) {
      if (e.section === "TaskAuction" && e.method === "SelfExecutionStarted") {
        const id = e.data.task_id as number;
        const a = auctions.get(id);
        if (!a) continue;
        auctions.delete(id);
        unsold++;
        selfExecuted[a.operator]!++;
        schedule(t + p.execution_blocks, { kind: "unsold", taskId: id, operator: a.operator, w: a.w, reward: a.reward });
      }
    }

    // -- 2. executions due now
    for (const d of due.get(t) ?? []) {
      const op = ops[d.operator]!;
      let prob: number;
      if (d.kind === "assigned") {
        const c = cops[d.coprocessor]!;
        const l = snap.loads[d.coprocessor]!;
        const u = l.capacity > 0 ? l.load / l.capacity : 1;
        const over = u > p.target_utilization ? u - p.target_utilization : 0;
        prob = c.quality * Math.max(0, 1 - p.overload_penalty * over);
      } else prob = op.quality;
      const y = outcomeRng.bernoulli(prob);
      if (d.kind !== "own") {
        op.escrow -= d.reward;
        apply(ROOT, "TaskAuction", "report_outcome", { task_id: d.taskId, success: y, quality: undefined });
        const payer = d.kind === "assigned" ? cops[d.coprocessor]! : op;
        const cost = toPlanck(payer.cost * r0 * d.w);
        if (cost > 0n) apply(signed(payer.id), "Balances", "transfer_allow_death", { dest: COST_ACCOUNT, value: cost });
      }
      if (y) {
        successes++;
        apply(signed(AVS_ACCOUNT), "Balances", "transfer_allow_death", { dest: op.id, value: d.reward });
      } else {
        failures++;
        if (s > 0) {
          opSlashes++;
          apply(ROOT, "Slashing", "slash_operator", { offender: op.id, fraction: s });
        }
      }
    }
    due.delete(t);

    // -- 3. the AVS emits tasks; operators delegate or execute them themselves
    const k = avsRng.poisson(p.task_rate);
    let bestRep = 0;
    snap.reps.forEach((r) => {
      if (r >= minRep && r > bestRep) bestRep = r;
    });
    const pHat = bestRep / 1e9;
    const netU = utilization(snap.net.load, snap.net.capacity);
    const floorMultiplier = loadMultiplier(netU, snap.target, bonus, discount);
    // stakes after this block's settlements and slashes (a deactivated operator gets no task)
    for (const e of rt.pendingEvents) {
      if (e.section === "Slashing" && e.method === "Deactivated") {
        const i = opIndex.get(e.data.operator as string);
        if (i !== undefined) ops[i]!.active = false;
      }
    }
    const stakes = rt.read((ctx) => ops.map((o) => (o.active ? (Slashing.storage.Ledger.get(ctx, o.id)?.active ?? 0n) : 0n)));
    let totalStake = 0n;
    for (const x of stakes) totalStake += x;
    for (let i = 0; i < k; i++) {
      tasksEmitted++;
      const w = Math.max(1, Math.round(p.complexity.median * Math.exp(p.complexity.sigma * avsRng.normal())));
      const reward = toPlanck(r0 * w);
      if (totalStake === 0n) {
        lostTasks++;
        continue;
      }
      // stake-weighted choice of an active operator
      let pick = BigInt(Math.floor(avsRng.next() * Number(totalStake)));
      let v = 0;
      for (; v < ops.length; v++) {
        if (pick < stakes[v]!) break;
        pick -= stakes[v]!;
      }
      if (v >= ops.length) v = stakes.findLastIndex((x) => x > 0n);
      const op = ops[v]!;
      // §1.3.3: expected benefit of delegating (at the floor, with p̂ = best eligible reputation) vs executing itself
      const r = toTokens(reward);
      const slash = p.slashing_factor * toTokens(stakes[v]!);
      const floorTokens = toTokens(floorPrice(reward, baseFloor, floorMultiplier));
      const comp = p.compensation_share * f * p.collateral_ratio * r;
      const eDelegate = pHat > 0 ? pHat * floorTokens - (1 - pHat) * (slash - comp) : -Infinity;
      const eSelf = op.quality * r - (1 - op.quality) * slash - op.cost * r0 * w;
      if (eDelegate >= eSelf) {
        if (!apply(signed(op.id), "TaskAuction", "post_task", { complexity: w, reward })) {
          lostTasks++;
          continue;
        }
        delegated++;
        op.escrow += reward;
        const id = rt.read((ctx) => S.NextTaskId.get(ctx)) - 1;
        const task = rt.read((ctx) => S.Tasks.get(ctx, id))!;
        const a: OpenAuction = { id, operator: v, w, reward, start: task.start_price, floor: task.floor_price, collateral: task.collateral, postedAt: t };
        auctions.set(id, a);
      } else {
        selfExecuted[v]!++;
        const cost = toPlanck(op.cost * r0 * w);
        if (cost > 0n) apply(signed(op.id), "Balances", "transfer_allow_death", { dest: COST_ACCOUNT, value: cost });
        schedule(t + p.execution_blocks, { kind: "own", operator: v, w, reward });
      }
    }

    // -- 4. coprocessors bid on open auctions at or below their truthful limit
    const watched = new Map<number, SampleBidder[]>();
    const extraLoad = cops.map(() => 0);
    const extraCollateral = cops.map(() => 0n);
    // what a coprocessor's limit depends on besides the task: p = θ·g(u) and m(u) at its load (with this block's bids)
    const terms = cops.map(() => ({ load: -1, prob: 0, m: 0 }));
    const termsOf = (j: number): { prob: number; m: number } => {
      const l = snap.loads[j]!;
      const load = l.load + extraLoad[j]!;
      const cached = terms[j]!;
      if (cached.load === load) return cached;
      const u = l.capacity > 0 ? load / l.capacity : 1;
      const over = u > p.target_utilization ? u - p.target_utilization : 0;
      cached.load = load;
      cached.prob = cops[j]!.quality * Math.max(0, 1 - p.overload_penalty * over);
      cached.m = Number(loadMultiplier(utilization(BigInt(load), BigInt(l.capacity)), snap.target, bonus, discount)) / 1e9;
      return cached;
    };
    /** The truthful limit (tokens): r − (κ_c·w + (1 − p)·f·l) / (p·m(u)); −∞ when p or m is 0. */
    const limitOf = (j: number, a: OpenAuction, r: number, collateral: number): number => {
      const { prob, m } = termsOf(j);
      if (prob <= 0 || m <= 0) return -Infinity;
      const limit = r - (cops[j]!.cost * r0 * a.w + (1 - prob) * f * collateral) / (prob * m);
      return limit > r ? r : limit;
    };
    const eligible = (j: number, a: OpenAuction): boolean => {
      const l = snap.loads[j]!;
      return snap.reps[j]! >= minRep && l.capacity - l.load - extraLoad[j]! >= a.w && snap.free[j]! - extraCollateral[j]! >= a.collateral;
    };
    for (const a of [...auctions.values()].sort((x, y) => x.id - y.id)) {
      if (t > a.postedAt + D) continue;
      const price = priceAt(a.start, a.floor, a.postedAt, D, t);
      const watch = wantSample && sample === undefined && a.postedAt >= p.auction_sample_round ? ([] as SampleBidder[]) : undefined;
      const r = toTokens(a.reward);
      const collateral = toTokens(a.collateral);
      const floor = toTokens(a.floor);
      const priceTokens = toTokens(price);
      for (let j = 0; j < cops.length; j++) {
        if (!eligible(j, a)) continue;
        const limit = limitOf(j, a, r, collateral);
        if (limit < floor) continue;
        let bid = false;
        if (limit >= priceTokens) {
          const limitPlanck = toPlanck(limit);
          const ok = limitPlanck >= price && apply(signed(cops[j]!.id), "TaskAuction", "bid", { task_id: a.id, price_limit: limitPlanck > a.reward ? a.reward : limitPlanck });
          if (ok) {
            extraLoad[j]! += a.w;
            extraCollateral[j]! += a.collateral;
            bid = true;
          }
        }
        if (watch) {
          let tau = 0;
          while (tau < D && toTokens(priceAt(a.start, a.floor, 0, D, tau)) > limit) tau++;
          watch.push({ coprocessor: cops[j]!.id, limit, tau: bid ? t - a.postedAt : tau, bid });
        }
      }
      if (watch && watch.filter((b) => b.bid).length >= 2) watched.set(a.id, watch);
    }

    // -- 5. on_finalize resolves the bids
    const block = rt.finalizeBlock();
    let roundSlashed = 0n;
    for (const e of block.events as readonly EventRecord[]) {
      if (e.section === "TaskAuction" && e.method === "TaskAssigned") {
        const id = e.data.task_id as number;
        const a = auctions.get(id);
        if (!a) continue;
        auctions.delete(id);
        const j = copIndex.get(e.data.coprocessor as string)!;
        sold++;
        edges[a.operator]![j]!++;
        cops[j]!.tasks++;
        schedule(t + p.execution_blocks, { kind: "assigned", taskId: id, operator: a.operator, coprocessor: j, w: a.w, reward: a.reward });
        const watch = watched.get(id);
        if (sample === undefined && watch)
          sample = { auction: a, bidders: watch, winner: e.data.coprocessor as string, price: toTokens(e.data.price as bigint), soldTau: t - a.postedAt };
      } else if (e.section === "Slashing" && e.method === "Slashed") {
        const i = opIndex.get(e.data.staker as string);
        if (i === undefined) continue;
        const amount = e.data.amount as bigint;
        ops[i]!.slashed += amount;
        slashedTotal += amount;
        roundSlashed += amount;
      } else if (e.section === "Slashing" && e.method === "Deactivated") {
        const i = opIndex.get(e.data.operator as string);
        if (i !== undefined) ops[i]!.active = false;
      }
    }

    // -- metrics of the round
    let netReward = 0n;
    const worth = rt.read((ctx) => ops.map((o) => {
      const a = account(ctx, o.id);
      return a.free + a.reserved + o.escrow - o.wealth0;
    }));
    for (const x of worth) netReward += x;
    const reps = rt.read((ctx) => cops.map((c) => Reputation.storage.Coprocessors.get(ctx, c.id)?.reputation ?? 0));
    reps.forEach((r, j) => (repSum[j]! += r / 1e9));
    const net = rt.read((ctx) => S.NetworkLoad.get(ctx));
    const row: Record<string, number> = {
      round: t,
      active_operators: ops.filter((o) => o.active).length,
      tasks_emitted: tasksEmitted,
      delegated,
      sold,
      unsold,
      successes,
      failures,
      operator_slashes: opSlashes,
      slashed: toTokens(slashedTotal),
      slashed_in_round: toTokens(roundSlashed),
      cumulative_reward: toTokens(netReward + slashedTotal),
      cumulative_net_reward: toTokens(netReward),
      mean_reputation: reps.reduce((x, y) => x + y, 0) / Math.max(1, reps.length) / 1e9,
      utilization: Number(utilization(net.load, net.capacity)) / 1e9,
    };
    tracked.forEach((o, i) => (row[`reward.${o.id}`] = toTokens(worth[i]!)));
    rows.push(row);
    opts.onProgress?.(t, p.rounds);
  }

  // -- the end state
  const coprocessors: CoprocessorOutcome[] = cops.map((c) => ({
    id: c.id,
    quality: c.quality,
    reputation: rt.read((ctx) => Reputation.storage.Coprocessors.get(ctx, c.id)?.reputation ?? 0) / 1e9,
    mean_reputation: rows.length > 0 ? repSum[copIndex.get(c.id)!]! / rows.length : p.gas.initial,
    reward: toTokens(wealth(rt, c.id) - c.wealth0),
    tasks: c.tasks,
  }));
  const operators: OperatorOutcome[] = ops.map((o) => ({
    id: o.id,
    quality: o.quality,
    active: o.active,
    reward: toTokens(wealth(rt, o.id) + o.escrow - o.wealth0),
    slashed: toTokens(o.slashed),
  }));
  const last = rows[rows.length - 1] ?? {};
  const num = (k: string): number => (typeof last[k] === "number" ? (last[k] as number) : 0);
  const settled = successes + failures;
  const summary: Record<string, number> = {
    active_operators_end: ops.filter((o) => o.active).length,
    active_share_end: ops.filter((o) => o.active).length / Math.max(1, ops.length),
    total_reward: num("cumulative_reward"),
    net_reward: num("cumulative_net_reward"),
    total_slashed: toTokens(slashedTotal),
    tasks_emitted: tasksEmitted,
    tasks_lost: lostTasks,
    delegated_share: tasksEmitted > 0 ? delegated / tasksEmitted : 0,
    sold_share: delegated > 0 ? sold / delegated : 0,
    success_rate: settled > 0 ? successes / settled : 0,
    mean_reputation_end: num("mean_reputation"),
    coprocessor_reward: coprocessors.reduce((x, c) => x + c.reward, 0),
    reputation_reward_correlation: correlation(
      coprocessors.map((c) => c.mean_reputation),
      coprocessors.map((c) => c.reward),
    ),
    failed_extrinsics: failedXts,
  };
  const sampleAuction: SampleAuction | undefined = sample && {
    task_id: sample.auction.id,
    posted_at: sample.auction.postedAt,
    reward: toTokens(sample.auction.reward),
    floor: toTokens(sample.auction.floor),
    duration: D,
    prices: Array.from({ length: D + 1 }, (_, tau) => toTokens(priceAt(sample!.auction.start, sample!.auction.floor, 0, D, tau))),
    bidders: sample.bidders,
    winner: sample.winner,
    price: sample.price,
    sold_tau: sample.soldTau,
  };
  return {
    rows,
    summary,
    detail: { coprocessors, operators, edges, self_executed: selfExecuted, ...(sampleAuction ? { sample_auction: sampleAuction } : {}) },
  };
}
