import { describe, expect, it } from "vitest";
import * as errors from "../../src/errors.js";
import {
  createPartooClient,
  PartooApiError,
  PartooNotFoundError,
  PartooRateLimitError,
  PartooServerError,
  paginate,
  unwrap,
} from "../../src/index.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();

describe("API errors carry what a caller needs to act", () => {
  it("method, full URL, headers and Retry-After on a 429", async () => {
    sandbox.current.faults.push({ fault: { kind: "rateLimit", retryAfter: "7" }, method: "GET" });
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url, maxRetries: 0 });
    const error = await partoo
      .GET("/webhooks", { params: { query: { per_page: 5 } } })
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooRateLimitError);
    const api = error as PartooApiError;
    expect(api.request).toEqual({ method: "GET", url: `${sandbox.current.url}/webhooks?per_page=5` });
    expect(api.message).toMatch(new RegExp(`^GET ${sandbox.current.url}/webhooks\\?per_page=5 failed with 429`));
    expect(api.headers.get("retry-after")).toBe("7");
    expect(api.retryAfterMs).toBe(7_000);
  });

  it("the method and URL even with a custom fetch whose Response has no URL", async () => {
    const stub: typeof fetch = async () =>
      new Response(JSON.stringify({ errors: { server: "down" } }), {
        status: 503,
        headers: { "content-type": "application/json" },
      });
    const partoo = createPartooClient({
      apiKey: "k-123456",
      baseUrl: "https://api.example.test/v2",
      fetch: stub,
      maxRetries: 0,
    });
    const error = await partoo
      .GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 3 } } })
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooServerError);
    expect((error as Error).message).toBe(
      'GET https://api.example.test/v2/webhooks/3 failed with 503: {"errors":{"server":"down"}}',
    );
    expect((error as PartooApiError).retryAfterMs).toBeUndefined();
  });

  it("paginate's errors name the page's request", async () => {
    const partoo = createPartooClient({ apiKey: "wrong-key-123", baseUrl: sandbox.current.url, maxRetries: 0 });
    const error = await (async () => {
      for await (const _ of paginate(partoo, "/webhooks")) {
        // nothing: the first page fails
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooApiError);
    expect((error as PartooApiError).request.method).toBe("GET");
    expect((error as Error).message).toContain(`GET ${sandbox.current.url}/webhooks?page=1 failed with 401`);
  });

  it("a 404 keeps its typed body", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const error = await partoo
      .GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 999_999 } } })
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooNotFoundError);
    expect((error as PartooApiError).body).toBeDefined();
  });
});

describe("the class for a status", () => {
  it("each listed status has its class; any other 5xx is a PartooServerError; anything else the base class", async () => {
    const { PartooBadRequestError, PartooAuthenticationError, PartooPermissionError } = await import(
      "../../src/index.js"
    );
    const request = { method: "GET", url: "https://api.example.test/v2/webhooks" };
    const classOf = (status: number) => PartooApiError.from(status, undefined, request).constructor;
    expect(classOf(400)).toBe(PartooBadRequestError);
    expect(classOf(401)).toBe(PartooAuthenticationError);
    expect(classOf(403)).toBe(PartooPermissionError);
    expect(classOf(404)).toBe(PartooNotFoundError);
    expect(classOf(429)).toBe(PartooRateLimitError);
    for (const status of [500, 502, 503, 504, 599]) expect(classOf(status)).toBe(PartooServerError);
    for (const status of [405, 409, 418, 499]) expect(classOf(status)).toBe(PartooApiError);
  });

  it("the message says method, URL and status, and a long body is cut at 300 characters", () => {
    const request = { method: "POST", url: "https://api.example.test/v2/webhooks" };
    const long = PartooApiError.from(400, { errors: { json: "x".repeat(500) } }, request);
    expect(long.message.startsWith("POST https://api.example.test/v2/webhooks failed with 400: ")).toBe(true);
    expect(long.message.endsWith("…")).toBe(true);
    expect(long.message.length).toBe("POST https://api.example.test/v2/webhooks failed with 400: ".length + 301);
    expect(PartooApiError.from(401, "", request).message).toBe(
      "POST https://api.example.test/v2/webhooks failed with 401",
    );
    expect(PartooApiError.from(401, null, request).message).toBe(
      "POST https://api.example.test/v2/webhooks failed with 401",
    );
    expect(PartooApiError.from(401, "denied", request).message).toBe(
      "POST https://api.example.test/v2/webhooks failed with 401: denied",
    );
  });
});

