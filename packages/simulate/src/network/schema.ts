/**
 * The `network` model file: its schema and parser. Every error names the file, the path inside it
 * (`agents[1].strategy`) and what was expected, listing the valid names for an unknown key, agent
 * kind or parameter.
 *
 * ```yaml
 * model: network
 * preset: kusama-network          # or polkadot-network
 * blocks: 2400                    # relay blocks to run
 * cores: 1                        # on-demand (Pool) cores at genesis
 * paras: [ { id: 2000, block_capacity: 500 } ]
 * accounts: { relay: { alice: "1000 KSM" }, coretime: { alice: "1000 KSM" } }
 * constants: { coretime.Broker: { TimeslicePeriod: 2 } }        # as a scenario's constants
 * genesis: { coretime.Broker: { config: { … } } }                # as a scenario's genesis
 * setup: [ { at: 2, chain: coretime, origin: Root, call: Broker.start_sales, args: { … } } ]
 * market: rfc17                   # today (default), rfc17, or a price adapter (Rfc6Baseline, …)
 * # the secondary market for regions (Market) is on when constants name coretime.Market, or when
 * # an agent is a reseller: constants: { coretime.Market: {} }
 * agents:
 *   - { kind: users, para: 2000, rate: 0.5 }
 *   - { kind: orderer, para: 2000, strategy: magnet }
 *   - { module: ./my-agent.ts, name: mine, params: { … } }
 * ```
 *
 * `agents` may also be a mapping by name (`agents: { magnet: { kind: orderer, … } }`: sweep keys
 * then read `agents.magnet.strategy`); without `agents`, `DEFAULT_AGENTS` run.
 *
 * Hand-written rather than zod: zod is not a dependency of `@corelab/emulator` (only of
 * `@corelab/testing`), and the errors must list valid names in the house style.
 */
import { isSs58Address, paraSovereignAccount, t, type Origin, type TokenInfo } from "@corelab/frame";
import { resolveScenarioAccount } from "@corelab/testing";
import { KUSAMA_RELAY, POLKADOT_RELAY, type RelaySpec } from "@corelab/runtimes";
import { PRICE_ADAPTERS } from "@corelab/pallet-broker/testing";
import { dirname, isAbsolute, resolve } from "node:path";
import { BUILTIN_AGENTS, type ParamSpec } from "./agents/index.ts";

/**
 * The agents of a model file without `agents:` (so `corelab simulate network` runs something):
 * para 2000's users (0.5 transactions per relay block, bursts), its Magnet-style orderer, and other
 * paras' background orders.
 */
export const DEFAULT_AGENTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  users: { kind: "users", para: 2000, rate: 0.5, burst_every: 300, burst_length: 30, burst_factor: 10 },
  orderer: { kind: "orderer", para: 2000, strategy: "magnet" },
  others: { kind: "background", rate: 0.5 },
};

/** What an account in a model file may be (for "unknown account" errors). */
export const MODEL_ACCOUNT_FORMS = "an account is a dev name (alice, bob, charlie, dave, eve, ferdie), para:<id> (its sovereign account on the relay), 0x and 32 bytes of hex, or an SS58 address";

