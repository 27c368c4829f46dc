/**
 * Option bags checked at run time, as a JavaScript caller meets them: an unknown name refused
 * with the nearest known one, a wrong type refused in one line naming the option.
 */
import { describe, expect, it } from "vitest";
import { createPartooClient } from "../../src/index.js";
import { closest } from "../../src/internal/option-names.js";
import { sendTestDelivery, startSandbox } from "../../src/testing.js";

// Through `any`, as from JavaScript: the compiler would refuse every one of these.
// biome-ignore lint/suspicious/noExplicitAny: the point is the run-time check
const make = (options: any) => () => createPartooClient(options);

describe("createPartooClient refuses what a typo or a wrong type would make it ignore", () => {
  it.each([
    [{ apiKey: "k", timeout: 5 }, 'createPartooClient: unknown option "timeout" (did you mean "timeoutMs"?)'],
    [
      { apiKey: "k", baseURL: "http://127.0.0.1:9/v2" },
      'createPartooClient: unknown option "baseURL" (did you mean "baseUrl"?)',
    ],
    [{ apiKey: "k", retries: 1 }, 'createPartooClient: unknown option "retries" (did you mean "maxRetries"?)'],
    [{ apiKey: "k", maxRetry: 1 }, 'createPartooClient: unknown option "maxRetry" (did you mean "maxRetries"?)'],
    [{ api_key: "k" }, 'createPartooClient: unknown option "api_key" (did you mean "apiKey"?)'],
    [{ apiKey: "k", env: "sandbox" }, 'createPartooClient: unknown option "env" (did you mean "environment"?)'],
    [
      { apiKey: "k", zzz: 1 },
      'createPartooClient: unknown option "zzz" (known: apiKey, orgId, environment, baseUrl, fetch, validateRequests, validateResponses, onSpecViolation, maxRetries, timeoutMs, maxResponseBytes, signal, retry, allowInsecureHttp)',
    ],
    [
      { apiKey: "k", retry: { baseDelay: 1 } },
      'createPartooClient retry: unknown option "baseDelay" (did you mean "baseDelayMs"?)',
    ],
    [{ apiKey: "k", retry: 3 }, "retry must be an object, got number"],
    [{ apiKey: "k", baseUrl: 42 }, "baseUrl must be a string, got number"],
    [{ apiKey: "k", environment: ["sandbox"] }, "environment must be a string, got an array"],
    [{ apiKey: "k", fetch: "fetch" }, "fetch must be a function, got string"],
    [{ apiKey: "k", validateRequests: "no" }, "validateRequests must be a boolean, got string"],
    [{ apiKey: "k", signal: {} }, "signal must be an AbortSignal, got object"],
    ["k", "createPartooClient takes an options object ({ apiKey, … }), got string"],
  ])("%j", (options, message) => {
    expect(make(options)).toThrow(new TypeError(message));
  });

  it("every documented option is accepted together", () => {
    expect(
      make({
        apiKey: "k",
        orgId: 1,
        environment: "sandbox",
        baseUrl: "http://127.0.0.1:9/v2",
        fetch: globalThis.fetch,
        validateRequests: false,
        validateResponses: "warn",
        onSpecViolation: () => {},
        maxRetries: 0,
        timeoutMs: 5,
        maxResponseBytes: 10,
        signal: new AbortController().signal,
        retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 3 },
      }),
    ).not.toThrow();
  });

  it("suggests only what is close: a far word gets the list instead", () => {
    expect(closest("timeout", ["timeoutMs", "signal"])).toBe("timeoutMs");
    expect(closest("x", ["timeoutMs", "signal"])).toBeUndefined();
    expect(closest("signl", ["timeoutMs", "signal"])).toBe("signal");
  });
});

describe("the testing helpers' option bags", () => {
  it("startSandbox and sendTestDelivery refuse an unknown name, nothing started or sent", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: as from JavaScript
    await expect(startSandbox({ seeds: 3 } as any)).rejects.toThrow(
      new TypeError('startSandbox: unknown option "seeds" (did you mean "seed"?)'),
    );
    // biome-ignore lint/suspicious/noExplicitAny: as from JavaScript
    await expect(sendTestDelivery("lead_received", "http://127.0.0.1:9/", { timeout: 1 } as any)).rejects.toThrow(
      new TypeError('sendTestDelivery: unknown option "timeout" (did you mean "timeoutMs"?)'),
    );
  });
});
