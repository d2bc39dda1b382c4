/**
 * The store's schema (version 2). One DuckDB file holds every run:
 *
 * - `corelab_store(key, value)`: `format = corelab-run-store`, `schema_version = 1`. A file without
 *   it is not a Corelab store and is refused; a newer version is refused too.
 * - `runs`: one row per run; `run` is an integer key the other tables use, `id` the public id.
 * - `blocks`: one row per recorded block; extrinsics, events and changes as JSON.
 * - `metric_names(run, metric, name)` and `metrics(run, point, seed, step, metric, value, text)`:
 *   per-step metrics in long (narrow) form, one row per value, the column named by a per-run integer
 *   (measured smaller and faster to write than one JSON object per row: see the README).
 *   `value` is the number (booleans 1/0), `text` the string (booleans `true`/`false`); both NULL is
 *   a `null` value; a column a row does not have has no row.
 * - `expectations`: one row per checked expectation of a replay.
 * - `core_runs` (version 2): for a network replay, what each core ran, as segments
 *   `(file, core, from_block, to_block, what)` of relay blocks over which it ran the same thing.
 * - Views for queries by hand: `metric_values` (metrics with names and run ids), `block_events`
 *   and `block_changes` (one row per event / storage change).
 */

/** The schema version this code writes and reads (it upgrades older stores when it writes to them). */
export const SCHEMA_VERSION = 2;

/** The `format` value that marks a Corelab store. */
export const STORE_FORMAT = "corelab-run-store";

/** The table that marks a Corelab store and holds its schema version. */
export const META_TABLE = "corelab_store";

/** Statements that create schema version 1 (run in one transaction; then `MIGRATIONS`). */
export const SCHEMA_V1: readonly string[] = [
  `CREATE TABLE ${META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `INSERT INTO ${META_TABLE} VALUES ('format', '${STORE_FORMAT}'), ('schema_version', '1')`,
  `CREATE SEQUENCE run_seq START 1`,
  `CREATE TABLE runs (
    run INTEGER PRIMARY KEY DEFAULT nextval('run_seq'),
    id VARCHAR NOT NULL UNIQUE,
    kind VARCHAR NOT NULL,
    command VARCHAR[] NOT NULL,
    corelab_version VARCHAR NOT NULL,
    runtime VARCHAR,
    model VARCHAR,
    params JSON,
    seeds BIGINT[],
    sweep_points JSON,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at TIMESTAMPTZ,
    outcome VARCHAR,
    summary JSON,
    pid INTEGER NOT NULL,
    host VARCHAR NOT NULL
  )`,
  `CREATE TABLE blocks (
    run INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    file VARCHAR,
    chain VARCHAR,
    number BIGINT NOT NULL,
    hash VARCHAR NOT NULL,
    state_root VARCHAR,
    extrinsic_count INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    change_count INTEGER NOT NULL,
    extrinsics JSON NOT NULL,
    events JSON NOT NULL,
    changes JSON NOT NULL
  )`,
  `CREATE TABLE metric_names (run INTEGER NOT NULL, metric INTEGER NOT NULL, name VARCHAR NOT NULL)`,
  `CREATE TABLE metrics (
    run INTEGER NOT NULL,
    point INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    step INTEGER NOT NULL,
    metric INTEGER NOT NULL,
    value DOUBLE,
    text VARCHAR
  )`,
  `CREATE TABLE expectations (
    run INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    step INTEGER NOT NULL,
    block BIGINT NOT NULL,
    path VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL,
    expected VARCHAR,
    actual VARCHAR,
    note VARCHAR,
    line INTEGER,
    "column" INTEGER
  )`,
  `CREATE VIEW metric_values AS
    SELECT r.id AS run_id, m.point, m.seed, m.step, n.name AS metric, m.value, m.text
    FROM metrics m JOIN metric_names n ON n.run = m.run AND n.metric = m.metric JOIN runs r ON r.run = m.run`,
  `CREATE VIEW block_events AS
    SELECT r.id AS run_id, b.file, b.chain, b.number, CAST(e.key AS INTEGER) AS "index",
      e.value->>'$.event.type' AS pallet, e.value->>'$.event.value.type' AS name,
      e.value->'$.event.value.value' AS data, e.value->'$.phase' AS phase
    FROM blocks b JOIN runs r ON r.run = b.run, json_each(b.events) e`,
  `CREATE VIEW block_changes AS
    SELECT r.id AS run_id, b.file, b.chain, b.number, CAST(c.key AS INTEGER) AS "index",
      coalesce((c.value->>'$.pallet') || '.' || (c.value->>'$.item'), c.value->>'$.item') AS item,
      c.value->'$.key' AS "key", c.value->'$.old' AS old, c.value->'$.new' AS new
    FROM blocks b JOIN runs r ON r.run = b.run, json_each(b.changes) c`,
];

/**
 * What takes a store from version `v - 1` to `v` (index `v`), each run in one transaction with the
 * version update, by the first process that writes to an older store (readers read it as it is).
 */
export const MIGRATIONS: ReadonlyMap<number, readonly string[]> = new Map([
  [
    2,
    [
      `CREATE TABLE core_runs (
    run INTEGER NOT NULL,
    file VARCHAR,
    core INTEGER NOT NULL,
    from_block BIGINT NOT NULL,
    to_block BIGINT NOT NULL,
    what VARCHAR NOT NULL
  )`,
    ],
  ],
]);

/** The statements that take a store from `from` to `SCHEMA_VERSION`, with the version update. */
export function migrationsFrom(from: number): string[] {
  const out: string[] = [];
  for (let v = from + 1; v <= SCHEMA_VERSION; v++) out.push(...(MIGRATIONS.get(v) ?? []));
  if (from < SCHEMA_VERSION) out.push(`UPDATE ${META_TABLE} SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
  return out;
}
