import { CustomHeaders } from "../../generated/component-schemas.js";

/** The spec's CustomHeaders name pattern, compiled as Ajv compiles it (no `u` flag: it holds `\"`). */
export const HEADER_NAME_PATTERN = new RegExp(CustomHeaders.propertyNames.pattern);

/** The printable characters the spec's pattern forbids in header names, found by asking the pattern itself. */
export const FORBIDDEN_NAME_CHARACTERS: readonly string[] = Array.from({ length: 95 }, (_, i) =>
  String.fromCharCode(32 + i),
).filter((c) => !HEADER_NAME_PATTERN.test(`X-a${c}`));

const shown = (chars: readonly string[]) => chars.map((c) => (c === " " ? "space" : c)).join(" ");

/**
 * What a header name breaks in the spec's pattern, in words: the forbidden characters it holds,
 * else its prefix. The raw regex said none of it.
 */
export function explainHeaderName(name: string): string {
  const forbidden = [...new Set([...name].filter((c) => FORBIDDEN_NAME_CHARACTERS.includes(c)))];
  if (forbidden.length > 0)
    return `must not contain ${shown(forbidden)} (forbidden in names: ${shown(FORBIDDEN_NAME_CHARACTERS)})`;
  if (!/^x-/i.test(name)) return "must start with X- (any case)";
  if (!HEADER_NAME_PATTERN.test(name)) return "must not start with X-Partoo (any case): the prefix is Partoo's own";
  return "must match the spec's header name pattern";
}
