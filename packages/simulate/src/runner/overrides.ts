/**
 * Setting values at dotted paths of a raw model file (`params.rate`, `agents[1].kind`): what
 * `--sweep` and `--blocks` do before the model parses the file. Dependency-free, because every
 * worker thread loads it.
 */

/** Splits `agents[2].rate` into `["agents", 2, "rate"]` (the path syntax of scenario errors). */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /\[(\d+)\]|([^.[\]]+)/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return out;
}

/**
 * Returns a copy of `raw` with `value` set at the dotted `path` (`params.rate`, `agents[1].kind`),
 * creating missing objects and arrays on the way. `raw` itself is not changed.
 */
export function setPath(raw: unknown, path: string, value: unknown): unknown {
  const segs = pathSegments(path);
  if (segs.length === 0) return value;
  const root: unknown = raw === undefined || raw === null ? {} : structuredClone(raw);
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!;
    let next = node[seg];
    if (typeof next !== "object" || next === null) {
      next = typeof segs[i + 1] === "number" ? [] : {};
      node[seg] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  node[segs[segs.length - 1]!] = value;
  return root;
}

/** `raw` with every override of `point` applied, in order. */
export function applyOverrides(raw: unknown, overrides: ReadonlyArray<readonly [string, unknown]>): unknown {
  let out = raw;
  for (const [k, v] of overrides) out = setPath(out, k, v);
  return out;
}
