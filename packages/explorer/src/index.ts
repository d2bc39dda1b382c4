/**
 * @corelab/explorer: the run store's web explorer. `startExplorer` serves server-rendered pages of a
 * run store (`@corelab/store`), which it only reads: the runs, a run (a replay's blocks and failed
 * expectations, a simulation's metric charts), a block (extrinsics, events, storage changes).
 */
export { startExplorer, type Explorer, type ExplorerOptions } from "./server.ts";
export { bandSpec, renderSvg, type BandPoint } from "./charts.ts";
