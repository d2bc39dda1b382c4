// Value comparison in Corelab's JSON shapes: a number and the decimal string of the same integer
// are equal (Corelab writes u64/u128 as strings, small integers as numbers).
export function same(a, b) {
  return diffLeaves(a, b, "").length === 0;
}

const canon = (v) => JSON.stringify(v);

/** The leaves where `real` and `corelab` differ: `[{ path, real, corelab }]`. */
export function diffLeaves(real, corelab, path) {
  if (real === corelab) return [];
  if ((typeof real === "number" || typeof real === "string") && (typeof corelab === "number" || typeof corelab === "string")) {
    return String(real) === String(corelab) ? [] : [{ path, real, corelab }];
  }
  if (real === null || corelab === null || real === undefined || corelab === undefined || typeof real !== "object" || typeof corelab !== "object") {
    return [{ path, real: real ?? null, corelab: corelab ?? null }];
  }
  if (Array.isArray(real) !== Array.isArray(corelab)) return [{ path, real, corelab }];
  const out = [];
  if (Array.isArray(real)) {
    const n = Math.max(real.length, corelab.length);
    for (let i = 0; i < n; i++) out.push(...diffLeaves(real[i], corelab[i], `${path}[${i}]`));
    return out;
  }
  const keys = new Set([...Object.keys(real), ...Object.keys(corelab)]);
  for (const k of keys) out.push(...diffLeaves(real[k], corelab[k], path ? `${path}.${k}` : k));
  return out;
}

/**
 * Compares two Broker storage snapshots (`{ Item: value }` / `{ Item: [[key, value], …] }`) value
 * by value: one item of a value item, one entry of a map. Returns `{ compared, diffs }`.
 */
export function diffStorage(real, corelab, mapItems) {
  const diffs = [];
  let compared = 0;
  const names = new Set([...Object.keys(real), ...Object.keys(corelab)]);
  for (const name of [...names].sort()) {
    if (mapItems.has(name)) {
      const r = new Map((real[name] ?? []).map(([k, v]) => [canon(normKey(k)), v]));
      const c = new Map((corelab[name] ?? []).map(([k, v]) => [canon(normKey(k)), v]));
      for (const key of new Set([...r.keys(), ...c.keys()])) {
        compared++;
        const leaves = diffLeaves(r.get(key) ?? null, c.get(key) ?? null, "");
        if (leaves.length) diffs.push({ path: `${name}[${key}]`, leaves, real: r.get(key) ?? null, corelab: c.get(key) ?? null });
      }
    } else {
      compared++;
      const leaves = diffLeaves(real[name] ?? null, corelab[name] ?? null, "");
      if (leaves.length) diffs.push({ path: name, leaves, real: real[name] ?? null, corelab: corelab[name] ?? null });
    }
  }
  return { compared, diffs };
}

/** Keys compared as text: integers as strings, so that `5` and `"5"` are one key. */
function normKey(k) {
  if (typeof k === "number") return String(k);
  if (Array.isArray(k)) return k.map(normKey);
  if (k && typeof k === "object") return Object.fromEntries(Object.entries(k).map(([a, b]) => [a, normKey(b)]));
  return k;
}
