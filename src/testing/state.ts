import type { CustomHeaders, Webhook, WebhookEventType } from "../types.js";

/** One API key of the sandbox and what it may see. */
export interface SandboxUser {
  /** The key, sent as `x-APIKey`. */
  apiKey: string;
  /** `PROVIDER` users may act on the organizations listed in `orgIds` by passing `org_id`. */
  role: "ORG_ADMIN" | "PROVIDER";
  /** The organizations it may act on (an `ORG_ADMIN` has one). */
  orgIds: number[];
}

/** Keys that exist only in the embedded sandbox; they open nothing anywhere else. */
export const DEFAULT_USERS: readonly SandboxUser[] = [
  { apiKey: "sandbox-org-1-admin", role: "ORG_ADMIN", orgIds: [1] },
  { apiKey: "sandbox-org-2-admin", role: "ORG_ADMIN", orgIds: [2] },
  { apiKey: "sandbox-provider", role: "PROVIDER", orgIds: [1, 2, 3] },
];

/** A webhook to add to the store: what a create sends. */
export interface NewWebhook {
  /** Where deliveries go. */
  url: string;
  /** The event it is for. */
  event_type: WebhookEventType;
  /** Headers sent with each delivery. */
  custom_headers?: CustomHeaders;
}

/** Webhook configurations in memory, in creation order. */
export class WebhookStore {
  private readonly webhooks: Webhook[] = [];
  private nextId = 1;
  /** Ids made by `seed`: filler for paging, which takes no event type's URL from a user's creates. */
  private readonly seeded = new Set<number>();

  /** The webhooks of these organizations, in creation order. */
  list(orgIds: readonly number[]): Webhook[] {
    return this.webhooks.filter((w) => orgIds.includes(w.org_id));
  }

  /** One webhook by id, if it belongs to one of these organizations. */
  get(id: number, orgIds: readonly number[]): Webhook | undefined {
    return this.webhooks.find((w) => w.id === id && orgIds.includes(w.org_id));
  }

  /** The URL already configured for this event type in this organization, if any. */
  urlFor(orgId: number, eventType: string): string | undefined {
    return this.webhooks.find((w) => w.org_id === orgId && w.event_type === eventType && !this.seeded.has(w.id))?.url;
  }

  /** Adds webhooks to an organization as a create would (ids and timestamps given); returns copies. */
  add(orgId: number, items: readonly NewWebhook[]): Webhook[] {
    const now = new Date().toISOString();
    const created = items.map(
      (item): Webhook => ({
        id: this.nextId++,
        url: item.url,
        event_type: item.event_type,
        created_at: now,
        updated_at: now,
        org_id: orgId,
        custom_headers: { ...item.custom_headers },
      }),
    );
    this.webhooks.push(...created);
    return structuredClone(created);
  }

  /**
   * Fills an organization with many webhooks at once (for pagination benchmarks and tests). They
   * are exempt from the one-URL-per-event-type rule, so creates after them are judged as if the
   * organization were empty: `seed: 250` leaves every event type free for a test's own URL.
   */
  seed(orgId: number, count: number, make: (i: number) => NewWebhook): void {
    for (const webhook of this.add(
      orgId,
      Array.from({ length: count }, (_, i) => make(i)),
    ))
      this.seeded.add(webhook.id);
  }

  /** How many webhooks it holds, in every organization. */
  get size(): number {
    return this.webhooks.length;
  }
}
