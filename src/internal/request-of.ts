import type { RequestSummary } from "../errors.js";

/**
 * Which request each answer belongs to, recorded by the transport and read by `unwrap`: a
 * Response has no method, and one built by a custom fetch has no URL either. A WeakMap, so
 * nothing is patched onto the Response and nothing outlives it.
 */
const requests = new WeakMap<Response, RequestSummary>();

export function rememberRequest(response: Response, request: RequestSummary): void {
  requests.set(response, request);
}

export function requestOf(response: Response): RequestSummary | undefined {
  return requests.get(response);
}
