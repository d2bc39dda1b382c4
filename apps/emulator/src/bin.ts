// The `corelab` executable: `node --conditions=@corelab/source --import tsx apps/emulator/src/bin.ts replay …`
import { main } from "./cli.ts";

process.exitCode = await main(process.argv.slice(2));
