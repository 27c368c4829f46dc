import type { WebhooksResource } from "../resources/webhooks.js";
import type { Webhook } from "../types.js";
import { PartooConflictError } from "./conflict-error.js";
import type { DesiredWebhook } from "./desired-state.js";
import { decide, ensureWebhook, readLive } from "./ensure.js";
import type { HeaderComparison } from "./headers.js";

/**
 * One wanted webhook against what is live. `create` is still to do (plan), `created` done
 * (apply); `in place` needs nothing; `conflict` cannot be done by creating (the reason says
 * why and what to do); `error` could not be decided (the organization could not be read, a
 * create failed for good). Header names only: values never leave the file.
 */
export interface PlanRow {
  action: "create" | "created" | "in place" | "conflict" | "error";
  org_id: number | undefined;
  event_type: string;
  url: string;
  header_names: string[];
  /** Where the live webhook's headers left us: `unverified` when the API hid them (see compareHeaders). */
  headers?: HeaderComparison["status"];
  webhook_id?: number;
  reason?: string;
  /** Where the file gives this item (`webhooks[3]`). */
  where: string;
}

export interface ReconcileOptions {
  /** false: only read and compare (plan); true: create the missing ones through ensure (apply). */
  apply: boolean;
  /** Organizations worked on at once (default 4, at most 32); each one's items go in order. */
  concurrency?: number;
  /** Told as each organization finishes: how many are done, of how many. */
  onProgress?: (done: number, total: number, org: number | undefined, rows: readonly PlanRow[]) => void;
  signal?: AbortSignal;
  /** Page size of the lists (default 100). */
  perPage?: number;
  /** First backoff between whole-step retries without a `Retry-After` (default 500 ms). */
  baseDelayMs?: number;
}

const MAX_CONCURRENCY = 32;

/** The plan (or its outcome once applied), in the file's order. */
export async function reconcile(
  webhooks: Pick<WebhooksResource, "all" | "create">,
  desired: readonly DesiredWebhook[],
  options: ReconcileOptions,
): Promise<PlanRow[]> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new TypeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(concurrency)}`);
  }
  const byOrg = new Map<number | undefined, DesiredWebhook[]>();
  for (const item of desired) byOrg.set(item.org_id, [...(byOrg.get(item.org_id) ?? []), item]);
  const rows = new Map<DesiredWebhook, PlanRow>();
  const orgs = [...byOrg.keys()];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < orgs.length) {
      const org = orgs[next++];
      const items = byOrg.get(org) ?? [];
      const orgRows = await reconcileOrg(webhooks, org, items, options);
      items.forEach((item, i) => {
        rows.set(item, orgRows[i] as PlanRow);
      });
      options.onProgress?.(++done, orgs.length, org, orgRows);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, orgs.length) }, worker));
  return desired.map((item) => rows.get(item) as PlanRow);
}

/** One organization: read whole once, each item decided, the missing ones created in order. */
async function reconcileOrg(
  webhooks: Pick<WebhooksResource, "all" | "create">,
  org: number | undefined,
  items: readonly DesiredWebhook[],
  options: ReconcileOptions,
): Promise<PlanRow[]> {
  const base = (item: DesiredWebhook): PlanRow => ({
    action: "error",
    org_id: item.org_id,
    event_type: item.event_type,
    url: item.url,
    header_names: Object.keys(item.custom_headers ?? {}),
    where: item.where,
  });
  const common = {
    ...(options.perPage === undefined ? {} : { perPage: options.perPage }),
    ...(options.baseDelayMs === undefined ? {} : { baseDelayMs: options.baseDelayMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let live: Webhook[];
  try {
    live = await readLive(webhooks, org, common);
  } catch (error) {
    const reason = `could not read the organization's webhooks: ${firstLine(error)}`;
    return items.map((item) => ({ ...base(item), reason }));
  }
  const rows: PlanRow[] = [];
  for (const item of items) {
    const { where: _, org_id: __, ...input } = item;
    const decision = decide(input, live, org);
    if (decision.kind === "present") {
      rows.push({
        ...base(item),
        action: "in place",
        webhook_id: decision.webhook.id,
        headers: decision.headers.status,
      });
    } else if (decision.kind === "conflict") {
      rows.push({
        ...base(item),
        action: "conflict",
        webhook_id: decision.error.existing.id,
        reason: decision.error.message,
      });
    } else if (!options.apply) {
      rows.push({ ...base(item), action: "create" });
    } else {
      try {
        const outcome = await ensureWebhook(webhooks, input, {
          ...common,
          ...(org === undefined ? {} : { org_id: org }),
          live,
        });
        live.push(outcome.webhook);
        rows.push({
          ...base(item),
          action: outcome.created ? "created" : "in place",
          webhook_id: outcome.webhook.id,
          headers: outcome.headers.status,
        });
      } catch (error) {
        if (error instanceof PartooConflictError) {
          rows.push({ ...base(item), action: "conflict", webhook_id: error.existing.id, reason: error.message });
        } else {
          rows.push({ ...base(item), reason: `create failed: ${firstLine(error)}` });
        }
      }
    }
  }
  return rows;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];
