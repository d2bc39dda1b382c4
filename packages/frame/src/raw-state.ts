/**
 * Real chain state in and out: raw storage (`{ "0x<key>": "0x<value>" }`, as a raw chain spec's
 * `genesis.raw.top` holds it) decoded into a runtime's state, and a runtime's state written back as
 * raw storage or as chopsticks' `import-storage` form.
 *
 * **In** (`readRawState`, then `applyRawState`; `loadRawState` does both): every key is looked at,
 * in sorted order, and ends up in exactly one group of the `RawStateSummary`:
 *
 * - *decoded*: the key is under `twox128(pallet) ++ twox128(item)` of an item the runtime holds
 *   (its map key read back with the item's hashers, `decodeStorageKey`; its value with
 *   `decodeScale`, strictly: no trailing byte, canonical). Two real items are read into another
 *   item of Corelab's: `System.Account` (`AccountInfo`, the real coretime chains keep balances in
 *   System: `AccountStore = System`) into `Balances.Account` (its `data`; the nonce and reference
 *   counts are dropped), and `Broker.AllowedRenewals` (its name before polkadot-sdk #4521, same
 *   layout) into `Broker.PotentialRenewals`;
 * - *not held*: a real System item Corelab does not keep (`System.BlockHash`, `ParentHash`,
 *   `Number`, `LastRuntimeUpgrade`, `BlockWeight` …: the header and bookkeeping of a real chain),
 *   decoded with its real type (so a malformed one is refused too) and left out;
 * - *well-known*: `:code`, `:heappages`, `:extrinsic_index` and other `:`-keys, and every
 *   pallet's `:__STORAGE_VERSION__:` (with its value);
 * - *unknown*: any other key, counted by prefix: `Pallet.Item` when a pallet and item name Corelab
 *   knows from the real coretime runtimes hash to it, else the raw 16- or 32-byte prefix.
 *
 * A key that is not hex, a key under an item's prefix that does not fit the item's key type, a
 * value that does not decode (trailing bytes, a bad enum index) is a `RawStateError` naming the
 * source, the key and the item; nothing is written then. Loading replaces the whole state of the
 * runtime (an item the file does not hold is absent after it), at genesis only.
 *
 * **Out** (`exportRawState`, `exportChopsticksStorage`): every stored key and its SCALE value,
 * sorted by key. `Balances.Account` is written where the real chains keep it, `System.Account`, as
 * `AccountInfo { nonce: 0, consumers: 0, providers: 1, sufficients: 0, data }` (`accountStore:
 * "Self"` keeps it under `Balances.Account`). Items whose values have no SCALE form (`noScale`
 * codecs: a dispatch error, an outbound message) are skipped and listed in `skipped`; an account
 * that is not an SS58 address (a mock runtime's `"1001"`) is an error: such a runtime has no raw state.
 *
 * Accounts: in memory an account is an SS58 address; decoding gives prefix 42.
 */
import { Twox128 } from "@polkadot-api/substrate-bindings";
import { stringCamelCase } from "@polkadot/util/string/camelCase";
import { t, type Codec, type ParseContext } from "./codec.ts";
import { CorelabError, InvalidValueError, RuntimeUsageError, ScaleError, UnknownNameError } from "./errors.ts";
import { MapState } from "./map-state.ts";
import type { Runtime } from "./runtime.ts";
import type { State } from "./externalities.ts";
import { bytesToHex, decodeScale, encodeScale } from "./scale.ts";
import { decodeStorageKey, storageKeyHex, type StorageKeyLayout } from "./storage-key.ts";
import type { StorageItem, StorageMap, StorageValue } from "./storage.ts";
import { accountInfo } from "./system.ts";

/**
 * Raw state does not fit the runtime: not hex, a key under an item's prefix that does not decode
 * as its key, a value with trailing bytes … Names the source (a file), the key and the item.
 */
export class RawStateError extends CorelabError {
  override name = "RawStateError";
  /** Where the state came from (a file name), as given. */
  readonly source: string;
  /** The key (`0x` hex, as written), when the problem is one key's. */
  readonly key: string | undefined;
  /** The storage item the key is under (`Broker.Regions`), when known. */
  readonly item: string | undefined;
  /** The problem, without source, key and item. */
  readonly problem: string;
  constructor(source: string, problem: string, opts: { key?: string; item?: string; details?: string[]; cause?: unknown } = {}) {
    super("RawState", `${source}: ${opts.key !== undefined ? `key ${opts.key}: ` : ""}${opts.item !== undefined ? `${opts.item}: ` : ""}${problem}`, { details: opts.details, cause: opts.cause });
    this.source = source;
    this.key = opts.key;
    this.item = opts.item;
    this.problem = problem;
  }
}

/**
 * Pallets and storage items of the real coretime runtimes (coretime-polkadot 1003000's metadata,
 * plus `Broker.AutoRenewals` of later runtimes and `Broker.AllowedRenewals` of earlier ones): the
 * names unknown prefixes are listed by, and the pallets a chopsticks export may name.
 */
