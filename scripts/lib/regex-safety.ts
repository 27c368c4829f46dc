import { checkSync } from "recheck";
import { escapeToken } from "../../src/internal/json-pointer.js";

/**
 * Every regular expression a spec hands us becomes a validator that runs on user input (header
 * names, URLs): `^[Xx]-([a-z]+)+$` took 155 ms on a 28-character name, doubling per character.
 * recheck (an automaton analysis, with a fuzzer for what automata cannot express, such as the
 * lookahead in CustomHeaders' pattern) decides; see docs/drift-safety.md for why recheck and not
 * safe-regex2.
 */
export const REGEX_CHECK_TIMEOUT_MS = 10_000;

/** Values under these keys are data, not schemas: a `pattern` there is no keyword. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);

const verdicts = new Map<string, string | undefined>();

/** Why a pattern is refused, or undefined when recheck finds it safe. Flags as Ajv compiles them: none. */
export function unsafePatternReason(source: string): string | undefined {
  if (verdicts.has(source)) return verdicts.get(source);
  let reason: string | undefined;
  try {
    new RegExp(source);
    // A fixed seed: the fuzzer's verdict is the same on every run and every machine.
    const result = checkSync(source, "", { timeout: REGEX_CHECK_TIMEOUT_MS, randomSeed: 0 });
    if (result.status === "vulnerable") {
      reason = `a ReDoS checker (recheck) finds ${result.complexity.type} backtracking in it`;
    } else if (result.status === "unknown") {
      reason = `a ReDoS checker (recheck) could not show it safe (${result.error.kind})`;
    }
  } catch (error) {
    reason = `it is not a valid regular expression (${(error as Error).message.split("\n")[0]})`;
  }
  verdicts.set(source, reason);
  return reason;
}

/** Each `pattern` keyword and `patternProperties` key of a document, with its JSON pointer. */
export function patternsOf(node: unknown, pointer = "", parent = ""): { pointer: string; source: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => patternsOf(item, `${pointer}/${i}`, parent));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const at = `${pointer}/${escapeToken(key)}`;
    // Under `properties` a key is a property's name: `properties.example` is a schema to check.
    if (DATA_KEYS.has(key) && parent !== "properties") return [];
    if (key === "pattern" && typeof value === "string") return [{ pointer: at, source: value }];
    const own =
      key === "patternProperties" && value && typeof value === "object"
        ? Object.keys(value).map((source) => ({ pointer: `${at}/${escapeToken(source)}`, source }))
        : [];
    return [...own, ...patternsOf(value, at, key)];
  });
}

/** The first pattern of the document that is refused, as a one-line message, or undefined. */
export function firstUnsafePattern(document: unknown, source: string): string | undefined {
  for (const pattern of patternsOf(document)) {
    const reason = unsafePatternReason(pattern.source);
    if (reason) {
      const shown = JSON.stringify(pattern.source.length > 80 ? `${pattern.source.slice(0, 80)}…` : pattern.source);
      return `${source} has a pattern ${shown} at ${pattern.pointer} that is refused: ${reason}; a validator built from it could hang on one long input. Rewrite it without nested or overlapping quantifiers`;
    }
  }
  return undefined;
}
