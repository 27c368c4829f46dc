import { PartooApiError } from "./errors.js";

interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * The data of a successful call, or a PartooApiError subclass for the status
 * (PartooNotFoundError, PartooAuthenticationError…) carrying the typed error body.
 *
 * @example
 * const webhook = unwrap(await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } }));
 */
export function unwrap<Data>(result: FetchResult<Data>): Data {
  const { response } = result;
  if (result.error !== undefined || !response.ok) {
    const url = new URL(response.url || "http://unknown");
    throw PartooApiError.from(response.status, result.error, { method: "", url: `${url.pathname}${url.search}` });
  }
  return result.data as Data;
}
