import type { Client } from "openapi-fetch";
import { PartooApiError, PartooPaginationError } from "./errors.js";
import type { PartooPaths, Webhook } from "./types.js";

type ListQuery = NonNullable<PartooPaths["/webhooks"]["get"]["parameters"]["query"]>;

/**
 * Every webhook of every page, fetched one page at a time as you iterate.
 * Stops at `max_page` (or at the first empty or short page when the server omits it) and throws
 * PartooPaginationError if the server hands back a page it already sent, rather than loop forever.
 *
 * @example
 * for await (const webhook of paginate(client, "/webhooks", { per_page: 100 })) console.log(webhook.id);
 */
export async function* paginate(
  client: Client<PartooPaths>,
  path: "/webhooks",
  query: ListQuery = {},
): AsyncGenerator<Webhook, void, undefined> {
  let page = Math.max(1, query.page ?? 1);
  const seen = new Set<string>();
  for (;;) {
    const { data, error, response } = await client.GET(path, { params: { query: { ...query, page } } });
    if (error !== undefined || !data) {
      throw PartooApiError.from(response.status, error, { method: "GET", url: response.url || path });
    }
    const items = data.items ?? [];
    if (items.length === 0) return;
    const fingerprint = items.map((item) => item.id).join(",");
    if (seen.has(fingerprint)) {
      throw new PartooPaginationError(
        `GET ${path} page ${page} repeats an earlier page (ids ${fingerprint.slice(0, 60)}): stopping`,
      );
    }
    seen.add(fingerprint);
    yield* items;
    const lastPage =
      data.max_page ?? (query.per_page !== undefined && items.length < query.per_page ? page : undefined);
    if (lastPage !== undefined && page >= lastPage) return;
    page++;
  }
}
