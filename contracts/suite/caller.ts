import { PartooRedirectError } from "../../src/errors.js";
import { describeNetworkError } from "../../src/internal/network-error.js";
import { findOperation } from "../../src/internal/operation-lookup.js";
import { withDefaultOrgId } from "../../src/internal/org-id.js";
import { BodyReadError, DEFAULT_MAX_RESPONSE_BYTES, decodeUtf8, readBody } from "../../src/internal/read-body.js";
import { customHeaderValues, Redactor, redactCustomHeaders, snippetOf } from "../../src/internal/redact.js";
import { fetchWithinOrigin } from "../../src/internal/redirects.js";
import type { RequestRecord } from "./results.js";

export interface CallerOptions {
  baseUrl: string;
  apiKey: string;
  orgId?: number | undefined;
  timeoutMs: number;
  maxRequests: number;
}

export interface Call {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string | number>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `application/json` (for bodies that are not JSON). */
  raw?: string;
  auth?: RequestRecord["auth"];
}

export interface Exchange {
  call: Call;
  request: RequestRecord;
  status: number;
  contentType: string;
  /** Parsed JSON, exactly as received (never written out as is), or undefined when the body was empty or not JSON (see parseError). */
  body: unknown;
  /** Where the JSON broke (`at character 12`); never the parser's message, which quotes the body. */
  parseError?: string;
  /** A short snippet of the body, secrets redacted, for reports. */
  snippet: string;
  durationMs: number;
}

/** The request could not be completed (unreachable, timed out, cap reached). */
export class CallFailed extends Error {
  override name = "CallFailed";
}

/**
 * Sends the suite's requests: each bounded in time and size, all bounded in number, redirects
 * followed only within the target's origin (the client's policy), nothing secret recorded.
 */
export class Caller {
  count = 0;
  private readonly secrets: string[];
  /** The same secrets, kept ready: one Redactor for the run, not one per answer. */
  private readonly redactor: Redactor;

  constructor(private readonly options: CallerOptions) {
    this.secrets = [options.apiKey];
    this.redactor = new Redactor(this.secrets);
  }

  async send(call: Call): Promise<Exchange> {
    if (this.count >= this.options.maxRequests) {
      throw new CallFailed(`request cap of ${this.options.maxRequests} reached (PARTOO_CONTRACT_MAX_REQUESTS)`);
    }
    this.count++;
    const url = new URL(`${this.options.baseUrl}${call.path}`);
    const op = findOperation(call.method, call.path);
    const query = withDefaultOrgId(op, call.query, this.options.orgId);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
    const auth = call.auth ?? "valid";
    const headers: Record<string, string> = { accept: "application/json" };
    if (auth === "valid") headers["x-APIKey"] = this.options.apiKey;
    if (auth === "wrong") headers["x-APIKey"] = "partoo-contract-suite-wrong-key";
    const body = call.raw ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
    if (body !== undefined) headers["content-type"] = "application/json";
    for (const value of customHeaderValues(call.json)) {
      this.secrets.push(value);
      this.redactor.add(value);
    }

    const request: RequestRecord = { method: call.method, url: url.toString(), auth };
    if (call.json !== undefined) request.body = redactCustomHeaders(call.json);
    if (call.raw !== undefined) request.body = `(raw, not JSON: ${call.raw.length} characters)`;

    const started = performance.now();
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await fetchWithinOrigin(fetch, {
        method: call.method,
        url: url.toString(),
        headers,
        body: body ?? null,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      bytes = await readBody(response.body, { maxBytes: DEFAULT_MAX_RESPONSE_BYTES });
    } catch (error) {
      const reason =
        (error as Error).name === "TimeoutError"
          ? `no answer within ${this.options.timeoutMs} ms`
          : error instanceof PartooRedirectError || error instanceof BodyReadError
            ? error.message
            : describeNetworkError(error);
      throw new CallFailed(`${call.method} ${url.origin}${url.pathname}: ${this.redactor.text(reason)}`);
    }
    const text = decodeUtf8(bytes);
    const exchange: Exchange = {
      call,
      request,
      status: response.status,
      contentType: response.headers.get("content-type") ?? "",
      body: undefined,
      // Redacted before it is cut, so no part of a secret survives at the edge.
      snippet: snippetOf(this.redactor.text(text), 160),
      durationMs: Math.round(performance.now() - started),
    };
    if (text.trim() !== "") {
      try {
        exchange.body = JSON.parse(text); // checked as received; reports are redacted as a whole
      } catch (error) {
        // Never the parser's message itself: Node's quotes the body it choked on.
        const at = /position (\d+)/.exec((error as Error).message)?.[1];
        exchange.parseError = at === undefined ? "no position given" : `at character ${at}`;
      }
    }
    return exchange;
  }

  /** Strings that must never reach a report: the key and every custom header value sent. */
  get secretValues(): readonly string[] {
    return this.secrets;
  }
}
