import fc from "fast-check";
import { caseUnique, type Entry, entryName, type HeaderRules, PRINTABLE } from "./rules.js";

/** What the spec says of a family's sets: accept them, refuse them, or allow what HTTP cannot carry (either answer is a warning). */
export type Expectation = "accept" | "refuse" | "either";

/** One header set to send, and what the spec says of it. */
export interface HeaderCase {
  family: string;
  stratum: string;
  expect: Expectation;
  /** The custom_headers object, in the order it is sent. */
  headers: Record<string, unknown>;
  /** For a refused set: the header breaking the rule (absent when the set as a whole breaks it). */
  broken?: string;
  /** Why the spec decides so, in words: header names, never values. */
  why: string;
}

/** A family of header sets: its arbitrary (what shrinking stays within), its strata, and what each structure builds. */
export interface Family {
  id: string;
  label: string;
  expect: Expectation;
  /** Every structure of the family; shrinking a failing set walks this one. */
  arbitrary: fc.Arbitrary<unknown>;
  /** Round r of a run draws from strata[r % strata.length]: the first rounds force what the family is for. */
  strata: { label: string; arbitrary: fc.Arbitrary<unknown> }[];
  /**
   * The case a structure stands for, or undefined when the spec's validator does not classify it as
   * the family says (shrinking may walk out of a family: such a candidate is never sent).
   */
  build(structure: unknown): Omit<HeaderCase, "stratum"> | undefined;
}

/** The arbitraries every family is made of, from the rules. */
export function parts(rules: HeaderRules) {
  const { maxHeaders, maxValue, nameChars, punctuation } = rules;
  const bodyMax = rules.maxName - rules.prefix.length;
  const valueChars = ["a", ...PRINTABLE.filter((c) => c !== "a")];
  const alphanumeric = nameChars.filter((c) => !punctuation.includes(c));
  const chars = (from: readonly string[], minLength: number, maxLength: number) =>
    fc.string({ unit: fc.constantFrom(...from), minLength, maxLength });
  const prefix = fc.tuple(...rules.prefix.map((a) => fc.constantFrom(...a)));
  const value = chars(valueChars, 0, maxValue);
  const entry = (body = chars(nameChars, 0, bodyMax), v = value): fc.Arbitrary<Entry> =>
    fc.record({ prefix, body, value: v });
  const entries = (minLength: number, maxLength: number, item = entry()) =>
    fc.uniqueArray(item, { minLength, maxLength, selector: (e) => entryName(e, rules).toLowerCase() });
  /** Entries from a stratum's own shapes, kept only when they stay in the family's domain (unique names, case aside). */
  const distinct = (arb: fc.Arbitrary<Entry[]>) =>
    arb.filter((list) => list.length <= maxHeaders && caseUnique(list.map((e) => entryName(e, rules))));
  return { bodyMax, valueChars, alphanumeric, chars, prefix, value, entry, entries, distinct };
}
export type Parts = ReturnType<typeof parts>;