export const KNOWN_CHAIN_STORAGE: Readonly<Record<string, readonly string[]>> = Object.freeze({
  System: ["Account", "ExtrinsicCount", "InherentsApplied", "BlockWeight", "AllExtrinsicsLen", "BlockHash", "ExtrinsicData", "Number", "ParentHash", "Digest", "Events", "EventCount", "EventTopics", "LastRuntimeUpgrade", "UpgradedToU32RefCount", "UpgradedToTripleRefCount", "ExecutionPhase", "AuthorizedUpgrade"],
  ParachainSystem: ["UnincludedSegment", "AggregatedUnincludedSegment", "PendingValidationCode", "NewValidationCode", "ValidationData", "DidSetValidationCode", "LastRelayChainBlockNumber", "UpgradeRestrictionSignal", "UpgradeGoAhead", "RelayStateProof", "RelevantMessagingState", "HostConfiguration", "LastDmqMqcHead", "LastHrmpMqcHeads", "ProcessedDownwardMessages", "HrmpWatermark", "HrmpOutboundMessages", "UpwardMessages", "PendingUpwardMessages", "UpwardDeliveryFeeFactor", "AnnouncedHrmpMessagesPerCandidate", "ReservedXcmpWeightOverride", "ReservedDmpWeightOverride", "CustomValidationHeadData"],
  Timestamp: ["Now", "DidUpdate"],
  ParachainInfo: ["ParachainId"],
  Balances: ["TotalIssuance", "InactiveIssuance", "Account", "Locks", "Reserves", "Holds", "Freezes"],
  TransactionPayment: ["NextFeeMultiplier", "StorageVersion"],
  Authorship: ["Author"],
  CollatorSelection: ["Invulnerables", "CandidateList", "LastAuthoredBlock", "DesiredCandidates", "CandidacyBond"],
  Session: ["Validators", "CurrentIndex", "QueuedChanged", "QueuedKeys", "DisabledValidators", "NextKeys", "KeyOwner"],
  Aura: ["Authorities", "CurrentSlot"],
  AuraExt: ["Authorities", "SlotInfo"],
  XcmpQueue: ["InboundXcmpSuspended", "OutboundXcmpStatus", "OutboundXcmpMessages", "SignalMessages", "QueueConfig", "QueueSuspended", "DeliveryFeeFactor"],
  PolkadotXcm: ["QueryCounter", "Queries", "AssetTraps", "SafeXcmVersion", "SupportedVersion", "VersionNotifiers", "VersionNotifyTargets", "VersionDiscoveryQueue", "CurrentMigration", "RemoteLockedFungibles", "LockedFungibles", "XcmExecutionSuspended", "ShouldRecordXcm", "RecordedXcm"],
  CumulusXcm: [],
  MessageQueue: ["BookStateFor", "ServiceHead", "Pages"],
  Utility: [],
  Multisig: ["Multisigs"],
  Proxy: ["Proxies", "Announcements"],
  Broker: ["Configuration", "Reservations", "Leases", "Status", "SaleInfo", "PotentialRenewals", "AllowedRenewals", "Regions", "Workplan", "Workload", "InstaPoolContribution", "InstaPoolIo", "InstaPoolHistory", "CoreCountInbox", "AutoRenewals", "RevenueInbox"],
});

const STORAGE_VERSION_ITEM = ":__STORAGE_VERSION__:";

/** Lowercase hex (no `0x`) of `twox128(name)`. */
const twox = (() => {
  const cache = new Map<string, string>();
  const enc = new TextEncoder();
  return (name: string): string => {
    let h = cache.get(name);
    if (h === undefined) cache.set(name, (h = bytesToHex(Twox128(enc.encode(name))).slice(2)));
    return h;
  };
})();

/** `AccountData` of pallet-balances (four u128), for `System.Account` where the runtime has no `Balances.Account`. */
const REAL_ACCOUNT_DATA = t.struct("AccountData", { free: t.balance, reserved: t.balance, frozen: t.balance, flags: t.u128 });
const WEIGHT = t.struct("Weight", { ref_time: t.compact(t.u64), proof_size: t.compact(t.u64) });
const H256 = t.bytes(32);

/** Real System items Corelab does not keep: their layouts, to decode (check) them. */
const REAL_SYSTEM_ITEMS: ReadonlyArray<{ name: string; codec: Codec<any>; key?: Codec<any>; hasher?: "Twox64Concat" | "Blake2_128Concat"; note: string }> = [
  { name: "Number", codec: t.u32, note: "the block number is the block header's" },
  { name: "ParentHash", codec: H256, note: "in the block header" },
  { name: "BlockHash", codec: H256, key: t.u32, hasher: "Twox64Concat", note: "block hashes are the header log's" },
  { name: "LastRuntimeUpgrade", codec: t.struct("LastRuntimeUpgradeInfo", { spec_version: t.compact(t.u32), spec_name: t.str }), note: "no runtime upgrades" },
  { name: "UpgradedToU32RefCount", codec: t.bool, note: "a migration flag" },
  { name: "UpgradedToTripleRefCount", codec: t.bool, note: "a migration flag" },
  { name: "BlockWeight", codec: t.struct("PerDispatchClass<Weight>", { normal: WEIGHT, operational: WEIGHT, mandatory: WEIGHT }), note: "weights are not modelled" },
  { name: "ExtrinsicCount", codec: t.u32, note: "per block, in the block record" },
  { name: "AllExtrinsicsLen", codec: t.u32, note: "per block" },
  { name: "EventCount", codec: t.u32, note: "events are the block record's" },
  { name: "InherentsApplied", codec: t.bool, note: "per block" },
];

/** Where the entries of one real item go. */
interface Target {
  /** The real item (`System.Account`). */
  readonly real: string;
  /** Its key layout (real pallet and item names, key codec, hashers). */
  readonly layout: StorageKeyLayout<unknown>;
  readonly isMap: boolean;
  /** Its value's codec (the real type). */
  readonly codec: Codec<unknown>;
  /** The runtime's item the entries go to; absent: decoded, not held. */
  readonly into?: StorageItem;
  /** The held value of a decoded real value (an alias's conversion). */
  readonly toHeld?: (v: unknown) => unknown;
  /** Why a not-held item is not held. */
  readonly note?: string;
}

/** One group of a `RawStateSummary`. */
export interface RawStateGroup {
  /** `Balances.Account`, `System.BlockHash`, `:code`, `Session.NextKeys`, `0x<prefix>`. */
  readonly name: string;
  readonly keys: number;
  /** For decoded groups: the real items read into it when another (`System.Account`); for the others a note. */
  readonly note?: string;
}

