/**
 * The relay-chain side of coretime as one pallet, `Coretime`: the calls, events and errors of
 * polkadot-sdk `polkadot/runtime/parachains/src/coretime/mod.rs` (pallet `Coretime`), the storage
 * and errors of `assigner_coretime/mod.rs` (pallet `CoretimeAssignmentProvider` in Rust runtimes),
 * and Corelab items standing for the host configuration's core count and for the per-block
 * answers. The logic lives in `dispatchables.ts`, `hooks.ts` and `cores.ts`.
 */
import { InvalidGenesisError, definePallet, map, t, value } from "@corelab/frame";
import { PALLET_NAME } from "./cores.ts";
import { appendSchedule, doAssignCore, doCreditAccount, doRequestCoreCount, doRequestRevenueAt, ensureBroker } from "./dispatchables.ts";
import { doAdvanceCores } from "./hooks.ts";
import type { CoretimeConfig } from "./interfaces.ts";
import {
  Balance,
  BlockNumber,
  BlockRuns,
  BrokerCoreIndex,
  CoreAssignmentParts,
  CoreDescriptor,
  CoreIndex,
  GenesisAssignment,
  PendingCoreCountRecord,
  Schedule,
} from "./types.ts";

const brokerCall = "Origin: `BrokerOrigin` (Root or the coretime chain), else BadOrigin.";

/**
 * The relay side of coretime (`Coretime`): receives the broker's `assign_core` into per-core
 * queues of schedules, advances every core each block (what it runs: `coresAt`), keeps the core
 * count, and forwards revenue requests and credits to the on-demand provider.
 */
