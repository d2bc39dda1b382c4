/**
 * Type descriptors ("codecs") for everything a pallet declares: call arguments, storage keys and
 * values, event fields, genesis config. One descriptor gives
 *
 * - the TypeScript type (`Infer<typeof codec>`),
 * - parsing from scenario values (YAML/JSON, SCENARIO.md "Values") with errors that name the path,
 * - partial parsing for expectations (only listed struct fields),
 * - metadata-shaped JSON (`toJson`, papi's shapes: enums `{ type, value }`, bigints as strings),
 * - a canonical, sortable map key (`key`), so maps are iterated in a deterministic order,
 * - the canonical encoding hashed into the state root (the JSON text of `toJson`),
 * - the SCALE encoding of the Rust type (`scale`, see `scale.ts`): the bytes the chain stores.
 *
 * Numbers: `number` for u8/u16/u32/i32 (block numbers, timeslices, core indices), `bigint` for
 * u64/u128 and every balance, as papi maps them.
 *
 * SCALE layouts (parity-scale-codec, as polkadot-sdk's types derive `Encode`/`Decode`): integers
 * little-endian at their width; `bool` one byte 0/1; `Option<T>` a byte 0 (None, in memory
 * `undefined`) or 1 followed by `T`; `Vec<T>`/`BoundedVec<T, N>` a `Compact<u32>` length then the
 * items; tuples and structs their parts in declaration order with nothing between; enums one byte,
 * the variant's index (declaration order, or `#[codec(index)]` given as `indices`), then the
 * variant's data; `AccountId32` its 32 bytes (in memory an SS58 address); `[u8; N]` N bytes;
 * `String`/`Vec<u8>` a compact length then the bytes; `Compact<T>` SCALE's compact integer.
 */
import {
  Bytes,
  Hex,
  Option as papiOption,
  Struct as papiStruct,
  Tuple as papiTuple,
  Variant as papiVariant,
  Vector as papiVector,
  _void,
  bool as papiBool,
  compactBn,
  compactNumber,
  createCodec,
  createDecoder,
  enhanceCodec,
  getSs58AddressInfo,
  i32 as papiI32,
  str as papiStr,
  u128 as papiU128,
  u16 as papiU16,
  u32 as papiU32,
  u64 as papiU64,
  u8 as papiU8,
  type Codec as PapiCodec,
} from "@polkadot-api/substrate-bindings";
import { accountIdFromBytes } from "./accounts.ts";
import { InvalidValueError, RuntimeUsageError, ScaleError, UnknownNameError } from "./errors.ts";
import { scaleHintOf, toPapiCodec as papi, type ScaleCodec } from "./scale.ts";

/** JSON value as emitted by `toJson`. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Token of a runtime (symbol and decimals), used to read amounts like `"5 KSM"`. */
export interface TokenInfo {
  readonly symbol: string;
  readonly decimals: number;
}

/** Options and context for parsing scenario values. */
export interface ParseContext {
  /** Path inside the input, for error messages (`blocks[2].calls[0].args.price_limit`). */
  readonly path: string;
  /** Accept structs with missing fields (expectations compare only what is listed). */
  readonly partial?: boolean;
  /** The runtime's token, for amounts with a unit. */
  readonly token?: TokenInfo;
  /**
   * Resolves account names (`alice`) to account ids. Defaults to the identity. `path` is where the
   * name is (`ctx.path`), for a resolver that refuses unknown names to name it.
   */
  readonly resolveAccount?: (name: string, path: string) => string;
}

/** A scale-info primitive (`TypeDefPrimitive` in `scale-info`'s `ty.rs`, as metadata V14/V15 name them). */
export type PrimitiveType = "bool" | "char" | "str" | "u8" | "u16" | "u32" | "u64" | "u128" | "u256" | "i8" | "i16" | "i32" | "i64" | "i128" | "i256";

/** A field of a composite type or of an enum variant: its name (none in a tuple struct) and its type. */
export interface ShapeField {
  readonly name?: string;
  readonly codec: Codec<any>;
  /** The Rust type as written at the field (`Timeslice`); default: the codec's `name`. */
  readonly typeName?: string;
  readonly docs?: readonly string[];
}

/** A variant of an enum: its name, its SCALE index, its fields (none for a unit variant). */
export interface ShapeVariant {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly ShapeField[];
  readonly docs?: readonly string[];
}

/**
 * What a codec's SCALE layout is, as scale-info describes a Rust type (`TypeDef` of
 * `scale-info`, the `lookup` of metadata V14/V15; paritytech/frame-metadata): the type registry
 * of `runtime.metadata()` is built from it. The parts of a composite shape are codecs (their own
 * shapes are read in turn).
 *
 * - `primitive`: an integer, `bool`, `str` (`String`);
 * - `compact`: `Compact<T>` of an unsigned integer codec;
 * - `sequence`: `Vec<T>` / `BoundedVec<T, N>` (a compact length, then the items);
 * - `array`: `[T; len]`;
 * - `tuple`: `(A, B, …)`; `()` is the empty tuple;
 * - `composite`: a struct, fields in declaration order (named, or unnamed for a tuple struct such
 *   as `AccountId32([u8; 32])`); `path` is the Rust path (`["sp_core", "crypto", "AccountId32"]`),
 *   default the codec's name;
 * - `variant`: an enum, each variant with its index;
 * - `option`: `Option<T>` (scale-info: the enum `Option` with `None` = 0 and `Some(T)` = 1).
 */
export type TypeShape =
  | { readonly kind: "primitive"; readonly primitive: PrimitiveType }
  | { readonly kind: "compact"; readonly inner: Codec<any> }
  | { readonly kind: "sequence"; readonly item: Codec<any> }
  | { readonly kind: "array"; readonly len: number; readonly item: Codec<any> }
  | { readonly kind: "tuple"; readonly items: readonly Codec<any>[] }
  | { readonly kind: "composite"; readonly path?: readonly string[]; readonly fields: readonly ShapeField[]; readonly docs?: readonly string[] }
  | { readonly kind: "variant"; readonly path?: readonly string[]; readonly variants: readonly ShapeVariant[]; readonly docs?: readonly string[] }
  | { readonly kind: "option"; readonly inner: Codec<any> };