/** What a raw state held, group by group (see the module doc); every group sorted by name. */
export interface RawStateSummary {
  /** Where it came from (a file). */
  readonly source: string;
  /** Keys in the input. */
  readonly keys: number;
  /** Items of the runtime that took entries. */
  readonly decoded: readonly RawStateGroup[];
  /** Real items Corelab does not keep, decoded with their real types and left out. */
  readonly notHeld: readonly RawStateGroup[];
  /** `:code`, `:heappages` … and each pallet's `:__STORAGE_VERSION__:` (one group per key). */
  readonly wellKnown: readonly RawStateGroup[];
  /** Keys under prefixes the runtime has no item for, by prefix. */
  readonly unknown: readonly RawStateGroup[];
  /** Deletions (`null` values) and `$removePrefix` of a chopsticks file: nothing to delete in a fresh state. */
  readonly ignored?: readonly RawStateGroup[];
}

/** Raw state decoded for a runtime, ready for `applyRawState`. */
export interface RawStateLoad {
  readonly summary: RawStateSummary;
  /** @internal The decoded values, by item: a value's value, or a map's `[key, value]` entries. */
  readonly writes: ReadonlyMap<StorageItem, { value?: unknown; entries?: Array<readonly [unknown, unknown]> }>;
  /** @internal The runtime it was decoded for. */
  readonly runtime: Runtime;
}

/** The items of a runtime, and the real items read into them. */
function targetsOf(rt: Runtime): { byPrefix: Map<string, Target>; pallets: Map<string, string> } {
  const byPrefix = new Map<string, Target>();
  const pallets = new Map<string, string>();
  const held = (pallet: string, item: string): StorageItem | undefined => {
    const p = rt.pallets.get(pallet);
    const s = p?.pallet.storage as Record<string, StorageItem> | undefined;
    return s !== undefined && Object.hasOwn(s, item) ? s[item] : undefined;
  };
  for (const [name, inst] of rt.pallets) {
    pallets.set(twox(name), name);
    const storage = inst.pallet.storage as Record<string, StorageItem>;
    for (const itemName of Object.keys(storage)) {
      const item = storage[itemName]!;
      byPrefix.set(twox(name) + twox(itemName), { real: `${name}.${itemName}`, layout: item, isMap: item.kind === "map", codec: item.codec, into: item });
    }
  }
  const add = (pallet: string, item: string, tgt: Omit<Target, "real">): void => {
    const p = twox(pallet) + twox(item);
    if (!byPrefix.has(p)) byPrefix.set(p, { real: `${pallet}.${item}`, ...tgt });
  };
  if (rt.pallets.has("System")) {
    const balances = held("Balances", "Account");
    const layout: StorageKeyLayout<unknown> = { pallet: "System", name: "Account", keyCodec: t.accountId as Codec<unknown>, hashers: ["Blake2_128Concat"] };
    if (balances !== undefined && balances.kind === "map" && isAccountData(balances.codec)) {
      add("System", "Account", { layout, isMap: true, codec: accountInfo(balances.codec) as Codec<unknown>, into: balances, toHeld: (v) => (v as { data: unknown }).data });
    } else add("System", "Account", { layout, isMap: true, codec: accountInfo(REAL_ACCOUNT_DATA) as Codec<unknown>, note: "no Balances.Account of AccountData in this runtime" });
    for (const x of REAL_SYSTEM_ITEMS) {
      const l: StorageKeyLayout<unknown> = x.key === undefined ? { pallet: "System", name: x.name } : { pallet: "System", name: x.name, keyCodec: x.key, hashers: [x.hasher!] };
      add("System", x.name, { layout: l, isMap: x.key !== undefined, codec: x.codec, note: x.note });
    }
  }
  const renewals = held("Broker", "PotentialRenewals");
  if (renewals !== undefined && renewals.kind === "map") {
    add("Broker", "AllowedRenewals", { layout: { pallet: "Broker", name: "AllowedRenewals", keyCodec: renewals.keyCodec, hashers: renewals.hashers }, isMap: true, codec: renewals.codec, into: renewals });
  }
  return { byPrefix, pallets };
}

/** Whether a codec is pallet-balances' `AccountData` (`free`, `reserved`, `frozen`, `flags`). */
function isAccountData(codec: Codec<unknown>): boolean {
  const fields = Object.hasOwn(codec, "fields") ? (codec as { fields?: Record<string, unknown> }).fields : undefined;
  return fields !== undefined && Object.keys(fields).join(",") === "free,reserved,frozen,flags";
}

