// Bundles what tools/run.mjs runs (the corelab CLI, each benchmark) with esbuild into
// .corelab-out/build/, so they start as plain JavaScript instead of tsx transpiling the workspace on
// every start. `bundled(target)` rebuilds only when an input changed: the target's manifest.json lists
// every file the last build read (the workspace sources from esbuild's metafile, the package.json and
// tsconfig files, the lockfile, this file) with its mtime and size; checking it is ~250 stat calls.
//
// The bundles:
// - ESM, platform node, target node20, linked source maps (`sourcesContent` off: the sources are here);
// - workspace packages (`@corelab/*`) bundled from their TypeScript sources (`@corelab/source`);
//   everything from node_modules left external, resolved at run time through build/node_modules, a
//   folder of links to each workspace package's dependencies (pnpm does not hoist them to the root);
// - code splitting, every file flat in the target's folder, so a module both bundled and loaded by
//   URL (a worker, a model module) is one module instance per thread;
// - `new URL("./x.ts" | "./x.js", import.meta.url)` in a bundled source names a module loaded at run
//   time (piscina's worker, the simulate registry's model modules): that module becomes an entry of its
//   own and the URL is rewritten to its output (`./emulator.simulate.runner.worker.mjs`). A URL to
//   anything else (a folder, a data file) becomes the source's absolute file URL.
//
// Users' TypeScript modules (`corelab simulate`'s `model: ./my-model.ts`, agent modules): the CLI entry
// registers tsx (import and require) only for `simulate` (CORELAB_TSX=1 forces it, =0 prevents it),
// after the CLI's own modules are loaded; the simulate worker registers tsx itself (worker.js). Their
// `@corelab/*` imports resolve to the bundle's own modules (pkg.<package>.mjs, one instance with the
// CLI's, so `instanceof CorelabError` holds): an ESM resolve hook (hooks.mjs) for `import`, and for
// `require` a resolver patch (Node ≥ 20.19 can require these ESM files). Worker threads register both
// when their entry loads.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUILD_DIR = join(ROOT, ".corelab-out", "build");
const THIS_FILE = fileURLToPath(import.meta.url);
/** Bump when the output layout changes (forces a rebuild). */
const FORMAT = 4;

/** The corelab CLI: build/bin.mjs, with the workspace packages' entries for users' modules. */
export function cliTarget() {
  return { name: "corelab", dir: BUILD_DIR, entries: [{ in: "corelab:bin", out: "bin" }], userModules: true };
}

/** One benchmark (tools/bench/<name>.bench.ts): build/bench/<name>/<name>.mjs. */
export function benchTarget(file) {
  const name = basename(file).replace(/\.bench\.ts$/, "");
  return { name: `bench ${name}`, dir: join(BUILD_DIR, "bench", name), entries: [{ in: resolve(file), out: name }], userModules: false, bundleDependencies: true };
}

/** The path of `target`'s main output, rebuilt first if any input changed. */
export async function bundled(target) {
  const main = join(target.dir, `${target.entries[0].out}.mjs`);
  const manifest = readManifest(target.dir);
  if (manifest && existsSync(main) && fresh(manifest)) return main;
  await build(target, manifest);
  return main;
}

function readManifest(dir) {
  try {
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    return m.format === FORMAT ? m : undefined;
  } catch {
    return undefined;
  }
}