describe("error messages keep their promises", () => {
  const finding = (instancePath: string, headerName?: string) => ({
    instancePath,
    keyword: "pattern",
    message: "must match",
    ...(headerName === undefined ? {} : { headerName }),
  });

  it("count problems in words: 1 problem, 2 problems", async () => {
    const { PartooValidationError, PartooSpecViolationError } = await import("../../src/errors.js");
    expect(new PartooValidationError("POST /webhooks", [finding("/items/0/url")]).message).toMatch(/\(1 problem\),/);
    expect(new PartooValidationError("POST /webhooks", [finding("/a"), finding("/b")]).message).toMatch(
      /\(2 problems\),/,
    );
    const violation = (n: number) => ({
      kind: "violation" as const,
      operation: "GET /webhooks",
      status: 200,
      findings: Array.from({ length: n }, (_, i) => finding(`/items/${i}`)),
      response: new Response(null),
    });
    expect(new PartooSpecViolationError(violation(1)).message).toMatch(/\(1 problem\):/);
    expect(new PartooSpecViolationError(violation(3)).message).toMatch(/\(3 problems\):/);
  });

  it("say whether a header's name or its value broke the rule", async () => {
    const { PartooValidationError } = await import("../../src/errors.js");
    const message = new PartooValidationError("POST /webhooks", [
      finding("/items/0/custom_headers/X-A", "X-A"),
      finding("/items/0/custom_headers", "X-B"),
    ]).message;
    expect(message).toContain('/items/0/custom_headers/X-A: value of header "X-A" must match [pattern]');
    expect(message).toContain('/items/0/custom_headers: header name "X-B" must match [pattern]');
  });

  it("quote an error body up to 300 characters whole, and cut a longer one with an ellipsis", () => {
    const request = { method: "GET", url: "https://api.example.test/v2/webhooks" };
    const exact = "a".repeat(300);
    expect(new PartooApiError(500, exact, request).message).toBe(`GET ${request.url} failed with 500: ${exact}`);
    expect(new PartooApiError(500, `${exact}b`, request).message).toBe(`GET ${request.url} failed with 500: ${exact}…`);
    expect(new PartooApiError(500, "", { method: "", url: "/x" }).message).toBe("/x failed with 500");
  });
});

describe("every error names its class", () => {
  it("error.name is the class name (what a log line or a stack starts with)", () => {
    const request = { method: "GET", url: "https://api.example.test/v2/webhooks" };
    const headers = new Headers();
    const made: [Error, string][] = [
      [new errors.PartooError("x"), "PartooError"],
      [new errors.PartooValidationError("GET /webhooks", []), "PartooValidationError"],
      [new errors.PartooApiError(418, undefined, request, headers), "PartooApiError"],
      ...(
        [
          [400, "PartooBadRequestError"],
          [401, "PartooAuthenticationError"],
          [403, "PartooPermissionError"],
          [404, "PartooNotFoundError"],
          [429, "PartooRateLimitError"],
          [503, "PartooServerError"],
        ] as const
      ).map(([status, name]): [Error, string] => [
        errors.PartooApiError.from(status, undefined, request, headers),
        name,
      ]),
      [new errors.PartooResponseError(200, "", "", request, "x"), "PartooResponseError"],
      [new errors.PartooResponseTooLargeError(200, "", "", request, "x"), "PartooResponseTooLargeError"],
      [new errors.PartooRedirectError("x", request, 302, undefined), "PartooRedirectError"],
      [new errors.PartooConnectionError("x", request, 1), "PartooConnectionError"],
      [new errors.PartooTimeoutError("x", request, 1), "PartooTimeoutError"],
      [new errors.PartooAbortError("x", request, 1), "PartooAbortError"],
      [new errors.PartooPaginationError("x"), "PartooPaginationError"],
      [
        new errors.PartooSpecViolationError({
          kind: "violation",
          operation: "GET /webhooks",
          status: 200,
          findings: [],
          response: new Response(null),
        }),
        "PartooSpecViolationError",
      ],
    ];
    for (const [error, name] of made) {
      expect([name, error.name]).toEqual([name, name]);
      expect(error.constructor.name).toBe(name);
      expect(String(error).startsWith(`${name}: `)).toBe(true);
    }
    // Every class exported is in the list above.
    const exported = Object.entries(errors).filter(([, v]) => typeof v === "function" && v.prototype instanceof Error);
    expect(exported.map(([n]) => n).sort()).toEqual([...new Set(made.map(([, n]) => n))].sort());
  });
});
