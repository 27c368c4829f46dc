import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooPaginationError, paginate } from "../src/index.js";
import { ORG1_KEY, ORG2_KEY, PROVIDER_KEY, useSandbox } from "./helpers.js";

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
