/**
 * The agent contract of the `network` simulation model: what an agent sees each relay block
 * (`AgentView`), what it may do (submit extrinsics to the relay or the coretime chain, send
 * transactions to a parachain's pool, place on-demand orders for a para), and how it is made
 * (`AgentFactory`, given its own `Rng` fork and its parameters from the model file).
 *
 * Built-in agents live in `agents/`; user agents are TypeScript modules named in the model file
 * (`agents: - module: ./my-agent.ts`) whose default export (or `createAgent` export) is an
 * `AgentFactory`.
 */
import type { Network, Origin, Runtime, RuntimeCall, RuntimeEvent, TokenInfo } from "@corelab/frame";
import type { Rng } from "../rng.ts";

/** A parachain transaction as its user sends it: the fee it pays (planck) and its length (bytes). */
export interface TxSubmission {
  /** The transaction's fee in planck of the network's token (base + length + weight fee). */
  readonly fee: bigint;
  /** The encoded length in bytes (informational; the fee already includes the length fee). */
  readonly length?: number;
}

/** What an agent sees of one simulated parachain at the current relay block. */
export interface ParaView {
  /** The para id. */
  readonly id: number;
  /** Transactions waiting in the para's pool (arrived, not yet in a para block). */
  readonly pending: number;
  /** Sum of the fees (planck) of the waiting transactions: what the next para block would collect. */
  readonly pendingFees: bigint;
  /** The relay block of the para's last block (0 before its first). */
  readonly lastBlock: number;
  /** Para blocks produced so far. */
  readonly blocks: number;
  /**
   * Whether an on-demand order placed for this para (through `placeOrder`) is not yet served: v1,
   * until the para's next block; v2 (`relay.OnDemand: { Version: 2 }`), while an order of the para
   * is in the relay's queue (its duplicated claim may build a block before it is popped).
   */
  readonly orderOutstanding: boolean;
  /** Whether the para produces a block in the current relay block (a core runs it). */
  readonly producing: boolean;
  /**
   * Whether a core runs the para at the current relay block by a `Task` assignment: bulk coretime
   * (a region assigned to it, a renewal, a lease or a reservation), not an on-demand order.
   */
  readonly bulkCore: boolean;
}

/** The outcome of an extrinsic an agent submitted: the dispatch result and the events it emitted. */
export interface SubmitOutcome {
  readonly ok: boolean;
  /** The dispatch error's name (`OnDemand.SpotPriceHigherThanMaxAmount`), when it failed. */
  readonly error?: string;
  /** The events the extrinsic deposited (without `System.ExtrinsicSuccess/Failed`). */
  readonly events: readonly RuntimeEvent[];
}

/** The result of `AgentView.placeOrder`. */
export interface OrderOutcome extends SubmitOutcome {
  /** The spot price paid (planck), when the order was placed. */
  readonly price?: bigint;
}

/**
 * What an agent sees and may do at relay block `block`. The relay block is open (its
 * `on_initialize` ran, the cores popped their work for this block); the coretime chain's block is
 * open when `coretimeOpen`. Everything submitted lands in the open blocks.
 */
export interface AgentView {
  /** The open relay block's number. */
  readonly block: number;
  /** The network (read any chain with `network.chain(name).runtime`). */
  readonly network: Network;
  readonly relay: Runtime;
  readonly coretime: Runtime;
  /** Whether the coretime chain builds a block at this relay block (even relay blocks). */
  readonly coretimeOpen: boolean;
  /** The network's token (for amounts). */
  readonly token: TokenInfo;
  /** The relay's on-demand spot price now (planck): traffic × base fee. */
  readonly spotPrice: bigint;
  /** The on-demand queue's size now (orders waiting for a core). */
  readonly queueSize: number;
  /** The simulated parachains' ids, ascending. */
  readonly paras: readonly number[];
  /** The view of para `id`; throws for a para the model does not simulate. */
  para(id: number): ParaView;
  /** Resolves an account name (`alice`, `para:2000`, `0x…`) to an account id. */
  account(name: string): string;
  /**
   * Applies an extrinsic to the open block of `chain` (`relay`, or `coretime` when open). A
   * failing dispatch is an outcome (`ok: false`), not an exception. Throws when `coretime` has
   * no open block.
   */
  submit(chain: "relay" | "coretime", origin: Origin, call: RuntimeCall): SubmitOutcome;
  /** Puts a transaction in para `para`'s pool (arrived at this relay block). */
  submitTx(para: number, tx: TxSubmission): void;
  /**
   * Places a relay on-demand order for `para`: `OnDemand.place_order_allow_death { max_amount,
   * para_id }` signed by `payer` (default: the para's sovereign account), counted in the metrics
   * as an order with `reason` and as coretime spend when placed.
   */
  placeOrder(para: number, opts: { readonly reason: string; readonly maxAmount?: bigint; readonly payer?: string }): OrderOutcome;
  /** Records why an agent did not order for `para` at this block (the `wait_reason` column). */
  wait(para: number, reason: string): void;
  /**
   * Counts coretime bought in bulk as coretime spend, in planck: `bulk` (a purchase in the sale,
   * counted in `bulk_purchases`), `renewal` (in `renewals`), `resale` (a region bought on the
   * secondary market, `Market.purchase_region`; the trade itself is counted from its event).
   */
  recordSpend(amount: bigint, kind: "bulk" | "renewal" | "resale"): void;
  /** Counts an on-demand order of a para outside the study (the `background_orders` column). */
  recordBackgroundOrder(): void;
}

/** One agent: called once per relay block, in the model file's order. May throw: the run then stops. */
export interface Agent {
  /** The agent's name (unique in a model file). */
  readonly name: string;
  onBlock(view: AgentView): void;
}

/** What an agent factory gets. */
export interface AgentContext {
  /** The agent's name. */
  readonly name: string;
  /** The agent's own random stream (the run's seed forked with the agent's name). */
  readonly rng: Rng;
  /** The agent's parameters from the model file (raw values; built-in agents parse them). */
  readonly params: Readonly<Record<string, unknown>>;
  /** The network's token (amounts like `"0.01 KSM"`). */
  readonly token: TokenInfo;
  /** Resolves account names as the view does. */
  account(name: string): string;
}

/** Makes an agent for one run. */
export type AgentFactory = (ctx: AgentContext) => Agent | ((view: AgentView) => void);
