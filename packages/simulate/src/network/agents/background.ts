/**
 * `background`: the on-demand demand of paras outside the study. Each relay block it places a
 * Poisson number (mean `rate`) of relay on-demand orders for para ids drawn uniformly from
 * `para_base .. para_base + para_count - 1`, paid by `payer` with `max_amount` (0 = any price).
 * Their queue and spot-price effects are what the studied paras' orderers see; they are counted
 * as `background_orders`, not as the studied paras' coretime spend.
 */
import { OnDemand } from "@corelab/pallet-on-demand";
import type { BuiltinAgent } from "./index.ts";

const ANY_PRICE = (1n << 127n) - 1n;

/** The `background` agent kind. */
export const backgroundAgent: BuiltinAgent = {
  kind: "background",
  description: "other paras' on-demand orders (Poisson), moving the queue and the spot price",
  params: {
    rate: { type: "number", min: 0, default: 0.5, docs: "mean orders per relay block" },
    para_base: { type: "int", default: 3000, docs: "the first para id ordered for" },
    para_count: { type: "int", min: 1, default: 20, docs: "how many para ids orders are spread over" },
    payer: { type: "account", default: "ferdie", docs: "who pays the orders (funded at genesis)" },
    max_amount: { type: "amount", default: 0, docs: "max_amount of each order (0 = any price)" },
  },
  create({ name, rng, params }) {
    const rate = params.rate as number;
    const baseId = params.para_base as number;
    const count = params.para_count as number;
    const origin = { type: "Signed" as const, value: params.payer as string };
    const max = (params.max_amount as bigint) === 0n ? ANY_PRICE : (params.max_amount as bigint);
    return {
      name,
      onBlock(view) {
        const k = rng.poisson(rate);
        for (let i = 0; i < k; i++) {
          const para_id = baseId + rng.int(0, count - 1);
          const r = view.submit("relay", origin, OnDemand.call("place_order_allow_death", { max_amount: max, para_id }));
          if (r.ok) view.recordBackgroundOrder();
        }
      },
    };
  },
};