/** A type descriptor. `T` is the in-memory (TypeScript) type. */
export interface Codec<T> {
  /** Type name as in metadata (`u32`, `RegionId`, `Option<Balance>`). */
  readonly name: string;
  /** Parse a scenario value. Throws `InvalidValueError` naming `ctx.path`. */
  parse(input: unknown, ctx: ParseContext): T;
  /**
   * Checks an in-memory value (one built in code, e.g. a call's arguments given to `Pallet.call`)
   * against the type, as `parse` checks scenario values: its shape and its range (a negative
   * u128, a u32 past 2^32-1, a missing struct field). Throws an `InvalidValueError` naming `path`
   * and what was expected. Cheap (no allocation when the value fits), so it can run on every call.
   * Every codec of `t` has it; a custom codec without it is not checked (its values are trusted).
   * Struct fields not declared are not looked at.
   */
  check?(value: unknown, path: string): void;
  /** Metadata-shaped JSON. */
  toJson(value: T): Json;
  /** Canonical map key; lexicographic order of keys is the natural order of the values for numbers. */
  key(value: T): string;
  /**
   * Optional fast path: exactly `JSON.stringify(this.toJson(value))`, built without the
   * intermediate JSON value (the state root hashes this text on every change of a value).
   */
  jsonText?(value: T): string;
  /**
   * The SCALE codec of the Rust type (polkadot-api's shape: `scale.enc(value)` → bytes,
   * `scale.dec(bytes)` → value). Required: every codec has the exact layout of its Rust type, or
   * (for a type with no on-chain form) a codec that throws a `ScaleError` saying why (`noScale`).
   * Built lazily by composite codecs, on first use. Its encoder assumes a value that passes
   * `check` (it throws on most values that do not); use `encodeScale` / `decodeScale` (scale.ts)
   * for checked, whole-input, canonical encoding and decoding.
   */
  readonly scale: ScaleCodec<T>;
  /**
   * The shape of the SCALE layout (`TypeShape`), for metadata's type registry. Every codec of `t`
   * has one (an alias has its inner codec's: a Rust type alias is not a type of its own); a custom
   * codec may declare one, else `shapeOf` infers it from a `scale` built with scale.ts's helpers.
   */
  readonly shape?: TypeShape;
  /** Phantom field carrying the type. */
  readonly __type?: T;
}

/** The TypeScript type of a codec. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

/** A struct's field codecs. */
export type Fields = Record<string, Codec<any>>;
/** The TypeScript type of a struct with these fields. */
export type InferFields<F extends Fields> = { [K in keyof F]: Infer<F[K]> };

const at = (ctx: ParseContext, seg: string | number): ParseContext => ({
  ...ctx,
  path: typeof seg === "number" ? `${ctx.path}[${seg}]` : ctx.path ? `${ctx.path}.${seg}` : seg,
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks an in-memory value against `codec` (`Codec.check`), when the codec has a check (custom
 * codecs may not: their values are trusted). Throws an `InvalidValueError` naming `path`.
 */
export function checkValue<T>(codec: Codec<T>, value: unknown, path: string): asserts value is T {
  if (codec.check !== undefined) codec.check(value, path);
}

function checkWith(codec: Codec<unknown>, value: unknown, path: string): void {
  if (codec.check !== undefined) codec.check(value, path);
}

/**
 * Checks a part of a composite value (`seg`: an index or a field name) without building its path
 * while values fit: first with the parent's path, and only when that throws, again with the
 * part's own path, which throws the error naming where the value is (calls with lists of structs
 * are checked hundreds of thousands of times in a run).
 */
function checkPart(codec: Codec<unknown>, value: unknown, path: string, seg: string | number): void {
  if (codec.check === undefined) return;
  try {
    codec.check(value, path);
  } catch (first) {
    codec.check(value, typeof seg === "number" ? `${path}[${seg}]` : `${path}.${seg}`);
    throw first;
  }
}

// ------------------------------------------------------------------------------------------------
// SCALE helpers

/**
 * `base` with an encoder that first checks the value (`check` with the type's name as the path):
 * scale-ts's fixed-width encoders would otherwise wrap an out-of-range number silently.
 */
function checkedScale<T>(base: ScaleCodec<T>, name: string, check: (value: unknown, path: string) => void): ScaleCodec<T> {
  const enc = base.enc;
  // Integers recur (0, an existential deposit, a flag word, a price), and scale-ts encodes each
  // into a fresh typed array whose `.buffer` it reads, which costs about 1 µs on Node 20 (V8 moves
  // a small array's bytes off the heap): each type remembers its last encodings and hands out
  // copies, so a caller may keep or change the bytes it gets.
  const memo = new Map<T, Uint8Array>();
  const encodeShared = (v: T): Uint8Array => {
    let bytes = memo.get(v);
    if (bytes === undefined) {
      check(v, name);
      bytes = enc(v);
      if (memo.size >= INT_MEMO) memo.clear();
      memo.set(v, bytes);
    }
    return bytes;
  };
  const codec = createCodec<T>((v) => encodeShared(v).slice(), base.dec);
  sharedEncoders.set(codec, createCodec<T>(encodeShared, base.dec) as PapiCodec<unknown>);
  return codec;
}

/**
 * The codecs of `checkedScale` with an encoder that hands out the remembered bytes themselves, not
 * a copy: for the parts of a composite (`part`).
 */
const sharedEncoders = new WeakMap<object, PapiCodec<unknown>>();

/**
 * `scale` as the part of a composite codec (a struct's field, a tuple's element, a vector's item,
 * an option's value): papi's `Struct`, `Tuple`, `Vector` and `Option` encoders (scale-ts) only
 * read their parts' bytes, copying them into one new array, so a part that remembers its
 * encodings need not copy them first.
 */
function part<T>(scale: ScaleCodec<T>): PapiCodec<T> {
  return (sharedEncoders.get(scale) as PapiCodec<T> | undefined) ?? papi(scale);
}

/** How many encodings of each integer type `checkedScale` remembers (then it starts again). */
const INT_MEMO = 4096;

/** A SCALE codec built on first use (composite codecs are declared at import; most are never encoded). */
function lazyScale<T>(build: () => ScaleCodec<T>): () => ScaleCodec<T> {
  let built: ScaleCodec<T> | undefined;
  return () => (built ??= build());
}

/** `base` whose decoder checks what it read with `check` (Rust's decoding fails on it too). */
function checkedDecode<T>(base: ScaleCodec<T>, name: string, check: (value: T) => string | undefined): ScaleCodec<T> {
  const dec = base.dec;
  return createCodec<T>(
    base.enc,
    createDecoder((bytes) => {
      const v = dec(bytes);
      const problem = check(v);
      if (problem !== undefined) throw new ScaleError(name, problem);
      return v;
    }),
  );
}

// ------------------------------------------------------------------------------------------------
// integers

function parseBigInt(input: unknown, ctx: ParseContext, expected: string): bigint {
  if (typeof input === "bigint") return input;
  if (typeof input === "number") {
    if (!Number.isInteger(input)) throw new InvalidValueError(ctx.path, expected, input, "not an integer");
    if (!Number.isSafeInteger(input))
      throw new InvalidValueError(ctx.path, expected, input, "past 2^53: write it as a decimal string");
    return BigInt(input);
  }
  if (typeof input === "string") {
    const s = input.trim().replace(/_/g, "");
    if (/^-?\d+$/.test(s)) return BigInt(s);
    if (/^0x[0-9a-fA-F]+$/.test(s)) return BigInt(s);
  }
  throw new InvalidValueError(ctx.path, expected, input);
}

function uint(name: string, bits: 8 | 16 | 32): Codec<number> {
  const max = 2 ** bits - 1;
  const width = Math.ceil(bits / 4);
  const expected = `${name} (0..${max})`;
  const check = (value: unknown, path: string): void => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max)
      throw new InvalidValueError(path, `${name} (an integer number 0..${max})`, value, typeof value === "number" && Number.isInteger(value) ? "out of range" : undefined);
  };
  return {
    name,
    parse(input, ctx) {
      const v = parseBigInt(input, ctx, expected);
      if (v < 0n || v > BigInt(max)) throw new InvalidValueError(ctx.path, expected, input, "out of range");
      return Number(v);
    },
    check,
    toJson: (v) => v,
    key: (v) => v.toString(16).padStart(width, "0"),
    scale: checkedScale(bits === 8 ? papiU8 : bits === 16 ? papiU16 : papiU32, name, check),
    shape: { kind: "primitive", primitive: bits === 8 ? "u8" : bits === 16 ? "u16" : "u32" },
  };
}

