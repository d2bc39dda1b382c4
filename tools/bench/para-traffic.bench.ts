/**
 * Benchmark: the `network` simulation model with 100 parachains with traffic, all ordering
 * on-demand, for 100 000 relay blocks on `kusama-network` (issue 4, part 6).
 *
 * The model: 20 on-demand Pool cores; paras 2000…2099, each with a `users` agent (Poisson, 0.2
 * transactions per relay block, bursts every ~500 blocks at 10× for 20 blocks) and a Magnet-style
 * `orderer` (profit threshold 1, assurance after 8 relay blocks without a para block). Per-block
 * metric rows are off (`metrics: false`): the run keeps only its summary, as a sweep of long runs
 * would. One seeded run in this process (no worker threads).
 *
 * Printed: relay blocks/s, wall and CPU seconds, peak RSS and V8 heap (sampled every 1 000 relay
 * blocks), and the run's summary (orders, para blocks, transactions), which is checked at the end
 * (every para ordered and built blocks, transactions were included), so a broken run cannot pass.
 *
 *   npm run bench -- para-traffic           BENCH_BLOCKS=10000 for a shorter horizon
 *
 * Target: ≤ 30 s on one core.
 */
const { networkModel } = (await import(new URL("../../apps/emulator/src/simulate/network/index.ts", import.meta.url).href)) as typeof import("../../apps/emulator/src/simulate/network/index.ts");

const BLOCKS = Math.max(1_000, Number(process.env.BENCH_BLOCKS ?? 100_000));
const PARAS = 100;
const CORES = 20;

const agents: Record<string, unknown> = {};
for (let i = 0; i < PARAS; i++) {
  const para = 2000 + i;
  agents[`users-${para}`] = { kind: "users", para, rate: 0.2, burst_every: 500, burst_length: 20, burst_factor: 10 };
  agents[`orderer-${para}`] = { kind: "orderer", para, strategy: "magnet", threshold: 1, bid_threshold: 8 };
}
const params = networkModel.parse({ model: "network", preset: "kusama-network", blocks: BLOCKS, cores: CORES, metrics: false, agents }, "para-traffic.bench");

let peakRss = 0;
let peakHeap = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = networkModel.run(params, {
  seed: 1,
  onProgress: (done) => {
    if (done % 1_000 === 0) sample();
  },
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
sample();

const s = result.summary;
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
console.log(`para-traffic: ${PARAS} paras with traffic, all on-demand (${CORES} Pool cores), ${BLOCKS.toLocaleString("en")} relay blocks on kusama-network`);
console.log(`  wall ${wall.toFixed(2)} s   CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s   ${Math.round(BLOCKS / wall).toLocaleString("en")} relay blocks/s`);
console.log(`  peak RSS ${mb(peakRss)}   peak V8 heap ${mb(peakHeap)}`);
console.log(`  orders ${s.orders} (profit ${s.orders_profit}, assurance ${s.orders_assurance}, failed ${s.failed_orders})   para blocks ${s.para_blocks}   txs ${s.txs_submitted} submitted, ${s.txs_included} included, latency mean ${s.tx_latency_mean?.toFixed(2)} relay blocks`);

const problems: string[] = [];
if (result.failure) problems.push(`the run failed: ${result.failure.source} at ${result.failure.block}: ${result.failure.message}`);
if (s.relay_blocks !== BLOCKS) problems.push(`ran ${s.relay_blocks} relay blocks, not ${BLOCKS}`);
if (!(s.orders! >= PARAS)) problems.push(`only ${s.orders} orders for ${PARAS} paras`);
if (!(s.para_blocks! >= PARAS)) problems.push(`only ${s.para_blocks} para blocks`);
if (!(s.txs_included! > 0.9 * s.txs_submitted!)) problems.push(`only ${s.txs_included} of ${s.txs_submitted} transactions included`);
if (problems.length > 0) {
  console.error(`para-traffic: FAILED\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`  target ≤ 30 s on one core: ${wall <= 30 ? "met" : "NOT met"}`);
