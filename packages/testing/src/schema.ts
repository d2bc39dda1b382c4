/**
 * The structure of a scenario file (SCENARIO.md), as ONE zod schema: top level, steps, calls,
 * origins, call expectations and step expectations. Values *inside* (call arguments, storage
 * values and keys, event fields, balances, constants, genesis) are left as raw values here and
 * are parsed later with the runtime's codecs (see `compile.ts`), because only the runtime knows
 * their types.
 *
 * Maps whose keys are names the runtime resolves later (arguments, pallets, genesis fields,
 * accounts, event fields) are passed on as the very objects that were read, with every key as
 * written: zod's `z.record` builds a new object by assignment, on which a `__proto__` key would
 * vanish (an expectation `{ __proto__: … }` would become `{}` and match anything).
 */
import { z } from "zod";
import { DEV_ACCOUNT_NAMES, nearestNames } from "@corelab/frame";
import { ScenarioError } from "./errors.ts";
import type { ParsedSource } from "./source.ts";

const MAX_BLOCK = 4_294_967_295;

/** `{ error: "…" }` options: zod reports the string as what was expected there. */
const expected = (what: string) => ({ error: what });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A map of names to raw values, passed on as read (every key kept, `__proto__` included). */
const rawMap = (what: string) => z.custom<Record<string, unknown>>(isPlainObject, expected(what));

/** `Root` | `None` | `{ Signed: ACCOUNT }`. */
export const OriginSchema = z.union(
  [z.literal("Root"), z.literal("None"), z.strictObject({ Signed: z.union([z.string(), z.number()]) })],
  expected("an origin: Root, None or { Signed: ACCOUNT }"),
);

/** A call's `expect`: `ok` (default), `any`, or `{ error: Pallet.Error | BadOrigin | Token.X … }`. */
export const CallExpectSchema = z.union(
  [z.literal("ok"), z.literal("any"), z.strictObject({ error: z.string().min(1) })],
  expected("ok, any, or { error: Pallet.Error } (e.g. { error: Broker.Overpriced }, { error: BadOrigin })"),
);

/** One extrinsic of a step. */
export const CallSchema = z.strictObject({
  origin: OriginSchema,
  call: z.string(expected("Pallet.call_name (e.g. Broker.purchase)")).regex(/^[^.\s]+(\.[^.\s]+)+$/, expected("Pallet.call_name (e.g. Broker.purchase)")),
  args: rawMap("a map of argument names to values").optional(),
  expect: CallExpectSchema.optional(),
});

/** An expected event: `Pallet.Event` alone, or `{ Pallet.Event: { field: value, … } }` (only listed fields compared). */
export const EventExpectSchema = z.union(
  [
    z.string().regex(/^[^.\s]+(\.[^.\s]+)+$/),
    z.custom<Record<string, Record<string, unknown> | null>>((o) => {
      if (!isPlainObject(o)) return false;
      const keys = Object.keys(o);
      return keys.length === 1 && (o[keys[0]!] === null || isPlainObject(o[keys[0]!]));
    }),
  ],
  expected("an event: Pallet.Event, or { Pallet.Event: { field: value, … } }"),
);

/** A storage expectation: `item`, optional map `key`, and `value` (`null` = absent). */
export const StorageExpectSchema = z.strictObject({
  item: z.string(expected("Pallet.Item (e.g. Broker.SaleInfo)")).regex(/^[^.\s]+(\.[^.\s]+)+$/, expected("Pallet.Item (e.g. Broker.SaleInfo)")),
  key: z.unknown().optional(),
  value: z.unknown(),
});

/** A step's `expect`. */
export const ExpectSchema = z.strictObject({
  events: z.array(EventExpectSchema, expected("a list of events")).optional(),
  events_exact: z.array(EventExpectSchema, expected("a list of events")).optional(),
  storage: z.array(StorageExpectSchema, expected("a list of { item, key?, value }")).optional(),
  balances: rawMap("a map of accounts to free balances").optional(),
});

const snapshotName = (what: string) => z.string(expected(`a ${what} name`)).min(1, expected(`a ${what} name`));

/**
 * A step: a block number, its calls, and what to check after them. Addition: or `snapshot: name`
 * (remember the chain as it is after the previous step's block) or `restore: name` (go back to
 * it; the next step names a block after the snapshot's).
 */
