import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/errors.js";
import {
  createPartooClient,
  PartooAbortError,
  type PartooClientOptions,
  PartooConnectionError,
  PartooResponseError,
  PartooServerError,
  PartooTimeoutError,
  unwrap,
} from "../../src/index.js";
import type { Fault } from "../../src/testing/faults.js";
import { freeLoopbackPort, hookUrl, ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const TIMEOUT_MS = 400;
const MAX_RETRIES = 2;
/** The longest any request may take: every attempt timing out, plus the capped backoffs. */
const BOUND_MS = TIMEOUT_MS * (MAX_RETRIES + 1) + 50 * MAX_RETRIES + 500;

const client = (extra: Partial<PartooClientOptions> = {}) =>
  createPartooClient({
    apiKey: ORG1_KEY,
    baseUrl: sandbox.current.url,
    timeoutMs: TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...extra,
  });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const figures: Record<string, { injected: number; recovered: number; surfaced: number; longestMs: number }> = {};
let longestFailureMs = 0;

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
  for (const [kind, n] of Object.entries(Object.fromEntries(sandbox.current.faults.injected)))
    figures[kind] = { ...(figures[kind] ?? { recovered: 0, surfaced: 0, longestMs: 0 }), injected: n };
  console.log(
    `fault injection: ${JSON.stringify(figures)}; longest failing request ${longestFailureMs} ms (bound ${BOUND_MS} ms)`,
  );
});

async function timed<T>(kind: string, run: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  const entry = figures[kind] ?? { injected: 0, recovered: 0, surfaced: 0, longestMs: 0 };
  figures[kind] = entry;
  try {
    const value = await run();
    entry.recovered++;
    return { value, ms: performance.now() - started };
  } catch (error) {
    const ms = performance.now() - started;
    entry.surfaced++;
    longestFailureMs = Math.max(longestFailureMs, Math.round(ms));
    return { error, ms };
  } finally {
    entry.longestMs = Math.max(entry.longestMs, Math.round(performance.now() - started));
  }
}

const getList = async () => unwrap(await client().GET("/webhooks"));

describe("GET recovers within the retry budget", () => {
  const recoverable: [string, Fault][] = [
    ["rateLimit", { kind: "rateLimit", retryAfter: "0" }],
    ["status", { kind: "status", status: 500 }],
    ["status", { kind: "status", status: 502, html: true }],
    ["status", { kind: "status", status: 503 }],
    ["status", { kind: "status", status: 504 }],
    ["status", { kind: "status", status: 408 }],
    ["reset", { kind: "reset" }],
    ["hang", { kind: "hang" }],
    ["latency", { kind: "latency", ms: TIMEOUT_MS + 200 }],
  ];
  for (const [kind, fault] of recoverable) {
    it(`after ${MAX_RETRIES} × ${JSON.stringify(fault)}`, async () => {
      sandbox.current.faults.push({ fault, method: "GET" }, { fault, method: "GET" });
      const { value, error, ms } = await timed(kind, getList);
      expect(error).toBeUndefined();
      expect(value?.items).toBeDefined();
      expect(ms).toBeLessThan(BOUND_MS);
      expect(sandbox.current.faults.pending).toBe(0);
    });
  }

  it("waits for a latency below the timeout without retrying", async () => {
    const before = sandbox.current.requests.length;
    sandbox.current.faults.push({ fault: { kind: "latency", ms: 100 }, method: "GET" });
    const { error } = await timed("latency", getList);
    expect(error).toBeUndefined();
    expect(sandbox.current.requests.length - before).toBe(1);
  });
});

