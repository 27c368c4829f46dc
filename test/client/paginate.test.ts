import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooPaginationError, paginate } from "../../src/index.js";
import { ORG1_KEY, ORG2_KEY, PROVIDER_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const collect = async <T>(iterable: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

describe("paginate", () => {
  beforeAll(() => {
    sandbox.current.store.seed(1, 23, (i) => ({
      url: "https://hooks.example.com/seeded",
      event_type: "business_updated",
      custom_headers: { "X-Seq": String(i) },
    }));
  });

  it("yields every item of every page, in order, one request per page", async () => {
    const client = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const before = sandbox.current.requests.length;
    const items = await collect(paginate(client, "/webhooks", { per_page: 5 }));
    expect(items.map((w) => w.custom_headers?.["X-Seq"])).toEqual(Array.from({ length: 23 }, (_, i) => String(i)));
    expect(sandbox.current.requests.slice(before).map((r) => r.query.get("page"))).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("starts from the given page", async () => {
    const client = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    expect(await collect(paginate(client, "/webhooks", { per_page: 10, page: 3 }))).toHaveLength(3);
  });

  it("is empty for an organization without webhooks, after one request", async () => {
    const client = createPartooClient({ apiKey: PROVIDER_KEY, baseUrl: sandbox.current.url, orgId: 3 });
    const before = sandbox.current.requests.length;
    expect(await collect(paginate(client, "/webhooks"))).toEqual([]);
    expect(sandbox.current.requests.length - before).toBe(1);
  });

  it("throws a typed API error when a page fails", async () => {
    const client = createPartooClient({ apiKey: ORG2_KEY, baseUrl: sandbox.current.url, orgId: 1 });
    await expect(collect(paginate(client, "/webhooks"))).rejects.toThrow(/failed with 403/);
  });
});

describe("paginate against a server that repeats a page", () => {
  let url = "";
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    // Always page 1, always claiming there are 50 pages: a naive loop would never end.
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        page: 1,
        max_page: 50,
        count: 100,
        items: [
          { id: 1, url: "https://e.com", event_type: "lead_received", created_at: "", updated_at: "", org_id: 1 },
        ],
      }),
    );
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("stops with PartooPaginationError after the second request", async () => {
    const client = createPartooClient({ apiKey: "k", baseUrl: url });
    const seen: number[] = [];
    const run = async () => {
      for await (const item of paginate(client, "/webhooks")) seen.push(item.id);
    };
    await expect(run()).rejects.toThrow(PartooPaginationError);
    expect(seen).toEqual([1]);
    expect(requests).toBe(2);
  });
});

describe("paginate with concurrency", () => {
  const sandbox = useSandbox({ latencyMs: 20 });
  beforeAll(() => {
    sandbox.current.store.seed(1, 95, (i) => ({
      url: "https://hooks.example.com/c",
      event_type: "lead_received",
      custom_headers: { "X-Seq": String(i) },
    }));
  });

  it("keeps the order, fetches each page once, and is faster than one at a time", async () => {
    const client = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const started = performance.now();
    const sequential = await collect(paginate(client, "/webhooks", { per_page: 10 }));
    const sequentialMs = performance.now() - started;
    const before = sandbox.current.requests.length;
    const started2 = performance.now();
    const concurrent = await collect(paginate(client, "/webhooks", { per_page: 10 }, { concurrency: 4 }));
    const concurrentMs = performance.now() - started2;
    expect(concurrent.map((w) => w.id)).toEqual(sequential.map((w) => w.id));
    expect(concurrent).toHaveLength(95);
    expect(
      sandbox.current.requests
        .slice(before)
        .map((r) => Number(r.query.get("page")))
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(concurrentMs).toBeLessThan(sequentialMs * 0.7);
  });

  it("leaves no unhandled rejection when the caller stops while later pages fail", async () => {
    let failed = 0;
    const server = createServer((req, res) => {
      const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page"));
      const item = {
        id: page,
        url: "https://e.com",
        event_type: "lead_received",
        created_at: "",
        updated_at: "",
        org_id: 1,
      };
      if (page <= 2)
        return void res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ page, max_page: 10, items: [item] }));
      setTimeout(() => {
        failed++;
        res.writeHead(500, { "content-type": "application/json" }).end("{}");
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const client = createPartooClient({
      apiKey: "k",
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxRetries: 0,
    });
    const seen: number[] = [];
    for await (const webhook of paginate(client, "/webhooks", {}, { concurrency: 4 })) {
      seen.push(webhook.id);
      if (webhook.id === 2) break; // pages 3, 4 and 5 are in flight, and will fail
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    process.off("unhandledRejection", onUnhandled);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(seen).toEqual([1, 2]);
    expect(failed).toBe(3);
    expect(unhandled).toEqual([]);
  });
});
