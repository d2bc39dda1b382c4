/**
 * SCALE (parity-scale-codec) encoding of Corelab's values, the bytes the Rust runtime stores and
 * sends. Every codec of `t` carries a `scale` codec (`Codec.scale`) built from polkadot-api's
 * `@polkadot-api/substrate-bindings` (scale-ts underneath): `scale.enc(value)` gives the bytes of
 * an in-memory value, `scale.dec(bytes)` reads one back. Composite codecs compose their parts'
 * `scale` codecs, so a struct declared with `t.struct` encodes exactly as the Rust struct with the
 * same fields in the same order.
 *
 * This module holds what sits around those codecs: `encodeScale` / `decodeScale` (checked, whole
 * input, canonical), hex helpers, codecs for string enums and for types without an encoding.
 *
 * Nothing here is on the block-execution path: storage keeps in-memory values, and encoding
 * happens only where bytes are asked for (exports, real storage keys, metadata).
 */
import { Binary, Bytes, createCodec, createDecoder, enhanceCodec, u8, type Codec as PapiCodec } from "@polkadot-api/substrate-bindings";
import type { Codec } from "./codec.ts";
import { ScaleError } from "./errors.ts";

/**
 * A SCALE codec as polkadot-api (scale-ts) shapes it: `enc(value)` returns the encoded bytes;
 * `dec(bytes)` reads one value from the start of `bytes` (trailing bytes are not looked at: use
 * `decodeScale` to read a whole input). Every papi / scale-ts codec is one (they are also
 * `[encoder, decoder]` pairs, which papi's composite codecs take apart; `toPapiCodec` gives that
 * shape to a plain `{ enc, dec }`). Declared with methods so that a `Codec<number>` is still a
 * `Codec<unknown>`.
 */
export interface ScaleCodec<T> {
  enc(value: T): Uint8Array;
  dec(bytes: Uint8Array | ArrayBuffer | string): T;
}

/**
 * `codec` as a papi codec (`[encoder, decoder] & { enc, dec }`), the shape papi's `Struct`,
 * `Tuple`, `Vector`, `Option` and `Variant` take: the codec itself when it already is one.
 */
export function toPapiCodec<T>(codec: ScaleCodec<T>): PapiCodec<T> {
  if (Array.isArray(codec)) return codec as unknown as PapiCodec<T>;
  return createCodec<T>(
    (v) => codec.enc(v),
    (b) => codec.dec(b),
  );
}

/**
 * What a SCALE codec built by this module's helpers encodes, for the type registry of metadata
 * (`shapeOf` in codec.ts reads it for a custom codec that declares no `shape`): raw bytes
 * (`[u8; N]`, or `Vec<u8>` without `len`), a `PalletId`, a fieldless enum, another codec seen
 * through a conversion (`mapped`: the same bytes as `base`), or no encoding at all.
 */
export type ScaleHint =
  | { readonly kind: "bytes"; readonly len?: number }
  | { readonly kind: "palletId" }
  | { readonly kind: "stringEnum"; readonly variants: readonly string[]; readonly indices: readonly number[] }
  | { readonly kind: "mapped"; readonly base: ScaleCodec<unknown> }
  | { readonly kind: "none"; readonly reason: string };

const hints = new WeakMap<object, ScaleHint>();

/** The `ScaleHint` of a codec built by this module's helpers (`bytesScale`, `palletIdScale`, `stringEnumScale`, `mappedScale`, `noScale`), if it is one. */
export function scaleHintOf(codec: ScaleCodec<unknown>): ScaleHint | undefined {
  return hints.get(codec);
}

