// The Corelab side: replays a scenario file on the `coretime-polkadot@1003000` preset, in this
// process, with the same code `corelab replay` runs: the CLI bundle tools/bundle.mjs builds from the
// workspace sources (.corelab-out/build/, rebuilt when a source changed). Per block it records the
// call results, the Broker events and every Broker storage item in Corelab's JSON shapes (the
// codecs' `toJson`: papi-style enums `{ type, value }`, bigints as decimal strings, None as null).
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The Corelab checkout whose sources are replayed: the repository this folder is in, or
 * `PEER_CORELAB_ROOT` (another checkout, e.g. an older commit extracted with `git archive`, its
 * node_modules linked to this one's).
 */
export const CORELAB_ROOT = resolve(process.env.PEER_CORELAB_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".."));

let modules;

/** The bundled @corelab/testing and @corelab/runtimes (built first if a workspace source changed). */
export async function loadCorelab() {
  if (modules) return modules;
  const { bundled, cliTarget, BUILD_DIR } = await import(pathToFileURL(join(CORELAB_ROOT, "tools", "bundle.mjs")).href);
  await bundled(cliTarget());
  const load = (name) => import(pathToFileURL(join(BUILD_DIR, `pkg.${name}.mjs`)).href);
  const [testing, runtimes] = await Promise.all([load("testing"), load("runtimes")]);
  modules = { testing, runtimes };
  return modules;
}

/** Every Broker storage item of `rt` as JSON: `{ Item: value }` for values, `{ Item: [[key, value], …] }` for maps (absent items omitted). */
export function brokerStorageJson(rt) {
  const storage = rt.pallet("Broker").pallet.storage;
  const out = {};
  for (const [name, item] of Object.entries(storage)) {
    const v = rt.query("Broker", name);
    if (item.kind === "value") {
      // a ValueQuery item reads as its default when absent: only a stored value counts
      const stored = typeof item.exists === "function" ? rt.read((ctx) => item.exists(ctx)) : v !== undefined;
      if (stored && v !== undefined) out[name] = item.codec.toJson(v);
    } else if (v.length > 0) {
      out[name] = v.map(([k, x]) => [item.keyCodec.toJson(k), item.codec.toJson(x)]);
    }
  }
  return out;
}

/**
 * Replays `file` on Corelab. Returns `{ passed, mismatches, blocks: Map<number, { calls, events, storage }> }`:
 * `calls` the result of each extrinsic (`"ok"` or the error name, `Broker.Overpriced`), `events` the
 * Broker events (`{ name, fields }`), `storage` every Broker item after the block.
 */
export async function runCorelab(file, presetName) {
  const { testing, runtimes } = await loadCorelab();
  const preset = runtimes.builtinPresets.find((p) => p.name === presetName);
  if (!preset) throw new Error(`no preset ${presetName}`);
  const blocks = new Map();
  let encoder;
  const observer = {
    block(b, rt) {
      encoder ??= new testing.BlockJsonEncoder(rt);
      const j = encoder.encode(b);
      blocks.set(b.number, {
        calls: j.extrinsics.map((x) => ({ call: `${x.call.pallet}.${x.call.name}`, origin: x.origin, result: x.result.ok ? "ok" : x.result.error })),
        events: j.events.filter((e) => e.event.type === "Broker").map((e) => ({ name: e.event.value.type, fields: e.event.value.value })),
        storage: brokerStorageJson(rt),
      });
    },
  };
  const r = testing.replayFile(file, { preset, observers: [observer] });
  return { passed: r.passed, mismatches: r.mismatches, blocks };
}

/** `runCorelab` in a child process (lib/corelab-child.mjs). */
export function runCorelabIsolated(file, presetName) {
  const child = fileURLToPath(new URL("./corelab-child.mjs", import.meta.url));
  const r = spawnSync(process.execPath, ["--enable-source-maps", child, file, presetName], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`the Corelab side failed (exit ${r.status}):\n${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return { passed: out.passed, mismatches: out.mismatches, blocks: new Map(out.blocks) };
}
