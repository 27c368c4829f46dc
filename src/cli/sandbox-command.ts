import { parseArgs } from "node:util";
import { startSandbox } from "../testing/server.js";
import { explained, integerFlag, plural, UsageError } from "./args.js";
import { keyFromFile } from "./key-file.js";
import { output } from "./output.js";

export const SANDBOX_HELP = `Usage: partoo sandbox [options]

Serves the embedded Partoo sandbox (the webhook endpoints, stateful, validating as the spec says)
on loopback until stopped, and prints its base URL, API keys and signing public key, then one
line per request with its status and duration.

Options:
  --port N         port to listen on (default: a free one)
  --host H         address to listen on (default 127.0.0.1)
  --api-key K      an API key to accept, each its own organization (repeatable; default: three demo keys)
  --latency MS     added to every request (default 0)
  --seed N         webhooks created up front in the first organization (default 0)
  --key-file PEM   sign deliveries with this Ed25519 private key; created there if missing, so the
                   public key stays the same across runs (default: a fresh key each run)
  --json           print one JSON line (url, apiKeys, publicKey, publicKeyPem), then one per request
  --quiet          do not log each request
  -h, --help       show this help`;

/** `GET /v2/webhooks?page=2 → 200 (3 ms)` */
const logLine = (a: { method: string; path: string; query: string; status: number; durationMs: number }) =>
  `${a.method} ${a.path}${a.query ? `?${a.query}` : ""} → ${a.status} (${Math.round(a.durationMs)} ms)`;

export async function sandboxCommand(args: string[]): Promise<number> {
  const command = "partoo sandbox";
  const { values } = explained(command, () =>
    parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "api-key": { type: "string", multiple: true },
        latency: { type: "string" },
        seed: { type: "string" },
        "key-file": { type: "string" },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      // It takes no arguments: a stray word is refused, not ignored.
      allowPositionals: false,
      strict: true,
    }),
  );
  if (values.help) {
    output.out(SANDBOX_HELP);
    return 0;
  }
  const port = integerFlag(command, "port", values.port, 0, 65_535);
  const latencyMs = integerFlag(command, "latency", values.latency, 0, 60_000);
  const seed = integerFlag(command, "seed", values.seed, 0, 100_000);
  const signingKey = values["key-file"] === undefined ? undefined : keyFromFile(command, values["key-file"]);
  const sandbox = await startSandbox({
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values["api-key"] === undefined ? {} : { apiKeys: values["api-key"] }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(seed === undefined ? {} : { seed }),
    ...(signingKey === undefined ? {} : { signingKey }),
    ...(values.quiet
      ? {}
      : {
          onResponse: (a) =>
            output.out(values.json ? JSON.stringify({ ...a, durationMs: Math.round(a.durationMs) }) : logLine(a)),
        }),
  }).catch((error: Error) => {
    throw new UsageError(`${command}: ${error.message.split("\n")[0]}`);
  });
  if (values.json) {
    const { url, apiKeys, publicKey, publicKeyPem } = sandbox;
    output.out(JSON.stringify({ url, apiKeys, publicKey, publicKeyPem, seeded: seed ?? 0 }));
  } else {
    output.out(`Partoo sandbox (embedded) at ${sandbox.url}`);
    for (const key of sandbox.apiKeys) output.out(`  x-APIKey: ${key}`);
    if (seed) output.out(`  ${plural(seed, "webhook")} seeded in the first organization`);
    output.out(`Deliveries are signed with this key (verify with it, not Partoo's):\n${sandbox.publicKeyPem.trim()}`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sandbox.close();
  return 0;
}
