/** `npm run sandbox [-- --port 8080]`: serves the embedded sandbox for manual use until Ctrl-C. */
import { parseArgs } from "node:util";
import { startSandbox } from "./server.js";
import { DEFAULT_USERS } from "./state.js";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, latency: { type: "string", default: "0" } },
});
const sandbox = await startSandbox({ port: Number(values.port), latencyMs: Number(values.latency) });
console.log(`Partoo sandbox (embedded) at ${sandbox.url}`);
for (const user of DEFAULT_USERS)
  console.log(`  x-APIKey: ${user.apiKey}  (${user.role}, organizations ${user.orgIds.join(", ")})`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
