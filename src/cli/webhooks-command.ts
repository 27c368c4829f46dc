import { parseArgs } from "node:util";
import { createPartooClient, type PartooClient } from "../client.js";
import { ENVIRONMENTS, type PartooEnvironment } from "../environments.js";
import { PartooError, PartooValidationError } from "../errors.js";
import { redactCustomHeaders } from "../internal/redact.js";
import type { CreateWebhookInput, Webhook, WebhookEventType } from "../types.js";
import { unwrap } from "../unwrap.js";
import { CommandFailed, explained, integerFlag, UsageError } from "./args.js";
import { planCommand } from "./plan-command.js";

export const WEBHOOKS_HELP = `Usage: partoo webhooks <list|get <id>|create|tryout> [options]
       partoo webhooks <plan|apply> FILE [options]   (see partoo webhooks plan --help)

Calls Partoo's webhook configuration endpoints with the API key in PARTOO_API_KEY.

Target (one of):
  --env sandbox|production   Partoo's servers, from the spec (default production)
  --base-url URL             any base URL, e.g. the one \`partoo sandbox\` prints

Options:
  --org-id N                 org_id, for PROVIDER keys
  --page N, --per-page N     list: which page (default 1) and its size (1–100)
  --url URL                  create, tryout: the receiver (https)
  --event-type TYPE          create, tryout: e.g. lead_received
  --header NAME=VALUE        create, tryout: a custom header (repeatable); values are never printed
  --json                     print JSON instead of a table (header values as [REDACTED])
  -h, --help                 show this help

Exit: 0 done, 1 the API refused or could not be reached, 2 a mistake in the command.`;

type Row = Record<string, string>;

/** A plain table: one header line, columns padded to their widest cell. */
function table(rows: Row[]): string {
  if (rows.length === 0) return "(none)";
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c] ?? "")))].join("\n");
}

/** A webhook as shown: custom header names only, never their values. */
function row(w: Webhook): Row {
  return {
    id: String(w.id),
    event_type: String(w.event_type),
    url: String(w.url),
    headers: Object.keys(w.custom_headers ?? {}).join(", "),
    created_at: String(w.created_at ?? ""),
  };
}

function headersFrom(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0)
        throw new UsageError(`partoo webhooks: --header takes NAME=VALUE, got ${JSON.stringify(pair.split("=")[0])}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

export async function webhooksCommand(args: string[]): Promise<number> {
  if (args[0] === "plan" || args[0] === "apply") return planCommand(args);
  const command = "partoo webhooks";
  const { values, positionals } = explained(command, () =>
    parseArgs({
      args,
      options: {
        env: { type: "string" },
        "base-url": { type: "string" },
        "org-id": { type: "string" },
        page: { type: "string" },
        "per-page": { type: "string" },
        url: { type: "string" },
        "event-type": { type: "string" },
        header: { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    console.log(WEBHOOKS_HELP);
    return 0;
  }
  const [action, id, ...extra] = positionals;
  if (!action || !["list", "get", "create", "tryout"].includes(action)) {
    throw new UsageError(`${command}: say list, get <id>, create or tryout (see ${command} --help)`);
  }
  if (extra.length > 0 || (action !== "get" && id !== undefined)) {
    throw new UsageError(`${command} ${action}: unexpected argument ${JSON.stringify(extra[0] ?? id)}`);
  }
  const apiKey = process.env.PARTOO_API_KEY;
  if (!apiKey) throw new UsageError(`${command}: set PARTOO_API_KEY to your Partoo API key`);
  if (values.env !== undefined && !ENVIRONMENTS.includes(values.env as PartooEnvironment)) {
    throw new UsageError(`${command}: --env must be ${ENVIRONMENTS.join(" or ")}, got ${JSON.stringify(values.env)}`);
  }
  const orgId = integerFlag(command, "org-id", values["org-id"], 1, Number.MAX_SAFE_INTEGER);
  let partoo: PartooClient;
  try {
    partoo = createPartooClient({
      apiKey,
      ...(values["base-url"] === undefined ? {} : { baseUrl: values["base-url"] }),
      ...(values.env === undefined ? {} : { environment: values.env as PartooEnvironment }),
      ...(orgId === undefined ? {} : { orgId }),
    });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  // Header values are secrets in JSON too: the names stay, the values never reach the terminal.
  const print = (data: unknown, rows: Row[]) =>
    console.log(values.json ? JSON.stringify(redactCustomHeaders(data), null, 2) : table(rows));
  const item = (): CreateWebhookInput => {
    if (!values.url || !values["event-type"])
      throw new UsageError(`${command} ${action}: --url and --event-type are required`);
    const custom = headersFrom(values.header);
    return {
      url: values.url,
      event_type: values["event-type"] as WebhookEventType,
      ...(custom ? { custom_headers: custom } : {}),
    };
  };
  try {
    if (action === "list") {
      const page = integerFlag(command, "page", values.page, 1, Number.MAX_SAFE_INTEGER);
      const perPage = integerFlag(command, "per-page", values["per-page"], 1, Number.MAX_SAFE_INTEGER);
      const query = {
        ...(page === undefined ? {} : { page }),
        ...(perPage === undefined ? {} : { per_page: perPage }),
      };
      const data = unwrap(await partoo.GET("/webhooks", { params: { query } }));
      print(data, (data.items ?? []).map(row));
      if (!values.json) console.log(`page ${data.page} of ${data.max_page}, ${data.count} webhooks`);
    } else if (action === "get") {
      const webhookId = integerFlag(command, "<id>", id, 1, Number.MAX_SAFE_INTEGER);
      if (webhookId === undefined) throw new UsageError(`${command} get: which id? e.g. ${command} get 12`);
      const data = unwrap(await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: webhookId } } }));
      print(data, [row(data)]);
    } else if (action === "create") {
      const data = unwrap(await partoo.POST("/webhooks", { body: { items: [item()] } }));
      print(data, (data.items ?? []).map(row));
    } else {
      const data = unwrap(await partoo.POST("/webhooks/tryout", { body: { items: [item()] } }));
      print(
        data,
        (data.items ?? []).map((r) => ({
          event_type: String(r.event_type),
          url: String(r.url),
          status: String(r.status),
        })),
      );
    }
  } catch (error) {
    if (error instanceof PartooValidationError)
      throw new UsageError(`${command} ${action}: ${error.message.replace(/\n\s*/g, " ")}`);
    if (error instanceof PartooError) throw new CommandFailed(error.message.split("\n")[0] ?? error.message);
    throw error;
  }
  return 0;
}
