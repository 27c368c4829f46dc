import fc from "fast-check";
import type { Family, Parts } from "./family.js";
import {
  clearOfReserved,
  type Entry,
  type HeaderRules,
  headersOf,
  refusedOnlyFor,
  specAndHttpValid,
  specErrors,
  spelled,
  startsWithReserved,
} from "./rules.js";

/** A valid set with one header that breaks one rule, placed at `at` (clamped to the end). */
interface Broken<B> {
  others: Entry[];
  at: number;
  broken: B;
}

const where = (at: number, others: number) => (at === 0 ? "first" : at >= others ? "last" : `header ${at + 1}`);

/**
 * Sets that break exactly one rule, each in its own family: a valid set with one header added
 * that breaks it (or one header too many). A structure that would break another rule too, or none,
 * builds nothing: the spec's validator must refuse the set for that one rule at that one header.
 */
export function invalidFamilies(rules: HeaderRules, p: Parts): Family[] {
  const { maxHeaders, maxName, maxValue, nameChars, forbidden, reserved: word } = rules;
  const { bodyMax, valueChars, chars, prefix, entries } = p;
  const others = entries(0, maxHeaders - 1);
  const at = fc.nat({ max: maxHeaders - 1 });

  /** A family of `Broken<B>`: `make` gives the broken header, `keyword` the one rule the spec must refuse it for. */
  function family<B>(
    def: { id: string; label: string; keyword: string; broken: fc.Arbitrary<B> },
    make: (b: B) => { name: string; value: unknown; why: string },
    strata: { label: string; broken: fc.Arbitrary<B>; at?: "first" | "last" }[],
  ): Family {
    const structure = (b: fc.Arbitrary<B>, place?: "first" | "last") =>
      fc.record({
        others: place === "last" ? entries(1, maxHeaders - 1) : others,
        at: place === "first" ? fc.constant(0) : place === "last" ? fc.constant(maxHeaders - 1) : at,
        broken: b,
      });
    return {
      id: def.id,
      label: def.label,
      expect: "refuse",
      arbitrary: structure(def.broken),
      strata: strata.map((s) => ({ label: s.label, arbitrary: structure(s.broken, s.at) })),
      build(raw) {
        const { others: list, at: index, broken } = raw as Broken<B>;
        const { name, value, why } = make(broken);
        const rest = headersOf(list, rules);
        if (!specAndHttpValid(Object.fromEntries(rest), rules) || rest.some(([n]) => n === name)) return undefined;
        const position = Math.min(index, rest.length);
        const headers = Object.fromEntries([...rest.slice(0, position), [name, value], ...rest.slice(position)]);
        if (Object.keys(headers).length !== rest.length + 1 || !refusedOnlyFor(headers, def.keyword, name))
          return undefined;
        return {
          family: def.id,
          expect: "refuse",
          headers,
          broken: name,
          why: `${JSON.stringify(name)} (${where(position, rest.length)} of ${rest.length + 1}) ${why}`,
        };
      },
    };
  }

  const anyCase = fc.tuple(...word.map((a) => fc.constantFrom(...a)));
  const body = chars(nameChars, 0, bodyMax);
  const withPlaces = forbidden.map((c, i) => ({ c, place: (["first", "last", "middle"] as const)[i % 3] }));
  const forbiddenAt = (c: fc.Arbitrary<string>, place?: "first" | "middle" | "last") =>
    fc.record({
      prefix,
      before: place === "first" ? fc.constant("") : chars(nameChars, place === "middle" ? 1 : 0, 20),
      char: c,
      after: place === "last" ? fc.constant("") : chars(nameChars, place === "middle" ? 1 : 0, 20),
    });
  const xAlternatives = rules.prefix.map((a) => nameChars.filter((c) => !a.includes(c)));
  const missing = fc.record({
    lead: chars(nameChars, 0, 3),
    spelling: fc.tuple(...rules.prefix.map(() => fc.constantFrom(...nameChars))),
    body,
  });
  const pad = (core: string, n: number, fill: string) => (core + fill.repeat(n)).slice(0, n);
  const over = fc.record({
    which: fc.constantFrom("name", "value"),
    prefix,
    core: chars(nameChars, 0, 16),
    value: p.value,
  });
  const overAs = (which: "name" | "value") => over.map((o) => ({ ...o, which }));
  const kinds = ["number", "boolean", "null", "object", "array"] as const;
  const nonString = fc.record({
    prefix,
    body: chars(nameChars, 0, 20),
    kind: fc.constantFrom(...kinds),
    n: fc.integer(),
  });
  const nonStringAs = (...only: (typeof kinds)[number][]) =>
    nonString.chain((o) => fc.constantFrom(...only).map((kind) => ({ ...o, kind })));

  return [
    family(
      {
        id: "forbidden-character",
        label: "a forbidden character first, in the middle or last",
        keyword: "pattern",
        broken: forbiddenAt(fc.constantFrom(...forbidden)),
      },
      (b: { prefix: string[]; before: string; char: string; after: string }) => ({
        name: b.prefix.join("") + clearOfReserved(b.before, rules) + b.char + b.after,
        value: "v",
        why: `holds ${JSON.stringify(b.char)}, which the spec forbids in names`,
      }),
      // One stratum per forbidden character; the first three put theirs first, last and in the middle.
      withPlaces.map(({ c, place }, i) => ({
        label: `${JSON.stringify(c)}${i < 3 ? ` ${place}` : ""}`,
        broken: forbiddenAt(fc.constant(c), i < 3 ? place : undefined),
      })),
    ),
    family(
      {
        id: "reserved-prefix",
        label: `the reserved ${spelled(rules.prefix)}${spelled(word)} prefix in any case, followed by anything`,
        keyword: "pattern",
        broken: fc.record({ prefix, word: anyCase, follow: body }),
      },
      (b: { prefix: string[]; word: string[]; follow: string }) => ({
        name: (b.prefix.join("") + b.word.join("") + b.follow).slice(0, maxName),
        value: "v",
        why: `starts with the reserved ${spelled(rules.prefix)}${spelled(word)} prefix`,
      }),
      [
        {
          label: "followed by a character other than -",
          broken: fc.record({
            prefix,
            word: anyCase,
            follow: fc
              .tuple(fc.constantFrom(...nameChars.filter((c) => c !== "-")), chars(nameChars, 0, 12))
              .map((t) => t.join("")),
          }),
        },
        {
          label: "followed by -",
          broken: fc.record({ prefix, word: anyCase, follow: chars(nameChars, 0, 12).map((t) => `-${t}`) }),
        },
        { label: "alone", broken: fc.record({ prefix, word: anyCase, follow: fc.constant("") }) },
      ],
    ),
    family(
      { id: "missing-prefix", label: `no ${spelled(rules.prefix)} prefix`, keyword: "pattern", broken: missing },
      (b: { lead: string; spelling: string[]; body: string }) => ({
        name: (b.lead + b.spelling.join("") + b.body).slice(0, maxName),
        value: "v",
        why: `does not start with ${spelled(rules.prefix)} (any case)`,
      }),
      [
        ...rules.prefix.map((alternatives, i) => ({
          label: `${JSON.stringify(alternatives[0])} replaced`,
          broken: missing.chain((m) =>
            fc.constantFrom(...(xAlternatives[i] ?? [])).map((c) => ({
              lead: "",
              spelling: rules.prefix.map((a, j) => (j === i ? c : (a[0] as string))),
              body: m.body,
            })),
          ),
        })),
        {
          label: "something before the prefix",
          broken: missing.map((m) => ({
            ...m,
            lead: m.lead || (nameChars[0] as string),
            spelling: rules.prefix.map((a) => a[0] as string),
          })),
        },
        { label: "any other start", broken: missing },
      ],
    ),
    family(
      {
        id: "over-length",
        label: `a name of ${maxName + 1} or a value of ${maxValue + 1} characters`,
        keyword: "maxLength",
        broken: over,
      },
      (b: { which: string; prefix: string[]; core: string; value: string }) =>
        b.which === "name"
          ? {
              name: b.prefix.join("") + clearOfReserved(pad(b.core, bodyMax + 1, nameChars[0] as string), rules),
              value: "v",
              why: `is ${maxName + 1} characters long, one over the spec's ${maxName}`,
            }
          : {
              name: b.prefix.join("") + clearOfReserved(b.core, rules),
              value: pad(b.value, maxValue + 1, valueChars[0] as string),
              why: `has a value of ${maxValue + 1} characters, one over the spec's ${maxValue}`,
            },
      [
        { label: "a name one over, last", broken: overAs("name"), at: "last" },
        { label: "a value one over, last", broken: overAs("value"), at: "last" },
        { label: "a name one over, first", broken: overAs("name"), at: "first" },
        { label: "a value one over, first", broken: overAs("value"), at: "first" },
      ],
    ),
    tooMany(rules, p),
    family(
      { id: "non-string-value", label: "a value that is not a string", keyword: "type", broken: nonString },
      (b: { prefix: string[]; body: string; kind: (typeof kinds)[number]; n: number }) => ({
        name: b.prefix.join("") + clearOfReserved(b.body, rules),
        value: { number: b.n, boolean: b.n % 2 === 0, null: null, object: {}, array: [] }[b.kind],
        why: `has a value that is ${b.kind === "array" || b.kind === "object" ? "an" : "a"} ${b.kind}, not a string`,
      }),
      [
        { label: "a number", broken: nonStringAs("number") },
        { label: "a boolean", broken: nonStringAs("boolean") },
        { label: "null", broken: nonStringAs("null") },
        { label: "an object or an array", broken: nonStringAs("object", "array") },
      ],
    ),
  ];
}

