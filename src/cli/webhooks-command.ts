/**
 * `partoo webhooks <subcommand>`: one entry of WEBHOOKS_SUBCOMMANDS per subcommand, each with its
 * usage, its own flags and what it runs; the flags every subcommand takes (target, key, --json)
 * and the client are set up here once. A new subcommand (`plan`, `apply`) is one more entry.
 */
import { STATUS_CODES } from "node:http";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { PartooClient } from "../client.js";
import { PartooApiError, PartooError, PartooValidationError } from "../errors.js";
import { redactCustomHeaders } from "../internal/redact.js";
import type { CreateWebhookInput, Webhook, WebhookEventType } from "../types.js";
import {
  CommandFailed,
  exclusive,
  explained,
  integerFlag,
  plural,
  UsageError,
  unknownWord,
  wholeNumber,
} from "./args.js";
import { clientFromFlags } from "./client-from-flags.js";
import { output } from "./output.js";
import { planCommand } from "./plan-command.js";

/** A flag as parseArgs takes it, with its line in the help. */
export type Flag = NonNullable<ParseArgsConfig["options"]>[string] & { help: string };

/** What a subcommand runs with: the client, its parsed flags and positionals, and how to print. */
export interface WebhooksContext {
  /** `partoo webhooks list`: the prefix of every line this subcommand prints about itself. */
  command: string;
  partoo: PartooClient;
  /** Every flag given, common ones included (`values.json`, `values["org-id"]`…). */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  /** The positional arguments, by the names the subcommand declared. */
  args: Record<string, string | undefined>;
  /** Prints `data` as JSON (custom header values as [REDACTED]) under --json, else the table of `rows`. */
  print(data: unknown, rows: Row[]): void;
}

export interface WebhooksSubcommand {
  /** After `partoo webhooks`: `get <id>`. */
  usage: string;
  /** One line for the help. */
  summary: string;
  /** Its positional arguments, in order: `["id"]` for `get <id>`. All required. */
  positionals?: readonly string[];
  /** Its own flags, beyond the common ones. */
  flags?: Record<string, Flag>;
  /** Flags of its own that cannot be given together. */
  exclusive?: readonly (readonly [string, string])[];
  run(context: WebhooksContext): Promise<number>;
}

/** The flags every subcommand takes. */
const COMMON_FLAGS: Record<string, Flag> = {
  env: { type: "string", help: "--env sandbox|production   Partoo's servers, from the spec (default production)" },
  "base-url": { type: "string", help: "--base-url URL             any base URL, e.g. the one `partoo sandbox` prints" },
  "org-id": { type: "string", help: "--org-id N                 org_id, for PROVIDER keys" },
  json: {
    type: "boolean",
    help: "--json                     print JSON instead of a table (header values as [REDACTED])",
  },
  help: { type: "boolean", short: "h", help: "-h, --help                 show this help" },
};

const RECEIVER_FLAGS: Record<string, Flag> = {
  url: {
    type: "string",
    help: "--url URL                  the receiver: https (http too on loopback when the API is on loopback)",
  },
  "event-type": { type: "string", help: "--event-type TYPE          e.g. lead_received" },
  header: {
    type: "string",
    multiple: true,
    help: '--header "NAME: VALUE"     a custom header, or NAME=VALUE (repeatable); values are never printed',
  },
};

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

/** What of a malformed --header may be shown: a header name, never what could be a value. */
const shownName = (text: string) => (/^X-[A-Za-z0-9_-]*$/i.test(text) ? ` (got ${JSON.stringify(text)})` : "");

/**
 * `--header` pairs as custom headers: `NAME=VALUE` or, as curl and gh take them, `NAME: VALUE`.
 * A header name holds neither `=` nor `:` (the spec forbids both), so the first of them ends it.
 * Every value is registered with the writer before anything can be printed.
 */
export function headersFrom(command: string, pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs) return undefined;
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.search(/[=:]/);
    const name = at < 0 ? pair : pair.slice(0, at).trim();
    const value = at < 0 ? "" : pair.slice(at + 1).replace(pair[at] === ":" ? /^[ \t]+/ : /^/, "");
    output.secret(value);
    if (at < 0) {
      output.secret(pair);
      throw new UsageError(`${command}: --header takes "NAME: VALUE" or NAME=VALUE${shownName(pair)}`);
    }
    if (name === "") throw new UsageError(`${command}: --header has no name before its ${JSON.stringify(pair[at])}`);
    headers[name] = value;
  }
  return headers;
}

