/**
 * The two halves of src/internal/spellings.ts must agree: whatever a secret's pattern matches,
 * SpellingView must not rule out, or Redactor.text would skip the pattern and let the secret
 * through. Spellings here are drawn from the patterns themselves (fast-check's stringMatching),
 * so a spelling added to alternativesFor is covered without a second list to keep in step.
 */
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/internal/redact.js";
import { patternFor, SHORT_TEXT_MIN, SpellingView, sourceFor } from "../../src/internal/spellings.js";

/**
 * Characters the spellings treat apart: escape starts, JSON's short escapes, entities, Latin-1,
 * astral, control; U+FEFF (a decoder drops it as a BOM); lone surrogates (percent-encoded as
 * U+FFFD; a low one may be half of a cased pair in the text).
 */
const tricky = fc.constantFrom(
  ..."~/ +%&\\\"'<>\b\f\n\r\t\x00\x7f\x85éÿßσςµİ€😀Kk\ufeff",
  "\ud800",
  "\udfff",
  "\udc28",
  "\ud801",
  "\udd22",
);
const secretChar = fc.oneof(
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
  tricky,
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const secret = fc.array(secretChar, { minLength: SHORT_TEXT_MIN, maxLength: 10 }).map((chars) => chars.join(""));
/** Text around a spelling: anything, escapes included. */
const noise = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^(?:%[0-9a-f]{2}|\\u[0-9a-f]{4}|&#x?[0-9]+;|~[01]|\+| )*$/),
  fc.constantFrom("\ud801", "\ud83a", "\ud801\udc28"), // the high half of a pair whose low half a secret may start with
);

/** The reference: every secret's pattern over the text, longest first, as before the view. */
const everyPattern = (secrets: readonly string[], text: string) =>
  secrets.reduce(
    (out, s) => (s.length >= SHORT_TEXT_MIN && out.length >= s.length ? out.replace(patternFor(s), REDACTED) : out),
    text,
  );

/** The spelling with ASCII letters in random case (the patterns carry the `i` flag). */
const anyCase = (text: string, flips: boolean[]) =>
  [...text]
    .map((c, i) =>
      /[a-z]/i.test(c) && flips[i % flips.length] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c,
    )
    .join("");

const spelled = secret.chain((s) =>
  fc.record({
    secret: fc.constant(s),
    spelling: fc.stringMatching(new RegExp(`^(?:${sourceFor(s)})$`)),
    flips: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
    before: noise,
    after: noise,
  }),
);

const RUNS = { numRuns: Number(process.env.SPELLING_RUNS ?? 2_000), seed: Number(process.env.SPELLING_SEED ?? 25) };

describe("SpellingView never rules out a text its patterns match", () => {
  it("for any spelling of any secret, amid any text", () => {
    fc.assert(
      fc.property(spelled, ({ secret, spelling, flips, before, after }) => {
        const text = `${before}${anyCase(spelling, flips)}${after}`;
        expect(new RegExp(sourceFor(secret), "i").test(text)).toBe(true); // the draw is a spelling
        expect(new SpellingView(text).mayHold(secret)).toBe(true);
      }),
      RUNS,
    );
  });

  it("so Redactor.text redacts exactly what running every pattern would", () => {
    fc.assert(
      fc.property(
        fc.array(spelled, { minLength: 1, maxLength: 4 }),
        fc.array(secret, { maxLength: 4 }),
        (parts, others) => {
          const redactor = new Redactor([...parts.map((p) => p.secret), ...others]);
          const text = parts.map((p) => `${p.before}${anyCase(p.spelling, p.flips)}${p.after}`).join(" ");
          expect(redactor.text(text)).toBe(everyPattern(redactor.secrets, text));
        },
      ),
      { numRuns: 500, seed: 25 },
    );
  });
});

describe("what a hostile-input review found (each leaked before its fix)", () => {
  it.each([
    ["U+FEFF percent-encoded (a TextDecoder dropped it as a BOM)", "token\ufeff", "token%EF%BB%BF"],
    ["U+FEFF, a short secret where text sets it apart", "abc\ufeff", "=abc%ef%bb%bf"],
    ["U+FEFF first", "\ufeffabcdef", "%EF%BB%BFabcdef"],
    ["a lone high surrogate percent-encoded as U+FFFD", "abcdef\ud800", "abcdef%ef%bf%bd"],
    ["a lone low surrogate percent-encoded, quoted", "abc\udfff", '"abc%EF%BF%BD"'],
    ["a lone low surrogate first, half of a cased pair in the text (𐐨)", "\udc28abcdef", "\ud801\udc28abcdef"],
    ["the same with Adlam's 𞤢", "\udd22abcdef", "\ud83a\udd22abcdef"],
  ])("%s", (_, secret, text) => {
    const redactor = new Redactor([secret]);
    expect(redactor.text(text)).toBe(everyPattern(redactor.secrets, text));
    expect(redactor.text(text)).toContain(REDACTED);
  });

  // Bounded work on an 8 MB hostile body: before the fix each bad `%XX` threw inside TextDecoder
  // (1 MB of `%ff` took 7.8 s to read), and the view was read again after every replacement.
  it.each([
    ["1 MB of %ff", "%ff".repeat(350_000), ["unrelated-secret-1"]],
    [
      "20 secrets, each present, in 1 MB of %c3%a9",
      `${"%c3%a9".repeat(170_000)} ${Array.from({ length: 20 }, (_, i) => `present-secret-${i}`).join(" ")}`,
      Array.from({ length: 20 }, (_, i) => `present-secret-${i}`),
    ],
    [
      // `~0` makes `~` escapable: the secret is 300 runs of "Q0", each searched from the start before the fix.
      "a secret of 300 runs against 2 MB, with them at the end",
      `${"Q".repeat(2_000_000)}~0${"Q0~".repeat(300)}`,
      ["Q0~".repeat(300)],
    ],
  ])("%s: under 3 s", (_, text, secrets) => {
    const started = performance.now();
    new Redactor(secrets).text(text);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe("SpellingView rules out what a text cannot hold", () => {
  it.each([
    ["a plain text without the secret", "checks passed: 513 of 518", "X-Token-9f2k"],
    ["JSON with quotes escaped", '{"msg":"say \\"hi\\""}', 'say "hello"'],
    ["a header name spelled with %aa (Latin-1 ª, not any character)", "X-`$xxHb~%aaaaa", "secret-value-1"],
    ["entities that stand for other characters", "a &amp; b &#x3c; c", "b & d"],
  ])("%s", (_, text, absent) => {
    expect(new SpellingView(text).mayHold(absent)).toBe(false);
  });

  it.each([
    ["the secret in another case", "GOT SECRET-VALUE-1", "secret-value-1"],
    ["a character as an entity", "secret&#x2d;value-1", "secret-value-1"],
    ["a UTF-8 character percent-encoded", "caf%C3%A9-key", "café-key"],
    ["UTF-16 read as UTF-8", [..."key-123"].join("\0"), "key-123"],
    ["σ where the secret has ς (equal in upper case)", "ΚΛΕΙΔΙ-σ", "κλειδι-ς"],
    ["a secret holding `\\u0000` as text, beside a NUL", "ab\\u0000cd\0", "ab\\u0000cd"],
    ["a secret holding a NUL itself", "k\0ey-&#x4b;", "k\0ey-K"],
    // The patterns' own completeness, which the properties above cannot see (they draw from the patterns).
    ["a C0 control character as util.inspect escapes it", inspect("key\x01secret"), "key\x01secret"],
    ["a C1 control character as util.inspect escapes it", inspect("key\x85secret"), "key\x85secret"],
    ["U+FFFF, the last \\u escape", "key\\uFFFFsecret", "key\uffffsecret"],
  ])("keeps %s", (_, text, secret) => {
    expect(new SpellingView(text).mayHold(secret)).toBe(true);
    expect(new Redactor([secret]).text(text)).toContain(REDACTED);
  });
});
