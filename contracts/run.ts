/** `npm run contracts`: the contract suite's command (contracts/cli.ts) in this process. */
import { runContracts } from "./cli.js";

runContracts(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) =>
  process.exit(code),
);