/** One header more than the spec allows, every one of them valid. */
function tooMany(rules: HeaderRules, p: Parts): Family {
  const n = rules.maxHeaders + 1;
  const oneEmpty = p.entries(n, n).map((list) => list.map((e, i) => (i === list.length - 1 ? { ...e, value: "" } : e)));
  return {
    id: "too-many-headers",
    label: `${n} headers, one more than the spec's ${rules.maxHeaders}`,
    expect: "refuse",
    arbitrary: p.entries(n, n),
    strata: [
      { label: "the last one with an empty value", arbitrary: oneEmpty },
      { label: "any", arbitrary: p.entries(n, n) },
    ],
    build(raw) {
      const list = raw as Entry[];
      const headers = Object.fromEntries(headersOf(list, rules));
      if (Object.keys(headers).length !== n || !refusedOnlyFor(headers, "maxProperties", undefined)) return undefined;
      return {
        family: "too-many-headers",
        expect: "refuse",
        headers,
        why: `${n} headers, one over the spec's ${rules.maxHeaders}`,
      };
    },
  };
}

/**
 * Sets the spec allows but HTTP cannot carry as sent: a name holding a control character, DEL or
 * a non-ASCII character, two names that are one header to HTTP (letter case aside), a value with a
 * control character. Whatever the server answers is a warning about the spec's imprecision.
 */
