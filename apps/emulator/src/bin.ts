#!/usr/bin/env node
// The `corelab` executable (`npm run corelab -- …` runs it bundled; see tools/run.mjs).
import { main } from "./cli.ts";

// A reader that closes the pipe early (`corelab presets | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await main(process.argv.slice(2));