function bigUint(name: string, bits: 64 | 128, opts: { unit?: boolean } = {}): Codec<bigint> {
  const max = (1n << BigInt(bits)) - 1n;
  const width = bits / 4;
  const expected = `${name} (0..2^${bits}-1${opts.unit ? ", or an amount like \"5 KSM\"" : ""})`;
  const check = (value: unknown, path: string): void => {
    if (typeof value !== "bigint" || value < 0n || value > max)
      throw new InvalidValueError(path, `${name} (a bigint 0..2^${bits}-1)`, value, typeof value === "bigint" ? "out of range" : undefined);
  };
  return {
    name,
    parse(input, ctx) {
      let v: bigint;
      if (opts.unit && typeof input === "string" && /[a-zA-Z]/.test(input) && !/^0x/i.test(input.trim())) {
        v = parseAmount(input, ctx, expected);
      } else v = parseBigInt(input, ctx, expected);
      if (v < 0n || v > max) throw new InvalidValueError(ctx.path, expected, input, "out of range");
      return v;
    },
    check,
    toJson: (v) => v.toString(),
    key: (v) => v.toString(16).padStart(width, "0"),
    jsonText: bigintJsonText,
    scale: checkedScale(bits === 64 ? papiU64 : papiU128, name, check),
    shape: { kind: "primitive", primitive: bits === 64 ? "u64" : "u128" },
  };
}

// The JSON text of a bigint's decimal string; 0 (most stored balances of a rotating history) is
// the common value.
function bigintJsonText(v: bigint): string {
  return v === 0n ? '"0"' : `"${v}"`;
}

/** Reads `"5 KSM"` / `"0.1 DOT"` exactly with the runtime token's decimals. */
export function parseAmount(input: string, ctx: ParseContext, expected = "an amount"): bigint {
  const m = /^\s*(\d+(?:_\d+)*)(?:\.(\d+))?\s*([A-Za-z]+)\s*$/.exec(input);
  if (!m) throw new InvalidValueError(ctx.path, expected, input);
  const [, whole, frac = "", unit] = m;
  const token = ctx.token;
  if (!token) throw new InvalidValueError(ctx.path, expected, input, "this runtime has no token to read units with");
  if (unit !== token.symbol)
    throw new InvalidValueError(ctx.path, expected, input, `this runtime's token is ${token.symbol}`);
  // trailing zeros past the token's decimals are exact ("1.0000000000000 KSM"); other digits are not
  const digits = frac.replace(/0+$/, "");
  if (digits.length > token.decimals)
    throw new InvalidValueError(
      ctx.path,
      expected,
      input,
      `finer than one planck: ${token.symbol} has ${token.decimals} decimals`,
    );
  return BigInt(whole!.replace(/_/g, "")) * 10n ** BigInt(token.decimals) + BigInt(digits.padEnd(token.decimals, "0") || "0");
}

