/**
 * The run matrix of `corelab simulate`: sweep options (`--sweep key=v1,v2,...` or a model file's
 * `sweep:` section) expand to parameter points (their cartesian product, the first key varying
 * slowest), each run with every seed (`--seed S --seeds N` → S, S+1, …, S+N-1). A point's overrides
 * are set on dotted paths of the raw model file (`params.slashing_factor`, `agents[2].rate`) before
 * the model parses it.
 */
import { CorelabError } from "@corelab/frame";
import { parseSource, splitPath } from "@corelab/testing";

export { applyOverrides, setPath } from "./overrides.ts";

/** One sweep dimension: a dotted key of the raw model file and the values it takes, in order. */
export interface SweepOption {
  readonly key: string;
  /** Values as YAML reads them (numbers, bigints, strings for decimals such as `0.1`, booleans). */
  readonly values: readonly unknown[];
}

/** One parameter point of a sweep. */
export interface SweepPoint {
  /** 0-based position in the matrix. */
  readonly index: number;
  /** `key=value` per swept key (the key's last segment when that is unambiguous), or "" without a sweep. */
  readonly label: string;
  /** A file-system-safe name for the point's folder (`runs/<dir>/`): the label, or `default`. */
  readonly dir: string;
  /** The (key, value) pairs set on the raw file, in sweep-key order. */
  readonly overrides: ReadonlyArray<readonly [key: string, value: unknown]>;
}

/** One run of the matrix: a point and a seed. */
export interface MatrixRun {
  /** 0-based position: `point.index * seeds.length + seed position` (the report's order). */
  readonly index: number;
  readonly point: SweepPoint;
  readonly seed: number;
}

/** The expanded matrix. */
export interface RunMatrix {
  readonly points: readonly SweepPoint[];
  readonly seeds: readonly number[];
  /** Every run, ordered by (point, seed). */
  readonly runs: readonly MatrixRun[];
}

/** Reads one command-line value the way the model file's YAML would (so `0.1` stays the string "0.1"). */
export function parseScalar(text: string, where: string): unknown {
  return parseSource(text, where).value;
}

/**
 * Parses `--sweep key=v1,v2,...`. Throws a `CorelabError` (exit 2) for a missing `=`, an empty key
 * or an empty value list. Values are split on commas and read as YAML scalars.
 */
export function parseSweepOption(text: string): SweepOption {
  const eq = text.indexOf("=");
  const key = eq < 0 ? "" : text.slice(0, eq).trim();
  const list = eq < 0 ? "" : text.slice(eq + 1);
  if (!key || list.trim() === "") {
    throw new CorelabError("BadSweep", `--sweep ${text}: expected key=value1,value2,... (e.g. --sweep params.slashing_factor=0,0.1,0.2)`);
  }
  const parts = list.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) throw new CorelabError("BadSweep", `--sweep ${text}: an empty value in the list`);
  return { key, values: parts.map((p) => parseScalar(p, `--sweep ${key}`)) };
}

/**
 * Reads a model file's `sweep:` section (`{ key: [v1, v2], other: v }`; a scalar is one value).
 * Throws a `CorelabError` naming `file` and the path for any other shape.
 */
export function sweepSection(section: unknown, file: string): SweepOption[] {
  if (section === undefined || section === null) return [];
  if (typeof section !== "object" || Array.isArray(section)) {
    throw new CorelabError("BadSweep", `${file}: sweep: expected a map of key: [values], got ${describe(section)}`);
  }
  return Object.entries(section as Record<string, unknown>).map(([key, v]) => {
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) throw new CorelabError("BadSweep", `${file}: sweep.${key}: expected at least one value`);
    return { key, values };
  });
}

function describe(v: unknown): string {
  return Array.isArray(v) ? "a list" : v === null ? "null" : typeof v;
}

/** A value as a label shows it: scalars as written, anything else as JSON. */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}

/** Short names for sweep keys: the last path segment, or the whole key when two keys share it. */
function shortNames(keys: readonly string[]): string[] {
  const last = keys.map((k) => {
    const segs = splitPath(k);
    return String(segs[segs.length - 1] ?? k);
  });
  return keys.map((k, i) => (last.filter((l) => l === last[i]).length > 1 ? k : last[i]!));
}

/** A label turned into a folder name: characters other than letters, digits, `.`, `_`, `-`, `=`, `,` become `_`. */
export function pointDir(label: string): string {
  return label === "" ? "default" : label.replace(/, /g, ",").replace(/[^A-Za-z0-9._=,-]/g, "_");
}

/** `sweeps` with one option per key: a later option for a key replaces an earlier one, and takes its position. */
export function dedupeSweeps(sweeps: readonly SweepOption[]): SweepOption[] {
  const byKey = new Map<string, SweepOption>();
  for (const s of sweeps) {
    byKey.delete(s.key);
    byKey.set(s.key, s);
  }
  return [...byKey.values()];
}

/**
 * Expands sweeps × seeds. Later options for the same key replace earlier ones (so `--sweep` wins
 * over the file's `sweep:` when both name a key). `seedCount` ≥ 1; seeds are `seedBase + i`.
 */
export function expandMatrix(sweeps: readonly SweepOption[], seedBase: number, seedCount: number): RunMatrix {
  const dims = dedupeSweeps(sweeps);
  const names = shortNames(dims.map((d) => d.key));
  let combos: Array<Array<readonly [string, unknown]>> = [[]];
  for (const d of dims) combos = combos.flatMap((c) => d.values.map((v) => [...c, [d.key, v] as const]));
  const points: SweepPoint[] = combos.map((overrides, index) => {
    const label = overrides.map(([, v], i) => `${names[i]}=${formatValue(v)}`).join(", ");
    return { index, label, dir: pointDir(label), overrides };
  });
  const seeds = Array.from({ length: seedCount }, (_, i) => seedBase + i);
  const runs: MatrixRun[] = points.flatMap((point) => seeds.map((seed, s) => ({ index: point.index * seeds.length + s, point, seed })));
  return { points, seeds, runs };
}
