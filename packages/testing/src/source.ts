/**
 * Reading scenario text (YAML, or JSON, which YAML 1.2 reads as well) into plain values, with a
 * map from paths inside the document back to lines and columns for error messages.
 *
 * Scalars are read so that no value is silently changed:
 * - integers within 2^53 are numbers; larger ones are bigints (exact), which every integer codec
 *   accepts, so `340282366920938463463374607431768211455` needs no quotes;
 * - `0x…` and `0o…` stay strings (YAML 1.2 would read `0xffff…` as a lossy number): masks and
 *   byte arrays are hex strings;
 * - decimals with a point or an exponent (`1.5`, `1e18`) stay strings, exactly as written: the
 *   fixed-point and per-thing codecs read them exactly, and nothing goes through a float.
 *
 * Every key is kept as written, `__proto__` and `constructor` included (own properties of the
 * plain objects, never their prototype), so that the names they stand for are checked and
 * reported like any other. A key written twice in one map is an error (checked in one pass over
 * the document: the yaml library's own `uniqueKeys` check compares every key with every other, a
 * quadratic cost on a genesis of 10^5 accounts).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type ScalarTag } from "yaml";
import { formatPath } from "./schema.ts";
import { ScenarioError } from "./errors.ts";

/** A parsed document and its line map. */
export interface ParsedSource {
  readonly file: string;
  /** The plain value of the document (objects, arrays, strings, numbers, bigints, booleans, null). */
  readonly value: unknown;
  /** Line and column (1-based) of the value at `path` (`blocks[3].calls[0]`), or of its nearest ancestor. */
  locate(path: string): { line: number; column: number } | undefined;
}

const INT = "tag:yaml.org,2002:int";
const FLOAT = "tag:yaml.org,2002:float";

const exactInt: ScalarTag = {
  identify: (v) => typeof v === "bigint" || Number.isInteger(v),
  default: true,
  tag: INT,
  test: /^[-+]?[0-9]+$/,
  resolve(str: string) {
    const b = BigInt(str);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  },
};

const exactDecimal: ScalarTag = {
  identify: () => false,
  default: true,
  tag: FLOAT,
  test: /^[-+]?(?:(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$/,
  resolve: (str: string) => str,
};

/** Parses scenario text. Throws a `ScenarioError` naming the file, line and column on a syntax error. */
export function parseSource(text: string, file: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    // duplicate keys are found by `duplicateKey` in linear time (yaml's check is quadratic)
    uniqueKeys: false,
    // plain maps, lists and scalars only: `!!binary`, `!!set`, `!!omap` … would give a Buffer, a
    // Set or a Map (a Map has no keys to compare, and would match anything): unresolved, an error
    resolveKnownTags: false,
    // warnings (an unresolved tag) are errors below, not messages on the process's stderr
    logLevel: "error",
    prettyErrors: false,
    customTags: (tags) => [...tags.filter((t) => (t as ScalarTag).tag !== INT && (t as ScalarTag).tag !== FLOAT), exactInt, exactDecimal],
  });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = pos(e.pos[0]);
    const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    const msg = /Maximum call stack/.test(first) ? "nested too deeply (lists or maps inside each other hundreds of levels deep)" : first;
    throw new ScenarioError({ file, path: "", ...where }, `not valid YAML/JSON: ${msg}`, {
      details: doc.errors.slice(1, 4).map((x) => `also: ${x.message.split("\n")[0]}`),
    });
  }
  if (doc.warnings.length > 0) {
    const w = doc.warnings[0]!;
    const msg = w.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new ScenarioError({ file, path: "", ...pos(w.pos[0]) }, `unsupported YAML: ${msg} (scenario files hold plain maps, lists and scalars: no !!binary, !!set, !!omap or tags of your own)`);
  }
  const dup = duplicateKey(doc);
  if (dup) {
    throw new ScenarioError({ file, path: dup.path, ...pos(dup.offset) }, `duplicate key '${dup.key}': a key appears once in a map`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (e) {
    throw new ScenarioError({ file, path: "" }, `cannot read the document: ${(e as Error).message}`);
  }
  return { file, value, locate: (path) => locateIn(doc, path, pos) };
}

/**
 * The first key written twice in one map of the document (scalar keys, compared as the strings
 * they become: `1` and `"1"` are the same key), with the path of the map and the key's offset.
 * One pass, a set per map: linear in the size of the document.
 */
function duplicateKey(doc: Document): { key: string; path: string; offset: number } | undefined {
  const stack: Array<{ node: unknown; path: Array<string | number> }> = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const children: Array<{ node: unknown; path: Array<string | number> }> = [];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = pair.key;
        const key = isScalar(k) ? String(k.value) : undefined;
        if (key !== undefined) {
          if (seen.has(key)) return { key, path: formatPath([...path, key]), offset: (k as Node).range?.[0] ?? 0 };
          seen.add(key);
        }
        if (isMap(pair.value) || isSeq(pair.value)) children.push({ node: pair.value, path: [...path, key ?? "?"] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isMap(item) || isSeq(item)) children.push({ node: item, path: [...path, i] });
      });
    }
    // in document order
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/** Splits `blocks[3].expect.events[0].Broker.Purchased` into `["blocks", 3, "expect", "events", 0, "Broker", "Purchased"]`. */
export function splitPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\[(\d+)\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

function locateIn(
  doc: Document,
  path: string,
  pos: (offset: number) => { line: number; column: number },
): { line: number; column: number } | undefined {
  const segs = splitPath(path);
  let node: Node | null | undefined = doc.contents as Node | null;
  let found: number | undefined = node?.range?.[0];
  let i = 0;
  while (node && i < segs.length) {
    if (isSeq(node) && typeof segs[i] === "number") {
      node = node.items[segs[i] as number] as Node | undefined;
      i++;
      if (node?.range) found = node.range[0];
      continue;
    }
    if (isMap(node)) {
      const map = node;
      // a key may itself contain dots (`Broker.Purchased`): try the longest match first
      let matched = false;
      for (let j = segs.length; j > i && !matched; j--) {
        if (segs.slice(i, j).some((s) => typeof s === "number") && j - i > 1) continue;
        const key = segs.slice(i, j).join(".");
        const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        if (pair) {
          matched = true;
          i = j;
          const k = pair.key as Node;
          const v = pair.value as Node | null;
          if (i === segs.length && k.range) found = k.range[0];
          else if (v?.range) found = v.range[0];
          node = v;
        }
      }
      if (!matched) break;
      continue;
    }
    break;
  }
  return found === undefined ? undefined : pos(found);
}