function hinted<C extends object>(codec: C, hint: ScaleHint): C {
  hints.set(codec, hint);
  return codec;
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;

/** Lowercase `0x` hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  return Binary.toHex(bytes);
}

/** The bytes of `0x`-prefixed hex (an even number of digits); throws a `ScaleError` for anything else. */
export function hexToBytes(hex: string, what = "bytes"): Uint8Array {
  if (!HEX.test(hex)) throw new ScaleError(what, `not 0x-prefixed hex with an even number of digits: ${short(hex)}`);
  return Binary.fromHex(hex);
}

function short(s: string): string {
  return s.length > 74 ? `${s.slice(0, 66)}…(${(s.length - 2) / 2} bytes)` : s;
}

/**
 * The bytes as a fresh array that starts its buffer: scale-ts decoders read from the start of a
 * `Uint8Array`'s buffer, so a subarray must be copied first.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

function equalBytes(a: Uint8Array, b: Uint8Array, n = Math.max(a.length, b.length)): boolean {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The SCALE encoding of `value` as `codec`'s Rust type. Throws an `InvalidValueError` naming
 * `path` when the value does not fit the type (`Codec.check`), or a `ScaleError` when the type
 * cannot encode it (an account that is not an SS58 address, a type without an encoding).
 */
export function encodeScale<T>(codec: Codec<T>, value: T, path = "value"): Uint8Array {
  try {
    return codec.scale.enc(value);
  } catch (e) {
    // name where the value does not fit, when the codec's check can tell
    if (codec.check !== undefined) codec.check(value, path);
    if (e instanceof ScaleError) throw e;
    throw new ScaleError(codec.name, `cannot encode the value at ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** `encodeScale` as lowercase `0x` hex. */
export function encodeScaleHex<T>(codec: Codec<T>, value: T, path?: string): string {
  return bytesToHex(encodeScale(codec, value, path));
}

/**
 * Decodes a whole input (bytes or `0x` hex) as `codec`'s Rust type, strictly: every byte must be
 * used (trailing bytes are an error) and the input must be the canonical encoding of the value it
 * decodes to (as parity-scale-codec requires: a bool is 0 or 1, an `Option` tag 0 or 1, a
 * `Compact` in its shortest form). Throws a `ScaleError` naming the type and the input.
 */
export function decodeScale<T>(codec: Codec<T>, input: Uint8Array | string): T {
  const bytes = typeof input === "string" ? hexToBytes(input, codec.name) : ownBuffer(input);
  let value: T;
  try {
    value = codec.scale.dec(bytes);
  } catch (e) {
    const msg = e instanceof ScaleError ? e.shortMessage : e instanceof RangeError ? "the bytes run out" : (e as Error).message;
    throw new ScaleError(codec.name, `cannot decode ${short(bytesToHex(bytes))}: ${msg}`, { cause: e });
  }
  let again: Uint8Array;
  try {
    again = codec.scale.enc(value);
  } catch (e) {
    throw new ScaleError(codec.name, `${short(bytesToHex(bytes))} decodes to a value outside the type: ${(e as Error).message}`, { cause: e });
  }
  if (!equalBytes(again, bytes)) {
    if (again.length < bytes.length && equalBytes(again, bytes, again.length))
      throw new ScaleError(codec.name, `${bytes.length - again.length} trailing byte(s) after the value in ${short(bytesToHex(bytes))}`);
    throw new ScaleError(codec.name, `${short(bytesToHex(bytes))} is not the canonical encoding of the value it decodes to (${short(bytesToHex(again))})`);
  }
  return value;
}

/**
 * A `ScaleCodec` for a type that has no SCALE encoding of its own (`reason` says why, e.g. a
 * dispatch error needs the runtime's pallet indices): encoding or decoding throws a `ScaleError`
 * naming the type and the reason. Give it to a `t.custom` codec whose values never reach storage
 * bytes, so that a use that would is a clear error rather than wrong bytes.
 */
export function noScale<T>(name: string, reason: string): ScaleCodec<T> {
  const fail = (): never => {
    throw new ScaleError(name, `has no SCALE encoding: ${reason}`);
  };
  return hinted(createCodec<T>(fail, createDecoder<T>(fail)), { kind: "none", reason });
}

/**
 * A fieldless Rust enum whose in-memory value is the variant's name (`"KeepAlive"`): one byte, the
 * variant's index (its position in `variants`, or `indices[i]` for an explicit
 * `#[codec(index = …)]`).
 */
export function stringEnumScale<S extends string>(name: string, variants: readonly S[], indices?: readonly number[]): ScaleCodec<S> {
  const indexOf = new Map<string, number>(variants.map((v, i) => [v, indices?.[i] ?? i]));
  const nameOf = new Map<number, S>(variants.map((v, i) => [indices?.[i] ?? i, v]));
  const hint: ScaleHint = { kind: "stringEnum", variants: [...variants], indices: variants.map((_, i) => indices?.[i] ?? i) };
  return hinted(createCodec<S>(
    (v) => {
      const i = indexOf.get(v);
      if (i === undefined) throw new ScaleError(name, `unknown variant '${String(v)}' (valid: ${variants.join(", ")})`);
      return u8.enc(i);
    },
    createDecoder((bytes) => {
      const i = u8.dec(bytes);
      const v = nameOf.get(i);
      if (v === undefined) throw new ScaleError(name, `no variant has index ${i}`);
      return v;
    }),
  ), hint);
}

/**
 * `PalletId([u8; 8])` (frame-support): the 8 bytes, in memory an 8-character string of those
 * bytes as characters (`"py/broke"`). Encoding a string that is not 8 characters of codes
 * 0..255 throws a `ScaleError`.
 */
export const palletIdScale: ScaleCodec<string> = hinted(createCodec<string>(
  (v) => {
    if (typeof v !== "string" || v.length !== 8 || !/^[\x00-\xff]{8}$/.test(v)) throw new ScaleError("PalletId", `${JSON.stringify(v)} is not 8 bytes`);
    return Uint8Array.from(v, (c) => c.charCodeAt(0));
  },
  createDecoder((bytes) => String.fromCharCode(...Bytes(8).dec(bytes))),
), { kind: "palletId" });

/**
 * `[u8; n]` as raw bytes in memory (`Vec<u8>`, with a compact length first, when `n` is not
 * given): for custom codecs whose value is made of bytes (`CoreMask([u8; 10])`).
 */
export function bytesScale(n?: number): ScaleCodec<Uint8Array> {
  return hinted(Bytes(n), n === undefined ? { kind: "bytes" } : { kind: "bytes", len: n });
}

/**
 * `base` seen through a conversion: `enc(v) = base.enc(toBase(v))`, `dec(b) = fromBase(base.dec(b))`
 * (papi's `enhanceCodec`). For custom codecs whose in-memory value is another shape of a SCALE type.
 */
export function mappedScale<A, B>(base: ScaleCodec<A>, toBase: (value: B) => A, fromBase: (value: A) => B): ScaleCodec<B> {
  return hinted(enhanceCodec(toPapiCodec(base), toBase, fromBase), { kind: "mapped", base: base as ScaleCodec<unknown> });
}
