/**
 * `createNetwork`: several chains in one process, each its own `Runtime`, driven by one relay-chain
 * clock, with XCM-like messages between them. DESIGN.md "Chains and networks".
 *
 * Chains:
 * - the **relay** chain builds a block at every relay block `n` (6 s);
 * - a **periodic** chain (`every: k`, the Coretime chain with `k = 2`: 12 s blocks) builds a block
 *   at every relay block `n` with `n % k === 0`;
 * - a **parachain** (`paraId`, no `every`) builds a block only at relay blocks in which a core
 *   runs it: after the relay's `on_initialize` of block `n` and the messages delivered to it, the
 *   network asks `scheduledParas(relay, n)` (a cheap per-block read of what each core runs) and
 *   builds one block for each configured para in that list (one block per relay block, however
 *   many cores it has);
 * - a **light** parachain (no runtime) only counts the blocks it would have produced
 *   (`chain.produced`): no state, no block records, no messages. It is what keeps a year of relay
 *   blocks with 100 scheduled cores cheap; give a para a runtime when something must look inside it.
 *
 * Order inside relay block `n` (deterministic: same inputs → same roots on every chain):
 *
 * ```
 * openBlock(n):     (before relay block 1: every chain's genesis block is sealed, in chain order)
 *                   relay.initializeBlock(n); deliver the relay's due messages
 *                   each chain's node task (`node.onRelayBlock`), in configuration order
 *                   periodic chains due at n, then parachains that `scheduledParas` lists;
 *                   for each chain in configuration order that is due at n:
 *                     chain.initializeBlock(); its node's inherents; deliver its due
 *                     messages; apply its pooled transactions (`txPool`), in arrival order
 *                   (scenario calls go here, into the open block of the chain they name)
 * finalizeBlock():  relay.finalizeBlock(); then each open chain's, in the same order;
 *                   after each, the chain's Outbox is drained into the destinations' queues
 * ```
 *
 * Messages: a pallet port sends with `sendMessage(ctx, { to, origin, call })`, which appends to
 * the sending chain's `Outbox` storage (so a dispatch that fails sends nothing: its writes are
 * rolled back). When the sender's block is finalized at relay block `n`, the network takes the
 * outbox and queues each message for delivery at relay block `n + delay` (`messageDelay`, default
 * 1; a message may carry its own `delay`, at least 1). A message is delivered at the first block
 * the destination builds at a relay block `>= n + delay`, right after that block's
 * `on_initialize`, before any scenario call, in order of delivery block then sending order, as an
 * extrinsic with the message's origin: it appears in the block record and a failing message is
 * an `ExtrinsicFailed` like any extrinsic (it never stops the chain). Messages to a light chain
 * are counted (`chain.dropped`) and discarded.
 *
 * Origins a message carries (XCM `Transact`'s `OriginKind`, see `xcmOrigin`): from the relay to a
 * parachain `Superuser` → `Root` (cumulus' `ParentAsSuperuser`: the broker's `notify_core_count` /
 * `notify_revenue` accept Root); from a parachain to the relay `Native` → `{ Parachain: id }`
 * (accepted by `ensureRootOrParachain(id)`, as the relay's coretime pallet admits the broker
 * chain), or `SovereignAccount` → `{ Signed: paraSovereignAccount(id) }` (an on-demand order paid
 * by the para's account on the relay).
 *
 * Cost: a relay block with nothing to deliver costs the relay's own block plus a few property
 * reads and comparisons; `scheduledParas` is called only when core-gated parachains are
 * configured, and an unchanged answer (the same array object) reuses the previous resolution.
 */
import { accountIdFromBytes } from "./accounts.ts";
import type { Codec, Json } from "./codec.ts";
import { t } from "./codec.ts";
import type { Context } from "./context.ts";
import type { DispatchOutcome, Origin } from "./dispatch.ts";
import { RuntimeUsageError, UnknownNameError } from "./errors.ts";
import { definePallet, type RuntimeCall } from "./pallet.ts";
import type { BlockRecord, EngineOptions, Extrinsic, Runtime } from "./runtime.ts";
import type { Hash } from "./state-root.ts";
import { value } from "./storage.ts";
import { bytesToHex, noScale } from "./scale.ts";

