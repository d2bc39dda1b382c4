// A runtime designer's first program: compose System + Balances, run blocks, read what happened.
import { Origin, createRuntime, initCrypto } from "@corelab/frame";
import { Balances, freeBalance } from "@corelab/pallet-balances";

await initCrypto();
const runtime = createRuntime({
  name: "my-chain",
  pallets: [Balances.instance({ ExistentialDeposit: 10n })],
  genesis: { Balances: { balances: [["alice", 1_000n]] } },
});

const block = runtime.newBlock([
  { origin: Origin.signed("alice"), call: Balances.call("transfer_allow_death", { dest: "bob", value: 250n }) },
  { origin: Origin.signed("bob"), call: Balances.call("transfer_allow_death", { dest: "charlie", value: 1_000n }) },
]);
const outcomes = block.extrinsics.map((x) => (x.result.ok ? "ok" : JSON.stringify(x.result.error)));
const balances = runtime.read((ctx) => ["alice", "bob"].map((who) => freeBalance(ctx, who)));
console.log(`block ${block.number}: ${outcomes.join(", ")}; alice ${balances[0]}, bob ${balances[1]}; root ${runtime.stateRoot()}`);

const fail = (msg) => {
  console.error(`program: ${msg}`);
  process.exit(1);
};
if (block.number !== 1) fail(`expected block 1, got ${block.number}`);
if (!block.extrinsics[0].result.ok || block.extrinsics[1].result.ok) fail(`unexpected outcomes ${outcomes.join(", ")}`);
if (balances[0] !== 750n || balances[1] !== 250n) fail(`unexpected balances ${balances.join(", ")}`);
if (!block.events.some((e) => e.section === "Balances" && e.method === "Transfer")) fail("no Balances.Transfer event");
