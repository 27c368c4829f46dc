/**
 * Without middleware the client builds no Request per call (PlainRequest); with middleware, each
 * middleware is handed a real Request and may replace it. Both must put the same request on the
 * wire, and refuse what a Request refuses.
 */

import type { Middleware } from "openapi-fetch";
import { beforeAll, describe, expect, it } from "vitest";
import { createPartooClient } from "../../src/index.js";
import { PlainRequest } from "../../src/internal/plain-request.js";
import { useReceiver } from "../helpers.js";

const receiver = useReceiver();
receiver.answer = JSON.stringify({ id: 1, items: [], count: 0, page: 1, max_page: 1 });
const seen = receiver.received;
let baseUrl = "";
beforeAll(() => {
  baseUrl = receiver.url.replace(/\/hook$/, "/v2");
});

const BODY = { items: [{ url: "https://example.com/h", event_type: "lead_received" as const }] };
const noop: Middleware = { onRequest: () => undefined };

/** What reached the server for one GET and one POST, the parts a client decides. */
async function wireOf(partoo: ReturnType<typeof createPartooClient>) {
  seen.length = 0;
  await partoo.GET("/webhooks", { params: { query: { org_id: 7, page: 2 } } });
  await partoo.POST("/webhooks", { body: BODY, headers: { "X-Extra": "yes" } });
  return seen.map(({ method, url, headers, body }) => ({
    method,
    url,
    body,
    key: headers["x-apikey"],
    type: headers["content-type"],
    extra: headers["x-extra"],
    length: headers["content-length"],
  }));
}

