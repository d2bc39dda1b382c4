import { closest, distance } from "fastest-levenshtein";

/**
 * Base class of every error Corelab throws for misuse of the library: bad genesis, an unknown
 * pallet or call, a malformed scenario value, a hook that threw. Dispatch errors of extrinsics are
 * *values* (see `DispatchError`), never thrown out of the runtime.
 *
 * Shape follows viem's `BaseError`: a short one-line message, optional details, an optional cause,
 * and a stable `code` for narrowing.
 */
export class CorelabError extends Error {
  override name = "CorelabError";
  /** Stable machine-readable code, e.g. `UnknownCall`. */
  readonly code: string;
  /** The one-line message without details. */
  readonly shortMessage: string;
  /** Extra lines: what was expected, the nearest valid names, … */
  readonly details: string[];

  constructor(code: string, shortMessage: string, opts: { details?: string[]; cause?: unknown } = {}) {
    const details = opts.details ?? [];
    super([shortMessage, ...details].join("\n"), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** A value (scenario argument, storage entry, genesis field) does not fit its declared type. */
export class InvalidValueError extends CorelabError {
  override name = "InvalidValueError";
  /** Path inside the input, e.g. `blocks[2].calls[0].args.price_limit`. */
  readonly path: string;
  /** What was expected there, e.g. `u32 (0..4294967295)`. */
  readonly expected: string;
  readonly received: unknown;

  constructor(path: string, expected: string, received: unknown, hint?: string) {
    super("InvalidValue", `${path || "value"}: expected ${expected}, got ${describe(received)}`, {
      details: hint ? [hint] : [],
    });
    this.path = path;
    this.expected = expected;
    this.received = received;
  }
}

/** A name (pallet, call, argument, storage item, event, preset) that the runtime does not have. */
export class UnknownNameError extends CorelabError {
  override name = "UnknownNameError";
  readonly kind: string;
  readonly unknown: string;
  readonly suggestions: string[];

  /** `hint`: one more line after the nearest names and the valid ones (what the name may be). */
  constructor(kind: string, unknown: string, candidates: readonly string[], where?: string, hint?: string) {
    const suggestions = nearestNames(unknown, candidates);
    const details: string[] = [];
    if (suggestions.length > 0) details.push(`did you mean ${suggestions.map((s) => `'${s}'`).join(" or ")}?`);
    if (candidates.length > 0 && candidates.length <= 40) details.push(`valid: ${candidates.join(", ")}`);
    if (hint) details.push(hint);
    super("UnknownName", `${where ? `${where}: ` : ""}unknown ${kind} '${unknown}'`, { details });
    this.kind = kind;
    this.unknown = unknown;
    this.suggestions = suggestions;
  }
}

/** A hook (`on_initialize`, `on_idle`, `on_finalize`) threw: hooks never fail in FRAME, so this is an emulator bug. */
export class HookThrewError extends CorelabError {
  override name = "HookThrewError";
  /** `detail`: what was thrown, for people (default: the thrown error's message). */
  constructor(pallet: string, hook: string, block: number, cause: unknown, detail?: string) {
    super("HookThrew", `${pallet}.${hook} threw at block ${block}: this is an emulator bug`, {
      details: [detail ?? String(cause instanceof Error ? cause.message : cause)],
      cause,
    });
  }
}

/**
 * A call's logic threw something other than a dispatch error (a `TypeError`, a plain `Error`, a
 * bad value given to `Pallet.call` while building a message): a bug in the pallet. Names the
 * pallet, the call and the block; the cause is the thrown value. The call's own writes are rolled
 * back, and the runner stops: the block is not finalized (not committed).
 */
export class CallThrewError extends CorelabError {
  override name = "CallThrewError";
  readonly pallet: string;
  readonly call: string;
  readonly block: number;
  constructor(pallet: string, call: string, block: number, cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause instanceof CorelabError ? cause.shortMessage : cause.message}` : `it threw ${String(cause)}`;
    const frame = cause instanceof Error ? firstStackFrame(cause) : undefined;
    super("CallThrew", `${pallet}.${call} threw at block ${block}: this is a bug in the pallet (a call fails with a dispatch error, never by throwing)`, {
      details: [what, ...(frame ? [`thrown ${frame}`] : [])],
      cause,
    });
    this.pallet = pallet;
    this.call = call;
    this.block = block;
  }
}

/** The first `at …` line of an error's stack, trimmed (where it was thrown), if there is one. */
function firstStackFrame(e: Error): string | undefined {
  const line = e.stack?.split("\n").find((l) => /^\s+at /.test(l));
  return line?.trim();
}

/** A genesis config value is outside its domain; names the pallet and the parameter. */
export class InvalidGenesisError extends CorelabError {
  override name = "InvalidGenesisError";
  /** The pallet whose genesis config is wrong (`Balances`). */
  readonly pallet: string;
  /** The genesis field (`balances`). */
  readonly parameter: string;
  constructor(pallet: string, parameter: string, message: string) {
    super("InvalidGenesis", `${pallet} genesis: ${parameter}: ${message}`);
    this.pallet = pallet;
    this.parameter = parameter;
  }
}

/** The runtime was used out of order, e.g. a block number that goes backwards. */
export class RuntimeUsageError extends CorelabError {
  override name = "RuntimeUsageError";
  constructor(message: string, details: string[] = []) {
    super("RuntimeUsage", message, { details });
  }
}

/** The nearest names to `name` among `candidates` (edit distance), best first, at most three. */
export function nearestNames(name: string, candidates: readonly string[]): string[] {
  if (candidates.length === 0) return [];
  const lower = name.toLowerCase();
  const scored = candidates
    .map((c) => ({ c, d: distance(lower, c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  const limit = Math.max(2, Math.ceil(name.length / 2));
  const near = scored.filter((s) => s.d <= limit).slice(0, 3).map((s) => s.c);
  if (near.length === 0) {
    const best = closest(name, candidates as string[]);
    const sub = candidates.filter((c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()));
    return sub.length > 0 ? sub.slice(0, 3) : best && distance(lower, best.toLowerCase()) <= name.length ? [best] : [];
  }
  return near;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}`;
  if (typeof v === "object") {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x));
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  }
  return String(v);
}

/**
 * A value could not be SCALE-encoded, or bytes could not be decoded as a type: a value outside its
 * type, an account that is not an SS58 address, bytes that run out, trailing bytes, a variant
 * index the enum does not have, a non-canonical encoding, or a type that has no SCALE encoding.
 */
export class ScaleError extends CorelabError {
  override name = "ScaleError";
  /** The type's metadata name (`RegionId`, `Option<Balance>`). */
  readonly type: string;
  constructor(type: string, message: string, opts: { details?: string[]; cause?: unknown } = {}) {
    super("Scale", `${type}: ${message}`, opts);
    this.type = type;
  }
}
