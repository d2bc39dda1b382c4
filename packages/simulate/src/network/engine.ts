/**
 * The `network` model's engine: one seeded run of a model file. It builds the network from the
 * preset (relay + coretime chain; `cores` on-demand Pool cores; para sovereign accounts, the
 * on-demand pot and the agents' accounts funded), then for each relay block `n`:
 *
 * 1. `network.openBlock(n)`: the relay's `on_initialize` pops the cores' work for `n`;
 * 2. the model's `setup` calls due at `n`;
 * 3. every simulated para a core runs at `n` (`coresAt`: `Task(p)` or a popped `OnDemand(p)`)
 *    produces a block: it includes up to `block_capacity` waiting transactions, oldest first,
 *    collecting their fees (a transaction that arrived at relay block `a` has latency `n − a`);
 * 4. the agents, in file order, observe and act (`AgentView`); transactions they send arrive at
 *    `n` and wait for the para's next block, orders land in the relay's open block (served from
 *    `n + 1` at the earliest);
 * 5. `network.finalizeBlock()` and the block's metrics row.
 *
 * Parachains are simulated at the node level (a transaction pool and block production read from
 * the relay's cores) rather than as runtimes: the study needs their blocks, pools and fees, and
 * runtimes would cost a state machine per para block. An agent that throws ends the run with
 * `failure: { source: "agent '<name>'", block, message }`; rows and summary cover the blocks before.
 */
import { formatDispatchError, palletAccountId, type Network, type Origin, type Runtime, type RuntimeCall, type RuntimeEvent, type TokenInfo } from "@corelab/frame";
import { coresAt, paraOfRun, type CoreRun } from "@corelab/pallet-coretime";
import { OnDemand, OnDemandV2, queueSize, spotPrice, type OnDemandConfig, type OrderStatusType, type QueueStatusType } from "@corelab/pallet-on-demand";
import { createRelayNetwork } from "@corelab/runtimes";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Rng } from "../rng.ts";
import { SIMULATION_ENGINE, type MetricRow, type RunFailure, type RunOptions, type RunResult } from "../types.ts";
import { BUILTIN_AGENTS } from "./agents/index.ts";
import { bulkBuyerOf } from "./agents/orderer.ts";
import { SalesLedger, bulkSpendWithin, summarizeResales, summarizeSales, type SaleReport } from "./sales.ts";
import { NETWORK_PRESETS, resolveAccount, type AgentSpec, type NetworkParams } from "./schema.ts";
import type { Agent, AgentFactory, AgentView, OrderOutcome, ParaView, SubmitOutcome, TxSubmission } from "./types.ts";

/** Order reasons with their own summary column (`orders_<reason>`); others count in `orders_other`. */
export const ORDER_REASONS = ["profit", "assurance", "always", "interval"] as const;

const factories = new Map<string, AgentFactory>();

function factoryOf(mod: Record<string, unknown>, file: string): AgentFactory {
  const f = (mod.default ?? mod.createAgent) as unknown;
  if (typeof f !== "function") throw new Error(`agent module ${file} exports no agent factory (export default (ctx) => ({ name, onBlock(view) {…} }), or export createAgent)`);
  return f as AgentFactory;
}

/**
 * Loads the agent modules of `params` with `import()` (for hosts where synchronous `require` of
 * TypeScript is unavailable, e.g. vitest). `run` loads any module not loaded here with
 * `require` (which works under `--import tsx`, as the CLI and its workers run).
 */
export async function preloadAgentModules(params: NetworkParams): Promise<void> {
  for (const a of params.agents) {
    if (!a.module || factories.has(a.module)) continue;
    factories.set(a.module, factoryOf((await import(pathToFileURL(a.module).href)) as Record<string, unknown>, a.module));
  }
}

function loadFactory(a: AgentSpec): AgentFactory {
  if (a.kind !== undefined) return BUILTIN_AGENTS[a.kind]!.create;
  const file = a.module!;
  let f = factories.get(file);
  if (!f) {
    f = factoryOf(createRequire(import.meta.url)(file) as Record<string, unknown>, file);
    factories.set(file, f);
  }
  return f;
}

