/**
 * The parameter rules on every keyword the generator lets through, not only the ones today's spec
 * uses (integer minimum/maximum): a spec that drifts to a string enum or an exclusive bound is
 * checked the day it is regenerated. Operations here are built by hand for that reason.
 */

import { describe, expect, it } from "vitest";
import type { OperationData } from "../../src/internal/operation-lookup.js";
import { parameterViolations } from "../../src/internal/parameter-rules.js";

const op = (name: string, schema: Record<string, unknown>, where: "query" | "path" = "query", required = false) =>
  ({ parameters: [{ name, in: where, required, schema }] }) as unknown as OperationData;
const check = (schema: Record<string, unknown>, value: unknown) =>
  parameterViolations(op("p", schema), { query: { p: value } }).map(
    (f) => `${f.instancePath} ${f.keyword}: ${f.message}`,
  );

describe("parameter rules", () => {
  it.each([
    ["integer", 1.5, false],
    ["integer", 2, true],
    ["number", Number.NaN, false],
    ["number", Number.POSITIVE_INFINITY, false],
    ["number", "3", false],
    ["number", 2.5, true],
    ["string", 3, false],
    ["string", "3", true],
    ["boolean", "true", false],
    ["boolean", false, true],
  ])("type %s with %s: accepted %s", (type, value, ok) => {
    expect(check({ type }, value)).toEqual(ok ? [] : [`/query/p type: must be ${type}`]);
  });

  it("checks no type when the schema names none, or one the rules do not know", () => {
    expect(check({}, "anything")).toEqual([]);
    expect(check({ type: "array" }, "x")).toEqual([]);
  });

  it("a wrong type is the only finding: bounds are not checked on it", () => {
    expect(check({ type: "integer", minimum: 5 }, 1.5)).toEqual(["/query/p type: must be integer"]);
  });

  it("inclusive bounds: the bound itself is accepted, one past it is not", () => {
    const schema = { type: "integer", minimum: 1, maximum: 100 };
    expect(check(schema, 1)).toEqual([]);
    expect(check(schema, 100)).toEqual([]);
    expect(check(schema, 0)).toEqual(["/query/p minimum: must be >= 1"]);
    expect(check(schema, 101)).toEqual(["/query/p maximum: must be <= 100"]);
  });

  it("exclusive bounds: the bound itself is refused, just inside it is accepted", () => {
    const schema = { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 10 };
    expect(check(schema, 0)).toEqual(["/query/p exclusiveMinimum: must be > 0"]);
    expect(check(schema, 10)).toEqual(["/query/p exclusiveMaximum: must be < 10"]);
    expect(check(schema, 0.5)).toEqual([]);
    expect(check(schema, 9.5)).toEqual([]);
    expect(check({ type: "number", exclusiveMaximum: 10 }, -5)).toEqual([]);
  });

  it("numeric bounds apply to numbers only", () => {
    expect(check({ minimum: 5, exclusiveMaximum: 1 }, "0")).toEqual([]);
  });

  it("enum: a listed value is accepted, any other refused in Ajv's words", () => {
    const schema = { type: "string", enum: ["asc", "desc"] };
    expect(check(schema, "asc")).toEqual([]);
    expect(check(schema, "up")).toEqual(["/query/p enum: must be equal to one of the allowed values"]);
  });

  it("a missing required parameter is named at its location; a missing optional one is fine", () => {
    const required = op("webhook_id", { type: "integer" }, "path", true);
    expect(parameterViolations(required, {})).toEqual([
      { instancePath: "/path", keyword: "required", message: "must have required property 'webhook_id'" },
    ]);
    expect(parameterViolations(required, undefined)).toHaveLength(1);
    expect(parameterViolations(op("page", { type: "integer" }), { query: {} })).toEqual([]);
  });
});
