import { PartooBadRequestError, PartooRateLimitError, PartooTimeoutError } from "../errors.js";
import { sleep } from "../internal/sleep.js";
import type { WebhooksResource } from "../resources/webhooks.js";
import type { CreateWebhookInput, Webhook } from "../types.js";
import { PartooConflictError } from "./conflict-error.js";
import { compareHeaders, type HeaderComparison } from "./headers.js";
import { mayHaveLanded, waitFor, withRetries } from "./transient.js";

/** How `webhooks.ensure` reads and creates (the resource method takes `org_id`, `signal` and `maxCreates`). */
export interface EnsureOptions {
  /** The organization (PROVIDER users); the client's `orgId` otherwise. */
  org_id?: number;
  /** Aborts every request `ensure` makes. */
  signal?: AbortSignal;
  /**
   * Creates tried at most, each after a failure that proved nothing landed (default 3). A list
   * is read before each decision, so a create that landed is found, never sent again.
   */
  maxCreates?: number;
  /** What is live, if just read (all pages): saves the first list. Read again after any failure. */
  live?: readonly Webhook[];
  /** Page size of the lists read (default 100, the most the API allows). */
  perPage?: number;
  /** First backoff between tries when the server gave no `Retry-After` (default 500 ms). */
  baseDelayMs?: number;
  /**
   * After a create timed out, the wait before the list that decides (default 2 000 ms): a
   * request we gave up on may still be on its way or queued at the server, and land after a
   * list read at once. (The bench caught exactly that: 64 duplicates of 1 200 without it.)
   */
  settleMs?: number;
}

/** What `ensure` found or did. `created`: this call made it (`recovered`: its answer was lost, the list showed it). */
export interface EnsureOutcome {
  webhook: Webhook;
  created: boolean;
  recovered: boolean;
  headers: HeaderComparison;
}

type Decision =
  | { kind: "present"; webhook: Webhook; headers: HeaderComparison }
  | { kind: "missing" }
  | { kind: "conflict"; error: PartooConflictError };

const sameUrl = (a: string, b: string): boolean => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
};

/** The one decision: the wanted webhook is there, missing, or blocked by what is there. */
export function decide(item: CreateWebhookInput, live: readonly Webhook[], orgId: number | undefined): Decision {
  const forType = live.filter((w) => w.event_type === item.event_type && (orgId === undefined || w.org_id === orgId));
  if (forType.length === 0) return { kind: "missing" };
  const wanted = {
    event_type: item.event_type,
    url: item.url,
    headerNames: Object.keys(item.custom_headers ?? {}),
  };
  const existing = (w: Webhook) => ({
    id: w.id,
    org_id: w.org_id,
    url: w.url,
    headerNames: w.custom_headers ? Object.keys(w.custom_headers) : undefined,
  });
  const withUrl = forType.filter((w) => sameUrl(w.url, item.url));
  const [other] = forType;
  if (withUrl.length === 0 && other) {
    return { kind: "conflict", error: new PartooConflictError({ kind: "url" }, wanted, existing(other)) };
  }
  let firstDifference: { webhook: Webhook; headers: HeaderComparison } | undefined;
  for (const webhook of withUrl) {
    const headers = compareHeaders(item.custom_headers, webhook.custom_headers);
    if (headers.status !== "differs") return { kind: "present", webhook, headers };
    firstDifference ??= { webhook, headers };
  }
  const { webhook, headers } = firstDifference as {
    webhook: Webhook;
    headers: HeaderComparison & { status: "differs" };
  };
  const { missing, extra, changed } = headers;
  return {
    kind: "conflict",
    error: new PartooConflictError({ kind: "customHeaders", missing, extra, changed }, wanted, existing(webhook)),
  };
}

/** Every page of what is live for the organization, read again whole after a transient failure. */
export async function readLive(
  webhooks: Pick<WebhooksResource, "all">,
  orgId: number | undefined,
  { perPage = 100, signal, baseDelayMs = 500 }: Pick<EnsureOptions, "perPage" | "signal" | "baseDelayMs"> = {},
): Promise<Webhook[]> {
  return withRetries(
    async () => {
      const found: Webhook[] = [];
      const query = { per_page: perPage, ...(orgId === undefined ? {} : { org_id: orgId }) };
      for await (const webhook of webhooks.all(query)) found.push(webhook);
      return found;
    },
    { attempts: 4, baseDelayMs, signal },
  );
}

/**
 * Makes sure the webhook exists: returns the live one with that URL and event type (custom
 * headers compared as `compareHeaders` says), creating it only when missing. After a create
 * whose outcome is unknown (no answer, a timeout, a 5xx), the list is read again before anything
 * else: the create that landed is returned, never sent twice. Throws PartooConflictError when
 * what is live blocks it.
 */
export async function ensureWebhook(
  webhooks: Pick<WebhooksResource, "all" | "create">,
  item: CreateWebhookInput,
  options: EnsureOptions = {},
): Promise<EnsureOutcome> {
  const { org_id: orgId, signal, maxCreates = 3, baseDelayMs = 500, settleMs = 2_000 } = options;
  let live = options.live ?? (await readLive(webhooks, orgId, options));
  let tried = 0;
  let unsure = false;
  for (;;) {
    const decision = decide(item, live, orgId);
    if (decision.kind === "present") return { ...decision, created: unsure, recovered: unsure };
    if (decision.kind === "conflict") throw decision.error;
    try {
      tried++;
      const [webhook] = await webhooks.create(item, {
        ...(orgId === undefined ? {} : { org_id: orgId }),
        ...(signal ? { signal } : {}),
      });
      if (webhook)
        return {
          webhook,
          created: true,
          recovered: false,
          headers: compareHeaders(item.custom_headers, webhook.custom_headers),
        };
      unsure = true; // a 2xx listing nothing created: only the list can say
    } catch (error) {
      // A 400 may be someone else's create of this event type just before ours: the list says.
      const refused = error instanceof PartooBadRequestError;
      const limited = error instanceof PartooRateLimitError; // refused before handling: nothing landed
      if (!refused && !limited && !mayHaveLanded(error)) throw error;
      if (tried >= maxCreates && !mayHaveLanded(error)) throw error;
      if (limited) await sleep(waitFor(error, tried, baseDelayMs), [signal]);
      if (error instanceof PartooTimeoutError) await sleep(settleMs, [signal]);
      unsure ||= mayHaveLanded(error);
      live = await readLive(webhooks, orgId, options);
      const after = decide(item, live, orgId);
      if (after.kind === "missing" && (refused || tried >= maxCreates)) throw error;
    }
  }
}
