/**
 * @corelab/pallet-balances: free and reserved balances, the existential deposit, transfers and the
 * `Fungible` port (polkadot-sdk `substrate/frame/balances`).
 */
export { Balances } from "./pallet.ts";
export { AccountData, AccountInfo, type BalancesConfig } from "./types.ts";
export { fungibleOf, resolveTo } from "./interfaces.ts";
export { account, freeBalance, reserve, unreserve, slashReserved } from "./dispatchables.ts";
