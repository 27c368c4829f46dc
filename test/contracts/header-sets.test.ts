import { describe, expect, it } from "vitest";
import { headerFamilies, headerRules, planCases, reachOf } from "../../contracts/suite/header-sets/index.js";
import { CustomHeaders } from "../../generated/component-schemas.js";
import { FORBIDDEN_NAME_CHARACTERS } from "../../src/internal/header-names.js";
import { validateRequest } from "../../src/validation.js";

const specValid = (custom_headers: Record<string, unknown>) =>
  validateRequest({
    method: "POST",
    path: "/webhooks/tryout",
    body: { items: [{ url: "https://example.com/h", event_type: "lead_received", custom_headers }] },
  });

describe("the header generator's rules", () => {
  it("come from the spec's CustomHeaders schema and its own pattern", () => {
    const rules = headerRules();
    expect([rules.maxHeaders, rules.maxName, rules.maxValue]).toEqual([
      CustomHeaders.maxProperties,
      CustomHeaders.propertyNames.maxLength,
      CustomHeaders.additionalProperties.maxLength,
    ]);
    expect(rules.prefix).toEqual([["X", "x"], ["-"]]);
    expect(rules.reserved.map((a) => a.join("")).join(" ")).toBe("Pp Aa Rr Tt Oo Oo");
    expect(rules.forbidden).toEqual(FORBIDDEN_NAME_CHARACTERS);
    expect(rules.punctuation.join("")).toBe("!#$%&'*+-.^_`|~");
    // What the spec allows and a field name cannot hold: every control but none of CR's kind spared, DEL, non-ASCII.
    expect(rules.httpUnsafe).toContain("\x01");
    expect(rules.httpUnsafe).toContain("\x7f");
    expect(rules.httpUnsafe).toContain("é");
  });

  it("follow a schema with other limits and another reserved word (nothing is copied)", () => {
    const other = {
      ...CustomHeaders,
      maxProperties: 2,
      propertyNames: { ...CustomHeaders.propertyNames, maxLength: 20, pattern: "^[Yy]_(?![Aa][Cc][Mm][Ee])[^ :@]*$" },
      additionalProperties: { ...CustomHeaders.additionalProperties, maxLength: 9 },
    } as unknown as typeof CustomHeaders;
    const rules = headerRules(other);
    expect([rules.maxHeaders, rules.maxName, rules.maxValue]).toEqual([2, 20, 9]);
    expect(rules.prefix).toEqual([["Y", "y"], ["_"]]);
    expect(rules.reserved.map((a) => a[0]).join("")).toBe("ACME");
    expect(rules.forbidden).toEqual([" ", ":", "@"]);
  });

  it("refuse, saying so, a pattern of a shape it cannot read", () => {
    const odd = {
      ...CustomHeaders,
      propertyNames: { ...CustomHeaders.propertyNames, pattern: "^(X|Y)-.*$" },
    } as unknown as typeof CustomHeaders;
    expect(() => headerRules(odd)).toThrow(/is not of the shape \^PREFIX\(\?!RESERVED\)\[\^…\]\*\$/);
  });
});

describe("the generated header sets", () => {
  const seeds = [1, 2, 3, 42, 2026, 4_294_967_295];
  const plans = seeds.map((seed) => planCases(seed, 60));

  it("are what the spec's own validator says they are, for every case of six runs", () => {
    for (const plan of plans) {
      for (const { case: c } of plan) {
        const { valid, errors } = specValid(c.headers);
        expect(valid, `${c.family}: ${JSON.stringify(Object.keys(c.headers))}`).toBe(c.expect !== "refuse");
        if (c.expect === "refuse" && c.broken !== undefined) {
          expect(errors.every((e) => e.headerName === c.broken)).toBe(true);
        }
      }
    }
  });

  it("replay exactly from a seed, and differ between seeds", () => {
    const again = planCases(seeds[0] as number, 60);
    expect(again.map((p) => p.case)).toEqual(plans[0]?.map((p) => p.case));
    expect(plans[1]?.map((p) => p.case)).not.toEqual(plans[0]?.map((p) => p.case));
  });

  it("reach every family, punctuation character, forbidden character and place, and both ends of each length", () => {
    const rules = headerRules();
    for (const [i, plan] of plans.entries()) {
      // 56 cases: what a run of the default budget of 60 searches with writes on and nothing failing.
      const reach = reachOf(plan.slice(0, 56).map((p) => p.case));
      if (i === 0) console.log(`reach of seed ${seeds[0]}: ${JSON.stringify(reach)}`);
      expect(reach.families).toHaveLength(headerFamilies().length);
      expect(reach.punctuation).toEqual(rules.punctuation);
      expect(reach.forbidden).toEqual(rules.forbidden);
      expect(reach.forbiddenPlaces).toEqual(["first", "last", "middle"]);
      expect(reach.prefixSpellings).toEqual(["X-", "x-"]);
      expect(reach.nameLengths).toEqual(expect.arrayContaining([2, rules.maxName - 1, rules.maxName]));
      expect(reach.valueLengths).toEqual(expect.arrayContaining([0, rules.maxValue - 1, rules.maxValue]));
      expect(reach.headerCounts).toEqual(expect.arrayContaining([0, rules.maxHeaders]));
    }
  });

  it("can all be shrunk by their family's arbitrary, without fast-check's context", () => {
    for (const { family, structure } of plans.flat()) {
      if (family.expect === "either") continue;
      expect(family.arbitrary.canShrinkWithoutContext(structure), family.id).toBe(true);
    }
  });
});
