/**
 * How a request is matched to the spec: its operation by method and path, its content type to a
 * documented media type (ranges included), its status to a documented response (`4XX`, `default`).
 * The validators and the response checks rely on these for every answer.
 */
import { describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { essenceOf, findOperation, matchMediaType, matchStatus } from "../../src/internal/operation-lookup.js";

describe("findOperation", () => {
  it("finds each operation by its template, a concrete path, and the full path under /v2, any method case", () => {
    for (const op of operations) {
      const concrete = op.path.replace(/\{[^}]+\}/g, "12");
      for (const path of [op.path, concrete, `/v2${concrete}`, `${concrete}?org_id=1`]) {
        expect([op.method, path, findOperation(op.method.toUpperCase(), path)?.key]).toEqual([op.method, path, op.key]);
      }
    }
  });

  it("reads /webhooks/tryout as the tryout, never as /webhooks/{webhook_id}", () => {
    expect(findOperation("POST", "/webhooks/tryout")?.key).toBe("post /webhooks/tryout");
    expect(findOperation("GET", "/webhooks/tryout")?.key).toBe("get /webhooks/{webhook_id}");
  });

  it("finds nothing for another method, a longer or shorter path, or a base path glued on", () => {
    for (const [method, path] of [
      ["DELETE", "/webhooks/12"],
      ["GET", "/webhooks/12/x"],
      ["GET", "/webhooks/"],
      ["GET", "/v2webhooks"],
      ["GET", "/v3/webhooks"],
      ["GET", "webhooks"],
    ] as const) {
      expect([method, path, findOperation(method, path)]).toEqual([method, path, undefined]);
    }
  });
});

describe("media types and statuses", () => {
  it("essenceOf drops parameters, spaces and case", () => {
    expect(essenceOf(" Application/JSON ; charset=utf-8")).toBe("application/json");
    expect(essenceOf(null)).toBe("");
    expect(essenceOf(undefined)).toBe("");
  });

  it("matchMediaType prefers the exact type, then type/*, then */*, case-insensitively", () => {
    const documented = ["*/*", "text/*", "application/json"];
    expect(matchMediaType(documented, "application/json; charset=utf-8")).toBe("application/json");
    expect(matchMediaType(documented, "TEXT/html")).toBe("text/*");
    expect(matchMediaType(documented, "image/png")).toBe("*/*");
    expect(matchMediaType(["Text/*"], "text/plain")).toBe("Text/*");
    expect(matchMediaType(["Application/Json"], "application/json")).toBe("Application/Json");
    expect(matchMediaType(["application/json"], "application/problem+json")).toBeUndefined();
    expect(matchMediaType(["text/*"], null)).toBeUndefined();
  });

  it("matchStatus prefers the exact status, then its range (any case), then default", () => {
    expect(matchStatus(["default", "4XX", "404"], 404)).toBe("404");
    expect(matchStatus(["default", "4xx", "404"], 401)).toBe("4xx");
    expect(matchStatus(["default", "4XX"], 500)).toBe("default");
    expect(matchStatus(["200"], 201)).toBeUndefined();
  });
});