export const Coretime = definePallet<CoretimeConfig>()({
  name: PALLET_NAME,
  source:
    "polkadot-sdk polkadot/runtime/parachains/src/coretime/mod.rs + assigner_coretime/mod.rs (storage and errors of CoretimeAssignmentProvider)",
  docs: "Relay-chain side of coretime: assign_core into per-core schedule queues, one pop per core per block (bulk tasks, the on-demand pool, idle), core count, revenue requests and on-demand credits.",
  constants: {
    BrokerId: t.u32,
    CoreCountDelay: t.option(t.u32),
  },
  // hashers as assigner_coretime declares them: `Twox256` (opaque, so a real key cannot be read
  // back into its (BlockNumber, CoreIndex) / CoreIndex); Corelab's own items are values
  storage: {
    CoreSchedules: map(t.tuple([BlockNumber, CoreIndex], "(BlockNumber, CoreIndex)"), Schedule, {
      hasher: "Twox256",
      docs: "Queued schedules: the assignments a core runs from block `begin` (the key), linked by `next_schedule` (assigner_coretime).",
    }),
    CoreDescriptors: map(CoreIndex, CoreDescriptor, {
      hasher: "Twox256",
      default: () => ({ queue: undefined, current_work: undefined }),
      docs: "Per core: the queue of schedules not yet active (first/last) and the current work with its interleaving state (assigner_coretime).",
    }),
    CoreCount: value(t.u32, {
      default: () => 0,
      docs: "Corelab: the active number of cores (Rust: `configuration::ActiveConfig.scheduler_params.num_cores`). Cores 0..CoreCount run.",
    }),
    PendingCoreCount: value(PendingCoreCountRecord, {
      docs: "Corelab: a core count requested by `request_core_count`, active from block `at` (Rust: a scheduled configuration update).",
    }),
    Runs: value(BlockRuns, {
      docs: "Corelab: the answers of block `at` not readable from the descriptors (popped on-demand orders, interleaved cores); settled next block.",
    }),
  },
  events: {
    RevenueInfoRequested: { when: BlockNumber },
    CoreAssigned: { core: CoreIndex },
  },
  errors: {
    NotBroker: "The paraid making the call is not the coretime brokerage system parachain. Never returned here (origins have no parachain variant).",
    RequestedFutureRevenue: "Requested revenue information `when` parameter was in the future from the current block height.",
    AssetTransferFailed: "Failed to transfer assets to the coretime chain: the on-demand pot could not pay the revenue (request_revenue_at with a RevenueTransactor).",
    AssignmentsEmpty: "assign_core: there must be at least one assignment (CoretimeAssignmentProvider).",
    OverScheduled: "assign_core: assignments together exceeded 57600 (CoretimeAssignmentProvider).",
    UnderScheduled: "assign_core: assignments together less than 57600 (CoretimeAssignmentProvider).",
    DisallowedInsert: "assign_core may only append after the core's last queued schedule (CoretimeAssignmentProvider).",
    DuplicateInsert: "assign_core: a schedule for this core and block already exists (CoretimeAssignmentProvider).",
    AssignmentsNotSorted: "assign_core: the assignments are not strictly sorted (CoretimeAssignmentProvider).",
  },
  hooks: {
    onInitialize: (ctx) => doAdvanceCores(ctx),
  },
  calls: {
    request_core_count: {
      index: 1,
      args: { count: t.u16 },
      docs: `Requests the relay chain to provide \`count\` cores; active after \`CoreCountDelay\` blocks, then announced to the broker. ${brokerCall}`,
      dispatch: (ctx, a) => {
        ensureBroker(ctx);
        doRequestCoreCount(ctx, a.count);
      },
    },
    request_revenue_at: {
      index: 2,
      args: { when: BlockNumber },
      docs: `Claims the on-demand revenue before block \`when\`, withdraws it from the on-demand pot (with a RevenueTransactor) and sends it to the broker with the notification (notify_revenue). ${brokerCall} Errors: RequestedFutureRevenue, AssetTransferFailed.`,
      dispatch: (ctx, a) => {
        ensureBroker(ctx);
        doRequestRevenueAt(ctx, a.when);
      },
    },
    credit_account: {
      index: 3,
      args: { who: t.accountId, amount: Balance },
      docs: `Credits relay account \`who\` with \`amount\` of on-demand credits. ${brokerCall}`,
      dispatch: (ctx, a) => {
        ensureBroker(ctx);
        doCreditAccount(ctx, a.who, a.amount);
      },
    },
    assign_core: {
      index: 4,
      args: { core: BrokerCoreIndex, begin: BlockNumber, assignment: CoreAssignmentParts, end_hint: t.option(BlockNumber) },
      docs: `Queues how \`core\` is used from block \`begin\` (parts of 57600, strictly sorted, summing to 57600). ${brokerCall} Errors: AssignmentsEmpty, AssignmentsNotSorted, OverScheduled, UnderScheduled, DisallowedInsert, DuplicateInsert.`,
      dispatch: (ctx, a) => {
        ensureBroker(ctx);
        doAssignCore(ctx, a.core, a.begin, a.assignment, a.end_hint);
      },
    },
  },
  genesis: {
    fields: { core_count: t.option(t.u32), assignments: t.option(t.vec(GenesisAssignment)) },
    /**
     * Corelab genesis: `core_count` (the host configuration's `num_cores`) and `assignments`,
     * each queued as `assign_core` does (no event), as Rust's `AssignCoretime` does at genesis for
     * system parachains. Invalid assignments are rejected with the error's name.
     */
    build(ctx, cfg) {
      if (cfg.core_count !== undefined) Coretime.storage.CoreCount.put(ctx, cfg.core_count);
      (cfg.assignments ?? []).forEach((a, i) => {
        try {
          appendSchedule(ctx, a.core, a.begin, a.assignment, a.end_hint);
        } catch (e) {
          const name = (e as { error?: { value?: { value?: { type?: string } } } }).error?.value?.value?.type ?? String(e);
          throw new InvalidGenesisError(PALLET_NAME, `assignments[${i}]`, name);
        }
      });
    },
  },
});
