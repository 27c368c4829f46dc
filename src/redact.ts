export const REDACTED = "[REDACTED]";

/**
 * Shorter strings are not searched for in text: "v" or "1" would shred any message while hiding
 * nothing. Where a short header value is a value in a structure, it is redacted by position.
 */
export const MIN_SECRET_LENGTH = 6;

/** Replaces every occurrence of each secret (of MIN_SECRET_LENGTH or more) with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  return out;
}

/** The values of every `custom_headers` object in a JSON request body: secrets by convention. */
export function customHeaderValues(body: unknown): string[] {
  const values: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "custom_headers" && value && typeof value === "object") {
          for (const v of Object.values(value)) if (typeof v === "string") values.push(v);
        } else visit(value);
      }
    }
  };
  visit(body);
  return values;
}

/** A copy of a JSON body with every custom header value replaced by `[REDACTED]` (names kept). */
export function redactCustomHeaders(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(redactCustomHeaders);
  if (!body || typeof body !== "object") return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) =>
      key === "custom_headers" && value && typeof value === "object"
        ? [key, Object.fromEntries(Object.keys(value).map((name) => [name, REDACTED]))]
        : [key, redactCustomHeaders(value)],
    ),
  );
}
