/** `webhooks.list()` resolves to a page whose `items` is an array even when the answer has none. */
import { describe, expect, it } from "vitest";
import { createPartooClient } from "../../src/index.js";

const answering = (body: unknown) =>
  createPartooClient({
    apiKey: "k",
    baseUrl: "http://127.0.0.1:9/v2",
    fetch: async () => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
  });

describe("webhooks.list()", () => {
  it("gives items: [] for an answer without items, the rest of the page kept", async () => {
    const page = await answering({ page: 1, max_page: 1, count: 0 }).webhooks.list();
    expect(page).toEqual({ page: 1, max_page: 1, count: 0, items: [] });
  });

  it("keeps the items it was given", async () => {
    const item = { id: 1, url: "https://e.com/h", event_type: "lead_received" };
    const page = await answering({ page: 1, max_page: 1, count: 1, items: [item] }).webhooks.list();
    expect(page.items).toEqual([item]);
  });
});
