import type { PartooErrorBody } from "./types.js";

// The bottom of the package: every other module may import this one, so it imports nothing but
// types (test/internal/layering.test.ts holds it to that). What the error classes need to show
// themselves and to read Retry-After is therefore here, not in src/internal.

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** Base class of every error this package throws; branch on `instanceof`, never on message text. */
export class PartooError extends Error {
  /** `"PartooError"`, also in `String(error)`. */
  override name = "PartooError";

  /**
   * util.inspect / console.log: the stack and fields, which the client's redaction boundary has
   * already cleaned (see docs/secrets.md); the answer of a spec violation only as its status.
   */
  [inspectSymbol](_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string): string {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (key === "name") continue; // in the stack already
      fields[key] = key === "response" && value instanceof Response ? `[Response ${value.status}, not shown]` : value;
    }
    if (this.cause !== undefined) fields.cause = this.cause;
    const stack = this.stack ?? `${this.name}: ${this.message}`;
    if (Object.keys(fields).length === 0 || !inspect) return stack;
    return `${stack} ${inspect(fields, options)}`;
  }

  /** JSON.stringify: name, message and the same fields (headers as an object, an answer left out). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key === "name" || (key === "response" && value instanceof Response)) continue;
      out[key] = typeof Headers !== "undefined" && value instanceof Headers ? Object.fromEntries(value) : value;
    }
    return out;
  }
}

/**
 * `Retry-After` in ms: delta-seconds (a non-negative whole number) or an HTTP date. Undefined when
 * absent or anything else (`-5`, `1.5`, `soon`): those are ignored, not read as a date. Read by
 * PartooApiError for `retryAfterMs`, and by the transport's retry decision and the reconcile
 * pacer, so all three wait alike. Not part of the public API.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim() ?? "";
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day or month; a bare number of any other shape is not one.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * One broken rule, wherever it was found: a request the client refused, a response the validation
 * subpath checked, a contract check that failed. Never carries the offending value.
 */
export interface Finding {
  /**
   * JSON pointer of the offending value: `/items/0/custom_headers` in a body, `/query/per_page`
   * in the parameters, "" for the body or the message as a whole.
   */
  instancePath: string;
  /**
   * The rule: a JSON Schema keyword (`pattern`, `maxLength`…), one of the client's (`https`,
   * `controlCharacters`, `eventType`), or what was checked (`status`, `contentType`, a contract check).
   */
  keyword: string;
  /** What is wrong, in words (a header name may appear, a value never). */
  message: string;
  /** Where in the schema the rule is, for schema rules. */
  schemaPath?: string;
  /** The custom header concerned: its name, never its value. */
  headerName?: string;
}

/** A name rule (`/custom_headers` itself) or a value rule (`/custom_headers/X-Token`). */
function describe(f: Finding): string {
  const where = f.instancePath || "(body)";
  // A value rule sits at /…/custom_headers/<name>; a name rule at /…/custom_headers itself.
  const isValue = f.headerName !== undefined && f.instancePath.split("/").at(-2) === "custom_headers";
  const header =
    f.headerName === undefined
      ? ""
      : isValue
        ? ` value of header ${JSON.stringify(f.headerName)}`
        : ` header name ${JSON.stringify(f.headerName)}`;
  return `${where}:${header} ${f.message} [${f.keyword}]`;
}

/** The request (its parameters or body) broke the spec, or one of the client's extra safety rules; nothing was sent. */
export class PartooValidationError extends PartooError {
  /** `"PartooValidationError"`, also in `String(error)`. */
  override name = "PartooValidationError";
  constructor(
    /** The operation refused: `POST /webhooks`. */
    readonly operation: string,
    /** Every broken rule, one finding each. */
    readonly violations: readonly Finding[],
  ) {
    const lines = violations.map((v) => `  - ${describe(v)}`);
    super(
      `Invalid request for ${operation} (${violations.length} problem${violations.length === 1 ? "" : "s"}), not sent:\n${lines.join("\n")}`,
    );
  }
}

/** Where a failed request went. The URL holds no secret: the API key travels in a header. */
export interface RequestSummary {
  /** `GET`, `POST`. */
  method: string;
  /** The full URL requested, query included. */
  url: string;
}

