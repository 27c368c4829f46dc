/**
 * What the attempt machinery gives back: an already-aborted signal sends nothing, and once a
 * request settles no abort listener stays on the caller's signals and no timer stays armed.
 */

import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooAbortError } from "../../src/index.js";
import { createTransport } from "../../src/internal/transport.js";
import { armedTimers } from "../helpers.js";

let received = 0;
let baseUrl = "";
const server = createServer((req, res) => {
  received++;
  req.resume();
  const status = req.url?.includes("/webhooks/503") ? 503 : 200;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ id: 1 }));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (partoo: ReturnType<typeof createPartooClient>, id: number, signal?: AbortSignal) =>
  partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, ...(signal ? { signal } : {}) });

describe("the attempt machinery releases what it takes", () => {
  it("a call whose signal is already aborted sends nothing and is a PartooAbortError", async () => {
    const before = received;
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl });
    const error = await get(partoo, 1, AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooAbortError);
    expect(received).toBe(before);
  });

  it("a client whose signal is already aborted sends nothing either", async () => {
    const before = received;
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl, signal: AbortSignal.abort() });
    await expect(get(partoo, 1)).rejects.toBeInstanceOf(PartooAbortError);
    expect(received).toBe(before);
  });

  it("no abort listener stays on the client's signal once requests settle, retries included", async () => {
    const clientSignal = new AbortController().signal;
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl, signal: clientSignal, retry: { baseDelayMs: 1 } });
    await Promise.all([get(partoo, 1), get(partoo, 2), get(partoo, 503)]);
    expect(getEventListeners(clientSignal, "abort")).toHaveLength(0);
  });

  it("no abort listener stays on a request's signal once it settles, retries included", async () => {
    // The transport itself: the signal it listens to is the Request's own (the caller's signal is
    // followed by the Request, which undici releases only at garbage collection).
    const send = createTransport({ fetch, secrets: [], baseDelayMs: 1 });
    const requests = [1, 2, 503].map(
      (id) => new Request(`${baseUrl}/webhooks/${id}`, { signal: new AbortController().signal }),
    );
    await Promise.all(requests.map((r) => send(r)));
    for (const r of requests) expect(getEventListeners(r.signal, "abort")).toHaveLength(0);
  });

  it("no timer stays armed once requests settle, retries and backoff waits included", async () => {
    const partoo = createPartooClient({
      apiKey: "k-123456",
      baseUrl,
      timeoutMs: 600_000,
      retry: { baseDelayMs: 1 },
      signal: new AbortController().signal,
    });
    const before = armedTimers();
    await Promise.all([get(partoo, 1), get(partoo, 503), get(partoo, 2, new AbortController().signal)]);
    // At most as many as before: the runner's own timers may come and go meanwhile; a leak adds
    // one 600 s deadline per attempt.
    expect(armedTimers()).toBeLessThanOrEqual(before);
  });
});
