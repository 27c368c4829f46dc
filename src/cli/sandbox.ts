/** `npm run sandbox [-- --port 8080 --latency 20 --seed 1000]`: the embedded sandbox, for manual use, until stopped. */
import { parseArgs } from "node:util";
import { startSandbox } from "../testing/server.js";
import { DEFAULT_USERS } from "../testing/state.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    latency: { type: "string", default: "0" },
    seed: { type: "string", default: "0" },
  },
});
const sandbox = await startSandbox({ port: Number(values.port), latencyMs: Number(values.latency) });
const seeded = Number(values.seed);
const firstUser = DEFAULT_USERS[0];
if (seeded > 0 && firstUser) {
  sandbox.store.seed(firstUser.orgIds[0] ?? 1, seeded, (i) => ({
    url: "https://hooks.example.com/seeded",
    event_type: "lead_received",
    custom_headers: { "X-Seq": String(i) },
  }));
}
console.log(`Partoo sandbox (embedded) at ${sandbox.url}`);
for (const user of DEFAULT_USERS)
  console.log(`  x-APIKey: ${user.apiKey}  (${user.role}, organizations ${user.orgIds.join(", ")})`);
if (seeded > 0) console.log(`  ${seeded} webhooks in organization ${firstUser?.orgIds[0]}`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
