import { event_type, webhook_url } from "../../generated/component-schemas.js";
import type { Finding } from "../errors.js";
import type { OperationData } from "./operation-lookup.js";
import { checkRequestBody } from "./schema-check.js";

const CONTROL_CHARACTERS = /[\r\n\0]/;
const DOCUMENTED_EVENT_TYPES: readonly string[] = event_type.enum;

/**
 * Rules the client adds to the spec's schema, each a promise the spec makes only in prose or
 * that protects the caller: https URLs ("Only HTTPS URLs are supported"), no CR/LF/NUL in custom
 * headers (header injection into every delivery), and documented event types only (the request
 * schema leaves `event_type` open; the resource enumerates it).
 */
function extraViolations(body: unknown): Finding[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  const found: Finding[] = [];
  items.forEach((item: Record<string, unknown> | null, i) => {
    if (!item || typeof item !== "object") return;
    const at = `/items/${i}`;
    if (typeof item.url === "string" && !isHttpsUrl(item.url)) {
      found.push({
        instancePath: `${at}/url`,
        keyword: "https",
        message: `must be an absolute https: URL (${webhook_url.description})`,
      });
    }
    if (typeof item.event_type === "string" && !DOCUMENTED_EVENT_TYPES.includes(item.event_type)) {
      found.push({
        instancePath: `${at}/event_type`,
        keyword: "eventType",
        message: `must be one of ${DOCUMENTED_EVENT_TYPES.join(", ")}`,
      });
    }
    const headers = item.custom_headers;
    if (!headers || typeof headers !== "object") return;
    for (const [name, value] of Object.entries(headers)) {
      const pointer = `${at}/custom_headers`;
      if (CONTROL_CHARACTERS.test(name)) {
        found.push({
          instancePath: pointer,
          keyword: "controlCharacters",
          message: "name must not contain CR, LF or NUL",
          headerName: name,
        });
      }
      if (typeof value === "string" && CONTROL_CHARACTERS.test(value)) {
        found.push({
          instancePath: pointer,
          keyword: "controlCharacters",
          message: "value must not contain CR, LF or NUL",
          headerName: name,
        });
      }
    }
  });
  return found;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Every reason not to send this body: the spec's schema, then the client's own rules. */
export function requestBodyViolations(method: string, path: string, body: unknown): Finding[] {
  const { errors: fromSchema } = checkRequestBody({ method, path, body });
  return [...fromSchema, ...extraViolations(body)];
}

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
  number: (v) => typeof v === "number" && Number.isFinite(v),
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
