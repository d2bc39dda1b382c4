// The real side: the coretime-polkadot 1003000 runtime of the vendored chain spec, run offline in
// chopsticks (in process, its executor's wasm). See README.md ("How the real side is driven") for
// the clock, root calls, balances and signing; /work/shared's chain-specs README is where the
// recipe comes from.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Block, BuildBlockMode, ChopsticksProvider, GenesisProvider, setup, setStorage } from "@acala-network/chopsticks-core";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { stringCamelCase, stringToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { encodeAddress, xxhashAsHex } from "@polkadot/util-crypto";

export const BROKER_PREFIX = xxhashAsHex("Broker", 128);

// Speed (chopsticks-core 1.5.1): a block being built caches every value it reads from its parent in
// its own top storage layer, and `storageDiff()` returns those too; reading the runtime (`:code`)
// puts it into every new block's diff, and a block whose diff has `:code` drops its parent's
// metadata, runtime version and registry: each block then calls `Metadata_metadata` again (~0.25 s
// of ~1 s per block, interpreted wasm). The diff drops `:code` when it is the parent's own code
// (the same string, read from it), so the metadata carries over. Nothing here upgrades the runtime.
const CODE_KEY = "0x3a636f6465";
const storageDiff = Block.prototype.storageDiff;
Block.prototype.storageDiff = async function () {
  const diff = await storageDiff.call(this);
  if (diff[CODE_KEY] !== undefined) {
    const parent = await this.parentBlock;
    if (parent && diff[CODE_KEY] === (await parent.get(CODE_KEY))) delete diff[CODE_KEY];
  }
  return diff;
};
/** `Timestamp.Now`: set in the spec's genesis so that block 1 does not read the host clock. */
const TIMESTAMP_NOW = "0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb";
const GENESIS_TIME_MS = 1_725_000_000_000n;

/** The chain spec (gzipped fixture), with `Timestamp.Now` set. */
export function loadSpec(path) {
  const spec = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(GENESIS_TIME_MS);
  spec.genesis.raw.top[TIMESTAMP_NOW] = `0x${le.toString("hex")}`;
  return spec;
}

export const DEV_NAMES = ["alice", "bob", "charlie", "dave", "eve", "ferdie"];

export class RealChain {
  static async start(specPath) {
    const spec = loadSpec(specPath);
    const chain = await setup({ genesis: new GenesisProvider(spec), buildBlockMode: BuildBlockMode.Manual, mockSignatureHost: true, runtimeLogLevel: 0 });
    const api = await ApiPromise.create({ provider: new ChopsticksProvider(chain), noInitWarn: true });
    const rc = new RealChain(chain, api);
    await rc.init();
    return rc;
  }

