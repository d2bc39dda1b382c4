/**
 * Network presets `kusama-network` and `polkadot-network`: a relay chain, its Coretime chain and
 * the parachains a scenario names, composed with `createNetwork` of `@corelab/frame`.
 *
 * - `relay` (6 s, the network's clock): System, Outbox, Balances (the relay's existential
 *   deposit), OnDemand (`py/ondmd`, SDK-default host configuration, `MaxHistoricalRevenue` 160),
 *   Coretime (`BrokerId` 1005; the broker chain's messages are admitted as `{ Parachain: 1005 }`
 *   or Root; `notify_core_count` / `notify_revenue` answers go to the coretime chain as messages
 *   with origin Root, XCM's `Superuser`).
 * - `coretime` (12 s: a block at every even relay block): System, Outbox, Balances, Teleport
 *   (teleported revenue, see `teleport.ts`), Broker of the
 *   chain's newest era (`coretime-kusama` / `coretime-polkadot`: constants, price adapter, sale
 *   rules, `configure` values in relay blocks), whose `CoretimeInterface` sends `assign_core`,
 *   `request_core_count`, `request_revenue_at` and `credit_account` to the relay's Coretime
 *   pallet as messages with origin `{ Parachain: 1005 }`; the broker's clock reads the relay block.
 * - `para-<id>`: every parachain a scenario names gets a runtime (System, Balances) and builds a
 *   block only in relay blocks in which a core runs it (Coretime's `coresAt`). Parachains nobody
 *   names are not built at all (no cost). A para whose pallets the scenario configures
 *   (`para-<id>.Assurance`, `.TransactionPayment`, `.Balances`) gets the parachain runtime of
 *   `parachain.ts` (fees, Assurance), a transaction pool and the Magnet-style order task.
 *
 * On-demand era: v1 by default (`OnDemand` with `QueueStatus` / affinity, the coretime pallet's
 * one pop per pool core); `constants: { OnDemand: { Version: 2 } }` (or `relay.OnDemand`) gives
 * polkadot-sdk#10184's v2: the relay holds `OnDemandV2` (one FIFO, `OrderStatus`), its `Coretime`
 * pallet assigns cores as #10184's scheduler does (`OnDemandVersion: 2`: all pool cores popped at
 * once, an empty core takes the next block's assignment, so an order placed at n runs its para at
 * n + 1 and n + 2) and the parachains' order task reads the v2 queue (`on-demand-v2.ts`).
 *
 * Secondary market: `constants: { coretime.Market: { … } }` (`{}` for the defaults) adds RegionX's
 * region market (`Market`, `@corelab/pallet-region-market`) to the coretime chain after Broker,
 * on the broker's clock, escrow account `py/rgnmk` (`pallet:Market`; see `network-region-market.ts`).
 * Without it the coretime chain is as before.
 *
 * Messages arrive one relay block after the block that sent them. `constants:` and `genesis:`
 * name the chain before the pallet (`coretime.Broker`, `relay.Coretime`); a bare pallet is the
 * relay's. Relay genesis: `Coretime: { core_count, assignments }` (default: no cores) and
 * `Configuration: { on_demand_queue_max_size, on_demand_target_queue_utilization,
 * on_demand_fee_variability, on_demand_base_fee }` (the host configuration's on-demand
 * `scheduler_params`; default the SDK's, `SDK_DEFAULT_HOST_CONFIG`).
 *
 * Revenue: when the broker's `request_revenue_at` arrives, the relay's Coretime pallet claims the
 * on-demand revenue, burns it from the on-demand pot (`relay.Balances.Burned { who: pallet:OnDemand }`;
 * a pot short of funds fails the call with `Coretime.AssetTransferFailed`) and sends, in this
 * order, `Teleport.receive_teleported_asset { amount, beneficiary: pallet:Broker }` (minted into
 * the broker's pot: `coretime.Balances.Minted`) and `Broker.notify_revenue`, as Rust's one XCM
 * program `ReceiveTeleportedAsset` + `DepositAsset` + `Transact` (see `teleport.ts`). A zero
 * revenue sends only the notification. `claim_revenue` then pays pool contributors from the pot.
 *
 * Not wired yet: the relay's default host configuration is the SDK default, not the live chains'
 * values; the relay's teleport check account is not modelled.
 */