/** Names of prefixes: pallet hashes and item hashes of the runtime and of `KNOWN_CHAIN_STORAGE`. */
function knownNames(rt: Runtime): { pallets: Map<string, string>; items: Map<string, string> } {
  const pallets = new Map<string, string>();
  const items = new Map<string, string>();
  const add = (p: string, list: Iterable<string>): void => {
    pallets.set(twox(p), p);
    for (const i of list) items.set(twox(p) + twox(i), `${p}.${i}`);
  };
  for (const p of Object.keys(KNOWN_CHAIN_STORAGE).sort()) add(p, KNOWN_CHAIN_STORAGE[p]!);
  for (const [name, inst] of rt.pallets) add(name, Object.keys(inst.pallet.storage));
  return { pallets, items };
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;

function shortHex(s: string): string {
  return s.length > 74 ? `${s.slice(0, 66)}…(${(s.length - 2) / 2} bytes)` : s;
}

function describeInput(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v;
}

/** The printable name of a `:`-key (`:code`), or its hex. */
function wellKnownName(key: string): string {
  const s = Buffer.from(key.slice(2), "hex").toString("latin1");
  return /^:[\x20-\x7e]*$/.test(s) ? s : key;
}

/**
 * Decodes raw storage (`[key, value]` pairs of `0x` hex, in any order) for `rt`, without writing
 * anything (see the module doc for what becomes of each key). `source` names the input in errors
 * and in the summary. Throws a `RawStateError` (source, key, item) on the first key or value that
 * does not fit; a `RuntimeUsageError` when the runtime is past genesis.
 */
export function readRawState(rt: Runtime, storage: Iterable<readonly [string, unknown]>, source: string): RawStateLoad {
  const { byPrefix, pallets } = targetsOf(rt);
  const names = knownNames(rt);
  const svItem = twox(STORAGE_VERSION_ITEM);
  // every key, lowercase, checked, sorted (a key written twice, in two cases, is refused)
  const pairs = new Map<string, string>();
  for (const [key, value] of storage) {
    if (typeof key !== "string" || !HEX.test(key)) throw new RawStateError(source, `the key is not 0x-prefixed hex with an even number of digits: ${describeInput(key)}`, { key: typeof key === "string" ? shortHex(key) : undefined });
    if (typeof value !== "string" || !HEX.test(value)) throw new RawStateError(source, `the value is not 0x-prefixed hex with an even number of digits: ${describeInput(value)}`, { key });
    const k = key.toLowerCase();
    if (pairs.has(k)) throw new RawStateError(source, "the key is written twice", { key });
    pairs.set(k, value.toLowerCase());
  }
  const keys = [...pairs.keys()].sort();
  const decoded = new Map<string, { keys: number; from: Set<string> }>();
  const notHeld = new Map<string, { keys: number; note: string }>();
  const wellKnown: RawStateGroup[] = [];
  const unknown = new Map<string, number>();
  const writes = new Map<StorageItem, { value?: unknown; entries?: Array<readonly [unknown, unknown]>; seen?: Map<string, string> }>();
  for (const key of keys) {
    const value = pairs.get(key)!;
    const body = key.slice(2);
    if (body.startsWith("3a")) {
      const name = wellKnownName(key);
      wellKnown.push({ name, keys: 1, note: name === ":code" ? `the runtime's wasm, ${(value.length - 2) / 2} bytes` : `${(value.length - 2) / 2} bytes` });
      continue;
    }
    if (body.length >= 64 && body.slice(32, 64) === svItem && body.length === 64) {
      const pallet = names.pallets.get(body.slice(0, 32)) ?? `0x${body.slice(0, 32)}`;
      const version = value.length === 6 ? String(Buffer.from(value.slice(2), "hex").readUInt16LE(0)) : value;
      wellKnown.push({ name: `${pallet} ${STORAGE_VERSION_ITEM}`, keys: 1, note: `storage version ${version}` });
      continue;
    }
    const target = body.length >= 64 ? byPrefix.get(body.slice(0, 64)) : undefined;
    if (target === undefined) {
      const group = body.length >= 64 ? names.items.get(body.slice(0, 64)) : undefined;
      const pallet = body.length >= 32 ? (names.pallets.get(body.slice(0, 32)) ?? pallets.get(body.slice(0, 32))) : undefined;
      const name = group ?? (pallet !== undefined && body.length >= 64 ? `${pallet}.0x${body.slice(32, 64)}` : body.length >= 32 ? `0x${body.slice(0, body.length >= 64 ? 64 : 32)}` : key);
      unknown.set(name, (unknown.get(name) ?? 0) + 1);
      continue;
    }
    const item = target.real;
    let mapKey: unknown;
    if (target.isMap) {
      try {
        mapKey = decodeStorageKey(target.layout, key);
      } catch (e) {
        if (!(e instanceof ScaleError)) throw e;
        throw new RawStateError(source, `the key does not fit the item's key (${target.layout.keyCodec!.name}): ${problemOf(e, item)}`, { key, item, cause: e });
      }
    } else if (body.length !== 64) {
      throw new RawStateError(source, `${(body.length - 64) / 2} byte(s) after the item's prefix: ${item} is a storage value, whose key is the prefix alone`, { key, item });
    }
    let v: unknown;
    try {
      v = decodeScale(target.codec, value);
    } catch (e) {
      if (!(e instanceof ScaleError)) throw e;
      throw new RawStateError(source, `the value is not a ${target.codec.name}: ${problemOf(e, target.codec.name)}`, { key, item, cause: e });
    }
    if (target.into === undefined) {
      const g = notHeld.get(item) ?? { keys: 0, note: target.note ?? "" };
      g.keys++;
      notHeld.set(item, g);
      continue;
    }
    const into = target.into;
    const held = target.toHeld ? target.toHeld(v) : v;
    let w = writes.get(into);
    if (w === undefined) writes.set(into, (w = into.kind === "map" ? { entries: [], seen: new Map() } : {}));
    if (into.kind === "map") {
      const canonical = into.keyCodec.key(mapKey);
      const before = w.seen!.get(canonical);
      if (before !== undefined) throw new RawStateError(source, `the entry it gives ${into.prefix} is also given by the key ${before}`, { key, item });
      w.seen!.set(canonical, key);
      w.entries!.push([mapKey, held]);
    } else {
      if (Object.hasOwn(w, "value")) throw new RawStateError(source, `${into.prefix} is given by two keys`, { key, item });
      w.value = held;
    }
    const name = `${into.pallet}.${into.name}`;
    const g = decoded.get(name) ?? { keys: 0, from: new Set<string>() };
    g.keys++;
    if (item !== name) g.from.add(item);
    decoded.set(name, g);
  }
  const byName = (a: RawStateGroup, b: RawStateGroup): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const summary: RawStateSummary = {
    source,
    keys: keys.length,
    decoded: [...decoded].map(([name, g]) => ({ name, keys: g.keys, ...(g.from.size ? { note: `from ${[...g.from].sort().join(", ")}` } : {}) })).sort(byName),
    notHeld: [...notHeld].map(([name, g]) => ({ name, keys: g.keys, note: g.note })).sort(byName),
    wellKnown: wellKnown.sort(byName),
    unknown: [...unknown].map(([name, n]) => ({ name, keys: n })).sort(byName),
  };
  for (const w of writes.values()) delete w.seen;
  return { summary, writes, runtime: rt };
}

function problemOf(e: ScaleError, prefix: string): string {
  const m = e.shortMessage;
  return m.startsWith(`${prefix}: `) ? m.slice(prefix.length + 2) : m;
}

/**
 * Makes the decoded state the runtime's whole state (at genesis only): every item of every pallet
 * is cleared, then what `load` holds is written. All or nothing: should a write throw, the state
 * before is restored.
 */
export function applyRawState(rt: Runtime, load: RawStateLoad): void {
  if (load.runtime !== rt) throw new RuntimeUsageError("applyRawState: the raw state was read for another runtime");
  if (!rt.atGenesis || rt.isBuilding) throw new RuntimeUsageError(`raw state is loaded at genesis only: ${rt.name} is at block ${rt.blockNumber}`);
  const before = rt.snapshot();
  try {
    rt.withContext((ctx) => {
      for (const inst of rt.pallets.values()) {
        for (const item of Object.values(inst.pallet.storage as Record<string, StorageItem>)) {
          if (item.kind === "value") item.kill(ctx);
          else item.clear(ctx);
        }
      }
      for (const [item, w] of load.writes) {
        if (item.kind === "value") (item as StorageValue<unknown, unknown>).put(ctx, w.value);
        else (item as StorageMap<unknown, unknown, unknown>).insertMany(ctx, w.entries!);
      }
    });
  } catch (e) {
    rt.restore(before);
    throw e;
  }
}

/** `readRawState` then `applyRawState`: the runtime's state becomes the raw state's. Returns the summary. */
export function loadRawState(rt: Runtime, storage: Iterable<readonly [string, unknown]>, source: string): RawStateSummary {
  const load = readRawState(rt, storage, source);
  applyRawState(rt, load);
  return load.summary;
}

/**
 * The storage pairs of a raw input: a raw chain spec (its `genesis.raw.top`), or a `{ "0xkey":
 * "0xvalue" }` map. Throws a `RawStateError` naming `source` for anything else (a chain spec
 * with child tries is refused: Corelab has none).
 */
export function rawStoragePairs(doc: unknown, source: string): Array<readonly [string, unknown]> {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new RawStateError(source, `expected a raw chain spec or a { "0xkey": "0xvalue" } map, got ${describeInput(doc)}`);
  const o = doc as Record<string, unknown>;
  const genesis = Object.hasOwn(o, "genesis") ? o.genesis : undefined;
  if (genesis !== undefined) {
    const raw = typeof genesis === "object" && genesis !== null && Object.hasOwn(genesis, "raw") ? (genesis as { raw: unknown }).raw : undefined;
    const top = typeof raw === "object" && raw !== null && Object.hasOwn(raw, "top") ? (raw as { top: unknown }).top : undefined;
    if (typeof top !== "object" || top === null || Array.isArray(top))
      throw new RawStateError(source, "a chain spec without genesis.raw.top: only raw chain specs hold storage (build one with `--raw`)");
    const children = (raw as { childrenDefault?: unknown }).childrenDefault;
    if (typeof children === "object" && children !== null && Object.keys(children).length > 0)
      throw new RawStateError(source, `genesis.raw.childrenDefault holds ${Object.keys(children).length} child tries: Corelab has no child storage`);
    return Object.entries(top as Record<string, unknown>);
  }
  return Object.entries(o);
}

// ------------------------------------------------------------------------------------------------
// chopsticks' import-storage form

/**
 * Reads chopsticks' `import-storage` form (as chopsticks-core's `setStorage` takes it): `{ Pallet:
 * { Item: value, MapItem: [[[key…], value], …], $removePrefix: [Item…] } }`, pallet and item
 * names matched as chopsticks does (`stringCamelCase`: `Broker`, `broker`, `SaleInfo`,
 * `saleInfo`), map keys a list of one key (a `StorageMap`) or one per hasher (a double map /
 * NMap); a value is `0x` hex (its SCALE bytes, taken as they are) or a decoded value (struct fields
 * by name, snake_case or camelCase, missing fields zero as polkadot-js fills them; enum variants by
 * name, `Variant`, `{ Variant: data }`; numbers, decimal strings, SS58 or 32-byte hex accounts).
 * A falsy value (`null`, `0`, `false`) deletes the key in chopsticks; here, loaded into a fresh
 * state, deletions and `$removePrefix` do nothing and are listed as ignored. Entries of a pallet
 * or item the runtime has not (and `System.Account` without `Balances.Account`) are listed as
 * unknown; the raw array form (`[[key, value], …]`) is read as raw storage.
 *
 * Returns the raw pairs and the groups to add to the summary; `readChopsticksState` reads them.
 */
export function chopsticksStoragePairs(rt: Runtime, doc: unknown, source: string): { pairs: Array<readonly [string, unknown]>; unknown: RawStateGroup[]; ignored: RawStateGroup[] } {
  if (Array.isArray(doc)) {
    const pairs = doc.map((p, i): readonly [string, unknown] => {
      if (!Array.isArray(p) || p.length !== 2) throw new RawStateError(source, `[${i}]: expected a [key, value] pair of 0x hex, got ${describeInput(p)}`);
      return [p[0] as string, p[1]];
    });
    return { pairs, unknown: [], ignored: [] };
  }
  if (typeof doc !== "object" || doc === null) throw new RawStateError(source, `expected chopsticks' import-storage (a map of pallet names to their items), got ${describeInput(doc)}`);
  const { byPrefix } = targetsOf(rt);
  // items by camelCase pallet and item name (chopsticks' own matching)
  const byName = new Map<string, Target>();
  for (const tg of byPrefix.values()) {
    const [p, i] = tg.real.split(".") as [string, string];
    byName.set(`${stringCamelCase(p)}.${stringCamelCase(i)}`, tg);
  }
  const pairs: Array<readonly [string, unknown]> = [];
  const unknown = new Map<string, number>();
  const ignored = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n = 1): void => void m.set(k, (m.get(k) ?? 0) + n);
  const ctxBase: ParseContext = { path: "", token: rt.info.token };
  for (const palletName of Object.keys(doc)) {
    const section = (doc as Record<string, unknown>)[palletName];
    if (typeof section !== "object" || section === null || Array.isArray(section)) throw new RawStateError(source, `${palletName}: expected a map of storage items, got ${describeInput(section)}`);
    for (const itemName of Object.keys(section)) {
      const v = (section as Record<string, unknown>)[itemName];
      const path = `${palletName}.${itemName}`;
      if (itemName === "$removePrefix") {
        bump(ignored, `${palletName}.$removePrefix`, Array.isArray(v) ? v.length : 1);
        continue;
      }
      const tg = byName.get(`${stringCamelCase(palletName)}.${stringCamelCase(itemName)}`);
      if (tg === undefined) {
        bump(unknown, path, Array.isArray(v) ? v.length : 1);
        continue;
      }
      const valueHex = (x: unknown, where: string): string | undefined => {
        if (typeof x === "string" && x.startsWith("0x")) return x;
        if (!x) return undefined;
        try {
          return bytesToHex(encodeScale(tg.codec, parseDecoded(tg.codec, x, { ...ctxBase, path: where }) as never, where));
        } catch (e) {
          if (!(e instanceof CorelabError)) throw e;
          throw new RawStateError(source, e.shortMessage, { item: tg.real, details: e.details, cause: e });
        }
      };
      if (!tg.isMap) {
        const hex = valueHex(v, path);
        if (hex === undefined) bump(ignored, `${tg.real} (deleted)`);
        else pairs.push([storageKeyHex(tg.layout), hex]);
        continue;
      }
      if (!Array.isArray(v)) throw new RawStateError(source, `${path}: expected a list of [[key…], value] entries (${tg.real} is a map), got ${describeInput(v)}`, { item: tg.real });
      const hashers = tg.layout.hashers!;
      const parts = hashers.length === 1 ? [tg.layout.keyCodec!] : ((tg.layout.keyCodec as unknown as { items: Array<Codec<unknown>> }).items);
      v.forEach((entry, i) => {
        const where = `${path}[${i}]`;
        if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[0]) || entry[0].length !== parts.length)
          throw new RawStateError(source, `${where}: expected [[${parts.map((c) => c.name).join(", ")}], value], got ${describeInput(entry)}`, { item: tg.real });
        let key: unknown;
        try {
          const ks = (entry[0] as unknown[]).map((k, j) => parseDecoded(parts[j]!, k, { ...ctxBase, path: `${where}[0][${j}]` }));
          key = hashers.length === 1 ? ks[0] : ks;
          const hex = valueHex(entry[1], `${where}[1]`);
          if (hex === undefined) bump(ignored, `${tg.real} (deleted)`);
          else pairs.push([storageKeyHex(tg.layout, key), hex]);
        } catch (e) {
          if (e instanceof RawStateError || !(e instanceof CorelabError)) throw e;
          throw new RawStateError(source, e.shortMessage, { item: tg.real, details: e.details, cause: e });
        }
      });
    }
  }
  const groups = (m: Map<string, number>): RawStateGroup[] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, keys]) => ({ name, keys, note: "not an item of this runtime" }));
  return { pairs, unknown: groups(unknown), ignored: groups(ignored).map((g) => ({ name: g.name, keys: g.keys })) };
}

