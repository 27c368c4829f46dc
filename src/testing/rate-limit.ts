/**
 * The sandbox's rate limit: Partoo allows 300 requests a minute per organization and answers 429
 * with `Retry-After` (whole seconds) beyond it. A sliding window (the strictest reading: no burst
 * at a window's edge), counted per organization as the request names it (`org_id`, else the
 * key's own first organization). `windowMs` scales the minute down so a test can cross the limit
 * in seconds; `Retry-After` is then rounded up to whole seconds, as Partoo sends it.
 */
export interface SandboxRateLimit {
  /** Requests allowed per window and organization (Partoo: 300). */
  limit: number;
  /** The window (Partoo: 60 000 ms). Default 60 000. */
  windowMs?: number;
}

export class SlidingWindowLimiter {
  private readonly arrivals = new Map<string, number[]>();
  /** Requests refused with 429, all organizations together. */
  refused = 0;
  private readonly limit: number;
  private readonly windowMs: number;

  constructor({ limit, windowMs = 60_000 }: SandboxRateLimit) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`rateLimit.limit must be a whole number ≥ 1`);
    if (!Number.isInteger(windowMs) || windowMs < 1)
      throw new TypeError(`rateLimit.windowMs must be a whole number ≥ 1`);
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Counts the request; undefined when it may go, else the seconds to send as `Retry-After`. */
  take(key: string, now = Date.now()): number | undefined {
    const times = (this.arrivals.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.arrivals.set(key, times);
    if (times.length < this.limit) {
      times.push(now);
      return undefined;
    }
    this.refused++;
    const oldest = times[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }
}