/** Formats planck as a decimal amount of the token (`"5 KSM"`, `"0.000776775851 KSM"`). */
export function formatAmount(planck: bigint, token: TokenInfo): string {
  const neg = planck < 0n;
  const v = neg ? -planck : planck;
  const unit = 10n ** BigInt(token.decimals);
  const whole = v / unit;
  const frac = (v % unit).toString().padStart(token.decimals, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""} ${token.symbol}`;
}

const checkI32 = (value: unknown, path: string): void => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new InvalidValueError(path, `i32 (an integer number -2^31..2^31-1)`, value, typeof value === "number" && Number.isInteger(value) ? "out of range" : undefined);
};

const i32: Codec<number> = {
  name: "i32",
  parse(input, ctx) {
    const v = parseBigInt(input, ctx, "i32");
    if (v < -(2n ** 31n) || v >= 2n ** 31n) throw new InvalidValueError(ctx.path, "i32", input, "out of range");
    return Number(v);
  },
  check: checkI32,
  toJson: (v) => v,
  // offset so that lexicographic order is numeric order
  key: (v) => (v + 2 ** 31).toString(16).padStart(8, "0"),
  scale: checkedScale(papiI32, "i32", checkI32),
  shape: { kind: "primitive", primitive: "i32" },
};

const checkBool = (value: unknown, path: string): void => {
  if (typeof value !== "boolean") throw new InvalidValueError(path, "bool (true or false)", value);
};

const bool: Codec<boolean> = {
  name: "bool",
  parse(input, ctx) {
    if (typeof input === "boolean") return input;
    throw new InvalidValueError(ctx.path, "bool (true or false)", input);
  },
  check: checkBool,
  toJson: (v) => v,
  key: (v) => (v ? "1" : "0"),
  // decoding a byte other than 0 or 1 is caught by `decodeScale` (not canonical)
  scale: checkedScale(papiBool, "bool", checkBool),
  shape: { kind: "primitive", primitive: "bool" },
};

const checkStr = (value: unknown, path: string): void => {
  if (typeof value !== "string") throw new InvalidValueError(path, "a string", value);
};

const str: Codec<string> = {
  name: "String",
  parse(input, ctx) {
    if (typeof input === "string") return input;
    if (typeof input === "number") return String(input);
    throw new InvalidValueError(ctx.path, "a string", input);
  },
  check: checkStr,
  toJson: (v) => v,
  key: (v) => escapeKey(v),
  // Rust `String` / `Vec<u8>` of UTF-8: a compact length, then the bytes
  scale: checkedScale(papiStr, "String", checkStr),
  shape: { kind: "primitive", primitive: "str" },
};

/**
 * `AccountId32` as SCALE has it: the 32 bytes of the public key. In memory an account is its SS58
 * address (any network prefix is read; decoding gives prefix 42, Corelab's form, as `devAccount`
 * and `palletAccountId` give). An account that is not an SS58 address (a mock's `"1001"`, a
 * simulation's `"para:1001"`) has no 32 bytes: encoding it throws a `ScaleError` saying so.
 */
const accountId32Scale: ScaleCodec<string> = (() => {
  return createCodec<string>((v) => {
    if (typeof v !== "string" || v.length === 0) throw new InvalidValueError("AccountId", "an account id (a non-empty string)", v);
    const bytes = accountEncoding(v);
    if (bytes === null)
      throw new ScaleError("AccountId32", `account '${v}' is not an SS58 address of 32 bytes, so it has no on-chain encoding`, {
        details: ["Name accounts by dev name (alice) or SS58 address to store them under real keys; mock ids like \"1001\" stand for a Rust mock's u64 AccountId."],
      });
    return bytes.slice();
  }, createDecoder((bytes) => {
    const raw = accountBytes.dec(bytes);
    if (raw.length !== 32) throw new ScaleError("AccountId32", "the bytes run out (32 expected)");
    return accountIdFromBytes(raw);
  }));
})();

/**
 * An SS58 decode checks a blake2-512 checksum: tens of µs. Storage keys and the state root encode
 * the same accounts again and again, so the answer (the 32 bytes, or `null`: none) is remembered
 * for the last `ACCOUNT_MEMO` accounts or so.
 */
const accountMemo = new Map<string, Uint8Array | null>();
function accountEncoding(v: string): Uint8Array | null {
  // an SS58 address of 32 bytes is 46 to 50 base58 characters (1- or 2-byte prefix, 32 bytes, 2 of
  // checksum): anything else is answered at once, without a lookup (a mock's "1001", a `0x…` id)
  if (v.length < 46 || v.length > 50) return null;
  let bytes = accountMemo.get(v);
  if (bytes === undefined) {
    const info = BASE58.test(v) ? getSs58AddressInfo(v) : undefined;
    // the address's public key is its AccountId32 encoding (what papi's `AccountId.enc` returns, decoding again)
    bytes = info !== undefined && info.isValid && info.publicKey.length === 32 ? info.publicKey : null;
    if (accountMemo.size >= ACCOUNT_MEMO) accountMemo.clear();
    accountMemo.set(v, bytes);
  }
  return bytes;
}

/**
 * The SCALE encoding of an account id (its 32 bytes), or `undefined` when it has none (not an SS58
 * address: a mock's `"1001"`): the same answer as `t.accountId.scale.enc`, without an exception.
 * The caller must not change the bytes. @internal
 */
export function accountScaleOrUndefined(v: unknown): Uint8Array | undefined {
  if (typeof v !== "string" || v.length === 0) return undefined;
  return accountEncoding(v) ?? undefined;
}

/** Whether `scale` is the account id's SCALE codec (`t.accountId` and its aliases share it). @internal */
export function isAccountScale(scale: unknown): boolean {
  return scale === accountId32Scale;
}
const accountBytes = Bytes(32);
/** The base58 alphabet: a string with any other character is not an SS58 address (checked before decoding). */
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;
/** How many accounts' encodings `accountId32Scale` remembers (then it starts again). */
const ACCOUNT_MEMO = 1 << 16;

/** Account ids are strings; well-known dev names are resolved by `ctx.resolveAccount`. */
const accountId: Codec<string> = {
  name: "AccountId",
  parse(input, ctx) {
    if (typeof input === "number" && Number.isSafeInteger(input) && input >= 0) input = String(input);
    if (typeof input !== "string" || input.length === 0) throw new InvalidValueError(ctx.path, "an account (alice, \"1001\", an SS58 address)", input);
    return ctx.resolveAccount ? ctx.resolveAccount(input, ctx.path) : input;
  },
  check(value, path) {
    if (typeof value !== "string" || value.length === 0) throw new InvalidValueError(path, "an account id (a non-empty string)", value);
  },
  toJson: (v) => v,
  key: (v) => escapeKey(v),
  scale: accountId32Scale,
  // `sp_core::crypto::AccountId32([u8; 32])`, as scale-info has it (papi's metadata builders
  // recognise it by this path and decode it as an SS58 address)
  get shape(): TypeShape {
    return { kind: "composite", path: ["sp_core", "crypto", "AccountId32"], fields: [{ codec: hexBytes(32), typeName: "[u8; 32]" }] };
  },
};

const NEEDS_ESCAPE = /[%/|]/;

function escapeKey(s: string): string {
  // most keys (account ids) need no escape: a regex test costs less than a replace with a callback
  return NEEDS_ESCAPE.test(s) ? s.replace(/[%/|]/g, (x) => `%${x.charCodeAt(0).toString(16)}`) : s;
}

/** Lowercase `0x` hex byte string, optionally of a fixed byte length. */
function hexBytes(len?: number): Codec<string> {
  const name = len === undefined ? "Bytes" : `[u8; ${len}]`;
  const expected = len === undefined ? "0x-prefixed hex bytes" : `0x-prefixed hex of ${len} bytes`;
  const check = (value: unknown, path: string): void => {
    if (typeof value !== "string" || !/^0x([0-9a-f]{2})*$/.test(value) || (len !== undefined && value.length !== 2 + 2 * len))
      throw new InvalidValueError(path, `${expected}, lowercase`, value);
  };
  return {
    name,
    parse(input, ctx) {
      if (typeof input !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(input)) throw new InvalidValueError(ctx.path, expected, input);
      if (len !== undefined && input.length !== 2 + 2 * len) throw new InvalidValueError(ctx.path, expected, input);
      return input.toLowerCase();
    },
    check,
    toJson: (v) => v,
    key: (v) => v.slice(2),
    // `[u8; N]`: the N bytes; `Vec<u8>` (Bytes): a compact length, then the bytes
    scale: checkedScale(Hex(len), name, check),
    get shape(): TypeShape {
      return len === undefined ? { kind: "sequence", item: u8 } : { kind: "array", len, item: u8 };
    },
  };
}

// ------------------------------------------------------------------------------------------------
// composites

function option<T>(inner: Codec<T>): Codec<T | undefined> {
  // None is `undefined` in memory (`null` is read as None too, as `check` and `parse` take it)
  const scale = lazyScale(() => {
    const base = papiOption(part(inner.scale));
    const enc = base.enc;
    return createCodec<T | undefined>((v) => enc(v === null ? undefined : v), base.dec);
  });
  return {
    name: `Option<${inner.name}>`,
    parse(input, ctx) {
      if (input === null || input === undefined) return undefined;
      return inner.parse(input, ctx);
    },
    check(value, path) {
      if (value !== undefined && value !== null && inner.check !== undefined) inner.check(value, path);
    },
    toJson: (v) => (v === undefined ? null : inner.toJson(v)),
    key: (v) => (v === undefined ? "0" : `1${inner.key(v)}`),
    get scale() {
      return scale();
    },
    shape: { kind: "option", inner },
  };
}

function vec<T>(inner: Codec<T>, opts: { max?: number; name?: string } = {}): Codec<T[]> {
  const name = opts.name ?? (opts.max === undefined ? `Vec<${inner.name}>` : `BoundedVec<${inner.name}, ${opts.max}>`);
  const max = opts.max;
  // `Vec<T>` and `BoundedVec<T, N>` encode alike (a compact length, then the items); a
  // `BoundedVec` longer than its bound does not decode, in Rust as here
  const scale = lazyScale(() => {
    const base = papiVector(part(inner.scale));
    if (max === undefined) return base;
    const enc = base.enc;
    const bounded = createCodec<T[]>((v) => {
      if (v.length > max) throw new ScaleError(name, `${v.length} items, more than the bound ${max}`);
      return enc(v);
    }, base.dec);
    return checkedDecode(bounded, name, (v) => (v.length > max ? `${v.length} items, more than the bound ${max}` : undefined));
  });
  return {
    name,
    parse(input, ctx) {
      if (!Array.isArray(input)) throw new InvalidValueError(ctx.path, `a list (${name})`, input);
      if (opts.max !== undefined && input.length > opts.max && !ctx.partial)
        throw new InvalidValueError(ctx.path, `at most ${opts.max} items`, input);
      return input.map((x, i) => inner.parse(x, at(ctx, i)));
    },
    check(value, path) {
      if (!Array.isArray(value)) throw new InvalidValueError(path, `a list (${name})`, value);
      if (opts.max !== undefined && value.length > opts.max) throw new InvalidValueError(path, `at most ${opts.max} items (${name})`, value);
      const check = inner.check;
      if (check === undefined) return;
      for (let i = 0; i < value.length; i++) {
        try {
          check.call(inner, value[i], path);
        } catch (first) {
          check.call(inner, value[i], `${path}[${i}]`);
          throw first;
        }
      }
    },
    toJson: (v) => v.map((x) => inner.toJson(x)),
    key: (v) => v.map((x) => inner.key(x)).join("|"),
    jsonText: inner.jsonText === undefined ? undefined : vecJsonText(inner.jsonText),
    get scale() {
      return scale();
    },
    shape: { kind: "sequence", item: inner },
  };
}

function vecJsonText<T>(item: (v: T) => string): (v: readonly T[]) => string {
  return (v) => {
    if (v.length === 0) return "[]";
    let out = "[" + item(v[0]!);
    for (let i = 1; i < v.length; i++) out += "," + item(v[i]!);
    return out + "]";
  };
}

type InferTuple<C extends readonly Codec<any>[]> = { -readonly [K in keyof C]: Infer<C[K]> };

function tuple<const C extends readonly Codec<any>[]>(items: C, name?: string): Codec<InferTuple<C>> & { readonly items: C } {
  const n = name ?? `(${items.map((c) => c.name).join(", ")})`;
  const scale = lazyScale(() => papiTuple(...items.map((c) => part(c.scale))) as unknown as ScaleCodec<InferTuple<C>>);
  return {
    name: n,
    items,
    parse(input, ctx) {
      if (!Array.isArray(input) || input.length !== items.length)
        throw new InvalidValueError(ctx.path, `a list of ${items.length} (${n})`, input);
      return items.map((c, i) => c.parse(input[i], at(ctx, i))) as InferTuple<C>;
    },
    check(value, path) {
      if (!Array.isArray(value) || value.length !== items.length) throw new InvalidValueError(path, `a list of ${items.length} (${n})`, value);
      for (let i = 0; i < items.length; i++) checkPart(items[i]!, value[i], path, i);
    },
    toJson: (v) => items.map((c, i) => c.toJson(v[i])),
    key: (v) => items.map((c, i) => c.key(v[i])).join("/"),
    get scale() {
      return scale();
    },
    shape: { kind: "tuple", items },
  };
}

function struct<F extends Fields>(name: string, fields: F): Codec<InferFields<F>> & { readonly fields: F } {
  const names = Object.keys(fields);
  // the fields `check` looks at (those whose codec has a check), in two flat lists
  const checkedKeys = names.filter((k) => fields[k]!.check !== undefined);
  const checkedCodecs: Array<Codec<unknown>> = checkedKeys.map((k) => fields[k]!);
  // the fields in declaration order, nothing between them (derived `Encode` of a Rust struct)
  const scale = lazyScale(() => {
    const inner: Record<string, PapiCodec<unknown>> = {};
    for (const k of names) inner[k] = part(fields[k]!.scale as ScaleCodec<unknown>);
    return papiStruct(inner as never) as unknown as ScaleCodec<InferFields<F>>;
  });
  const codec: Codec<InferFields<F>> & { readonly fields: F } = {
    name,
    fields,
    parse(input, ctx) {
      if (!isPlainObject(input)) throw new InvalidValueError(ctx.path, `a map with fields ${names.join(", ")} (${name})`, input);
      for (const k of Object.keys(input)) {
        // own names only: `constructor`, `__proto__`, `toString` are not fields
        if (!Object.hasOwn(fields, k)) throw new UnknownNameError(`field of ${name}`, k, names, ctx.path);
      }
      const out: Record<string, unknown> = {};
      for (const k of names) {
        if (!Object.hasOwn(input, k)) {
          if (ctx.partial) continue;
          // Option fields may be left out: they are None.
          if (fields[k]!.name.startsWith("Option<")) {
            out[k] = undefined;
            continue;
          }
          throw new InvalidValueError(at(ctx, k).path, fields[k]!.name, undefined, `field '${k}' of ${name} is required`);
        }
        out[k] = fields[k]!.parse(input[k], at(ctx, k));
      }
      return out as InferFields<F>;
    },
    check: structCheck(name, names, checkedKeys, checkedCodecs),
    toJson(v) {
      const out: Record<string, Json> = {};
      for (const k of names) out[k] = fields[k]!.toJson((v as Record<string, unknown>)[k]);
      return out;
    },
    key: (v) => names.map((k) => fields[k]!.key((v as Record<string, unknown>)[k])).join("/"),
    get scale() {
      return scale();
    },
    get shape(): TypeShape {
      return { kind: "composite", fields: names.map((k) => ({ name: k, codec: fields[k]! })) };
    },
  };
  structParts.set(codec, { names, codecs: names.map((k) => fields[k]!) });
  return codec;
}

/** The fields of each codec `t.struct` made, in declaration order (its SCALE form is theirs, one after another). */
const structParts = new WeakMap<object, { readonly names: readonly string[]; readonly codecs: ReadonlyArray<Codec<unknown>> }>();

/**
 * Appends the SCALE encoding of `v` (the bytes `codec.scale.enc(v)` gives) to `sink`: a value of
 * a `t.struct` codec field by field, since a struct encodes as its fields' encodings in
 * declaration order (derived `Encode`), anything else as its codec encodes it. Saves the struct's
 * own array and copy where the bytes are only read once (the state root's hash input). `sink`
 * must copy what it is given before the next call. Throws what the codec throws, after appending
 * the fields before the one that failed. @internal
 */
export function encodeInto(codec: Codec<unknown>, v: unknown, sink: { push(bytes: Uint8Array): void }): void {
  const s = structParts.get(codec);
  if (s === undefined) {
    sink.push(part(codec.scale as ScaleCodec<unknown>).enc(v));
    return;
  }
  const record = v as Record<string, unknown>;
  for (let i = 0; i < s.codecs.length; i++) encodeInto(s.codecs[i]!, record[s.names[i]!], sink);
}

/**
 * A struct's `check`: every field checked by its codec. While every field fits, no path is built;
 * when one does not, the fields are checked again with their own paths, which throws the error
 * naming the field.
 */
function structCheck(name: string, names: readonly string[], keys: readonly string[], codecs: ReadonlyArray<Codec<unknown>>): (value: unknown, path: string) => void {
  return (value, path) => {
    if (!isPlainObject(value)) throw new InvalidValueError(path, `a map with fields ${names.join(", ")} (${name})`, value);
    const v = value as Record<string, unknown>;
    try {
      for (let i = 0; i < keys.length; i++) codecs[i]!.check!(v[keys[i]!], path);
    } catch (first) {
      for (let i = 0; i < keys.length; i++) codecs[i]!.check!(v[keys[i]!], `${path}.${keys[i]}`);
      throw first;
    }
  };
}

/** Enum variants: `null` for a unit variant, a codec for a variant with data. */
export type Variants = Record<string, Codec<any> | null>;
/** papi's enum shape: `{ type: 'Idle' }`, `{ type: 'Task', value: 1001 }`. */
export type InferEnum<V extends Variants> = {
  [K in keyof V]: V[K] extends Codec<infer T> ? { type: K; value: T } : { type: K };
}[keyof V];

/** Options of `t.enumOf`. */
export interface EnumOptions<V extends Variants> {
  /**
   * Explicit SCALE indices (`#[codec(index = N)]`) of some variants; a variant not listed has
   * its position in the declaration, as parity-scale-codec gives it.
   */
  readonly indices?: { readonly [K in keyof V]?: number };
}

