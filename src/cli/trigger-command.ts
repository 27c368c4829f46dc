import { parseArgs } from "node:util";
import { eventTypes } from "../../generated/webhook-events.js";
import { sendTestDelivery } from "../testing.js";
import type { WebhookEventType } from "../types.js";
import { CommandFailed, explained, UsageError, unknownWord } from "./args.js";
import { keyFromFile } from "./key-file.js";
import { output } from "./output.js";

export const TRIGGER_HELP = `Usage: partoo trigger <event_type> --url <receiver> [options]

Sends one signed sample delivery of <event_type> to your receiver, as Partoo would, and prints the
receiver's status and the public key to verify it with.

Event types: ${eventTypes.join(", ")}

Options:
  --url URL        the receiver (http or https), e.g. http://127.0.0.1:3000/hook   (required)
  --tryout         mark it as a tryout (X-Partoo-Webhook-Tryout)
  --key-file PEM   sign with this Ed25519 private key; created there if missing, so one dev key
                   pair is kept across runs (default: a fresh key each run)
  --json           print the result as JSON
  -h, --help       show this help

Exit: 0 when the receiver answered 2xx, 1 when it answered otherwise or could not be reached.`;

export async function triggerCommand(args: string[]): Promise<number> {
  const { values, positionals } = explained("partoo trigger", () =>
    parseArgs({
      args,
      options: {
        url: { type: "string" },
        tryout: { type: "boolean" },
        "key-file": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    output.out(TRIGGER_HELP);
    return 0;
  }
  const [eventType, ...extra] = positionals;
  if (!eventType) throw new UsageError(`partoo trigger: which event type? One of ${eventTypes.join(", ")}`);
  if (extra.length > 0) throw new UsageError(`partoo trigger: unexpected argument ${JSON.stringify(extra[0])}`);
  if (!(eventTypes as readonly string[]).includes(eventType))
    throw unknownWord("partoo trigger", "event type", eventType, eventTypes);
  if (!values.url)
    throw new UsageError("partoo trigger: --url is required (your receiver, e.g. http://127.0.0.1:3000/hook)");
  const privateKey = values["key-file"] === undefined ? undefined : keyFromFile("partoo trigger", values["key-file"]);
  let result: Awaited<ReturnType<typeof sendTestDelivery>>;
  try {
    result = await sendTestDelivery(eventType as WebhookEventType, values.url, {
      ...(privateKey === undefined ? {} : { privateKey }),
      ...(values.tryout ? { tryout: true } : {}),
    });
  } catch (error) {
    throw new UsageError(`partoo trigger: ${(error as Error).message}`);
  }
  const delivered = result.status >= 200 && result.status < 300;
  if (values.json) {
    output.out(JSON.stringify({ eventType, url: values.url, status: result.status, publicKey: result.publicKey }));
  } else {
    output.out(
      result.status === 0
        ? `${eventType} → ${values.url}: not delivered (unreachable)`
        : `${eventType} → ${values.url}: ${result.status}`,
    );
    output.out(`Verify with this public key (SPKI, base64): ${result.publicKey}\n${result.publicKeyPem.trim()}`);
  }
  if (!delivered)
    throw new CommandFailed(
      `the receiver ${result.status === 0 ? "could not be reached" : `answered ${result.status}`}`,
    );
  return 0;
}