/** The receiver flags as one item to create or try out. */
function receiverItem({ command, values }: WebhooksContext): CreateWebhookInput {
  if (typeof values.url !== "string" || typeof values["event-type"] !== "string")
    throw new UsageError(`${command}: --url and --event-type are required`);
  const custom = headersFrom(command, values.header as string[] | undefined);
  return {
    url: values.url,
    event_type: values["event-type"] as WebhookEventType,
    ...(custom ? { custom_headers: custom } : {}),
  };
}

/** The subcommands, in the order the help lists them. */
export const WEBHOOKS_SUBCOMMANDS: Record<string, WebhooksSubcommand> = {
  list: {
    usage: "list",
    summary: "one page of webhook configurations, or all of them with --all",
    flags: {
      page: { type: "string", help: "--page N                   which page (default 1)" },
      "per-page": { type: "string", help: "--per-page N               its size (1–100)" },
      all: { type: "boolean", help: "--all                      every page, 100 at a time" },
    },
    exclusive: [
      ["all", "page"],
      ["all", "per-page"],
    ],
    async run({ command, partoo, values, print }) {
      if (values.all) {
        const all: Webhook[] = [];
        for await (const webhook of partoo.webhooks.all({ per_page: 100 })) all.push(webhook);
        print({ items: all, count: all.length }, all.map(row));
        if (!values.json) output.out(plural(all.length, "webhook"));
        return 0;
      }
      const page = integerFlag(command, "page", values.page as string | undefined, 1, Number.MAX_SAFE_INTEGER);
      const perPage = integerFlag(command, "per-page", values["per-page"] as string | undefined, 1, 100);
      const data = await partoo.webhooks.list({
        ...(page === undefined ? {} : { page }),
        ...(perPage === undefined ? {} : { per_page: perPage }),
      });
      print(data, data.items.map(row));
      if (!values.json) output.out(`page ${data.page} of ${data.max_page}, ${plural(data.count ?? 0, "webhook")}`);
      return 0;
    },
  },
  get: {
    usage: "get <id>",
    summary: "one webhook configuration by id",
    positionals: ["id"],
    async run({ command, partoo, args, print }) {
      const id = wholeNumber(command, "<id>", args.id, 1, Number.MAX_SAFE_INTEGER) ?? 0;
      const webhook = await partoo.webhooks.get(id);
      print(webhook, [row(webhook)]);
      return 0;
    },
  },
  create: {
    usage: "create",
    summary: "create a webhook configuration",
    flags: RECEIVER_FLAGS,
    async run(context) {
      const created = await context.partoo.webhooks.create(receiverItem(context));
      context.print({ items: created }, created.map(row));
      if (!context.values.json) output.out(`${plural(created.length, "webhook")} created`);
      return 0;
    },
  },
  tryout: {
    usage: "tryout",
    summary: "have the API send one sample delivery to a receiver now (nothing is created)",
    flags: RECEIVER_FLAGS,
    async run(context) {
      const result = await context.partoo.webhooks.tryout(receiverItem(context));
      context.print({ items: [result] }, [
        { event_type: String(result.event_type), url: String(result.url), status: String(result.status) },
      ]);
      if (result.status !== "success") {
        throw new CommandFailed(
          `${context.command}: the tryout failed: ${String(result.url)} did not acknowledge the delivery with a 200 (status ${JSON.stringify(result.status)})`,
        );
      }
      return 0;
    },
  },
};

/** The help of `partoo webhooks`, or of one subcommand. */
function helpOf(name?: string): string {
  const sub = name === undefined ? undefined : WEBHOOKS_SUBCOMMANDS[name];
  const flags = {
    ...(sub ? sub.flags : Object.assign({}, ...Object.values(WEBHOOKS_SUBCOMMANDS).map((s) => s.flags))),
  };
  const usages = Object.values(WEBHOOKS_SUBCOMMANDS).map((s) => `  ${s.usage.padEnd(26)} ${s.summary}`);
  return [
    sub
      ? `Usage: partoo webhooks ${sub.usage} [options]\n\n${sub.summary[0]?.toUpperCase()}${sub.summary.slice(1)}, with the API key in PARTOO_API_KEY.`
      : "Usage: partoo webhooks <subcommand> [options]\n\nCalls Partoo's webhook configuration endpoints with the API key in PARTOO_API_KEY.\n\nSubcommands:",
    ...(sub ? [] : usages),
    ...(sub
      ? []
      : [
          `  ${"plan|apply FILE".padEnd(26)} compare a desired-state file with what is live, or create what is missing (see partoo webhooks plan --help)`,
        ]),
    "",
    "Target (one of):",
    `  ${COMMON_FLAGS.env?.help}`,
    `  ${COMMON_FLAGS["base-url"]?.help}`,
    "",
    "Options:",
    ...Object.values(flags as Record<string, Flag>).map((f) => `  ${f.help}`),
    ...["org-id", "json", "help"].map((f) => `  ${COMMON_FLAGS[f]?.help}`),
    "",
    "Exit: 0 done, 1 the API refused, could not be reached or a tryout failed, 2 a mistake in the command.",
  ].join("\n");
}

