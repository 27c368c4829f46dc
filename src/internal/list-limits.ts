import { operations } from "../../generated/operations.js";

type NumberSchema = { default?: unknown; minimum?: unknown; maximum?: unknown };

function parameterSchema(name: string): NumberSchema {
  const schema = operations.find((op) => op.key === "get /webhooks")?.parameters.find((p) => p.name === name)?.schema;
  if (!schema) throw new Error(`the spec's GET /webhooks has no ${name} parameter`);
  return schema as NumberSchema;
}

function number(value: unknown, what: string): number {
  if (typeof value !== "number") throw new Error(`the spec gives no ${what} for GET /webhooks`);
  return value;
}

/** GET /webhooks' paging rules, read from the spec (nothing restated here), for the sandbox and the suite. */
export const LIST_LIMITS = {
  firstPage: number(parameterSchema("page").default, "page default"),
  perPageDefault: number(parameterSchema("per_page").default, "per_page default"),
  perPageMin: number(parameterSchema("per_page").minimum, "per_page minimum"),
  perPageMax: number(parameterSchema("per_page").maximum, "per_page maximum"),
} as const;
