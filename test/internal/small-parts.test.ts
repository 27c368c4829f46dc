/**
 * The small pure parts everything else leans on, at their edges: JSON Pointer tokens, the default
 * org_id, unwrap on an answer without a body, network failures of every shape, and the response
 * validator's answers for what the spec does not document.
 */
import { describe, expect, it, vi } from "vitest";
import { PartooApiError, PartooConnectionError, PartooNotFoundError, type SpecViolation } from "../../src/errors.js";
import { createPartooClient } from "../../src/index.js";
import { escapeToken, pointerOf, tokensOf, unescapeToken } from "../../src/internal/json-pointer.js";
import { describeNetworkError, provablyNotSent } from "../../src/internal/network-error.js";
import type { OperationData } from "../../src/internal/operation-lookup.js";
import { withDefaultOrgId } from "../../src/internal/org-id.js";
import { rateLimitedWarn } from "../../src/internal/response-checks.js";
import { unwrap } from "../../src/unwrap.js";
import { findUndocumentedProperties, validateRequest, validateResponse } from "../../src/validation.js";

describe("JSON Pointer tokens (RFC 6901)", () => {
  it("escapes ~ before /, and unescapes ~1 before ~0, so every token round-trips", () => {
    expect(escapeToken("a/b~c")).toBe("a~1b~0c");
    expect(escapeToken(3)).toBe("3");
    expect(unescapeToken("a~1b~0c")).toBe("a/b~c");
    expect(unescapeToken("~01")).toBe("~1"); // not "/": the order is the RFC's
    for (const token of ["~1", "/~", "~0~1", "", "x"]) expect(unescapeToken(escapeToken(token))).toBe(token);
  });

  it("pointers to tokens and back; the whole document is the empty pointer, '/' is the empty key", () => {
    expect(pointerOf(["paths", "/webhooks", "get", 0])).toBe("/paths/~1webhooks/get/0");
    expect(tokensOf("/paths/~1webhooks/get/0")).toEqual(["paths", "/webhooks", "get", "0"]);
    expect(tokensOf("")).toEqual([]);
    expect(tokensOf("/")).toEqual([""]);
    expect(pointerOf([])).toBe("");
  });
});

describe("withDefaultOrgId", () => {
  const op = (parameters: { name: string; in: string }[]) => ({ parameters }) as unknown as OperationData;
  const declares = op([
    { name: "page", in: "query" },
    { name: "org_id", in: "query" },
  ]);

  it("adds org_id where the operation declares it in the query and the call gave none", () => {
    expect(withDefaultOrgId(declares, { page: 2 }, 7)).toEqual({ page: 2, org_id: 7 });
    expect(withDefaultOrgId(declares, undefined, 7)).toEqual({ org_id: 7 });
  });

  it("leaves the query alone: no default, the call's own org_id, no such parameter, or org_id elsewhere", () => {
    const query = { page: 2 };
    expect(withDefaultOrgId(declares, query, undefined)).toBe(query);
    expect(withDefaultOrgId(declares, { org_id: 3 }, 7)).toEqual({ org_id: 3 });
    expect(withDefaultOrgId(op([{ name: "page", in: "query" }]), query, 7)).toBe(query);
    expect(withDefaultOrgId(op([{ name: "org_id", in: "path" }]), query, 7)).toBe(query);
    expect(withDefaultOrgId(undefined, query, 7)).toBe(query);
  });
});

describe("unwrap", () => {
  it("an error status without a body is still its typed error, with whatever is known of the request", () => {
    const response = new Response(null, { status: 404 });
    try {
      unwrap({ response });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PartooNotFoundError);
      expect((error as PartooApiError).request).toEqual({ method: "", url: "" });
    }
  });

  it("an error body on a 2xx is not data", () => {
    expect(() => unwrap({ response: new Response(null, { status: 200 }), error: { errors: {} } })).toThrow(
      PartooApiError,
    );
    expect(unwrap({ response: new Response(null, { status: 200 }), data: { id: 1 } })).toEqual({ id: 1 });
  });
});

describe("network failures of every shape", () => {
  it("a code on the error itself counts when the cause has none of its own", () => {
    expect(provablyNotSent(Object.assign(new Error("x"), { code: "ENOTFOUND", cause: { code: 7 } }))).toBe(true);
    expect(describeNetworkError(Object.assign(new Error("x"), { code: "EAI_AGAIN", cause: {} }))).toBe("EAI_AGAIN");
  });

  it("Deno's refusal counts in the cause's message too", () => {
    const wrapped = new TypeError("fetch failed", {
      cause: new Error("tcp connect error: Connection refused (os error 111)"),
    });
    expect(provablyNotSent(wrapped)).toBe(true);
    expect(provablyNotSent(new TypeError("fetch failed", { cause: new Error("connection refused") }))).toBe(false);
  });

  it("without a code: the cause's message, else the error's own, else what was thrown", () => {
    expect(describeNetworkError(new TypeError("fetch failed", { cause: new Error("socket hang up") }))).toBe(
      "socket hang up",
    );
    expect(describeNetworkError(new TypeError("fetch failed", { cause: { message: 42 } }))).toBe("fetch failed");
    expect(describeNetworkError(new TypeError("fetch failed"))).toBe("fetch failed");
    expect(describeNetworkError(undefined)).toBe("undefined");
    expect(describeNetworkError("a string")).toBe("a string");
  });
});