export const StepSchema = z.strictObject({
  at: z
    .number(expected(`a block number (0..${MAX_BLOCK})`))
    .int(expected(`a block number (0..${MAX_BLOCK})`))
    .min(0, expected(`a block number (0..${MAX_BLOCK})`))
    .max(MAX_BLOCK, expected(`a block number (0..${MAX_BLOCK})`))
    .optional(),
  calls: z.array(CallSchema, expected("a list of calls")).optional(),
  expect: ExpectSchema.optional(),
  snapshot: snapshotName("snapshot").optional(),
  restore: snapshotName("snapshot").optional(),
  /** Addition: storage written at the step's block, before its calls (chopsticks' `dev_setStorage`). */
  set_storage: z.lazy(() => palletMaps("storage items")).optional(),
});

/** A map of pallet names to maps of names to raw values, passed on as read (every key kept). */
const palletMaps = (what: string) =>
  z.custom<Record<string, Record<string, unknown>>>(isPlainObject, expected(`a map of pallet names to ${what}`)).superRefine((o, ctx) => {
    if (!isPlainObject(o)) return;
    for (const [k, v] of Object.entries(o)) if (!isPlainObject(v)) ctx.addIssue({ code: "custom", path: [k], message: `a map of ${what}`, input: v });
  });

/**
 * `genesis:`: a map of pallet names to genesis fields, or (addition) `{ raw: <file> }`: the whole
 * genesis state from a state file (a raw chain spec, a `{ "0xkey": "0xvalue" }` map or chopsticks'
 * import-storage), relative to the scenario file; nothing beside `raw`.
 */
const GenesisSchema = z
  .custom<Record<string, Record<string, unknown>>>(isPlainObject, expected("a map of pallet names to genesis fields, or { raw: <state file> }"))
  .superRefine((o, ctx) => {
    if (!isPlainObject(o)) return;
    if (Object.hasOwn(o, "raw")) {
      const raw: unknown = o.raw;
      if (typeof raw !== "string" || raw.length === 0)
        ctx.addIssue({ code: "custom", path: ["raw"], message: "a state file: a raw chain spec, a { \"0xkey\": \"0xvalue\" } map or chopsticks' import-storage, relative to the scenario file", input: raw });
      for (const k of Object.keys(o))
        if (k !== "raw") ctx.addIssue({ code: "custom", path: [k], message: "nothing beside `raw` (the whole genesis state comes from the file: write other values under `storage:`)", input: o[k] });
      return;
    }
    for (const [k, v] of Object.entries(o)) if (!isPlainObject(v)) ctx.addIssue({ code: "custom", path: [k], message: "a map of genesis fields", input: v });
  });

/** The state file of a document's `genesis: { raw: <file> }`, when it has one. */
export function rawGenesisFile(doc: { readonly genesis?: Readonly<Record<string, unknown>> }): string | undefined {
  const g = doc.genesis;
  return g !== undefined && Object.hasOwn(g, "raw") && typeof g.raw === "string" ? g.raw : undefined;
}

/** A name a file declares in `accounts:`: letters, digits, `_`, `-`, `:`, starting with a letter or `_`. */
export const ACCOUNT_NAME = /^[A-Za-z_][A-Za-z0-9_:-]*$/;
const DEV_NAMES: readonly string[] = DEV_ACCOUNT_NAMES;

