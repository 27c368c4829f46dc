/**
 * Webhooks as code across many organizations, against the embedded sandbox, kept small enough
 * for `npm test` (12 organizations × 6 event types; `npm run bench:reconcile` runs 200 × 6 with
 * the same code). Every fault case runs the naive create-if-missing first and shows it break
 * (the red), then `apply` on a fresh sandbox with the same faults: not one duplicate, not one missing.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  applyAll,
  audit,
  FAULTS,
  naiveApplyAll,
  preload,
  type Scenario,
  scenario,
} from "../../bench/reconcile-scenario.js";

const ORGS = 12;
/** Partoo's 300 a minute, with the clock scaled down 60× and the limit to 5 so that it binds: 5 a second per organization. */
const SCALED = { limit: 5, windowMs: 1_000 };
const open: Scenario[] = [];
const start = async (...args: Parameters<typeof scenario>) => {
  const s = await scenario(...args);
  open.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe(`apply at scale (${ORGS} organizations × 6 event types)`, () => {
  it("under a rate limit that binds: RED unpaced gets 429s; paced gets none, and a second run creates nothing", async () => {
    const naive = await start(ORGS, { rateLimit: SCALED });
    await naiveApplyAll(naive, { concurrency: ORGS });
    expect(naive.sandbox.rateLimited).toBeGreaterThan(0);

    const s = await start(ORGS, { rateLimit: SCALED });
    const first = await applyAll(s, SCALED, { concurrency: ORGS });
    expect(s.sandbox.rateLimited).toBe(0);
    expect(first.rows.created).toBe(ORGS * 6);
    expect(first.requests).toBe(ORGS * 7); // one list and six creates per organization
    const second = await applyAll(s, SCALED, { concurrency: ORGS });
    expect(second.rows).toMatchObject({ created: 0, "in place": ORGS * 6 });
    expect(second.requests).toBe(ORGS); // one list per organization
    expect(s.sandbox.rateLimited).toBe(0);
    expect(audit(s)).toEqual({ duplicates: 0, missing: 0, stored: ORGS * 6 });
  }, 30_000);

  it("creates stored whose answers are lost: RED the naive version duplicates them; apply does not", async () => {
    const naive = await start(ORGS, { faults: FAULTS.lostCreates(10) });
    await naiveApplyAll(naive);
    expect(audit(naive).duplicates).toBe(10);

    const s = await start(ORGS, { faults: FAULTS.lostCreates(10) });
    await applyAll(s, {});
    expect(s.sandbox.faults.injected.get("reset")).toBe(10);
    expect(audit(s)).toEqual({ duplicates: 0, missing: 0, stored: ORGS * 6 });
  }, 30_000);

  it("a 429 storm longer than the client's retries: RED the naive version leaves webhooks missing; apply does not", async () => {
    const storm = () => FAULTS.rateLimitStorm(3 * ORGS + 4, "1");
    const naive = await start(ORGS, { faults: storm() });
    const result = await naiveApplyAll(naive, { concurrency: ORGS });
    expect(result.failedOrgs).toBeGreaterThan(0);
    expect(audit(naive).missing).toBeGreaterThan(0);

    const s = await start(ORGS, { faults: storm() });
    await applyAll(s, {}, { concurrency: ORGS });
    expect(audit(s)).toEqual({ duplicates: 0, missing: 0, stored: ORGS * 6 });
  }, 30_000);

  it("5xx on list page 2, more in a row than the client retries: RED the naive version leaves webhooks missing; apply does not", async () => {
    // Naive: three organizations' page 2 fails three times each. Apply: the first organization's
    // whole read fails three times (nine 500s) and succeeds on its fourth.
    const faults = () => FAULTS.listPage5xx(3 * 3);
    const naive = await start(ORGS, { faults: faults() });
    preload(naive);
    await naiveApplyAll(naive, { perPage: 2, concurrency: 1 });
    expect(audit(naive).missing).toBeGreaterThan(0);

    const s = await start(ORGS, { faults: faults() });
    preload(s);
    const run = await applyAll(s, {}, { perPage: 2, concurrency: 1 });
    expect(run.rows).toMatchObject({ created: ORGS * 2, "in place": ORGS * 4, error: 0 });
    expect(audit(s)).toEqual({ duplicates: 0, missing: 0, stored: ORGS * 6 });
  }, 30_000);
});