/** A message a chain sends to another chain of its network. */
export interface OutboundMessage {
  /** The destination chain's name in the network (`relay`, `coretime`, `para-2000`). */
  readonly to: string;
  /** The origin the call is dispatched with at the destination (see `xcmOrigin`). */
  readonly origin: Origin;
  /** The call applied at the destination. */
  readonly call: RuntimeCall;
  /** Delivery delay in relay blocks (default: the network's `messageDelay`); at least 1. */
  readonly delay?: number;
}

/** Converts any in-memory value to JSON without codecs (bigints as decimal strings). */
function plain(v: unknown): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Uint8Array) return bytesToHex(v);
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return String(v);
}

/**
 * Codec of an `OutboundMessage` (for the `Outbox` storage and the state root): JSON of
 * `{ to, origin, call: { pallet, name, args }, delay }` with bigints as strings. Scenario files do
 * not write messages; `parse` accepts the in-memory shape as it is.
 */
export const OutboundMessageCodec: Codec<OutboundMessage> = t.custom<OutboundMessage>({
  name: "OutboundMessage",
  parse: (input) => input as OutboundMessage,
  toJson: (m) => ({ to: m.to, origin: plain(m.origin), call: { pallet: m.call.pallet, name: m.call.name, args: plain(m.call.args) }, delay: m.delay ?? null }),
  key: (m) => JSON.stringify(plain(m)),
  // a Corelab message stands for an XCM message: its bytes would need the destination's call codecs
  scale: noScale("OutboundMessage", "a Corelab message stands for an XCM message; its call's bytes need the destination runtime's call codecs"),
});

/**
 * The outbound message queue of a chain in a network (the role of cumulus' `ParachainSystem`
 * upward messages / `XcmpQueue`, or the relay's downward queue). A Corelab pallet: put
 * `Outbox.instance({})` in every runtime whose ports call `sendMessage`. The network reads the
 * messages when the chain's block is finalized (they stay in the block's state, and in its state
 * root, as `ParachainSystem`'s upward messages do) and clears them just before the chain's next
 * block starts (so the clearing is in that block's state root). The pallet has no hooks: a block
 * that sends nothing costs nothing. Outside a network, nothing clears it.
 */
export const Outbox = definePallet<Record<string, never>>()({
  name: "Outbox",
  source: "Corelab (stands for cumulus ParachainSystem / XcmpQueue and the relay's DMP queue)",
  docs: "Messages to other chains of the network, taken by the network when the block is finalized.",
  storage: {
    Messages: value(t.vec(OutboundMessageCodec), { default: () => [], docs: "Messages sent in this block, in order." }),
  },
  events: {
    /** A message was queued: destination and `Pallet.call`. */
    Sent: { to: t.str, call: t.str },
  },
  errors: {},
  calls: {},
});

/**
 * Sends `message` from the chain `ctx` runs on: appends it to the chain's `Outbox` and deposits
 * `Outbox.Sent`. Part of the dispatch: if the dispatch fails, the message is not sent. Throws a
 * `RuntimeUsageError` when the runtime has no `Outbox` pallet.
 */
export function sendMessage(ctx: Context, message: OutboundMessage): void {
  if (!ctx.runtime.pallets.has("Outbox")) throw new RuntimeUsageError(`runtime ${ctx.runtime.name} has no Outbox pallet: add Outbox.instance({}) to send messages`);
  if (message.delay !== undefined && !(Number.isSafeInteger(message.delay) && message.delay >= 1))
    throw new RuntimeUsageError(`a message's delay is a number of relay blocks >= 1, got ${message.delay}`);
  Outbox.storage.Messages.mutate(ctx, (m) => {
    m.push(message as never);
  });
  Outbox.deposit(ctx, "Sent", { to: message.to, call: `${message.call.pallet}.${message.call.name}` });
}

/**
 * The origins of XCM `Transact` as the destination converts them (`OriginKind`):
 * `superuser` (relay → parachain: `Root`), `native(paraId)` (parachain → relay:
 * `{ Parachain: id }`), `sovereign(paraId)` (parachain → relay: the para's sovereign account,
 * `{ Signed: paraSovereignAccount(id) }`).
 */
export const xcmOrigin = {
  superuser: { type: "Root" } as Origin,
  native: (paraId: number): Origin => ({ type: "Parachain", value: paraId }),
  sovereign: (paraId: number): Origin => ({ type: "Signed", value: paraSovereignAccount(paraId) }),
} as const;