/** `chopsticksStoragePairs` then `readRawState`: chopsticks' import-storage decoded for `rt`, with the groups of both in the summary. */
export function readChopsticksState(rt: Runtime, doc: unknown, source: string): RawStateLoad {
  const c = chopsticksStoragePairs(rt, doc, source);
  const load = readRawState(rt, c.pairs, source);
  const unknown = [...load.summary.unknown, ...c.unknown].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ...load, summary: { ...load.summary, unknown, ...(c.ignored.length ? { ignored: c.ignored } : {}) } };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The zero value of a type (decoded from zero bytes), as polkadot-js fills a missing field; undefined when zeros do not decode. */
function zeroOf(codec: Codec<unknown>): { value: unknown } | undefined {
  try {
    return { value: codec.scale.dec(new Uint8Array(1024)) };
  } catch {
    return undefined;
  }
}

const ACCOUNT_HEX = /^0x[0-9a-fA-F]{64}$/;

/** A value in polkadot-js' JSON form (as chopsticks hands it to `createType`) read with `codec`. */
function parseDecoded(codec: Codec<unknown>, input: unknown, ctx: ParseContext): unknown {
  if (Object.hasOwn(codec, "fields") && isPlainObject(input)) {
    const fields = (codec as unknown as { fields: Record<string, Codec<unknown>> }).fields;
    const names = Object.keys(fields);
    const byCamel = new Map(names.map((n) => [stringCamelCase(n), n]));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(input)) {
      const name = Object.hasOwn(fields, k) ? k : byCamel.get(k);
      if (name === undefined) throw new UnknownNameError(`field of ${codec.name}`, k, names, ctx.path);
      out[name] = parseDecoded(fields[name]!, input[k], { ...ctx, path: `${ctx.path}.${name}` });
    }
    for (const n of names) {
      if (Object.hasOwn(out, n)) continue;
      const z = zeroOf(fields[n]!);
      if (z === undefined) throw new InvalidValueError(`${ctx.path}.${n}`, fields[n]!.name, undefined, `field '${n}' of ${codec.name} is required (its type has no zero value)`);
      out[n] = z.value;
    }
    return out;
  }
  if (Object.hasOwn(codec, "variants") && (typeof input === "string" || (isPlainObject(input) && Object.keys(input).length === 1))) {
    const variants = (codec as unknown as { variants: Record<string, Codec<unknown> | null> }).variants;
    const given = typeof input === "string" ? input : Object.keys(input)[0]!;
    // polkadot-js matches variant names without regard to case
    const tag = Object.keys(variants).find((n) => n.toLowerCase() === given.toLowerCase());
    if (tag === undefined) throw new UnknownNameError(`variant of ${codec.name}`, given, Object.keys(variants), ctx.path);
    const data = variants[tag];
    if (!data) return { type: tag };
    const x = typeof input === "string" ? undefined : (input as Record<string, unknown>)[given];
    if (x === undefined || x === null) {
      const z = zeroOf(data);
      if (z === undefined) throw new InvalidValueError(ctx.path, `{ ${tag}: ${data.name} }`, input);
      return { type: tag, value: z.value };
    }
    return { type: tag, value: parseDecoded(data, x, { ...ctx, path: `${ctx.path}.${tag}` }) };
  }
  if (Object.hasOwn(codec, "items") && Array.isArray(input)) {
    const items = (codec as unknown as { items: Array<Codec<unknown>> }).items;
    if (input.length !== items.length) throw new InvalidValueError(ctx.path, `a list of ${items.length} (${codec.name})`, input);
    return items.map((c, i) => parseDecoded(c, input[i], { ...ctx, path: `${ctx.path}[${i}]` }));
  }
  if (codec.scale === t.accountId.scale && typeof input === "string" && ACCOUNT_HEX.test(input)) return decodeScale(t.accountId, input);
  return codec.parse(input, ctx);
}

