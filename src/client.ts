import createClient, { type Client } from "openapi-fetch";
import { type PartooEnvironment, resolveBaseUrl } from "./environments.js";
import { PartooValidationError } from "./errors.js";
import { findOperation } from "./internal/operation-lookup.js";
import { withDefaultOrgId } from "./internal/org-id.js";
import { parameterViolations, requestBodyViolations } from "./internal/request-rules.js";
import { createTransport, NO_CALLER_SIGNAL, type RetryOptions } from "./internal/transport.js";
import type { PartooPaths } from "./types.js";

export interface PartooClientOptions {
  /** Sent as `x-APIKey` on every request; never shown in errors, logs or `toString()`. */
  apiKey: string;
  /** Default `org_id` for every operation that takes one (for PROVIDER users); a call's own `org_id` wins. */
  orgId?: number;
  /** `production` (default) or `sandbox`, resolved from the spec's `servers`. */
  environment?: PartooEnvironment;
  /**
   * Overrides `environment`; any http(s) URL, e.g. a local sandbox. Refused if it holds
   * credentials (`user:pass@`), a query or a fragment: none has a meaning here, and credentials
   * would be echoed wherever the URL is shown.
   */
  baseUrl?: string;
  /** The fetch to use. Default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Refuse invalid request bodies and path/query parameters before sending them (default true). */
  validateRequests?: boolean;
  /** Retries after the first attempt (default 2, 0 for none). See the README for what is retried. */
  maxRetries?: number;
  /** Per-attempt timeout in ms, headers and body (default 30 000; 1 to 2 147 483 647). */
  timeoutMs?: number;
  /**
   * Largest answer read, in bytes after decompression (default 8 MiB, 20× a full 100-item page).
   * A larger one is a PartooResponseTooLargeError, and the connection is released.
   */
  maxResponseBytes?: number;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** Backoff tuning: `baseDelayMs` (500), `maxDelayMs` (8 000), `maxRetryAfterMs` (60 000). */
  retry?: Omit<RetryOptions, "maxRetries">;
}

/** The openapi-fetch client, typed by the spec's paths. */
export type PartooClient = Client<PartooPaths>;

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

function checkOptions(options: PartooClientOptions): void {
  if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new TypeError("apiKey is required: a non-empty string (your Partoo API key)");
  }
  if (/[\r\n\0]/.test(options.apiKey)) throw new TypeError("apiKey contains CR, LF or NUL (value not shown)");
  if (options.orgId !== undefined && !Number.isSafeInteger(options.orgId)) {
    throw new TypeError(`orgId must be an integer, got ${JSON.stringify(options.orgId)}`);
  }
  // setTimeout fires at once for a delay above 2^31 - 1 ms: a huge timeout would mean none.
  checkRange("timeoutMs", options.timeoutMs, 1, MAX_TIMER_MS);
  checkRange("maxRetries", options.maxRetries, 0, 10);
  checkRange("maxResponseBytes", options.maxResponseBytes, 1, Number.MAX_SAFE_INTEGER);
  checkRange("retry.baseDelayMs", options.retry?.baseDelayMs, 0, MAX_TIMER_MS);
  checkRange("retry.maxDelayMs", options.retry?.maxDelayMs, 0, MAX_TIMER_MS);
  checkRange("retry.maxRetryAfterMs", options.retry?.maxRetryAfterMs, 0, MAX_TIMER_MS);
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function checkRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
}

const NO_SIGNAL_INIT = Object.freeze({ [NO_CALLER_SIGNAL]: true }) as Init;

type Init = { params?: { query?: Record<string, unknown> } & Record<string, unknown>; body?: unknown } & Record<
  string,
  unknown
>;

/**
 * A client for Partoo's webhook configuration endpoints.
 *
 * @example
 * const partoo = createPartooClient({ apiKey: process.env.PARTOO_API_KEY!, environment: "sandbox" });
 * const { data, error } = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } });
 */
export function createPartooClient(options: PartooClientOptions): PartooClient {
  checkOptions(options);
  const { apiKey, orgId, validateRequests = true } = options;
  // The key lives only in closures (here and openapi-fetch's): never on an object someone might
  // log or serialise.
  const client = createClient<PartooPaths>({
    baseUrl: resolveBaseUrl(options),
    headers: { "x-APIKey": apiKey },
    fetch: createTransport({
      fetch: options.fetch ?? globalThis.fetch,
      secrets: [apiKey],
      signal: options.signal,
      ...options.retry,
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    }),
  });

  const prepare = (method: string, path: string, init: Init | undefined): Init | undefined => {
    const op = findOperation(method, path);
    const query = withDefaultOrgId(op, init?.params?.query, orgId);
    const prepared = query === init?.params?.query || !query ? init : { ...init, params: { ...init?.params, query } };
    if (validateRequests && op) {
      const violations = [
        ...parameterViolations(op, prepared?.params),
        ...(op.requestBody ? requestBodyViolations(method, path, prepared?.body) : []),
      ];
      if (violations.length > 0) throw new PartooValidationError(`${method} ${path}`, violations);
    }
    // openapi-fetch builds a Request whose signal nobody can abort unless the call gave one; saying
    // so spares the transport an abort listener per attempt. (openapi-fetch copies init keys it
    // does not know onto the Request: its documented way to reach a custom fetch.)
    if (prepared?.signal != null) return prepared;
    return prepared ? { ...prepared, [NO_CALLER_SIGNAL]: true } : NO_SIGNAL_INIT;
  };

  // Plain functions, no async layer: a refusal still comes back as a rejected promise.
  const wrapped = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of METHODS) {
    const send = wrapped[method] as (path: string, init?: Init) => Promise<unknown>;
    wrapped[method] = (path: unknown, init: unknown) => {
      try {
        return send(path as string, prepare(method, path as string, init as Init));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  const request = client.request as unknown as (method: string, path: string, init?: Init) => Promise<unknown>;
  wrapped.request = (method: unknown, path: unknown, init: unknown) => {
    try {
      return request(
        method as string,
        path as string,
        prepare(String(method).toUpperCase(), path as string, init as Init),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return client;
}
