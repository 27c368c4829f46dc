import {
  PartooAbortError,
  PartooConnectionError,
  PartooResponseError,
  PartooTimeoutError,
  type RequestSummary,
} from "./errors.js";
import { customHeaderValues, redact } from "./redact.js";

export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  maxRetries?: number;
  /** First backoff ceiling; each retry doubles it (full jitter: a random wait below it). Default 500 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 8 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the 429/503 is returned. Default 60 s. */
  maxRetryAfterMs?: number;
}

export interface TransportOptions extends RetryOptions {
  fetch: typeof globalThis.fetch;
  /** Per attempt, headers to body. Default 30 s. */
  timeoutMs?: number;
  /** Aborts every request of the client. */
  signal?: AbortSignal | undefined;
  /** Strings never to let through in an error body (the API key). */
  secrets: readonly string[];
}

/** Statuses worth another try: the server says it did not, or may not have, handled the request. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network errors that prove nothing reached the server, so even a POST may be sent again. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
const SNIPPET_LENGTH = 80;

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** `Retry-After` in ms: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** Why a fetch failed, in a word where possible: `ECONNREFUSED`, not undici's bare "fetch failed". */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  return errorCode(error) ?? (typeof cause?.message === "string" ? cause.message : (error as Error).message);
}

/**
 * The fetch the openapi-fetch client runs on: one attempt at a time, each bounded by `timeoutMs`,
 * retried as below, and every answer checked before anyone parses it.
 *
 * Retry rule: GET (and other idempotent methods) on a network error or 408/429/500/502/503/504.
 * POST only where the server provably did not act: 429 (rate limited before handling) or a
 * connection that was never established. Anything else could create a duplicate webhook, and the
 * API has no delete.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const {
    maxRetries = 2,
    baseDelayMs = 500,
    maxDelayMs = 8_000,
    maxRetryAfterMs = 60_000,
    timeoutMs = 30_000,
  } = options;

  return async function send(request: Request): Promise<Response> {
    const summary: RequestSummary = { method: request.method, url: request.url };
    const idempotent = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].includes(request.method);
    const body = request.body ? await request.text() : null;
    const secrets = [...options.secrets, ...headerValuesOf(body)];
    const callerSignals = [request.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);

    const abortedError = (attempt: number) =>
      new PartooAbortError(
        `${summary.method} ${summary.url} was aborted after ${attempt} attempt(s)`,
        summary,
        attempt,
      );

    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([timeout, ...callerSignals]);
      const retriesLeft = attempt <= maxRetries;
      let waitMs: number | undefined;
      try {
        const response = await options.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body,
          signal,
        });
        if (retriesLeft && (idempotent || response.status === 429)) waitMs = retryDelay(response, attempt);
        if (waitMs === undefined) return await checkResponse(response, summary, secrets);
        await response.body?.cancel();
      } catch (error) {
        if (error instanceof PartooResponseError) throw error;
        if (callerSignals.some((s) => s.aborted)) throw abortedError(attempt);
        const neverSent = NOT_SENT_CODES.has(errorCode(error) ?? "");
        if (!retriesLeft || !(idempotent || neverSent)) throw connectionError(error, timeout.aborted, attempt);
        waitMs = backoff(attempt);
      }
      try {
        await sleep(waitMs, AbortSignal.any(callerSignals));
      } catch {
        throw abortedError(attempt);
      }
    }

    function connectionError(error: unknown, timedOut: boolean, attempts: number): PartooConnectionError {
      const where = `${summary.method} ${summary.url}`;
      if (timedOut) {
        return new PartooTimeoutError(
          `${where} timed out: no complete answer within ${timeoutMs} ms (gave up after ${attempts} attempt(s))`,
          summary,
          attempts,
        );
      }
      const reason = redact(describeNetworkError(error), secrets);
      return new PartooConnectionError(`${where} failed after ${attempts} attempt(s): ${reason}`, summary, attempts);
    }
  };

  function backoff(attempt: number): number {
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  }

  function retryDelay(response: Response, attempt: number): number | undefined {
    if (!RETRY_STATUSES.has(response.status)) return undefined;
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    if (retryAfter === undefined) return backoff(attempt);
    return retryAfter <= maxRetryAfterMs ? retryAfter : undefined;
  }
}

function headerValuesOf(body: string | null): string[] {
  if (body === null) return [];
  try {
    return customHeaderValues(JSON.parse(body));
  } catch {
    return [];
  }
}

/**
 * Reads the body once and returns an equivalent Response, or throws a PartooResponseError when
 * the body is not what the status promises. Error bodies leave here with secrets redacted.
 */
async function checkResponse(
  response: Response,
  request: RequestSummary,
  secrets: readonly string[],
): Promise<Response> {
  const contentType = response.headers.get("content-type") ?? "";
  const text = await response.text();
  const rebuild = (bodyText: string) =>
    new Response(bodyText, { status: response.status, statusText: response.statusText, headers: response.headers });
  const fail = (problem: string): never => {
    throw new PartooResponseError(
      response.status,
      contentType,
      redact(text.slice(0, SNIPPET_LENGTH), secrets),
      request,
      problem,
    );
  };

  const isJson = /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
  if (response.ok) {
    if (text.trim() === "") fail("empty body where JSON was expected");
    if (!isJson) fail("body is not JSON");
    try {
      JSON.parse(text);
    } catch {
      fail("body is malformed JSON");
    }
    return rebuild(text);
  }
  // An error answer: keep it for the caller to read as `error`, unless it is not JSON at all
  // (an HTML page from a gateway), which would otherwise surface as a bare SyntaxError.
  if (isJson) {
    try {
      JSON.parse(text);
    } catch {
      fail("error body is malformed JSON");
    }
  } else if (text.trim() !== "") fail("error body is not JSON");
  return rebuild(redact(text, secrets));
}
