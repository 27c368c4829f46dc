/**
 * Ajv's errors as findings: which custom header each is about, the header-name explanation in
 * place of Ajv's pattern message, and Ajv's generic duplicate dropped.
 */
import { describe, expect, it } from "vitest";
import type { CompiledValidationError } from "../../generated/compiled-validator.js";
import { toFindings } from "../../src/internal/finding.js";
import { explainHeaderName } from "../../src/internal/header-names.js";

const error = (e: Partial<CompiledValidationError>): CompiledValidationError => ({
  instancePath: "",
  schemaPath: "#/x",
  keyword: "type",
  params: {},
  ...e,
});

describe("toFindings", () => {
  it("no errors is no findings", () => {
    expect(toFindings(null)).toEqual([]);
    expect(toFindings(undefined)).toEqual([]);
    expect(toFindings([])).toEqual([]);
  });

  it("keeps the pointer, rule, message and schema path; a missing message becomes the rule", () => {
    expect(
      toFindings([error({ instancePath: "/items/0/url", keyword: "format", message: "must match format" })]),
    ).toEqual([{ instancePath: "/items/0/url", keyword: "format", message: "must match format", schemaPath: "#/x" }]);
    expect(toFindings([error({ keyword: "required" })])[0]?.message).toBe("required");
  });

  it("a header name that breaks the pattern: named, explained, and Ajv's generic propertyNames error dropped", () => {
    const findings = toFindings([
      error({
        instancePath: "/items/0/custom_headers",
        keyword: "pattern",
        schemaPath: "#/components/schemas/CustomHeaders/propertyNames/pattern",
        message: 'must match pattern "^..."',
        propertyName: "X-Partoo-A",
      }),
      error({
        instancePath: "/items/0/custom_headers",
        keyword: "propertyNames",
        params: { propertyName: "X-Partoo-A" },
      }),
    ]);
    expect(findings).toEqual([
      {
        instancePath: "/items/0/custom_headers",
        keyword: "pattern",
        message: explainHeaderName("X-Partoo-A"),
        schemaPath: "#/components/schemas/CustomHeaders/propertyNames/pattern",
        headerName: "X-Partoo-A",
      },
    ]);
  });

  it("a pattern on something else keeps Ajv's message, even when a header is named", () => {
    const [finding] = toFindings([
      error({
        instancePath: "/items/0/custom_headers/X-Token",
        keyword: "pattern",
        schemaPath: "#/components/schemas/CustomHeaders/additionalProperties/pattern",
        message: "must match pattern",
      }),
    ]);
    expect(finding).toMatchObject({ headerName: "X-Token", message: "must match pattern" });
  });

  it("the header a value error is about comes from the pointer, unescaped; nothing is named elsewhere", () => {
    const [value] = toFindings([error({ instancePath: "/items/0/custom_headers/X-A~1B~0C", keyword: "maxLength" })]);
    expect(value?.headerName).toBe("X-A/B~C");
    const [elsewhere] = toFindings([error({ instancePath: "/items/0/url", keyword: "format" })]);
    expect(elsewhere).not.toHaveProperty("headerName");
    const [headersItself] = toFindings([error({ instancePath: "/items/0/custom_headers", keyword: "type" })]);
    expect(headersItself).not.toHaveProperty("headerName");
    const [deeper] = toFindings([error({ instancePath: "/custom_headers/X-A/b", keyword: "type" })]);
    expect(deeper).not.toHaveProperty("headerName");
  });
});
