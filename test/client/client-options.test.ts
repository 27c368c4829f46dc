/**
 * createPartooClient's options: each refused value with the line that says which option and what
 * it takes, the bounds themselves accepted, and the base URL rules. Plus `request()`, the
 * method-as-argument door, going through the same checks as GET and POST.
 */
import { describe, expect, it } from "vitest";
import { servers } from "../../generated/operations.js";
import { checkBaseUrl, environmentUrl } from "../../src/environments.js";
import { createPartooClient, type PartooClientOptions, PartooValidationError, unwrap } from "../../src/index.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

const MAX_TIMER_MS = 2 ** 31 - 1;
const make = (options: Partial<PartooClientOptions>) => () =>
  createPartooClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9/v2", ...options } as PartooClientOptions);

describe("refused options, one line each", () => {
  it.each([
    [{ apiKey: "   " }, "apiKey is required: a non-empty string (your Partoo API key) or a function that returns one"],
    [{ apiKey: 42 }, "apiKey is required: a non-empty string (your Partoo API key) or a function that returns one"],
    [{ validateResponses: "loud" }, 'validateResponses must be "off", "warn" or "throw", got "loud"'],
    [{ onSpecViolation: "log" }, "onSpecViolation must be a function"],
    [{ orgId: 1.5 }, "orgId must be an integer, got 1.5"],
    [{ orgId: "2" }, 'orgId must be an integer, got "2"'],
    [{ timeoutMs: 0 }, `timeoutMs must be a whole number from 1 to ${MAX_TIMER_MS}, got 0`],
    [
      { timeoutMs: MAX_TIMER_MS + 1 },
      `timeoutMs must be a whole number from 1 to ${MAX_TIMER_MS}, got ${MAX_TIMER_MS + 1}`,
    ],
    [{ maxRetries: 11 }, "maxRetries must be a whole number from 0 to 10, got 11"],
    [
      { maxResponseBytes: 0.5 },
      `maxResponseBytes must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got 0.5`,
    ],
    [{ retry: { baseDelayMs: -1 } }, `retry.baseDelayMs must be a whole number from 0 to ${MAX_TIMER_MS}, got -1`],
    [{ retry: { maxDelayMs: -1 } }, `retry.maxDelayMs must be a whole number from 0 to ${MAX_TIMER_MS}, got -1`],
    [
      { retry: { maxRetryAfterMs: -1 } },
      `retry.maxRetryAfterMs must be a whole number from 0 to ${MAX_TIMER_MS}, got -1`,
    ],
  ])("%j", (options, message) => {
    expect(make(options as Partial<PartooClientOptions>)).toThrow(new TypeError(message));
  });

  it("accepts every bound itself, and each response mode", () => {
    for (const options of [
      { timeoutMs: 1 },
      { timeoutMs: MAX_TIMER_MS },
      { maxRetries: 0 },
      { maxRetries: 10 },
      { retry: { baseDelayMs: 0, maxDelayMs: MAX_TIMER_MS, maxRetryAfterMs: 0 } },
      { validateResponses: "off" },
      { validateResponses: "warn" },
      { validateResponses: "throw" },
      { onSpecViolation: () => {} },
      { orgId: 3 },
      { apiKey: () => "k" },
    ] as Partial<PartooClientOptions>[]) {
      expect(make(options)).not.toThrow();
    }
  });
});

describe("base URLs", () => {
  it("refuses credentials, a query (even an empty one) and a fragment (even an empty one), never echoing the URL", () => {
    const cases: [string, string][] = [
      ["https://user:pw@api.example.com/v2", "baseUrl must not hold credentials"],
      ["https://user@api.example.com/v2", "baseUrl must not hold credentials"],
      ["https://:pw@api.example.com/v2", "baseUrl must not hold credentials"],
      ["https://api.example.com/v2?x=1", "baseUrl must not have a query (?…): operations add their own"],
      ["https://api.example.com/v2?", "baseUrl must not have a query (?…): operations add their own"],
      ["https://api.example.com/v2#x", "baseUrl must not have a fragment (#…)"],
      ["https://api.example.com/v2#", "baseUrl must not have a fragment (#…)"],
      ["ftp://api.example.com/v2", "baseUrl must be http: or https:, got ftp:"],
    ];
    for (const [url, message] of cases) {
      expect(() => checkBaseUrl(url)).toThrow(message);
      try {
        checkBaseUrl(url);
      } catch (error) {
        expect((error as Error).message).not.toContain("pw");
      }
    }
    expect(() => checkBaseUrl("not a url, pw", "PARTOO_BASE_URL")).toThrow(
      new TypeError(`PARTOO_BASE_URL is not an absolute URL (value not shown); expected e.g. ${servers[0]?.url}`),
    );
  });

  it("keeps the URL as given, without trailing slashes", () => {
    expect(checkBaseUrl("http://127.0.0.1:8080/v2///")).toBe("http://127.0.0.1:8080/v2");
    expect(checkBaseUrl("https://api.example.com/v2/")).toBe("https://api.example.com/v2");
    expect(checkBaseUrl("https://api.example.com/a//b")).toBe("https://api.example.com/a//b");
  });

  it("names each environment's server from the spec, and refuses an unknown one", () => {
    expect(environmentUrl("production")).toBe(servers.find((s) => /production/i.test(s.description))?.url);
    expect(environmentUrl("sandbox")).toBe(servers.find((s) => /sandbox/i.test(s.description))?.url);
    expect(() => environmentUrl("staging" as "sandbox")).toThrow(
      new TypeError('Unknown environment "staging": expected one of production, sandbox'),
    );
  });
});

describe("request(method, path): the same client by another door", () => {
  const sandbox = useSandbox({ seed: 1 });

  it("sends, answers and is checked like GET, whatever the method's case", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const page = unwrap(await partoo.request("get", "/webhooks", {}));
    expect(page.count).toBe(1);
    const refused = partoo.request("get", "/webhooks/{webhook_id}", {
      params: { path: { webhook_id: "abc" as unknown as number } },
    });
    await expect(refused).rejects.toBeInstanceOf(PartooValidationError);
    await expect(refused).rejects.toThrow(/GET \/webhooks\/\{webhook_id\}/);
  });
});