function enumOf<V extends Variants>(name: string, variants: V, opts: EnumOptions<V> = {}): Codec<InferEnum<V>> & { readonly variants: V } {
  const names = Object.keys(variants);
  const index = new Map(names.map((n, i) => [n, i] as const));
  // SCALE indices: explicit, else the declaration position (parity-scale-codec's rule)
  const explicit = opts.indices as Readonly<Record<string, number | undefined>> | undefined;
  const scaleIndices = names.map((n, i) => {
    const x = explicit !== undefined && Object.hasOwn(explicit, n) ? explicit[n] : undefined;
    if (x !== undefined && !(Number.isInteger(x) && x >= 0 && x <= 255)) throw new RuntimeUsageError(`enum ${name}: the index of ${n} must be an integer 0..255, got ${x}`);
    return x ?? i;
  });
  if (explicit !== undefined) {
    for (const k of Object.keys(explicit)) if (!index.has(k)) throw new UnknownNameError(`variant of ${name}`, k, names, `enum ${name} indices`);
  }
  if (new Set(scaleIndices).size !== names.length) throw new RuntimeUsageError(`enum ${name}: two variants have the same SCALE index (${scaleIndices.join(", ")})`);
  const scale = lazyScale(() => enumScale<InferEnum<V>>(name, names, variants, scaleIndices));
  // variant → its data codec (null for a unit variant), for `check`
  const dataOf = new Map<string, Codec<unknown> | null>(names.map((n) => [n, variants[n] ?? null]));
  const expected = `${name}: ${names.map((n) => (variants[n] ? `{ ${n}: … }` : n)).join(" | ")}`;
  return {
    name,
    variants,
    parse(input, ctx) {
      let tag: string;
      let data: unknown;
      if (typeof input === "string") {
        tag = input;
      } else if (isPlainObject(input) && typeof input.type === "string" && Object.keys(input).every((k) => k === "type" || k === "value")) {
        tag = input.type;
        data = input.value;
      } else if (isPlainObject(input) && Object.keys(input).length === 1) {
        tag = Object.keys(input)[0]!;
        data = input[tag];
      } else throw new InvalidValueError(ctx.path, expected, input);
      if (!index.has(tag)) throw new UnknownNameError(`variant of ${name}`, tag, names, ctx.path);
      const c = variants[tag];
      if (!c) {
        if (data !== undefined && data !== null) throw new InvalidValueError(ctx.path, `${tag} (a unit variant)`, input);
        return { type: tag } as InferEnum<V>;
      }
      if (data === undefined) throw new InvalidValueError(ctx.path, `{ ${tag}: ${c.name} }`, input);
      return { type: tag, value: c.parse(data, at(ctx, tag)) } as InferEnum<V>;
    },
    check(value, path) {
      if (typeof value !== "object" || value === null) throw new InvalidValueError(path, `${name} ({ type: variant, value? })`, value);
      const tag = (value as { type?: unknown }).type;
      const c = typeof tag === "string" ? dataOf.get(tag) : undefined;
      if (c === undefined) {
        if (typeof tag !== "string" || Array.isArray(value)) throw new InvalidValueError(path, `${name} ({ type: variant, value? })`, value);
        throw new UnknownNameError(`variant of ${name}`, tag, names, path);
      }
      if (c !== null && c.check !== undefined) checkPart(c, (value as { value?: unknown }).value, path, tag as string);
    },
    toJson(v): Json {
      const c = variants[v.type as string];
      return c ? { type: v.type as string, value: c.toJson((v as { value: unknown }).value) } : { type: v.type as string };
    },
    key(v) {
      const i = index.get(v.type as string)!.toString(16).padStart(2, "0");
      const c = variants[v.type as string];
      return c ? `${i}${c.key((v as { value: unknown }).value)}` : i;
    },
    get scale() {
      return scale();
    },
    get shape(): TypeShape {
      return { kind: "variant", variants: names.map((n, i) => ({ name: n, index: scaleIndices[i]!, fields: variants[n] ? [{ codec: variants[n] }] : [] })) };
    },
  };
}

