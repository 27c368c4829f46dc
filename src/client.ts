import createClient, { type Client } from "openapi-fetch";
import { type PartooEnvironment, resolveBaseUrl } from "./environments.js";
import { PartooValidationError } from "./errors.js";
import { findOperation } from "./operation-lookup.js";
import { requestBodyViolations } from "./request-rules.js";
import { createTransport, type RetryOptions } from "./transport.js";
import type { PartooPaths } from "./types.js";

export interface PartooClientOptions {
  /** Sent as `x-APIKey` on every request; never shown in errors, logs or `toString()`. */
  apiKey: string;
  /** Default `org_id` for every operation that takes one (for PROVIDER users); a call's own `org_id` wins. */
  orgId?: number;
  /** `production` (default) or `sandbox`, resolved from the spec's `servers`. */
  environment?: PartooEnvironment;
  /** Overrides `environment`; any http(s) URL, e.g. a local sandbox. */
  baseUrl?: string;
  /** The fetch to use. Default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Refuse invalid request bodies before sending them (default true). */
  validateRequests?: boolean;
  /** Retries after the first attempt (default 2, 0 for none). See the README for what is retried. */
  maxRetries?: number;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
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
}

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
    }),
  });

  const prepare = (method: string, path: string, init: Init | undefined): Init | undefined => {
    const op = findOperation(method, path);
    if (validateRequests && op?.requestBody) {
      const violations = requestBodyViolations(method, path, init?.body);
      if (violations.length > 0) throw new PartooValidationError(`${method} ${path}`, violations);
    }
    const takesOrgId = op?.parameters.some((p) => p.name === "org_id" && p.in === "query");
    if (orgId === undefined || !takesOrgId || init?.params?.query?.org_id !== undefined) return init;
    return { ...init, params: { ...init?.params, query: { ...init?.params?.query, org_id: orgId } } };
  };

  const wrapped = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of METHODS) {
    const send = wrapped[method] as (path: string, init?: Init) => Promise<unknown>;
    wrapped[method] = async (path: unknown, init: unknown) =>
      send(path as string, prepare(method, path as string, init as Init));
  }
  const request = client.request as unknown as (method: string, path: string, init?: Init) => Promise<unknown>;
  wrapped.request = async (method: unknown, path: unknown, init: unknown) =>
    request(method as string, path as string, prepare(String(method).toUpperCase(), path as string, init as Init));
  return client;
}
