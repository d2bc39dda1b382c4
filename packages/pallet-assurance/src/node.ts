/**
 * The collator-side order task (Magnet's `client/coretime/on-demand`, "on demand order task"), as
 * a `NodeTask` of `@corelab/frame`'s `createNetwork`: once per relay block, after the relay's
 * `on_initialize`, it observes its parachain (pending transaction fees in the pool, the relay block
 * of the last para block) and the relay (spot price, queue), calls `decideOrder`, and on an order
 * applies `OnDemand.place_order_allow_death { max_amount: spot price seen, para_id }` to the relay's
 * open block, signed by the ordering account (or the reserve account for an assurance order). The
 * decisions are recorded on chain by the inherent `Assurance.note_decisions` in the para's next
 * block (a para without a block has nowhere to record them before).
 */
import { Origin, devAccount, formatDispatchError, paraSovereignAccount, type Extrinsic, type Network, type NetworkChain, type NodeTask, type PooledExtrinsic, type Runtime, type RuntimeCall } from "@corelab/frame";
import { decideOrder, type Decision } from "./decide.ts";
import { settingsOf } from "./dispatchables.ts";
import type { PooledFee, RelayOnDemandPort } from "./interfaces.ts";
import { Assurance } from "./pallet.ts";
import type { AssuranceSettings, DecisionKind, DecisionRecord, SkipReason, SkipReasonName } from "./types.ts";

/**
 * How the task decides, for comparing strategies:
 * - `Policy` (default): the para's on-chain configuration (`Assurance` storage: Documented or Magnet);
 * - `NoAssurance`: the policy with assurance off;
 * - `Always`: order whenever transactions wait and no order is pending (no limit, no threshold);
 * - `FixedInterval`: order every `every` relay blocks (`n % every === 0`) unless an order is
 *   queued, whether transactions wait or not.
 */
export type OrderStrategy = { readonly type: "Policy" } | { readonly type: "NoAssurance" } | { readonly type: "Always" } | { readonly type: "FixedInterval"; readonly every: number };

/** Options of `assuranceOrderTask`. */
export interface OrderTaskOptions {
  /** The para this node collates for. */
  readonly paraId: number;
  /** The relay's on-demand pallet, as the task sees it. */
  readonly relay: RelayOnDemandPort;
  /** The final fee of a pooled transaction (para planck). */
  readonly feeOf: PooledFee;
  /**
   * Relay account signing profit-control orders. Default: the para's sovereign account
   * (`paraSovereignAccount`) in Documented mode, `collator` in Magnet mode.
   */
  readonly orderer?: string;
  /** Magnet mode: the collator's account (its Aura key pays every order). Default: the dev account `alice`. */
  readonly collator?: string;
  /** Default `{ type: "Policy" }`. */
  readonly strategy?: OrderStrategy;
  /** Record skips on chain too (default true; false records only orders and failures: fewer events in long runs). */
  readonly recordSkips?: boolean;
  /** Called with every decision as it is made (simulation metrics). */
  readonly onDecision?: (decision: DecisionRecord) => void;
}

/** What the task did so far (node memory, not chain state). */
export interface OrderTaskStats {
  /** Decisions made (one per relay block). */
  decisions: number;
  /** Orders the relay accepted (assurance orders included). */
  orders: number;
  /** Of which forced by assurance. */
  assuranceOrders: number;
  /** Orders the relay rejected. */
  failedOrders: number;
  /** Relay planck paid for orders (sum of the spot prices of accepted orders). */
  spent: bigint;
  /** Skips by reason. */
  skips: Record<string, number>;
}

/** The decision kinds, shared (frozen) by every record. */
const KIND: { readonly [K in DecisionKind["type"]]: DecisionKind } = Object.freeze({
  Order: Object.freeze({ type: "Order" }),
  Assurance: Object.freeze({ type: "Assurance" }),
  Skip: Object.freeze({ type: "Skip" }),
});

const reasons = new Map<SkipReasonName, SkipReason>();
/** The skip reason `name`, one frozen value per name. */
function reasonOf(name: SkipReasonName): SkipReason {
  let r = reasons.get(name);
  if (r === undefined) reasons.set(name, (r = Object.freeze({ type: name }) as SkipReason));
  return r;
}

/** The order task of one parachain (a `NodeTask`): see the module doc. */
export class AssuranceOrderTask implements NodeTask {
  /** The relay block of the last accepted order. */
  lastOrderRelayBlock: number | undefined;
  /** Decisions not yet recorded on chain. */
  readonly pending: DecisionRecord[] = [];
  readonly stats: OrderTaskStats = { decisions: 0, orders: 0, assuranceOrders: 0, failedOrders: 0, spent: 0n, skips: {} };

  constructor(readonly opts: OrderTaskOptions) {}

  /** The para state the cached settings were read from (state is immutable: same object, same settings). */
  private settingsState: unknown;
  private settingsCache: AssuranceSettings | undefined;
  /**
   * The sum of the pooled transactions' fees, kept incrementally: valid for the para state
   * `feeState` and the first `feeCount` transactions of the pool (a pool only grows at its end
   * until the para builds, which takes all of it: `feeFirst`/`feeLast` detect a refilled pool).
   * Each pooled transaction's fee is computed once per para state.
   */
  private feeState: unknown;
  private feeCount = 0;
  private feeFirst: object | undefined;
  private feeLast: object | undefined;
  private feeSum = 0n;

