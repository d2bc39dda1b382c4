// Toy pallets for the network tests: a relay side (`FakeCores`: core assignments, core count
// requests answered by a message, on-demand-like orders) and a broker side (`FakeBroker`: sends
// assign/request messages to the relay and records the answers and the relay clock it reads).
import { t } from "../codec.ts";
import type { CallContext, PalletContext } from "../context.ts";
import { ensureRoot, ensureRootOrParachain, ensureSigned, fail, DispatchErrors } from "../dispatch.ts";
import { sendMessage, xcmOrigin } from "../network.ts";
import { definePallet } from "../pallet.ts";
import { map, value } from "../storage.ts";

/** The broker chain's para id in these fixtures. */
export const BROKER_PARA = 1005;

const fromBroker = ensureRootOrParachain(BROKER_PARA);

export const FakeCores = definePallet<Record<string, never>>()({
  name: "FakeCores",
  storage: {
    Assigned: map(t.u16, t.u32, { hasher: "Twox64Concat" }),
    CoreCount: value(t.u16),
    Orders: value(t.vec(t.tuple([t.accountId, t.u32])), { default: () => [] }),
  },
  events: { CoreAssigned: { core: t.u16, para: t.u32 } },
  errors: {},
  calls: {
    assign_core: {
      index: 0,
      args: { core: t.u16, para: t.u32 },
      dispatch: (ctx, a) => {
        fromBroker(ctx.origin);
        FakeCores.storage.Assigned.insert(ctx, a.core, a.para);
        FakeCores.deposit(ctx, "CoreAssigned", { core: a.core, para: a.para });
      },
    },
    request_core_count: {
      index: 1,
      args: { count: t.u16 },
      dispatch: (ctx, a) => doRequestCoreCount(ctx, a.count),
    },
    place_order: {
      index: 2,
      args: { para: t.u32 },
      dispatch: (ctx, a) => {
        const who = ensureSigned(ctx.origin);
        FakeCores.storage.Orders.mutate(ctx, (o) => [...o, [who, a.para] as [string, number]]);
      },
    },
  },
});

function doRequestCoreCount(ctx: CallContext<Record<string, never>>, count: number): void {
  fromBroker(ctx.origin);
  FakeCores.storage.CoreCount.put(ctx, count);
  sendMessage(ctx, { to: "coretime", origin: xcmOrigin.superuser, call: FakeBroker.call("notify_core_count", { count }) });
}

export interface FakeBrokerConfig {
  readonly relayBlock: (ctx: PalletContext<FakeBrokerConfig>) => number;
}

export const FakeBroker = definePallet<FakeBrokerConfig>()({
  name: "FakeBroker",
  storage: {
    Notified: value(t.u16),
    RelayAt: value(t.vec(t.tuple([t.u32, t.u32])), { default: () => [] }),
  },
  events: {},
  errors: {},
  calls: {
    assign: {
      index: 0,
      args: { core: t.u16, para: t.u32 },
      dispatch: (ctx, a) => {
        ensureSigned(ctx.origin);
        sendMessage(ctx, { to: "relay", origin: xcmOrigin.native(BROKER_PARA), call: FakeCores.call("assign_core", { core: a.core, para: a.para }) });
      },
    },
    request: {
      index: 1,
      args: { count: t.u16, delay: t.option(t.u32) },
      dispatch: (ctx, a) => {
        ensureSigned(ctx.origin);
        sendMessage(ctx, { to: "relay", origin: xcmOrigin.native(BROKER_PARA), call: FakeCores.call("request_core_count", { count: a.count }), delay: a.delay });
      },
    },
    send_then_fail: {
      index: 2,
      args: {},
      dispatch: (ctx) => {
        sendMessage(ctx, { to: "relay", origin: xcmOrigin.native(BROKER_PARA), call: FakeCores.call("request_core_count", { count: 9 }) });
        fail(DispatchErrors.other("after sending"));
      },
    },
    notify_core_count: {
      index: 3,
      args: { count: t.u16 },
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        FakeBroker.storage.Notified.put(ctx, a.count);
      },
    },
  },
  hooks: {
    onInitialize: (ctx): void => {
      FakeBroker.storage.RelayAt.mutate(ctx, (v) => [...v, [ctx.blockNumber, ctx.config.relayBlock(ctx)] as [number, number]]);
    },
  },
});
