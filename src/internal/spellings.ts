/**
 * Every way a hostile echo (or our own escaping) may spell a secret, in two halves that must
 * agree: `patternFor` matches a secret in all its spellings; `SpellingView` reads a text once and
 * says which secrets it cannot hold, so their patterns need not run. test/internal/spellings.test.ts
 * checks, spelling by spelling, that the view never rules out a text a pattern matches.
 */

/**
 * Shorter strings are not searched for in free text: "v" or "1" would shred any message while
 * hiding nothing. Where a short value is a value in a structure, it is redacted by position; from
 * SHORT_TEXT_MIN characters, also where text sets it apart (quoted, or after `=`, `: ` or `/`).
 */
export const MIN_SECRET_LENGTH = 6;
export const SHORT_TEXT_MIN = 3;

const hex = (code: number, width: number) => code.toString(16).padStart(width, "0");
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
const utf8Bytes = (char: string) => [...new TextEncoder().encode(char)];
/** JSON's and JavaScript's two-character escapes, as pattern source, by the character they stand for. */
const JSON_SHORT: Record<string, string> = { '"': '\\\\"', "\\": "\\\\\\\\", "\b": "\\\\b", "\f": "\\\\f" };
Object.assign(JSON_SHORT, { "\n": "\\\\n", "\r": "\\\\r", "\t": "\\\\t", "/": "\\\\/", "'": "\\\\'" });
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
/** NUL between characters: a UTF-16 body read as UTF-8, raw or as JSON and util.inspect spell it. */
const NUL_SOURCE = "\\x00|\\\\u0000|\\\\x00";
const NUL = `(?:${NUL_SOURCE})?`;

/** Every spelling of one character, as pattern source. */
export function alternativesFor(char: string): string[] {
  const code = char.codePointAt(0) ?? 0;
  const out = [literal(char)];
  if (code <= 0xffff) out.push(`\\\\u${hex(code, 4)}`); // JSON, and JavaScript source
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out.push(`\\\\x${hex(code, 2)}`); // util.inspect
  out.push(
    utf8Bytes(char)
      .map((b) => `%${hex(b, 2)}`)
      .join(""),
  ); // percent-encoded UTF-8
  if (code >= 0x80 && code <= 0xff) {
    // Latin-1 as sent in a header: one byte, then read back as UTF-8 (U+FFFD) or re-encoded.
    out.push(`%${hex(code, 2)}`, "\\ufffd", literal(String.fromCharCode(...utf8Bytes(char))));
  }
  if (char === " ") out.push("\\+"); // form encoding
  if (char === "~") out.push("~0"); // JSON pointer
  if (char === "/") out.push("~1");
  const short = JSON_SHORT[char];
  if (short) out.push(short);
  const entity = ENTITIES[char];
  if (entity) out.push(entity);
  out.push(`&#x0*${hex(code, 1)};`, `&#0*${code};`); // HTML and XML
  return out;
}

const patterns = new Map<string, RegExp>();

/** Pattern source for every spelling of the secret, character by character, NULs allowed between (no `i` flag yet). */
export function sourceFor(secret: string): string {
  return [...secret].map((char) => `(?:${alternativesFor(char).join("|")})`).join(NUL);
}

/**
 * A pattern matching the secret however it is spelled, each character on its own: as itself, as
 * a JSON or util.inspect escape, percent-encoded (UTF-8, or Latin-1 as a header carries it), as a
 * JSON-pointer or XML escape, with a NUL after it (UTF-16), in any case. Mixed spellings match
 * too: `\u006b/%65y~1`.
 */
export function patternFor(secret: string): RegExp {
  let pattern = patterns.get(secret);
  if (!pattern) {
    const source = sourceFor(secret);
    // A short value only where text sets it apart: "…", '…', =…, ": …", /…/ (a pointer token).
    const delimited = `(?<=["'=/]|: )(?:${source})(?=["'/;,&)\\]}>\\s]|$)`;
    pattern = new RegExp(secret.length < MIN_SECRET_LENGTH ? delimited : source, "gi");
    if (patterns.size > 1_000) patterns.clear(); // bounded: secrets come from a client's own requests
    patterns.set(secret, pattern);
  }
  return pattern;
}

/** The view's reading of the named entities and of JSON's short escapes: the tables above, inverted. */
const ENTITY_CHARS = Object.fromEntries(Object.entries(ENTITIES).map(([char, entity]) => [entity.slice(1, -1), char]));
const SHORT_CHARS = Object.fromEntries(Object.entries(JSON_SHORT).map(([char, source]) => [source.at(-1), char]));
/**
 * One escape that begins with `\\` or `&` at a given place (sticky), captured by kind, in any letter
 * case as the patterns allow. (`%XX`, `+` and `~0`/`~1`, the other escapes, are read without it.)
 */
const ESCAPE_AT = new RegExp(
  [
    "\\\\u([0-9a-f]{4})",
    "\\\\x([0-9a-f]{2})",
    "&#x0*([0-9a-f]{1,6});",
    "&#0*(\\d{1,7});",
    `&(${Object.keys(ENTITY_CHARS).join("|")});`,
    `\\\\([${Object.keys(SHORT_CHARS).map(literal).join("")}])`,
  ].join("|"),
  "iy",
);
/** The spellings of NUL that patterns allow between two characters. */
const NUL_SPELLINGS = new RegExp(NUL_SOURCE, "gi");
/** What the NUL spellings are made of, upper-cased. */
const NUL_PARTS = ["\x00", "\\", "U", "X", "0"];
const LONE = /^[\uD800-\uDFFF]$/;
const NON_ASCII = /[\u0080-\uffff]/;
/** The characters a non-ASCII text may hold in a Latin-1 spelling (U+FFFD, or UTF-8 read as Latin-1). */
const LATIN_1 = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i).toUpperCase());

