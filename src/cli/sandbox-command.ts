import { parseArgs } from "node:util";
import { startSandbox } from "../testing/server.js";
import { explained, integerFlag, UsageError } from "./args.js";

export const SANDBOX_HELP = `Usage: partoo sandbox [options]

Serves the embedded Partoo sandbox (the webhook endpoints, stateful, validating as the spec says)
on loopback until stopped, and prints its base URL, API keys and signing public key.

Options:
  --port N         port to listen on (default: a free one)
  --host H         address to listen on (default 127.0.0.1)
  --api-key K      an API key to accept, each its own organization (repeatable; default: three demo keys)
  --latency MS     added to every request (default 0)
  --seed N         webhooks created up front in the first organization (default 0)
  --quiet          do not log each request
  -h, --help       show this help`;

export async function sandboxCommand(args: string[]): Promise<number> {
  const { values } = explained("partoo sandbox", () =>
    parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        latency: { type: "string" },
        seed: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      // It takes no arguments: a stray word is refused, not ignored.
      allowPositionals: false,
      strict: true,
    }),
  );
  if (values.help) {
    console.log(SANDBOX_HELP);
    return 0;
  }
  const command = "partoo sandbox";
  const port = integerFlag(command, "port", values.port, 0, 65_535);
  const latencyMs = integerFlag(command, "latency", values.latency, 0, 60_000);
  const seed = integerFlag(command, "seed", values.seed, 0, 100_000);
  const sandbox = await startSandbox({
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values["api-key"] === undefined ? {} : { apiKeys: values["api-key"] }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(seed === undefined ? {} : { seed }),
    ...(values.quiet ? {} : { onRequest: (r) => console.log(`${r.method} ${r.path}${r.query ? `?${r.query}` : ""}`) }),
  }).catch((error: Error) => {
    throw new UsageError(`${command}: ${error.message}`);
  });
  console.log(`Partoo sandbox (embedded) at ${sandbox.url}`);
  for (const key of sandbox.apiKeys) console.log(`  x-APIKey: ${key}`);
  if (seed) console.log(`  ${seed} webhooks seeded in the first organization`);
  console.log(`Deliveries are signed with this key (verify with it, not Partoo's):\n${sandbox.publicKeyPem.trim()}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sandbox.close();
  return 0;
}
