import { createRequire } from "node:module";
import Ajv2020, { _, type CodeKeywordDefinition, type KeywordCxt, type KeywordErrorDefinition } from "ajv/dist/2020.js";
import { useFunc } from "ajv/dist/compile/util.js";
import ucs2length from "ajv/dist/runtime/ucs2length.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { usePattern } from "ajv/dist/vocabularies/code.js";
import pattern from "ajv/dist/vocabularies/validation/pattern.js";
import type { JsonSchema } from "./operations.js";

const require = createRequire(import.meta.url);

/**
 * The Ajv options every validator of this project is compiled with, at generation time and in
 * the tests that compile at run time for comparison.
 * - unicodeRegExp: false — CustomHeaders' pattern holds `\"`, an invalid escape under the `u`
 *   flag ("Invalid escape"); without `u` it means exactly what it says: a literal `"`.
 * - strictTypes: false — Partoo's 400 schema has `properties` without `type: object`, which JSON
 *   Schema allows (the keyword then applies to objects only); strict mode would only log noise.
 * - `example` is OpenAPI's annotation, unknown to JSON Schema.
 */
export function createAjv(options: { standalone: boolean }): InstanceType<typeof Ajv2020.default> {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: true,
    strictTypes: false,
    unicodeRegExp: false,
    ...(options.standalone ? { code: { source: true, esm: true, lines: false } } : {}),
  });
  ajv.addKeyword("example");
  ajv.removeKeyword("pattern");
  ajv.addKeyword(maxLengthFirstPattern);
  return ajv;
}

/**
 * Ajv's `pattern`, except that a string over the same schema's `maxLength` is not matched at all:
 * with allErrors Ajv runs every keyword, so a 10 000-character header name still ran the pattern
 * after failing `maxLength: 128`. The name fails either way (the maxLength error is reported); the
 * regular expression only ever sees input of a bounded length.
 */
/** A CommonJS module's `exports.default`, however the loader hands it over (tsx: the exports; vitest: the default itself). */
const cjsDefault = <T>(module: unknown): T => ((module as { default?: T }).default ?? module) as T;

const maxLengthFirstPattern: CodeKeywordDefinition = {
  keyword: "pattern",
  type: "string",
  schemaType: "string",
  error: cjsDefault<CodeKeywordDefinition>(pattern).error as KeywordErrorDefinition,
  code(cxt: KeywordCxt) {
    const { data, schema, parentSchema, it } = cxt;
    const regExp = usePattern(cxt, schema as string);
    const max = (parentSchema as { maxLength?: unknown }).maxLength;
    if (typeof max !== "number") return cxt.fail(_`!${regExp}.test(${data})`);
    const len =
      it.opts.unicode === false
        ? _`${data}.length`
        : _`${useFunc(cxt.gen, cjsDefault<typeof ucs2length.default>(ucs2length))}(${data})`;
    cxt.fail(_`${len} <= ${max} && !${regExp}.test(${data})`);
  },
};

/**
 * A copy of a response schema that also rejects properties the spec does not document
 * (`unevaluatedProperties: false` on every object schema that lists `properties`). Used to report drift, never to fail.
 * allOf branches are left open: each sees only its own properties; the schema holding the allOf
 * closes over all of them.
 */
export function closeObjects(schema: JsonSchema, insideAllOf = false): JsonSchema {
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      copy[key] = (value as JsonSchema[]).map((branch) => closeObjects(branch, true));
    } else if (key === "properties") {
      copy[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, closeObjects(sub)]),
      );
    } else if (key === "items" || key === "additionalProperties" || key === "propertyNames") {
      copy[key] = typeof value === "object" && value !== null ? closeObjects(value as JsonSchema) : value;
    } else copy[key] = value;
  }
  // A bare `type: object` (the tryout payload, a 400's `errors.json`) means "any object": only
  // schemas that list their properties can have undocumented ones.
  const describesObject = "properties" in schema || "allOf" in schema;
  if (describesObject && !insideAllOf && !("additionalProperties" in schema) && !("unevaluatedProperties" in schema)) {
    copy.unevaluatedProperties = false;
  }
  return copy;
}

const RUNTIME_REQUIRE = /require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g;

/**
 * Standalone ESM code for the given schemas, one export each. Ajv still emits CommonJS
 * `require()`s for its runtime helpers in ESM mode (ajv#1976, ajv#2209): each helper's own source
 * is inlined from the installed Ajv, so the result imports nothing.
 */
export function emitStandaloneValidators(schemas: Record<string, JsonSchema>): string {
  const ajv = createAjv({ standalone: true });
  for (const [exportName, schema] of Object.entries(schemas)) ajv.addSchema(schema, exportName);
  const exportsMap = Object.fromEntries(Object.keys(schemas).map((name) => [name, name]));
  let code = standaloneCode.default(ajv, exportsMap);
  const helpers = new Set<string>();
  code = code.replace(RUNTIME_REQUIRE, (_match, helper: string) => {
    helpers.add(helper);
    return `ajvRuntime_${helper}`;
  });
  const inlined = [...helpers].map((helper) => {
    const fn = require(`ajv/dist/runtime/${helper}`).default as (...args: unknown[]) => unknown;
    return `const ajvRuntime_${helper} = ${fn.toString()};`;
  });
  code = code.replace(/^"use strict";/, "");
  if (/\brequire\(/.test(code)) {
    const what = /require\([^)]*\)/.exec(code)?.[0];
    throw new Error(`standalone validators still need ${what}: add it to the inlining in emit-validators.ts`);
  }
  return `${inlined.join("\n")}\n${code}`;
}