/**
 * An enum's SCALE codec: one byte, the variant's index, then the variant's data (papi's `Variant`
 * encodes). Decoding gives Corelab's shape: `{ type }` for a unit variant (no `value` key),
 * `{ type, value }` otherwise; an index no variant has is a `ScaleError`.
 */
function enumScale<E extends { type: unknown }>(name: string, names: readonly string[], variants: Variants, indices: readonly number[]): ScaleCodec<E> {
  const inner: Record<string, PapiCodec<any>> = {};
  for (const n of names) inner[n] = variants[n] ? papi(variants[n].scale) : _void;
  const variant = papiVariant(inner as never, indices as never);
  const venc = variant.enc as (v: unknown) => Uint8Array;
  const byIndex = new Map<number, string>(names.map((n, i) => [indices[i]!, n]));
  return createCodec<E>(
    (v) => {
      const tag = (v as { type?: unknown }).type;
      if (typeof tag !== "string" || !Object.hasOwn(inner, tag)) throw new ScaleError(name, `unknown variant ${JSON.stringify(tag)} (valid: ${names.join(", ")})`);
      return venc(v);
    },
    createDecoder((bytes) => {
      const i = papiU8.dec(bytes);
      const tag = byIndex.get(i);
      if (tag === undefined) throw new ScaleError(name, `no variant has index ${i} (variants: ${names.map((n, k) => `${n}=${indices[k]}`).join(", ")})`);
      const data = variants[tag];
      return (data ? { type: tag, value: data.scale.dec(bytes) } : { type: tag }) as E;
    }),
  );
}

