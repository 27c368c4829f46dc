import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CustomHeaders } from "../../generated/component-schemas.js";
import { validateRequest } from "../../src/validation.js";

/** What the spec's pattern says, read as JavaScript reads it without the `u` flag. */
const specPattern = new RegExp(CustomHeaders.propertyNames.pattern);
const maxNameLength = CustomHeaders.propertyNames.maxLength;
const maxValueLength = CustomHeaders.additionalProperties.maxLength;

const headersValid = (custom_headers: Record<string, string>) =>
  validateRequest({
    method: "POST",
    path: "/webhooks",
    body: { items: [{ url: "https://example.com/h", event_type: "lead_received", custom_headers }] },
  });

const nameValid = (name: string) => headersValid({ [name]: "v" }).valid;

describe("the compiled CustomHeaders check", () => {
  it("accepts X- names in either case", () => {
    expect(nameValid("X-My-Header")).toBe(true);
    expect(nameValid("x-my-header")).toBe(true);
    expect(nameValid("X-")).toBe(true);
    expect(nameValid("X-Part")).toBe(true);
    expect(nameValid("X-Partner-Id")).toBe(true); // "Partn…" is not the reserved prefix
  });

  it("rejects names not starting with X-", () => {
    for (const name of ["My-Header", "XMy", "-X-a", " X-a", "Y-Header", ""]) expect(nameValid(name), name).toBe(false);
  });

  it("rejects the reserved X-Partoo prefix in every letter case", () => {
    const cases = ["X-Partoo", "x-partoo", "X-PARTOO-Id", "X-pArToO-sig", "x-PartOO"];
    for (const name of cases) expect(nameValid(name), name).toBe(false);
    // every one of the 64 casings of "partoo"
    for (let mask = 0; mask < 64; mask++) {
      const word = [..."partoo"].map((c, i) => (mask & (1 << i) ? c.toUpperCase() : c)).join("");
      expect(nameValid(`X-${word}-a`), word).toBe(false);
    }
  });

  it("rejects each forbidden character, anywhere after the prefix", () => {
    const forbidden = [" ", "(", ")", "<", ">", "@", ",", ";", ":", "\\", '"', "/", "[", "]", "?", "=", "{", "}"];
    for (const c of forbidden) {
      expect(nameValid(`X-a${c}b`), JSON.stringify(c)).toBe(false);
      expect(nameValid(`X-${c}`), JSON.stringify(c)).toBe(false);
    }
    // and nothing else of printable ASCII is forbidden
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter(
      (c) => !forbidden.includes(c),
    );
    for (const c of printable) expect(nameValid(`X-a${c}`), JSON.stringify(c)).toBe(true);
  });

  it(`limits names to ${maxNameLength} characters and values to ${maxValueLength}`, () => {
    expect(nameValid(`X-${"a".repeat(maxNameLength - 2)}`)).toBe(true);
    expect(nameValid(`X-${"a".repeat(maxNameLength - 1)}`)).toBe(false);
    expect(headersValid({ "X-A": "v".repeat(maxValueLength) }).valid).toBe(true);
    expect(headersValid({ "X-A": "v".repeat(maxValueLength + 1) }).valid).toBe(false);
  });

  it(`allows at most ${CustomHeaders.maxProperties} headers`, () => {
    const headers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-H${i}`, "v"]));
    expect(headersValid(headers(CustomHeaders.maxProperties)).valid).toBe(true);
    expect(headersValid(headers(CustomHeaders.maxProperties + 1)).errors.map((e) => e.keyword)).toEqual([
      "maxProperties",
    ]);
  });

  it("agrees with the spec's pattern and length limit on any name", () => {
    const interesting = fc.oneof(
      fc.string({ maxLength: 140 }),
      fc.string({ maxLength: 140 }).map((s) => `X-${s}`),
      fc
        .constantFrom("X-Partoo", "x-pArToO", "X-Part", "X-(", 'X-"', "X-\\")
        .chain((p) => fc.string({ maxLength: 10 }).map((s) => p + s)),
    );
    fc.assert(
      fc.property(interesting, (name) => {
        expect(nameValid(name)).toBe(specPattern.test(name) && [...name].length <= maxNameLength);
      }),
      { numRuns: 2000 },
    );
  });

  it("names the offending header and never echoes a value", () => {
    const { errors } = headersValid({ "X-Partoo-Sig": "secret-value-1", "X-Ok": "s".repeat(maxValueLength + 1) });
    expect(errors.some((e) => e.headerName === "X-Partoo-Sig" && e.keyword === "pattern")).toBe(true);
    expect(errors.some((e) => e.instancePath === "/items/0/custom_headers/X-Ok" && e.keyword === "maxLength")).toBe(
      true,
    );
    expect(JSON.stringify(errors)).not.toContain("secret-value-1");
  });
});

describe("explainHeaderName, in words", () => {
  it("names a missing X- prefix only when it is missing at the start", async () => {
    const { explainHeaderName } = await import("../../src/internal/header-names.js");
    expect(explainHeaderName("Token-x-y")).toBe("must start with X- (any case)");
    expect(explainHeaderName("x-partoo-id")).toBe(
      "must not start with X-Partoo (any case): the prefix is Partoo's own",
    );
  });

  it("falls back to the pattern's name for a name the pattern accepts (asked only about a refused one)", async () => {
    const { explainHeaderName } = await import("../../src/internal/header-names.js");
    expect(explainHeaderName("X-Fine")).toBe("must match the spec's header name pattern");
  });
});