  constructor(chain, api) {
    this.chain = chain;
    this.api = api;
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    this.pairs = Object.fromEntries(DEV_NAMES.map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
    this.nonces = new Map();
    this.weights = new Map();
  }

  async init() {
    this.genesisHash = this.api.genesisHash.toHex();
    this.lastRelayKey = this.api.query.parachainSystem.lastRelayChainBlockNumber.key();
    this.specVersion = this.api.runtimeVersion.specVersion.toNumber();
    const md = await this.api.call.metadata.metadataAtVersion(15);
    this.metadataBytes = md.unwrap().toU8a(true);
  }

  get head() {
    return this.chain.head;
  }

  /**
   * Loads a state in chopsticks' import-storage form (`{ Pallet: { $removePrefix, Item, MapItem } }`,
   * what `corelab state --format chopsticks` writes) into the head block, with chopsticks' own
   * `setStorage` (as `--import-storage` does). Returns the number of values written.
   */
  async importStorage(storage) {
    await setStorage(this.chain, storage);
    let n = 0;
    for (const items of Object.values(storage)) for (const [item, v] of Object.entries(items)) if (item !== "$removePrefix") n += Array.isArray(v) ? v.length : 1;
    return n;
  }

  /** Free balances (planck) of dev accounts / addresses, with `Balances.TotalIssuance` raised to match. */
  async setBalances(balances) {
    const entries = Object.entries(balances).map(([who, free]) => [[this.address(who)], { providers: 1, data: { free: BigInt(free) } }]);
    const total = Object.values(balances).reduce((a, b) => a + BigInt(b), 0n);
    const issuance = (await this.api.query.balances.totalIssuance()).toBigInt();
    await setStorage(this.chain, { System: { Account: entries }, Balances: { TotalIssuance: issuance + total } });
  }

  /** A scenario account: a dev name, `pallet:Broker` / `pallet:CoretimeBurn`, `para:<id>`, or an address as it stands. */
  address(who) {
    if (this.pairs[who]) return this.pairs[who].address;
    const pallet = { "pallet:Broker": "py/broke", "pallet:CoretimeBurn": "py/ctbrn" }[who];
    if (pallet) return encodeAddress(u8aConcat(stringToU8a("modl"), stringToU8a(pallet), new Uint8Array(20)), 42);
    const para = /^para:(\d+)$/.exec(who);
    if (para) {
      const id = new Uint8Array(4);
      new DataView(id.buffer).setUint32(0, Number(para[1]), true);
      return encodeAddress(u8aConcat(stringToU8a("sibl"), id, new Uint8Array(24)), 42);
    }
    return who;
  }

  /** An extrinsic `Pallet.call` with scenario-style args (metadata names) as a polkadot.js call. */
  call(name, args = {}) {
    const [pallet, method] = name.split(".");
    const fn = this.api.tx[stringCamelCase(pallet)]?.[stringCamelCase(method)];
    if (!fn) throw new Error(`the real runtime has no call ${name}`);
    const byCamel = Object.fromEntries(Object.entries(args).map(([k, v]) => [stringCamelCase(k), v]));
    const values = fn.meta.args.map((a) => {
      const argName = stringCamelCase(a.name.toString());
      if (!(argName in byCamel)) throw new Error(`${name}: missing argument ${argName}`);
      return this.value(byCamel[argName]);
    });
    return fn(...values);
  }

  /** Scenario values to polkadot.js input: dev names → addresses, "N DOT" → planck, struct keys camelCased. */
  value(v) {
    if (typeof v === "string") {
      if (this.pairs[v] || /^(pallet|para):/.test(v)) return this.address(v);
      const m = /^(\d+(?:\.\d+)?) DOT$/.exec(v);
      if (m) {
        const [i, f = ""] = m[1].split(".");
        return (BigInt(i) * 10n ** 10n + BigInt((f + "0".repeat(10)).slice(0, 10))).toString();
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [/^[A-Z]/.test(k) ? k : stringCamelCase(k), this.value(x)]));
    return v;
  }

  async nonceOf(who) {
    if (!this.nonces.has(who)) this.nonces.set(who, (await this.api.query.system.account(this.address(who))).nonce.toNumber());
    const n = this.nonces.get(who);
    this.nonces.set(who, n + 1);
    return n;
  }

  /** A signed extrinsic (immortal era, explicit nonce). */
  async signed(who, call) {
    const pair = this.pairs[who];
    if (!pair) throw new Error(`no dev key for ${who}`);
    const nonce = await this.nonceOf(who);
    const tx = await call.signAsync(pair, { nonce, era: 0, blockHash: this.genesisHash });
    return tx.toHex();
  }

  /**
   * A DMP message that dispatches `call` with the Root origin: `UnpaidExecution` +
   * `Transact { Superuser, weight + 10 % }`, the call wrapped in `Utility.batch([call])` so that its
   * outcome is an event (`BatchCompleted`, or `BatchInterrupted { index: 0, error }`).
   */
  async rootMessage(call) {
    const batch = this.api.tx.utility.batch([call]);
    const key = batch.method.toHex();
    let w = this.weights.get(key);
    if (!w) {
      const info = await this.api.call.transactionPaymentCallApi.queryCallInfo(batch.method, batch.method.encodedLength);
      const weight = info.weight;
      w = { refTime: (weight.refTime.toBigInt() * 11n) / 10n, proofSize: (weight.proofSize.toBigInt() * 11n) / 10n + 1000n };
      this.weights.set(key, w);
    }
    const msg = this.api.createType("XcmVersionedXcm", {
      V4: [
        { UnpaidExecution: { weightLimit: "Unlimited", checkOrigin: null } },
        { Transact: { originKind: "Superuser", requireWeightAtMost: w, call: { encoded: batch.method.toHex() } } },
      ],
    });
    return msg.toHex();
  }

  /** `ParachainSystem.LastRelayChainBlockNumber` of the head: the relay number the next block's tick reads. */
  async lastRelay() {
    const v = await this.chain.head.get(this.lastRelayKey);
    return v ? Buffer.from(v.slice(2), "hex").readUInt32LE(0) : undefined;
  }

  /** Writes `ParachainSystem.LastRelayChainBlockNumber` (between blocks). */
  async setLastRelay(number) {
    const le = Buffer.alloc(4);
    le.writeUInt32LE(number);
    await setStorage(this.chain, [[this.lastRelayKey, u8aToHex(le)]]);
  }

  /**
   * Builds para block `number`. Skipped blocks leave gaps (`unsafeBlockHeight`).
   *
   * - `clock` aligned (`{ kind: "aligned" }`, the default): relay parent `number + 1`, having first
   *   set `ParachainSystem.LastRelayChainBlockNumber` to `number`, so that the broker's tick (which
   *   runs before `set_validation_data` and reads the previous block's relay number) sees `number`,
   *   the same `now` as Corelab's block `number` on the aligned clock.
   * - `clock` natural (`{ kind: "natural", relayBlocksPerParaBlock: k }`): relay parent `k · number`
   *   (downward messages sent at it); nothing written: the tick reads what the chain's previous
   *   block left in `LastRelayChainBlockNumber` (its relay parent), as cumulus has it.
   */
  async buildBlock(number, { transactions = [], rootMessages = [], clock = { kind: "aligned" } } = {}) {
    const head = this.chain.head;
    if (number <= head.number) throw new Error(`block ${number} is not after the head ${head.number}`);
    const natural = clock.kind === "natural";
    if (!natural) await this.setLastRelay(number);
    const relayParent = natural ? clock.relayBlocksPerParaBlock * number : number + 1;
    const params = { transactions, relayParentNumber: relayParent, downwardMessages: rootMessages.map((msg) => ({ sentAt: relayParent, msg })) };
    if (number > head.number + 1) params.unsafeBlockHeight = number;
    const block = await this.chain.newBlock(params);
    if (block.number !== number) throw new Error(`built block ${block.number}, wanted ${number}`);
    return block;
  }

  /** Every key under twox128("Broker") of `block` with its value (hex). */
  async brokerRaw(block = this.chain.head) {
    const out = {};
    let startKey = BROKER_PREFIX;
    for (;;) {
      const keys = await block.getKeysPaged({ prefix: BROKER_PREFIX, startKey, pageSize: 1000 });
      const vals = await Promise.all(keys.map((k) => block.get(k))); // getMany misses keys only genesis has
      keys.forEach((k, i) => (out[k] = vals[i]));
      if (keys.length < 1000) break;
      startKey = keys[keys.length - 1];
    }
    return out;
  }

  async systemEventsRaw(block = this.chain.head) {
    return block.get(this.api.query.system.events.key());
  }

  async close() {
    await this.api.disconnect().catch(() => {});
    await this.chain.close?.();
  }
}
