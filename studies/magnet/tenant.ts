/**
 * `tenant` (an agent module of the Magnet study): another parachain's team, outside the study, that
 * buys any core still on sale once the sale price has fallen to `price_limit` (set it just above the
 * sale's end price: it then buys at the end of the lead-in) and assigns the region to its para for
 * good (`Broker.purchase { price_limit }`, then `Broker.assign { task: para, finality: Final }`;
 * pallet-broker, polkadot-sdk `substrate/frame/broker/src/dispatchables.rs`).
 *
 * Why the study has it: a core that no one buys in a sale becomes an instantaneous-pool core for
 * its region (pallet-broker's `rotate_sale`). Without the tenant, the runs in which para 2000 buys
 * no bulk coretime (the on-demand strategies) would get a second Pool core from the first region
 * on, and their on-demand market would not be the one the bulk runs see. With it, the one Pool core
 * (core 0, reserved) is the whole on-demand market in every run.
 *
 * What it pays is not the studied para's coretime spend (it calls no `recordSpend`), like the
 * `background` agent's orders; the sales columns (`sales`, `bulk_revenue`, `cores_sold_share`)
 * count its purchases, as they count every deal of the sale.
 *
 * Parameters: `account` (the buyer on the coretime chain; fund it under `accounts.coretime`),
 * `para` (the para id its regions run; not a simulated para), `price_limit` (`"0.0008 KSM"`, or
 * planck). Acts only in relay blocks in which the coretime chain builds; a purchase the market
 * refuses (before the sale starts, over the limit, sold out) is tried as a dry run and costs nothing.
 * Deterministic: it draws nothing.
 */
import type { AgentFactory, AgentView } from "../../packages/simulate/src/network/types.ts";

/**
 * An amount parameter in planck: a bigint, an integer number of planck, or a string: digits (planck)
 * or `"<decimal> <symbol>"` in the network's token (`"0.0008 KSM"`).
 */
function planck(v: unknown, name: string, token: { readonly symbol: string; readonly decimals: number }): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string") {
    if (/^\d+$/.test(v)) return BigInt(v);
    const m = /^(\d+)(?:\.(\d+))? (\S+)$/.exec(v);
    if (m && m[3] === token.symbol && (m[2] ?? "").length <= token.decimals) return BigInt(m[1]! + (m[2] ?? "").padEnd(token.decimals, "0"));
  }
  throw new Error(`tenant: params.${name} must be an amount (planck, or "<decimal> ${token.symbol}" with at most ${token.decimals} decimals), got ${JSON.stringify(v)}`);
}

const createTenant: AgentFactory = ({ name, params, account, token }) => {
  if (typeof params.account !== "string") throw new Error("tenant: params.account (the buyer on the coretime chain) is required");
  if (typeof params.para !== "number" || !Number.isInteger(params.para)) throw new Error("tenant: params.para (an integer para id) is required");
  const origin = { type: "Signed" as const, value: account(params.account) };
  const para = params.para;
  const limit = planck(params.price_limit, "price_limit", token);
  const purchase = { pallet: "Broker", name: "purchase", args: { price_limit: limit } };
  return {
    name,
    onBlock(view: AgentView) {
      if (!view.coretimeOpen) return;
      if (!view.coretime.dryRun({ origin, call: purchase }).result.ok) return;
      const r = view.submit("coretime", origin, purchase);
      const bought = r.events.find((e) => e.type === "Broker" && e.value.type === "Purchased");
      if (!r.ok || !bought) return;
      const region = (bought.value.value as { region_id: unknown }).region_id;
      view.submit("coretime", origin, { pallet: "Broker", name: "assign", args: { region_id: region, task: para, finality: { type: "Final" } } });
    },
  };
};

export default createTenant;
