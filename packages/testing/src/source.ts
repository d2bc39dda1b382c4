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
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type ScalarTag } from "yaml";
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
    uniqueKeys: true,
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
    const msg = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new ScenarioError({ file, path: "", ...where }, `not valid YAML/JSON: ${msg}`, {
      details: doc.errors.slice(1, 4).map((x) => `also: ${x.message.split("\n")[0]}`),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (e) {
    throw new ScenarioError({ file, path: "" }, `cannot read the document: ${(e as Error).message}`);
  }
  return { file, value, locate: (path) => locateIn(doc, path, pos) };
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
