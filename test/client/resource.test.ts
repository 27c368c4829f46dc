/**
 * `partoo.webhooks.*` against the embedded sandbox on loopback: each method's data, its typed
 * errors, and what actually went over the wire.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPartooClient,
  type PartooClient,
  PartooNotFoundError,
  PartooPaginationError,
  PartooResponseError,
  PartooValidationError,
} from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing.js";

let sandbox: Sandbox;
let partoo: PartooClient;
beforeEach(async () => {
  sandbox = await startSandbox({ apiKeys: ["key-1"], seed: 7 });
  partoo = createPartooClient({ apiKey: "key-1", baseUrl: sandbox.url, maxRetries: 0 });
});
afterEach(() => sandbox.close());

describe("partoo.webhooks", () => {
  it("list() resolves to one page, with the query as given", async () => {
    const page = await partoo.webhooks.list({ per_page: 3, page: 2 });
    expect(page).toMatchObject({ page: 2, max_page: 3, count: 7 });
    expect(page.items?.map((w) => w.id)).toEqual([4, 5, 6]);
    expect(sandbox.requests.at(-1)?.query.toString()).toBe("per_page=3&page=2");
  });

  it("all() yields every webhook across pages, in order, with pages in flight", async () => {
    const ids: number[] = [];
    for await (const webhook of partoo.webhooks.all({ per_page: 2 }, { concurrency: 3 })) ids.push(webhook.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sandbox.requests.filter((r) => r.method === "GET")).toHaveLength(4);
  });

  it("all() stops on a server that repeats a page, rather than loop", async () => {
    // A page parameter the server ignores: every page is the first.
    const stuck = createPartooClient({
      apiKey: "key-1",
      baseUrl: sandbox.url,
      fetch: (input, init) => fetch(String(input).replace(/([?&])page=\d+/, "$1page=1"), init),
    });
    const iterate = async () => {
      for await (const _ of stuck.webhooks.all({ per_page: 2 })) void _;
    };
    await expect(iterate()).rejects.toBeInstanceOf(PartooPaginationError);
  });

  it("get() resolves to the webhook, and a missing one is a PartooNotFoundError", async () => {
    expect(await partoo.webhooks.get(3)).toMatchObject({ id: 3, org_id: 1 });
    const missing = await partoo.webhooks.get(999).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PartooNotFoundError);
    expect((missing as PartooNotFoundError).request.url).toContain("/webhooks/999");
  });

  it("get() sends org_id when given one, and the client's orgId otherwise", async () => {
    const provider = await startSandbox({
      users: [{ apiKey: "p", role: "PROVIDER", orgIds: [1, 2] }],
      seed: 1,
    });
    try {
      const client = createPartooClient({ apiKey: "p", baseUrl: provider.url, orgId: 1 });
      await client.webhooks.get(1);
      expect(provider.requests.at(-1)?.query.get("org_id")).toBe("1");
      await client.webhooks.get(1, { org_id: 2 }).catch(() => {});
      expect(provider.requests.at(-1)?.query.get("org_id")).toBe("2");
    } finally {
      await provider.close();
    }
  });

  it("create() takes one item or many and resolves to the created webhooks, in order", async () => {
    const empty = await startSandbox({ apiKeys: ["key-1"] });
    try {
      const client = createPartooClient({ apiKey: "key-1", baseUrl: empty.url });
      const [one] = await client.webhooks.create({ url: "https://e.com/one", event_type: "lead_received" });
      expect(one).toMatchObject({ id: 1, url: "https://e.com/one", event_type: "lead_received" });
      const many = await client.webhooks.create([
        { url: "https://e.com/a", event_type: "business_created" },
        { url: "https://e.com/b", event_type: "message_updated", custom_headers: { "X-Env": "prod" } },
      ]);
      expect(many.map((w) => [w.id, w.url])).toEqual([
        [2, "https://e.com/a"],
        [3, "https://e.com/b"],
      ]);
      expect(JSON.parse(empty.requests.at(-1)?.body ?? "{}").items).toHaveLength(2);
    } finally {
      await empty.close();
    }
  });

  it("create() refuses what the spec forbids before sending anything", async () => {
    const before = sandbox.requests.length;
    const refused = await partoo.webhooks
      .create({ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-Partoo-Id": "1" } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PartooValidationError);
    expect(String(refused)).toContain('header name "X-Partoo-Id"');
    expect(sandbox.requests.length).toBe(before);
  });

  it("tryout() resolves to the first result, and creates nothing", async () => {
    const result = await partoo.webhooks.tryout({ url: "https://e.com/hook", event_type: "lead_received" });
    // The sandbox delivers only to loopback: elsewhere the delivery fails, as an unreachable endpoint would.
    expect(result).toMatchObject({ status: "error", event_type: "lead_received", url: "https://e.com/hook" });
    expect(sandbox.store.list([1])).toHaveLength(7);
  });

  it("tryout() with an answer holding no result is a PartooResponseError, not undefined", async () => {
    const empty = createPartooClient({
      apiKey: "key-1",
      baseUrl: sandbox.url,
      fetch: async () => new Response('{"items":[]}', { headers: { "content-type": "application/json" } }),
    });
    const error = await empty.webhooks
      .tryout({ url: "https://e.com/hook", event_type: "lead_received" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooResponseError);
    expect((error as Error).message).toBe(
      `POST ${sandbox.url}/webhooks/tryout: the tryout answer holds no result (items is empty) (status 200, content-type application/json)`,
    );
    // No items at all reads the same, and create() without items resolves to none.
    const bare = createPartooClient({
      apiKey: "key-1",
      baseUrl: sandbox.url,
      validateRequests: false,
      fetch: async () => new Response("{}", { headers: { "content-type": "application/json" } }),
    });
    await expect(bare.webhooks.tryout({ url: "https://e.com/hook", event_type: "lead_received" })).rejects.toThrow(
      "holds no result",
    );
    expect(await bare.webhooks.create({ url: "https://e.com/hook", event_type: "lead_received" })).toEqual([]);
  });

  it("passes a per-call signal through, for get() and list() alike", async () => {
    for (const call of [
      (signal: AbortSignal) => partoo.webhooks.get(1, { signal }),
      (signal: AbortSignal) => partoo.webhooks.list({}, { signal }),
    ]) {
      sandbox.faults.push({ fault: { kind: "latency", ms: 2_000 } });
      const controller = new AbortController();
      const pending = call(controller.signal);
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toThrow(/aborted/);
    }
  });
});