/**
 * The sovereign account of child parachain `paraId` on the relay chain (`ParaId::into_account_truncating`:
 * `b"para" ++ para_id.encode()` zero-padded to 32 bytes), written as an SS58 address (prefix 42), as
 * every account of Corelab is, so that it has its `AccountId32` SCALE form: para 2000's is
 * `5Ec4AhPUwPeyTFyuhGuBbD224mY85LKLMSqSSo33JYWCazU4` (`0x70617261d0070000…00`). Remembered per id
 * (order tasks ask for it at every order). Throws a `RangeError` for an id outside u32.
 */
export function paraSovereignAccount(paraId: number): string {
  let account = paraSovereignAccounts.get(paraId);
  if (account === undefined) {
    if (!Number.isInteger(paraId) || paraId < 0 || paraId > 0xffff_ffff) throw new RangeError(`para id must be a u32, got ${paraId}`);
    const bytes = new Uint8Array(32);
    bytes.set([0x70, 0x61, 0x72, 0x61]); // b"para"
    new DataView(bytes.buffer).setUint32(4, paraId, true);
    paraSovereignAccounts.set(paraId, (account = accountIdFromBytes(bytes)));
  }
  return account;
}
const paraSovereignAccounts = new Map<number, string>();

/** What a chain's factory gets: its place in the network and the relay clock. */
export interface NetworkLink {
  /** The chain's name. */
  readonly chain: string;
  /** The chain's para id (undefined for the relay). */
  readonly paraId: number | undefined;
  /**
   * The relay block the network is at (the open one, or the last finished): the number a
   * parachain's `RelayChainBlockNumberProvider` reads (the broker's clock). At genesis: the
   * relay's genesis number.
   */
  relayBlockNumber(): number;
}

/**
 * The collator-side (node) work of a chain that the network runs (Magnet's on-demand order task,
 * `client/coretime/on-demand`): a parachain without a core has no block in which to decide, so
 * the decision is made by its node, off chain, every relay block.
 */
export interface NodeTask {
  /**
   * Called once per relay block `n`, right after the relay's `on_initialize` of `n` and the
   * messages delivered to it, before any other chain builds at `n`. It may read any chain and
   * apply extrinsics to the relay's open block (`net.relay.applyExtrinsic`), e.g. an order.
   */
  onRelayBlock?(net: Network, n: number, chain: NetworkChain): void;
  /**
   * Inherents the collator puts first into the chain's block built at relay block `n` (applied
   * right after its `on_initialize`, before delivered messages and pooled transactions).
   */
  inherents?(net: Network, n: number, chain: NetworkChain): readonly Extrinsic[];
}

/** A transaction waiting in a chain's pool (`Network.submit` while the chain has no open block). */
export interface PooledExtrinsic extends Extrinsic {
  /** The relay block at which it arrived. */
  readonly submittedAt: number;
  /** Network-wide arrival order. */
  readonly seq: number;
  /** Called with its outcome when it is applied (at relay block `n`). */
  readonly onApplied?: (result: DispatchOutcome, n: number) => void;
}

/** A chain of `NetworkOptions.chains`. */
export interface NetworkChainSpec {
  /** The chain's name, used as the prefix in scenario files (`coretime`, `para-2000`). Not `relay`. */
  readonly name: string;
  /** The para id (sovereign accounts, `xcmOrigin.native`, core scheduling). */
  readonly paraId?: number;
  /** The runtime, or a factory given the chain's link. Absent: a light parachain (counts blocks only). */
  readonly runtime?: Runtime | ((link: NetworkLink) => Runtime);
  /**
   * A block every `every` relay blocks (at relay blocks `n % every === 0`), cores or not: the
   * Coretime chain is `2` (12 s). Absent: the chain builds only when a core runs its `paraId`.
   */
  readonly every?: number;
  /**
   * A transaction pool: extrinsics `Network.submit`s to this chain while it has no open block
   * wait (in arrival order) and are applied when it next builds a block, after its inherents and
   * delivered messages. Without it, `submit` to a chain with no open block is a usage error.
   */
  readonly txPool?: boolean;
  /** The chain's node task (see `NodeTask`). */
  readonly node?: NodeTask;
}

