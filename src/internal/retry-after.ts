/**
 * `Retry-After` in ms: delta-seconds (a non-negative whole number) or an HTTP date. Undefined when
 * absent or anything else (`-5`, `1.5`, `soon`): those are ignored, not read as a date.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim() ?? "";
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day or month; a bare number of any other shape is not one.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
