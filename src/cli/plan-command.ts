import { parseArgs } from "node:util";
import { customHeaderValues } from "../internal/redact.js";
import { DesiredStateError, readDesiredState } from "../reconcile/desired-state.js";
import { type PaceStats, pacedFetch } from "../reconcile/pacer.js";
import { type PlanRow, reconcile } from "../reconcile/plan.js";
import { explained, integerFlag, UsageError } from "./args.js";
import { clientFromFlags } from "./client-from-flags.js";
import { output } from "./output.js";

export const PLAN_HELP = `Usage: partoo webhooks plan FILE [options]
       partoo webhooks apply FILE [options]

Compares a desired-state file with the webhooks live in Partoo (every page read), with the API
key in PARTOO_API_KEY. plan only reads; apply creates the missing ones (the + rows), each through
webhooks.ensure, so a create whose answer is lost is never doubled.

FILE: JSON, or YAML (.yaml/.yml, needs the optional "yaml" package): { "webhooks": [ … ] } or
the bare list; each item event_type, url, custom_headers (optional) and org_id (PROVIDER keys).

  + create      missing: apply creates it     = in place    nothing to do
  ! conflict    blocked: the reason says what is there and what to do
  ? error       could not be decided (the organization could not be read, a create failed)

Options:
  --env sandbox|production   Partoo's servers, from the spec (default production)
  --base-url URL             any base URL, e.g. the one \`partoo sandbox\` prints
  --org-id N                 the organization of items without org_id (PROVIDER keys)
  --concurrency N            organizations worked on at once (default 4, at most 32)
  --rate N                   requests a minute per organization, paced (default 300, Partoo's limit)
  --rate-scope organization|key   what one rate budget covers (default organization)
  --json                     print the rows as JSON (header names only, never values)
  -h, --help                 show this help

Custom header values are never printed. Exit: 0 everything in place (after apply, or already),
1 not in place (conflicts; for plan also creates pending), 2 errors or a mistake in the command.`;

const SYMBOL: Record<PlanRow["action"], string> = {
  create: "+",
  created: "+",
  "in place": "=",
  conflict: "!",
  error: "?",
};

/** The short note of a row, for the table: the whole reason comes after it. */
function note(row: PlanRow): string {
  if (row.action === "create") return "create";
  if (row.action === "created") return `created (webhook ${row.webhook_id})`;
  if (row.action === "in place") {
    return row.headers === "unverified"
      ? `in place (webhook ${row.webhook_id}; header values not shown by the API, not compared)`
      : `in place (webhook ${row.webhook_id})`;
  }
  if (row.action === "conflict") return `conflict with webhook ${row.webhook_id}`;
  return "error";
}

function table(rows: readonly PlanRow[]): string {
  const cells = rows.map((r) => [
    SYMBOL[r.action],
    r.org_id === undefined ? "-" : String(r.org_id),
    r.event_type,
    r.url,
    r.header_names.join(",") || "-",
    note(r),
  ]);
  const head = [" ", "org", "event_type", "url", "headers", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), ...cells.map(line)].join("\n");
}

export function summary(rows: readonly PlanRow[], apply: boolean): string {
  const count = (action: PlanRow["action"]) => rows.filter((r) => r.action === action).length;
  const parts = [
    `${count("in place")} in place`,
    apply ? `${count("created")} created` : `${count("create")} to create`,
    `${count("conflict")} conflict${count("conflict") === 1 ? "" : "s"}`,
    `${count("error")} error${count("error") === 1 ? "" : "s"}`,
  ];
  return parts.join(", ");
}

/** 0 all in place, 1 not in place (conflicts; plan: creates pending too), 2 errors. */
export function exitCode(rows: readonly PlanRow[]): number {
  if (rows.some((r) => r.action === "error")) return 2;
  return rows.every((r) => r.action === "in place" || r.action === "created") ? 0 : 1;
}

/** A bar redrawn in place on a terminal; a plain line per organization anywhere else. */
export function progressPrinter(stream: NodeJS.WriteStream, verb: string) {
  return (done: number, total: number, org: number | undefined, rows: readonly PlanRow[]) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} organizations`);
      if (done === total) stream.write("\n");
    } else {
      stream.write(
        `${verb}: organization ${org ?? "(default)"} done (${done}/${total}): ${summary(rows, verb === "apply")}\n`,
      );
    }
  };
}

export async function planCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const command = `partoo webhooks ${action}`;
  const { values, positionals } = explained(command, () =>
    parseArgs({
      args: rest,
      options: {
        env: { type: "string" },
        "base-url": { type: "string" },
        "org-id": { type: "string" },
        concurrency: { type: "string" },
        rate: { type: "string" },
        "rate-scope": { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    output.out(PLAN_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`${command}: which file? e.g. ${command} webhooks.json`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(extra[0])}`);
  const scope = values["rate-scope"] ?? "organization";
  if (scope !== "organization" && scope !== "key") {
    throw new UsageError(`${command}: --rate-scope must be organization or key, got ${JSON.stringify(scope)}`);
  }
  const concurrency = integerFlag(command, "concurrency", values.concurrency, 1, 32) ?? 4;
  const rate = integerFlag(command, "rate", values.rate, 1, 100_000) ?? 300;
  // The key and target are checked before the file is read; the client sends nothing yet.
  const paced = pacedFetch(globalThis.fetch, { limit: rate, scope });
  const partoo = clientFromFlags(command, values, { fetch: paced.fetch });

  let desired: Awaited<ReturnType<typeof readDesiredState>>;
  try {
    desired = await readDesiredState(file);
  } catch (error) {
    if (error instanceof DesiredStateError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
  for (const value of customHeaderValues(desired)) output.secret(value);
  const started = performance.now();
  const rows = await reconcile(partoo.webhooks, desired, {
    apply: action === "apply",
    concurrency,
    onProgress: progressPrinter(process.stderr, action ?? "plan"),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  printResult(rows, action === "apply", Boolean(values.json), paced.stats, seconds);
  return exitCode(rows);
}

function printResult(rows: readonly PlanRow[], apply: boolean, json: boolean, stats: PaceStats, seconds: string) {
  if (json) {
    output.out(
      JSON.stringify(
        { rows, summary: summary(rows, apply), requests: stats.requests, rate_limited: stats.rateLimited },
        null,
        2,
      ),
    );
    return;
  }
  output.out(table(rows));
  for (const row of rows) {
    if (row.reason) output.out(`${SYMBOL[row.action]} ${row.where}: ${row.reason}`);
  }
  output.out(`${summary(rows, apply)} (${stats.requests} requests, ${stats.rateLimited} answered 429, ${seconds} s)`);
}