/** Options of `createNetwork`. */
export interface NetworkOptions {
  /** The relay chain's runtime (or a factory). Its block numbers are the network's clock. */
  readonly relay: Runtime | ((link: NetworkLink) => Runtime);
  /** The other chains, in the fixed order in which they build inside a relay block. */
  readonly chains?: readonly NetworkChainSpec[];
  /** Delivery delay of messages in relay blocks (default 1, at least 1). */
  readonly messageDelay?: number;
  /**
   * The para ids a core runs at relay block `n`, read from the relay right after its
   * `on_initialize` of block `n` and the messages delivered to it. Returning the same array object while nothing changed lets the
   * network reuse its resolution. Needed when a chain has no `every`. Ids of paras that are not
   * chains of the network are ignored.
   */
  readonly scheduledParas?: (relay: Runtime, n: number) => readonly number[];
  /**
   * What each core runs in the relay's latest block, for people (index = core: `idle`, `pool`,
   * `task 2000`, `on-demand 2001`), read by `Network.describeCores` (explorers, reports), never
   * by the network itself.
   */
  readonly describeCores?: (relay: Runtime) => readonly string[];
}

/** A chain of a network, as `network.chains` shows it. */
export interface NetworkChain {
  readonly name: string;
  readonly paraId: number | undefined;
  /** The runtime, or undefined for a light parachain. */
  readonly runtime: Runtime | undefined;
  /** `every` of the spec (1 for the relay), or undefined for a core-gated parachain. */
  readonly every: number | undefined;
  /** Blocks produced since genesis (light parachains count here only). */
  readonly produced: number;
  /** The relay block of the chain's last block (the relay's genesis number before its first). */
  readonly lastRelayBlock: number;
  /** Messages addressed to this light chain, discarded. */
  readonly dropped: number;
  /** Messages queued for delivery to this chain. */
  readonly pending: readonly QueuedMessage[];
  /** Transactions waiting in the chain's pool (empty without `txPool`), in arrival order. */
  readonly pool: readonly PooledExtrinsic[];
  /** Whether the chain has a transaction pool (`txPool`). */
  readonly hasPool: boolean;
}

/** A message on its way: where it comes from, when it was sent and when it is due. */
export interface QueuedMessage extends OutboundMessage {
  readonly from: string;
  /** The relay block whose finalization sent it. */
  readonly sentAt: number;
  /** The first relay block at which it may be delivered. */
  readonly deliverAt: number;
  /** Network-wide sending order. */
  readonly seq: number;
}

class Slot implements NetworkChain {
  produced = 0;
  lastRelayBlock: number;
  dropped = 0;
  readonly pending: QueuedMessage[] = [];
  readonly pool: PooledExtrinsic[] = [];
  hasPool = false;
  node: NodeTask | undefined;
  /** Whether the runtime has an Outbox to drain. */
  readonly hasOutbox: boolean;
  /** Whether the Outbox holds messages already taken (cleared before the chain's next block). */
  taken = false;
  constructor(
    readonly name: string,
    readonly paraId: number | undefined,
    readonly runtime: Runtime | undefined,
    readonly every: number | undefined,
    genesis: number,
  ) {
    this.lastRelayBlock = genesis;
    this.hasOutbox = runtime !== undefined && runtime.pallets.has("Outbox");
  }

  /** Starts the chain's next block: clears the messages the network took, then `initializeBlock`. */
  begin(): void {
    const rt = this.runtime!;
    if (this.taken) {
      this.taken = false;
      rt.withContext((ctx) => Outbox.storage.Messages.kill(ctx));
    }
    rt.initializeBlock();
  }
}

/** Listener of every finished block of every chain (genesis blocks included). */
export type NetworkBlockListener = (chain: NetworkChain, block: BlockRecord) => void;

/** Chains in one process under one relay clock. Create one with `createNetwork`. */
export class Network {
  /** The relay chain's runtime. */
  readonly relay: Runtime;
  /** Every chain, the relay first, then the others in configuration order. */
  readonly chains: readonly NetworkChain[];
  /** Delivery delay of messages, in relay blocks. */
  readonly messageDelay: number;

  private readonly slots: Slot[];
  private readonly byName = new Map<string, Slot>();
  private readonly byPara = new Map<number, Slot>();
  private readonly relaySlot: Slot;
  private readonly periodic: Slot[];
  private readonly gated: boolean;
  /** Chains with a node task run every relay block. */
  private readonly nodes: Slot[];
  private poolSeq = 0;
  private readonly scheduled: ((relay: Runtime, n: number) => readonly number[]) | undefined;
  private readonly describe: ((relay: Runtime) => readonly string[]) | undefined;
  private lastScheduled: readonly number[] | undefined;
  private lastResolved: Slot[] = [];
  /** Chains with an open block, in build order (the relay first). Reused from block to block. */
  private readonly open: Slot[] = [];
  private _number: number;
  private _isOpen = false;
  private started = false;
  private seq = 0;
  private readonly listeners: NetworkBlockListener[] = [];

