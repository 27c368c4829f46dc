import { pointerOf } from "../../src/internal/json-pointer.js";
/**
 * How each change found by api-smart-diff is classified for a *client user* of the operations we
 * cover. The library's verdict stands except where these rules say otherwise (see the README's
 * rule table); each rule has a fixture one change apart in test/drift/drift.test.ts.
 */
export type Classification = "breaking" | "non-breaking";

export interface RawDiff {
  path: (string | number)[];
  action: "add" | "remove" | "replace" | "rename";
  type: "breaking" | "non-breaking" | "annotation" | "unclassified" | "deprecated";
  before?: unknown;
  after?: unknown;
}

export interface Rule {
  id: string;
  classification: Classification;
  /** What a reader of the report should know beyond the class. */
  flag?: string;
}

const NARROWING_KEYWORDS = new Set(["maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum"]);
const WIDENING_KEYWORDS = new Set(["minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum"]);

export function ruleFor(diff: RawDiff, existedBefore: (pointer: string) => boolean): Rule {
  const segments = diff.path.map(String);
  const last = segments.at(-1) ?? "";
  const parent = segments.at(-2) ?? "";
  const inRequest = segments.includes("requestBody") || segments.includes("parameters");
  const inResponse = segments.includes("responses");
  const isSchemaKeyword = (keyword: string) => last === keyword && diff.action !== "rename";

  if (segments[0] === "servers" && (last === "url" || diff.action !== "replace"))
    return { id: "server-changed", classification: "breaking" };
  if (segments[0] === "paths" && segments.length === 3 && diff.action === "remove")
    return { id: "operation-removed", classification: "breaking" };
  if (isSchemaKeyword("type") && diff.action === "replace") return { id: "type-changed", classification: "breaking" };

  if (parent === "enum") {
    const enumPointer = toPointer(segments.slice(0, -1));
    if (inResponse && diff.action === "add") {
      return {
        id: "response-enum-value-added",
        classification: "non-breaking",
        flag: "may break exhaustive switches over this value",
      };
    }
    if (inRequest && diff.action === "add" && !existedBefore(enumPointer))
      return { id: "request-enum-introduced", classification: "breaking" };
    if (inRequest && diff.action === "add") return { id: "request-enum-value-added", classification: "non-breaking" };
    if (inRequest && diff.action === "remove") return { id: "request-enum-value-removed", classification: "breaking" };
    if (inResponse && diff.action === "remove")
      return { id: "response-enum-value-removed", classification: "non-breaking" };
  }
  if (inRequest && last === "pattern")
    return { id: "request-pattern-changed", classification: diff.action === "remove" ? "non-breaking" : "breaking" };
  if (inRequest && diff.action === "replace" && typeof diff.before === "number" && typeof diff.after === "number") {
    const narrowed =
      (NARROWING_KEYWORDS.has(last) && diff.after < diff.before) ||
      (WIDENING_KEYWORDS.has(last) && diff.after > diff.before);
    if (NARROWING_KEYWORDS.has(last) || WIDENING_KEYWORDS.has(last)) {
      return {
        id: narrowed ? "request-constraint-narrowed" : "request-constraint-widened",
        classification: narrowed ? "breaking" : "non-breaking",
      };
    }
  }
  if (inRequest && parent === "parameters" && diff.action === "add") {
    const required = (diff.after as { required?: boolean } | undefined)?.required === true;
    return {
      id: required ? "request-required-parameter-added" : "request-optional-parameter-added",
      classification: required ? "breaking" : "non-breaking",
    };
  }
  if (inResponse && parent === "required" && diff.action === "remove")
    return { id: "response-property-no-longer-required", classification: "breaking" };
  if (inRequest && parent === "required" && diff.action === "add")
    return { id: "request-property-now-required", classification: "breaking" };
  if (inResponse && parent === "properties" && diff.action === "remove")
    return { id: "response-property-removed", classification: "breaking" };
  if (inResponse && parent === "responses" && diff.action === "remove")
    return { id: "response-status-removed", classification: "breaking" };

  switch (diff.type) {
    case "breaking":
      return { id: "library:breaking", classification: "breaking" };
    case "non-breaking":
      return { id: "library:non-breaking", classification: "non-breaking" };
    case "annotation":
    case "deprecated":
      return { id: "annotation", classification: "non-breaking" };
    default:
      return {
        id: "unclassified",
        classification: "breaking",
        flag: "the diff library could not classify it: treated as breaking",
      };
  }
}

export function toPointer(segments: readonly (string | number)[]): string {
  return pointerOf(segments);
}
