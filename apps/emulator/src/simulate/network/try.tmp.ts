import { networkModel } from "./index.ts";
const strategy = process.argv[2] ?? "magnet";
const raw = {
  model: "network", blocks: 600, cores: 1,
  genesis: { "relay.Configuration": { on_demand_queue_max_size: 40, on_demand_target_queue_utilization: "25%", on_demand_fee_variability: "3%" } },
  agents: {
    users: { kind: "users", para: 2000, rate: 0.3, burst_every: 300, burst_length: 40, burst_factor: 15 },
    orderer: { kind: "orderer", para: 2000, strategy, threshold: 1, bid_threshold: 8, price_limit: "0.00002 KSM" },
    others: { kind: "background", rate: Number(process.argv[3] ?? 0.85), max_amount: "0.00005 KSM" },
  },
};
const p = networkModel.parse(raw, "try.yaml");
const r = networkModel.run(p, { seed: 1 });
const s = r.summary;
console.log(strategy, r.failure, { paraBlocks: s.para_blocks, lat: s.tx_latency_mean, p95: s.tx_latency_p95, orders: s.orders, prof: s.orders_profit, ass: s.orders_assurance, failed: s.failed_orders, fees: s.fees, spend: s.coretime_spend, ratio: s.profit_ratio, spot: s.spot_price_mean, spotMax: s.spot_price_max, q: s.queue_size_mean, bg: s.background_orders });
console.log(r.rows.filter((x, i) => i % 25 === 0).map((x) => `${x.block} spot=${x.spot_price} q=${x.queue_size} wait=${x.wait_reason}`).join("\n"));
