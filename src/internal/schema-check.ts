import type { CompiledValidator } from "../../generated/compiled-validator.js";
import { requestValidators } from "../../generated/request-validators.js";
import type { Finding } from "../errors.js";
import { toFindings } from "./finding.js";
import { requestKey } from "./keys.js";
import { findOperation, matchMediaType, type OperationData } from "./operation-lookup.js";

/** What a check found: `valid`, and every broken rule when it is not. */
export interface ValidationResult {
  /** True when nothing is wrong. */
  valid: boolean;
  /** Every broken rule, one finding each (empty when valid). */
  errors: Finding[];
}

export const VALID: ValidationResult = Object.freeze({ valid: true, errors: [] }) as ValidationResult;

export const invalid = (keyword: string, message: string): ValidationResult => ({
  valid: false,
  errors: [{ instancePath: "", keyword, message }],
});

/** Runs a precompiled validator and returns every error it reports. */
export function runValidator(validator: CompiledValidator, body: unknown): ValidationResult {
  if (validator(body)) return VALID;
  return { valid: false, errors: toFindings(validator.errors) };
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
