/** A test agent (module form): records the coretime chain's Broker and Market events of each coretime block into `recorded`. */
import type { AgentContext, AgentView } from "../types.ts";

/** The recorded events, in order (tests clear it before a run). */
export const recorded: Array<{ block: number; pallet: string; name: string; value: Record<string, unknown> }> = [];

export const createAgent = (_ctx: AgentContext) => (view: AgentView): void => {
  if (!view.coretimeOpen) return;
  for (const rec of view.coretime.pendingEvents) {
    const e = rec.event;
    if (e.type === "Market" || e.type === "Broker") recorded.push({ block: view.block, pallet: e.type, name: e.value.type, value: e.value.value as Record<string, unknown> });
  }
};
