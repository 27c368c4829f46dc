/**
 * When paginate stops, against a scripted server whose pages say exactly what each case needs:
 * each stop condition pinned by the number of requests made and the items yielded.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooPaginationError, paginate } from "../../src/index.js";

type Page = { items: { id: number }[]; max_page?: number };
/** The pages the server serves, by page number; any other page is empty. */
let pages: Record<number, Page> = {};
let requested: number[] = [];
const server = createServer((req, res) => {
  const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page"));
  requested.push(page);
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(pages[page] ?? { items: [] }));
});
let partoo: ReturnType<typeof createPartooClient>;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  partoo = createPartooClient({
    apiKey: "k-123456",
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const items = (...ids: number[]) => ids.map((id) => ({ id }));
async function walk(query: { per_page?: number; page?: number } = {}, concurrency = 1): Promise<number[]> {
  requested = [];
  const ids: number[] = [];
  for await (const w of paginate(partoo, "/webhooks", query, { concurrency })) ids.push(w.id);
  return ids;
}

describe("paginate stops", () => {
  it("at max_page, even when the server would serve more", async () => {
    pages = { 1: { items: items(1, 2), max_page: 2 }, 2: { items: items(3, 4), max_page: 2 }, 3: { items: items(5) } };
    expect(await walk({ per_page: 2 })).toEqual([1, 2, 3, 4]);
    expect(requested).toEqual([1, 2]);
  });

  it("at a page shorter than per_page when the server omits max_page", async () => {
    pages = { 1: { items: items(1, 2) }, 2: { items: items(3) }, 3: { items: items(9, 9) } };
    expect(await walk({ per_page: 2 })).toEqual([1, 2, 3]);
    expect(requested).toEqual([1, 2]);
  });

  it("at the first empty page when neither max_page nor per_page tells the end", async () => {
    pages = { 1: { items: items(1) }, 2: { items: items(2) } };
    expect(await walk()).toEqual([1, 2]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("at an empty page after full ones", async () => {
    pages = { 1: { items: items(1, 2) }, 2: { items: items(3, 4) } };
    expect(await walk({ per_page: 2 })).toEqual([1, 2, 3, 4]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("after the first page when it is the last (max_page 1), with concurrency too", async () => {
    pages = { 1: { items: items(1), max_page: 1 } };
    expect(await walk({}, 4)).toEqual([1]);
    expect(requested).toEqual([1]);
  });

  it("at an empty page in the middle of a concurrent walk, yielding nothing after it", async () => {
    pages = {
      1: { items: items(1), max_page: 5 },
      2: { items: items(2), max_page: 5 },
      4: { items: items(4), max_page: 5 },
    };
    expect(await walk({}, 2)).toEqual([1, 2]);
  });

  it("starts at page 1 when asked for page 0 or below", async () => {
    pages = { 1: { items: items(1), max_page: 1 } };
    expect(await walk({ page: 0 })).toEqual([1]);
    expect(requested).toEqual([1]);
    expect(await walk({ page: -3 })).toEqual([1]);
  });

  it("walks sequentially without max_page whatever the concurrency: the end is unknown", async () => {
    pages = { 1: { items: items(1) }, 2: { items: items(2) } };
    expect(await walk({}, 8)).toEqual([1, 2]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("with PartooPaginationError on a repeated page in a concurrent walk too", async () => {
    pages = { 1: { items: items(1, 2), max_page: 3 }, 2: { items: items(1, 2), max_page: 3 }, 3: { items: items(5) } };
    await expect(walk({}, 3)).rejects.toBeInstanceOf(PartooPaginationError);
  });
});

describe("paginate's concurrent walk", () => {
  it("fetches up to and including max_page, in page order", async () => {
    pages = {
      1: { items: items(1), max_page: 3 },
      2: { items: items(2), max_page: 3 },
      3: { items: items(3), max_page: 3 },
      4: { items: items(4), max_page: 3 },
    };
    expect(await walk({}, 2)).toEqual([1, 2, 3]);
    expect(requested.sort()).toEqual([1, 2, 3]);
  });

  it("accepts the largest concurrency, 32, and refuses 33", async () => {
    pages = { 1: { items: items(1), max_page: 1 } };
    expect(await walk({}, 32)).toEqual([1]);
    await expect(walk({}, 33)).rejects.toThrow("concurrency must be a whole number from 1 to 32, got 33");
  });

  it("treats a page with no items list as empty: the walk ends there", async () => {
    pages = { 1: { items: items(1, 2) }, 2: {} as Page };
    expect(await walk({ per_page: 2 })).toEqual([1, 2]);
    expect(requested).toEqual([1, 2]);
  });
});