/** A scenario file. */
export const ScenarioSchema = z
  .strictObject({
    name: z.string(expected("a name (free text)")).min(1, expected("a name (free text)")),
    /** Addition: free text describing the scenario. */
    description: z.string(expected("free text")).optional(),
    runtime: z.string(expected("a runtime preset name (see `corelab presets`)")).min(1, expected("a runtime preset name")),
    /**
     * Addition: the number of the genesis block (default 0), to replay from the middle of real
     * history (`start: 22861429`: the first block built is 22861430). `at: <start>` is then the
     * genesis step, and no step may name an earlier block.
     */
    start: z
      .number(expected(`a block number (0..${MAX_BLOCK})`))
      .int(expected(`a block number (0..${MAX_BLOCK})`))
      .min(0, expected(`a block number (0..${MAX_BLOCK})`))
      .max(MAX_BLOCK - 1, expected(`a block number (0..${MAX_BLOCK - 1})`))
      .optional(),
    /**
     * Addition: the names the file uses as accounts besides dev names, preset aliases, decimal
     * ids, hex and SS58 (SCENARIO.md "Accounts"): each stands for the account id spelled the same
     * (`forfeit` is the account `"forfeit"`). Any other name is an unknown account.
     */
    accounts: z.array(z.string(expected("an account name")), expected("a list of account names")).optional(),
    constants: palletMaps("constant overrides").optional(),
    /** Per-pallet genesis fields, or (addition) `{ raw: <state file> }`: see `GenesisSchema`. */
    genesis: GenesisSchema.optional(),
    storage: palletMaps("storage items").optional(),
    blocks: z.array(StepSchema, expected("a list of steps ({ at, calls, expect })")),
  })
  .superRefine((s, ctx) => {
    const declared = new Set<string>();
    (s.accounts ?? []).forEach((name, i) => {
      const path = ["accounts", i];
      if (!ACCOUNT_NAME.test(name))
        ctx.addIssue({ code: "custom", path, message: "an account name: letters, digits, '_', '-' and ':', starting with a letter or '_' (no dots: `relay.alice` names a chain)" });
      else if (DEV_NAMES.includes(name.toLowerCase()))
        ctx.addIssue({ code: "custom", path, message: `a name of your own ('${name}' is a dev account: use it without declaring it)` });
      else if (declared.has(name)) ctx.addIssue({ code: "custom", path, message: `a new name ('${name}' is declared twice)` });
      declared.add(name);
    });
    const start = s.start ?? 0;
    // the block the chain is at before each step: `at` of the previous block step, or of a restored snapshot
    let last = start;
    /** After a snapshot or a restore the chain is between blocks: the next block is a new one. */
    let sealed = false;
    const snapshots = new Map<string, number>();
    s.blocks.forEach((b, i) => {
      const kinds = [b.at !== undefined && "at", b.snapshot !== undefined && "snapshot", b.restore !== undefined && "restore"].filter(Boolean);
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: ["blocks", i],
          message: kinds.length === 0 ? "a step with `at: N` (or `snapshot: name`, `restore: name`)" : `one of at, snapshot, restore (this step has ${kinds.join(" and ")})`,
        });
        return;
      }
      if (b.at === undefined) {
        const kind = b.snapshot !== undefined ? "snapshot" : "restore";
        const extra = b.calls !== undefined ? "calls" : b.expect !== undefined ? "expect" : b.set_storage !== undefined ? "set_storage" : undefined;
        if (extra !== undefined)
          ctx.addIssue({ code: "custom", path: ["blocks", i, extra], message: `no calls, expect or set_storage in a ${kind} step (put them in a step with \`at\`)` });
        if (b.snapshot !== undefined) {
          if (snapshots.has(b.snapshot)) ctx.addIssue({ code: "custom", path: ["blocks", i, "snapshot"], message: `a new snapshot name ('${b.snapshot}' is taken by an earlier step)` });
          snapshots.set(b.snapshot, last);
        } else {
          const at = snapshots.get(b.restore!);
          if (at === undefined) {
            const known = [...snapshots.keys()];
            ctx.addIssue({ code: "custom", path: ["blocks", i, "restore"], message: `the name of an earlier snapshot step (${known.length ? `known: ${known.join(", ")}` : "there is none before this step"})` });
          } else last = at;
        }
        sealed = true;
        return;
      }
      if (b.at < start) {
        ctx.addIssue({ code: "custom", path: ["blocks", i, "at"], message: `a block number >= ${start} (the scenario starts at block ${start}: \`start\`)` });
        return;
      }
      if (b.at < last || (sealed && b.at === last && b.at !== start) || (sealed && b.at === start && last !== start))
        ctx.addIssue({
          code: "custom",
          path: ["blocks", i, "at"],
          message: sealed
            ? `a block number > ${last} (the previous snapshot or restore step left the chain after block ${last})`
            : `a block number >= ${last} (block numbers never decrease from step to step)`,
        });
      last = b.at;
      sealed = false;
    });
  });