// ------------------------------------------------------------------------------------------------
// out

/** Where `Balances.Account` is written: `System.Account` (as on the real coretime chains, the default) or `Balances.Account` itself. */
export type AccountStore = "System" | "Self";

/** Options of `exportRawState` and `exportChopsticksStorage`. */
export interface RawExportOptions {
  /** Default `"System"`: see `AccountStore`. */
  readonly accountStore?: AccountStore;
  /** The state to write (default: the runtime's committed state), e.g. one captured after an earlier block. */
  readonly state?: State;
}

/** One stored entry as exported: its item, its real item, its key and value. */
interface ExportEntry {
  /** The runtime's item (`Balances.Account`). */
  readonly item: string;
  /** The real item it is written as (`System.Account`). */
  readonly real: string;
  readonly key: string;
  readonly value: string;
  /** The map key as in memory (undefined for a value). */
  readonly mapKey?: unknown;
  readonly layout: StorageKeyLayout<unknown>;
}

/** A runtime's state as raw storage. */
export interface RawExport {
  /** Every key and value, `0x` hex, sorted by key. */
  readonly entries: ReadonlyArray<readonly [string, string]>;
  /** Items left out: no SCALE form (`noScale`), with their number of keys and why. */
  readonly skipped: readonly RawStateGroup[];
  /** Items written under another real item (`Balances.Account` as `System.Account`). */
  readonly mapped: readonly RawStateGroup[];
}

