import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooAbortError, PartooTimeoutError } from "../../src/index.js";

/** Answers /webhooks/{id} at once, except id 1 (never answers) and id 2 (headers, then a body that stalls). */
let baseUrl = "";
const server = createServer((req, res) => {
  const id = Number(req.url?.split("?")[0]?.split("/").at(-1));
  if (id === 1) return;
  if (id === 2) {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.write('{"id": 2, ');
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const TIMEOUT_MS = 300;
const get = (partoo: ReturnType<typeof createPartooClient>, id: number, signal?: AbortSignal) =>
  partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, ...(signal ? { signal } : {}) });
/** Settles with the outcome and when, never rejects. */
const settle = async (promise: Promise<unknown>, started: number) => {
  try {
    const value = await promise;
    return { ok: true as const, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false as const, error, ms: performance.now() - started };
  }
};

describe("attempts are independent: each has its own deadline and its own signals", () => {
  it("30 concurrent requests succeed beside one hung request and one stalled body, each of which times out on its own", async () => {
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const started = performance.now();
    const [hung, stalled, ...quick] = await Promise.all(
      [1, 2, ...Array.from({ length: 30 }, (_, i) => 100 + i)].map((id) => settle(get(partoo, id), started)),
    );
    for (const [i, r] of quick.entries()) {
      expect(r.ok, `request ${i}`).toBe(true);
      expect((r as { value: { data: { id: number } } }).value.data.id).toBe(100 + i);
    }
    expect(Math.max(...quick.map((r) => r.ms))).toBeLessThan(TIMEOUT_MS);
    for (const r of [hung, stalled]) {
      expect(r?.ok).toBe(false);
      expect((r as { error: unknown }).error).toBeInstanceOf(PartooTimeoutError);
      expect(r?.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
      expect(r?.ms).toBeLessThan(TIMEOUT_MS + 700);
    }
  });

  it("a client's signal aborts only that client's requests, a call's signal only that call", async () => {
    const clientAbort = new AbortController();
    const a = createPartooClient({
      apiKey: "k-123456",
      baseUrl,
      timeoutMs: 2_000,
      maxRetries: 0,
      signal: clientAbort.signal,
    });
    const b = createPartooClient({ apiKey: "k-123456", baseUrl, timeoutMs: 800, maxRetries: 0 });
    const callAbort = new AbortController();
    const started = performance.now();
    const pending = [
      settle(get(a, 1), started),
      settle(get(a, 2), started),
      settle(get(b, 1, callAbort.signal), started),
      settle(get(b, 1), started),
      settle(get(b, 7), started),
    ];
    setTimeout(() => clientAbort.abort(), 100);
    setTimeout(() => callAbort.abort(), 200);
    const [a1, a2, bCall, bOther, bQuick] = await Promise.all(pending);
    for (const r of [a1, a2]) {
      expect((r as { error: unknown }).error).toBeInstanceOf(PartooAbortError);
      expect(r?.ms).toBeLessThan(180);
    }
    expect((bCall as { error: unknown }).error).toBeInstanceOf(PartooAbortError);
    expect(bCall?.ms).toBeGreaterThanOrEqual(190);
    expect(bCall?.ms).toBeLessThan(300);
    // Untouched by either signal: it ran to its own timeout.
    expect((bOther as { error: unknown }).error).toBeInstanceOf(PartooTimeoutError);
    expect(bOther?.ms).toBeGreaterThanOrEqual(790);
    expect(bQuick?.ok).toBe(true);
  });

  it("the process exits promptly after the last request: no timer or listener outlives it", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "test/fixtures/exit-after-requests.ts"],
      {
        timeout: 20_000,
      },
    );
    const exitedAt = Date.now();
    const { finishedAt } = JSON.parse(stdout.trim()) as { finishedAt: number };
    // A leftover 30 s attempt timer, or a backoff wait not cleared, would hold the process open.
    expect(exitedAt - finishedAt).toBeLessThan(500);
  });
});