/** A scenario document as validated by the schema (values inside still raw). */
export type ScenarioDocument = z.infer<typeof ScenarioSchema>;
/** A step of a scenario document. */
export type StepDocument = z.infer<typeof StepSchema>;
/** A call of a step. */
export type CallDocument = z.infer<typeof CallSchema>;
/** A step's expectations. */
export type ExpectDocument = z.infer<typeof ExpectSchema>;
/** An expected event as written. */
export type EventExpectDocument = z.infer<typeof EventExpectSchema>;

/** Formats `["blocks", 3, "calls", 0]` as `blocks[3].calls[0]`. */
export function formatPath(segs: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const s of segs) out += typeof s === "number" ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out;
}

/** Known keys of each object of the structure, for "did you mean" on unknown keys. */
function knownKeys(path: ReadonlyArray<PropertyKey>): readonly string[] {
  const p = path.map((s) => (typeof s === "number" ? "#" : String(s))).join("/");
  if (p === "") return Object.keys(ScenarioSchema.shape);
  if (/^blocks\/#$/.test(p)) return Object.keys(StepSchema.shape);
  if (/^blocks\/#\/calls\/#$/.test(p)) return Object.keys(CallSchema.shape);
  if (/^blocks\/#\/calls\/#\/origin$/.test(p)) return ["Signed"];
  if (/^blocks\/#\/calls\/#\/expect$/.test(p)) return ["error"];
  if (/^blocks\/#\/expect$/.test(p)) return Object.keys(ExpectSchema.shape);
  if (/^blocks\/#\/expect\/storage\/#$/.test(p)) return ["item", "key", "value"];
  return [];
}

function valueAt(root: unknown, segs: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const s of segs) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[s as string];
  }
  return v;
}

/** Short description of a raw value for messages. */
export function describeRaw(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === "object") {
    const keys = Object.keys(v);
    return keys.length === 0 ? "an empty map" : `a map with ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`;
  }
  return String(v);
}

/**
 * Validates the structure of a parsed document. Throws a `ScenarioError` naming the first problem
 * (its file, path, line and what was expected), with the next few problems as details.
 */
export function validateStructure(src: ParsedSource): ScenarioDocument {
  const r = ScenarioSchema.safeParse(src.value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((issue) => describeIssue(issue, src.value));
  problems.sort((a, b) => (a.order === b.order ? 0 : a.order < b.order ? -1 : 1));
  const first = problems[0]!;
  const loc = { file: src.file, path: first.path, ...src.locate(first.locatePath) };
  return (() => {
    throw new ScenarioError(loc, first.problem, {
      expected: first.expected,
      details: [
        ...first.details,
        ...problems.slice(1, 6).map((p) => `also: ${p.path ? `${p.path}: ` : ""}${p.problem}`),
        ...(problems.length > 6 ? [`… and ${problems.length - 6} more`] : []),
      ],
    });
  })();
}

interface Problem {
  path: string;
  locatePath: string;
  problem: string;
  expected?: string;
  details: string[];
  order: string;
}

/** What a required key that zod reports only as "nonoptional" must hold. */
const REQUIRED_HINTS: Record<string, string> = { value: "a value (null when the entry must be absent)" };

function describeIssue(issue: z.core.$ZodIssue, root: unknown): Problem {
  const segs = issue.path;
  const path = formatPath(segs);
  // order problems by position in the document: pad indices so blocks[10] sorts after blocks[9]
  const order = segs.map((s) => (typeof s === "number" ? String(s).padStart(10, "0") : String(s))).join("/");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const valid = knownKeys(segs);
    const near = nearestNames(key, valid);
    const details: string[] = [];
    if (near.length > 0) details.push(`did you mean ${near.map((n) => `'${n}'`).join(" or ")}?`);
    if (valid.length > 0) details.push(`valid: ${valid.join(", ")}`);
    return { path, locatePath: formatPath([...segs, key]), problem: `unknown key '${key}'`, details, order };
  }
  const got = valueAt(root, segs);
  if (issue.code === "invalid_type" && got === undefined) {
    const what = issue.expected === "nonoptional" ? (REQUIRED_HINTS[String(segs[segs.length - 1])] ?? "a value") : issue.message;
    return { path, locatePath: formatPath(segs.slice(0, -1)), problem: `missing: expected ${what}`, expected: what, details: [], order };
  }
  return {
    path,
    locatePath: path,
    problem: `expected ${issue.message}, got ${describeRaw(got)}`,
    expected: issue.message,
    details: [],
    order,
  };
}
