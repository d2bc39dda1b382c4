// The explorer as an installed package serves the project's run store (the runs the steps before
// recorded) with its browser script, built by vite into the package: the runs page, a run's page
// and /assets/explorer.js.
import { startExplorer } from "@corelab/explorer";

const explorer = await startExplorer({ store: ".corelab/runs.duckdb" });
try {
  const get = async (path) => {
    const res = await fetch(new URL(path, explorer.url));
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    return res.text();
  };
  const home = await get("/");
  const id = /href="\/runs\/([^"/?]+)"/.exec(home)?.[1];
  if (id === undefined) throw new Error("the runs page lists no run");
  if (!home.includes('<script type="module" src="/assets/explorer.js">')) throw new Error("the runs page does not load the browser script");
  const run = await get(`/runs/${id}`);
  if (!run.includes(id)) throw new Error(`the page of run ${id} does not name it`);
  const script = await get("/assets/explorer.js");
  if (!script.includes("explorerScript")) throw new Error("/assets/explorer.js is not the explorer's script");
  console.log(`explorer: ${explorer.url} served the runs, run ${id} and its browser script (${script.length} bytes)`);
} finally {
  await explorer.close();
}
