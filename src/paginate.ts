import type { Client } from "openapi-fetch";
import { PartooPaginationError } from "./errors.js";
import type { PartooPaths, Webhook } from "./types.js";
import { unwrap } from "./unwrap.js";

type ListQuery = NonNullable<PartooPaths["/webhooks"]["get"]["parameters"]["query"]>;
type Page = { items: Webhook[]; maxPage: number | undefined };

/** Pages in flight at most: beyond this a list only meets the API's rate limit (300/min) sooner. */
const MAX_CONCURRENCY = 32;

/** Options of `paginate` and `webhooks.all`. */
export interface PaginateOptions {
  /**
   * Pages in flight at once after the first, which tells `max_page` (default 1, at most 32). Items
   * still come out in page order.
   */
  concurrency?: number;
}

/**
 * Every webhook of every page, fetched as you iterate.
 * Stops at `max_page` (or at the first empty or short page when the server omits it) and throws
 * PartooPaginationError if the server hands back a page it already sent, rather than loop forever.
 *
 * @example
 * for await (const webhook of paginate(client, "/webhooks", { per_page: 100 }, { concurrency: 8 })) console.log(webhook.id);
 */
export async function* paginate(
  client: Client<PartooPaths>,
  path: "/webhooks",
  query: ListQuery = {},
  options: PaginateOptions = {},
): AsyncGenerator<Webhook, void, undefined> {
  const concurrency = options.concurrency ?? 1;
  // 0, -1, 1.5 and NaN used to be read as 1 without a word.
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new TypeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(concurrency)}`);
  }
  const seen = new Set<string>();

  const fetchPage = async (page: number): Promise<Page> => {
    const data = unwrap(await client.GET(path, { params: { query: { ...query, page } } }));
    return { items: data.items ?? [], maxPage: data.max_page };
  };
  /** The page's items, after making sure the server did not send them before. */
  const fresh = (page: number, { items }: Page): Webhook[] => {
    const fingerprint = items.map((item) => item.id).join(",");
    // An empty page ends the walk before another page is asked for, so "" is never seen twice.
    if (seen.has(fingerprint)) {
      throw new PartooPaginationError(
        `GET ${path} page ${page} repeats an earlier page (ids ${fingerprint.slice(0, 60)}): stopping`,
      );
    }
    seen.add(fingerprint);
    return items;
  };
  const isLast = (page: number, { items, maxPage }: Page): boolean =>
    items.length === 0 ||
    (maxPage ?? (query.per_page !== undefined && items.length < query.per_page ? page : Number.POSITIVE_INFINITY)) <=
      page;

  let page = Math.max(1, query.page ?? 1);
  const first = await fetchPage(page);
  yield* fresh(page, first);
  if (isLast(page, first)) return;

  if (concurrency > 1 && first.maxPage !== undefined) {
    // max_page is known: keep `concurrency` requests in flight, hand out pages in order.
    const lastPage = first.maxPage;
    const inFlight: { page: number; result: Promise<Page> }[] = [];
    let next = page + 1;
    while (next <= lastPage || inFlight.length > 0) {
      while (inFlight.length < concurrency && next <= lastPage) {
        const result = fetchPage(next);
        result.catch(() => {}); // awaited below; this only keeps a page abandoned by `break` from being "unhandled"
        inFlight.push({ page: next++, result });
      }
      const head = inFlight.shift();
      if (!head) return;
      const data = await head.result;
      yield* fresh(head.page, data);
      if (data.items.length === 0) return;
    }
    return;
  }

  for (;;) {
    page++;
    const data = await fetchPage(page);
    yield* fresh(page, data);
    if (isLast(page, data)) return;
  }
}
