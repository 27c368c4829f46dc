import type { RequestSummary } from "../errors.js";
import { Redactor } from "./redact.js";

/**
 * An answer already read, checked and parsed: openapi-fetch gets the parsed value from `json()`
 * rather than parsing the text a second time. It announces its decoded length, since
 * openapi-fetch calls `json()` only when a Content-Length is there (else `text()` and a parse of
 * its own), and it keeps the original's `url`. A subclass, not methods patched onto a Response.
 */
export class CheckedResponse extends Response {
  readonly #request: RequestSummary;
  readonly #text: string;
  readonly #value: unknown;
  readonly #url: string;
  readonly #redactor: Redactor;

  static {
    // On the prototype, as Response's own `url` is: a per-instance defineProperty costs each answer.
    Object.defineProperty(CheckedResponse.prototype, "url", {
      get(this: CheckedResponse) {
        return this.#url;
      },
    });
  }

  /**
   * Which request an answer belongs to, for `unwrap`'s errors: a Response has no method, and one
   * built by a custom fetch has no URL either. Undefined for a Response this module did not build
   * (one a middleware substituted).
   */
  static requestOf(response: Response): RequestSummary | undefined {
    return #request in response ? response.#request : undefined;
  }

  /**
   * The redaction boundary of the request this answers (its key as sent, its header values):
   * for whatever is built from the answer later (unwrap's errors, validateResponses' findings).
   */
  static redactorOf(response: Response): Redactor {
    return #redactor in response ? response.#redactor : new Redactor();
  }

  constructor(
    original: Response,
    request: RequestSummary,
    byteLength: number,
    text: string,
    value: unknown,
    redactor: Redactor = new Redactor(),
  ) {
    // No body stream: the answer was read already (so a Response's own body would be used up
    // too); json() and text() hand out what was read, and building a stream per answer cost more
    // than the rest of the check.
    super(null, {
      status: original.status,
      statusText: original.statusText,
      headers: original.headers,
    });
    // The body here is decoded: its encoding and any length the server gave no longer apply.
    this.headers.delete("content-encoding");
    this.headers.set("content-length", String(byteLength));
    this.#request = request;
    this.#text = text;
    this.#value = value;
    this.#url = original.url;
    this.#redactor = redactor;
  }

  override json(): Promise<unknown> {
    return Promise.resolve(this.#value);
  }

  override text(): Promise<string> {
    return Promise.resolve(this.#text);
  }
}
