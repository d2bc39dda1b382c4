#!/usr/bin/env node
// The workspace's packages as users get them: built to JavaScript, packed into tarballs, and installed
// with plain npm into a fresh project outside the repository, where what a user does is run.
//
//   node tools/packages.mjs build              tsc each package (dist/: .js, .d.ts, source maps), in dependency order
//   node tools/packages.mjs pack <dir>         build, then `pnpm pack` each package into <dir> (workspace: links become versions)
//   node tools/packages.mjs consumer [dir]     pack, then in a fresh project at [dir] (default: a temporary folder):
//                                              npm install the tarballs, and run a program that composes a runtime,
//                                              a vitest suite (scenario files, the client), `npx corelab replay`, `metadata`,
//                                              `npx corelab simulate` with worker threads, `npx corelab --version`
//
// `node tools/run.mjs consumer` runs the last one (CI does, before the tests). It needs the npm
// registry for the packages' own dependencies, as any user's install does.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "10.34.9";

/** Every publishable package of the workspace: { name, dir, deps (workspace names) }, dependencies first. */
export function workspacePackages() {
  const dirs = ["packages", "apps"].flatMap((d) =>
    readdirSync(join(ROOT, d), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(ROOT, d, e.name, "package.json")))
      .map((e) => join(ROOT, d, e.name)),
  );
  const pkgs = new Map();
  for (const dir of dirs.sort()) {
    const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (json.private) continue;
    pkgs.set(json.name, { name: json.name, version: json.version, dir, json });
  }
  for (const p of pkgs.values()) p.deps = Object.keys(p.json.dependencies ?? {}).filter((d) => pkgs.has(d)).sort();
  const order = [];
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const d of pkgs.get(name).deps) visit(d);
    order.push(pkgs.get(name));
  };
  for (const name of [...pkgs.keys()].sort()) visit(name);
  return order;
}

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    log(`packages: ${cmd} ${args.join(" ")} failed (exit ${r.status})${opts.cwd ? ` in ${opts.cwd}` : ""}`);
    process.exit(r.status ?? 1);
  }
  return r;
}

/** Builds every package with its tsconfig.build.json (and vite, where it has a vite.config.ts), dependencies first (a package's build reads its dependencies' `.d.ts`). */
export function build() {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  for (const p of workspacePackages()) {
    const t0 = performance.now();
    rmSync(join(p.dir, "dist"), { recursive: true, force: true });
    run(tsc, ["-p", join(p.dir, "tsconfig.build.json")], { cwd: ROOT });
    // a package with a browser part (the explorer's script) builds it with vite into dist/ too
    if (existsSync(join(p.dir, "vite.config.ts"))) run(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", join(p.dir, "vite.config.ts")], { cwd: p.dir });
    log(`  built ${p.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

function pnpm() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  return probe.status === 0 && probe.stdout.trim().startsWith("10.") ? ["pnpm", []] : ["npx", ["-y", `pnpm@${PNPM_VERSION}`]];
}

/** Builds and packs every package into `dest`; returns the tarballs' paths. */
export function pack(dest) {
  build();
  mkdirSync(dest, { recursive: true });
  const [cmd, pre] = pnpm();
  const tarballs = [];
  for (const p of workspacePackages()) {
    const before = new Set(readdirSync(dest));
    run(cmd, [...pre, "pack", "--pack-destination", dest], { cwd: p.dir, stdio: ["ignore", "ignore", "inherit"] });
    const made = readdirSync(dest).filter((f) => f.endsWith(".tgz") && !before.has(f));
    if (made.length !== 1) {
      log(`packages: packing ${p.name} made ${made.length} tarballs`);
      process.exit(1);
    }
    tarballs.push(join(dest, made[0]));
  }
  log(`  packed ${tarballs.length} packages into ${dest}`);
  return tarballs;
}

/** A fresh project outside the repository, with the packed packages installed by plain npm: see the module doc. */
export function consumer(dir) {
  const project = dir ? resolve(dir) : mkdtempSync(join(tmpdir(), "corelab-consumer-"));
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const tarballs = pack(join(project, "tarballs"));
  // the project as a user has it (its vitest.config.ts is the repository's, for running these files on the sources)
  cpSync(join(ROOT, "tools", "consumer"), project, { recursive: true, filter: (src) => !src.endsWith("vitest.config.ts") });
  const vitest = JSON.parse(readFileSync(join(ROOT, "node_modules", "vitest", "package.json"), "utf8")).version;
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "corelab-consumer", private: true, type: "module", scripts: { test: "vitest run" } }, null, 2)}\n`,
  );
  log(`\n── npm install (${tarballs.length} tarballs, vitest ${vitest}) in ${project} ──`);
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs, `vitest@${vitest}`], { cwd: project });
  const steps = [
    ["a program that composes a runtime and runs blocks", "node", ["program.mjs"]],
    ["a vitest test that replays a scenario file", "npx", ["vitest", "run"]],
    ["npx corelab --version", "npx", ["corelab", "--version"]],
    ["npx corelab replay (a preset, and a runtime module of the project's own)", "npx", ["corelab", "replay", "scenarios"]],
    ["npx corelab metadata of the project's runtime module", "npx", ["corelab", "metadata", "./src/runtime.ts"]],
    ["npx corelab simulate (worker threads)", "npx", ["corelab", "simulate", "model.yaml", "--seeds", "2", "--workers", "2", "--out", "out"]],
    ["npx corelab runs list (the run store the replay and the simulation recorded into)", "npx", ["corelab", "runs", "list"]],
    ["the explorer over that store, with its browser script (built by vite into the package)", "node", ["explorer.mjs"]],
  ];
  for (const [title, cmd, args] of steps) {
    log(`\n── ${title}: ${cmd} ${args.join(" ")} ──`);
    const t0 = performance.now();
    run(cmd, args, { cwd: project, env: { CI: "true" } });
    log(`ok (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  log(`\nconsumer: every step passed in ${project}`);
  if (!dir) rmSync(project, { recursive: true, force: true });
}

const [cmd, arg] = process.argv.slice(2);
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  switch (cmd) {
    case "build":
      build();
      break;
    case "pack":
      if (!arg) {
        log("usage: node tools/packages.mjs pack <dir>");
        process.exit(2);
      }
      pack(resolve(arg));
      break;
    case "consumer":
      consumer(arg);
      break;
    default:
      log("usage: node tools/packages.mjs build | pack <dir> | consumer [dir]");
      process.exit(2);
  }
}
