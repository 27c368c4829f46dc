import { responseSchemas } from "../../generated/operation-schemas.js";
import { operations } from "../../generated/operations.js";
import { responseKey } from "../internal/keys.js";

type Schema = { properties?: Record<string, Schema>; default?: unknown };

/**
 * The error body the spec documents for a status, built from its schema's `default`s
 * (e.g. 401 → `{ errors: { authentication: "User not authenticated" } }`), plus any detail given.
 */
export function documentedErrorBody(
  status: number,
  detail: Record<string, unknown> = {},
): { errors: Record<string, unknown> } {
  // Any operation documenting this status will do: the error schemas are shared.
  const key = operations.map((op) => responseKey(op.key, status, "application/json")).find((k) => k in responseSchemas);
  const fields = ((key && (responseSchemas as Record<string, Schema>)[key]?.properties?.errors?.properties) ??
    {}) as Record<string, Schema>;
  const errors: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(fields)) if (schema.default !== undefined) errors[name] = schema.default;
  return { errors: { ...errors, ...detail } };
}
