/**
 * `apiKey` as a function: resolved before every attempt, sent only to the API's origin, redacted
 * like a fixed key, and a 401 after a rotation retried once with the new key.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPartooClient, PartooAuthenticationError, PartooError, PartooServerError } from "../../src/index.js";
import { type Sandbox, startSandbox } from "../../src/testing.js";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({
    users: [
      { apiKey: "key-old", role: "ORG_ADMIN", orgIds: [1] },
      { apiKey: "key-new", role: "ORG_ADMIN", orgIds: [1] },
    ],
    seed: 1,
  });
});
afterEach(() => sandbox.close());

const keysSent = () => sandbox.requests.map((r) => r.headers["x-apikey"]);
/** A callback that gives each key of `keys` in turn, then the last one for ever. */
const sequence = (...keys: string[]) => {
  let calls = 0;
  const next = () => keys[Math.min(calls++, keys.length - 1)] as string;
  return Object.assign(next, { calls: () => calls });
};

describe("apiKey as a function", () => {
  it("is called before every attempt, and each attempt sends what it gave", async () => {
    sandbox.faults.push({ fault: { kind: "status", status: 503 } });
    const apiKey = sequence("key-old", "key-new");
    const partoo = createPartooClient({ apiKey, baseUrl: sandbox.url, retry: { baseDelayMs: 1 } });
    expect(await partoo.webhooks.get(1)).toMatchObject({ id: 1 });
    expect(keysSent()).toEqual(["key-old", "key-new"]);
    expect(apiKey.calls()).toBe(2);
  });

  it("may be async", async () => {
    const partoo = createPartooClient({ apiKey: async () => "key-new", baseUrl: sandbox.url });
    await partoo.webhooks.get(1);
    expect(keysSent()).toEqual(["key-new"]);
  });

  it("a 401 after the key changed is retried once with the new key, a POST too", async () => {
    const partoo = createPartooClient({ apiKey: sequence("revoked", "key-new"), baseUrl: sandbox.url, maxRetries: 0 });
    const [created] = await partoo.webhooks.create({ url: "https://e.com/b", event_type: "business_created" });
    expect(created).toMatchObject({ url: "https://e.com/b" });
    expect(keysSent()).toEqual(["revoked", "key-new"]);
    expect(sandbox.store.list([1])).toHaveLength(2);
  });

  it("a 401 with the same key is final: one request", async () => {
    const partoo = createPartooClient({ apiKey: () => "revoked", baseUrl: sandbox.url });
    await expect(partoo.webhooks.get(1)).rejects.toBeInstanceOf(PartooAuthenticationError);
    expect(keysSent()).toEqual(["revoked"]);
  });

  it("the 401 retry happens once, however often the key changes", async () => {
    const partoo = createPartooClient({ apiKey: sequence("bad-1", "bad-2", "bad-3"), baseUrl: sandbox.url });
    await expect(partoo.webhooks.get(1)).rejects.toBeInstanceOf(PartooAuthenticationError);
    expect(keysSent()).toEqual(["bad-1", "bad-2"]);
  });

  it("a fixed key gets no 401 retry", async () => {
    const partoo = createPartooClient({ apiKey: "revoked", baseUrl: sandbox.url });
    await expect(partoo.webhooks.get(1)).rejects.toBeInstanceOf(PartooAuthenticationError);
    expect(sandbox.requests).toHaveLength(1);
  });

  it("a callback that fails or gives no usable key stops the call before anything is sent", async () => {
    const failing = createPartooClient({
      apiKey: () => {
        throw new Error("vault unreachable");
      },
      baseUrl: sandbox.url,
    });
    const error = await failing.webhooks.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooError);
    expect(String(error)).toContain("the apiKey callback failed: vault unreachable");
    for (const bad of ["", "a\r\nb", 42]) {
      const refused = createPartooClient({ apiKey: () => bad as string, baseUrl: sandbox.url });
      await expect(refused.webhooks.get(1)).rejects.toThrow(
        "the apiKey callback must resolve to a non-empty string without CR, LF or NUL (value not shown)",
      );
    }
    expect(sandbox.requests).toHaveLength(0);
  });

  it("a key from the callback is redacted from error bodies, like a fixed one", async () => {
    const key = "rotating-secret-key-0042";
    // A hostile server that echoes the key it received into its error body.
    const server = createServer((req, res) => {
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ errors: { echo: `you sent ${req.headers["x-apikey"]}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const partoo = createPartooClient({
        apiKey: async () => key,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`,
        maxRetries: 0,
      });
      const error = (await partoo.webhooks.get(1).catch((e: unknown) => e)) as PartooServerError;
      expect(error).toBeInstanceOf(PartooServerError);
      expect(`${error.message}${JSON.stringify(error.body)}${String(error)}`).not.toContain(key);
      expect(JSON.stringify(error.body)).toContain("you sent");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("anything but a string or a function is refused at construction", () => {
    expect(() => createPartooClient({ apiKey: 42 as unknown as string })).toThrow(
      "apiKey is required: a non-empty string (your Partoo API key) or a function that returns one",
    );
  });
});