export const WEBHOOKS_HELP = helpOf();

/** Flags without their help text, as parseArgs takes them. */
const parseable = (flags: Record<string, Flag>) =>
  Object.fromEntries(Object.entries(flags).map(([name, { help: _, ...option }]) => [name, option]));

/** Every flag of every subcommand: to find the subcommand before knowing which flags are its own. */
const allFlags = () =>
  parseable(Object.assign({}, COMMON_FLAGS, ...Object.values(WEBHOOKS_SUBCOMMANDS).map((s) => s.flags)));

/** An API error as one line: `404 Not Found: Resource not found` (every message in its body, by field). */
export function apiErrorLine(error: PartooApiError): string {
  const reasons: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (typeof node === "string") reasons.push(at && at !== "json" && at !== "_body" ? `${at}: ${node}` : node);
    else if (Array.isArray(node)) for (const item of node) walk(item, at);
    else if (node && typeof node === "object")
      for (const [key, value] of Object.entries(node)) walk(value, at && at !== "json" ? `${at}.${key}` : key);
  };
  const body = error.body as { errors?: unknown; error?: unknown } | undefined;
  walk(body?.errors ?? body?.error, "");
  const text = reasons.join("; ");
  return `${error.status} ${STATUS_CODES[error.status] ?? "Error"}${text ? `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}` : ""}`;
}

export async function webhooksCommand(argv: string[]): Promise<number> {
  // plan and apply read a desired-state file and parse their own flags (plan-command.ts).
  if (argv[0] === "plan" || argv[0] === "apply") return planCommand(argv);
  const base = "partoo webhooks";
  // First pass: which subcommand, whatever flags surround it.
  const loose = parseArgs({ args: argv, options: allFlags(), allowPositionals: true, strict: false });
  const [name] = loose.positionals;
  if (name === undefined) {
    if (loose.values.help) {
      output.out(WEBHOOKS_HELP);
      return 0;
    }
    throw new UsageError(
      `${base}: which subcommand? One of ${Object.keys(WEBHOOKS_SUBCOMMANDS).join(", ")} (see ${base} --help)`,
    );
  }
  const sub = Object.hasOwn(WEBHOOKS_SUBCOMMANDS, name) ? WEBHOOKS_SUBCOMMANDS[name] : undefined;
  if (!sub) throw unknownWord(base, "subcommand", name, Object.keys(WEBHOOKS_SUBCOMMANDS));
  const command = `${base} ${name}`;
  const { values, positionals } = explained(command, () =>
    parseArgs({
      args: argv,
      options: parseable({ ...COMMON_FLAGS, ...sub.flags }),
      allowPositionals: true,
      strict: true,
    }),
  );
  // Header values are secrets from the moment they are read, whatever fails next.
  for (const pair of (values.header as string[] | undefined) ?? [])
    output.secret(pair.replace(/^[^=:]*[=:][ \t]*/, ""));
  if (values.help) {
    output.out(helpOf(name));
    return 0;
  }
  const names = sub.positionals ?? [];
  const given = positionals.slice(1);
  if (given.length > names.length)
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(given[names.length])}`);
  const missing = names[given.length];
  if (missing !== undefined)
    throw new UsageError(`${command}: which <${missing}>? e.g. ${base} ${sub.usage.replace(`<${missing}>`, "12")}`);
  for (const [a, b] of sub.exclusive ?? []) exclusive(command, values, a, b);
  const partoo = clientFromFlags(base, values);
  const context: WebhooksContext = {
    command,
    partoo,
    values,
    args: Object.fromEntries(names.map((n, i) => [n, given[i]])),
    // Header values are secrets in JSON too: the names stay, the values never reach the terminal.
    print: (data, rows) => output.out(values.json ? JSON.stringify(redactCustomHeaders(data), null, 2) : table(rows)),
  };
  try {
    return await sub.run(context);
  } catch (error) {
    // The request the spec refuses: its message already names one violation per line.
    if (error instanceof PartooValidationError) throw new UsageError(`${command}: ${error.message}`);
    if (error instanceof PartooApiError) throw new CommandFailed(`${command}: ${apiErrorLine(error)}`);
    if (error instanceof PartooError) throw new CommandFailed(`${command}: ${error.message.split("\n")[0]}`);
    throw error;
  }
}
