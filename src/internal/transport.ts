import {
  PartooAbortError,
  PartooConnectionError,
  PartooError,
  PartooResponseError,
  PartooResponseTooLargeError,
  PartooTimeoutError,
  parseRetryAfter,
  type RequestSummary,
} from "../errors.js";
import { CheckedResponse } from "./checked-response.js";
import { describeNetworkError, provablyNotSent } from "./network-error.js";
import { PlainRequest } from "./plain-request.js";
import { BodyReadError, DEFAULT_MAX_RESPONSE_BYTES, declaredTooLarge, decodeText, readBody } from "./read-body.js";
import { customHeaderValues, Redactor, snippetOf } from "./redact.js";
import { fetchWithinOrigin } from "./redirects.js";
import { sleep } from "./sleep.js";

/**
 * When and how long the client retries (the client's `retry` option): only what is safe to repeat,
 * a 429/503's `Retry-After` honoured up to a limit. See docs/retries-and-timeouts.md.
 *
 * @example
 * createPartooClient({ apiKey, retry: { maxRetries: 4, maxRetryAfterMs: 10_000 } });
 */
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
  /**
   * A key that may change: called before every attempt, and its answer sent as `x-APIKey` (and
   * added to `secrets`). A 401 is retried once when the callback then gives another key.
   */
  apiKey?: (() => string | Promise<string>) | undefined;
  /** Largest answer read, in decoded bytes. Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

/** Statuses worth another try: the server says it did not, or may not have, handled the request. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const SNIPPET_LENGTH = 80;
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * A signal aborted by its own timer or by any caller signal, for one attempt or one backoff wait.
 * A plain controller and timer, cleared by `done()`: AbortSignal.timeout/any cost a third of a
 * stub request's throughput, and their timers outlive the request. (Exported, like readAnswer and
 * checkResponse, for the bench's per-component table.)
 */
