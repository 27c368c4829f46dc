import { parseRetryAfter } from "../errors.js";
import { sleep } from "../internal/sleep.js";

export interface PaceOptions {
  /** Requests allowed per window and bucket (Partoo: 300 a minute per organization). Default 300. */
  limit?: number;
  /** The window (default 60 000 ms); smaller only to test against a sandbox with a scaled clock. */
  windowMs?: number;
  /**
   * What one bucket covers: each `org_id` (default, as Partoo counts), or every request of the
   * client together ("key"), for when the limit is found to count per API key.
   */
  scope?: "organization" | "key";
}

/** What the paced fetch saw: every attempt it let through, the 429s among them, the time spent waiting. */
export interface PaceStats {
  requests: number;
  rateLimited: number;
  waitedMs: number;
}

/**
 * A token bucket per organization, as virtual scheduling (GCRA): each request reserves the next
 * slot at once, so concurrent callers queue in order without a timer loop. Burst B and rate r
 * are chosen so that B + r·window stays at 90% of the limit: under it even by a server counting
 * a sliding window (the strictest reading), with room for requests that arrive bunched. A 429's
 * `Retry-After` pushes the bucket's next slot past the wait.
 */
class Bucket {
  private tat = 0;
  constructor(
    private readonly interval: number,
    private readonly tolerance: number,
  ) {}
  /** The ms to wait before sending, with the slot reserved. */
  reserve(now: number): number {
    const at = Math.max(this.tat, now);
    this.tat = at + this.interval;
    return Math.max(0, at - this.tolerance - now);
  }
  /** No request before `now + ms`. */
  block(now: number, ms: number): void {
    this.tat = Math.max(this.tat, now + ms + this.tolerance);
  }
}

/**
 * A fetch that paces every attempt (retries included, since the client's transport calls it
 * for each) under the rate limit, per organization (read from the request's `org_id`). Give it
 * to `createPartooClient({ fetch })`. Waiting counts toward the attempt's `timeoutMs`.
 *
 * @example
 * const paced = pacedFetch(fetch, { limit: 300 });
 * const partoo = createPartooClient({ apiKey, fetch: paced.fetch });
 */
export function pacedFetch(
  inner: typeof globalThis.fetch,
  { limit = 300, windowMs = 60_000, scope = "organization" }: PaceOptions = {},
): { fetch: typeof globalThis.fetch; stats: PaceStats } {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`rate limit must be a whole number ≥ 1, got ${limit}`);
  const budget = Math.max(1, Math.floor(limit * 0.9));
  const burst = Math.max(1, Math.floor(budget / 10));
  // The first `burst` requests go at once; then one per interval: burst + (window / interval) - 1 ≤ budget.
  // One millisecond more per interval: the bucket's clock (Date.now) counts whole milliseconds, so
  // without it the request that closes a window could land a fraction early, inside it.
  const interval = windowMs / Math.max(1, budget - burst + 1) + 1;
  const buckets = new Map<string, Bucket>();
  const stats: PaceStats = { requests: 0, rateLimited: 0, waitedMs: 0 };
  const bucketFor = (url: string): Bucket => {
    const key = scope === "key" ? "" : (new URL(url).searchParams.get("org_id") ?? "");
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(interval, (burst - 1) * interval);
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const paced = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const bucket = bucketFor(url);
    const wait = bucket.reserve(Date.now());
    if (wait > 0) {
      stats.waitedMs += wait;
      await sleep(wait, [init?.signal]);
    }
    stats.requests++;
    const response = await inner(input, init);
    if (response.status === 429) {
      stats.rateLimited++;
      bucket.block(Date.now(), parseRetryAfter(response.headers.get("retry-after")) ?? 1_000);
    }
    return response;
  }) as typeof globalThis.fetch;
  return { fetch: paced, stats };
}