function fresh(manifest) {
  for (const [file, [mtime, size]] of Object.entries(manifest.inputs)) {
    const s = statSync(join(ROOT, file), { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtime || s.size !== size) return false;
  }
  return true;
}

// ── the generated modules ───────────────────────────────────────────────────────────────────────

const CLI_ENTRY = `// the corelab CLI (tools/bundle.mjs)
process.setSourceMapsEnabled(true);
await import("./apps/emulator/src/cli.ts"); // the CLI's own modules, loaded before tsx is registered
const { allowUserModules } = await import("corelab:runtime");
// a user's TypeScript module loaded later (apps/emulator/src/user-modules.ts) registers tsx through this
globalThis[Symbol.for("corelab.allowUserModules")] = () => allowUserModules({ tsx: true });
if ((process.env.CORELAB_TSX ?? (process.argv.slice(2).includes("simulate") ? "1" : "0")) === "1") await allowUserModules({ tsx: true });
await import("./apps/emulator/src/bin.ts");
`;

/** Shared by the CLI entry and the URL-loaded entries: registers what users' modules need, once per thread. */
const RUNTIME = `import Module, { register } from "node:module";
import { fileURLToPath } from "node:url";
import { PACKAGES } from "corelab:packages";

const DONE = Symbol.for("corelab.userModules");

export async function allowUserModules({ tsx }) {
  if (globalThis[DONE]) return;
  globalThis[DONE] = true;
  if (tsx) {
    const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
    esm.register();
    cjs.register();
  }
  // registered after tsx, so consulted before it
  register(new URL("./hooks.mjs", import.meta.url));
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const out = PACKAGES[request];
    return out === undefined ? resolveFilename.call(this, request, ...rest) : fileURLToPath(new URL(out, import.meta.url));
  };
}
`;

const HOOKS = `import { PACKAGES } from "corelab:packages";

export async function resolve(specifier, context, next) {
  const out = PACKAGES[specifier];
  return out === undefined ? next(specifier, context) : { url: new URL(out, import.meta.url).href, format: "module", shortCircuit: true };
}
`;

/** A module loaded by URL (a worker, a model module): the module, after registering what users' modules need. */
const urlEntry = (file) => `import * as m from ${JSON.stringify(file)};
import { allowUserModules } from "corelab:runtime";
await allowUserModules({ tsx: false }); // a worker: worker.js has registered tsx
export * from ${JSON.stringify(file)};
export default m.default;
`;

// ── the build ───────────────────────────────────────────────────────────────────────────────────

/** The workspace's package folders (pnpm-workspace.yaml: packages/*, apps/*, tools). */
function workspacePackages() {
  const dirs = [];
  for (const parent of ["packages", "apps"]) {
    for (const d of readdirSync(join(ROOT, parent), { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(join(ROOT, parent, d.name, "package.json"))) dirs.push(join(ROOT, parent, d.name));
    }
  }
  dirs.push(join(ROOT, "tools"));
  return dirs;
}

/** Each `@corelab/*` export (package name + subpath) with a source, and its output name: pkg.frame, pkg.pallet-broker.testing. */
function packageEntries() {
  const entries = [];
  for (const dir of workspacePackages()) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const src = typeof target === "object" ? target["@corelab/source"] : undefined;
      if (typeof src !== "string") continue;
      const specifier = sub === "." ? pkg.name : `${pkg.name}/${sub.slice(2)}`;
      entries.push({ specifier, in: join(dir, src), out: `pkg.${[basename(dir), ...(sub === "." ? [] : sub.slice(2).split("/"))].join(".")}` });
    }
  }
  return entries;
}

