/** A test agent (module form, plain function): orders for its para every 5th relay block. */
import type { AgentContext, AgentView } from "../types.ts";

export const createAgent = (ctx: AgentContext) => (view: AgentView): void => {
  if (view.block % 5 === 0) view.placeOrder(ctx.params.para as number, { reason: "custom" });
};
