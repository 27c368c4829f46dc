import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Caller, CallFailed } from "../../contracts/suite/caller.js";
import { createPartooClient, PartooRedirectError } from "../../src/index.js";
import { type Hostile, startHostile } from "./hostile.js";

const API_KEY = "redirect-test-api-key-5e0b";
const HEADER_VALUE = "redirect-test-header-secret-91aa";
const STATUSES = [301, 302, 307, 308] as const;
const METHODS = ["GET", "POST"] as const;
const createBody = {
  items: [
    { url: "https://e.com/h", event_type: "lead_received" as const, custom_headers: { "X-Token": HEADER_VALUE } },
  ],
};

/** Where the key must never arrive: a second origin that records everything it receives. */
let other: Hostile;
/** The "API": redirects its first hop to `other` (cross) or to itself (same), then answers 200. */
let api: Hostile;
let redirect = { status: 302, cross: true };

beforeAll(async () => {
  other = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"items":[]}'),
  );
  api = await startHostile((req, res) => {
    if (req.url?.startsWith("/v2/moved")) {
      res.writeHead(200, { "content-type": "application/json" }).end('{"items":[]}');
      return;
    }
    const target = `${redirect.cross ? other.origin : ""}/v2/moved${req.url?.slice(3)}`;
    res.writeHead(redirect.status, { location: target }).end();
  });
});
afterAll(async () => {
  await api.close();
  await other.close();
});

/** Everything `other` received that carries a secret, in any header or the body. */
const leaked = () =>
  other.seen.filter((s) => JSON.stringify(s.headers).includes(API_KEY) || s.body.includes(HEADER_VALUE)).length;

describe("the client never sends the key or a body to another origin", () => {
  for (const status of STATUSES) {
    for (const method of METHODS) {
      it(`${status} ${method} to another origin: PartooRedirectError naming the origin only, nothing sent there`, async () => {
        redirect = { status, cross: true };
        other.seen.length = 0;
        const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: `${api.origin}/v2`, maxRetries: 0 });
        const call =
          method === "GET"
            ? partoo.GET("/webhooks", { params: { query: { page: 1 } } })
            : partoo.POST("/webhooks", { body: createBody });
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(PartooRedirectError);
        const redirectError = error as PartooRedirectError;
        expect(redirectError.status).toBe(status);
        expect(redirectError.targetOrigin).toBe(other.origin);
        expect(redirectError.message).toContain(other.origin);
        expect(redirectError.message).not.toContain("/moved");
        expect(other.seen).toHaveLength(0);
        expect(leaked()).toBe(0);
      });

      const followed = method === "GET" || status === 307 || status === 308;
      it(`${status} ${method} within the API's origin: ${followed ? "followed, method and body kept" : "refused, since following would turn the POST into a GET"}`, async () => {
        redirect = { status, cross: false };
        api.seen.length = 0;
        const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: `${api.origin}/v2`, maxRetries: 0 });
        const call = method === "GET" ? partoo.GET("/webhooks") : partoo.POST("/webhooks", { body: createBody });
        if (followed) {
          const { data } = await call;
          expect(data).toEqual({ items: [] });
          const hop = api.seen.at(-1);
          expect(hop?.url).toMatch(/^\/v2\/moved\/webhooks/);
          expect(hop?.method).toBe(method);
          if (method === "POST") expect(hop?.body).toContain(HEADER_VALUE);
        } else {
          await expect(call).rejects.toBeInstanceOf(PartooRedirectError);
          expect(api.seen).toHaveLength(1);
        }
      });
    }
  }

  it("follows a bounded number of same-origin hops, then refuses", async () => {
    const loop = await startHostile((req, res) => res.writeHead(307, { location: req.url ?? "/" }).end());
    try {
      const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: `${loop.origin}/v2`, maxRetries: 0 });
      const error = await partoo.GET("/webhooks").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartooRedirectError);
      expect((error as Error).message).toMatch(/too many redirects/);
      expect(loop.seen.length).toBe(6); // the request, then 5 hops
    } finally {
      await loop.close();
    }
  });
});

describe("the contract suite's caller follows the same policy", () => {
  for (const status of STATUSES) {
    for (const method of METHODS) {
      it(`${status} ${method} to another origin: the call fails naming the origin, nothing sent there`, async () => {
        redirect = { status, cross: true };
        other.seen.length = 0;
        const caller = new Caller({ baseUrl: `${api.origin}/v2`, apiKey: API_KEY, timeoutMs: 5_000, maxRequests: 10 });
        const call = method === "GET" ? { method, path: "/webhooks" } : { method, path: "/webhooks", json: createBody };
        const error = await caller.send(call).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CallFailed);
        expect((error as Error).message).toContain(other.origin);
        expect((error as Error).message).not.toContain("/moved");
        expect(other.seen).toHaveLength(0);
        expect(leaked()).toBe(0);
      });
    }
  }
});