const SYSTEM_ACCOUNT_LAYOUT: StorageKeyLayout<unknown> = { pallet: "System", name: "Account", keyCodec: t.accountId as Codec<unknown>, hashers: ["Blake2_128Concat"] };

function exportEntries(rt: Runtime, opts: RawExportOptions): { entries: ExportEntry[]; skipped: RawStateGroup[]; mapped: RawStateGroup[] } {
  const state = opts.state ?? rt.state;
  const store = opts.accountStore ?? "System";
  const entries: ExportEntry[] = [];
  const skipped: RawStateGroup[] = [];
  const mapped: RawStateGroup[] = [];
  const systemHeld = Object.hasOwn(rt.pallet("System").pallet.storage, "Account");
  for (const [palletName, inst] of rt.pallets) {
    const storage = inst.pallet.storage as Record<string, StorageItem>;
    const stored = state[palletName] ?? {};
    for (const name of Object.keys(storage)) {
      const item = storage[name]!;
      const v = Object.hasOwn(stored, name) ? stored[name] : undefined;
      if (v === undefined) continue;
      const qualified = `${palletName}.${name}`;
      const asSystem = store === "System" && !systemHeld && qualified === "Balances.Account" && item.kind === "map" && isAccountData(item.codec);
      const info = asSystem ? accountInfo(item.codec) : undefined;
      const layout: StorageKeyLayout<unknown> = asSystem ? SYSTEM_ACCOUNT_LAYOUT : item;
      const list: Array<readonly [unknown, unknown]> = item.kind === "value" ? [[undefined, v]] : (v as MapState).entries();
      const out: ExportEntry[] = [];
      try {
        for (const [k, x] of list) {
          const key = item.kind === "value" ? storageKeyHex(layout) : storageKeyHex(layout, k);
          const bytes = info !== undefined ? encodeScale(info, { nonce: 0, consumers: 0, providers: 1, sufficients: 0, data: x as never }) : encodeScale(item.codec, x as never, qualified);
          out.push({ item: qualified, real: asSystem ? "System.Account" : qualified, key, value: bytesToHex(bytes), mapKey: k, layout });
        }
      } catch (e) {
        if (e instanceof ScaleError && e.shortMessage.includes("has no SCALE encoding")) {
          skipped.push({ name: qualified, keys: list.length, note: e.shortMessage });
          continue;
        }
        if (e instanceof ScaleError || e instanceof CorelabError)
          throw new RawStateError(rt.name, `${qualified} cannot be written as raw storage: ${e.shortMessage}`, {
            item: qualified,
            details: ["a runtime whose accounts are not SS58 addresses (a mock's \"1001\") has no raw state", ...e.details],
            cause: e,
          });
        throw e;
      }
      if (asSystem) mapped.push({ name: qualified, keys: out.length, note: "as System.Account (AccountInfo { nonce: 0, consumers: 0, providers: 1, sufficients: 0, data })" });
      entries.push(...out);
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries, skipped, mapped };
}

/**
 * The runtime's committed state as raw storage: every stored key (`twox128(pallet) ++
 * twox128(item) ++ hashed map key`) and its SCALE value, sorted by key (see the module doc for
 * `Balances.Account` and for what is skipped). Throws a `RawStateError` when a value or key has no
 * raw form for another reason (an account that is not an SS58 address).
 */
export function exportRawState(rt: Runtime, opts: RawExportOptions = {}): RawExport {
  const { entries, skipped, mapped } = exportEntries(rt, opts);
  return { entries: entries.map((e) => [e.key, e.value] as const), skipped, mapped };
}

/** The map key in polkadot-js' JSON form (what chopsticks hands to `StorageKey`). */
function polkadotJson(codec: Codec<unknown>, v: unknown): unknown {
  if (Object.hasOwn(codec, "fields")) {
    const fields = (codec as unknown as { fields: Record<string, Codec<unknown>> }).fields;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(fields)) out[k] = polkadotJson(fields[k]!, (v as Record<string, unknown>)[k]);
    return out;
  }
  if (Object.hasOwn(codec, "variants")) {
    const variants = (codec as unknown as { variants: Record<string, Codec<unknown> | null> }).variants;
    const e = v as { type: string; value?: unknown };
    const data = variants[e.type];
    return data ? { [e.type]: polkadotJson(data, e.value) } : e.type;
  }
  if (Object.hasOwn(codec, "items")) {
    const items = (codec as unknown as { items: Array<Codec<unknown>> }).items;
    return items.map((c, i) => polkadotJson(c, (v as unknown[])[i]));
  }
  return codec.toJson(v as never);
}

