/**
 * Compile-time tests, checked by `tsc` in `npm test`: each `@ts-expect-error` line must fail to
 * compile, or tsc reports the directive as unused and the typecheck fails.
 */
import { createPartooClient, type Webhook, type WebhookEventType } from "../../src/index.js";

const partoo = createPartooClient({ apiKey: "k" });

export async function typeChecks(): Promise<void> {
  const ok = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
  const webhook: Webhook | undefined = ok.data;
  const eventType: WebhookEventType | undefined = webhook?.event_type;
  void eventType;

  // @ts-expect-error a path the spec does not have
  await partoo.GET("/webhook");

  // @ts-expect-error the path parameter is an integer
  await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: "1" } } });

  // @ts-expect-error the path parameter is required
  await partoo.GET("/webhooks/{webhook_id}", { params: { path: {} } });

  // @ts-expect-error `url` is required
  await partoo.POST("/webhooks", { body: { items: [{ event_type: "lead_received" }] } });

  // @ts-expect-error `items` is required
  await partoo.POST("/webhooks", { body: {} });

  // @ts-expect-error an event type the spec does not document
  await partoo.POST("/webhooks", { body: { items: [{ url: "https://e.com", event_type: "lead_recieved" }] } });

  // @ts-expect-error the same on tryout
  await partoo.POST("/webhooks/tryout", { body: { items: [{ url: "https://e.com", event_type: "nope" }] } });

  const numericHeader = { url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A": 1 } } as const;
  // @ts-expect-error header values are strings
  await partoo.POST("/webhooks", { body: { items: [numericHeader] } });

  // @ts-expect-error per_page is a number
  await partoo.GET("/webhooks", { params: { query: { per_page: "10" } } });

  // @ts-expect-error GET /webhooks takes no body
  await partoo.GET("/webhooks", { body: { items: [] } });

  // @ts-expect-error error bodies are typed: a 404 has `errors.json`, not `message`
  (await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } })).error?.message;
}

import type { TryoutResult, WebhookPage } from "../../src/index.js";

export async function resourceTypeChecks(): Promise<void> {
  const page: WebhookPage = await partoo.webhooks.list({ per_page: 100, page: 2 });
  const count: number | undefined = page.count;
  const one: Webhook = await partoo.webhooks.get(1, { org_id: 2 });
  const created: Webhook[] = await partoo.webhooks.create({ url: "https://e.com", event_type: "lead_received" });
  const many: Webhook[] = await partoo.webhooks.create([
    { url: "https://e.com/a", event_type: "lead_received" },
    { url: "https://e.com/b", event_type: "business_created", custom_headers: { "X-A": "b" } },
  ]);
  const result: TryoutResult = await partoo.webhooks.tryout({ url: "https://e.com", event_type: "lead_received" });
  const status: "success" | "error" | undefined = result.status;
  for await (const webhook of partoo.webhooks.all({ per_page: 50 }, { concurrency: 4 })) {
    const id: number = webhook.id;
    void id;
  }
  void [count, one, created, many, status];

  // @ts-expect-error per_page is a number
  await partoo.webhooks.list({ per_page: "100" });
  // @ts-expect-error not a query parameter of the list
  await partoo.webhooks.list({ event_type: "lead_received" });
  // @ts-expect-error ids are numbers
  await partoo.webhooks.get("1");
  // @ts-expect-error the id is required
  await partoo.webhooks.get();
  // @ts-expect-error an event type the spec does not document
  await partoo.webhooks.create({ url: "https://e.com", event_type: "lead_recieved" });
  // @ts-expect-error `url` is required
  await partoo.webhooks.create([{ event_type: "lead_received" }]);
  // @ts-expect-error header values are strings
  await partoo.webhooks.create({ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A": 1 } });
  // @ts-expect-error tryout takes one item, not a list
  await partoo.webhooks.tryout([{ url: "https://e.com", event_type: "lead_received" }]);
  // @ts-expect-error the page holds webhooks, not strings
  const wrong: string[] = (await partoo.webhooks.list()).items ?? [];
  void wrong;
  // @ts-expect-error concurrency is a number
  partoo.webhooks.all({}, { concurrency: "4" });

  // A key from a function (rotating keys); anything else is refused.
  createPartooClient({ apiKey: async () => "k" });
  // @ts-expect-error the function must give a string
  createPartooClient({ apiKey: () => 42 });
  // @ts-expect-error one of "off", "warn", "throw"
  createPartooClient({ apiKey: "k", validateResponses: true });
}

import type { PartooEvent } from "../../src/webhooks.js";

export function eventTypeChecks(event: PartooEvent): void {
  if (event.type === "lead_received") {
    const kind: string | undefined = event.payload.values?.[0]?.type;
    void kind;
  }
  if (event.type === "message_updated") {
    // Partoo adds enum values without notice: a value the spec does not list still type-checks.
    const contentType: typeof event.payload.message = { content_type: "Sticker" };
    void contentType;
  }
  if (event.type === "business_created") {
    // @ts-expect-error a business event has no lead values
    void event.payload.values;
  }
  // @ts-expect-error not an event type
  if (event.type === "review_created") return;
}

import {
  type PartooAuthenticationError,
  type PartooBadRequestError,
  type PartooErrorBody,
  PartooNotFoundError,
} from "../../src/index.js";

export async function pageErrorAndTryoutChecks(error: unknown): Promise<void> {
  // A page's items are always an array: no `?? []`, no possibly-undefined.
  const { items } = await partoo.webhooks.list();
  const length: number = items.length;
  const first: Webhook | undefined = items[0];
  void [length, first];

  // Each error class's body is the spec's error schema for its status.
  if (error instanceof PartooNotFoundError) {
    const reason: string | undefined = error.body?.errors?.json;
    void reason;
    // @ts-expect-error a 404 body has `errors.json`, not `message`
    void error.body.message;
  }
  const unauthenticated = {} as PartooAuthenticationError;
  const why: string | undefined = unauthenticated.body?.errors?.authentication;
  const badRequest = {} as PartooBadRequestError;
  const fields: Record<string, unknown> | undefined = badRequest.body?.errors?.json;
  void [why, fields];
  const documented: PartooErrorBody<404> = { errors: { json: "Resource not found" } };
  // @ts-expect-error a 404's errors.json is a string
  const wrongBody: PartooErrorBody<404> = { errors: { json: 404 } };
  void [documented, wrongBody];

  // A tryout's payload is the event's, by event type.
  const lead = await partoo.webhooks.tryout({ url: "https://e.com", event_type: "lead_received" });
  const valueType: string | undefined = lead.payload?.values?.[0]?.type;
  const eventType: "lead_received" | undefined = lead.event_type;
  // @ts-expect-error a lead's payload carries no business
  void lead.payload?.business;
  const any = await partoo.webhooks.tryout({ url: "https://e.com", event_type: "lead_received" as WebhookEventType });
  if (any.event_type === "business_created") {
    const businessId: unknown = any.payload?.business;
    void businessId;
  }
  void [valueType, eventType];
}
