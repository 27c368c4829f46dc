import type { Finding } from "../errors.js";
import { patternFor, SHORT_TEXT_MIN, SpellingView } from "./spellings.js";

export const REDACTED = "[REDACTED]";

export { MIN_SECRET_LENGTH } from "./spellings.js";

/** Largest part of a finding's string searched: a finding never needs megabytes. */
const MAX_SEARCHED = 64 * 1024;
/** Each string of a finding, after redaction; and how many findings one answer may report. */
const MAX_FINDING_TEXT = 240;
const MAX_FINDINGS = 50;

/** The secret as fetch puts it on the wire (leading and trailing HTTP whitespace dropped), and as trim() gives it. */
function variantsOf(secret: string): string[] {
  return [secret, secret.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ""), secret.trim()];
}

/**
 * The one place that knows a request's secrets: the API key as given and as sent (a key's
 * surrounding whitespace never reaches the wire), every rotated key, every custom header value.
 * Everything a user can see of an answer passes through it: error messages, bodies, headers,
 * content types, causes and findings (`error()` and `findings()` do all of it at once).
 *
 * @example
 * const redactor = new Redactor([apiKey, ...customHeaderValues(body)]);
 * console.error(redactor.text(message));
 * await writeFile(path, JSON.stringify(redactor.deep(report)));
 */
