/** JSON in and out of the store: bigints as decimal strings; flattening for comparisons. */

/** The JSON text of a value: bigints as decimal strings, `undefined` as `null` at the top. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}

/** The value of a JSON text, `null` for SQL NULL. */
export function fromJsonText(text: unknown): unknown {
  return typeof text === "string" ? JSON.parse(text) : null;
}

/**
 * A value flattened to dotted paths (`points[0].columns.fees.mean` → 12.5); scalars, empty
 * objects and empty arrays are leaves. A scalar at the top is the key "".
 */
export function flatten(value: unknown, prefix = "", out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Deep equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return toJsonText(a) === toJsonText(b);
}
