/**
 * @corelab/testing: the scenario (block-sequence) format of SCENARIO.md, its replay runner, the
 * runtime preset registry, and (under `@corelab/testing/vitest`) a vitest helper that turns a
 * folder of scenario files into one test per file.
 *
 * ```ts
 * import { replayFile, formatResult } from "@corelab/testing";
 * const r = replayFile("scenarios/purchase.yaml");
 * if (!r.passed) console.log(formatResult(r));
 * ```
 */
export { ScenarioError, formatLocation, toScenarioError, type SourceLocation } from "./errors.ts";
export { parseSource, splitPath, type ParsedSource } from "./source.ts";
export {
  ScenarioSchema,
  StepSchema,
  CallSchema,
  OriginSchema,
  CallExpectSchema,
  ExpectSchema,
  EventExpectSchema,
  StorageExpectSchema,
  validateStructure,
  formatPath,
  rawGenesisFile,
  type ScenarioDocument,
  type StepDocument,
  type CallDocument,
  type ExpectDocument,
  type EventExpectDocument,
} from "./schema.ts";
export { parseScenario, loadScenario, readScenarioText, scenarioFromObject, type Scenario } from "./scenario.ts";
export {
  DEFAULT_SCENARIO_LIMITS,
  SCENARIO_LIMIT_ENV,
  limitsFromEnv,
  scenarioLimits,
  type ScenarioLimits,
} from "./limits.ts";
export { runScenarioFile, FILE_EXIT_STATUS, type FileRun, type FileStatus, type RunFileOptions } from "./run-file.ts";
export {
  Names,
  ScenarioAccounts,
  ACCOUNT_FORMS,
  resolveScenarioAccount,
  DISPATCH_ERROR_UNITS,
  DISPATCH_ERROR_GROUPS,
  type ChainView,
  type Target,
} from "./names.ts";
export {
  compileScenario,
  chainPrefixes,
  type CompileOptions,
  type CompiledScenario,
  type CompiledStep,
  type CompiledCall,
  type CompiledEvent,
  type CompiledStorage,
  type CompiledBalance,
  type CompiledExpect,
  type CallExpectation,
  type StorageWrite,
} from "./compile.ts";
export {
  replay,
  replayFile,
  type ReplayOptions,
  type ReplayResult,
  type ReplayObserver,
  type StepReport,
  type Mismatch,
  checkedExpectations,
  type CheckedExpectation,
} from "./replay.ts";
export { formatValue, formatEvent, diffValues, type AccountLabeler } from "./format.ts";
export { formatMismatch, formatResult } from "./report.ts";
export { BlockJsonEncoder, plainJson, type BlockJson } from "./json.ts";
export { findScenarioFiles, SCENARIO_EXTENSIONS } from "./files.ts";
export { readStateFile, decodeStateFile, ensureSs58Accounts, type StateFile, type StateFileKind } from "./raw-genesis.ts";
export { scenarioState, rawStateText, chopsticksStateText, type ScenarioState, type ScenarioStateOptions, type StateText } from "./state-export.ts";
// presets: the type and the parsing helper are @corelab/frame's, the built-in presets @corelab/runtimes'
export type { Preset, PresetOptions, ParsedPalletOptions, PalletPathOf } from "@corelab/frame";
export { parsePalletOptions } from "@corelab/frame";
export { registerPreset, unregisterPreset, getPreset, listPresets, loadBuiltinPresets } from "./presets/registry.ts";
export * from "./preset-module.ts";
export { allowTypeScriptModules, isTypeScriptModule } from "./user-modules.ts";