/** A model file that does not fit the schema: names the file and the path in it. */
export class ModelFileError extends Error {
  override name = "ModelFileError";
  constructor(
    readonly file: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ""}${detail}`);
  }
}

/** The network presets a model may build on. */
export const NETWORK_PRESETS: Readonly<Record<string, RelaySpec>> = { "kusama-network": KUSAMA_RELAY, "polkadot-network": POLKADOT_RELAY };

/** A simulated parachain. */
export interface ParaSpec {
  readonly id: number;
  /** Most transactions one para block includes (default 1000). */
  readonly blockCapacity: number;
  /** Genesis balance of the para's sovereign account on the relay (planck; default 1000 tokens). */
  readonly funds: bigint;
}

/** A call the model applies at a relay block (sales, reservations, leases). */
export interface SetupCall {
  readonly at: number;
  readonly chain: "relay" | "coretime";
  readonly origin: Origin;
  readonly pallet: string;
  readonly call: string;
  /** Raw scenario values, parsed by the call's codecs when applied (path for errors). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly path: string;
}

/** An agent of the model file. */
export interface AgentSpec {
  readonly name: string;
  /** A built-in kind, or undefined for a module agent. */
  readonly kind?: string;
  /** The module's absolute path (module agents). */
  readonly module?: string;
  /** Parsed parameters (built-in kinds: defaults filled in, amounts as bigint); raw for modules. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The agent's path in the file (`agents[2]` or `agents.magnet`), for sweep keys and errors. */
  readonly path: string;
  /** The dotted prefix of its parameters for sweeps (`agents.2` or `agents.magnet`). */
  readonly sweepPrefix: string;
}

/** The parsed model file. */
export interface NetworkParams {
  readonly file: string;
  readonly preset: string;
  readonly blocks: number;
  readonly cores: number;
  readonly paras: readonly ParaSpec[];
  /** Extra genesis balances by chain: account id → planck. */
  readonly accounts: { readonly relay: ReadonlyArray<readonly [string, bigint]>; readonly coretime: ReadonlyArray<readonly [string, bigint]> };
  readonly constants: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly genesis: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly setup: readonly SetupCall[];
  readonly agents: readonly AgentSpec[];
  /** Whether per-block rows are kept (false for benchmarks: summary only). */
  readonly metrics: boolean;
  /** The scalar parameters, flattened by their sweep keys (`agents.1.rate` → 0.5). */
  readonly flat: Readonly<Record<string, number | string | boolean | null>>;
  /** Every sweepable dotted path: `blocks`, `cores`, each built-in agent's parameters (set or not), module agents' params. */
  readonly sweepable: readonly string[];
}

const TOP_KEYS = ["model", "name", "description", "preset", "blocks", "cores", "paras", "accounts", "constants", "genesis", "setup", "agents", "metrics", "market"] as const;

/**
 * The markets a model's coretime chain may run (`market:`, sweepable): `today` (the era's legacy
 * market and price adapter), `rfc17` (RFC-17's market behind the broker's port), or the legacy
 * market with another price adapter by name (RFC-1, RFC-6's variants, …). A knob of the chain's
 * Broker (`constants.coretime.Broker.Market` / `PriceAdapter`, see `@corelab/runtimes`).
 */
export const MODEL_MARKETS: readonly string[] = ["today", "rfc17", ...[...PRICE_ADAPTERS.keys()]];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "bigint") return v.toString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A numeric string (YAML decimals reach models as strings, to keep amounts exact) as a number. */
function numeric(v: unknown): unknown {
  return typeof v === "string" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v.trim()) ? Number(v) : v;
}

/** Parser state: the file, the token and the account resolver. */
class Parser {
  constructor(
    readonly file: string,
    readonly token: TokenInfo,
  ) {}

  fail(path: string, detail: string): never {
    throw new ModelFileError(this.file, path, detail);
  }

  keys(obj: Record<string, unknown>, valid: readonly string[], path: string, what: string): void {
    for (const k of Object.keys(obj)) if (!valid.includes(k)) this.fail(path ? `${path}.${k}` : k, `unknown ${what} '${k}'; valid: ${valid.join(", ")}`);
  }

  int(v: unknown, path: string, min = 0, max = 0xffff_ffff): number {
    v = numeric(v);
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) this.fail(path, `expected an integer in ${min}..${max}, got ${describe(v)}`);
    return v;
  }

  num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
    v = numeric(v);
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) this.fail(path, `expected a number${min > -Infinity ? ` >= ${min}` : ""}${max < Infinity ? ` <= ${max}` : ""}, got ${describe(v)}`);
    return v;
  }

  amount(v: unknown, path: string): bigint {
    try {
      return t.balance.parse(v, { path, token: this.token });
    } catch (e) {
      this.fail(path, `expected an amount (planck, or "1.5 ${this.token.symbol}"): ${(e as Error).message.replace(/^.*?: expected /, "expected ")}`);
    }
  }

  account(v: unknown, path: string): string {
    if (typeof v !== "string" || v === "") this.fail(path, `expected an account (dev name such as alice, para:<id>, or 0x…), got ${describe(v)}`);
    let id: string;
    try {
      id = resolveAccount(v);
    } catch (e) {
      this.fail(path, (e as Error).message);
    }
    // the chains' accounts are AccountId32: a name that resolves to neither form is a typo
    if (!isSs58Address(id) && !/^0x[0-9a-fA-F]{64}$/.test(id)) this.fail(path, `unknown account ${describe(v)}; ${MODEL_ACCOUNT_FORMS}`);
    return id;
  }

  param(spec: ParamSpec, v: unknown, path: string): unknown {
    switch (spec.type) {
      case "int":
        return this.int(v, path, spec.min ?? 0, spec.max ?? 0xffff_ffff);
      case "number":
        return this.num(v, path, spec.min, spec.max);
      case "amount":
        return this.amount(v, path);
      case "bool":
        if (typeof v !== "boolean") this.fail(path, `expected true or false, got ${describe(v)}`);
        return v;
      case "account":
        return this.account(v, path);
      case "enum":
        if (typeof v !== "string" || !spec.values!.includes(v)) this.fail(path, `unknown value ${describe(v)}; valid: ${spec.values!.join(", ")}`);
        return v;
    }
  }
}

/**
 * Resolves an account name of a model file: dev names (`alice`), `para:<id>` (the para's
 * sovereign account on the relay), or a `0x…`/SS58 id. Throws for an unknown name.
 */
export function resolveAccount(name: string): string {
  const m = /^para:(\d+)$/.exec(name);
  if (m) return paraSovereignAccount(Number(m[1]));
  return resolveScenarioAccount(name);
}

/** Parses a raw model-file object (`file`: its path, for errors and relative agent modules). */
export function parseNetworkModel(raw: unknown, file: string): NetworkParams {
  const p0: Parser = new Parser(file, KUSAMA_RELAY.token);
  if (!isObj(raw)) p0.fail("", `expected a mapping of ${TOP_KEYS.join(", ")}, got ${describe(raw)}`);
  p0.keys(raw, TOP_KEYS, "", "key");
  if (raw.model !== undefined && raw.model !== "network") p0.fail("model", `expected 'network', got ${describe(raw.model)}`);
  const presetName = raw.preset ?? "kusama-network";
  if (typeof presetName !== "string" || !Object.hasOwn(NETWORK_PRESETS, presetName)) p0.fail("preset", `unknown preset ${describe(presetName)}; valid: ${Object.keys(NETWORK_PRESETS).join(", ")}`);
  const spec = NETWORK_PRESETS[presetName]!;
  const p: Parser = new Parser(file, spec.token);
  const blocks = p.int(raw.blocks ?? 1000, "blocks", 1, 10_000_000);
  const cores = p.int(raw.cores ?? 1, "cores", 0, 1000);
  const metrics = raw.metrics === undefined ? true : (p.param({ type: "bool" }, raw.metrics, "metrics") as boolean);
  const flat: Record<string, number | string | boolean | null> = { blocks, cores };
  const sweepable: string[] = ["blocks", "cores"];

  // agents first: paras default to the ones they name
  const agents: AgentSpec[] = [];
  const names = new Set<string>();
  const rawAgents = raw.agents ?? DEFAULT_AGENTS;
  const entries: Array<[string, string, unknown, string | undefined]> = []; // [path, sweepPrefix, value, mapName]
  if (Array.isArray(rawAgents)) rawAgents.forEach((a, i) => entries.push([`agents[${i}]`, `agents.${i}`, a, undefined]));
  else if (isObj(rawAgents)) for (const [k, a] of Object.entries(rawAgents)) entries.push([`agents.${k}`, `agents.${k}`, a, k]);
  else p.fail("agents", `expected a list (or a mapping by name) of agents, got ${describe(rawAgents)}`);
  const kinds = Object.keys(BUILTIN_AGENTS);
  for (const [path, prefix, a, mapName] of entries) {
    if (!isObj(a)) p.fail(path, `expected an agent ({ kind: ${kinds.join(" | ")}, … } or { module: ./file.ts }), got ${describe(a)}`);
    if (a.kind !== undefined && a.module !== undefined) p.fail(path, "an agent has either 'kind' (built-in) or 'module' (a TypeScript file), not both");
    const name = (a.name as string | undefined) ?? mapName ?? `${(a.kind as string | undefined) ?? "agent"}-${agents.length}`;
    if (typeof name !== "string" || name === "") p.fail(`${path}.name`, `expected a name, got ${describe(a.name)}`);
    if (names.has(name)) p.fail(`${path}.name`, `agent name '${name}' is used twice (names must be unique)`);
    names.add(name);
    if (a.module !== undefined) {
      p.keys(a, ["module", "name", "params"], path, "key of a module agent");
      if (typeof a.module !== "string" || !/\.(ts|mts|js|mjs)$/.test(a.module)) p.fail(`${path}.module`, `expected a path to a .ts or .js file, got ${describe(a.module)}`);
      const params = a.params ?? {};
      if (!isObj(params)) p.fail(`${path}.params`, `expected a mapping, got ${describe(params)}`);
      for (const [k, v] of Object.entries(params))
        if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") {
          flat[`${prefix}.params.${k}`] = v;
          sweepable.push(`${prefix}.params.${k}`);
        }
      const abs = isAbsolute(a.module) ? a.module : resolve(dirname(resolve(file)), a.module);
      agents.push({ name, module: abs, params, path, sweepPrefix: `${prefix}.params` });
      continue;
    }
    if (typeof a.kind !== "string" || !(a.kind in BUILTIN_AGENTS)) p.fail(`${path}.kind`, `unknown agent kind ${describe(a.kind)}; valid: ${kinds.join(", ")} (or module: ./file.ts)`);
    const def = BUILTIN_AGENTS[a.kind]!;
    const valid = ["kind", "name", ...Object.keys(def.params)];
    for (const k of Object.keys(a)) if (!valid.includes(k)) p.fail(`${path}.${k}`, `unknown parameter '${k}' of agent kind '${a.kind}'; valid: ${valid.join(", ")}`);
    const params: Record<string, unknown> = {};
    for (const [k, ps] of Object.entries(def.params)) {
      const v = a[k];
      if (v === undefined || v === null) {
        if (ps.required) p.fail(`${path}.${k}`, `agent kind '${a.kind}' needs '${k}' (${ps.docs})`);
        if (ps.default !== undefined) params[k] = p.param(ps, ps.default, `${path}.${k}`);
        continue;
      }
      params[k] = p.param(ps, v, `${path}.${k}`);
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") flat[`${prefix}.${k}`] = v;
    }
    for (const k of Object.keys(def.params)) sweepable.push(`${prefix}.${k}`);
    def.check?.(params, (key, msg) => p.fail(`${path}.${key}`, msg));
    agents.push({ name, kind: a.kind, params, path, sweepPrefix: prefix });
  }

  // paras
  const paras: ParaSpec[] = [];
  const defaultFunds = 1000n * 10n ** BigInt(spec.token.decimals);
  if (raw.paras !== undefined) {
    if (!Array.isArray(raw.paras)) p.fail("paras", `expected a list of para ids or { id, block_capacity, funds }, got ${describe(raw.paras)}`);
    raw.paras.forEach((x, i) => {
      const path = `paras[${i}]`;
      const o: Record<string, unknown> = isObj(x) ? x : { id: x };
      p.keys(o, ["id", "block_capacity", "funds"], path, "key of a para");
      const id = p.int(o.id, `${path}.id`, 0, 0xffff_ffff);
      if (paras.some((q) => q.id === id)) p.fail(`${path}.id`, `para ${id} is listed twice`);
      paras.push({
        id,
        blockCapacity: o.block_capacity === undefined ? 1000 : p.int(o.block_capacity, `${path}.block_capacity`, 1, 10_000_000),
        funds: o.funds === undefined ? defaultFunds : p.amount(o.funds, `${path}.funds`),
      });
    });
  }
  for (const a of agents) {
    const para = a.params.para;
    if (a.kind === undefined || typeof para !== "number" || para === 0) continue;
    if (raw.paras === undefined) {
      if (!paras.some((q) => q.id === para)) paras.push({ id: para, blockCapacity: 1000, funds: defaultFunds });
    } else if (!paras.some((q) => q.id === para)) p.fail(`${a.path}.para`, `para ${para} is not among the model's paras; valid: ${paras.map((q) => q.id).join(", ") || "(none)"}`);
  }
  paras.sort((x, y) => x.id - y.id);

  // accounts
  const accounts = { relay: [] as Array<readonly [string, bigint]>, coretime: [] as Array<readonly [string, bigint]> };
  if (raw.accounts !== undefined) {
    if (!isObj(raw.accounts)) p.fail("accounts", `expected { relay: { name: amount }, coretime: { … } }, got ${describe(raw.accounts)}`);
    p.keys(raw.accounts, ["relay", "coretime"], "accounts", "chain");
    for (const chain of ["relay", "coretime"] as const) {
      const m = raw.accounts[chain];
      if (m === undefined) continue;
      if (!isObj(m)) p.fail(`accounts.${chain}`, `expected a mapping of account → amount, got ${describe(m)}`);
      for (const [who, amt] of Object.entries(m)) accounts[chain].push([p.account(who, `accounts.${chain}.${who}`), p.amount(amt, `accounts.${chain}.${who}`)]);
    }
  }

  // constants / genesis: passed to the preset (chain.Pallet keys), balances come from `accounts`
  const section = (key: "constants" | "genesis"): Record<string, Record<string, unknown>> => {
    const v = raw[key];
    if (v === undefined) return {};
    if (!isObj(v)) p.fail(key, `expected a mapping of chain.Pallet → fields, got ${describe(v)}`);
    for (const [k, x] of Object.entries(v)) {
      if (!/^(relay|coretime)\.[A-Za-z]+$/.test(k)) p.fail(`${key}.${k}`, `expected relay.<Pallet> or coretime.<Pallet>`);
      if (key === "genesis" && /\.Balances$/.test(k)) p.fail(`${key}.${k}`, "genesis balances of a model come from 'accounts: { relay: {…}, coretime: {…} }'");
      if (!isObj(x)) p.fail(`${key}.${k}`, `expected a mapping, got ${describe(x)}`);
    }
    return v as Record<string, Record<string, unknown>>;
  };
  const constants = { ...section("constants") }; // a copy: `market` adds to it, the raw file stays as read
  const genesis = section("genesis");

  // market: which market the coretime chain runs (a knob of its Broker, see MODEL_MARKETS)
  const market = raw.market === undefined ? "today" : raw.market;
  if (typeof market !== "string" || !MODEL_MARKETS.includes(market)) p.fail("market", `unknown market ${describe(market)}; valid: ${MODEL_MARKETS.join(", ")}`);
  flat.market = market;
  sweepable.push("market");
  if (market !== "today") {
    const broker = Object.hasOwn(constants, "coretime.Broker") ? constants["coretime.Broker"]! : {};
    for (const k of ["Market", "PriceAdapter"]) if (Object.hasOwn(broker, k)) p.fail(`constants.coretime.Broker.${k}`, `set either market: ${market} or constants.coretime.Broker.${k}, not both`);
    constants["coretime.Broker"] = { ...broker, ...(market === "rfc17" ? { Market: "Rfc17" } : { PriceAdapter: market }) };
  }

  // the secondary market: a reseller needs it, so a model with one gets `coretime.Market` (defaults)
  if (agents.some((a) => a.kind === "reseller") && !Object.hasOwn(constants, "coretime.Market")) constants["coretime.Market"] = {};

  // setup calls
  const setup: SetupCall[] = [];
  if (raw.setup !== undefined) {
    if (!Array.isArray(raw.setup)) p.fail("setup", `expected a list of { at, chain, origin, call, args }, got ${describe(raw.setup)}`);
    raw.setup.forEach((s, i) => {
      const path = `setup[${i}]`;
      if (!isObj(s)) p.fail(path, `expected { at, chain, origin, call, args }, got ${describe(s)}`);
      p.keys(s, ["at", "chain", "origin", "call", "args"], path, "key of a setup call");
      const at = p.int(s.at, `${path}.at`, 1, blocks);
      const chain = s.chain ?? "relay";
      if (chain !== "relay" && chain !== "coretime") p.fail(`${path}.chain`, `unknown chain ${describe(chain)}; valid: relay, coretime`);
      if (chain === "coretime" && at % 2 !== 0) p.fail(`${path}.at`, `the coretime chain builds at even relay blocks only, got ${at}`);
      let origin: Origin;
      if (s.origin === undefined || s.origin === "Root") origin = { type: "Root" };
      else if (isObj(s.origin) && typeof s.origin.Signed === "string") origin = { type: "Signed", value: p.account(s.origin.Signed, `${path}.origin.Signed`) };
      else p.fail(`${path}.origin`, `expected Root or { Signed: account }, got ${describe(s.origin)}`);
      if (typeof s.call !== "string" || !/^[A-Za-z]+\.[a-z_]+$/.test(s.call)) p.fail(`${path}.call`, `expected Pallet.call_name, got ${describe(s.call)}`);
      const [pallet, call] = s.call.split(".") as [string, string];
      const args = s.args ?? {};
      if (!isObj(args)) p.fail(`${path}.args`, `expected a mapping, got ${describe(args)}`);
      setup.push({ at, chain, origin, pallet, call, args, path });
    });
  }

  return { file, preset: presetName, blocks, cores, paras, accounts, constants, genesis, setup, agents, metrics, flat, sweepable };
}
