import type { Finding } from "../errors.js";
import type { OperationData } from "./operation-lookup.js";

type ParameterSchema = {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: readonly unknown[];
};

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  integer: (v) => Number.isInteger(v),
  number: (v) => Number.isFinite(v), // no coercion: "3" is not finite here
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
};

/** The rules a parameter value breaks, worded as Ajv words them. */
function parameterRules(schema: ParameterSchema, value: unknown): { keyword: string; message: string }[] {
  const check = schema.type === undefined ? undefined : TYPE_CHECKS[schema.type];
  if (check && !check(value)) return [{ keyword: "type", message: `must be ${schema.type}` }];
  const broken: { keyword: string; message: string }[] = [];
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      broken.push({ keyword: "minimum", message: `must be >= ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum)
      broken.push({ keyword: "maximum", message: `must be <= ${schema.maximum}` });
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      broken.push({ keyword: "exclusiveMinimum", message: `must be > ${schema.exclusiveMinimum}` });
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      broken.push({ keyword: "exclusiveMaximum", message: `must be < ${schema.exclusiveMaximum}` });
  }
  if (schema.enum && !schema.enum.includes(value)) {
    broken.push({ keyword: "enum", message: "must be equal to one of the allowed values" });
  }
  return broken;
}

/**
 * Every reason not to send these path and query parameters, read from the spec's parameter
 * schemas in generated/operations.ts: `webhook_id: NaN` or `per_page: 1000` is refused here rather
 * than sent as `/webhooks/NaN`. Pointers read `/path/webhook_id`, `/query/per_page`. The generator
 * refuses parameter keywords this does not check, so none is skipped silently.
 */
export function parameterViolations(op: OperationData, params: unknown): Finding[] {
  const given = (params ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const found: Finding[] = [];
  for (const p of op.parameters) {
    const value = given[p.in]?.[p.name];
    if (value === undefined) {
      if (p.required) {
        found.push({
          instancePath: `/${p.in}`,
          keyword: "required",
          message: `must have required property '${p.name}'`,
        });
      }
      continue;
    }
    for (const rule of parameterRules(p.schema as ParameterSchema, value)) {
      found.push({ instancePath: `/${p.in}/${p.name}`, ...rule });
    }
  }
  return found;
}