import { type PalletPathOf, parsePalletOptions, type Preset, type PresetOptions } from "@corelab/frame";
import {
  CorelabError,
  InvalidValueError,
  Outbox,
  UnknownNameError,
  arithmeticCodecs,
  createNetwork,
  createRuntime,
  ensureRootOrParachain,
  palletAccountId,
  resolveAccount,
  sendMessage,
  t,
  xcmOrigin,
  type Codec,
  type Network,
  type NetworkChainSpec,
  type NodeTask,
  type Runtime,
  type TokenInfo,
} from "@corelab/frame";
import { Balances, fungibleOf, type BalancesConfig } from "@corelab/pallet-balances";
import { Broker, type CoretimeInterface } from "@corelab/pallet-broker";
import { Coretime, burnFromPot, coresAt, paraOfRun, type BrokerNotifier, type CoreRun } from "@corelab/pallet-coretime";
import { OnDemand, OnDemandV2, RELAY_ON_DEMAND_CONSTANTS, SDK_DEFAULT_HOST_CONFIG, legacyCurrencyOf, onDemandAssignmentProvider, staticHostConfiguration, type OnDemandConfig, type OnDemandHostConfig } from "@corelab/pallet-on-demand";
import { CORETIME_BROKER_PALLET_ID, coretimeAccounts, coretimeBrokerConfig, eraConfigure, type CoretimeChain } from "./coretime-chain.ts";
import { applyMarketKnobs, BrokerWithMarketKnobs, splitMarketKnobs } from "./coretime-market-knobs.ts";
import { AccumulateForward } from "./coretime-revenue.ts";
import { CoretimeMarket } from "@corelab/pallet-coretime-market";
import { coretimeKusamaChain } from "./coretime-kusama.ts";
import { PARACHAIN_ACCOUNTS, PARACHAIN_PALLETS, paraOrderTask, parachainRuntime } from "./parachain.ts";
import { coretimePolkadotChain } from "./coretime-polkadot.ts";
import { Teleport } from "./teleport.ts";
import { onDemandV2CoretimePort, onDemandV2RelayPort } from "./on-demand-v2.ts";
import { RegionMarket } from "@corelab/pallet-region-market";
import { NETWORK_REGION_MARKET_ACCOUNT, networkRegionMarket } from "./network-region-market.ts";

/** The Coretime chain's para id on Kusama and Polkadot. */
export const CORETIME_PARA_ID = 1005;

/** The relay chain of a network preset. */
export interface RelaySpec {
  /** The preset name (`kusama-network`). */
  readonly name: string;
  readonly token: TokenInfo;
  /** The relay's `ExistentialDeposit` (planck). */
  readonly existentialDeposit: bigint;
  /** The coretime chain (its newest era runs the broker). */
  readonly coretime: CoretimeChain;
}

/** Kusama: KSM (12 decimals), existential deposit 1 CENT = 333 333 333 planck. */
export const KUSAMA_RELAY: RelaySpec = { name: "kusama-network", token: coretimeKusamaChain.token, existentialDeposit: 333_333_333n, coretime: coretimeKusamaChain };
/** Polkadot: DOT (10 decimals), existential deposit 1 DOT. */
export const POLKADOT_RELAY: RelaySpec = { name: "polkadot-network", token: coretimePolkadotChain.token, existentialDeposit: 10_000_000_000n, coretime: coretimePolkadotChain };

/**
 * The broker's `CoretimeInterface` as messages to the relay's `Coretime` pallet (origin
 * `{ Parachain: brokerId }`), with the broker's clock on the network's relay block.
 */
export function networkCoretimeInterface(relayBlockNumber: () => number, brokerId = CORETIME_PARA_ID): CoretimeInterface {
  const origin = xcmOrigin.native(brokerId);
  return {
    requestCoreCount: (ctx, count) => sendMessage(ctx, { to: "relay", origin, call: Coretime.call("request_core_count", { count }) }),
    requestRevenueInfoAt: (ctx, when) => sendMessage(ctx, { to: "relay", origin, call: Coretime.call("request_revenue_at", { when }) }),
    creditAccount: (ctx, who, amount) => sendMessage(ctx, { to: "relay", origin, call: Coretime.call("credit_account", { who, amount }) }),
    assignCore: (ctx, core, begin, assignment, endHint) =>
      sendMessage(ctx, { to: "relay", origin, call: Coretime.call("assign_core", { core, begin, assignment: assignment.map(([a, p]) => [a, p]) as never, end_hint: endHint }) }),
    relayChainBlockNumber: () => relayBlockNumber(),
  };
}