const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1);
/** The byte `%XX` at `index` spells, or -1. */
function byteAt(text: string, index: number): number {
  if (text.charCodeAt(index) !== 37) return -1;
  const hi = hexValue(text.charCodeAt(index + 1));
  const lo = hexValue(text.charCodeAt(index + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * The character a percent-encoded UTF-8 sequence starting at `index` spells, or -1 (not one, or
 * not whole). Decoded by hand: no allocation, no exception per `%XX` (a TextDecoder that throws
 * on bad input costs ~20 µs a call), and no BOM stripped (TextDecoder drops a leading U+FEFF).
 */
function utf8At(text: string, index: number): number {
  const lead = byteAt(text, index);
  const length =
    lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
  if (length === 0) return -1;
  let code = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
  for (let k = 1; k < length; k++) {
    const b = byteAt(text, index + 3 * k);
    if (b < 0x80 || b > 0xbf) return -1;
    code = code * 64 + (b & 0x3f);
  }
  const min = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return -1;
  return code;
}

/**
 * A text read once for what it can hold: which characters an escape in it may stand for, and the
 * text itself upper-cased with NUL spellings removed. A secret can be in the text only if each
 * run of its characters that no escape there stands for is in the text as it is: most texts rule
 * most secrets out with a few substring searches, before any pattern runs.
 *
 * Upper-casing, not lower-casing: the patterns' `i` flag compares characters by their upper case,
 * and two characters equal that way (σ and ς) may differ in lower case.
 */
export class SpellingView {
  readonly #upper: string;
  /** Upper-cased characters an escape in the text may stand for. */
  readonly #escaped: Set<string>;

  constructor(text: string) {
    const escaped = new Set<string>();
    let nul = text.includes("\x00");
    const add = (code: number) => {
      if (code === 0) nul = true;
      if (code >= 0 && code <= 0x10ffff) escaped.add(String.fromCodePoint(code).toUpperCase());
    };
    for (let index = 0; index < text.length; index++) {
      const c = text.charCodeAt(index);
      // \\ % & ~ +: the only places an escape begins. `%XX`, `+` and `~0`/`~1` need no regex.
      if (c !== 92 && c !== 37 && c !== 38 && c !== 126 && c !== 43) continue;
      if (c === 37) {
        const byte = byteAt(text, index);
        add(byte); // ASCII, or past 0x80 a Latin-1 byte as a header carries it (-1: not an escape)
        if (byte >= 0xc2) add(utf8At(text, index));
        continue;
      }
      if (c === 43) {
        escaped.add(" ");
        continue;
      }
      if (c === 126) {
        const next = text.charCodeAt(index + 1);
        if (next === 48) escaped.add("~");
        else if (next === 49) escaped.add("/");
        continue;
      }
      ESCAPE_AT.lastIndex = index;
      const m = ESCAPE_AT.exec(text);
      if (!m) continue;
      const [, u, x, hexEntity, decEntity, entity, short] = m;
      if (u !== undefined) add(Number.parseInt(u, 16));
      else if (x !== undefined) add(Number.parseInt(x, 16));
      else if (hexEntity !== undefined) add(Number.parseInt(hexEntity, 16));
      else if (decEntity !== undefined) add(Number.parseInt(decEntity, 10));
      else if (entity !== undefined) escaped.add((ENTITY_CHARS[entity.toLowerCase()] as string).toUpperCase());
      else if (short !== undefined) escaped.add((SHORT_CHARS[short.toLowerCase()] as string).toUpperCase());
    }
    if (NON_ASCII.test(text)) for (const char of LATIN_1) escaped.add(char);
    const upper = text.toUpperCase();
    this.#upper = nul ? upper.replace(NUL_SPELLINGS, "") : upper;
    // Without its NULs the text may lose a secret's own `\u0000` or NUL: a run never holds what a
    // NUL spelling is made of, so removing them joins a run's characters and never breaks one.
    if (nul) for (const char of NUL_PARTS) escaped.add(char);
    this.#escaped = escaped;
  }

  /**
   * The text had a match replaced by `marker`: the view still holds for it if the marker's own
   * characters count as escaped. No escape begins in the marker or runs through it, so the new
   * text's escapes are a subset of the old one's; a run without marker characters lies in a stretch
   * of the text the replacement left as it was.
   */
  replaced(marker: string): void {
    for (const char of marker) this.#escaped.add(char.toUpperCase());
  }

  /** False when the text cannot hold the secret in any spelling its pattern matches. */
  mayHold(secret: string, upperSecret = secret.toUpperCase()): boolean {
    const escaped = this.#escaped;
    if (escaped.size === 0) return this.#upper.includes(upperSecret);
    // The runs stand in the text in the secret's order: each is looked for after the one before,
    // so a secret costs one pass over the text however many runs it has.
    const upperText = this.#upper;
    let from = 0;
    let run = "";
    for (const char of secret) {
      const upper = char.toUpperCase();
      // A lone surrogate is never looked for: %EF%BF%BD spells every one, and in the text it may be
      // half of a pair that upper-casing changes (𐐨 → 𐐀 changes the low half).
      if (!escaped.has(upper) && !LONE.test(char)) run += upper;
      else if (run !== "") {
        const at = upperText.indexOf(run, from);
        if (at < 0) return false;
        from = at + run.length;
        run = "";
      }
    }
    return run === "" || upperText.indexOf(run, from) >= 0;
  }
}
