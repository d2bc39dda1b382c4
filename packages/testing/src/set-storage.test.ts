// The `set_storage:` step (chopsticks' dev_setStorage): writes made in a step's block, before its
// calls, parsed by the items' codecs, recorded in the block's change set.
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { ScenarioError, parseScenario, replay } from "./index.ts";

beforeAll(initCrypto);

describe("set_storage steps", () => {
  it("write storage in the step's block, before its calls, as part of that block", () => {
    const r = replay(
      parseScenario(`name: set storage
runtime: balances-mock
genesis:
  Balances: { balances: { alice: 100 } }
blocks:
  - at: 2
    set_storage:
      Balances:
        Account: [ [ bob, { free: 500, reserved: 0, frozen: 0, flags: 0 } ] ]
        TotalIssuance: 600
    calls:
      - origin: { Signed: bob }
        call: Balances.transfer_allow_death
        args: { dest: charlie, value: 450 }
    expect:
      balances: { alice: 100, bob: 50, charlie: 450 }
      storage:
        - item: Balances.TotalIssuance
          value: 600
  - at: 3
    set_storage:
      Balances:
        Account: [ [ charlie, null ] ]
    expect:
      balances: { charlie: 0 }
`),
      { recordBlocks: true },
    );
    expect(r.mismatches).toEqual([]);
    expect(r.passed).toBe(true);
    const block2 = r.records!.find((b) => b.number === 2)!;
    expect(block2.changes.some((c) => c.item === "TotalIssuance" && c.old === 100n && c.new === 600n)).toBe(true);
  });

  it("is parsed by the items' codecs, with the path in the file", () => {
    const bad = () =>
      replay(
        parseScenario(`name: bad set storage
runtime: balances-mock
blocks:
  - at: 1
    set_storage:
      Balances: { TotalIssuance: -5 }
`),
      );
    expect(bad).toThrow(ScenarioError);
    expect(bad).toThrow(/blocks\[0\]\.set_storage\.Balances\.TotalIssuance/);
    const unknown = () => replay(parseScenario("name: x\nruntime: balances-mock\nblocks:\n  - at: 1\n    set_storage: { Balances: { Acount: [] } }\n"));
    expect(unknown).toThrow(/blocks\[0\]\.set_storage\.Balances: unknown storage item 'Balances.Acount'\ndid you mean 'Balances.Account'/);
    const inSnapshot = () => parseScenario("name: x\nruntime: balances-mock\nblocks:\n  - at: 1\n  - snapshot: s\n    set_storage: { Balances: { TotalIssuance: 1 } }\n");
    expect(inSnapshot).toThrow(/no calls, expect or set_storage in a snapshot step/);
  });
});
