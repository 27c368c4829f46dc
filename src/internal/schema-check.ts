import type { CompiledValidationError, CompiledValidator } from "../../generated/compiled-validator.js";
import { requestValidators } from "../../generated/request-validators.js";
import { unescapeToken } from "./json-pointer.js";
import { requestKey } from "./keys.js";
import { findOperation, matchMediaType, type OperationData } from "./operation-lookup.js";

/** One way a request or response departs from the spec. Carries no offending value. */
export interface SchemaError {
  /** JSON pointer of the offending value in the body ("" for the whole body or the message itself). */
  instancePath: string;
  /** The JSON Schema keyword that failed, or `operation`, `status`, `contentType`, `requestBody`. */
  keyword: string;
  message: string;
  /** Where in the schema the rule is, when it is a schema rule. */
  schemaPath?: string;
  /** For `propertyNames` rules: the property (header) name that broke it. */
  propertyName?: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: SchemaError[];
}

export const VALID: ValidationResult = Object.freeze({ valid: true, errors: [] }) as ValidationResult;

export const invalid = (keyword: string, message: string): ValidationResult => ({
  valid: false,
  errors: [{ instancePath: "", keyword, message }],
});

/** The custom header an error is about: the offending property name, or the header whose value broke a rule. */
export function headerNameOf(error: Pick<SchemaError, "instancePath" | "propertyName">): string | undefined {
  if (error.propertyName !== undefined) return error.propertyName;
  const segments = error.instancePath.split("/");
  const last = segments.at(-1);
  return segments.at(-2) === "custom_headers" && last !== undefined ? unescapeToken(last) : undefined;
}

function toSchemaError(error: CompiledValidationError): SchemaError {
  const out: SchemaError = {
    instancePath: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    schemaPath: error.schemaPath,
  };
  const name = error.propertyName ?? (error.keyword === "propertyNames" ? error.params.propertyName : undefined);
  if (typeof name === "string") out.propertyName = name;
  return out;
}

/** Runs a precompiled validator and returns every error it reports. */
export function runValidator(validator: CompiledValidator, body: unknown): ValidationResult {
  if (validator(body)) return VALID;
  return { valid: false, errors: (validator.errors ?? []).map(toSchemaError) };
}

export function describeOperation(op: OperationData): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

/** Checks a request body against the operation's requestBody schema: the spec's rules, nothing more. */
export function checkRequestBody(request: {
  method: string;
  path: string;
  body: unknown;
  contentType?: string;
}): ValidationResult {
  const op = findOperation(request.method, request.path);
  if (!op)
    return invalid("operation", `${request.method.toUpperCase()} ${request.path} is not an operation of the spec`);
  const where = describeOperation(op);
  if (!op.requestBody) {
    return request.body === undefined ? VALID : invalid("requestBody", `${where} takes no request body`);
  }
  if (request.body === undefined) {
    return op.requestBody.required ? invalid("required", `${where} requires a request body`) : VALID;
  }
  const mediaType = matchMediaType(op.requestBody.mediaTypes, request.contentType ?? "application/json");
  const validator = mediaType && requestValidators[requestKey(op.key, mediaType)];
  if (!validator) {
    return invalid(
      "contentType",
      `${where} accepts ${op.requestBody.mediaTypes.join(", ")}, not ${request.contentType}`,
    );
  }
  return runValidator(validator, request.body);
}