describe("requests with and without middleware", () => {
  it("put the same method, URL, headers and body on the wire", async () => {
    const plain = await wireOf(createPartooClient({ apiKey: "k-plain", baseUrl }));
    const withMiddleware = createPartooClient({ apiKey: "k-plain", baseUrl });
    withMiddleware.use(noop);
    expect(await wireOf(withMiddleware)).toEqual(plain);
    expect(plain).toEqual([
      {
        method: "GET",
        url: "/v2/webhooks?org_id=7&page=2",
        body: "",
        key: "k-plain",
        type: undefined,
        extra: undefined,
        length: undefined,
      },
      {
        method: "POST",
        url: "/v2/webhooks",
        body: JSON.stringify(BODY),
        key: "k-plain",
        type: "application/json",
        extra: "yes",
        length: String(JSON.stringify(BODY).length),
      },
    ]);
  });

  it("middleware registered with use() is handed a real Request, and what it changes is sent", async () => {
    const partoo = createPartooClient({ apiKey: "k-mw", baseUrl });
    const handed: unknown[] = [];
    partoo.use({
      onRequest({ request }) {
        handed.push(request);
        request.headers.set("X-Trace", "t-1");
      },
    });
    seen.length = 0;
    const { data } = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
    expect(data).toMatchObject({ id: 1 });
    expect(handed).toHaveLength(1);
    expect(handed[0]).toBeInstanceOf(Request);
    expect(seen[0]?.headers["x-trace"]).toBe("t-1");
  });

  it("middleware may return a new Request, and that one is sent", async () => {
    const partoo = createPartooClient({ apiKey: "k-mw", baseUrl });
    partoo.use({
      onRequest: ({ request }) => new Request(request.url.replace("/webhooks/1", "/webhooks/2"), request),
    });
    seen.length = 0;
    await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
    expect(seen[0]?.url).toBe("/v2/webhooks/2");
    expect(seen[0]?.headers["x-apikey"]).toBe("k-mw");
  });

  it("a call's own middleware is handed a real Request too", async () => {
    const partoo = createPartooClient({ apiKey: "k-mw", baseUrl });
    const handed: unknown[] = [];
    seen.length = 0;
    await partoo.GET("/webhooks/{webhook_id}", {
      params: { path: { webhook_id: 1 } },
      middleware: [{ onRequest: ({ request }) => void handed.push(request) }],
    });
    expect(handed[0]).toBeInstanceOf(Request);
    expect(seen).toHaveLength(1);
  });

  it("a FormData body, or one from a call's own bodySerializer, goes through a real Request and arrives whole", async () => {
    const partoo = createPartooClient({ apiKey: "k", baseUrl, validateRequests: false });
    const post = partoo.POST as unknown as (p: string, i: object) => Promise<unknown>;
    const form = new FormData();
    form.set("field", "value-1");
    seen.length = 0;
    await post("/webhooks", { body: form });
    await post("/webhooks", { body: { a: 1 }, bodySerializer: () => new URLSearchParams({ a: "2" }) });
    expect(seen[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).toContain("value-1");
    expect(seen[1]?.body).toBe("a=2");
  });

  it("errors spell the URL as a Request would (lowercase scheme and host, no default port)", async () => {
    const partoo = createPartooClient({
      apiKey: "k",
      baseUrl: "HTTPS://API.Example.COM:443/v2/",
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const error = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } }).catch(String);
    expect(error).toContain("GET https://api.example.com/v2/webhooks/1 failed after 1 attempt(s)");
  });

  it("a body on a GET is refused as a Request refuses it, with or without middleware, and nothing is sent", async () => {
    const refusal = async (partoo: ReturnType<typeof createPartooClient>, method = "get") => {
      const request = partoo.request as unknown as (m: string, p: string, i: object) => Promise<unknown>;
      return request(method, "/webhooks", { body: { x: 1 } }).catch((e: unknown) => e);
    };
    seen.length = 0;
    const plain = await refusal(createPartooClient({ apiKey: "k", baseUrl, validateRequests: false }));
    const real = createPartooClient({ apiKey: "k", baseUrl, validateRequests: false });
    real.use(noop);
    const withMiddleware = await refusal(real);
    expect(plain).toBeInstanceOf(TypeError);
    expect(withMiddleware).toBeInstanceOf(TypeError);
    expect(String(plain)).toMatch(/GET.*cannot have body/);
    const head = await refusal(createPartooClient({ apiKey: "k", baseUrl, validateRequests: false }), "head");
    expect(String(head)).toMatch(/^TypeError: Request with HEAD method cannot have body/);
    expect(seen).toHaveLength(0);
  });

  it("no Request is built per call without middleware; one is with it", async () => {
    let built = 0;
    const RealRequest = globalThis.Request;
    globalThis.Request = class extends RealRequest {
      constructor(...args: ConstructorParameters<typeof Request>) {
        super(...args);
        built++;
      }
    };
    try {
      const fetch = (async () =>
        new Response(JSON.stringify({ id: 1 }), {
          headers: { "content-type": "application/json" },
        })) as typeof globalThis.fetch;
      const partoo = createPartooClient({ apiKey: "k", baseUrl, fetch });
      const form = new FormData();
      await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
      await partoo.POST("/webhooks", { body: BODY });
      await partoo.GET("/webhooks"); // no init at all
      await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } }, middleware: [] });
      expect(built).toBe(0);
      const unvalidated = createPartooClient({ apiKey: "k", baseUrl, fetch, validateRequests: false });
      const post = unvalidated.POST as unknown as (p: string, i: object) => Promise<unknown>;
      await post("/webhooks", { body: form });
      expect(built).toBe(1);
      partoo.use(noop);
      await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
      expect(built).toBe(2);
    } finally {
      globalThis.Request = RealRequest;
    }
  });
});

describe("PlainRequest on its own", () => {
  it("defaults to GET, as a Request does, and takes only a string body", () => {
    const headers = new Headers();
    expect(new PlainRequest("https://a.example/x", { headers }).method).toBe("GET");
    expect(() => new PlainRequest("https://a.example/x", { method: "POST", headers, body: new Blob(["x"]) })).toThrow(
      /^PlainRequest takes a string body only/,
    );
  });
});
