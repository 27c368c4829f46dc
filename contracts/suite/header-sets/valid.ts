import fc from "fast-check";
import type { Family, Parts } from "./family.js";
import { type Entry, type HeaderRules, headersOf, specAndHttpValid, spelled } from "./rules.js";

/**
 * Sets both the spec and HTTP allow, in six families. All share one arbitrary (any valid set of 0
 * to the maximum of headers), so a failing set shrinks to the smallest valid set that still fails;
 * the strata are what make each family reach its corner.
 */
export function validFamilies(rules: HeaderRules, p: Parts): Family[] {
  const { maxHeaders, maxName, maxValue, nameChars, punctuation, reserved: word } = rules;
  const { bodyMax, valueChars, alphanumeric, chars, entry, entries, distinct } = p;
  const family = (id: string, label: string, strata: Family["strata"]): Family => ({
    id,
    label,
    expect: "accept",
    arbitrary: entries(0, maxHeaders),
    strata,
    build(structure) {
      const list = structure as Entry[];
      const headers = Object.fromEntries(headersOf(list, rules));
      if (Object.keys(headers).length !== list.length || !specAndHttpValid(headers, rules)) return undefined;
      return { family: id, expect: "accept", headers, why: "the spec allows every header of this set" };
    },
  });
  const tuple = (...items: fc.Arbitrary<Entry>[]) => distinct(fc.tuple(...items).map((e) => [...e]));
  const upper = rules.prefix.map((a) => a[0] as string);
  const lower = rules.prefix.map((a) => a[a.length - 1] as string);
  const spelledAs = (prefix: string[]) =>
    fc.record({ prefix: fc.constant(prefix), body: chars(nameChars, 1, 24), value: p.value });

  /** A body holding `held` at random places among random alphanumerics. */
  const holding = (held: string[]) =>
    fc.array(chars(alphanumeric, 0, 3), { minLength: held.length + 1, maxLength: held.length + 1 }).map((fill) =>
      fill
        .map((f, i) => f + (held[i] ?? ""))
        .join("")
        .slice(0, bodyMax),
    );
  const everyPunctuation = fc
    .tuple(fc.shuffledSubarray(punctuation, { minLength: punctuation.length }), fc.integer({ min: 1, max: maxHeaders }))
    .chain(([shuffled, n]) => {
      const size = Math.ceil(shuffled.length / n);
      const chunks = Array.from({ length: n }, (_, i) => shuffled.slice(i * size, (i + 1) * size));
      return tuple(...chunks.filter((c) => c.length > 0).map((c) => entry(holding(c))));
    });
  const edges = entry(
    fc
      .tuple(fc.constantFrom(...punctuation), chars(alphanumeric, 0, 10), fc.constantFrom(...punctuation))
      .map((t) => t.join("")),
  );

  /** Each proper prefix of the reserved word (the longest first), cut off by a character that does not continue it. */
  const lengths = Array.from({ length: Math.min(maxHeaders, word.length - 1) }, (_, i) => word.length - 1 - i);
  const cutOff = (k: number) =>
    entry(
      fc
        .tuple(
          fc.tuple(...word.slice(0, k).map((a) => fc.constantFrom(...a))),
          fc.constantFrom(...nameChars.filter((c) => !word[k]?.includes(c))),
          chars(nameChars, 0, 8),
        )
        .map(([head, stop, tail]) => head.join("") + stop + tail),
    );
  const nearWord = entry(
    fc
      .tuple(
        fc.tuple(...word.map((a) => fc.constantFrom(...a))),
        fc.nat({ max: word.length - 1 }),
        fc.constantFrom(...nameChars),
        fc.constantFrom("replace", "before", "later"),
      )
      .map(([letters, at, c, how]) => {
        const w = letters.join("");
        if (how === "before") return c + w;
        if (how === "later") return `${c}-${w}`;
        const swap = word[at]?.includes(c) ? nameChars.find((d) => !word[at]?.includes(d)) : c;
        return w.slice(0, at) + swap + w.slice(at + 1);
      }),
  );
  /** Lengths drawn over the whole range, not fast-check's default of mostly short ones. */
  const wide = (from: string[], max: number) =>
    fc.string({ unit: fc.constantFrom(...from), maxLength: max, size: "max" });
  const exactly = (n: number) => chars(nameChars, n, n);
  const valueOfLength = (n: number) => chars(valueChars, n, n);

  return [
    family("prefix-case", `names starting ${spelled(rules.prefix)} in either case`, [
      { label: "upper and lower case side by side", arbitrary: tuple(spelledAs(upper), spelledAs(lower)) },
      {
        label: "lower case only",
        arbitrary: distinct(fc.array(spelledAs(lower), { minLength: 1, maxLength: maxHeaders })),
      },
    ]),
    family("punctuation", "every token punctuation character", [
      { label: `all ${punctuation.length} punctuation characters`, arbitrary: everyPunctuation },
      {
        label: "punctuation first and last",
        arbitrary: distinct(fc.array(edges, { minLength: 1, maxLength: maxHeaders })),
      },
    ]),
    family("name-length", `names of ${rules.prefix.length} to ${maxName} characters`, [
      {
        label: `the shortest name and names of ${maxName} and ${maxName - 1} characters`,
        arbitrary: tuple(entry(fc.constant("")), entry(exactly(bodyMax)), entry(exactly(bodyMax - 1))),
      },
      {
        label: "lengths across the range",
        arbitrary: distinct(
          fc.array(entry(wide(nameChars, bodyMax)), { minLength: maxHeaders, maxLength: maxHeaders }),
        ),
      },
    ]),
    family("near-reserved", `names close to the reserved ${spelled(rules.prefix)}${spelled(word)} prefix`, [
      { label: `proper prefixes of ${spelled(word)}`, arbitrary: tuple(...lengths.map(cutOff)) },
      {
        label: "one letter changed, or the word moved",
        arbitrary: distinct(fc.array(nearWord, { minLength: 1, maxLength: maxHeaders })),
      },
    ]),
    family("value-length", `values of 0 to ${maxValue} characters`, [
      {
        label: `an empty value and values of ${maxValue} and ${maxValue - 1} characters`,
        arbitrary: tuple(
          entry(undefined, fc.constant("")),
          entry(undefined, valueOfLength(maxValue)),
          entry(undefined, valueOfLength(maxValue - 1)),
        ),
      },
      {
        label: "values across the range",
        arbitrary: distinct(
          fc.array(entry(undefined, wide(valueChars, maxValue)), { minLength: 1, maxLength: maxHeaders }),
        ),
      },
    ]),
    family("header-count", `0 to ${maxHeaders} headers`, [
      { label: "no headers", arbitrary: fc.constant([]) },
      { label: `${maxHeaders} headers`, arbitrary: entries(maxHeaders, maxHeaders) },
    ]),
  ];
}
