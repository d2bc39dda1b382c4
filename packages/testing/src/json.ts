/**
 * Block records as JSON, in the metadata (papi) shapes of the runtime's codecs: bigints as decimal
 * strings, enums as `{ type, value }`, `None` as `null`. Used by `corelab replay --json`.
 */
import { formatDispatchError, t, type BlockRecord, type Codec, type Json, type Runtime } from "@corelab/frame";

/** A block record as JSON. */
export interface BlockJson {
  readonly number: number;
  readonly hash: string;
  readonly parent_hash: string;
  /** `null` when the runtime's state-root policy did not compute it for this block. */
  readonly state_root: string | null;
  readonly extrinsics_root: string | null;
  readonly extrinsics: ReadonlyArray<{
    readonly index: number;
    readonly origin: Json;
    readonly call: { readonly pallet: string; readonly name: string; readonly args: Json };
    /** `{ ok: true }` or `{ ok: false, error: "Broker.Overpriced", dispatch_error: { … } }`. */
    readonly result: Json;
  }>;
  readonly events: ReadonlyArray<{ readonly phase: Json; readonly event: { readonly type: string; readonly value: { readonly type: string; readonly value: Json } } }>;
  /** The storage changes the block committed: item, map key (absent for a value item), value before and after (`null`: absent). */
  readonly changes: ReadonlyArray<{ readonly item: string; readonly key?: Json; readonly old: Json; readonly new: Json }>;
}

/** Converts any in-memory value to JSON without codecs (bigints as strings, undefined as null). */
export function plainJson(v: unknown): Json {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(plainJson);
  if (typeof v === "object") {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainJson(x);
    return out;
  }
  return String(v);
}

/** Converts block records of one runtime to JSON, caching the argument codecs of its calls. */
export class BlockJsonEncoder {
  private readonly argCodecs = new Map<string, Codec<Record<string, unknown>> | null>();

  constructor(private readonly runtime: Runtime) {}

  /** The JSON of one block record. */
  encode(b: BlockRecord): BlockJson {
    return {
      number: b.number,
      hash: b.hash,
      parent_hash: b.parent_hash,
      state_root: b.state_root,
      extrinsics_root: b.extrinsics_root,
      extrinsics: b.extrinsics.map((x) => ({
        index: x.index,
        origin: plainJson(x.origin),
        call: { pallet: x.call.pallet, name: x.call.name, args: this.args(x.call.pallet, x.call.name, x.call.args) },
        result: (x.result.ok ? { ok: true } : { ok: false, error: formatDispatchError(x.result.error), dispatch_error: plainJson(x.result.error) }) as Json,
      })),
      events: b.events.map((e) => ({
        phase: plainJson(e.phase),
        event: { type: e.event.type, value: { type: e.event.value.type, value: this.eventFields(e.event.type, e.event.value.type, e.event.value.value) } },
      })),
      changes: b.changes.map((c) => {
        const item = this.runtime.storageItem(c.pallet, c.item);
        const value = (v: unknown): Json => (v === undefined ? null : safeValue(item.codec, v));
        const out = { item: `${c.pallet}.${c.item}`, old: value(c.old), new: value(c.new) };
        return item.kind === "map" ? { item: out.item, key: safeValue(item.keyCodec, c.key), old: out.old, new: out.new } : out;
      }),
    };
  }

  private args(pallet: string, name: string, args: Readonly<Record<string, unknown>>): Json {
    const id = `${pallet}.${name}`;
    let codec = this.argCodecs.get(id);
    if (codec === undefined) {
      const spec = this.runtime.pallets.get(pallet)?.pallet.calls[name];
      codec = spec ? (t.struct(id, spec.args) as unknown as Codec<Record<string, unknown>>) : null;
      this.argCodecs.set(id, codec);
    }
    return safe(codec, args);
  }

  private eventFields(pallet: string, name: string, fields: Readonly<Record<string, unknown>>): Json {
    const codec = this.runtime.pallets.get(pallet)?.pallet.events[name] as Codec<Record<string, unknown>> | undefined;
    return safe(codec ?? null, fields);
  }
}

function safeValue(codec: Codec<unknown>, v: unknown): Json {
  try {
    return codec.toJson(v);
  } catch {
    return plainJson(v); // a value that does not fit its declared codec: show it as it is
  }
}

function safe(codec: Codec<Record<string, unknown>> | null, v: Readonly<Record<string, unknown>>): Json {
  if (codec) {
    try {
      return codec.toJson(v as Record<string, unknown>);
    } catch {
      // a value that does not fit its declared codec: show it as it is
    }
  }
  return plainJson(v);
}
