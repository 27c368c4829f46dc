/**
 * `validateResponses` against the embedded sandbox: a fault makes its answer break the spec's
 * CustomHeaders pattern (or carry a property the spec does not list), and each mode is held to
 * what it promises.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createPartooClient,
  type PartooClientOptions,
  PartooNotFoundError,
  PartooServerError,
  PartooSpecViolationError,
  type SpecViolation,
} from "../../src/index.js";
import { rateLimitedWarn, WARN_INTERVAL_MS } from "../../src/internal/response-checks.js";
import { type Sandbox, startSandbox } from "../../src/testing.js";

const SECRET = "header-secret-value-4711";
let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ apiKeys: ["key-1"] });
  const setup = createPartooClient({ apiKey: "key-1", baseUrl: sandbox.url });
  await setup.webhooks.create({
    url: "https://e.com/hook",
    event_type: "lead_received",
    custom_headers: { "X-Token": SECRET },
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  return sandbox.close();
});

const client = (options: Partial<PartooClientOptions>) =>
  createPartooClient({ apiKey: "key-1", baseUrl: sandbox.url, maxRetries: 0, ...options });
const offSpecOnce = () => sandbox.faults.push({ fault: { kind: "offSpec" } });

describe("validateResponses", () => {
  it('"throw": an answer breaking the CustomHeaders pattern is a PartooSpecViolationError with the answer', async () => {
    offSpecOnce();
    const error = await client({ validateResponses: "throw" })
      .webhooks.get(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooSpecViolationError);
    const violation = error as PartooSpecViolationError;
    expect(violation.operation).toBe("GET /webhooks/{webhook_id}");
    expect(violation.status).toBe(200);
    expect(violation.response.status).toBe(200);
    expect(violation.findings.map((f) => f.instancePath)).toContain("/custom_headers");
    expect(violation.message).toMatch(/GET \/webhooks\/\{webhook_id\} answered 200 .*\n {2}- \/custom_headers/);
    // The rule and the header's name, never a value from the body.
    expect(`${violation.message}${JSON.stringify(violation.findings)}`).not.toContain(SECRET);
  });

  it('"throw" checks list pages and creates too, and lets a conforming answer through', async () => {
    const strict = client({ validateResponses: "throw" });
    expect(await strict.webhooks.get(1)).toMatchObject({ id: 1 });
    offSpecOnce();
    await expect(strict.webhooks.list()).rejects.toBeInstanceOf(PartooSpecViolationError);
    offSpecOnce();
    await expect(strict.webhooks.create({ url: "https://e.com/b", event_type: "business_created" })).rejects.toThrow(
      /POST \/webhooks answered 200/,
    );
  });

  it('"warn": the call succeeds and onSpecViolation gets the violation', async () => {
    const seen: SpecViolation[] = [];
    offSpecOnce();
    const webhook = await client({ validateResponses: "warn", onSpecViolation: (v) => seen.push(v) }).webhooks.get(1);
    expect(webhook.custom_headers).toHaveProperty("X-Partoo-Injected");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: "violation", operation: "GET /webhooks/{webhook_id}", status: 200 });
    expect(seen[0]?.response).toBeInstanceOf(Response);
  });

  it('"warn" by default: one console.warn per operation and rule, then quiet, never a value', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const warned = client({ validateResponses: "warn" });
    offSpecOnce();
    await warned.webhooks.get(1);
    offSpecOnce();
    await warned.webhooks.get(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /^partoo-client: GET \/webhooks\/\{webhook_id\} answered 200 .*\/custom_headers/,
    );
    expect(String(warn.mock.calls[0]?.[0])).not.toContain(SECRET);
    // Another operation breaking the same rule is its own line.
    offSpecOnce();
    await warned.webhooks.list();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it("the default hook speaks again for a rule once its minute is over", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let now = 0;
    const report = rateLimitedWarn(() => now);
    const violation: SpecViolation = {
      kind: "violation",
      operation: "GET /webhooks",
      status: 200,
      findings: [{ instancePath: "/items/0/custom_headers", keyword: "propertyNames", message: "bad name" }],
      response: new Response(null),
    };
    report(violation);
    now = WARN_INTERVAL_MS - 1;
    report(violation);
    expect(warn).toHaveBeenCalledTimes(1);
    now = WARN_INTERVAL_MS;
    report(violation);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('undocumented properties are reported apart and never thrown, even in "throw" mode', async () => {
    const seen: SpecViolation[] = [];
    sandbox.faults.push({ fault: { kind: "undocumentedProperty" } });
    const webhook = await client({ validateResponses: "throw", onSpecViolation: (v) => seen.push(v) }).webhooks.get(1);
    expect(webhook).toMatchObject({ id: 1 });
    expect(seen).toEqual([
      expect.objectContaining({
        kind: "undocumented",
        findings: [{ instancePath: "/partoo_internal_flag", keyword: "undocumented", message: "is not in the spec" }],
      }),
    ]);
  });

  it('"off" (the default) checks nothing', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    offSpecOnce();
    expect(await client({}).webhooks.get(1)).toHaveProperty("custom_headers.X-Partoo-Injected");
    expect(warn).not.toHaveBeenCalled();
  });

  it("a documented error status whose body breaks its schema is a violation too", async () => {
    const hostile = client({
      validateResponses: "throw",
      fetch: async () =>
        new Response(JSON.stringify({ errors: "not an object" }), {
          status: 404,
          headers: { "content-type": "application/json" },
        }),
    });
    const error = await hostile.webhooks.get(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooSpecViolationError);
    expect((error as PartooSpecViolationError).status).toBe(404);
  });

  it("a documented error whose body conforms is the typed API error, checked on its body", async () => {
    await expect(client({ validateResponses: "throw" }).webhooks.get(999)).rejects.toBeInstanceOf(PartooNotFoundError);
  });

  it("an error status the spec does not document is left to the typed API errors", async () => {
    sandbox.faults.push({ fault: { kind: "status", status: 500 } });
    await expect(client({ validateResponses: "throw" }).webhooks.get(1)).rejects.toBeInstanceOf(PartooServerError);
  });

  it("refuses a mode it does not know, in one line", () => {
    expect(() => client({ validateResponses: "strict" as "throw" })).toThrow(
      'validateResponses must be "off", "warn" or "throw", got "strict"',
    );
  });
});
