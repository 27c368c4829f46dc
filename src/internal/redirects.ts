import { PartooRedirectError, type RequestSummary } from "../errors.js";

/** Hops followed within the API's origin before giving up (fetch's own default is 20). */
export const MAX_REDIRECTS = 5;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: HeadersInit;
  /** The body as sent; kept so a 307/308 within the origin can send it again. */
  body: string | null;
  signal?: AbortSignal | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Sends a request and follows redirects only within its own origin, at most MAX_REDIRECTS hops.
 *
 * fetch's own "follow" strips only `Authorization` across origins, never `x-APIKey`, and resends
 * a 307/308 body (custom header secrets included) to wherever `Location` points. So redirects are
 * taken in hand ("manual"): another origin, a hidden target (a browser's opaque redirect) or a
 * 301/302/303 that would turn a POST into a GET become a PartooRedirectError, and nothing is sent.
 */
export async function fetchWithinOrigin(fetchFn: typeof fetch, request: OutgoingRequest): Promise<Response> {
  const summary: RequestSummary = { method: request.method, url: request.url };
  const { method, body } = request;
  let { url } = request;
  for (let hop = 0; ; hop++) {
    // Called as a plain function: some runtimes (workerd) refuse fetch called as a method.
    const response = await fetchFn(url, {
      method,
      headers: request.headers,
      body,
      redirect: "manual",
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (response.type === "opaqueredirect") {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url} was redirected to a target this runtime hides: not followed`,
        summary,
        0,
        undefined,
      );
    }
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    const location = response.headers.get("location");
    if (location === null) return response; // a 3xx that points nowhere is an answer, body and all
    void response.body?.cancel().catch(() => {});
    let target: URL;
    try {
      target = new URL(location, url);
    } catch {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url} answered ${response.status} with an unreadable Location: not followed`,
        summary,
        response.status,
        undefined,
      );
    }
    // Credentials in a Location are never followed nor quoted (fetch would refuse the URL with a
    // message that spells them out).
    if (target.username !== "" || target.password !== "") {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url} was redirected (${response.status}) to a URL holding credentials (user:password@, not shown): not followed`,
        summary,
        response.status,
        target.origin,
      );
    }
    // Parsed only here: a URL parse per request was a tenth of the client's own cost.
    const origin = new URL(request.url).origin;
    if (target.origin !== origin) {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url} was redirected (${response.status}) to another origin, ${target.origin}: not followed, so the API key stays with ${origin}`,
        summary,
        response.status,
        target.origin,
      );
    }
    const keepsMethod = response.status === 307 || response.status === 308;
    if (!keepsMethod && method !== "GET" && method !== "HEAD") {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url} answered ${response.status}: following it would resend the ${method} as a GET, so it was not followed`,
        summary,
        response.status,
        target.origin,
      );
    }
    if (hop + 1 > MAX_REDIRECTS) {
      throw new PartooRedirectError(
        `${summary.method} ${summary.url}: too many redirects (more than ${MAX_REDIRECTS} within ${origin})`,
        summary,
        response.status,
        target.origin,
      );
    }
    // Past the check above, a 301/302/303 carries a GET or HEAD, which has no body: nothing to rewrite.
    url = target.toString();
  }
}
