/**
 * Validation of a response against the spec (status, media type, body schema) and the search
 * for properties it does not document: the work behind `partoo-client/validation`, here so the
 * client's `validateResponses` (response-checks.ts) uses it without importing a public entry.
 */
import { documentedOnlyValidators, responseValidators } from "../../generated/response-validators.js";
import { escapeToken } from "./json-pointer.js";
import { responseKey } from "./keys.js";
import { findOperation, matchMediaType, matchStatus } from "./operation-lookup.js";
import { describeOperation, invalid, runValidator, VALID, type ValidationResult } from "./schema-check.js";

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