describe("GET surfaces what outlasts the budget, typed and bounded", () => {
  it("a 503 on every attempt: PartooServerError after 3 attempts", async () => {
    const fault: Fault = { kind: "status", status: 503 };
    const before = sandbox.current.requests.length;
    sandbox.current.faults.push(...Array.from({ length: 3 }, () => ({ fault, method: "GET" })));
    const { error, ms } = await timed("status", getList);
    expect(error).toBeInstanceOf(PartooServerError);
    expect(sandbox.current.requests.length - before).toBe(3);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it("a hang on every attempt: PartooTimeoutError naming the timeout and attempts", async () => {
    sandbox.current.faults.push(
      ...Array.from({ length: 3 }, () => ({ fault: { kind: "hang" } as Fault, method: "GET" })),
    );
    const { error, ms } = await timed("hang", getList);
    expect(error).toBeInstanceOf(PartooTimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(`timed out: no complete answer within ${TIMEOUT_MS} ms \\(gave up after 3 attempt\\(s\\)\\)`),
    );
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS * 3);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it("malformed JSON: PartooResponseError with status, content type and a short snippet", async () => {
    sandbox.current.faults.push({ fault: { kind: "malformedJson" }, method: "GET" });
    const { error } = await timed("malformedJson", getList);
    expect(error).toBeInstanceOf(PartooResponseError);
    expect((error as Error).message).toMatch(
      /body is malformed JSON \(status 200, content-type application\/json\): "\{/,
    );
    expect((error as PartooResponseError).snippet.length).toBeLessThanOrEqual(80);
  });

  it("an empty 200: PartooResponseError", async () => {
    sandbox.current.faults.push({ fault: { kind: "emptyBody" }, method: "GET" });
    const { error } = await timed("emptyBody", getList);
    expect((error as Error).message).toContain("empty body where JSON was expected (status 200");
  });

  it("an HTML error page after the retries: PartooResponseError, not a SyntaxError", async () => {
    const fault: Fault = { kind: "status", status: 502, html: true };
    sandbox.current.faults.push(...Array.from({ length: 3 }, () => ({ fault, method: "GET" })));
    const { error } = await timed("status", getList);
    expect(error).toBeInstanceOf(PartooResponseError);
    expect((error as Error).message).toContain("error body is not JSON (status 502, content-type text/html)");
  });

  it("the caller's signal: PartooAbortError, at once", async () => {
    sandbox.current.faults.push({ fault: { kind: "hang" }, method: "GET" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error, ms } = await timed("hang", async () =>
      unwrap(await client().GET("/webhooks", { signal: controller.signal })),
    );
    expect(error).toBeInstanceOf(PartooAbortError);
    expect((error as Error).message).toContain("was aborted after 1 attempt(s)");
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it("the caller's signal during a backoff wait: PartooAbortError, without waiting it out", async () => {
    sandbox.current.faults.push({ fault: { kind: "rateLimit", retryAfter: "5" }, method: "GET" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await client()
      .GET("/webhooks", { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooAbortError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("maxRetries 0 turns retries off", async () => {
    const before = sandbox.current.requests.length;
    sandbox.current.faults.push({ fault: { kind: "status", status: 503 }, method: "GET" });
    const { error } = await timed("status", async () => unwrap(await client({ maxRetries: 0 }).GET("/webhooks")));
    expect(error).toBeInstanceOf(PartooServerError);
    expect(sandbox.current.requests.length - before).toBe(1);
  });
});

describe("POST never duplicates a create", () => {
  // One URL throughout: the sandbox keeps one URL per event type per organization.
  const url = hookUrl();
  const create = async () =>
    unwrap(await client().POST("/webhooks", { body: { items: [{ url, event_type: "business_deleted" }] } }));
  const countCreates = () => sandbox.current.store.size;

  it("a reset after the server acted: one webhook, one attempt, a connection error", async () => {
    const before = countCreates();
    const requests = sandbox.current.requests.length;
    sandbox.current.faults.push({ fault: { kind: "reset", when: "after" }, method: "POST" });
    const { error } = await timed("reset", create);
    expect(error).toBeInstanceOf(PartooConnectionError);
    expect(countCreates() - before).toBe(1);
    expect(sandbox.current.requests.length - requests).toBe(1);
  });

  for (const fault of [
    { kind: "status", status: 503 },
    { kind: "status", status: 500 },
    { kind: "reset" },
    { kind: "hang" },
  ] as Fault[]) {
    it(`${JSON.stringify(fault)}: not retried, nothing duplicated`, async () => {
      const before = countCreates();
      const requests = sandbox.current.requests.length;
      sandbox.current.faults.push({ fault, method: "POST" });
      const { error, ms } = await timed(fault.kind, create);
      expect(error).toBeDefined();
      expect(sandbox.current.requests.length - requests).toBe(1);
      expect(countCreates() - before).toBe(0);
      expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    });
  }

  it("a 429 is retried (the server did not act): exactly one webhook", async () => {
    const before = countCreates();
    sandbox.current.faults.push({ fault: { kind: "rateLimit", retryAfter: "0" }, method: "POST" });
    const { error } = await timed("rateLimit", create);
    expect(error).toBeUndefined();
    expect(countCreates() - before).toBe(1);
  });

  it("a refused connection is retried, then reported with the attempt count", async () => {
    const port = await freeLoopbackPort();
    const partoo = client({ baseUrl: `http://127.0.0.1:${port}/v2` });
    const { error } = await timed("refused", async () =>
      partoo.POST("/webhooks", { body: { items: [{ url: hookUrl(), event_type: "lead_received" }] } }),
    );
    expect(error).toBeInstanceOf(PartooConnectionError);
    expect((error as Error).message).toMatch(/failed after 3 attempt\(s\): ECONNREFUSED$/);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates, and ignores garbage", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(parseRetryAfter("60", now)).toBe(60_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("is honoured, and a wait above maxRetryAfterMs is not waited for", async () => {
    sandbox.current.faults.push({ fault: { kind: "rateLimit", retryAfter: "1" }, method: "GET" });
    const started = performance.now();
    await getList();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);

    const requests = sandbox.current.requests.length;
    sandbox.current.faults.push({ fault: { kind: "rateLimit", retryAfter: "3600" }, method: "GET" });
    const result = await client().GET("/webhooks");
    expect(result.response.status).toBe(429);
    expect(sandbox.current.requests.length - requests).toBe(1);
  });
});

describe("a body that stalls after the headers", () => {
  it("still times out: the attempt's timer runs until the body is read", async () => {
    const { createServer: createHttpServer } = await import("node:http");
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"items": ['); // and never the rest
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v2`;
    const started = performance.now();
    const error = await createPartooClient({ apiKey: "k", baseUrl, timeoutMs: 300, maxRetries: 0 })
      .GET("/webhooks")
      .catch((e: unknown) => e);
    const ms = performance.now() - started;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(error).toBeInstanceOf(PartooTimeoutError);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1500);
  });
});

describe("Retry-After, blank or odd", () => {
  it("a blank or whitespace value is no value: undefined, never 0 (which would mean retry at once)", () => {
    expect(parseRetryAfter("")).toBeUndefined();
    expect(parseRetryAfter("   ")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("\t7\n")).toBe(7_000);
  });

  it("only an HTTP date is a date: ISO 8601 or a bare '12-11-2026' is ignored, not read as one", () => {
    const now = Date.parse("2026-11-01T00:00:00Z");
    expect(parseRetryAfter("2026-11-01T00:00:30Z", now)).toBeUndefined();
    expect(parseRetryAfter("12-11-2026", now)).toBeUndefined();
    expect(parseRetryAfter("Sun, 01 Nov 2026 00:00:30 GMT", now)).toBe(30_000);
  });
});