/** A para's node-side state: the pool (FIFO of arrival block and fee) and its blocks. */
class ParaState implements ParaView {
  pending = 0;
  pendingFees = 0n;
  lastBlock = 0;
  blocks = 0;
  orderOutstanding = false;
  producing = false;
  bulkCore = false;
  private arrivals: number[] = [];
  private fees: bigint[] = [];
  private head = 0;
  constructor(
    readonly id: number,
    readonly capacity: number,
  ) {}

  push(block: number, fee: bigint): void {
    this.arrivals.push(block);
    this.fees.push(fee);
    this.pending++;
    this.pendingFees += fee;
  }

  /** Includes up to `capacity` transactions at block `n`; adds latencies to `hist`; returns [count, fees, latency sum]. */
  include(n: number, hist: Map<number, number>): [number, bigint, number] {
    const k = Math.min(this.capacity, this.pending);
    let fees = 0n;
    let lat = 0;
    for (let i = 0; i < k; i++) {
      const j = this.head + i;
      const l = n - this.arrivals[j]!;
      lat += l;
      hist.set(l, (hist.get(l) ?? 0) + 1);
      fees += this.fees[j]!;
    }
    this.head += k;
    this.pending -= k;
    this.pendingFees -= fees;
    if (this.head > 4096 && this.head * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.fees = this.fees.slice(this.head);
      this.head = 0;
    }
    return [k, fees, lat];
  }
}

/** Nearest-rank percentile `q` (0..1) of a histogram value → count (0 when empty). */
export function histogramPercentile(hist: ReadonlyMap<number, number>, q: number): number {
  let total = 0;
  for (const c of hist.values()) total += c;
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const v of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(v)!;
    if (seen >= rank) return v;
  }
  return 0;
}

const ONE_MILLION_TOKENS = (token: TokenInfo): bigint => 1_000_000n * 10n ** BigInt(token.decimals);

/** Builds the run's network at genesis. */
export function buildNetwork(params: NetworkParams): Network {
  const spec = NETWORK_PRESETS[params.preset]!;
  const relayBal = new Map<string, bigint>();
  const ctBal = new Map<string, bigint>();
  const big = ONE_MILLION_TOKENS(spec.token);
  relayBal.set(palletAccountId("py/ondmd"), 10n ** BigInt(spec.token.decimals)); // the on-demand pot exists (orders below ED would fail)
  for (const p of params.paras) relayBal.set(resolveAccount(`para:${p.id}`), p.funds);
  for (const a of params.agents) {
    if (a.kind === undefined) continue;
    const target = a.kind === "bulk-buyer" || a.kind === "renewer" || a.kind === "reseller" ? ctBal : relayBal;
    for (const k of ["payer", "reserve", "account"]) {
      const who = a.params[k];
      if (typeof who === "string" && !target.has(who)) target.set(who, big);
    }
    // an orderer that buys bulk coretime pays on the coretime chain (see `bulkBuyerOf`)
    if (a.kind === "orderer" && (a.params.strategy === "bulk" || a.params.strategy === "mixed")) {
      const who = bulkBuyerOf(a.params);
      if (!ctBal.has(who)) ctBal.set(who, big);
    }
  }
  for (const [who, amt] of params.accounts.relay) relayBal.set(who, amt);
  for (const [who, amt] of params.accounts.coretime) ctBal.set(who, amt);
  const userCoretime = params.genesis["relay.Coretime"] ?? {};
  const genesis: Record<string, Record<string, unknown>> = {
    ...params.genesis,
    "relay.Coretime": {
      core_count: params.cores,
      assignments: Array.from({ length: params.cores }, (_, core) => ({ core, begin: 0, assignment: [["Pool", 57_600]], end_hint: null })),
      ...userCoretime,
    },
    "relay.Balances": { balances: [...relayBal] },
    "coretime.Balances": { balances: [...ctBal] },
  };
  return createRelayNetwork(spec, { constants: params.constants, genesis, path: params.file });
}

