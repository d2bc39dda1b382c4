// The network presets' revenue path: request_revenue_at burns the on-demand revenue on the relay and
// teleports it into the broker's pot before notify_revenue; the relay genesis `Configuration`.
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { compileScenario, replay, scenarioFromObject } from "../index.ts";

beforeAll(() => initCrypto());

const run = (doc: Record<string, unknown>) => replay(compileScenario(scenarioFromObject({ name: "revenue", runtime: "kusama-network", ...doc }, "revenue.yaml")));

/** Alice orders one block for para 2000 at relay block 1, at a base fee above the relay's existential deposit. */
const paidOrder = {
  genesis: {
    "relay.Configuration": { on_demand_base_fee: "0.001 KSM" },
    "relay.Balances": { balances: { alice: "1 KSM" } },
  },
};
const order = { origin: { Signed: "alice" }, call: "relay.OnDemand.place_order_allow_death", args: { max_amount: "0.001 KSM", para_id: 2000 } };
const request = (when: number) => ({ origin: "Root", call: "relay.Coretime.request_revenue_at", args: { when } });

describe("network revenue: funds follow notify_revenue", () => {
  it("burns the revenue from the on-demand pot, mints it into the broker's pot, then notifies", () => {
    const r = run({
      ...paidOrder,
      blocks: [
        { at: 1, calls: [order], expect: { balances: { "relay.pallet:OnDemand": "0.001 KSM", "relay.alice": "0.999 KSM" } } },
        {
          at: 3,
          calls: [request(3)],
          expect: {
            events: [
              { "relay.Balances.Burned": { who: "pallet:OnDemand", amount: "0.001 KSM" } },
              { "relay.Outbox.Sent": { to: "coretime", call: "Teleport.receive_teleported_asset" } },
              { "relay.Outbox.Sent": { to: "coretime", call: "Broker.notify_revenue" } },
            ],
            balances: { "relay.pallet:OnDemand": 0 },
          },
        },
        {
          at: 4,
          expect: {
            events: [{ "coretime.Balances.Minted": { who: "pallet:Broker", amount: "0.001 KSM" } }],
            storage: [{ item: "coretime.Broker.RevenueInbox", value: { until: 3, amount: "0.001 KSM" } }],
            balances: { "coretime.pallet:Broker": "0.001 KSM" },
          },
        },
        // nothing left: only the notification travels
        { at: 5, calls: [request(5)], expect: { events_exact: [{ "relay.Outbox.Sent": { to: "coretime", call: "Broker.notify_revenue" } }, "relay.System.ExtrinsicSuccess"] } },
        { at: 6, expect: { storage: [{ item: "coretime.Broker.RevenueInbox", value: { until: 5, amount: 0 } }], balances: { "coretime.pallet:Broker": "0.001 KSM" } } },
      ],
    });
    expect(r.mismatches).toEqual([]);
  });

  it("fails with AssetTransferFailed when the revenue is not in the pot (orders paid with credits)", () => {
    const r = run({
      blocks: [
        { at: 1, calls: [{ origin: "Root", call: "relay.Coretime.credit_account", args: { who: "alice", amount: "0.001 KSM" } }] },
        { at: 2, calls: [{ origin: { Signed: "alice" }, call: "relay.OnDemand.place_order_with_credits", args: { max_amount: "0.001 KSM", para_id: 2000 } }] },
        { at: 3, calls: [{ ...request(3), expect: { error: "Coretime.AssetTransferFailed" } }] },
      ],
    });
    expect(r.mismatches).toEqual([]);
  });

  it("accepts teleported funds only from the relay (Root)", () => {
    const r = run({
      blocks: [
        {
          at: 2,
          calls: [{ origin: { Signed: "alice" }, call: "coretime.Teleport.receive_teleported_asset", args: { amount: "1 KSM", beneficiary: "alice" }, expect: { error: "BadOrigin" } }],
        },
      ],
    });
    expect(r.mismatches).toEqual([]);
  });
});

describe("network genesis: relay.Configuration", () => {
  it("names an unknown host configuration field with its path and the valid ones", () => {
    expect(() => run({ genesis: { "relay.Configuration": { on_demand_base_fees: 1 } }, blocks: [{ at: 1 }] })).toThrow(
      /genesis\.relay\.Configuration[\s\S]*on_demand_base_fees[\s\S]*on_demand_base_fee/,
    );
  });
});
