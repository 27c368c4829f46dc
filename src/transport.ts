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
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * A signal aborted by its own timer or by any caller signal, for one attempt or one backoff wait.
 * A plain controller and timer, cleared by `done()`: AbortSignal.timeout/any cost a third of a
 * stub request's throughput, and their timers outlive the request.
 */
function timedSignal(callerSignals: readonly AbortSignal[], timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(new Error("aborted by the caller"));
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  for (const s of callerSignals) {
    if (s.aborted) onAbort();
    else s.addEventListener("abort", onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      for (const s of callerSignals) s.removeEventListener("abort", onAbort);
    },
  };
}

/** Waits `ms`; rejects at once if a caller signal aborts first. */
function sleep(ms: number, callerSignals: readonly AbortSignal[]): Promise<void> {
  const wait = timedSignal(callerSignals, ms);
  return new Promise<void>((resolve, reject) => {
    const settle = () => {
      wait.done();
      if (wait.timedOut()) resolve();
      else reject(new Error("aborted"));
    };
    if (wait.signal.aborted) settle();
    else wait.signal.addEventListener("abort", settle, { once: true });
  });
}

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
    const idempotent = IDEMPOTENT_METHODS.has(request.method);
    const body = request.body ? await request.text() : null;
    const secrets = body === null ? options.secrets : [...options.secrets, ...headerValuesOf(body)];
    const callerSignals = [request.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);

    const abortedError = (attempt: number) =>
      new PartooAbortError(
        `${summary.method} ${summary.url} was aborted after ${attempt} attempt(s)`,
        summary,
        attempt,
      );

    for (let attempt = 1; ; attempt++) {
      const attemptSignal = timedSignal(callerSignals, timeoutMs);
      const retriesLeft = attempt <= maxRetries;
      let waitMs: number | undefined;
      try {
        // Without a body the Request can be handed on as is; with one, it is re-sent from the text.
        const response = await (body === null
          ? options.fetch(request, { signal: attemptSignal.signal })
          : options.fetch(request.url, {
              method: request.method,
              headers: request.headers,
              body,
              signal: attemptSignal.signal,
            }));
        if (retriesLeft && (idempotent || response.status === 429)) waitMs = retryDelay(response, attempt);
        if (waitMs === undefined) {
          return await checkResponse(response, summary, secrets, {
            done: attemptSignal.done,
            failed: (error) => (attemptSignal.timedOut() ? connectionError(error, true, attempt) : error),
          });
        }
        attemptSignal.done();
        await response.body?.cancel();
      } catch (error) {
        attemptSignal.done();
        if (error instanceof PartooResponseError) throw error;
        if (callerSignals.some((s) => s.aborted)) throw abortedError(attempt);
        const neverSent = NOT_SENT_CODES.has(errorCode(error) ?? "");
        if (!retriesLeft || !(idempotent || neverSent)) throw connectionError(error, attemptSignal.timedOut(), attempt);
        waitMs = backoff(attempt);
      }
      try {
        await sleep(waitMs, callerSignals);
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

interface AttemptEnd {
  /** Stops the attempt's timer: the body has been read, or there is none to read. */
  done: () => void;
  /** What a failed body read becomes (a timeout is reported as one). */
  failed: (error: unknown) => unknown;
}

/**
 * Makes the response safe to hand to openapi-fetch, which reads it with `text()` (no
 * Content-Length) or `json()`. A success is checked as it is read, inside the attempt's timeout:
 * not JSON, empty or malformed becomes a PartooResponseError, never a bare SyntaxError. An error
 * answer is read now and its secrets redacted. The Response itself is kept, so `response.url`
 * survives, and nothing is read twice.
 */
async function checkResponse(
  response: Response,
  request: RequestSummary,
  secrets: readonly string[],
  end: AttemptEnd,
): Promise<Response> {
  const contentType = response.headers.get("content-type") ?? "";
  const isJson = /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
  const fail = (problem: string, text: string): PartooResponseError =>
    new PartooResponseError(
      response.status,
      contentType,
      redact(text.slice(0, SNIPPET_LENGTH), secrets),
      request,
      problem,
    );
  const readText = async (): Promise<string> => {
    try {
      return await Response.prototype.text.call(response);
    } catch (error) {
      throw end.failed(error);
    } finally {
      end.done();
    }
  };

  if (response.ok) {
    if (!isJson) throw fail("body is not JSON", await readText());
    if (response.headers.get("content-length") === "0") {
      end.done();
      throw fail("empty body where JSON was expected", "");
    }
    let checked: Promise<{ text: string; value: unknown }> | undefined;
    const check = () => {
      checked ??= readText().then((text) => {
        if (text.trim() === "") throw fail("empty body where JSON was expected", text);
        try {
          return { text, value: JSON.parse(text) as unknown };
        } catch {
          throw fail("body is malformed JSON", text);
        }
      });
      return checked;
    };
    // json() when the answer has a Content-Length, text() (then JSON.parse) when it has none.
    return Object.assign(response, { json: async () => (await check()).value, text: async () => (await check()).text });
  }
  const text = await readText();
  // An error answer that is not JSON at all (a gateway's HTML page) would otherwise reach the
  // caller as a bare string; one that claims JSON but is broken, as a SyntaxError.
  if (isJson) {
    try {
      JSON.parse(text);
    } catch {
      throw fail("error body is malformed JSON", text);
    }
  } else if (text.trim() !== "") throw fail("error body is not JSON", text);
  const redacted = redact(text, secrets);
  return Object.assign(response, { text: async () => redacted, json: async () => JSON.parse(redacted) as unknown });
}
