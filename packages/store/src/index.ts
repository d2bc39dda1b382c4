/**
 * @corelab/store: the embedded run store. Replays, simulations and comparisons record into one
 * DuckDB file (default `.corelab/runs.duckdb`); runs are listed, read back, compared and exported.
 * Any number of processes may record at once (a lock file next to the store serialises their
 * sessions). See the package README for the schema, the lock and the measured figures.
 */
export { DEFAULT_STORE_PATH, DEFAULT_BATCH, openStore, RunStore, RunRecorder, type BatchLimits, type BlockFilter, type OpenStoreOptions } from "./store.ts";
export { DEFAULT_LOCK, lockPath, type LockOptions } from "./lock.ts";
export { SCHEMA_VERSION, STORE_FORMAT } from "./schema.ts";
export * from "./types.ts";
