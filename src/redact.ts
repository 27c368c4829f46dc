export const REDACTED = "[REDACTED]";

/** Replaces every occurrence of each secret (ignoring empty ones) with `[REDACTED]`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join(REDACTED);
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