export function timedSignal(callerSignals: readonly AbortSignal[], timeoutMs: number) {
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

/**
 * The fetch the openapi-fetch client runs on: one attempt at a time, each bounded by `timeoutMs`
 * (headers and body), retried as below, every answer read within `maxResponseBytes` and checked
 * before anyone parses it, and redirects followed only within the API's origin.
 *
 * Retry rule: GET (and other idempotent methods) on a network error, a body cut short, or
 * 408/429/500/502/503/504. POST only where the server provably did not act: 429 (rate limited
 * before handling) or a connection that was never established. Anything else could create a
 * duplicate webhook, and the API has no delete.
 */
export function createTransport(options: TransportOptions): (request: Request | PlainRequest) => Promise<Response> {
  const {
    maxRetries = 2,
    baseDelayMs = 500,
    maxDelayMs = 8_000,
    maxRetryAfterMs = 60_000,
    timeoutMs = 30_000,
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  } = options;
  const fetchFn = options.fetch;
  /** The fixed secrets, compiled once: most requests (a string key, no body) add none. */
  const baseRedactor = new Redactor(options.secrets);
  /** Every key the apiKey callback gave, the last MAX_ROTATED: an old key echoed later is still a secret. */
  const rotated: string[] = [];

  /**
   * The whole retry rule: one attempt's outcome in, a delay or STOP out.
   * - No retries left: stop.
   * - An answer: retried only for 408/429/500/502/503/504; a POST only for 429, which the server
   *   refuses before handling it. `Retry-After` is waited for up to maxRetryAfterMs, else backoff.
   * - A failure: our own refusals (a redirect, a body too large) and the caller's abort are final;
   *   a network failure is retried for idempotent methods, and for a POST only when provably
   *   never sent, since a duplicate create cannot be deleted.
   */
  function retryDecision(outcome: Outcome, attempt: number, method: string): number | typeof STOP {
    if (attempt > maxRetries) return STOP;
    const idempotent = IDEMPOTENT_METHODS.has(method);
    if ("response" in outcome) {
      const { status, headers } = outcome.response;
      if (!RETRY_STATUSES.has(status) || (!idempotent && status !== 429)) return STOP;
      const retryAfter = parseRetryAfter(headers.get("retry-after"));
      if (retryAfter === undefined) return backoff(attempt);
      return retryAfter <= maxRetryAfterMs ? retryAfter : STOP;
    }
    if (outcome.error instanceof PartooError || outcome.aborted) return STOP;
    return idempotent || provablyNotSent(outcome.error) ? backoff(attempt) : STOP;
  }

  function backoff(attempt: number): number {
    return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  }

  return async function send(request: Request | PlainRequest): Promise<Response> {
    const summary: RequestSummary = { method: request.method, url: request.url };
    const body = request instanceof PlainRequest ? request.bodyText : request.body ? await request.text() : null;
    // A redactor of its own only when something may join the list: a body's header values, a rotating key.
    const redactor =
      body === null && !options.apiKey
        ? baseRedactor
        : new Redactor([...options.secrets, ...rotated, ...headerValuesOf(body)]);
    const keySource = options.apiKey;
    /** A key from the callback, known to this request's redactor and remembered for later ones. */
    const remember = (key: string): string => {
      redactor.add(key);
      if (!rotated.includes(key)) rotated.push(key);
      if (rotated.length > MAX_ROTATED) rotated.shift();
      return key;
    };
    /** The key the last attempt sent, and the one the next must send (after a 401 with a new key). */
    let sentKey: string | undefined;
    let nextKey: string | undefined;
    // A PlainRequest has a signal only when the call gave one: no listener on a signal nobody can abort.
    const callerSignals = [request.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);

    /** One try: the answer read whole within the attempt's deadline, or why there is none. Never throws. */
    async function attempt(): Promise<Outcome> {
      let headers: Headers = request.headers;
      if (keySource) {
        try {
          sentKey = nextKey ?? remember(await resolveKey(keySource));
        } catch (error) {
          return { error, timedOut: false, aborted: false };
        }
        nextKey = undefined;
        headers = new Headers(request.headers);
        headers.set("x-APIKey", sentKey);
      }
      const deadline = timedSignal(callerSignals, timeoutMs);
      try {
        const response = await fetchWithinOrigin(fetchFn, {
          method: request.method,
          url: request.url,
          headers,
          body,
          signal: deadline.signal,
        });
        // Read whole, inside this deadline: a stalled or endless body fails here, not later.
        return { response, bytes: await readAnswer(response, summary, maxResponseBytes) };
      } catch (error) {
        return { error, timedOut: deadline.timedOut(), aborted: callerSignals.some((s) => s.aborted) };
      } finally {
        deadline.done();
      }
    }

    let keyRetried = false;
    // The boundary: every error of this request leaves through redactor.error (message, body,
    // headers, content type, cause), whichever step made it.
    try {
      return await untilDone();
    } catch (error) {
      throw redactor.error(error);
    }

    async function untilDone(): Promise<Response> {
      for (let tries = 1; ; tries++) {
        const outcome = await attempt();
        // A 401 right after the key rotated: the request was refused before it was handled (so a
        // POST too), and the new key deserves one try. Only once: a wrong key stays a 401.
        if (keySource && !keyRetried && "response" in outcome && outcome.response.status === 401) {
          keyRetried = true;
          const fresh = await resolveKey(keySource).then(remember, () => sentKey);
          if (fresh !== sentKey) {
            nextKey = fresh;
            continue;
          }
        }
        const wait = retryDecision(outcome, tries, request.method);
        if (wait === STOP) {
          if ("response" in outcome) {
            return checkResponse(outcome.response, outcome.bytes, summary, redactor);
          }
          throw failure(outcome, tries);
        }
        try {
          await sleep(wait, callerSignals);
        } catch {
          throw failure({ error: undefined, timedOut: false, aborted: true }, tries);
        }
      }
    }

    /** The typed error for an attempt that got no usable answer. */
    function failure(outcome: Failed, attempts: number): PartooError {
      const where = `${summary.method} ${summary.url}`;
      if (outcome.error instanceof PartooError) return outcome.error;
      if (outcome.aborted)
        return new PartooAbortError(`${where} was aborted after ${attempts} attempt(s)`, summary, attempts);
      if (outcome.timedOut) {
        return new PartooTimeoutError(
          `${where} timed out: no complete answer within ${timeoutMs} ms (gave up after ${attempts} attempt(s))`,
          summary,
          attempts,
        );
      }
      const reason =
        outcome.error instanceof BodyReadError ? outcome.error.message : describeNetworkError(outcome.error);
      return new PartooConnectionError(`${where} failed after ${attempts} attempt(s): ${reason}`, summary, attempts);
    }
  };
}

const STOP = Symbol("stop");
const MAX_ROTATED = 16;

type Answered = { response: Response; bytes: Uint8Array };
type Failed = { error: unknown; timedOut: boolean; aborted: boolean };
/** What one attempt came to. */
type Outcome = Answered | Failed;

/**
 * The current key from the caller's callback, checked as `apiKey` itself is. A failing callback
 * is a PartooError naming the option, never the value (its own error, redacted, is the cause).
 */
async function resolveKey(source: () => string | Promise<string>): Promise<string> {
  let key: unknown;
  try {
    key = await source();
  } catch (error) {
    throw new PartooError(`the apiKey callback failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (typeof key !== "string" || key.trim() === "" || /[\r\n\0]/.test(key)) {
    throw new PartooError(
      "the apiKey callback must resolve to a non-empty string without CR, LF or NUL (value not shown)",
    );
  }
  return key;
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
 * The whole body, or a PartooResponseTooLargeError past `maxBytes` (counted after decompression,
 * so a gzip bomb stops at the cap too). A body cut short is a BodyReadError, which the attempt
 * treats as a network failure; a timeout surfaces as the attempt's own abort.
 */
export async function readAnswer(response: Response, request: RequestSummary, maxBytes: number): Promise<Uint8Array> {
  const contentType = response.headers.get("content-type") ?? "";
  const tooLarge = () =>
    new PartooResponseTooLargeError(
      response.status,
      contentType,
      "",
      request,
      `body exceeds maxResponseBytes (${maxBytes} bytes); reading stopped and the connection was released`,
    );
  if (declaredTooLarge(response.headers.get("content-length"), maxBytes)) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  try {
    return await readBody(response.body, { maxBytes });
  } catch (error) {
    if (error instanceof BodyReadError && error.kind === "tooLarge") throw tooLarge();
    throw error;
  }
}

/**
 * Makes the answer safe to hand to openapi-fetch. A success must be JSON: empty or malformed
 * becomes a PartooResponseError, never a bare SyntaxError. An error answer has its secrets
 * redacted on the parsed structure (escaped spellings included), then as text. Synchronous: the
 * body was read within the attempt.
 */
export function checkResponse(
  response: Response,
  bytes: Uint8Array,
  request: RequestSummary,
  secrets: Redactor | readonly string[],
): Response {
  const redactor = secrets instanceof Redactor ? secrets : new Redactor(secrets);
  const contentType = response.headers.get("content-type") ?? "";
  const isJson = /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());
  const text = decodeText(bytes, contentType);
  // Redacted before it is cut, so a snippet can never end in part of a secret.
  const fail = (problem: string): PartooResponseError =>
    redactor.error(
      new PartooResponseError(
        response.status,
        contentType,
        snippetOf(redactor.text(text), SNIPPET_LENGTH),
        request,
        problem,
      ),
    );
  const parse = (): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return MALFORMED; // never the parser's message: it quotes the body
    }
  };

  if (response.ok) {
    if (!isJson) throw fail("body is not JSON");
    if (text.trim() === "") throw fail("empty body where JSON was expected");
    const value = parse();
    if (value === MALFORMED) throw fail("body is malformed JSON");
    return new CheckedResponse(response, request, bytes.byteLength, text, value, redactor);
  }
  // An error answer that is not JSON at all (a gateway's HTML page) would otherwise reach the
  // caller as a bare string; one that claims JSON but is broken, as a SyntaxError.
  if (!isJson) {
    if (text.trim() !== "") throw fail("error body is not JSON");
    return new CheckedResponse(response, request, 0, "", undefined, redactor);
  }
  const parsed = text.trim() === "" ? undefined : parse();
  if (parsed === MALFORMED) throw fail("error body is malformed JSON");
  const redacted = redactor.deep(parsed);
  const redactedText = redacted === undefined ? "" : JSON.stringify(redacted);
  return new CheckedResponse(
    response,
    request,
    new TextEncoder().encode(redactedText).byteLength,
    redactedText,
    redacted,
    redactor,
  );
}

const MALFORMED = Symbol("malformed JSON");
