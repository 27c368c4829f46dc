/**
 * The sandbox's rate limit and the faults reconciliation needs: 429 beyond the limit per
 * organization with Retry-After in whole seconds, faults aimed at one list page, and a create
 * that lands before its answer hangs.
 */
import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/testing/server.js";
import { ORG1_KEY, PROVIDER_KEY, useSandbox } from "../helpers.js";

describe("sandbox rate limit", () => {
  it("answers 429 with Retry-After past the limit, per organization, and counts them", async () => {
    const sandbox = await startSandbox({ rateLimit: { limit: 3, windowMs: 1_500 } });
    try {
      const get = (org: number) =>
        fetch(`${sandbox.url}/webhooks?org_id=${org}`, { headers: { "x-APIKey": PROVIDER_KEY } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(1)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await get(1);
      expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "2"]);
      expect((await get(2)).status).toBe(200); // another organization has its own window
      expect(sandbox.rateLimited).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect((await get(1)).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("is off by default", async () => {
    const sandbox = await startSandbox();
    try {
      for (let i = 0; i < 20; i++) {
        expect((await fetch(`${sandbox.url}/webhooks`, { headers: { "x-APIKey": ORG1_KEY } })).status).toBe(200);
      }
      expect(sandbox.rateLimited).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});

describe("faults for reconciliation", () => {
  const sandbox = useSandbox({ seed: 3 });
  const get = (query: string) =>
    fetch(`${sandbox.current.url}/webhooks?${query}`, { headers: { "x-APIKey": ORG1_KEY } });

  it("a fault with `query` hits only the matching list page", async () => {
    sandbox.current.faults.push({ fault: { kind: "status", status: 500 }, method: "GET", query: { page: "2" } });
    expect((await get("page=1&per_page=1")).status).toBe(200);
    expect((await get("page=2&per_page=1")).status).toBe(500);
    expect((await get("page=2&per_page=1")).status).toBe(200);
  });

  it("hang after: the create is stored, the answer never comes", async () => {
    const before = sandbox.current.store.size;
    sandbox.current.faults.push({ fault: { kind: "hang", when: "after" }, method: "POST" });
    const sent = fetch(`${sandbox.current.url}/webhooks`, {
      method: "POST",
      headers: { "x-APIKey": ORG1_KEY, "content-type": "application/json" },
      body: JSON.stringify({ items: [{ url: "https://hooks.example.com/hang", event_type: "message_created" }] }),
      signal: AbortSignal.timeout(300),
    });
    await expect(sent).rejects.toThrow();
    expect(sandbox.current.store.size).toBe(before + 1);
  });
});