/** A string-keyed dictionary written as a map (`{ alice: 10 }`) or as a list of pairs (`[[alice, 10]]`). */
function mapOf<K, V>(keyCodec: Codec<K>, valueCodec: Codec<V>): Codec<Array<[K, V]>> {
  const name = `Vec<(${keyCodec.name}, ${valueCodec.name})>`;
  // `Vec<(K, V)>` (a `BTreeMap<K, V>` encodes the same way)
  const scale = lazyScale(() => papiVector(papiTuple(part(keyCodec.scale), part(valueCodec.scale))) as unknown as ScaleCodec<Array<[K, V]>>);
  return {
    name,
    parse(input, ctx) {
      if (Array.isArray(input)) return input.map((pair, i) => tuple([keyCodec, valueCodec]).parse(pair, at(ctx, i)) as [K, V]);
      if (isPlainObject(input))
        return Object.entries(input).map(([k, v]) => [keyCodec.parse(k, at(ctx, k)), valueCodec.parse(v, at(ctx, k))] as [K, V]);
      throw new InvalidValueError(ctx.path, `a map or a list of pairs (${name})`, input);
    },
    check(value, path) {
      if (!Array.isArray(value)) throw new InvalidValueError(path, `a list of [key, value] pairs (${name})`, value);
      for (let i = 0; i < value.length; i++) {
        const pair = value[i] as unknown;
        if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidValueError(`${path}[${i}]`, `a [key, value] pair (${keyCodec.name}, ${valueCodec.name})`, pair);
        checkWith(keyCodec, pair[0], `${path}[${i}][0]`);
        checkWith(valueCodec, pair[1], `${path}[${i}][1]`);
      }
    },
    toJson: (v) => v.map(([k, x]) => [keyCodec.toJson(k), valueCodec.toJson(x)]),
    key: (v) => v.map(([k, x]) => `${keyCodec.key(k)}/${valueCodec.key(x)}`).join("|"),
    get scale() {
      return scale();
    },
    get shape(): TypeShape {
      return { kind: "sequence", item: tuple([keyCodec, valueCodec]) };
    },
  };
}

/** Wraps a codec under a new metadata name (`Timeslice` = u32); the same SCALE encoding. */
function alias<T>(name: string, inner: Codec<T>): Codec<T> {
  // not a spread: that would build a composite's lazy `scale` now
  const out: Codec<T> = {
    name,
    // the inner codec's own functions (as a spread copied them): `key` runs on every map access
    parse: inner.parse,
    toJson: inner.toJson,
    key: inner.key,
    get scale() {
      return inner.scale;
    },
    // a Rust type alias (`type Timeslice = u32`) is the type itself in scale-info
    get shape() {
      return shapeOf(inner);
    },
  };
  const own = out as { -readonly [K in keyof Codec<T>]: Codec<T>[K] };
  if (inner.check !== undefined) own.check = inner.check;
  if (inner.jsonText !== undefined) own.jsonText = inner.jsonText;
  for (const k of ["fields", "variants", "items"] as const) if (Object.hasOwn(inner, k)) Object.defineProperty(out, k, { value: (inner as unknown as Record<string, unknown>)[k], enumerable: true });
  return out;
}

/**
 * Builds a custom codec (e.g. `CoreMask`). `scale` is required: the codec's exact SCALE layout, or
 * `noScale(name, reason)` for a type with no on-chain form. A definition without one (from
 * JavaScript, where the type does not catch it) throws a `RuntimeUsageError` here.
 */
function custom<T>(def: Codec<T>): Codec<T> {
  const d = Object.getOwnPropertyDescriptor(def, "scale");
  if (d === undefined || (d.get === undefined && d.value === undefined))
    throw new RuntimeUsageError(`custom codec ${def.name} has no \`scale\`: give its SCALE codec, or noScale(name, reason) when it has no on-chain encoding`);
  return def;
}

/**
 * `Compact<T>` of an unsigned integer codec (`t.u32`, `t.u128`, `t.balance`, or an alias of one):
 * the same values in memory as `inner`, encoded as SCALE's compact integer (1, 2 or 4 bytes for
 * values below 2^30, else a length byte and the value's bytes). Decoding a value past the inner
 * type's range fails, as in Rust.
 */
