import { describe, expect, it } from "vitest";
import { createPartooClient, PartooValidationError, paginate } from "../../src/index.js";
import { FORBIDDEN_NAME_CHARACTERS } from "../../src/internal/header-names.js";
import { validateRequest, validateResponse } from "../../src/validation.js";

const withHeader = (name: string) => ({
  items: [{ url: "https://e.com/h", event_type: "lead_received", custom_headers: { [name]: "v" } }],
});
const nameErrors = (name: string) =>
  validateRequest({ method: "POST", path: "/webhooks", body: withHeader(name) }).errors.filter(
    (e) => e.headerName === name,
  );

describe("error messages say what is wrong in words", () => {
  it("a bad header name: which rule it breaks, not the raw regex, and once", () => {
    // Before: 'must match pattern "^[Xx]-(?![Pp][Aa][Rr][Tt][Oo][Oo])[^ ()<>@,;:\\\\\\"\\/\\[\\]?={}]*$"', twice.
    expect(nameErrors("X-Partoo-Sig")).toEqual([
      expect.objectContaining({
        keyword: "pattern",
        message: "must not start with X-Partoo (any case): the prefix is Partoo's own",
      }),
    ]);
    expect(nameErrors("Auth-Token")).toEqual([
      expect.objectContaining({ keyword: "pattern", message: "must start with X- (any case)" }),
    ]);
    const [colon] = nameErrors("X-a:b");
    expect(colon?.message).toBe(
      `must not contain : (forbidden in names: ${FORBIDDEN_NAME_CHARACTERS.map((c) => (c === " " ? "space" : c)).join(" ")})`,
    );
    for (const name of ["X-Partoo-Sig", "Auth-Token", "X-a:b"])
      expect(JSON.stringify(nameErrors(name))).not.toContain("(?!");
  });

  it("the client's error names the header and the rule in one line per problem", async () => {
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl: "http://127.0.0.1:9/v2" });
    const error = await partoo
      .POST("/webhooks", { body: withHeader("x-partoo-leak") as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooValidationError);
    expect((error as Error).message).toContain(
      '/items/0/custom_headers: header name "x-partoo-leak" must not start with X-Partoo (any case): the prefix is Partoo\'s own [pattern]',
    );
  });

  it("paginate refuses a concurrency it cannot honour, instead of reading it as 1", async () => {
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl: "http://127.0.0.1:9/v2" });
    for (const concurrency of [0, -1, 1.5, Number.NaN, 33]) {
      const iterate = async () => {
        for await (const _ of paginate(partoo, "/webhooks", {}, { concurrency })) break;
      };
      await expect(iterate(), String(concurrency)).rejects.toThrow(
        `concurrency must be a whole number from 1 to 32, got ${String(concurrency)}`,
      );
    }
  });

  it("validateResponse takes the full request path, with the server's /v2 base path", () => {
    // Before: "GET /v2/webhooks/1 is not an operation of the spec".
    const response = { method: "GET", status: 404, contentType: "application/json", body: { errors: {} } };
    expect(validateResponse({ ...response, path: "/v2/webhooks/1" })).toEqual({ valid: true, errors: [] });
    expect(validateResponse({ ...response, path: "/v2/webhooks/1?org_id=3" }).valid).toBe(true);
    expect(validateResponse({ ...response, path: "/v3/webhooks/1" }).errors[0]?.keyword).toBe("operation");
  });
});