/** The API answered with a non-2xx status. `body` is the parsed error body (secrets redacted). */
export class PartooApiError extends PartooError {
  /** `"PartooApiError"`, also in `String(error)`. */
  override name = "PartooApiError";
  /** The answer's headers (the API key is never among them: it travels in the request). */
  readonly headers: Headers;
  /** How long the server asked to wait (`Retry-After`, in ms), where it said. */
  readonly retryAfterMs: number | undefined;
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The parsed error body, the API key and custom header values redacted. */
    readonly body: unknown,
    /** The request that failed. */
    readonly request: RequestSummary,
    headers: Headers = new Headers(),
  ) {
    super(
      `${[request.method, request.url].filter(Boolean).join(" ")} failed with ${status}${summarizeErrorBody(body)}`,
    );
    this.headers = headers;
    this.retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  }

  /** The subclass for a status, so callers can `catch (e) { if (e instanceof PartooNotFoundError) … }`. */
  static from(status: number, body: unknown, request: RequestSummary, headers?: Headers): PartooApiError {
    const Class = statusClasses[status] ?? (status >= 500 ? PartooServerError : PartooApiError);
    return new Class(status, body, request, headers);
  }
}
/** 400: the API refused the request (its `body` says why). */
export class PartooBadRequestError extends PartooApiError {
  /** `"PartooBadRequestError"`, also in `String(error)`. */
  override name = "PartooBadRequestError";
  /** The body as the spec documents it for 400 (what the API sent: checked only under `validateResponses`). */
  declare readonly body: PartooErrorBody<400>;
}
/** 401: the API key is missing, wrong or revoked. */
export class PartooAuthenticationError extends PartooApiError {
  /** `"PartooAuthenticationError"`, also in `String(error)`. */
  override name = "PartooAuthenticationError";
  /** The body as the spec documents it for 401 (what the API sent: checked only under `validateResponses`). */
  declare readonly body: PartooErrorBody<401>;
}
/** 403: the key may not act on that organization. */
export class PartooPermissionError extends PartooApiError {
  /** `"PartooPermissionError"`, also in `String(error)`. */
  override name = "PartooPermissionError";
  /** The body as the spec documents it for 403 (what the API sent: checked only under `validateResponses`). */
  declare readonly body: PartooErrorBody<403>;
}
/** 404: no such webhook (or not visible to this key). */
export class PartooNotFoundError extends PartooApiError {
  /** `"PartooNotFoundError"`, also in `String(error)`. */
  override name = "PartooNotFoundError";
  /** The body as the spec documents it for 404 (what the API sent: checked only under `validateResponses`). */
  declare readonly body: PartooErrorBody<404>;
}
/** 429: too many requests (after retries); `retryAfterMs` says how long to wait. */
export class PartooRateLimitError extends PartooApiError {
  /** `"PartooRateLimitError"`, also in `String(error)`. */
  override name = "PartooRateLimitError";
}
/** 5xx: the API failed (after retries). */
export class PartooServerError extends PartooApiError {
  /** `"PartooServerError"`, also in `String(error)`. */
  override name = "PartooServerError";
}

const statusClasses: Record<number, typeof PartooApiError> = {
  400: PartooBadRequestError,
  401: PartooAuthenticationError,
  403: PartooPermissionError,
  404: PartooNotFoundError,
  429: PartooRateLimitError,
};

function summarizeErrorBody(body: unknown): string {
  if (body === undefined || body === null || body === "") return "";
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/** A response that is not what its status and content type promise (HTML error page, truncated JSON, empty 200…). */
export class PartooResponseError extends PartooError {
  /** `"PartooResponseError"`, also in `String(error)`. */
  override name = "PartooResponseError";
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The `Content-Type` it claimed ("" when none). */
    readonly contentType: string,
    /** The start of the body, secrets redacted. */
    readonly snippet: string,
    /** The request that got this answer. */
    readonly request: RequestSummary,
    problem: string,
  ) {
    super(
      `${request.method} ${request.url}: ${problem} (status ${status}, content-type ${contentType || "none"})${snippet ? `: ${JSON.stringify(snippet)}` : ""}`,
    );
  }
}

