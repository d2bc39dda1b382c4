#!/usr/bin/env node
// The launcher behind the README's commands. It needs only Node 20 and npm: on first use it installs
// the workspace with pnpm 10 (through npx when pnpm is not on PATH), then runs what was asked.
//
//   node tools/run.mjs start              the main job: replay the bundled real-coretime and network scenarios
//   node tools/run.mjs test               lint, typecheck and every test; ends with "N passed, N failed"
//   node tools/run.mjs corelab <args>     the corelab CLI (apps/emulator) on the workspace sources
//   node tools/run.mjs bench [name]       benchmarks (tools/bench/*.bench.ts)
//   node tools/run.mjs consumer [dir]     the packages as users get them: packed, installed with npm into a
//                                         fresh project, used there (tools/packages.mjs; CI runs it)
//
// The CLI and the benchmarks run bundled: tools/bundle.mjs builds them with esbuild from the workspace
// sources into .corelab-out/build/ (rebuilt only when a source changed), instead of tsx transpiling the
// workspace on every start. `npm test` runs the sources (vitest), as before.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "10.34.9";

/**
 * The bundled scenarios the main job replays, and the reports it prints: the broker's sales of the
 * real-history replays (`coretime`) and the relay + coretime network of scenarios/network (`network`);
 * each report says "not applicable" for the other kind of file.
 */
const MAIN_JOB = ["replay", "scenarios/real", "scenarios/network", "--report", "coretime", "--report", "network"];

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NX_DAEMON: "false", ...opts.env }, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().startsWith("10.")) return ["pnpm", []];
  return ["npx", ["-y", `pnpm@${PNPM_VERSION}`]];
}

function ensureInstalled() {
  const marker = join(ROOT, "node_modules", ".modules.yaml");
  const lock = join(ROOT, "pnpm-lock.yaml");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log("corelab: installing the workspace (pnpm install, first run only)…");
  const [cmd, pre] = pnpmCommand();
  const status = run(cmd, [...pre, "install", "--frozen-lockfile"]);
  if (status !== 0) {
    log("corelab: pnpm install failed");
    process.exit(status);
  }
}

/**
 * The corelab CLI, bundled (.corelab-out/build/bin.mjs), run in this process: one Node start instead
 * of two. It sets process.exitCode; the process ends when its work does.
 */
async function corelab(args) {
  const { bundled, cliTarget } = await import("./bundle.mjs");
  const bin = await bundled(cliTarget());
  process.argv = [process.argv[0], bin, ...args];
  await import(pathToFileURL(bin).href);
}

function bin(name) {
  return join(ROOT, "node_modules", ".bin", name);
}

/** lint → typecheck → tests; prints the closing `N passed, N failed` line CI reads. */
function test() {
  const steps = [];
  const step = (name, fn) => {
    log(`\n── ${name} ──`);
    const t0 = process.hrtime.bigint();
    const status = fn();
    steps.push({ name, status, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
    return status;
  };
  step("lint (eslint, module boundaries)", () => {
    run(bin("nx"), ["show", "projects"], { stdio: "ignore" }); // the boundaries rule reads nx's project graph
    return run(bin("eslint"), ["."]);
  });
  // One tsc program over every project (tsconfig.json at the root): the same options as each
  // project's own tsconfig, checked once instead of once per dependent project (`nx run-many -t
  // typecheck` still checks project by project).
  // (and the explorer's browser script, with DOM types, as a program of its own)
  step("typecheck (tsc, whole workspace)", () => run(bin("tsc"), ["-p", join(ROOT, "tsconfig.json")]) || run(bin("tsc"), ["-p", join(ROOT, "packages", "explorer", "client", "tsconfig.json")]));
  const report = join(ROOT, ".corelab-out", "vitest-report.json");
  rmSync(report, { force: true });
  step("tests (vitest, every project)", () =>
    run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]),
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8"));
    passed = r.numPassedTests ?? 0;
    failed = (r.numFailedTests ?? 0) + suitesFailedWithoutTests(r);
  }
  log("");
  for (const s of steps) log(`${s.status === 0 ? "ok  " : "FAIL"} ${s.name} (${s.seconds.toFixed(1)} s)`);
  const broken = steps.filter((s) => s.status !== 0);
  // lint or typecheck failures count as failed checks so the closing line never hides them
  const extra = broken.filter((s) => !s.name.startsWith("tests")).length;
  console.log(`${passed} passed, ${failed + extra} failed`);
  return broken.length === 0 && failed === 0 ? 0 : 1;
}

// A test file that fails to load (or throws outside its tests) has no failed test to count: count it once.
function suitesFailedWithoutTests(r) {
  return (r.testResults ?? []).filter((s) => s.status === "failed" && !(s.assertionResults ?? []).some((a) => a.status === "failed")).length;
}

/** Each chosen benchmark, bundled on demand (.corelab-out/build/bench/<name>/), in a process of its own. */
async function bench(args) {
  const { bundled, benchTarget } = await import("./bundle.mjs");
  const dir = join(ROOT, "tools", "bench");
  const all = readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort();
  const chosen = args.length ? all.filter((f) => args.some((a) => f.includes(a))) : all;
  let status = 0;
  for (const f of chosen) {
    log(`\n── ${f} ──`);
    const out = await bundled(benchTarget(join(dir, f)));
    status ||= run(process.execPath, ["--expose-gc", "--enable-source-maps", out]);
  }
  return status;
}

const [cmd = "start", ...rest] = process.argv.slice(2);
ensureInstalled();
switch (cmd) {
  case "start":
    await corelab([...MAIN_JOB, ...rest]);
    break;
  case "corelab":
    await corelab(rest);
    break;
  case "test":
    process.exit(test());
    break;
  case "bench":
    process.exit(await bench(rest));
    break;
  case "consumer": {
    const { consumer } = await import("./packages.mjs");
    consumer(rest[0]);
    break;
  }
  default:
    log(`unknown command '${cmd}': use start, test, corelab, bench or consumer`);
    process.exit(2);
}
