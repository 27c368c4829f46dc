import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPartooClient } from "../../src/index.js";

const PAGE = JSON.stringify({ page: 1, max_page: 1, count: 1, items: [{ id: 1, url: "https://e.com/h" }] });
let baseUrl = "";
/** Answers without a Content-Length (chunked), as real APIs do: the case openapi-fetch parses itself. */
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.write(PAGE.slice(0, 10));
  res.end(PAGE.slice(10));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a successful answer is parsed once", () => {
  it("one JSON.parse of the body for a chunked answer, shared with openapi-fetch", async () => {
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl });
    await partoo.GET("/webhooks"); // warm-up: module-level parsing happens once
    const parse = vi.spyOn(JSON, "parse");
    try {
      const { data, response } = await partoo.GET("/webhooks");
      const ofBody = parse.mock.calls.filter(([text]) => text === PAGE);
      // Before: the transport parsed to check, then openapi-fetch parsed the same text again.
      expect(ofBody).toHaveLength(1);
      expect(data).toEqual(JSON.parse(PAGE));
      expect(response.url).toBe(`${baseUrl}/webhooks`);
      expect(response.headers.get("content-length")).toBe(String(PAGE.length));
    } finally {
      parse.mockRestore();
    }
  });
});
