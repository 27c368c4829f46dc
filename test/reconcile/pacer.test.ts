/** The token bucket behind `apply`: its steady rate, one bucket per organization, and Retry-After. */
import { describe, expect, it } from "vitest";
import { pacedFetch } from "../../src/reconcile/pacer.js";
import { scriptedFetch } from "../helpers.js";

const ok = () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } });

describe("pacedFetch", () => {
  it("lets a burst of 10% through, then keeps to 90% of the limit per window", async () => {
    const sent: number[] = [];
    const { fetchFn } = scriptedFetch([], ok, () => sent.push(performance.now()));
    const { fetch, stats } = pacedFetch(fetchFn, { limit: 20, windowMs: 1_000 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => fetch("http://127.0.0.1/v2/webhooks?org_id=1")));
    // Budget 18 a second, burst 1: the 20th goes ~19 intervals of 1000/18 ms after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    // No window of 1 s holds more than the budget.
    for (const t of sent) expect(sent.filter((u) => u >= t && u < t + 1_000).length).toBeLessThanOrEqual(18);
    expect(stats.requests).toBe(20);
  });

  it("gives each organization its own bucket; scope key shares one", async () => {
    const { fetchFn } = scriptedFetch([], ok);
    const perOrg = pacedFetch(fetchFn, { limit: 2, windowMs: 1_000 });
    let started = performance.now();
    await Promise.all([1, 2, 3, 4].map((org) => perOrg.fetch(`http://127.0.0.1/v2/webhooks?org_id=${org}`)));
    expect(performance.now() - started).toBeLessThan(200);
    const shared = pacedFetch(fetchFn, { limit: 2, windowMs: 1_000, scope: "key" });
    started = performance.now();
    await Promise.all([1, 2, 3].map((org) => shared.fetch(`http://127.0.0.1/v2/webhooks?org_id=${org}`)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("after a 429, waits out its Retry-After before that organization's next request", async () => {
    const limited = () => new Response("{}", { status: 429, headers: { "retry-after": "1" } });
    const { fetchFn } = scriptedFetch([limited], ok);
    const { fetch, stats } = pacedFetch(fetchFn, { limit: 300 });
    await fetch("http://127.0.0.1/v2/webhooks?org_id=7");
    const started = performance.now();
    await fetch("http://127.0.0.1/v2/webhooks?org_id=8"); // another organization: not held
    expect(performance.now() - started).toBeLessThan(200);
    await fetch("http://127.0.0.1/v2/webhooks?org_id=7");
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(stats.rateLimited).toBe(1);
  });
});