function compact<T extends number | bigint>(inner: Codec<T>): Codec<T> {
  const isNumber = NUMBER_SCALES.has(inner.scale as ScaleCodec<unknown>);
  if (!isNumber && !BIGINT_SCALES.has(inner.scale as ScaleCodec<unknown>))
    throw new RuntimeUsageError(`t.compact(${inner.name}): only unsigned integers (u8, u16, u32, u64, u128, Balance or an alias of one) have a Compact encoding`);
  const name = `Compact<${inner.name}>`;
  const check = inner.check ?? ((): void => undefined);
  const base = (isNumber ? compactNumber : compactBn) as unknown as ScaleCodec<T>;
  const scale = checkedDecode(checkedScale(base, name, check), name, (v) => {
    try {
      check(v, name);
      return undefined;
    } catch {
      return `${v} is past the range of ${inner.name}`;
    }
  });
  return { ...inner, name, scale, shape: { kind: "compact", inner } };
}

/** A codec with no data (`()`). */
const unit: Codec<null> = {
  name: "()",
  parse: () => null,
  check: () => undefined,
  toJson: () => null,
  key: () => "",
  scale: enhanceCodec(_void, () => undefined, () => null),
  shape: { kind: "tuple", items: [] },
};

const u8 = uint("u8", 8);
const u16 = uint("u16", 16);
const u32 = uint("u32", 32);
const u64 = bigUint("u64", 64);
const u128 = bigUint("u128", 128);
const balance = bigUint("Balance", 128, { unit: true });
// which integer codecs `t.compact` takes (aliases share their inner codec's `scale`)
const NUMBER_SCALES = new Set<ScaleCodec<unknown>>([u8.scale, u16.scale, u32.scale] as Array<ScaleCodec<unknown>>);
const BIGINT_SCALES = new Set<ScaleCodec<unknown>>([u64.scale, u128.scale, balance.scale] as Array<ScaleCodec<unknown>>);

// the shapes of SCALE codecs that other codecs reuse (`scale: t.u64.scale`, `scale: arithmeticCodecs.perbill.scale`)
const SHAPE_BY_SCALE = new WeakMap<object, TypeShape>();

/**
 * Records `codec`'s shape as that of its `scale` codec, so that a custom codec reusing that
 * `scale` (`scale: arithmeticCodecs.perbill.scale`) has the same shape (`shapeOf`). Returns `codec`.
 * @internal
 */
export function shareShape<C extends Codec<any>>(codec: C): C {
  if (codec.shape !== undefined) SHAPE_BY_SCALE.set(codec.scale, codec.shape);
  return codec;
}
for (const c of [u8, u16, u32, i32, u64, u128, balance, bool, str] as Array<Codec<unknown>>) shareShape(c);

/**
 * The `TypeShape` of a codec: its declared `shape`; else, for a custom codec, the shape of its
 * `scale` when that is a primitive's SCALE codec (`scale: t.u64.scale`: that integer) or was built
 * with scale.ts's helpers (`bytesScale(n)`: the newtype `Name([u8; n])`, as `CoreMask([u8; 10])`;
 * `palletIdScale`: `frame_support::PalletId([u8; 8])`; `stringEnumScale`: a fieldless enum;
 * `mappedScale(base, …)`: the shape of `base`). `undefined` when it cannot be told (a codec with
 * no on-chain form, `noScale`, or a hand-written SCALE codec with no declared shape).
 */
export function shapeOf(codec: Codec<any>): TypeShape | undefined {
  const declared = codec.shape;
  if (declared !== undefined) return declared;
  return shapeOfScale(codec.name, codec.scale as ScaleCodec<unknown>);
}

function shapeOfScale(name: string, scale: ScaleCodec<unknown>): TypeShape | undefined {
  const shared = SHAPE_BY_SCALE.get(scale);
  if (shared !== undefined) return shared;
  const hint = scaleHintOf(scale);
  if (hint === undefined) return undefined;
  switch (hint.kind) {
    case "bytes":
      return { kind: "composite", path: [name], fields: [{ codec: hexBytes(hint.len), typeName: hint.len === undefined ? "Vec<u8>" : `[u8; ${hint.len}]` }] };
    case "palletId":
      return { kind: "composite", path: ["frame_support", "PalletId"], fields: [{ codec: hexBytes(8), typeName: "[u8; 8]" }] };
    case "stringEnum":
      return { kind: "variant", path: [name], variants: hint.variants.map((v, i) => ({ name: v, index: hint.indices[i]!, fields: [] })) };
    case "mapped":
      return shapeOfScale(name, hint.base);
    case "none":
      return undefined;
  }
}

/**
 * The codec constructors. `t.u32`, `t.balance`, `t.struct('RegionId', { … })`,
 * `t.enumOf('CoreAssignment', { Idle: null, Pool: null, Task: t.u32 })` …
 */
export const t = {
  u8,
  u16,
  u32,
  i32,
  u64,
  u128,
  /** A balance in planck (u128); scenario files may write `"5 KSM"`. */
  balance,
  compact,
  bool,
  str,
  accountId,
  bytes: hexBytes,
  unit,
  option,
  vec,
  tuple,
  struct,
  enumOf,
  mapOf,
  alias,
  custom,
} as const;

// ------------------------------------------------------------------------------------------------
// value helpers

/** Canonical JSON text of a value (`toJson` then JSON.stringify with sorted-by-declaration keys). */
export function encodeJson<T>(codec: Codec<T>, value: T): string {
  return codec.jsonText !== undefined ? codec.jsonText(value) : JSON.stringify(codec.toJson(value));
}

/**
 * Does `actual` match the (partially parsed) `expected`? Objects compare only the keys of
 * `expected`; arrays compare length and every element; everything else compares with `===`.
 */
export function matchesPartial(actual: unknown, expected: unknown): boolean {
  if (expected === actual) return true;
  if (expected === undefined || actual === undefined || expected === null || actual === null) return false;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((e, i) => matchesPartial(actual[i], e));
  }
  if (typeof expected === "object") {
    if (typeof actual !== "object") return false;
    return Object.keys(expected as object).every((k) =>
      matchesPartial((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
    );
  }
  return false;
}

/** The first path at which `actual` differs from `expected` (for mismatch messages), or undefined. */
export function firstMismatch(actual: unknown, expected: unknown, path = ""): { path: string; expected: unknown; actual: unknown } | undefined {
  if (matchesPartial(actual, expected)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    for (let i = 0; i < expected.length; i++) {
      const m = firstMismatch(actual[i], expected[i], `${path}[${i}]`);
      if (m) return m;
    }
  }
  if (
    expected !== null && typeof expected === "object" && !Array.isArray(expected) &&
    actual !== null && actual !== undefined && typeof actual === "object" && !Array.isArray(actual)
  ) {
    for (const k of Object.keys(expected)) {
      const m = firstMismatch((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (m) return m;
    }
  }
  return { path, expected, actual };
}