/**
 * A body larger than the client accepts (`maxResponseBytes`): reading stopped there and the
 * connection was released. `snippet` is empty: nothing of such a body is kept.
 */
export class PartooResponseTooLargeError extends PartooResponseError {
  /** `"PartooResponseTooLargeError"`, also in `String(error)`. */
  override name = "PartooResponseTooLargeError";
}

/**
 * A redirect the client would not follow: to another origin (the API key and body stay with the
 * configured origin), to a hidden target, one that would turn a POST into a GET, or one hop too
 * many. `targetOrigin` is the origin only: never the path or query, which may hold anything.
 */
export class PartooRedirectError extends PartooError {
  /** `"PartooRedirectError"`, also in `String(error)`. */
  override name = "PartooRedirectError";
  constructor(
    message: string,
    /** The request that was redirected. */
    readonly request: RequestSummary,
    /** The 3xx status (0 when the runtime hides it). */
    readonly status: number,
    /** The redirect's target origin (never its path or query), undefined when hidden. */
    readonly targetOrigin: string | undefined,
  ) {
    super(message);
  }
}

/** The request never got an answer. `attempts` counts every try, retries included. */
export class PartooConnectionError extends PartooError {
  /** `"PartooConnectionError"`, also in `String(error)`. */
  override name = "PartooConnectionError";
  constructor(
    message: string,
    /** The request that got no answer. */
    readonly request: RequestSummary,
    /** Attempts made, retries included. */
    readonly attempts: number,
  ) {
    super(message);
  }
}
/** An attempt exceeded `timeoutMs`. */
export class PartooTimeoutError extends PartooConnectionError {
  /** `"PartooTimeoutError"`, also in `String(error)`. */
  override name = "PartooTimeoutError";
}
/** The caller's `signal` aborted the request. */
export class PartooAbortError extends PartooConnectionError {
  /** `"PartooAbortError"`, also in `String(error)`. */
  override name = "PartooAbortError";
}

/** The server's pages do not add up (a page repeated), so iterating further could loop forever. */
export class PartooPaginationError extends PartooError {
  /** `"PartooPaginationError"`, also in `String(error)`. */
  override name = "PartooPaginationError";
}

/**
 * What `validateResponses` found in one answer. `kind: "violation"`: the answer breaks the spec
 * (a documented status whose body fails its schema, an undocumented 2xx status or content type);
 * `kind: "undocumented"`: the body carries properties the spec does not list, which the spec
 * allows but which mean it lags behind the API (reported, never thrown).
 */
export interface SpecViolation {
  /** `"violation"` (the spec is broken) or `"undocumented"` (properties it does not list). */
  kind: "violation" | "undocumented";
  /** The operation, as the spec names its path: `GET /webhooks/{webhook_id}`. */
  operation: string;
  /** The answer's HTTP status. */
  status: number;
  /** What broke, with JSON pointers and rule names; never the offending values. */
  findings: readonly Finding[];
  /** The answer, its body already read (the parsed body is on the call's `data` or `error`). */
  response: Response;
}

/**
 * `validateResponses: "throw"`: the API answered in a way its spec does not allow. Carries the
 * findings and the answer; the message names each broken rule, never a value.
 */
export class PartooSpecViolationError extends PartooError {
  /** `"PartooSpecViolationError"`, also in `String(error)`. */
  override name = "PartooSpecViolationError";
  /** The operation, as the spec names its path: `GET /webhooks/{webhook_id}`. */
  readonly operation: string;
  /** The answer's HTTP status. */
  readonly status: number;
  /** Every broken rule, with JSON pointers; never the offending values. */
  readonly findings: readonly Finding[];
  /** The answer, its body already read. */
  readonly response: Response;
  constructor(violation: SpecViolation) {
    const lines = violation.findings.map((f) => `  - ${describe(f)}`);
    super(
      `${violation.operation} answered ${violation.status} in a way the spec does not allow (${violation.findings.length} problem${violation.findings.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    );
    this.operation = violation.operation;
    this.status = violation.status;
    this.findings = violation.findings;
    this.response = violation.response;
  }
}
