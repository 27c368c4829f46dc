/**
 * The header generator: families of custom header sets drawn from the spec's CustomHeaders rules
 * (see rules.ts), and the plan a run walks through them. Shared by the contract suite's header
 * scenario and the tests that hold the client and the embedded sandbox to the same sets.
 */
import fc from "fast-check";
import { type Family, type HeaderCase, parts } from "./family.js";
import { invalidFamilies, unsafeFamily } from "./invalid.js";
import { type HeaderRules, headerRules } from "./rules.js";
import { validFamilies } from "./valid.js";

export type { Expectation, Family, HeaderCase } from "./family.js";
export { type HeaderRules, headerRules } from "./rules.js";

/** Every family, valid and invalid interleaved (the order a run's rounds take them in), the HTTP-unsafe one last. */
export function headerFamilies(rules: HeaderRules = headerRules()): Family[] {
  const p = parts(rules);
  const valid = validFamilies(rules, p);
  const invalid = invalidFamilies(rules, p);
  const mixed = Array.from({ length: Math.max(valid.length, invalid.length) }, (_, i) => [valid[i], invalid[i]]).flat();
  return [...mixed.filter((f): f is Family => f !== undefined), unsafeFamily(rules, p)];
}

/** A case of a run: the family, the stratum it was drawn from, the structure (what shrinking starts from) and what it builds. */
export interface PlannedCase {
  family: Family;
  structure: unknown;
  case: HeaderCase;
}

/** A seed for the n-th draw of a run, spread so that neighbouring runs share no draws. */
const drawSeed = (seed: number, n: number) =>
  (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(n + 1, 0x9e3779b1)) >>> 0;

/**
 * The cases of a run, in order, without end: round after round, each family's next stratum
 * (a family with many strata, the forbidden characters, takes half of them per round, after
 * every family has had its turn). The same seed and families give the same cases.
 */
export function* runCases(seed: number, families: readonly Family[] = headerFamilies()): Generator<PlannedCase> {
  let draws = 0;
  for (let round = 0; ; round++) {
    const turns = families.flatMap((family) => {
      const perRound = family.strata.length > 4 ? Math.ceil(family.strata.length / 2) : 1;
      return Array.from({ length: perRound }, (_, j) => ({ family, index: round * perRound + j, extra: j > 0 }));
    });
    for (const { family, index } of [...turns.filter((t) => !t.extra), ...turns.filter((t) => t.extra)]) {
      const stratum = family.strata[index % family.strata.length];
      if (!stratum) continue;
      // A stratum may now and then draw a structure its family disowns (two rules broken): draw again.
      for (let attempt = 0; attempt < 20; attempt++) {
        const [structure] = fc.sample(stratum.arbitrary, { seed: drawSeed(seed, draws++), numRuns: 1 });
        const built = family.build(structure);
        if (built) {
          yield { family, structure, case: { ...built, stratum: stratum.label } };
          break;
        }
      }
    }
  }
}

/** The first `count` cases of a run. */
export function planCases(seed: number, count: number, families?: readonly Family[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const planned of runCases(seed, families)) {
    if (out.length >= count) break;
    out.push(planned);
  }
  return out;
}

/** What a list of cases reaches, counted from the cases themselves. */
export function reachOf(cases: readonly HeaderCase[], rules: HeaderRules = headerRules()) {
  const accepted = cases.filter((c) => c.expect === "accept");
  const names = accepted.flatMap((c) => Object.keys(c.headers));
  const values = accepted.flatMap((c) => Object.values(c.headers) as string[]);
  const forbidden = cases.filter((c) => c.family === "forbidden-character" && c.broken);
  const body = (name: string) => name.slice(rules.prefix.length);
  const placeOf = (name: string) => {
    const b = body(name);
    const i = [...b].findIndex((ch) => rules.forbidden.includes(ch));
    return i === 0 ? "first" : i === b.length - 1 ? "last" : "middle";
  };
  const distinct = <T>(items: T[]) => [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    cases: cases.length,
    families: distinct(cases.map((c) => c.family)),
    strata: distinct(cases.map((c) => `${c.family}: ${c.stratum}`)).length,
    prefixSpellings: distinct(names.map((n) => n.slice(0, rules.prefix.length))),
    punctuation: rules.punctuation.filter((c) => names.some((n) => body(n).includes(c))),
    nameLengths: distinct(names.map((n) => [...n].length)),
    valueLengths: distinct(values.map((v) => v.length)),
    headerCounts: distinct(accepted.map((c) => Object.keys(c.headers).length)),
    forbidden: rules.forbidden.filter((c) => forbidden.some((f) => f.broken?.includes(c))),
    forbiddenPlaces: distinct(forbidden.map((f) => placeOf(f.broken ?? ""))),
  };
}
