/**
 * Readable values for mismatch reports: bigints as plain numbers, enums compactly (`Idle`,
 * `Task(1001)`), structs as `{ field: value }`, accounts by name (`alice`, `pallet:Broker`),
 * `None` as `null` (as scenario files write it), events as `Pallet.Event { field: value }`.
 */
import { formatDispatchError, matchesPartial, type DispatchError, type EventRecord, type RuntimeEvent } from "@corelab/frame";

/** How to show an account id (default: as it stands). */
export type AccountLabeler = (id: string) => string;

const identity: AccountLabeler = (s) => s;

function isEnum(v: object): v is { type: string; value?: unknown } {
  const keys = Object.keys(v);
  return typeof (v as { type?: unknown }).type === "string" && keys.every((k) => k === "type" || k === "value") && keys.length <= 2;
}

function isDispatchError(v: { type: string; value?: unknown }): boolean {
  const inner = v.value as { type?: unknown; value?: { type?: unknown } } | undefined;
  if (v.type === "Module") return typeof inner?.type === "string" && typeof inner.value?.type === "string";
  // Token.FundsUnavailable, Arithmetic.Underflow: nested unit enums of sp-runtime's DispatchError
  if (v.type === "Token" || v.type === "Arithmetic" || v.type === "Transactional")
    return typeof inner?.type === "string" && Object.keys(inner).length === 1;
  return false;
}

/** Formats a value (parsed or from state) for people. `label` shows account ids by name. */
export function formatValue(v: unknown, label: AccountLabeler = identity, depth = 0): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") {
    const l = label(v);
    if (l !== v) return l;
    return v === "" || /[\s,:{}[\]]/.test(v) ? JSON.stringify(v) : v;
  }
  if (depth > 12) return "…";
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, label, depth + 1)).join(", ")}]`;
  if (typeof v === "object") {
    if (isEnum(v)) {
      if (isDispatchError(v)) return formatDispatchError(v as DispatchError);
      if (!("value" in v) || v.value === undefined) return v.type;
      const inner = formatValue(v.value, label, depth + 1);
      return inner.startsWith("{") ? `${v.type} ${inner}` : `${v.type}(${inner})`;
    }
    const entries = Object.entries(v);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x, label, depth + 1)}`).join(", ")} }`;
  }
  return String(v);
}

/** `Broker.Purchased { who: alice, price: 100 }`, or `System.ExtrinsicSuccess` when `fields` is false. */
export function formatEvent(e: RuntimeEvent | EventRecord, label: AccountLabeler = identity, fields = true): string {
  const ev = "event" in e ? e.event : e;
  const name = `${ev.type}.${ev.value.type}`;
  if (!fields) return name;
  const f = ev.value.value;
  if (ev.type === "System" && (ev.value.type === "ExtrinsicSuccess" || ev.value.type === "ExtrinsicFailed")) {
    // dispatch_info is noise in reports
    return ev.value.type === "ExtrinsicFailed" ? `${name} { dispatch_error: ${formatDispatchError(f.dispatch_error as DispatchError)} }` : name;
  }
  return Object.keys(f).length === 0 ? name : `${name} ${formatValue(f, label)}`;
}

function enumLike(v: unknown): v is { type: string; value?: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && isEnum(v);
}

/**
 * The first difference between `actual` and a partially parsed `expected` (only the keys of
 * expected objects are compared; arrays compare every element and their length), with the path
 * as a scenario file writes it (`cores_sold`, `workload[0].assignment.Task`). Enums compare as a
 * whole when their variants differ. Undefined when they match.
 */
export function diffValues(actual: unknown, expected: unknown, path = ""): { path: string; expected: unknown; actual: unknown } | undefined {
  if (matchesPartial(actual, expected)) return undefined;
  if (enumLike(expected) && enumLike(actual)) {
    if (expected.type === actual.type && "value" in expected && expected.value !== undefined) {
      return diffValues(actual.value, expected.value, path ? `${path}.${expected.type}` : expected.type) ?? { path, expected, actual };
    }
    return { path, expected, actual };
  }
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    for (let i = 0; i < expected.length; i++) {
      const d = diffValues(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (isObj(expected) && isObj(actual)) {
    for (const k of Object.keys(expected)) {
      const d = diffValues(actual[k], expected[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
  }
  return { path, expected, actual };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
