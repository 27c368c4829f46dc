import type { Client } from "openapi-fetch";
import { PartooPaginationError, PartooResponseError } from "./errors.js";
import { CheckedResponse } from "./internal/checked-response.js";
import type { PartooPaths, Webhook } from "./types.js";
import { unwrap } from "./unwrap.js";

type ListQuery = NonNullable<PartooPaths["/webhooks"]["get"]["parameters"]["query"]>;
type Page = { items: Webhook[]; maxPage: number | undefined; count: number | undefined };

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
    const result = await client.GET(path, { params: { query: { ...query, page } } });
    const data = unwrap(result) as unknown as Record<string, unknown> | null;
    // Only validateResponses checks a page's shape: without it, a page whose items are not a
    // list of objects would surface as a TypeError from deep inside the walk.
    const items = data && typeof data === "object" ? (data.items ?? []) : undefined;
    if (!Array.isArray(items) || items.some((item) => !item || typeof item !== "object")) {
      const { response } = result;
      throw CheckedResponse.redactorOf(response).error(
        new PartooResponseError(
          response.status,
          response.headers.get("content-type") ?? "",
          "",
          CheckedResponse.requestOf(response) ?? { method: "GET", url: response.url },
          `page ${page} is malformed: ${data && typeof data === "object" ? "items is not a list of objects" : "the body is not an object"}`,
        ),
      );
    }
    const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    return { items: items as Webhook[], maxPage: number(data?.max_page), count: number(data?.count) };
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
  checkMaxPage(first);
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

/**
 * A `max_page` the first page's `count` cannot need is refused rather than walked: a server
 * saying "a million pages" of 40 webhooks would otherwise be asked for every one of them. One
 * page of slack, for a list that grew between the two numbers.
 */
function checkMaxPage({ items, maxPage, count }: Page): void {
  if (maxPage === undefined || count === undefined || items.length === 0) return;
  // The first page's own size: exact when it is full, and a smaller one only allows more pages.
  const size = items.length;
  const needed = Math.max(1, Math.ceil(count / size));
  if (maxPage > needed + 1) {
    throw new PartooPaginationError(
      `GET /webhooks says max_page ${maxPage}, but count ${count} at ${size} per page needs at most ${needed}: not walking it`,
    );
  }
}
