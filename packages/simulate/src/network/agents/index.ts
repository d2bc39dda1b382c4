/**
 * The built-in agents of the `network` model, by `kind`: `users` (parachain transactions:
 * Poisson arrivals, bursts, a daily cycle), `orderer` (on-demand ordering: Magnet-style profit
 * control with assurance, or the alternatives always / fixed interval / no assurance),
 * `background` (other paras' on-demand orders, moving the spot price), `bulk-buyer` (purchases in
 * the coretime chain's sale within a price limit), `renewer` (renews a para's core each sale) and
 * `reseller` (buys regions in the sale and lists them on the secondary market, `Market`, at a markup).
 */
import type { AgentFactory } from "../types.ts";
import { backgroundAgent } from "./background.ts";
import { bulkBuyerAgent, renewerAgent } from "./bulk.ts";
import { ordererAgent } from "./orderer.ts";
import { resellerAgent } from "./reseller.ts";
import { usersAgent } from "./users.ts";

/** A parameter of a built-in agent, as the model file gives it. */
export interface ParamSpec {
  readonly type: "int" | "number" | "amount" | "bool" | "account" | "enum";
  /** Valid values (`enum`). */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Raw default (parsed like a file value); absent and not required: the parameter stays unset. */
  readonly default?: unknown;
  readonly required?: boolean;
  /** What it is, with units. */
  readonly docs?: string;
}

/** A built-in agent kind: its parameters and its factory (given the parsed parameters). */
export interface BuiltinAgent {
  readonly kind: string;
  readonly description: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Cross-parameter checks; report with `fail(param, message)`. */
  readonly check?: (params: Readonly<Record<string, unknown>>, fail: (param: string, message: string) => never) => void;
  readonly create: AgentFactory;
}

/** The built-in agents by kind. */
export const BUILTIN_AGENTS: Readonly<Record<string, BuiltinAgent>> = {
  users: usersAgent,
  orderer: ordererAgent,
  background: backgroundAgent,
  "bulk-buyer": bulkBuyerAgent,
  renewer: renewerAgent,
  reseller: resellerAgent,
};