export function unsafeFamily(rules: HeaderRules, p: Parts): Family {
  const controls = rules.httpUnsafe.filter((c) => c < " ");
  const others = rules.httpUnsafe.filter((c) => c >= " ");
  const inName = (from: string[]) =>
    fc.record({
      kind: fc.constant("name"),
      prefix: p.prefix,
      before: p.chars(rules.nameChars, 0, 6),
      char: fc.constantFrom(...from),
      value: p.value,
    });
  const strata = [
    { label: "a control character in a name", arbitrary: inName(controls) },
    { label: "DEL or a non-ASCII character in a name", arbitrary: inName(others) },
    {
      label: "two names one header apart only in letter case",
      arbitrary: fc.record({
        kind: fc.constant("case"),
        prefix: p.prefix,
        before: p.chars(
          rules.nameChars.filter((c) => /[a-z]/i.test(c)),
          1,
          8,
        ),
        char: fc.constant(""),
        value: p.value,
      }),
    },
    {
      label: "a control character in a value",
      arbitrary: fc.record({
        kind: fc.constant("value"),
        prefix: p.prefix,
        before: p.chars(rules.nameChars, 1, 8),
        char: fc.constantFrom(...controls.filter((c) => c !== "\t")),
        value: p.value,
      }),
    },
  ].filter((s) => controls.length > 0 || !s.label.includes("control"));
  return {
    id: "http-unsafe",
    label: "what the spec allows and HTTP cannot carry",
    expect: "either",
    arbitrary: fc.oneof(...strata.map((s) => s.arbitrary)),
    strata,
    build(raw) {
      const s = raw as { kind: string; prefix: string[]; before: string; char: string; value: string };
      const base = s.prefix.join("") + clearOfReserved(s.before, rules);
      let headers: Record<string, unknown>;
      let why: string;
      if (s.kind === "name") {
        headers = { [base + s.char]: s.value };
        why = `the spec allows the name ${JSON.stringify(base + s.char)}, whose ${JSON.stringify(s.char)} (U+${(s.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}) no HTTP field name can hold`;
      } else if (s.kind === "case") {
        const twin = base.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
        headers = { [base]: s.value, [twin]: s.value };
        why = `the spec allows both ${JSON.stringify(base)} and ${JSON.stringify(twin)}, which HTTP takes for one header`;
      } else {
        headers = { [base]: `${s.value.slice(0, 8)}${s.char}${s.value.slice(8, 16)}` };
        why = `the spec allows a value of ${JSON.stringify(base)} holding U+${(s.char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}, which no HTTP field value can hold`;
      }
      if (specErrors(headers).length > 0 || specAndHttpValid(headers, rules) || startsWithReserved(s.before, rules))
        return undefined;
      return { family: "http-unsafe", expect: "either", headers, why };
    },
  };
}