/** A runtime's state in chopsticks' `import-storage` form. */
export interface ChopsticksExport {
  /**
   * `{ Pallet: { $removePrefix: [MapItem…], Item: "0x<value>", MapItem: [[[key…], "0x<value>"], …] } }`:
   * pallets and items sorted by name, map entries by raw key; keys in polkadot-js' JSON form,
   * values as their SCALE bytes (chopsticks stores a `0x` value as it is). `$removePrefix` first
   * empties each map written, so that the map is the runtime's entries exactly.
   */
  readonly storage: Record<string, Record<string, unknown>>;
  /** Items left out: no SCALE form, or a pallet no real chain Corelab knows has (chopsticks would refuse the file). */
  readonly skipped: readonly RawStateGroup[];
  readonly mapped: readonly RawStateGroup[];
  /** Keys written. */
  readonly keys: number;
}

/**
 * The runtime's committed state in chopsticks' `import-storage` form (see `ChopsticksExport`), to
 * load into chopsticks on the real runtime. Pallets not in `KNOWN_CHAIN_STORAGE` (Corelab's
 * own and mock pallets: `TestCoretime`) are skipped and listed. Same errors as `exportRawState`.
 */
export function exportChopsticksStorage(rt: Runtime, opts: RawExportOptions = {}): ChopsticksExport {
  const { entries, skipped, mapped } = exportEntries(rt, opts);
  const byReal = new Map<string, ExportEntry[]>();
  const notReal = new Map<string, number>();
  for (const e of entries) {
    const pallet = e.real.split(".")[0]!;
    if (!Object.hasOwn(KNOWN_CHAIN_STORAGE, pallet)) {
      notReal.set(e.item, (notReal.get(e.item) ?? 0) + 1);
      continue;
    }
    const list = byReal.get(e.real);
    if (list === undefined) byReal.set(e.real, [e]);
    else list.push(e);
  }
  const storage: Record<string, Record<string, unknown>> = {};
  let keys = 0;
  for (const real of [...byReal.keys()].sort()) {
    const list = byReal.get(real)!;
    const [pallet, name] = real.split(".") as [string, string];
    const section = (storage[pallet] ??= {});
    const layout = list[0]!.layout;
    keys += list.length;
    if (layout.keyCodec === undefined) {
      section[name] = list[0]!.value;
      continue;
    }
    ((section.$removePrefix ??= []) as string[]).push(name);
    const hashers = layout.hashers!;
    const parts = hashers.length === 1 ? [layout.keyCodec] : (layout.keyCodec as unknown as { items: Array<Codec<unknown>> }).items;
    section[name] = list.map((e) => [hashers.length === 1 ? [polkadotJson(parts[0]!, e.mapKey)] : parts.map((c, i) => polkadotJson(c, (e.mapKey as unknown[])[i])), e.value]);
  }
  // `$removePrefix` first in each pallet (chopsticks applies a pallet's keys in order)
  for (const pallet of Object.keys(storage)) {
    const s = storage[pallet]!;
    if (s.$removePrefix === undefined) continue;
    const { $removePrefix, ...rest } = s;
    storage[pallet] = { $removePrefix, ...rest };
  }
  const notRealGroups = [...notReal].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, n]) => ({ name, keys: n, note: "no pallet of that name on the real chains (chopsticks would refuse the file)" }));
  return { storage, skipped: [...skipped, ...notRealGroups], mapped, keys };
}

/** The summary of a raw load as lines for people (`corelab replay`, `corelab state`). */
export function formatRawStateSummary(s: RawStateSummary): string[] {
  const sum = (gs: readonly RawStateGroup[]): number => gs.reduce((n, g) => n + g.keys, 0);
  const list = (gs: readonly RawStateGroup[], withNote: boolean): string =>
    gs.map((g) => `${g.name} ${g.keys}${withNote && g.note ? ` (${g.note})` : ""}`).join(", ");
  const out = [`${s.source}: ${s.keys} keys`];
  out.push(`  decoded     ${sum(s.decoded)} into ${s.decoded.length} items: ${list(s.decoded, true) || "none"}`);
  if (s.notHeld.length) out.push(`  not held    ${sum(s.notHeld)} decoded, not kept by Corelab: ${list(s.notHeld, false)}`);
  if (s.wellKnown.length) out.push(`  well-known  ${s.wellKnown.length}: ${s.wellKnown.map((g) => `${g.name} (${g.note})`).join(", ")}`);
  out.push(`  unknown     ${sum(s.unknown)} under ${s.unknown.length} prefixes${s.unknown.length ? `: ${list(s.unknown, false)}` : ""}`);
  if (s.ignored?.length) out.push(`  ignored     ${sum(s.ignored)} deletions (a fresh state has nothing to delete): ${list(s.ignored, false)}`);
  return out;
}
