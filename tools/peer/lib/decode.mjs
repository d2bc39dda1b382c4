// Decodes the real runtime's raw Broker storage and System.Events with papi's dynamic codecs (built
// from the runtime's own V15 metadata), and normalises the values to the JSON shapes of Corelab's
// codecs (`toJson`): enums `{ type, value }` (no `value` for a unit variant), integers past u32 as
// decimal strings, `None` as null, byte arrays as 0x hex, accounts as SS58 with prefix 42.
import { decAnyMetadata, unifyMetadata } from "@polkadot-api/substrate-bindings";
import { getDynamicBuilder, getLookupFn } from "@polkadot-api/metadata-builders";
import { decodeAddress, encodeAddress, xxhashAsHex } from "@polkadot/util-crypto";

/** Corelab's shapes for a papi-decoded value. */
export function normalise(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") {
    // papi decodes AccountId32 as SS58 (the chain's prefix 0); Corelab writes prefix 42
    if (/^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(v)) {
      try {
        return encodeAddress(decodeAddress(v), 42);
      } catch {
        return v;
      }
    }
    return v;
  }
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString("hex")}`;
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === "object") {
    if (typeof v.type === "string" && Object.keys(v).every((k) => k === "type" || k === "value")) {
      return v.value === undefined ? { type: v.type } : { type: v.type, value: normalise(v.value) };
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  }
  return String(v);
}

export class RealDecoder {
  constructor(metadataBytes) {
    this.metadata = unifyMetadata(decAnyMetadata(metadataBytes));
    this.builder = getDynamicBuilder(getLookupFn(this.metadata));
    this.broker = this.metadata.pallets.find((p) => p.name === "Broker");
    const brokerPrefix = xxhashAsHex("Broker", 128);
    this.items = new Map();
    for (const e of this.broker.storage.items) {
      const prefix = brokerPrefix + xxhashAsHex(e.name, 128).slice(2);
      this.items.set(prefix, { name: e.name, kind: e.type.tag === "plain" ? "value" : "map", codec: this.builder.buildStorage("Broker", e.name) });
    }
    this.events = this.builder.buildStorage("System", "Events").value;
    this.palletsByIndex = new Map(this.metadata.pallets.map((p) => [p.index, p]));
  }

  /**
   * Raw Broker storage (`{ key: value }`) to `{ storage, unknown }`: `storage` in Corelab's layout
   * (`{ Item: value }`, `{ Item: [[key, value], …] }` sorted as the raw keys), `unknown` the keys no
   * metadata item covers (`:__STORAGE_VERSION__:`).
   */
  storage(raw) {
    const storage = {};
    const unknown = {};
    for (const key of Object.keys(raw).sort()) {
      const item = this.items.get(key.slice(0, 66));
      if (!item) {
        unknown[key] = raw[key];
        continue;
      }
      const value = normalise(item.codec.value.dec(raw[key]));
      if (item.kind === "value") storage[item.name] = value;
      else {
        const args = item.codec.keys.dec(key);
        (storage[item.name] ??= []).push([normalise(args.length === 1 ? args[0] : args), value]);
      }
    }
    return { storage, unknown };
  }

  /** System.Events (raw) as papi values. */
  decodeEvents(raw) {
    return raw ? this.events.dec(raw) : [];
  }

  /** A DispatchError (papi value) as Corelab's error name: `Broker.Overpriced`, `BadOrigin`, `System.CallFiltered`. */
  errorName(err) {
    if (err.type !== "Module") return err.value?.type ? `${err.type}.${err.value.type}` : err.type;
    const m = err.value;
    if (typeof m.type === "string") return `${m.type}.${m.value?.type}`; // already resolved by papi
    const pallet = this.palletsByIndex.get(m.index);
    const idx = typeof m.error === "string" ? parseInt(m.error.slice(2, 4), 16) : m.error[0];
    const errType = pallet?.errors?.type;
    const def = errType !== undefined ? this.metadata.lookup[errType] : undefined;
    const variant = def?.def?.tag === "variant" ? def.def.value.find((v) => v.index === idx) : undefined;
    return `${pallet?.name ?? m.index}.${variant?.name ?? idx}`;
  }
}
