import createClient, { type Client } from "openapi-fetch";
import { type PartooEnvironment, resolveBaseUrl } from "./environments.js";
import { PartooValidationError, type SpecViolation } from "./errors.js";
import { isLoopbackUrl } from "./internal/loopback.js";
import { findOperation, type OperationData } from "./internal/operation-lookup.js";
import { checkOptionNames, optionNames } from "./internal/option-names.js";
import { withDefaultOrgId } from "./internal/org-id.js";
import { parameterViolations } from "./internal/parameter-rules.js";
import { PlainRequest } from "./internal/plain-request.js";
import { createTransport, type RetryOptions } from "./internal/transport.js";
import { type WebhooksResource, webhooksResource } from "./resources/webhooks.js";
import type { PartooPaths } from "./types.js";

/** Options of `createPartooClient`; only `apiKey` is required. */
export interface PartooClientOptions {
  /**
   * Sent as `x-APIKey` on every request; never shown in errors, logs or `toString()`. A function
   * is called before every attempt, for keys that rotate (from a secret manager, say): a 401 is
   * then retried once if the function gives a different key.
   */
  apiKey: string | (() => string | Promise<string>);
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
  /**
   * Allows a `baseUrl` of plain `http://` to a host other than this machine (default false: the
   * key would cross the network in clear). http to localhost / 127.0.0.1 / [::1] is always allowed.
   */
  allowInsecureHttp?: boolean;
  /** The fetch to use. Default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Refuse invalid request bodies and path/query parameters before sending them (default true). */
  validateRequests?: boolean;
  /**
   * Check every answer against the spec: a 2xx, or an error status the spec documents, whose
   * body or content type breaks it (default "off"). "warn" hands each violation to
   * `onSpecViolation`; "throw" raises a PartooSpecViolationError carrying the answer. Properties
   * the spec does not list go to `onSpecViolation` in both modes and are never thrown. The
   * validators (~100 kB) load on the first answer checked, not with the client.
   */
  validateResponses?: "off" | "warn" | "throw";
  /**
   * Receives what `validateResponses` finds and does not throw. Default: one `console.warn` per
   * operation and rule, then at most one a minute for that rule; rule names and JSON pointers,
   * never a value from the body.
   */
  onSpecViolation?: (violation: SpecViolation) => void;
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

/**
 * The client: `webhooks` for the methods named for the task, and the openapi-fetch client typed by
 * the spec's paths (`GET`, `POST`, `request`, `use`) for anything else.
 */
export type PartooClient = Client<PartooPaths> & {
  /** The webhook configuration endpoints as methods that resolve to data or throw a typed error. */
  readonly webhooks: WebhooksResource;
};

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

const OPTION_NAMES = optionNames<PartooClientOptions>({
  apiKey: true,
  orgId: true,
  environment: true,
  baseUrl: true,
  fetch: true,
  validateRequests: true,
  validateResponses: true,
  onSpecViolation: true,
  maxRetries: true,
  timeoutMs: true,
  maxResponseBytes: true,
  signal: true,
  retry: true,
  allowInsecureHttp: true,
});
const RETRY_NAMES = optionNames<NonNullable<PartooClientOptions["retry"]>>({
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
});

/** A wrong type for an option, in one line naming it (JavaScript callers have no compiler to say so). */
function checkType(name: string, value: unknown, expected: "string" | "function" | "boolean" | "object"): void {
  if (value !== undefined && (typeof value !== expected || value === null)) {
    throw new TypeError(`${name} must be a${expected === "object" ? "n" : ""} ${expected}, got ${typeName(value)}`);
  }
}

const typeName = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : typeof value);

function checkOptions(options: PartooClientOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`createPartooClient takes an options object ({ apiKey, … }), got ${typeName(options)}`);
  }
  checkOptionNames("createPartooClient", options, OPTION_NAMES);
  checkType("retry", options.retry, "object");
  if (options.retry) checkOptionNames("createPartooClient retry", options.retry, RETRY_NAMES);
  checkType("baseUrl", options.baseUrl, "string");
  checkType("environment", options.environment, "string");
  checkType("fetch", options.fetch, "function");
  checkType("validateRequests", options.validateRequests, "boolean");
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`signal must be an AbortSignal, got ${typeName(options.signal)}`);
  }
  const { apiKey } = options;
  if (typeof apiKey !== "function" && (typeof apiKey !== "string" || apiKey.trim() === "")) {
    throw new TypeError("apiKey is required: a non-empty string (your Partoo API key) or a function that returns one");
  }
  if (typeof apiKey === "string" && /[\r\n\0]/.test(apiKey)) {
    throw new TypeError("apiKey contains CR, LF or NUL (value not shown)");
  }
  const mode = options.validateResponses;
  if (mode !== undefined && mode !== "off" && mode !== "warn" && mode !== "throw") {
    throw new TypeError(`validateResponses must be "off", "warn" or "throw", got ${JSON.stringify(mode)}`);
  }
  if (options.onSpecViolation !== undefined && typeof options.onSpecViolation !== "function") {
    throw new TypeError("onSpecViolation must be a function");
  }
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

type Init = { params?: { query?: Record<string, unknown> } & Record<string, unknown>; body?: unknown } & Record<
  string,
  unknown
>;

/**
 * A call PlainRequest cannot stand for: its own middleware (handed a real Request), or a body that
 * may not become a string (a FormData, or whatever its own bodySerializer makes).
 */