  /** The sum of `feeOf` over the para's pool on its current state (see `feeSum`). */
  private pendingFees(para: Runtime, pool: readonly PooledExtrinsic[]): bigint {
    const state = para.state;
    const len = pool.length;
    let from = 0;
    if (state === this.feeState && len >= this.feeCount && (this.feeCount === 0 || (pool[0] === this.feeFirst && pool[this.feeCount - 1] === this.feeLast))) from = this.feeCount;
    else this.feeSum = 0n;
    const feeOf = this.opts.feeOf;
    let sum = this.feeSum;
    for (let i = from; i < len; i++) sum += feeOf(para, pool[i]!);
    this.feeState = state;
    this.feeCount = len;
    this.feeFirst = pool[0];
    this.feeLast = pool[len - 1];
    this.feeSum = sum;
    return sum;
  }

  /** The settings used at a decision: the para's configuration adjusted by the strategy. */
  settings(chain: NetworkChain): AssuranceSettings {
    const rt = chain.runtime!;
    if (this.settingsCache !== undefined && this.settingsState === rt.state) return this.settingsCache;
    this.settingsState = rt.state;
    return (this.settingsCache = this.adjust(rt.read(settingsOf)));
  }

  private adjust(s: AssuranceSettings): AssuranceSettings {
    const st = this.opts.strategy?.type ?? "Policy";
    if (st === "NoAssurance") return { ...s, assurance: false };
    if (st === "Always") return { ...s, mode: "Documented", priceLimit: 0n, profitThreshold: 0n, assurance: false };
    return s;
  }

  /**
   * Relay block `n` (after the relay's `on_initialize`): observes the para and the relay, decides
   * (`decideOrder`, or the strategy), places the order on the relay's open block, and keeps the
   * decision for the para's next block. Never throws for a rejected order: it is recorded as
   * `OrderFailed` with the relay's error.
   */
  onRelayBlock(net: Network, n: number, chain: NetworkChain): void {
    const { paraId, relay } = this.opts;
    const para = chain.runtime;
    if (!para) return;
    const settings = this.settings(chain);
    const pendingFees = this.pendingFees(para, chain.pool);
    const spotPrice = relay.spotPrice(net.relay);
    const queued = relay.queued(net.relay, paraId);
    const lastBlockRelayParent = chain.lastRelayBlock;
    const strategy = this.opts.strategy;
    let decision: Decision;
    if (strategy?.type === "FixedInterval") {
      const reason = queued ? "AlreadyQueued" : n % strategy.every !== 0 ? "IntervalNotReached" : undefined;
      decision = reason
        ? { type: "Skip", reason, spotPrice, gas: pendingFees }
        : { type: "Order", assurance: false, maxAmount: spotPrice, spotPrice, gas: pendingFees };
    } else {
      decision = decideOrder(settings, { pendingFees, pendingCount: chain.pool.length, lastBlockRelayParent, lastOrderRelayBlock: this.lastOrderRelayBlock }, { relayBlock: n, spotPrice, queued });
    }
    const waited = Math.max(0, n - lastBlockRelayParent);
    // records are built field by field (an object spread here was most of a decision's cost), with
    // shared frozen `kind` and `reason` values: 100 paras decide at every relay block
    let record: DecisionRecord;
    if (decision.type === "Skip") {
      record = { relay_block: n, waited, spot_price: spotPrice, gas: pendingFees, kind: KIND.Skip, reason: reasonOf(decision.reason), orderer: undefined, error: undefined };
      this.stats.skips[decision.reason] = (this.stats.skips[decision.reason] ?? 0) + 1;
    } else {
      const orderer = this.opts.orderer ?? (settings.mode === "Magnet" ? (this.opts.collator ?? devAccount("alice")) : paraSovereignAccount(paraId));
      const payer = decision.assurance && settings.mode === "Documented" && settings.reserveAccount !== undefined ? settings.reserveAccount : orderer;
      const r = net.relay.applyExtrinsic({ origin: Origin.signed(payer), call: relay.orderCall(decision.maxAmount, paraId) });
      if (r.ok) {
        this.lastOrderRelayBlock = n;
        this.stats.orders++;
        if (decision.assurance) this.stats.assuranceOrders++;
        this.stats.spent += decision.spotPrice;
        record = { relay_block: n, waited, spot_price: spotPrice, gas: pendingFees, kind: decision.assurance ? KIND.Assurance : KIND.Order, reason: undefined, orderer: payer, error: undefined };
      } else {
        this.stats.failedOrders++;
        this.stats.skips.OrderFailed = (this.stats.skips.OrderFailed ?? 0) + 1;
        record = { relay_block: n, waited, spot_price: spotPrice, gas: pendingFees, kind: KIND.Skip, reason: reasonOf("OrderFailed"), orderer: payer, error: formatDispatchError(r.error) };
      }
    }
    this.stats.decisions++;
    this.opts.onDecision?.(record);
    if (this.opts.recordSkips === false && record.kind.type === "Skip" && record.reason?.type !== "OrderFailed") return;
    if (para.pallets.has("Assurance")) this.pending.push(record);
  }

  /** The para's next block starts with `Assurance.note_decisions { decisions }` (origin None) carrying the decisions kept since its last block. */
  inherents(): readonly Extrinsic[] {
    if (this.pending.length === 0) return [];
    const decisions = this.pending.splice(0, this.pending.length);
    // the node builds this inherent from the records it made itself (typed, one a relay block): it is
    // not checked again argument by argument, as `Assurance.call` checks calls built from user input
    const call: RuntimeCall = { pallet: Assurance.name, name: "note_decisions", args: { decisions } };
    return [{ origin: Origin.none, call }];
  }
}

/** The order task of para `opts.paraId`, for `NetworkChainSpec.node`. */
export function assuranceOrderTask(opts: OrderTaskOptions): AssuranceOrderTask {
  return new AssuranceOrderTask(opts);
}
