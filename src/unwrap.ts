import { PartooApiError } from "./errors.js";
import { CheckedResponse } from "./internal/checked-response.js";

/** What `unwrap` takes: the result of a raw call (`partoo.GET(…)`, `partoo.POST(…)`), as openapi-fetch gives it. */
export interface FetchResult<Data> {
  /** The parsed body of a 2xx answer. */
  data?: Data;
  /** The parsed body of any other answer. */
  error?: unknown;
  /** The answer itself. */
  response: Response;
}

/**
 * The data of a successful call, or a PartooApiError subclass for the status
 * (PartooNotFoundError, PartooAuthenticationError…) carrying the typed error body, the answer's
 * headers (`retryAfterMs` read from them), and the method and URL of the request.
 *
 * @example
 * const webhook = unwrap(await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } }));
 */
export function unwrap<Data>(result: FetchResult<Data>): Data {
  const { response } = result;
  if (result.error !== undefined || !response.ok) {
    const request = CheckedResponse.requestOf(response) ?? { method: "", url: response.url };
    // Through the request's redaction boundary: the answer's headers may echo a secret.
    throw CheckedResponse.redactorOf(response).error(
      PartooApiError.from(response.status, result.error, request, response.headers),
    );
  }
  return result.data as Data;
}