export class Redactor {
  /** Every secret and its wire variants, longest first (so a longer one is replaced whole). */
  #secrets: string[] = [];
  /** The same, upper-cased, as SpellingView compares them. */
  #upper: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Adds a secret (a rotated key, a header value sent later). Empty strings are ignored. */
  add(secret: string): this {
    if (typeof secret !== "string") return this;
    for (const variant of variantsOf(secret)) {
      if (variant !== "" && !this.#secrets.includes(variant)) this.#secrets.push(variant);
    }
    this.#secrets.sort((a, b) => b.length - a.length);
    this.#upper = this.#secrets.map((s) => s.toUpperCase());
    return this;
  }

  /** The secrets known, wire variants included (for a child redactor, or a test). */
  get secrets(): readonly string[] {
    return this.#secrets;
  }

  /** Text with every secret, in every spelling, replaced by `[REDACTED]`. */
  text(text: string): string {
    let out = text;
    // Read once for what it can hold, so most secrets are ruled out by a substring search
    // instead of a pattern run over the text (a contract run has hundreds of secrets).
    let view: SpellingView | undefined;
    for (const [i, secret] of this.#secrets.entries()) {
      // Every spelling of a character is at least as long as the character: a text shorter than
      // the secret cannot hold it (most strings of a report are short, most header values long).
      if (secret.length < SHORT_TEXT_MIN || out.length < secret.length) continue;
      view ??= new SpellingView(out);
      if (!view.mayHold(secret, this.#upper[i])) continue;
      const next = out.replace(patternFor(secret), REDACTED);
      if (next !== out) view.replaced(REDACTED); // the marker joined the text
      out = next;
    }
    return out;
  }

  /**
   * A copy of parsed JSON (or any plain data) with secrets redacted in every string and key; by
   * position too: every value under `custom_headers`, and any string that is a secret whole,
   * however short.
   */
  /** A string that is a secret whole, however short. */
  #whole(s: string): boolean {
    return this.#secrets.includes(s) || this.#secrets.includes(s.trim());
  }

  deep<T>(value: T): T {
    const whole = (s: string) => this.#whole(s);
    const walk = (node: unknown, underHeaders: boolean): unknown => {
      if (typeof node === "string") return underHeaders || whole(node) ? REDACTED : this.text(node);
      if (Array.isArray(node)) return node.map((n) => walk(n, underHeaders));
      if (node && typeof node === "object" && !(node instanceof Date)) {
        return Object.fromEntries(
          Object.entries(node).map(([key, v]) => [
            whole(key) ? REDACTED : this.text(key),
            walk(v, underHeaders || key === "custom_headers"),
          ]),
        );
      }
      return node;
    };
    return walk(value, false) as T;
  }

  /** A copy of answer headers: values redacted, a header whose name holds a secret left out. */
  headers(headers: Headers): Headers {
    const out = new Headers();
    for (const [name, value] of headers) {
      if (this.text(name) !== name || this.#whole(name)) continue;
      out.append(name, this.#whole(value) ? REDACTED : this.text(value));
    }
    return out;
  }

  /**
   * Findings from an answer, redacted in every spelling they take (raw names, JSON-quoted
   * names in messages, `~0`/`~1` pointer tokens) and bounded: at most MAX_FINDINGS, each string
   * at most MAX_FINDING_TEXT characters, so a 6 MB header name cannot make a 12 MB message.
   */
  findings(findings: readonly Finding[]): Finding[] {
    // Cut to MAX_SEARCHED before the search (far more than any secret's spelling needs), then to size.
    const cut = (s: string) =>
      snippetOf(this.text(s.slice(0, MAX_SEARCHED)), MAX_FINDING_TEXT) + (s.length > MAX_FINDING_TEXT ? "…" : "");
    const kept = findings.slice(0, MAX_FINDINGS).map((f) => {
      const out: Finding = { instancePath: cut(f.instancePath), keyword: cut(f.keyword), message: cut(f.message) };
      if (f.schemaPath !== undefined) out.schemaPath = cut(f.schemaPath);
      if (f.headerName !== undefined) out.headerName = this.#whole(f.headerName) ? REDACTED : cut(f.headerName);
      return out;
    });
    if (findings.length > MAX_FINDINGS) {
      kept.push({ instancePath: "", keyword: "truncated", message: `and ${findings.length - MAX_FINDINGS} more` });
    }
    return kept;
  }

  /**
   * The error made safe to show, in place: its message, stack and every field (bodies, headers,
   * content types, snippets, findings) redacted, its `cause` chain replaced by redacted copies.
   * Returns the same error, so `throw redactor.error(e)`.
   */
  error<E>(error: E): E {
    if (!(error instanceof Error)) return error;
    for (const key of Object.getOwnPropertyNames(error)) {
      if (key === "response") continue; // the answer itself, handed over on purpose (not printed: see PartooError)
      const descriptor = Object.getOwnPropertyDescriptor(error, key);
      if (!descriptor || !("value" in descriptor) || !descriptor.writable) continue;
      const safe = this.#field(key, descriptor.value);
      if (safe !== descriptor.value) Object.defineProperty(error, key, { ...descriptor, value: safe });
    }
    return error;
  }

  #field(key: string, value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (typeof Headers !== "undefined" && value instanceof Headers) return this.headers(value);
    if (value instanceof Error) return key === "cause" ? this.#copy(value) : this.error(value);
    if (key === "findings" || key === "violations") return this.findings(value as Finding[]);
    if (
      value &&
      typeof value === "object" &&
      (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)
    )
      return this.deep(value);
    return value;
  }

  /** A redacted copy of a cause: the caller's own error object is never changed. */
  #copy(cause: Error): Error {
    const copy = new Error(this.text(cause.message));
    copy.name = this.text(cause.name);
    copy.stack = this.text(cause.stack ?? "");
    if (cause.cause !== undefined) {
      copy.cause = cause.cause instanceof Error ? this.#copy(cause.cause) : this.#field("value", cause.cause);
    }
    return copy;
  }
}

/**
 * Replaces every occurrence of each secret, however escaped, with `[REDACTED]` (a secret under
 * MIN_SECRET_LENGTH only where text sets it apart). Same as `new Redactor(secrets).text(text)`.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  return new Redactor(secrets).text(text);
}

/**
 * A copy of parsed JSON (or any plain data) with every secret redacted in every string, keys
 * included (and every custom header value, and any string that is a secret whole). Run it on
 * the structure before rendering it to text: what was escaped in the raw body is plain here, so
 * nothing slips through as an escape sequence.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  return new Redactor(secrets).deep(value);
}

/** At most `length` characters of already-redacted text, never ending inside a `[REDACTED]` marker. */
export function snippetOf(redactedText: string, length: number): string {
  const cut = redactedText.slice(0, length);
  const open = cut.lastIndexOf("[");
  return open >= 0 && REDACTED.startsWith(cut.slice(open)) && cut.slice(open) !== REDACTED ? cut.slice(0, open) : cut;
}

/** The values of every `custom_headers` object in a JSON request body: secrets by convention. */
export function customHeaderValues(body: unknown): string[] {
  const values: string[] = [];
  // Arrays need no branch of their own: Object.entries walks their items in order.
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key !== "custom_headers") visit(value);
      // A malformed body may hold one string where the headers object belongs: still a secret.
      else if (typeof value === "string") values.push(value);
      else if (value && typeof value === "object")
        for (const v of Object.values(value)) if (typeof v === "string") values.push(v);
    }
  };
  visit(body);
  return values;
}

/** A copy of a JSON body with every custom header value replaced by `[REDACTED]` (names kept; a string in their place goes whole). */
export function redactCustomHeaders(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactCustomHeaders);
  if (!body || typeof body !== "object") return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (key !== "custom_headers") return [key, redactCustomHeaders(value)];
      if (typeof value === "string") return [key, REDACTED];
      if (value && typeof value === "object")
        return [key, Object.fromEntries(Object.keys(value).map((n) => [n, REDACTED]))];
      return [key, value];
    }),
  );
}