const SCRIPT = /\.(?:[cm]?[jt]s|tsx)$/;
const URL_REF = /new URL\(\s*(["'])(\.{1,2}\/[^"'\n]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The flat output name of a module loaded by URL: apps/emulator/src/simulate/runner/worker.js → emulator.simulate.runner.worker */
function outName(file) {
  return relative(ROOT, file)
    .replace(/\.[^./\\]+$/, "")
    .split(sep)
    .filter((part, i) => !(i === 0 && (part === "apps" || part === "packages")) && part !== "src")
    .join(".");
}

/** Packages with native addons (or worker files of their own): never bundled. */
const NATIVE = ["@resvg/resvg-js", "piscina", "@duckdb/node-api", "@duckdb/node-bindings"];

function plugin(packages, refs, bundleDependencies = false) {
  const virtual = {
    bin: CLI_ENTRY,
    runtime: RUNTIME,
    hooks: HOOKS,
    packages: `export const PACKAGES = ${JSON.stringify(Object.fromEntries(packages.map((p) => [p.specifier, `./${p.out}.mjs`])))};\n`,
  };
  return {
    name: "corelab",
    setup(b) {
      b.onResolve({ filter: /^corelab:/ }, (a) => ({ path: a.path.slice("corelab:".length), namespace: "corelab" }));
      b.onLoad({ filter: /.*/, namespace: "corelab" }, (a) => ({
        contents: a.path.startsWith("url:") ? urlEntry(a.path.slice(4)) : virtual[a.path],
        resolveDir: ROOT,
        loader: "js",
      }));
      // bare specifiers: workspace packages are bundled, the rest stays external, except in a
      // benchmark, which bundles its dependencies too (a whole process is timed: Node resolving and
      // loading the hundreds of small files of @polkadot/* would be most of a short bench's time),
      // all but packages with native addons
      b.onResolve({ filter: /^[^./#]/ }, (a) =>
        a.path.startsWith("@corelab/") || (bundleDependencies && !NATIVE.some((n) => a.path === n || a.path.startsWith(`${n}/`))) ? undefined : { path: a.path, external: true },
      );
      b.onLoad({ filter: SCRIPT }, (a) => {
        if (a.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const src = readFileSync(a.path, "utf8");
        if (!src.includes("import.meta.url")) return undefined;
        let changed = false;
        const out = src.replace(URL_REF, (_m, _q, rel) => {
          changed = true;
          const file = resolve(dirname(a.path), rel);
          if (SCRIPT.test(file) && statSync(file, { throwIfNoEntry: false })?.isFile()) {
            refs.add(file);
            return `new URL(${JSON.stringify(`./${outName(file)}.mjs`)}, import.meta.url)`;
          }
          return `new URL(${JSON.stringify(new URL(rel, pathToFileURL(a.path)).href)})`;
        });
        if (!changed) return undefined;
        const ext = extname(a.path);
        return { contents: out, loader: ext === ".tsx" ? "tsx" : ext.endsWith("ts") ? "ts" : "js" };
      });
    },
  };
}

async function build(target, previous) {
  const t0 = performance.now();
  const { build: esbuild } = await import("esbuild");
  const started = Date.now();
  const packages = target.userModules ? packageEntries() : [];
  const fixed = [...target.entries, ...(target.userModules ? [{ in: "corelab:hooks", out: "hooks" }] : []), ...packages.map((p) => ({ in: p.in, out: p.out }))];
  const urlIn = (f) => (target.userModules ? `corelab:url:${f}` : f);
  // modules loaded by URL: start from the last build's, add the ones a build finds (then build again)
  let urlEntries = (previous?.urlEntries ?? []).map((f) => join(ROOT, f)).filter((f) => existsSync(f));
  let result;
  let refs;
  for (let pass = 0; ; pass++) {
    refs = new Set();
    result = await esbuild({
      absWorkingDir: ROOT,
      entryPoints: [...fixed, ...urlEntries.map((f) => ({ in: urlIn(f), out: outName(f) }))],
      outdir: target.dir,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunk-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["@corelab/source"],
      // `corelab --version` (apps/emulator/src/cli.ts reads its package.json when not bundled)
      define: { CORELAB_VERSION: JSON.stringify(JSON.parse(readFileSync(join(ROOT, "apps", "emulator", "package.json"), "utf8")).version) },
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      write: false,
      logLevel: "warning",
      logOverride: { "import-is-undefined": "silent" }, // urlEntry's `m.default` for a module without one
      plugins: [plugin(packages, refs, target.bundleDependencies === true)],
      // bundled CommonJS dependencies `require` Node's built-ins: give the ESM bundle a `require`
      ...(target.bundleDependencies ? { banner: { js: 'import { createRequire as __corelabRequire } from "node:module"; const require = __corelabRequire(import.meta.url);' } } : {}),
      // a benchmark's bundle is parsed on every start: whitespace and syntax minified (names kept for
      // profiles); CORELAB_MINIFY=0 keeps it readable, for line-level CPU profiles
      ...(target.bundleDependencies && process.env.CORELAB_MINIFY !== "0" ? { minifyWhitespace: true, minifySyntax: true } : {}),
    }).catch(() => undefined); // esbuild has printed the errors
    if (!result) {
      process.stderr.write(`corelab: bundling ${target.name} failed\n`);
      process.exit(1);
    }
    const missing = [...refs].filter((f) => !urlEntries.includes(f));
    if (missing.length === 0) break;
    if (pass === 3) throw new Error(`corelab: bundling ${target.name}: modules loaded by URL keep appearing: ${missing.join(", ")}`);
    urlEntries = [...urlEntries, ...missing];
  }

  mkdirSync(target.dir, { recursive: true });
  const written = new Set();
  for (const f of result.outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path); // atomic: a process starting meanwhile reads the old file or the new one
    written.add(relative(target.dir, f.path));
  }
  linkPackages(result.metafile);

  const inputs = {};
  const track = (file) => {
    const s = statSync(file, { throwIfNoEntry: false });
    if (s) inputs[relative(ROOT, file)] = [s.mtimeMs, s.size];
  };
  for (const f of Object.keys(result.metafile.inputs)) if (!f.includes(":")) track(join(ROOT, f));
  for (const dir of workspacePackages()) {
    track(join(dir, "package.json"));
    track(join(dir, "tsconfig.json"));
  }
  for (const f of ["package.json", "tsconfig.base.json", "pnpm-lock.yaml", "node_modules/.modules.yaml"]) track(join(ROOT, f));
  track(THIS_FILE);
  // a file changed while esbuild read it: record it as changed, so the next start rebuilds
  for (const [f, [mtime]] of Object.entries(inputs)) if (mtime >= started) inputs[f] = [0, -1];

  const manifest = { format: FORMAT, inputs, urlEntries: [...refs].map((f) => relative(ROOT, f)), outputs: [...written].sort() };
  const tmp = join(target.dir, `manifest.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(tmp, join(target.dir, "manifest.json"));
  for (const old of previous?.outputs ?? []) if (!written.has(old)) rmSync(join(target.dir, old), { force: true });
  process.stderr.write(`corelab: bundled ${target.name} into ${relative(ROOT, target.dir)} (${Math.round(performance.now() - t0)} ms)\n`);
}

/**
 * build/node_modules: a link to each dependency of each workspace package, so the bundles' external
 * imports (and `createRequire(import.meta.url)` calls in bundled code) resolve as they do from the
 * package's own folder; also any external in the metafile that no package.json declares.
 */
function linkPackages(metafile) {
  const dir = join(BUILD_DIR, "node_modules");
  const linked = new Map(); // name → real path
  const link = (name, fromDir) => {
    const src = join(fromDir, "node_modules", name);
    if (!existsSync(src)) return;
    const real = realpathSync(src);
    const had = linked.get(name);
    if (had !== undefined) {
      if (had !== real) process.stderr.write(`corelab: warning: two versions of ${name} in the workspace; the bundles use ${had}\n`);
      return;
    }
    linked.set(name, real);
    const dest = join(dir, name);
    if (lstatSync(dest, { throwIfNoEntry: false })) {
      try {
        if (realpathSync(dest) === real) return;
      } catch {
        // a dangling link (a reinstall moved the package): replace it
      }
      rmSync(dest, { recursive: true, force: true });
    }
    mkdirSync(dirname(dest), { recursive: true });
    symlinkSync(real, dest, "dir");
  };
  for (const pkgDir of workspacePackages()) {
    const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    for (const deps of [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies]) {
      for (const [name, spec] of Object.entries(deps ?? {})) if (!String(spec).startsWith("workspace:")) link(name, pkgDir);
    }
  }
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      if (!imp.external || isBuiltin(imp.path) || /^[./]/.test(imp.path)) continue;
      const parts = imp.path.split("/");
      const name = imp.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      if (linked.has(name) || existsSync(join(ROOT, "node_modules", name))) continue;
      for (let d = dirname(join(ROOT, file)); d.startsWith(ROOT) && !linked.has(name); d = dirname(d)) {
        link(name, d);
        if (d === ROOT) break;
      }
      if (!linked.has(name)) process.stderr.write(`corelab: warning: ${imp.path} (imported by ${file}) is not installed\n`);
    }
  }
}