function needsRealRequest(init: Init | undefined): boolean {
  if (init === undefined) return false;
  const middleware = init.middleware as unknown[] | undefined;
  return (
    (middleware !== undefined && middleware.length > 0) ||
    init.bodySerializer !== undefined ||
    init.body instanceof FormData
  );
}

/** The modules loaded on first use: the request-body validators, the response validators. */
let bodyRules: typeof import("./internal/body-rules.js") | undefined;
let responseChecks: Promise<typeof import("./internal/response-checks.js")> | undefined;

/**
 * A client for Partoo's webhook configuration endpoints.
 *
 * @example
 * const partoo = createPartooClient({ apiKey: process.env.PARTOO_API_KEY!, environment: "sandbox" });
 * const webhook = await partoo.webhooks.get(42);
 * // The path-based client, for anything else:
 * const { data, error } = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 42 } } });
 */
export function createPartooClient(options: PartooClientOptions): PartooClient {
  checkOptions(options);
  const { apiKey, orgId, validateRequests = true, validateResponses = "off" } = options;
  const baseUrl = resolveBaseUrl(options);
  // The API on loopback (the embedded sandbox) may deliver to a plain http receiver on loopback;
  // Partoo itself takes https only, so any other base URL keeps that rule.
  const bodyRuleOptions = { allowLoopbackHttp: isLoopbackUrl(baseUrl) };
  // The key lives only in closures (here and openapi-fetch's): never on an object someone might
  // log or serialise. A key from a function is set by the transport, attempt by attempt.
  const client = createClient<PartooPaths>({
    baseUrl,
    // No Request per call unless middleware is there to see it (see PlainRequest).
    Request: PlainRequest as unknown as typeof Request,
    ...(typeof apiKey === "string" ? { headers: { "x-APIKey": apiKey } } : {}),
    fetch: createTransport({
      fetch: options.fetch ?? globalThis.fetch,
      secrets: typeof apiKey === "string" ? [apiKey] : [],
      apiKey: typeof apiKey === "function" ? apiKey : undefined,
      signal: options.signal,
      ...options.retry,
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    }),
  });

  /** Refuses what the spec forbids; null when the request may go. */
  const refusal = (method: string, path: string, op: OperationData, init: Init | undefined) => {
    const violations = parameterViolations(op, init?.params);
    if (op.requestBody && bodyRules)
      violations.push(...bodyRules.requestBodyViolations(method, path, init?.body, bodyRuleOptions));
    return violations.length > 0 ? new PartooValidationError(`${method} ${path}`, violations) : null;
  };

  /** Set by the first `use()`: middleware is handed real Requests from then on. */
  let middleware = false;
  const use = client.use;
  client.use = (...added) => {
    middleware = true;
    use(...added);
  };

  /** The init to send: default org_id filled in, checked, a real Request where middleware runs. */
  const prepare = (method: string, path: string, init: Init | undefined): Init | undefined => {
    const op = findOperation(method, path);
    const query = withDefaultOrgId(op, init?.params?.query, orgId);
    const prepared = query === init?.params?.query || !query ? init : { ...init, params: { ...init?.params, query } };
    if (validateRequests && op) {
      const refused = refusal(method, path, op, prepared);
      if (refused) throw refused;
    }
    return middleware || needsRealRequest(prepared) ? { ...prepared, Request: globalThis.Request } : prepared;
  };

  let report: ((violation: SpecViolation) => void) | undefined = options.onSpecViolation;
  /** `validateResponses`: the answer checked once the validators are loaded (on first use). */
  const checked = async (method: string, path: string, sent: Promise<unknown>): Promise<unknown> => {
    const result = (await sent) as { data?: unknown; error?: unknown; response: Response };
    responseChecks ??= import("./internal/response-checks.js");
    const checks = await responseChecks;
    report ??= checks.rateLimitedWarn();
    const body = result.response.ok ? result.data : result.error;
    checks.checkAnswer({ method, path, response: result.response, body }, validateResponses as "warn", report);
    return result;
  };

  /** One call: prepared, sent, checked; a refusal comes back as a rejected promise, never thrown. */
  const call = (method: string, path: string, init: Init | undefined, send: (init?: Init) => Promise<unknown>) => {
    try {
      // The body rules load with the first request that has a body: their validators are the
      // largest part of the client, and a reader of webhooks never needs them.
      const sent =
        validateRequests && !bodyRules && init?.body !== undefined
          ? import("./internal/body-rules.js").then((rules) => {
              bodyRules = rules;
              return send(prepare(method, path, init));
            })
          : send(prepare(method, path, init));
      return validateResponses === "off" ? sent : checked(method, path, sent);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // Plain functions, no async layer on the common path.
  const wrapped = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of METHODS) {
    const send = wrapped[method] as (path: string, init?: Init) => Promise<unknown>;
    wrapped[method] = (path: unknown, init: unknown) =>
      call(method, path as string, init as Init, (prepared) => send(path as string, prepared));
  }
  const request = client.request as unknown as (method: string, path: string, init?: Init) => Promise<unknown>;
  wrapped.request = (method: unknown, path: unknown, init: unknown) =>
    call(String(method).toUpperCase(), path as string, init as Init, (prepared) =>
      request(method as string, path as string, prepared),
    );
  return Object.assign(client, { webhooks: webhooksResource(client) });
}
