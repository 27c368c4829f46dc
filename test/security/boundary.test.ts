/**
 * The redaction boundary, one hostile answer per rule it enforces (the leak hunter searches them
 * all at once; these name each rule, so a regression says which).
 */
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createPartooClient,
  PartooApiError,
  PartooRedirectError,
  PartooSpecViolationError,
  type SpecViolation,
} from "../../src/index.js";
import { type Hostile, startHostile } from "./hostile.js";

const KEY = "pk_live_boundary/~key+01";
const every = (e: unknown) =>
  [String(e), (e as Error).stack, JSON.stringify(e), inspect(e, { depth: Number.POSITIVE_INFINITY })].join("\n");
const pointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

let answer: (res: ServerResponse, key: string, body: string) => void = () => {};
let server: Hostile;
beforeAll(async () => {
  server = await startHostile((req, res) => {
    const seen = server.seen.at(-1);
    answer(res, String(req.headers["x-apikey"] ?? ""), seen?.body ?? "");
  });
});
afterAll(() => server.close());
const client = (extra: Record<string, unknown> = {}) =>
  createPartooClient({ apiKey: KEY, baseUrl: `${server.origin}/v2`, maxRetries: 0, ...extra });

describe("the key as sent on the wire", () => {
  it("a key with surrounding whitespace is redacted as fetch sent it, trimmed", async () => {
    answer = (res, key) => res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ key }));
    const error = await client({ apiKey: `  ${KEY}\t ` })
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooApiError);
    expect(JSON.stringify((error as PartooApiError).body)).toBe('{"key":"[REDACTED]"}');
    expect(every(error)).not.toContain(KEY);
  });

  it("a key the callback gave earlier is still redacted when a later request's answer echoes it", async () => {
    const keys = [`${KEY}-old`, `${KEY}-new`];
    let calls = 0;
    const rotating = client({ apiKey: () => keys[Math.min(calls++, 1)] as string });
    answer = (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"id":1}');
    await rotating.webhooks.get(1);
    answer = (res) => res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ old: keys[0] }));
    const error = await rotating.webhooks.get(1).catch((e: unknown) => e);
    expect(every(error)).not.toContain("-old");
  });
});

describe("what an error answer shows", () => {
  it("its content type is redacted, in the message and the field", async () => {
    answer = (res, key) => res.writeHead(500, { "content-type": `text/html; x=${key}` }).end("<p>down</p>");
    const error = await client()
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect((error as { contentType: string }).contentType).toBe("text/html; x=[REDACTED]");
    expect(every(error)).not.toContain(KEY);
  });

  it("util.inspect and console.log show its headers only as redacted", async () => {
    answer = (res, key) =>
      res.writeHead(403, { "content-type": "application/json", "x-echo": key, [`x-${pointer(key)}`]: "1" }).end("{}");
    const error = await client()
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect((error as PartooApiError).headers.get("x-echo")).toBe("[REDACTED]");
    const logged: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logged.push(inspect(a[0])));
    console.log(error);
    log.mockRestore();
    expect(logged.join("")).toContain("x-echo");
    for (const text of [every(error), logged.join("")]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(pointer(KEY).toLowerCase());
    }
  });

  it("a UTF-16 error body is decoded by its charset and redacted", async () => {
    answer = (res, key) =>
      res
        .writeHead(400, { "content-type": "application/json; charset=utf-16le" })
        .end(Buffer.from(JSON.stringify({ message: `bad key ${key}` }), "utf16le"));
    const error = await client()
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect((error as PartooApiError).body).toEqual({ message: "bad key [REDACTED]" });
    for (const spelling of [KEY, [...KEY].join("\0"), [...KEY].join("\\u0000")])
      expect(every(error)).not.toContain(spelling);
  });

  it("a short header value is redacted where an echo of the request holds it", async () => {
    answer = (res, _key, body) =>
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ errors: { json: JSON.parse(body) } }));
    const error = await client({ validateRequests: false })
      .webhooks.create({
        url: "https://hooks.example.com/x",
        event_type: "lead_received",
        custom_headers: { "X-Short": "Qz9" },
      })
      .catch((e: unknown) => e);
    expect(every(error)).not.toContain('"Qz9"');
    expect(JSON.stringify((error as PartooApiError).body)).toContain('"X-Short":"[REDACTED]"');
  });

  it("a redirect to a URL holding credentials is refused, and never quotes them", async () => {
    answer = (res) => res.writeHead(302, { location: `${server.origin.replace("//", "//admin:hunter2-pw@")}/x` }).end();
    const error = await client()
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooRedirectError);
    expect((error as Error).message).toMatch(/holding credentials/);
    expect(every(error)).not.toContain("hunter2");
    expect(every(error)).not.toContain("admin");
  });

  it("a cause that quotes a key is replaced by a redacted copy, in the message and the chain", async () => {
    // The callback gives a key once, then fails with an error quoting it (a vault saying what it refused).
    let calls = 0;
    const partoo = client({
      apiKey: () => {
        if (calls++ === 0) return KEY;
        throw new Error(`vault will not rotate ${KEY}`, { cause: new Error(`lease of ${KEY} expired`) });
      },
    });
    answer = (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"id":1}');
    await partoo.webhooks.get(1);
    const error = await partoo.webhooks.get(1).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/apiKey callback failed: vault will not rotate \[REDACTED\]/);
    expect(((error as Error).cause as Error).message).toBe("vault will not rotate [REDACTED]");
    expect(every(error)).not.toContain(KEY);
  });
});

describe("findings from a 2xx body", () => {
  const hook = (names: string[]) => ({
    id: 1,
    url: "https://hooks.example.com/x",
    event_type: "lead_received",
    custom_headers: Object.fromEntries(names.map((n) => [n, "v"])),
    ...Object.fromEntries(names.map((n) => [n, 1])),
  });

  it("warn, onSpecViolation and throw never spell the key, raw, JSON-quoted or as a pointer token", async () => {
    answer = (res, key) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(hook([key])));
    const warned: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void warned.push(a.join(" ")));
    await client({ validateResponses: "warn" }).webhooks.get(1);
    warn.mockRestore();
    const seen: SpecViolation[] = [];
    await client({ validateResponses: "warn", onSpecViolation: (v: SpecViolation) => seen.push(v) }).webhooks.get(1);
    const thrown = await client({ validateResponses: "throw" })
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PartooSpecViolationError);
    expect(warned.length).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    const shown = [
      warned.join("\n"),
      inspect(
        seen.map((v) => v.findings),
        { depth: 9 },
      ),
      every(thrown),
    ].join("\n");
    expect(shown).toContain("[REDACTED]");
    for (const spelling of [KEY, JSON.stringify(KEY).slice(1, -1), pointer(KEY)]) expect(shown).not.toContain(spelling);
  });

  it("a 6 MB header name makes a message of kilobytes, not megabytes", async () => {
    const huge = `X-${"a".repeat(6 * 1024 * 1024)}`;
    answer = (res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(hook([huge])));
    const thrown = await client({ validateResponses: "throw", maxResponseBytes: 32 * 1024 * 1024 })
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(PartooSpecViolationError);
    expect((thrown as Error).message.length).toBeLessThan(20_000);
    expect(JSON.stringify((thrown as PartooSpecViolationError).findings).length).toBeLessThan(40_000);
  }, 60_000);
});
