/** `npm run contracts`: the contract suite's command (contracts/cli.ts) in this process. */
import { runContracts } from "./cli.js";

// Exit once stdout has drained: a pipe is written asynchronously, and process.exit() would cut a
// large --json (results.json) short.
runContracts(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) =>
  process.stdout.write("", () => process.exit(code)),
);
