export const REDACTED = "[REDACTED]";

/**
 * Shorter strings are not searched for in text: "v" or "1" would shred any message while hiding
 * nothing. Where a short header value is a value in a structure, it is redacted by position.
 */
export const MIN_SECRET_LENGTH = 6;

const patterns = new Map<string, RegExp>();

/**
 * A pattern matching the secret however a hostile echo may spell it: each character as itself,
 * as a JSON `\uXXXX` escape (either case of hex) or percent-encoded. Escapes vanish when JSON is
 * parsed, so a textual search for the plain secret alone would miss `\u0070\u006b…`.
 */
function patternFor(secret: string): RegExp {
  let pattern = patterns.get(secret);
  if (!pattern) {
    const hexCase = (hex: string) => hex.replace(/[a-f]/g, (h) => `[${h}${h.toUpperCase()}]`);
    const source = [...secret]
      .map((char) => {
        const code = char.codePointAt(0) ?? 0;
        const alternatives = [char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")];
        if (code <= 0xffff) alternatives.push(`\\\\u${hexCase(code.toString(16).padStart(4, "0"))}`);
        if (code < 0x80) alternatives.push(`%${hexCase(code.toString(16).padStart(2, "0"))}`);
        if (char === "/") alternatives.push("\\\\/");
        return `(?:${alternatives.join("|")})`;
      })
      .join("");
    pattern = new RegExp(source, "g");
    if (patterns.size > 1_000) patterns.clear(); // bounded: secrets come from a client's own requests
    patterns.set(secret, pattern);
  }
  return pattern;
}

/** Replaces every occurrence of each secret (of MIN_SECRET_LENGTH or more), however escaped, with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  // Without a single escape in the text, only the plain spelling can match: no pattern is needed,
  // and a pattern for a 512-character header value costs most of a second to compile.
  const plainOnly = !ANY_ESCAPE.test(text);
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    out = plainOnly ? out.split(secret).join(REDACTED) : out.replace(patternFor(secret), REDACTED);
  }
  return out;
}

/** What patternFor spells a character as, besides itself: a JSON \u escape, a percent escape, `\/`. */
const ANY_ESCAPE = /\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}|\\\//;

/**
 * A copy of parsed JSON (or any plain data) with every secret redacted in every string, keys
 * included. Run it on the structure before rendering it to text: what was escaped in the raw
 * body is plain here, so nothing slips through as an escape sequence.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return redact(node, secrets);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([key, v]) => [redact(key, secrets), walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
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
