import type { Client } from "openapi-fetch";
import { PartooResponseError } from "../errors.js";
import { CheckedResponse } from "../internal/checked-response.js";
import { type PaginateOptions, paginate } from "../paginate.js";
import { type EnsureOptions, ensureWebhook } from "../reconcile/ensure.js";
import type { CreateWebhookInput, PartooPaths, TryoutResult, Webhook, WebhookEventType } from "../types.js";
import { unwrap } from "../unwrap.js";

/** The list's query: `page`, `per_page` (1 to 100), `org_id`. */
export type WebhookListQuery = NonNullable<PartooPaths["/webhooks"]["get"]["parameters"]["query"]>;
type ListAnswer = PartooPaths["/webhooks"]["get"]["responses"][200]["content"]["application/json"];
/**
 * One page of webhooks: `items`, `page`, `max_page`, `count`. `items` is always an array: the
 * spec leaves it optional, and an answer without it is given as `[]` (a page with no webhooks).
 */
export type WebhookPage = Omit<ListAnswer, "items"> & {
  /** The page's webhooks, `[]` when the answer had none. */
  items: Webhook[];
};

/** What a tryout takes: a webhook to create, its event type kept as the type parameter `E`. */
export type TryoutInput<E extends WebhookEventType = WebhookEventType> = CreateWebhookInput & {
  /** The event the sample delivery is for: it types the result's payload. */
  event_type: E;
};

/** Per call: the organization (for PROVIDER users; the client's `orgId` otherwise) and a signal. */
/** Per-call options of the `webhooks.*` methods. */
export interface CallOptions {
  /** The organization to act on (`PROVIDER` keys); overrides the client's `orgId`. */
  org_id?: number;
  /** Aborts this call only (`PartooAbortError`). */
  signal?: AbortSignal;
}

/**
 * `partoo.webhooks`: the webhook configuration endpoints as methods that resolve to data or throw
 * the typed errors (`PartooNotFoundError`, `PartooValidationError`…). Built on the path-based
 * client, which stays available as `partoo.GET(…)` / `partoo.POST(…)`.
 */
export interface WebhooksResource {
  /**
   * One page of webhook configurations; `items` is `[]`, never absent, when the page holds none.
   * @example
   * const { items, max_page } = await partoo.webhooks.list({ per_page: 100 });
   */
  list(query?: WebhookListQuery, options?: { signal?: AbortSignal }): Promise<WebhookPage>;
  /**
   * Every webhook configuration, page after page, as you iterate (stops at `max_page`, refuses a
   * repeated page). `concurrency` pages in flight after the first (default 1, at most 32).
   * @example
   * for await (const webhook of partoo.webhooks.all({ per_page: 100 }, { concurrency: 4 })) console.log(webhook.id);
   */
  all(query?: WebhookListQuery, options?: PaginateOptions): AsyncGenerator<Webhook, void, undefined>;
  /**
   * One webhook configuration by id; a `PartooNotFoundError` if there is none.
   * @example
   * const webhook = await partoo.webhooks.get(42);
   */
  get(id: number, options?: CallOptions): Promise<Webhook>;
  /**
   * Creates one webhook configuration or several at once; resolves to the created ones, in order.
   * Checked against the spec before sending (https URL, header names and values, at most 5
   * headers): a `PartooValidationError` says which rule, and nothing is sent.
   * @example
   * const [created] = await partoo.webhooks.create({ url: "https://example.com/hook", event_type: "lead_received" });
   */
  create(items: CreateWebhookInput | readonly CreateWebhookInput[], options?: CallOptions): Promise<Webhook[]>;
  /**
   * Has Partoo send one sample delivery to `item.url` now; resolves to its outcome (`status`:
   * "success" or "error", and the `payload` sent). Nothing is created.
   * @example
   * const { status } = await partoo.webhooks.tryout({ url: "https://example.com/hook", event_type: "lead_received" });
   */
  tryout<E extends WebhookEventType>(item: TryoutInput<E>, options?: CallOptions): Promise<TryoutResult<E>>;
  /**
   * The webhook with this URL and event type, created only if missing (every page read first).
   * After a create whose answer was lost it lists again: the one that landed is returned, never
   * doubled. A `PartooConflictError` when the event type has another URL, or the URL other
   * custom headers (see docs/webhooks-as-code.md for what "same headers" can mean).
   * @example
   * const webhook = await partoo.webhooks.ensure({ url: "https://example.com/hook", event_type: "lead_received" });
   */
  ensure(item: CreateWebhookInput, options?: Pick<EnsureOptions, "org_id" | "signal" | "maxCreates">): Promise<Webhook>;
}

/** The query and signal of a call, leaving out what was not given (the client's orgId then applies). */
function callInit({ org_id, signal }: CallOptions = {}) {
  return {
    ...(org_id === undefined ? {} : { params: { query: { org_id } } }),
    ...(signal === undefined ? {} : { signal }),
  };
}

export function webhooksResource(client: Client<PartooPaths>): WebhooksResource {
  const resource: WebhooksResource = {
    async list(query = {}, { signal } = {}) {
      const page = unwrap(await client.GET("/webhooks", { params: { query }, ...(signal ? { signal } : {}) }));
      return { ...page, items: page.items ?? [] };
    },
    all(query = {}, options = {}) {
      return paginate(client, "/webhooks", query, options);
    },
    async get(id, options) {
      const init = callInit(options);
      return unwrap(
        await client.GET("/webhooks/{webhook_id}", {
          ...init,
          params: { path: { webhook_id: id }, ...init.params },
        }),
      );
    },
    async create(items, options) {
      const list = Array.isArray(items) ? [...items] : [items as CreateWebhookInput];
      const data = unwrap(await client.POST("/webhooks", { ...callInit(options), body: { items: list } }));
      return data.items ?? [];
    },
    async tryout(item, options) {
      const result = await client.POST("/webhooks/tryout", { ...callInit(options), body: { items: [item] } });
      const first = unwrap(result).items?.[0];
      if (first === undefined) {
        const request = CheckedResponse.requestOf(result.response) ?? { method: "POST", url: result.response.url };
        throw CheckedResponse.redactorOf(result.response).error(
          new PartooResponseError(
            result.response.status,
            result.response.headers.get("content-type") ?? "",
            "",
            request,
            "the tryout answer holds no result (items is empty)",
          ),
        );
      }
      return first as TryoutResult<typeof item.event_type>;
    },
    async ensure(item, options) {
      return (await ensureWebhook(resource, item, options)).webhook;
    },
  };
  return resource;
}
