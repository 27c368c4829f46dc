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
import { checkRequestBody, type ValidationResult } from "./internal/schema-check.js";

export type { Finding } from "./errors.js";
export {
  findUndocumentedProperties,
  type ResponseToValidate,
  validateResponse,
} from "./internal/response-validation.js";
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

/** Validates a request body against its operation's requestBody schema. */
export function validateRequest(request: RequestToValidate): ValidationResult {
  return checkRequestBody(request);
}
