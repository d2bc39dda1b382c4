/** A test agent (module form): sends one transaction per block, throws at `params.at`. */
import type { AgentContext, AgentView } from "../types.ts";

export default function createAgent(ctx: AgentContext) {
  const at = (ctx.params.at as number | undefined) ?? 5;
  return {
    name: ctx.name,
    onBlock(view: AgentView): void {
      if (view.block === at) throw new Error(`gave up at ${at}`);
      view.submitTx(view.paras[0]!, { fee: 1_000n });
    },
  };
}