/** Converts planck to token units (a float, for metrics and charts). */
function tokens(x: bigint, decimals: number): number {
  return Number(x) / 10 ** decimals;
}

/** A run of the `network` model: the metrics, and the coretime sales the run saw (`SalesLedger`). */
export interface NetworkRunResult extends RunResult {
  /** Every sale the coretime chain opened, in order (Broker events; see `./sales.ts`). */
  readonly sales: readonly SaleReport[];
  /** Decimals of the network's token (the sales' amounts are planck). */
  readonly tokenDecimals: number;
}

/** Runs one seed of a parsed model (see the module docs). Never throws for an agent's error. */
export function runNetworkModel(params: NetworkParams, opts: RunOptions): NetworkRunResult {
  const spec = NETWORK_PRESETS[params.preset]!;
  const token = spec.token;
  const dec = token.decimals;
  const network = buildNetwork(params);
  network.setEngineOptions(opts.engine ?? SIMULATION_ENGINE);
  const relay = network.relay;
  const coretime = network.chain("coretime").runtime!;
  const onDemandConfig = relay.pallet("OnDemand").config as OnDemandConfig;
  const onDemandV2 = onDemandConfig.Version === 2;
  const paras = new Map(params.paras.map((p) => [p.id, new ParaState(p.id, p.blockCapacity)]));
  const paraIds = params.paras.map((p) => p.id);
  const root = new Rng(opts.seed);
  const sales = new SalesLedger(coretime);

  // per-block counters (reset each block) and run totals
  let n = 0;
  let blockOrders = 0;
  let blockReasons: string[] = [];
  let blockWaits: string[] = [];
  let blockSpend = 0n;
  let blockNewTxs = 0;
  let blockBulk = 0;
  let blockRenewals = 0;
  let blockBackground = 0;
  let blockFailedOrders = 0;
  const reasonTotals = new Map<string, number>();
  let totalOrders = 0;
  let failedOrders = 0;
  let onDemandSpend = 0n;
  let bulkSpend = 0n;
  let txsSubmitted = 0;
  let bulkPurchases = 0;
  let renewals = 0;
  let backgroundOrders = 0;

  let spot = 0n;
  let qsize = 0;
  let coretimeOpen = false;

  const paraOf = (id: number): ParaState => {
    const p = paras.get(id);
    if (!p) throw new Error(`para ${id} is not simulated by this model (paras: ${paraIds.join(", ") || "none"})`);
    return p;
  };

  const submit = (chain: "relay" | "coretime", origin: Origin, call: RuntimeCall): SubmitOutcome => {
    const rt: Runtime = chain === "relay" ? relay : coretime;
    if (chain === "coretime" && !coretimeOpen) throw new Error(`the coretime chain builds no block at relay block ${n} (it builds at even relay blocks): check view.coretimeOpen`);
    const before = rt.pendingEvents.length;
    const r = rt.applyExtrinsic({ origin, call });
    const events: RuntimeEvent[] = [];
    const all = rt.pendingEvents;
    for (let i = before; i < all.length; i++) if (all[i]!.event.type !== "System") events.push(all[i]!.event);
    return r.ok ? { ok: true, events } : { ok: false, error: formatDispatchError(r.error), events };
  };

  const view: AgentView & { block: number; spotPrice: bigint; queueSize: number; coretimeOpen: boolean } = {
    block: 0,
    network,
    relay,
    coretime,
    coretimeOpen: false,
    token,
    spotPrice: 0n,
    queueSize: 0,
    paras: paraIds,
    para: paraOf,
    account: resolveAccount,
    submit,
    submitTx(id: number, tx: TxSubmission) {
      if (typeof tx?.fee !== "bigint" || tx.fee < 0n) throw new Error(`submitTx(${id}): fee must be a non-negative bigint (planck), got ${String(tx?.fee)}`);
      paraOf(id).push(n, tx.fee);
      txsSubmitted++;
      blockNewTxs++;
    },
    placeOrder(id, o): OrderOutcome {
      const p = paraOf(id);
      const payer = o.payer ?? resolveAccount(`para:${id}`);
      const r = submit("relay", { type: "Signed", value: payer }, OnDemand.call("place_order_allow_death", { max_amount: o.maxAmount ?? spot, para_id: id }));
      const placed = r.events.find((e) => e.type === "OnDemand" && e.value.type === "OnDemandOrderPlaced");
      if (!r.ok || !placed) {
        failedOrders++;
        blockFailedOrders++;
        blockWaits.push(paraIds.length === 1 ? "order-failed" : `${id}:order-failed`);
        return r;
      }
      const price = placed.value.value.spot_price as bigint;
      p.orderOutstanding = true;
      totalOrders++;
      blockOrders++;
      blockReasons.push(paraIds.length === 1 ? o.reason : `${id}:${o.reason}`);
      reasonTotals.set(o.reason, (reasonTotals.get(o.reason) ?? 0) + 1);
      onDemandSpend += price;
      blockSpend += price;
      return { ...r, price };
    },
    wait(id, reason) {
      blockWaits.push(paraIds.length === 1 ? reason : `${id}:${reason}`);
    },
    recordSpend(amount, kind) {
      bulkSpend += amount;
      blockSpend += amount;
      if (kind === "resale") return; // a secondary-market purchase: spend only (the ledger counts the trade)
      if (kind === "bulk") {
        bulkPurchases++;
        blockBulk++;
      } else {
        renewals++;
        blockRenewals++;
      }
    },
    recordBackgroundOrder() {
      backgroundOrders++;
      blockBackground++;
    },
  };

  // agents
  const agents: Agent[] = [];
  for (const a of params.agents) {
    const made = loadFactory(a)({ name: a.name, rng: root.fork(a.name), params: a.params, token, account: resolveAccount });
    agents.push(typeof made === "function" ? { name: a.name, onBlock: made } : made);
  }

  const rows: MetricRow[] = [];
  const latHist = new Map<number, number>();
  const intervals = new Map<number, number>();
  let paraBlocks = 0;
  let txsIncluded = 0;
  let latencySum = 0;
  let fees = 0n;
  let spotSum = 0;
  let spotMax = 0;
  let queueSum = 0;
  let failure: RunFailure | undefined;
  let lastRuns: readonly CoreRun[] | undefined;
  let producing: ParaState[] = [];
  let done = 0;
  const progressEvery = Math.max(1, Math.floor(params.blocks / 100));
  const setupAt = new Map<number, typeof params.setup>();
  for (const s of params.setup) setupAt.set(s.at, [...(setupAt.get(s.at) ?? []), s]);

  for (n = 1; n <= params.blocks; n++) {
    network.openBlock(n);
    coretimeOpen = network.hasOpenBlock("coretime");
    for (const s of setupAt.get(n) ?? []) {
      const r = applySetup(network, s, token);
      if (!r.ok) {
        failure = { source: `${s.path} (${s.pallet}.${s.call})`, block: n, message: r.error };
        break;
      }
    }
    if (failure) break;

    const baseFee = relay.read((ctx) => onDemandConfig.HostConfiguration.activeConfig(ctx as never)).on_demand_base_fee;
    let v2Queued: ReadonlySet<number> | undefined;
    if (onDemandV2) {
      // on-demand v2 (sdk#10184, `relay.OnDemand: { Version: 2 }`): one FIFO in `OrderStatus`
      const status = relay.read((ctx) => OnDemandV2.storage.OrderStatus.get(ctx)) as OrderStatusType;
      spot = spotPrice(status.traffic, baseFee);
      qsize = status.queue.queue.length;
      // a para can build on an order's duplicated claim before the order is popped (ready at
      // ordered_at + 2): the order is outstanding while it is queued
      if (qsize > 0) v2Queued = new Set(status.queue.queue.map((o) => o.para_id));
    } else {
      const status = relay.read((ctx) => OnDemand.storage.QueueStatus.get(ctx)) as QueueStatusType;
      spot = spotPrice(status.traffic, baseFee);
      qsize = queueSize(status);
    }

    // para blocks
    const runs = relay.read(coresAt);
    if (runs !== lastRuns) {
      lastRuns = runs;
      const ids = new Set<number>();
      for (const p of paras.values()) p.bulkCore = false;
      for (const r of runs) {
        const id = paraOfRun(r);
        if (id === undefined) continue;
        ids.add(id);
        if (r.type === "Task" && paras.has(id)) paras.get(id)!.bulkCore = true;
      }
      producing = [...ids].filter((id) => paras.has(id)).map((id) => paras.get(id)!);
    }
    for (const p of paras.values()) p.producing = false;
    let blockParaBlocks = 0;
    let blockIncluded = 0;
    let blockFees = 0n;
    let blockLatency = 0;
    let blockInterval = 0;
    for (const p of producing) {
      p.producing = true;
      if (p.blocks > 0) {
        const iv = n - p.lastBlock;
        intervals.set(iv, (intervals.get(iv) ?? 0) + 1);
        blockInterval += iv;
      }
      const [k, f, lat] = p.include(n, latHist);
      blockIncluded += k;
      blockFees += f;
      blockLatency += lat;
      p.blocks++;
      p.lastBlock = n;
      p.orderOutstanding = v2Queued?.has(p.id) ?? false;
      blockParaBlocks++;
    }
    paraBlocks += blockParaBlocks;
    txsIncluded += blockIncluded;
    latencySum += blockLatency;
    fees += blockFees;

    // agents
    blockOrders = 0;
    blockReasons = [];
    blockWaits = [];
    blockSpend = 0n;
    blockNewTxs = 0;
    blockBulk = 0;
    blockRenewals = 0;
    blockBackground = 0;
    blockFailedOrders = 0;
    view.block = n;
    view.spotPrice = spot;
    view.queueSize = qsize;
    view.coretimeOpen = coretimeOpen;
    for (const agent of agents) {
      try {
        agent.onBlock(view);
      } catch (e) {
        failure = { source: `agent '${agent.name}'`, block: n, message: e instanceof Error ? e.message : String(e) };
        break;
      }
    }
    if (failure) break;
    if (coretimeOpen) sales.observe(n, coretime.pendingEvents);
    network.finalizeBlock();

    const spotT = tokens(spot, dec);
    spotSum += spotT;
    if (spotT > spotMax) spotMax = spotT;
    queueSum += qsize;
    if (params.metrics) {
      let pending = 0;
      for (const p of paras.values()) pending += p.pending;
      rows.push({
        block: n,
        spot_price: spotT,
        queue_size: qsize,
        para_blocks: blockParaBlocks,
        block_interval: blockParaBlocks > 0 && blockInterval > 0 ? blockInterval / blockParaBlocks : null,
        new_txs: blockNewTxs,
        included_txs: blockIncluded,
        pending_txs: pending,
        tx_latency: blockIncluded > 0 ? blockLatency / blockIncluded : null,
        orders: blockOrders,
        order_reason: blockReasons.join(" "),
        wait_reason: blockWaits.join(" "),
        failed_orders: blockFailedOrders,
        background_orders: blockBackground,
        bulk_purchases: blockBulk,
        renewals: blockRenewals,
        fees: tokens(blockFees, dec),
        coretime_spend: tokens(blockSpend, dec),
        cum_fees: tokens(fees, dec),
        cum_spend: tokens(onDemandSpend + bulkSpend, dec),
      });
    }
    done = n;
    if (opts.onProgress && n % progressEvery === 0) opts.onProgress(n, params.blocks);
  }

  const spend = onDemandSpend + bulkSpend;
  let pendingEnd = 0;
  for (const p of paras.values()) pendingEnd += p.pending;
  let ivCount = 0;
  let ivSum = 0;
  let ivMax = 0;
  for (const [v, c] of intervals) {
    ivCount += c;
    ivSum += v * c;
    if (v > ivMax) ivMax = v;
  }
  let latMax = 0;
  for (const v of latHist.keys()) if (v > latMax) latMax = v;
  const summary: Record<string, number> = {
    relay_blocks: done,
    para_blocks: paraBlocks,
    txs_submitted: txsSubmitted,
    txs_included: txsIncluded,
    txs_pending: pendingEnd,
    tx_latency_mean: txsIncluded > 0 ? latencySum / txsIncluded : 0,
    tx_latency_p95: histogramPercentile(latHist, 0.95),
    tx_latency_max: latMax,
    block_interval_mean: ivCount > 0 ? ivSum / ivCount : 0,
    block_interval_p95: histogramPercentile(intervals, 0.95),
    block_interval_max: ivMax,
    orders: totalOrders,
    failed_orders: failedOrders,
  };
  let other = 0;
  for (const [r, c] of reasonTotals) if (!(ORDER_REASONS as readonly string[]).includes(r)) other += c;
  for (const r of ORDER_REASONS) summary[`orders_${r}`] = reasonTotals.get(r) ?? 0;
  summary.orders_other = other;
  Object.assign(summary, {
    background_orders: backgroundOrders,
    bulk_purchases: bulkPurchases,
    renewals,
    fees: tokens(fees, dec),
    coretime_spend: tokens(spend, dec),
    on_demand_spend: tokens(onDemandSpend, dec),
    bulk_spend: tokens(bulkSpend, dec),
    profit_ratio: spend > 0n ? tokens(fees, dec) / tokens(spend, dec) : 0,
    spot_price_mean: done > 0 ? spotSum / done : 0,
    spot_price_max: spotMax,
    queue_size_mean: done > 0 ? queueSum / done : 0,
  });
  const saleReports = sales.finish(done);
  Object.assign(summary, summarizeSales(saleReports, dec));
  // bulk coretime over the run: the agents whose bulk spend counts above, each deal for the part of its region in the run
  const buyers = new Set<string>();
  for (const a of params.agents) {
    if ((a.kind === "bulk-buyer" || a.kind === "renewer") && typeof a.params.account === "string") buyers.add(a.params.account);
    if (a.kind === "orderer" && (a.params.strategy === "bulk" || a.params.strategy === "mixed")) buyers.add(bulkBuyerOf(a.params));
  }
  const bulkInRun = bulkSpendWithin(saleReports, buyers, done, (coretime.pallet("Broker").config as { TimeslicePeriod: number }).TimeslicePeriod);
  const spendInRun = onDemandSpend + bulkInRun;
  Object.assign(summary, {
    bulk_spend_in_run: tokens(bulkInRun, dec),
    coretime_spend_in_run: tokens(spendInRun, dec),
    profit_ratio_in_run: spendInRun > 0n ? tokens(fees, dec) / tokens(spendInRun, dec) : 0,
  });
  // the secondary market's columns, only for a coretime chain that has one (others are unchanged)
  if (coretime.pallets.has("Market")) Object.assign(summary, summarizeResales(saleReports, dec));
  return { seed: opts.seed, params: params.flat, rows, summary, sales: saleReports, tokenDecimals: dec, ...(failure ? { failure } : {}) };
}

/** Applies a setup call to the open block of its chain, parsing its args with the call's codecs. */
function applySetup(network: Network, s: NetworkParams["setup"][number], token: TokenInfo): { ok: true } | { ok: false; error: string } {
  const rt = network.chain(s.chain).runtime!;
  const inst = rt.pallets.get(s.pallet);
  if (!inst) return { ok: false, error: `unknown pallet '${s.pallet}' on ${s.chain}; valid: ${[...rt.pallets.keys()].join(", ")}` };
  const spec = inst.pallet.calls[s.call];
  if (!spec) return { ok: false, error: `unknown call '${s.pallet}.${s.call}'; valid: ${Object.keys(inst.pallet.calls).join(", ")}` };
  const args: Record<string, unknown> = {};
  try {
    for (const [k, codec] of Object.entries(spec.args as Record<string, { parse(v: unknown, c: object): unknown }>)) args[k] = codec.parse(s.args[k], { path: `${s.path}.args.${k}`, token, resolveAccount });
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const r = rt.applyExtrinsic({ origin: s.origin, call: { pallet: s.pallet, name: s.call, args } as RuntimeCall });
  return r.ok ? { ok: true } : { ok: false, error: formatDispatchError(r.error) };
}