/** The broker's pot on the coretime chain (`BrokerPotLocation`: `PalletId(*b"py/broke")`'s account). */
export const CORETIME_BROKER_POT = palletAccountId(CORETIME_BROKER_PALLET_ID);

/**
 * The relay's `BrokerNotifier` as messages to the coretime chain (origin Root, XCM `Superuser`):
 * `Broker.notify_core_count`; for revenue, when `amount > 0`, first the teleported funds
 * (`Teleport.receive_teleported_asset { amount, beneficiary: the broker's pot }`: the relay's
 * Coretime pallet has just burned them from the on-demand pot), then `Broker.notify_revenue`.
 * Pair it with the relay's `RevenueTransactor` (`burnFromPot`), or funds are minted from nothing.
 */
export const networkBrokerNotifier: BrokerNotifier = {
  notifyCoreCount: (ctx, count) => sendMessage(ctx, { to: "coretime", origin: xcmOrigin.superuser, call: Broker.call("notify_core_count", { core_count: count }) }),
  notifyRevenue: (ctx, revenue) => {
    if (revenue.amount > 0n)
      sendMessage(ctx, { to: "coretime", origin: xcmOrigin.superuser, call: Teleport.call("receive_teleported_asset", { amount: revenue.amount, beneficiary: CORETIME_BROKER_POT }) });
    sendMessage(ctx, { to: "coretime", origin: xcmOrigin.superuser, call: Broker.call("notify_revenue", { revenue }) });
  },
};

/** Para ids of the cores' runs (`Task(p)`, `OnDemand(p)`), the same array while the runs are the same object. */
function scheduledParas(): (relay: Runtime) => readonly number[] {
  let last: readonly CoreRun[] | undefined;
  let ids: readonly number[] = [];
  return (relay) => {
    const runs = relay.read(coresAt);
    if (runs !== last) {
      last = runs;
      const out: number[] = [];
      for (const r of runs) {
        const p = paraOfRun(r);
        if (p !== undefined) out.push(p);
      }
      ids = out;
    }
    return ids;
  };
}

/** A core run for people: `idle`, `pool`, `task 2000`, `on-demand 2001`. */
function describeRun(run: CoreRun): string {
  switch (run.type) {
    case "Idle":
      return "idle";
    case "Pool":
      return "pool";
    case "Task":
      return `task ${run.value}`;
    case "OnDemand":
      return `on-demand ${run.value}`;
  }
}

