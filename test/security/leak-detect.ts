/**
 * Finds a secret in a channel's output, in every spelling the leak hunter knows, written apart
 * from src/internal/redact.ts on purpose: the code under test must not also be the judge.
 */
export const SPELLINGS = [
  "raw",
  "trimmed",
  "jsonEscaped",
  "uEscaped",
  "pointer",
  "urlEncoded",
  "utf16",
  "utf16Escaped",
  "lowercase",
] as const;
export type Spelling = (typeof SPELLINGS)[number];

/** Shorter than this, a secret is searched only as a whole JSON string (`"abc"`): as bare text it would be found everywhere. */
export const TEXT_SEARCH_MIN = 6;

function spellingsOf(secret: string): [Spelling, string][] {
  const trimmed = secret.replace(/^[\t ]+|[\t ]+$/g, "");
  const forms: [Spelling, string][] = [
    ["raw", secret],
    ["trimmed", trimmed],
    ["jsonEscaped", JSON.stringify(trimmed).slice(1, -1)],
    ["uEscaped", [...trimmed].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")],
    ["pointer", trimmed.replaceAll("~", "~0").replaceAll("/", "~1")],
    ["urlEncoded", encodeURIComponent(trimmed)],
    ["utf16", [...trimmed].join("\0")],
    // UTF-16 read as UTF-8, as JSON.stringify and util.inspect then spell its NULs.
    ["utf16Escaped", [...trimmed].join("\\u0000")],
    ["utf16Escaped", [...trimmed].join("\\x00")],
    ["lowercase", trimmed.toLowerCase()],
  ];
  return forms.filter(([, text]) => text.length > 0);
}

/** The spellings of `secret` found in `text` (a short secret only as a whole quoted JSON string). */
export function leaksIn(text: string, secret: string): Spelling[] {
  const trimmed = secret.trim();
  if (trimmed.length < TEXT_SEARCH_MIN) {
    const quoted = [`"${trimmed}"`, JSON.stringify(trimmed), `'${trimmed}'`, `: ${trimmed}`, `=${trimmed}`];
    return quoted.some((q) => text.includes(q)) ? ["raw"] : [];
  }
  const found: Spelling[] = [];
  const tried = new Set<string>();
  // A spelling that is the same text as an earlier one (no character to escape) counts once, as the earlier.
  for (const [spelling, form] of spellingsOf(secret)) {
    if (tried.has(form)) continue;
    tried.add(form);
    if (text.includes(form)) found.push(spelling);
  }
  return found;
}