describe("a custom fetch that throws something other than an Error", () => {
  it("is a PartooConnectionError saying what was thrown, not a crash inside the client", async () => {
    for (const [thrown, said] of [
      ["offline", "offline"],
      [undefined, "undefined"],
      [{ message: 42 }, "[object Object]"],
    ] as const) {
      const partoo = createPartooClient({
        apiKey: "k",
        baseUrl: "http://127.0.0.1:9/v2",
        maxRetries: 0,
        fetch: async () => {
          throw thrown;
        },
      });
      await expect(partoo.GET("/webhooks")).rejects.toThrow(
        new PartooConnectionError(
          `GET http://127.0.0.1:9/v2/webhooks failed after 1 attempt(s): ${said}`,
          {
            method: "GET",
            url: "http://127.0.0.1:9/v2/webhooks",
          },
          1,
        ),
      );
    }
  });
});

describe("the response validator on what the spec does not document", () => {
  it("an operation the spec lacks is named, method in capitals", () => {
    const result = validateResponse({ method: "delete", path: "/webhooks", status: 200, contentType: null, body: {} });
    expect(result.errors).toEqual([
      expect.objectContaining({ keyword: "operation", message: "DELETE /webhooks is not an operation of the spec" }),
    ]);
  });

  it("a missing content type is shown as empty, with the documented ones", () => {
    const result = validateResponse({ method: "get", path: "/webhooks", status: 200, contentType: null, body: {} });
    expect(result.errors[0]?.keyword).toBe("contentType");
    expect(result.errors[0]?.message).toMatch(
      /^content type "" is not documented for GET \/webhooks 200 \(documented: application\/json\)$/,
    );
  });

  it("finds no undocumented properties where there is nothing to compare with", () => {
    const body = { surprise: true };
    for (const target of [
      { method: "delete", path: "/webhooks", status: 200 },
      { method: "get", path: "/webhooks", status: 299 },
      { method: "get", path: "/webhooks", status: 200, contentType: "text/plain" },
    ]) {
      expect(findUndocumentedProperties({ contentType: "application/json", ...target, body })).toEqual([]);
    }
  });
});

describe("the default spec-violation warning", () => {
  it("one line naming the operation, the kind, each pointer ((body) for the root), rule and keyword", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const report = rateLimitedWarn(() => 0);
    const violation = (kind: SpecViolation["kind"]): SpecViolation => ({
      kind,
      operation: "GET /webhooks",
      status: 200,
      findings: [
        { instancePath: "", keyword: "required", message: "must have required property 'items'" },
        { instancePath: "/page", keyword: "type", message: "must be integer" },
      ],
      response: new Response(null),
    });
    report(violation("violation"));
    report(violation("undocumented"));
    const tail = "(each rule is reported at most once a minute; pass onSpecViolation to handle them yourself)";
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      `partoo-client: GET /webhooks answered 200 in a way the spec does not allow: (body) must have required property 'items' [required]; /page must be integer [type] ${tail}`,
      `partoo-client: GET /webhooks answered 200 with properties the spec does not list: (body) must have required property 'items' [required]; /page must be integer [type] ${tail}`,
    ]);
    warn.mockRestore();
  });
});

describe("the request validator's own answers", () => {
  const only = (request: Parameters<typeof validateRequest>[0]) =>
    validateRequest(request).errors.map((e) => [e.keyword, e.message]);

  it("names what is wrong with the operation, the body's presence or its content type", () => {
    expect(only({ method: "delete", path: "/webhooks", body: {} })).toEqual([
      ["operation", "DELETE /webhooks is not an operation of the spec"],
    ]);
    expect(only({ method: "get", path: "/webhooks", body: {} })).toEqual([
      ["requestBody", "GET /webhooks takes no request body"],
    ]);
    expect(only({ method: "post", path: "/webhooks", body: undefined })).toEqual([
      ["required", "POST /webhooks requires a request body"],
    ]);
    expect(only({ method: "post", path: "/webhooks", body: { items: [] }, contentType: "text/plain" })).toEqual([
      ["contentType", "POST /webhooks accepts application/json, not text/plain"],
    ]);
  });

  it("valid is valid, with no errors", () => {
    expect(validateRequest({ method: "get", path: "/webhooks", body: undefined })).toEqual({ valid: true, errors: [] });
    expect(validateRequest({ method: "post", path: "/webhooks", body: { items: [] } })).toEqual({
      valid: true,
      errors: [],
    });
    expect(validateRequest({ method: "post", path: "/webhooks", body: { items: 1 } }).valid).toBe(false);
  });
});