/** A pallet's map of a `constants:`/`genesis:` section, with its key as the file writes it (`relay.Balances` or `Balances`). */
interface PalletSection {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** A `constants:`/`genesis:` section by chain, then by pallet (Maps: names are the file's, never `Object.prototype`'s). */
type Grouped = Map<string, Map<string, PalletSection>>;

/** The largest para id (`ParaId` is a u32). */
const MAX_PARA_ID = 0xffff_ffff;

/**
 * The para id of a chain name `para-<id>` (`para-2000` → 2000), or undefined when the name is not
 * one: the id is a u32 written without leading zeros (`para-99999999999` and `para-02000` are not
 * parachains, and so not chains of the network).
 */
export function paraIdOfChain(chain: string): number | undefined {
  const m = /^para-(0|[1-9][0-9]{0,9})$/.exec(chain);
  if (!m) return undefined;
  const id = Number(m[1]);
  return id <= MAX_PARA_ID ? id : undefined;
}

/**
 * Splits `constants:`/`genesis:` keys `chain.Pallet` (bare `Pallet` = relay) by chain. A chain
 * other than `relay`, `coretime` and `para-<u32 id>`, or a pallet given twice for one chain
 * (`Balances` and `relay.Balances`), throws a `CorelabError` naming the key.
 */
function byChain(section: PresetOptions["constants"], name: "constants" | "genesis", prefix: string): Grouped {
  const out: Grouped = new Map();
  for (const [k, v] of Object.entries(section ?? {})) {
    const dot = k.indexOf(".");
    const [chain, pallet] = dot < 0 ? ["relay", k] : [k.slice(0, dot), k.slice(dot + 1)];
    const keyPath = `${prefix}${name}.${k}`;
    if (chain !== "relay" && chain !== "coretime" && paraIdOfChain(chain) === undefined)
      throw new UnknownNameError("chain", chain, ["relay", "coretime", "para-<id>"], keyPath, /^para-/.test(chain) ? "a para id is a u32 (0..4294967295) without leading zeros: para-2000" : "a key names a chain, then a pallet: relay.Balances (a bare pallet is the relay's)");
    let m = out.get(chain);
    if (!m) out.set(chain, (m = new Map()));
    const before = m.get(pallet);
    if (before) throw new InvalidValueError(keyPath, `each pallet of ${chain} once`, v, `${chain}'s ${pallet} is given twice: as '${before.key}' and as '${k}'`);
    m.set(pallet, { key: k, value: v });
  }
  return out;
}

/** One chain's part of a grouped section, as a plain map of pallet names to their maps (own keys only). */
function sectionOf(grouped: Grouped, chain: string, leaveOut?: string): Record<string, Readonly<Record<string, unknown>>> | undefined {
  const m = grouped.get(chain);
  if (m === undefined) return undefined;
  return Object.fromEntries([...m].filter(([pallet]) => pallet !== leaveOut).map(([pallet, x]) => [pallet, x.value]));
}

/** Where a chain's pallet maps are in the file, with their keys as written (`genesis.relay.Balances`, `genesis.Balances`). */
function pathsOf(prefix: string, constants: Grouped, genesis: Grouped, chain: string): PalletPathOf {
  return (section, pallet) => `${prefix}${section}.${(section === "constants" ? constants : genesis).get(chain)?.get(pallet)?.key ?? `${chain}.${pallet}`}`;
}

/** The fields of the relay genesis `Configuration` (the host configuration's on-demand `scheduler_params`). */
const HOST_CONFIGURATION_FIELDS: Readonly<Record<keyof OnDemandHostConfig, Codec<unknown>>> = {
  on_demand_queue_max_size: t.u32,
  on_demand_target_queue_utilization: arithmeticCodecs.perbill,
  on_demand_fee_variability: arithmeticCodecs.perbill,
  on_demand_base_fee: t.balance,
  num_cores: t.u32,
};

/**
 * The relay's host configuration from genesis `relay.Configuration` (Rust: `configuration`'s genesis
 * `HostConfiguration.scheduler_params`, here its on-demand fields flat): the SDK default
 * (`SDK_DEFAULT_HOST_CONFIG`) with the fields given. Unknown fields throw `UnknownNameError`.
 */
function parseHostConfiguration(section: PalletSection | undefined, preset: Pick<Preset, "token">, opts: PresetOptions): OnDemandHostConfig {
  if (section === undefined) return SDK_DEFAULT_HOST_CONFIG;
  const where = `${opts.path ? `${opts.path}.` : ""}genesis.${section.key}`;
  const out: Record<string, unknown> = { ...SDK_DEFAULT_HOST_CONFIG };
  for (const [name, value] of Object.entries(section.value)) {
    const codec = Object.hasOwn(HOST_CONFIGURATION_FIELDS, name) ? HOST_CONFIGURATION_FIELDS[name as keyof OnDemandHostConfig] : undefined;
    if (!codec) throw new UnknownNameError("host configuration field", name, Object.keys(HOST_CONFIGURATION_FIELDS), where);
    out[name] = codec.parse(value, { path: `${where}.${name}`, token: preset.token, resolveAccount: opts.resolveAccount ?? resolveAccount });
  }
  return out as unknown as OnDemandHostConfig;
}

/**
 * Options of `createRelayNetwork` beyond a scenario's: `orderTask` replaces the order task of each
 * configured parachain (e.g. `paraOrderTask(id, onDemand, { strategy: { type: "Always" } })`, or
 * `undefined` for none), for simulations comparing strategies.
 */
export interface RelayNetworkOptions extends PresetOptions {
  readonly preset?: Preset;
  readonly orderTask?: (paraId: number, onDemand: OnDemandConfig) => NodeTask | undefined;
}

/** Builds the network of `spec` at genesis with a scenario's options. */
export function createRelayNetwork(spec: RelaySpec, opts: RelayNetworkOptions): Network {
  const preset = opts.preset ?? { token: spec.token };
  if ((opts.genesisNumber ?? 0) !== 0)
    throw new CorelabError("StartUnsupported", `${spec.name} starts at relay block 0: \`start\` is not supported on networks`, { details: [`got start ${opts.genesisNumber}`] });
  const prefix = opts.path ? `${opts.path}.` : "";
  const constants = byChain(opts.constants, "constants", prefix);
  const genesis = byChain(opts.genesis, "genesis", prefix);
  const hostConfig = genesis.get("relay")?.get("Configuration");
  const relayOpts = parsePalletOptions(
    preset,
    [Balances, OnDemand, Coretime],
    { ...opts, constants: sectionOf(constants, "relay"), genesis: sectionOf(genesis, "relay", "Configuration") },
    pathsOf(prefix, constants, genesis, "relay"),
  );
  const ctOpts = parsePalletOptions(
    { token: spec.coretime.token },
    [Balances, BrokerWithMarketKnobs, CoretimeMarket, RegionMarket, AccumulateForward],
    { ...opts, constants: sectionOf(constants, "coretime"), genesis: sectionOf(genesis, "coretime") },
    pathsOf(prefix, constants, genesis, "coretime"),
  );

  const relayBalances: BalancesConfig = { ExistentialDeposit: spec.existentialDeposit, ...(relayOpts.constants.Balances as Partial<BalancesConfig>) };
  const onDemand: OnDemandConfig = {
    TrafficDefaultValue: 1_000_000_000_000_000_000n,
    MaxHistoricalRevenue: 160,
    PalletId: "py/ondmd",
    Currency: legacyCurrencyOf(fungibleOf(relayBalances)),
    HostConfiguration: staticHostConfiguration(parseHostConfiguration(hostConfig, preset, opts)),
    ...(relayOpts.constants.OnDemand as Partial<OnDemandConfig>),
  };
  // the era of on-demand: v1 (default) or sdk#10184's v2, which also changes the relay's scheduler
  const v2 = onDemand.Version === 2;
  const relay = createRuntime({
    name: spec.name.replace("-network", ""),
    token: spec.token,
    pallets: [
      Outbox.instance({}),
      Balances.instance(relayBalances),
      (v2 ? OnDemandV2 : OnDemand).instance(onDemand),
      Coretime.instance({
        BrokerId: CORETIME_PARA_ID,
        BrokerOrigin: ensureRootOrParachain(CORETIME_PARA_ID),
        Broker: networkBrokerNotifier,
        OnDemand: v2 ? onDemandV2CoretimePort(onDemand) : onDemandAssignmentProvider(onDemand),
        OnDemandVersion: v2 ? 2 : 1,
        RevenueTransactor: burnFromPot(fungibleOf(relayBalances), (onDemand.PalletAccountOf ?? palletAccountId)(onDemand.PalletId)),
        ...(relayOpts.constants.Coretime as object),
      }),
    ],
    genesis: relayOpts.genesis,
  });

  const ct = spec.coretime;
  const era = ct.eras[ct.eras.length - 1]!;
  const { constants: ctBrokerConstants, knobs: ctMarketKnobs } = splitMarketKnobs(ctOpts.constants.Broker);
  const ctBalances: BalancesConfig = { ExistentialDeposit: ct.existentialDeposit, ...(ctOpts.constants.Balances as Partial<BalancesConfig>) };
  // the secondary market for regions, opt-in: only when the file names `coretime.Market`
  const withRegionMarket = constants.get("coretime")?.has("Market") === true;
  // the parachains the file names (in a prefix, or in constants/genesis): `para-<u32 id>` only;
  // another `para-…` prefix is no chain of the network, and resolving it fails as an unknown chain
  const paras = [...new Set([...(opts.chains ?? []), ...constants.keys(), ...genesis.keys()])]
    .map(paraIdOfChain)
    .filter((id): id is number => id !== undefined)
    .sort((a, b) => a - b);
  return createNetwork({
    relay,
    chains: [
      {
        name: "coretime",
        paraId: CORETIME_PARA_ID,
        every: 2,
        runtime: (link) => {
          const { broker, extra, genesis: marketGenesis } = applyMarketKnobs(
            { ...coretimeBrokerConfig(ct, era, ctBalances, ctBrokerConstants as never), Coretime: networkCoretimeInterface(() => link.relayBlockNumber()) },
            ctMarketKnobs,
            ctOpts.constants.CoretimeMarket,
            ct.token.decimals,
            `${prefix}constants.coretime.Broker`,
            // the revenue route's accumulation account and its constants (`constants.coretime.AccumulateForward`)
            { palletId: ct.accumulateForwardPalletId, ...(ctOpts.constants.AccumulateForward !== undefined ? { constants: ctOpts.constants.AccumulateForward } : {}) },
          );
          return createRuntime({
            name: ct.name,
            token: ct.token,
            pallets: [
              Outbox.instance({}),
              Balances.instance(ctBalances),
              Teleport.instance({ Currency: fungibleOf(ctBalances) }),
              Broker.instance(broker),
              ...extra,
              ...(withRegionMarket ? [networkRegionMarket(broker, fungibleOf(ctBalances), ctOpts.constants.Market as never)] : []),
            ],
            genesis: { ...marketGenesis, ...ctOpts.genesis, Broker: { config: eraConfigure(era), ...ctOpts.genesis.Broker } },
          });
        },
      },
      ...paras.map((id) => paraChain(spec, id, onDemand, constants, genesis, opts, preset)),
    ],
    scheduledParas: scheduledParas(),
    describeCores: (relay) => relay.read(coresAt).map(describeRun),
  });
}

/**
 * The chain of `para-<id>`. Plain (System, Balances: no fees, no pool) unless the scenario
 * configures one of its pallets (`constants:`/`genesis:` `para-<id>.Balances`,
 * `para-<id>.TransactionPayment`, `para-<id>.Assurance`): then the parachain runtime of
 * `parachain.ts` (fees into `BASE_ACCOUNT`, Assurance), a transaction pool (scenario calls to it
 * while no core runs it wait there) and the collator's order task (`paraOrderTask`), which
 * decides every relay block and records its decisions in the para's next block.
 */
function paraChain(
  spec: RelaySpec,
  id: number,
  onDemand: OnDemandConfig,
  constants: Grouped,
  genesis: Grouped,
  opts: RelayNetworkOptions,
  preset: Pick<Preset, "token">,
): NetworkChainSpec {
  const name = `para-${id}`;
  if (!constants.has(name) && !genesis.has(name))
    return { name, paraId: id, runtime: createRuntime({ name, token: spec.token, pallets: [Balances.instance({ ExistentialDeposit: spec.existentialDeposit })] }) };
  const prefix = opts.path ? `${opts.path}.` : "";
  const options = parsePalletOptions(
    preset,
    PARACHAIN_PALLETS,
    { ...opts, constants: sectionOf(constants, name), genesis: sectionOf(genesis, name) },
    pathsOf(prefix, constants, genesis, name),
  );
  return {
    name,
    paraId: id,
    txPool: true,
    runtime: parachainRuntime({ name, token: spec.token, existentialDeposit: spec.existentialDeposit, options }),
    node: opts.orderTask ? opts.orderTask(id, onDemand) : paraOrderTask(id, onDemand, onDemand.Version === 2 ? { relay: onDemandV2RelayPort(onDemand) } : {}),
  };
}

function networkPreset(spec: RelaySpec): Preset {
  const preset: Preset = {
    name: spec.name,
    description: `${spec.coretime.relay} relay (System, Balances, OnDemand, Coretime) + coretime chain (${spec.coretime.name}, 12 s) + the parachains a scenario names; messages take 1 relay block`,
    token: spec.token,
    accounts: { ...coretimeAccounts(spec.coretime), "pallet:OnDemand": palletAccountId(RELAY_ON_DEMAND_CONSTANTS.PalletId), "pallet:Market": NETWORK_REGION_MARKET_ACCOUNT, ...PARACHAIN_ACCOUNTS },
    chains: ["relay", "coretime", "para-<id>"],
    create(opts: PresetOptions): Runtime {
      return createRelayNetwork(spec, { ...opts, preset }).relay;
    },
    network(opts: PresetOptions): Network {
      return createRelayNetwork(spec, { ...opts, preset });
    },
  };
  return preset;
}

/** `kusama-network`. */
export const kusamaNetwork: Preset = networkPreset(KUSAMA_RELAY);
/** `polkadot-network`. */
export const polkadotNetwork: Preset = networkPreset(POLKADOT_RELAY);
