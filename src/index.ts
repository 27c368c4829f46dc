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
  PartooTimeoutError,
  PartooValidationError,
  type RequestSummary,
} from "./errors.js";
export { type PaginateOptions, paginate } from "./paginate.js";
export type {
  CreateWebhookInput,
  CustomHeaders,
  components,
  PartooPaths,
  paths,
  TryoutResult,
  Webhook,
  WebhookEventType,
} from "./types.js";
export { unwrap } from "./unwrap.js";
