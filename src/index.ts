export { createPartooClient, type PartooClient, type PartooClientOptions } from "./client.js";
export { ENVIRONMENTS, environmentUrl, type PartooEnvironment } from "./environments.js";
export {
  type Finding,
  PartooAbortError,
  PartooApiError,
  PartooAuthenticationError,
  PartooBadRequestError,
  PartooConnectionError,
  PartooError,
  PartooNotFoundError,
  PartooPaginationError,
  PartooPermissionError,
  PartooRateLimitError,
  PartooRedirectError,
  PartooResponseError,
  PartooResponseTooLargeError,
  PartooServerError,
  PartooSpecViolationError,
  PartooTimeoutError,
  PartooValidationError,
  type RequestSummary,
  type SpecViolation,
} from "./errors.js";
export type { RetryOptions } from "./internal/transport.js";
export { type PaginateOptions, paginate } from "./paginate.js";
export { type ConflictReason, type ExistingWebhook, PartooConflictError } from "./reconcile/conflict-error.js";
export type { EnsureOptions } from "./reconcile/ensure.js";
export type { HeaderComparison } from "./reconcile/headers.js";
export type {
  CallOptions,
  TryoutInput,
  WebhookListQuery,
  WebhookPage,
  WebhooksResource,
} from "./resources/webhooks.js";
export type {
  CreateWebhookInput,
  CustomHeaders,
  components,
  PartooErrorBody,
  PartooPaths,
  paths,
  TryoutResult,
  Webhook,
  WebhookEventType,
} from "./types.js";
export { type FetchResult, unwrap } from "./unwrap.js";
