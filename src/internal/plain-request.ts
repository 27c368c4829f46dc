/**
 * What openapi-fetch builds for each call, without building a `Request`.
 *
 * openapi-fetch makes a `new Request(url, init)` per call and hands it to its fetch; the transport
 * only reads its method, URL, headers, body and signal, then calls the real fetch with those, which
 * builds its own Request anyway. On Node 20 that first Request (a body stream, an AbortSignal,
 * WebIDL conversions) cost more than everything partoo-client does per request. So the client
 * passes this class as openapi-fetch's `Request` whenever no middleware can see the request
 * (middleware is handed, and may return, real Requests).
 *
 * It refuses what a Request refuses, a Request's way: a body on GET or HEAD is a TypeError. The
 * client uses a real Request for a body that may not serialise to a string (a FormData, a custom
 * bodySerializer), so any other body here is a TypeError too.
 */
export class PlainRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  /** The caller's signal; undefined when the call gave none, so nobody listens to it. */
  readonly signal: AbortSignal | undefined;
  /** The body as openapi-fetch serialised it; null for none. */
  readonly bodyText: string | null;

  constructor(url: string, init: RequestInit & { headers: Headers }) {
    const method = (init.method ?? "GET").toUpperCase();
    const body = init.body ?? null;
    if (body !== null && (method === "GET" || method === "HEAD")) {
      throw new TypeError(`Request with ${method} method cannot have body.`);
    }
    if (body !== null && typeof body !== "string") {
      throw new TypeError("PlainRequest takes a string body only: the client sends any other through a real Request");
    }
    this.method = method;
    this.url = url;
    this.headers = init.headers;
    this.signal = init.signal ?? undefined;
    this.bodyText = body;
  }
}
