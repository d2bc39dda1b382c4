// A test-only network preset (`toy-network`): a relay (System, Outbox, Balances, ToyCores: what
// each core runs, set by messages from the broker chain), a `coretime` chain every 2 relay blocks
// (System, Outbox, Balances, ToyBroker: sends `assign_core` to the relay), and parachains 2000
// and 2001 (System, Ticker) that build only when a core runs them. Chains the scenario does not
// name stay light, as in the real network presets.
import {
  createNetwork,
  createRuntime,
  definePallet,
  ensureRootOrParachain,
  ensureSigned,
  map,
  Outbox,
  resolveAccount,
  sendMessage,
  t,
  xcmOrigin,
  type Network,
  type MapState,
  type Runtime,
} from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import type { Preset, PresetOptions } from "@corelab/frame";
import { Ticker } from "./ticker.ts";

const BROKER = 1005;

export const ToyCores = definePallet<Record<string, never>>()({
  name: "ToyCores",
  storage: { Runs: map(t.u16, t.u32, { hasher: "Twox64Concat" }) },
  events: { CoreAssigned: { core: t.u16, para: t.u32 } },
  errors: {},
  calls: {
    assign_core: {
      index: 0,
      args: { core: t.u16, para: t.u32 },
      dispatch(ctx, a): void {
        ensureRootOrParachain(BROKER)(ctx.origin);
        ToyCores.storage.Runs.insert(ctx, a.core, a.para);
        ToyCores.deposit(ctx, "CoreAssigned", { core: a.core, para: a.para });
      },
    },
  },
});

export const ToyBroker = definePallet<Record<string, never>>()({
  name: "ToyBroker",
  storage: {},
  events: {},
  errors: {},
  calls: {
    assign: {
      index: 0,
      args: { core: t.u16, para: t.u32 },
      dispatch(ctx, a): void {
        ensureSigned(ctx.origin);
        sendMessage(ctx, { to: "relay", origin: xcmOrigin.native(BROKER), call: ToyCores.call("assign_core", { core: a.core, para: a.para }) });
      },
    },
  },
});

function scheduled(): (relay: Runtime) => readonly number[] {
  let last: unknown;
  let ids: readonly number[] = [];
  return (relay) => {
    const m = relay.read((ctx) => ToyCores.storage.Runs.version(ctx));
    if (m !== last) {
      last = m;
      ids = m === undefined ? [] : (m as MapState<number, number>).entries().map(([, p]) => p);
    }
    return ids;
  };
}

const balances = { balances: [[resolveAccount("alice"), 1_000_000n]] };

export const toyNetwork: Preset = {
  name: "toy-network",
  description: "test network: relay, coretime every 2 relay blocks, paras 2000 and 2001",
  chains: ["relay", "coretime", "para-2000", "para-2001"],
  create(opts: PresetOptions): Runtime {
    return this.network!(opts).relay;
  },
  network(opts: PresetOptions): Network {
    const para = (id: number) =>
      opts.chains?.has(`para-${id}`) ? createRuntime({ name: `para-${id}`, pallets: [Ticker.instance({ Every: 1 })] }) : undefined;
    return createNetwork({
      relay: createRuntime({ name: "relay", pallets: [Outbox.instance({}), Balances.instance({ ExistentialDeposit: 1n }), ToyCores.instance({})], genesis: { Balances: balances } }),
      chains: [
        {
          name: "coretime",
          paraId: BROKER,
          every: 2,
          runtime: createRuntime({ name: "coretime", pallets: [Outbox.instance({}), Balances.instance({ ExistentialDeposit: 1n }), ToyBroker.instance({})], genesis: { Balances: balances } }),
        },
        { name: "para-2000", paraId: 2000, runtime: para(2000) },
        { name: "para-2001", paraId: 2001, runtime: para(2001) },
      ],
      scheduledParas: scheduled(),
    });
  },
};
