import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { extractSpecFromPage, mergeDocuments } from "../../scripts/assemble-spec.js";
import { validateResponse } from "../../src/validation.js";

const SEEDS = "../shared/seeds";
const SPEC = "openapi/openapi-bundled.yaml";
const seedPages = existsSync(SEEDS)
  ? readdirSync(SEEDS)
      .sort()
      .map((name) => ({ name, text: readFileSync(join(SEEDS, name), "utf8") }))
  : [];

/** Every value a seed page states, at its JSON pointer. */
function leaves(node: unknown, at = ""): [string, unknown][] {
  if (node && typeof node === "object" && !Array.isArray(node)) {
    return Object.entries(node).flatMap(([key, value]) =>
      leaves(value, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`),
    );
  }
  return [[at, node]];
}

function get(doc: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

describe.skipIf(seedPages.length === 0)("openapi-bundled.yaml against the seed pages", () => {
  const committed = parse(readFileSync(SPEC, "utf8"));

  it("holds every value of every seed page unchanged", () => {
    const checked = seedPages.flatMap(({ name, text }) => {
      const doc = extractSpecFromPage(text, name);
      return doc ? leaves(doc) : [];
    });
    expect(checked.length).toBeGreaterThan(300);
    const differing = checked.filter(
      ([pointer, value]) => JSON.stringify(get(committed, pointer)) !== JSON.stringify(value),
    );
    expect(differing).toEqual([]);
  });

  it("keeps the CustomHeaders pattern line byte for byte", () => {
    const patternLine = (text: string) => text.split("\n").find((line) => line.trimStart().startsWith("pattern:"));
    const fromSeed = patternLine(seedPages[0]?.text ?? "");
    expect(fromSeed).toBeDefined();
    expect(patternLine(readFileSync(SPEC, "utf8"))).toBe(fromSeed);
  });

  it("has the four operations", () => {
    const ops = Object.entries(committed.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((m) => `${m} ${path}`),
    );
    expect(ops.sort()).toEqual([
      "get /webhooks",
      "get /webhooks/{webhook_id}",
      "post /webhooks",
      "post /webhooks/tryout",
    ]);
  });

  it("accepts the rendered example of the get-by-id page as a valid 200 body", () => {
    const page = seedPages.find((p) => !extractSpecFromPage(p.text, p.name));
    const example = JSON.parse(/\n(\{\n {2}"id"[\s\S]*?\n\})\n/.exec(page?.text ?? "")?.[1] ?? "null");
    expect(example).toMatchObject({ id: 1 });
    const result = validateResponse({
      method: "GET",
      path: "/webhooks/1",
      status: 200,
      contentType: "application/json",
      body: example,
    });
    expect(result).toEqual({ valid: true, errors: [] });
  });
});

describe("assembling pages", () => {
  it("refuses two pages that disagree, naming where", () => {
    const into = { components: { schemas: { url: { type: "string" } } } };
    expect(() => mergeDocuments(into, { components: { schemas: { url: { type: "integer" } } } }, "#")).toThrow(
      "seed pages disagree at #/components/schemas/url/type",
    );
  });
});
