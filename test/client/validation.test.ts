import { describe, expect, it } from "vitest";
import { findUndocumentedProperties, validateRequest, validateResponse } from "../../src/validation.js";

const webhook = {
  id: 1,
  url: "https://e.com",
  event_type: "lead_received",
  created_at: "x",
  updated_at: "x",
  org_id: 1,
};
const get = (over: Partial<Parameters<typeof validateResponse>[0]>) =>
  validateResponse({
    method: "GET",
    path: "/webhooks/1",
    status: 200,
    contentType: "application/json",
    body: webhook,
    ...over,
  });

describe("validateResponse", () => {
  it("accepts a documented response", () => {
    expect(get({})).toEqual({ valid: true, errors: [] });
    expect(get({ contentType: "application/json; charset=utf-8" }).valid).toBe(true);
    expect(get({ path: "/webhooks/{webhook_id}" }).valid).toBe(true);
  });

  it("flags an undocumented status, naming the documented ones", () => {
    expect(get({ status: 500 }).errors).toEqual([
      {
        instancePath: "",
        keyword: "status",
        message: "status 500 is not documented for GET /webhooks/{webhook_id} (documented: 200, 401, 403, 404)",
      },
    ]);
  });

  it("flags an undocumented content type", () => {
    expect(get({ contentType: "text/html" }).errors[0]?.keyword).toBe("contentType");
  });

  it("reports every schema error with pointer and keyword", () => {
    const { errors } = get({ body: { ...webhook, id: "1", event_type: "nope", org_id: undefined } });
    expect(errors.map((e) => [e.instancePath, e.keyword])).toEqual([
      ["", "required"],
      ["/id", "type"],
      ["/event_type", "enum"],
    ]);
  });

  it("tells /webhooks/tryout from /webhooks/{webhook_id}", () => {
    const r = validateResponse({
      method: "POST",
      path: "/webhooks/tryout",
      status: 200,
      contentType: "application/json",
      body: { items: [{ status: "maybe" }] },
    });
    expect(r.errors.map((e) => e.instancePath)).toEqual(["/items/0/status"]);
  });

  it("flags an unknown operation", () => {
    expect(
      validateResponse({ method: "DELETE", path: "/webhooks/1", status: 204, contentType: null, body: undefined })
        .errors[0]?.keyword,
    ).toBe("operation");
  });
});

describe("findUndocumentedProperties", () => {
  it("lists properties the schema does not document, at any depth, through allOf", () => {
    const body = { page: 1, max_page: 1, count: 1, cursor: "c", items: [{ ...webhook, secret: "s" }] };
    expect(
      findUndocumentedProperties({
        method: "GET",
        path: "/webhooks",
        status: 200,
        contentType: "application/json",
        body,
      }),
    ).toEqual(["/items/0/secret", "/cursor"]);
  });

  it("finds none on a documented body, and sees a 401 keyed `error` instead of `errors`", () => {
    expect(
      findUndocumentedProperties({
        method: "GET",
        path: "/webhooks/1",
        status: 200,
        contentType: "application/json",
        body: webhook,
      }),
    ).toEqual([]);
    const singular = { error: { authentication: "nope" } };
    expect(
      validateResponse({
        method: "GET",
        path: "/webhooks",
        status: 401,
        contentType: "application/json",
        body: singular,
      }).valid,
    ).toBe(true);
    expect(
      findUndocumentedProperties({
        method: "GET",
        path: "/webhooks",
        status: 401,
        contentType: "application/json",
        body: singular,
      }),
    ).toEqual(["/error"]);
  });
});

describe("validateRequest", () => {
  it("checks the spec only: no https or CR/LF rule", () => {
    const body = { items: [{ url: "http://e.com", event_type: "anything", custom_headers: { "X-A": "a\r\nb" } }] };
    expect(validateRequest({ method: "POST", path: "/webhooks", body })).toEqual({ valid: true, errors: [] });
  });

  it("requires the body the spec requires, and refuses one where none is taken", () => {
    expect(validateRequest({ method: "POST", path: "/webhooks", body: undefined }).errors[0]?.keyword).toBe("required");
    expect(validateRequest({ method: "GET", path: "/webhooks", body: {} }).errors[0]?.keyword).toBe("requestBody");
    expect(
      validateRequest({ method: "POST", path: "/webhooks", body: {}, contentType: "text/plain" }).errors[0]?.keyword,
    ).toBe("contentType");
  });
});