  constructor(opts: NetworkOptions) {
    const delay = opts.messageDelay ?? 1;
    if (!Number.isSafeInteger(delay) || delay < 1) throw new RuntimeUsageError(`messageDelay is a number of relay blocks >= 1, got ${opts.messageDelay}`);
    this.messageDelay = delay;
    const link = (chain: string, paraId: number | undefined): NetworkLink => ({ chain, paraId, relayBlockNumber: () => this._number });
    this._number = 0;
    this.relay = typeof opts.relay === "function" ? opts.relay(link("relay", undefined)) : opts.relay;
    this._number = this.relay.blockNumber;
    const g = this.relay.genesisNumber;
    this.relaySlot = new Slot("relay", undefined, this.relay, 1, g);
    this.slots = [this.relaySlot];
    this.byName.set("relay", this.relaySlot);
    for (const [i, c] of (opts.chains ?? []).entries()) {
      if (this.byName.has(c.name)) throw new RuntimeUsageError(`chain ${c.name} is in the network twice${c.name === "relay" ? " (the relay chain is named 'relay')" : ""}`);
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(c.name)) throw new RuntimeUsageError(`chains[${i}]: a chain name is letters, digits, '-' and '_' (no dots), got '${c.name}'`);
      if (c.every !== undefined && !(Number.isSafeInteger(c.every) && c.every >= 1)) throw new RuntimeUsageError(`chain ${c.name}: every is a number of relay blocks >= 1, got ${c.every}`);
      if (c.every === undefined && c.paraId === undefined) throw new RuntimeUsageError(`chain ${c.name}: a chain without 'every' is scheduled by cores and needs a paraId`);
      if (c.every === undefined && !opts.scheduledParas) throw new RuntimeUsageError(`chain ${c.name} is scheduled by cores: pass scheduledParas`);
      const rt = typeof c.runtime === "function" ? c.runtime(link(c.name, c.paraId)) : c.runtime;
      const slot = new Slot(c.name, c.paraId, rt, c.every, g);
      if (c.txPool) {
        if (!rt) throw new RuntimeUsageError(`chain ${c.name}: a transaction pool needs a runtime`);
        slot.hasPool = true;
      }
      slot.node = c.node;
      if (c.paraId !== undefined) {
        if (this.byPara.has(c.paraId)) throw new RuntimeUsageError(`para id ${c.paraId} is used by two chains`);
        this.byPara.set(c.paraId, slot);
      }
      this.slots.push(slot);
      this.byName.set(c.name, slot);
    }
    this.chains = this.slots;
    this.periodic = this.slots.filter((s) => s !== this.relaySlot && s.every !== undefined);
    this.gated = this.slots.some((s) => s.every === undefined);
    this.nodes = this.slots.filter((s) => s.node?.onRelayBlock !== undefined);
    this.scheduled = opts.scheduledParas;
    this.describe = opts.describeCores;
    for (const s of this.slots) {
      if (!s.runtime) continue;
      s.runtime.onBlock((b) => {
        for (const l of this.listeners) l(s, b);
      });
    }
  }

  /** The relay block being built, or the last finished one (the relay's genesis number at genesis). */
  get relayBlockNumber(): number {
    return this._number;
  }

  /** Whether relay block `relayBlockNumber` is open (its chains' blocks too). */
  get isBuilding(): boolean {
    return this._isOpen;
  }

  /** The chains with an open block, in build order (empty when no block is open). */
  get openChains(): readonly NetworkChain[] {
    return this._isOpen ? this.open : [];
  }

  /** The chain named `name`, or an `UnknownNameError` listing the chains. */
  chain(name: string): NetworkChain {
    const s = this.byName.get(name);
    if (!s) throw new UnknownNameError("chain", name, [...this.byName.keys()]);
    return s;
  }

  /** Whether chain `name` has an open block (it produces a block at the open relay block). */
  hasOpenBlock(name: string): boolean {
    const s = this.byName.get(name);
    return this._isOpen && s !== undefined && this.open.includes(s);
  }

  /** Whether chain `name` is at genesis (no block built yet): calls then apply on top of genesis. */
  atGenesis(name: string): boolean {
    const s = this.byName.get(name);
    return !!s?.runtime?.atGenesis;
  }

  /** Calls `listener` with every finished block of every chain. Returns an unsubscribe function. */
  onBlock(listener: NetworkBlockListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** `Runtime.setEngineOptions` on every chain with a runtime (state-root policy, freezing). */
  setEngineOptions(opts: EngineOptions): void {
    for (const s of this.slots) s.runtime?.setEngineOptions(opts);
  }

  /** The state root of every chain with a runtime, by chain name. */
  /**
   * What each core runs in the relay's latest block (index = core; `idle`, `pool`, `task 2000`,
   * `on-demand 2001`), or `undefined` when the network was built without `describeCores`.
   */
  describeCores(): readonly string[] | undefined {
    return this.describe?.(this.relay);
  }

  stateRoots(): Record<string, Hash> {
    const out: Record<string, Hash> = {};
    for (const s of this.slots) if (s.runtime) out[s.name] = s.runtime.stateRoot();
    return out;
  }

  /**
   * Submits a transaction to chain `name`: applied at once when the chain has an open block
   * (returns its outcome), otherwise kept in the chain's pool (`txPool`) until the chain next
   * builds a block (returns `undefined`; `onApplied` gets the outcome then). Throws a
   * `RuntimeUsageError` for a chain without a runtime, or without a pool and no open block.
   */
  submit(name: string, xt: Extrinsic, onApplied?: (result: DispatchOutcome, n: number) => void): DispatchOutcome | undefined {
    const s = this.byName.get(name);
    if (!s) throw new UnknownNameError("chain", name, [...this.byName.keys()]);
    if (!s.runtime) throw new RuntimeUsageError(`chain ${name} is a light chain: it has no runtime to apply transactions`);
    if ((this._isOpen && this.open.includes(s)) || s.runtime.atGenesis) {
      const r = s.runtime.applyExtrinsic(xt);
      onApplied?.(r, this._number);
      return r;
    }
    if (!s.hasPool) throw new RuntimeUsageError(`chain ${name} has no open block at relay block ${this._number} and no transaction pool`);
    const pooled: PooledExtrinsic = onApplied
      ? { origin: xt.origin, call: xt.call, submittedAt: this._number, seq: this.poolSeq++, onApplied }
      : { origin: xt.origin, call: xt.call, submittedAt: this._number, seq: this.poolSeq++ };
    s.pool.push(pooled);
    return undefined;
  }

  /**
   * Queues a message from chain `from` as if its current block had sent it (sent at the current
   * relay block, due `delay` relay blocks later). For tests and tools; pallets use `sendMessage`.
   */
  send(from: string, message: OutboundMessage): QueuedMessage {
    this.chain(from);
    return this.enqueue(from, message, this._number);
  }

  /**
   * Makes relay block `n` the open block: finalizes the open one, builds every relay block before
   * `n` (and the chains' blocks due in them), then opens relay block `n` and the blocks of the
   * chains due at `n`. With `n` the open block, or the relay's genesis number before block 1,
   * does nothing.
   */
  openBlock(n: number): void {
    if (this._isOpen && this._number === n) return;
    if (n === this.relay.genesisNumber && this.relay.atGenesis) return;
    if (n <= this._number) throw new RuntimeUsageError(`relay block ${n} is in the past: the network is at relay block ${this._number}`);
    if (this._isOpen) this.finalizeBlock();
    while (this._number < n - 1) {
      this.initialize(this._number + 1);
      this.finalizeBlock();
    }
    this.initialize(n);
  }

  /** Finalizes the open block (if any) and builds every relay block up to and including `n`. */
  advanceTo(n: number): void {
    if (this._isOpen) this.finalizeBlock();
    while (this._number < n) {
      this.initialize(this._number + 1);
      this.finalizeBlock();
    }
  }

  /** Builds the next relay block (and the chains' blocks due in it). */
  newBlock(): void {
    this.advanceTo(this._number + 1);
  }

  /** Finalizes the open relay block, then each open chain's block in order, draining outboxes. */
  finalizeBlock(): void {
    if (!this._isOpen) throw new RuntimeUsageError("no relay block is open");
    const n = this._number;
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const s = open[i]!;
      s.runtime!.finalizeBlock();
      if (s.hasOutbox) this.drain(s, n);
    }
    open.length = 0;
    this._isOpen = false;
  }

  private initialize(n: number): void {
    if (!this.started) this.start();
    this._number = n;
    this._isOpen = true;
    const open = this.open;
    const relay = this.relaySlot;
    relay.begin();
    relay.produced++;
    relay.lastRelayBlock = n;
    if (relay.pending.length > 0) this.deliver(relay, n);
    open.push(relay);
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) nodes[i]!.node!.onRelayBlock!(this, n, nodes[i]!);
    const periodic = this.periodic;
    for (let i = 0; i < periodic.length; i++) {
      const s = periodic[i]!;
      if (n % s.every! === 0) this.openChain(s, n);
    }
    if (this.gated) {
      const ids = this.scheduled!(this.relay, n);
      if (ids !== this.lastScheduled) {
        this.lastScheduled = ids;
        const set = new Set<Slot>();
        for (const id of ids) {
          const s = this.byPara.get(id);
          if (s && s.every === undefined) set.add(s);
        }
        this.lastResolved = this.slots.filter((s) => set.has(s));
      }
      const r = this.lastResolved;
      for (let i = 0; i < r.length; i++) this.openChain(r[i]!, n);
    }
  }

  private openChain(s: Slot, n: number): void {
    s.produced++;
    s.lastRelayBlock = n;
    if (!s.runtime) {
      if (s.pending.length > 0) {
        s.dropped += s.pending.length;
        s.pending.length = 0;
      }
      return;
    }
    s.begin();
    const inherents = s.node?.inherents?.(this, n, s);
    if (inherents) for (const xt of inherents) s.runtime.applyExtrinsic(xt);
    if (s.pending.length > 0) this.deliver(s, n);
    if (s.pool.length > 0) {
      const txs = s.pool.splice(0, s.pool.length);
      for (const tx of txs) {
        const r = s.runtime.applyExtrinsic(tx); // the record keeps its origin and call only
        tx.onApplied?.(r, n);
      }
    }
    this.open.push(s);
  }

  /** Genesis: messages sent by calls at genesis are taken before relay block 1. */
  private start(): void {
    this.started = true;
    for (const s of this.slots) s.runtime?.sealGenesis();
    for (const s of this.slots) if (s.hasOutbox) this.drain(s, this._number);
  }

  private deliver(s: Slot, n: number): void {
    const q = s.pending;
    let k = 0;
    while (k < q.length && q[k]!.deliverAt <= n) {
      const m = q[k]!;
      s.runtime!.applyExtrinsic({ origin: m.origin, call: m.call });
      k++;
    }
    if (k > 0) q.splice(0, k);
  }

  private drain(s: Slot, n: number): void {
    const rt = s.runtime!;
    const msgs = (rt.state.Outbox as { Messages?: readonly OutboundMessage[] } | undefined)?.Messages;
    if (msgs === undefined || msgs.length === 0) return;
    s.taken = true;
    for (const m of msgs) this.enqueue(s.name, m, n);
  }

  private enqueue(from: string, m: OutboundMessage, n: number): QueuedMessage {
    const dest = this.byName.get(m.to);
    if (!dest) throw new UnknownNameError(`destination chain of a message from ${from} (${m.call.pallet}.${m.call.name})`, m.to, [...this.byName.keys()]);
    const delay = m.delay ?? this.messageDelay;
    if (!Number.isSafeInteger(delay) || delay < 1) throw new RuntimeUsageError(`a message's delay is a number of relay blocks >= 1, got ${m.delay}`);
    // field by field: an object spread with added fields is a slow path of V8's (a message a block)
    const q: QueuedMessage = { to: m.to, origin: m.origin, call: m.call, delay: m.delay, from, sentAt: n, deliverAt: n + delay, seq: this.seq++ };
    if (!dest.runtime) {
      dest.dropped++;
      return q;
    }
    const list = dest.pending;
    let i = list.length;
    while (i > 0 && list[i - 1]!.deliverAt > q.deliverAt) i--;
    list.splice(i, 0, q);
    return q;
  }
}

/** Creates a network (see `Network` and this module's documentation for the semantics). */
export function createNetwork(opts: NetworkOptions): Network {
  return new Network(opts);
}
