/**
 * Webhooks as code at scale, against the embedded sandbox: a PROVIDER with many organizations,
 * each wanting one webhook per event type. Shared by test/reconcile/scale.test.ts (small) and
 * `npm run bench:reconcile` (200 × 6): the same code measures both.
 */
import { eventTypes } from "../generated/webhook-events.js";
import { createPartooClient, type PartooClient } from "../src/index.js";
import type { DesiredWebhook } from "../src/reconcile/desired-state.js";
import { type PaceOptions, type PaceStats, pacedFetch } from "../src/reconcile/pacer.js";
import { type PlanRow, reconcile } from "../src/reconcile/plan.js";
import type { QueuedFault } from "../src/testing/faults.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../src/testing/server.js";
import type { WebhookEventType } from "../src/types.js";

export const PROVIDER = "scale-provider";

export interface Scenario {
  sandbox: Sandbox;
  desired: DesiredWebhook[];
  close(): Promise<void>;
}

/** A sandbox whose PROVIDER key holds organizations 1…orgs, and the desired state for all of them. */
export async function scenario(orgs: number, options: SandboxOptions = {}): Promise<Scenario> {
  const orgIds = Array.from({ length: orgs }, (_, i) => i + 1);
  const sandbox = await startSandbox({ ...options, users: [{ apiKey: PROVIDER, role: "PROVIDER", orgIds }] });
  const desired = orgIds.flatMap((org) =>
    (eventTypes as readonly WebhookEventType[]).map(
      (event_type, i): DesiredWebhook => ({
        org_id: org,
        event_type,
        url: `https://hooks.example.com/org-${org}/${event_type}`,
        custom_headers: { "X-Org-Secret": `secret-${org}-${i}` },
        where: `webhooks[${(org - 1) * eventTypes.length + i}]`,
      }),
    ),
  );
  return { sandbox, desired, close: () => sandbox.close() };
}

/** The client as `partoo webhooks apply` builds it; `pace: false` for a client that does not pace. */
export function providerClient(
  sandbox: Sandbox,
  pace: PaceOptions | false,
  extra: { timeoutMs?: number } = {},
): { partoo: PartooClient; stats: PaceStats } {
  const paced = pace === false ? undefined : pacedFetch(globalThis.fetch, pace);
  const counted: PaceStats = { requests: 0, rateLimited: 0, waitedMs: 0 };
  const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
    counted.requests++;
    const response = await globalThis.fetch(input, init);
    if (response.status === 429) counted.rateLimited++;
    return response;
  }) as typeof fetch;
  const partoo = createPartooClient({
    apiKey: PROVIDER,
    baseUrl: sandbox.url,
    fetch: paced?.fetch ?? counting,
    timeoutMs: extra.timeoutMs ?? 5_000,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  return { partoo, stats: paced?.stats ?? counted };
}

export interface RunFigures {
  ms: number;
  requests: number;
  rateLimitedSeen: number;
  rows: Record<PlanRow["action"], number>;
}

/** `apply` through the package's own engine, timed and counted. */
export async function applyAll(
  s: Scenario,
  pace: PaceOptions | false,
  options: { concurrency?: number; perPage?: number; timeoutMs?: number } = {},
): Promise<RunFigures> {
  const { partoo, stats } = providerClient(s.sandbox, pace, options);
  const started = performance.now();
  const rows = await reconcile(partoo.webhooks, s.desired, {
    apply: true,
    concurrency: options.concurrency ?? 16,
    baseDelayMs: 20,
    ...(options.perPage === undefined ? {} : { perPage: options.perPage }),
  });
  return { ms: Math.round(performance.now() - started), ...figures(rows, stats) };
}

function figures(rows: readonly PlanRow[], stats: PaceStats) {
  const count: Record<PlanRow["action"], number> = { create: 0, created: 0, "in place": 0, conflict: 0, error: 0 };
  for (const row of rows) count[row.action]++;
  return { requests: stats.requests, rateLimitedSeen: stats.rateLimited, rows: count };
}

/**
 * What people write first: per organization, read every page (the client retries each page
 * twice), create each missing one, retrying the create up to 3 times on any failure.
 */
export async function naiveApplyAll(
  s: Scenario,
  options: { concurrency?: number; perPage?: number; timeoutMs?: number } = {},
): Promise<{ ms: number; requests: number; rateLimitedSeen: number; failedOrgs: number }> {
  const { partoo, stats } = providerClient(s.sandbox, false, options);
  const orgs = [...new Set(s.desired.map((d) => d.org_id as number))];
  let failedOrgs = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < orgs.length) {
      const org = orgs[next++] as number;
      try {
        const live = [];
        for await (const w of partoo.webhooks.all({ org_id: org, per_page: options.perPage ?? 100 })) live.push(w);
        for (const { where: _, org_id: __, ...item } of s.desired.filter((d) => d.org_id === org)) {
          if (live.some((w) => w.event_type === item.event_type && w.url === item.url)) continue;
          for (let attempt = 1; ; attempt++) {
            try {
              await partoo.webhooks.create(item, { org_id: org });
              break;
            } catch (error) {
              if (attempt >= 3) throw error;
            }
          }
        }
      } catch {
        failedOrgs++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return {
    ms: Math.round(performance.now() - started),
    requests: stats.requests,
    rateLimitedSeen: stats.rateLimited,
    failedOrgs,
  };
}

/** The store against the desired state: wanted webhooks stored twice or more, and not at all. */
export function audit(s: Scenario): { duplicates: number; missing: number; stored: number } {
  let duplicates = 0;
  let missing = 0;
  const all = s.sandbox.store.list([...new Set(s.desired.map((d) => d.org_id as number))]);
  const counts = new Map<string, number>();
  for (const w of all)
    counts.set(`${w.org_id} ${w.event_type} ${w.url}`, (counts.get(`${w.org_id} ${w.event_type} ${w.url}`) ?? 0) + 1);
  for (const d of s.desired) {
    const n = counts.get(`${d.org_id} ${d.event_type} ${d.url}`) ?? 0;
    if (n === 0) missing++;
    if (n > 1) duplicates += n - 1;
  }
  return { duplicates, missing, stored: all.length };
}

/** Faults for the three cases, queued on the sandbox. */
export const FAULTS = {
  /** Creates stored, answers lost (the connection reset after the sandbox acted). */
  lostCreates: (n: number): QueuedFault[] =>
    Array.from({ length: n }, () => ({ fault: { kind: "reset", when: "after" }, method: "POST" }) as QueuedFault),
  /** 429s in a row, to whoever asks next. */
  rateLimitStorm: (n: number, retryAfter: string): QueuedFault[] =>
    Array.from({ length: n }, () => ({ fault: { kind: "rateLimit", retryAfter } }) as QueuedFault),
  /** 500s on list page 2, more in a row than the client retries a request. */
  listPage5xx: (n: number): QueuedFault[] =>
    Array.from(
      { length: n },
      () => ({ fault: { kind: "status", status: 500 }, method: "GET", query: { page: "2" } }) as QueuedFault,
    ),
};

/** Half the desired webhooks already there (the first 4 event types of each organization), so lists span pages. */
export function preload(s: Scenario, perOrg = 4): void {
  const byOrg = new Map<number, DesiredWebhook[]>();
  for (const d of s.desired) byOrg.set(d.org_id as number, [...(byOrg.get(d.org_id as number) ?? []), d]);
  for (const [org, items] of byOrg) {
    s.sandbox.store.add(
      org,
      items.slice(0, perOrg).map(({ where: _, org_id: __, ...item }) => item),
    );
  }
}
