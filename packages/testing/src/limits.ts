/**
 * Limits on the work a scenario file may ask for (SCENARIO.md "Limits"), so that a typo such as
 * `at: 4294967295`, a file that is not a file, or a block of 10^5 calls ends with a clear error
 * naming the path instead of hours of blocks or an exhausted memory. Each limit is raised (or
 * lowered) by an environment variable or by the `limits` option of `compileScenario` /
 * `loadScenario` / `runScenarioFile`.
 */
import { CorelabError } from "@corelab/frame";

/** What a scenario file may ask for. */
export interface ScenarioLimits {
  /** Bytes a scenario file may have (default 16 MiB; `CORELAB_MAX_FILE_BYTES`). */
  readonly maxFileBytes: number;
  /**
   * Blocks a file may build: its last `at` less its `start` (default 10,000,000, about 19 months
   * of 6 s blocks; `CORELAB_MAX_BLOCKS`). In a network preset, relay blocks.
   */
  readonly maxBlocks: number;
  /** Calls in one block: the calls of the steps that name the same block (default 10,000; `CORELAB_MAX_CALLS_PER_BLOCK`). */
  readonly maxCallsPerBlock: number;
}

/** The default limits (see `ScenarioLimits`). */
export const DEFAULT_SCENARIO_LIMITS: ScenarioLimits = Object.freeze({
  maxFileBytes: 16 * 1024 * 1024,
  maxBlocks: 10_000_000,
  maxCallsPerBlock: 10_000,
});

/** The environment variable of each limit. */
export const SCENARIO_LIMIT_ENV: Readonly<Record<keyof ScenarioLimits, string>> = Object.freeze({
  maxFileBytes: "CORELAB_MAX_FILE_BYTES",
  maxBlocks: "CORELAB_MAX_BLOCKS",
  maxCallsPerBlock: "CORELAB_MAX_CALLS_PER_BLOCK",
});

/**
 * The limits set in `env` (the variables of `SCENARIO_LIMIT_ENV`; unset ones are left out). A
 * value that is not a whole number >= 1 (underscores allowed: `50_000_000`) throws a
 * `CorelabError` (code `BadLimit`) naming the variable.
 */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Partial<ScenarioLimits> {
  const out: { -readonly [K in keyof ScenarioLimits]?: number } = {};
  for (const key of Object.keys(SCENARIO_LIMIT_ENV) as Array<keyof ScenarioLimits>) {
    const name = SCENARIO_LIMIT_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const text = raw.trim().replace(/_/g, "");
    const n = Number(text);
    if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(n))
      throw new CorelabError("BadLimit", `${name}: expected a whole number >= 1, got ${JSON.stringify(raw)}`);
    out[key] = n;
  }
  return out;
}

/**
 * The limits in force: the defaults, then the environment's (`process.env`), then `overrides`.
 * Throws a `CorelabError` (code `BadLimit`) on a bad environment value or override.
 */
export function scenarioLimits(overrides: Partial<ScenarioLimits> = {}): ScenarioLimits {
  const env = typeof process === "undefined" ? {} : limitsFromEnv(process.env);
  const out = { ...DEFAULT_SCENARIO_LIMITS, ...env, ...definedOnly(overrides) };
  for (const key of Object.keys(SCENARIO_LIMIT_ENV) as Array<keyof ScenarioLimits>)
    if (!Number.isSafeInteger(out[key]) || out[key] < 1) throw new CorelabError("BadLimit", `limits.${key}: expected a whole number >= 1, got ${String(out[key])}`);
  return out;
}

function definedOnly(o: Partial<ScenarioLimits>): Partial<ScenarioLimits> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<ScenarioLimits>;
}

/** How to raise a limit, for messages: `set CORELAB_MAX_BLOCKS (or the maxBlocks limit) to allow more`. */
export function raiseHint(key: keyof ScenarioLimits): string {
  return `set ${SCENARIO_LIMIT_ENV[key]} (or the ${key} limit) to allow more`;
}
