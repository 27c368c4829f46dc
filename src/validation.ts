/**
 * `partoo-client/validation`: check requests and responses against the spec, exactly as the spec
 * says — no extra rules — with the precompiled validators. For your own tests, and the basis of
 * this package's contract suite.
 *
 * @example
 * const { valid, errors } = validateResponse({ method: "GET", path: "/webhooks/1", status: 200,
 *   contentType: res.headers.get("content-type"), body: await res.json() });
 */
import { operations } from "../generated/operations.js";
import { documentedOnlyValidators, responseValidators } from "../generated/response-validators.js";
import { escapeToken } from "./internal/json-pointer.js";
import { responseKey } from "./internal/keys.js";
import { findOperation, matchMediaType, matchStatus } from "./internal/operation-lookup.js";
import {
  checkRequestBody,
  describeOperation,
  invalid,
  runValidator,
  VALID,
  type ValidationResult,
} from "./internal/schema-check.js";

export type { Finding } from "./errors.js";
export type { ValidationResult } from "./internal/schema-check.js";
export { operations };

/** A request body to check against its operation's schema. */
export interface RequestToValidate {
  /** `POST`, case-insensitive. */
  method: string;
  /** The spec's path template (`/webhooks/{webhook_id}`) or a concrete path (`/webhooks/12`). */
  path: string;
  /** The body, parsed (not its JSON text). */
  body: unknown;
  /** Defaults to `application/json`. */
  contentType?: string;
}

/** A response to check: the operation it answered, then status, media type and body. */
export interface ResponseToValidate {
  /** The request's method, case-insensitive. */
  method: string;
  /** The spec's path template (`/webhooks/{webhook_id}`) or a concrete path (`/webhooks/12`). */
  path: string;
  /** The HTTP status. */
  status: number;
  /** The `Content-Type` header as received (parameters such as `charset` are ignored). */
  contentType: string | null | undefined;
  /** The body, parsed. */
  body: unknown;
}

/** Validates a request body against its operation's requestBody schema. */
export function validateRequest(request: RequestToValidate): ValidationResult {
  return checkRequestBody(request);
}

type Located = { validatorKey: string } | { result: ValidationResult };

function locateResponse(response: ResponseToValidate): Located {
  const op = findOperation(response.method, response.path);
  if (!op)
    return {
      result: invalid("operation", `${response.method.toUpperCase()} ${response.path} is not an operation of the spec`),
    };
  const where = describeOperation(op);
  const statuses = Object.keys(op.responses);
  const status = matchStatus(statuses, response.status);
  if (status === undefined) {
    return {
      result: invalid(
        "status",
        `status ${response.status} is not documented for ${where} (documented: ${statuses.join(", ")})`,
      ),
    };
  }
  const mediaTypes: readonly string[] = op.responses[status as keyof typeof op.responses];
  if (mediaTypes.length === 0) return { result: VALID };
  const mediaType = matchMediaType(mediaTypes, response.contentType);
  if (mediaType === undefined) {
    return {
      result: invalid(
        "contentType",
        `content type ${JSON.stringify(response.contentType ?? "")} is not documented for ${where} ${status} (documented: ${mediaTypes.join(", ")})`,
      ),
    };
  }
  return { validatorKey: responseKey(op.key, status, mediaType) };
}

/** Validates a response: documented status, documented media type, then the body against its schema. */
export function validateResponse(response: ResponseToValidate): ValidationResult {
  const located = locateResponse(response);
  if ("result" in located) return located.result;
  const validator = responseValidators[located.validatorKey];
  return validator ? runValidator(validator, response.body) : VALID;
}

/**
 * JSON pointers of the properties in a response body that its schema does not document. Not an
 * error (the spec's objects are open), but a sign that the spec lags behind the API.
 */
export function findUndocumentedProperties(response: ResponseToValidate): string[] {
  const located = locateResponse(response);
  if ("result" in located) return [];
  const validator = documentedOnlyValidators[located.validatorKey];
  if (!validator || validator(response.body)) return [];
  return (validator.errors ?? [])
    .filter((e) => e.keyword === "unevaluatedProperties")
    .map((e) => `${e.instancePath}/${escapeToken(String(e.params.unevaluatedProperty))}`);
}
