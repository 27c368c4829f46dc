import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { escapeToken } from "../../src/internal/json-pointer.js";
import { describeNetworkError } from "../../src/internal/network-error.js";
import { BodyReadError, decodeUtf8, readBody } from "../../src/internal/read-body.js";
import { checkExpandedSize, parseSpecText, SpecBoundsError } from "./parse-spec-text.js";
import { firstUnsafePattern } from "./regex-safety.js";

export interface LoadedSpec {
  /** Where it came from, as given. */
  source: string;
  /** The raw text, exactly as read. */
  text: string;
  /** `sha256:<hex>` of the raw text: the digest every generated file names. */
  digest: string;
  /** The document as parsed, `$ref`s intact (what openapi-typescript wants). */
  document: OpenAPIV3_1.Document;
  /** The same document validated and with every `$ref` resolved. */
  dereferenced: OpenAPIV3_1.Document;
}

export class SpecLoadError extends Error {
  override name = "SpecLoadError";
}

/**
 * 10 MiB: Partoo's bundled spec of the whole API is far smaller (ours is 15 kB), and a YAML parse
 * needs many times its input in memory. A larger document is refused before it is parsed.
 */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

async function readSource(source: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  if (!/^https?:\/\//.test(source)) {
    const { size } = await stat(source);
    if (size > maxBytes)
      throw new SpecLoadError(`${source} is ${size} bytes, over the ${maxBytes}-byte limit for a spec`);
    return readFile(source);
  }
  const response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) {
    void response.body?.cancel().catch(() => {});
    throw new SpecLoadError(`${source} answered ${response.status}`);
  }
  try {
    return await readBody(response.body, { maxBytes });
  } catch (error) {
    if (error instanceof BodyReadError) throw new SpecLoadError(`cannot read ${source}: ${error.message}`);
    throw error;
  }
}

/** Where each `$ref` that does not point inside the document is, and what it names; a `$ref` that is not a string is refused. */
function externalRefs(node: unknown, source: string, pointer = ""): { pointer: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => externalRefs(item, source, `${pointer}/${i}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const at = `${pointer}/${escapeToken(key)}`;
    if (key === "$ref" && typeof value !== "string") {
      // swagger-parser and openapi-typescript call string methods on it ("filePath.startsWith is not a function").
      const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
      throw new SpecLoadError(
        `${source} has a $ref that is ${kind}, not a string, at ${at}: a $ref must be a string such as "#/components/schemas/Name"`,
      );
    }
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) return [{ pointer: at, ref: value }];
    return externalRefs(value, source, at);
  });
}

export interface LoadSpecOptions {
  /** For a URL: the whole answer, headers and body. Default 20 s. */
  timeoutMs?: number;
  /** Default MAX_SPEC_BYTES. */
  maxBytes?: number;
}

/**
 * Reads a spec (file path or http(s) URL, YAML or JSON), validates it and resolves its `$ref`s,
 * treating it as hostile: bounded in size and time, strict UTF-8, no YAML aliases, and no `$ref`
 * but local ones (`#/…`), so a document can never make us read a file or call a URL.
 */
export async function loadSpec(source: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const { timeoutMs = 20_000, maxBytes = MAX_SPEC_BYTES } = options;
  let bytes: Uint8Array;
  try {
    bytes = await readSource(source, timeoutMs, maxBytes);
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    const reason =
      (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
    throw new SpecLoadError(`cannot read ${source}: ${reason}`);
  }
  let text: string;
  try {
    text = decodeUtf8(bytes, { fatal: true });
  } catch {
    throw new SpecLoadError(`${source} is not valid UTF-8: refused rather than read with replacement characters`);
  }
  let document: OpenAPIV3_1.Document;
  try {
    document = parseSpecText(text, source) as OpenAPIV3_1.Document;
  } catch (error) {
    if (error instanceof SpecBoundsError) throw new SpecLoadError(error.message);
    throw error;
  }
  if (typeof document !== "object" || document === null || !("openapi" in document)) {
    throw new SpecLoadError(`${source} is not an OpenAPI document (no "openapi" field)`);
  }
  const [external, ...more] = externalRefs(document, source);
  if (external) {
    throw new SpecLoadError(
      `${source} has a $ref to ${JSON.stringify(external.ref.slice(0, 120))} at ${external.pointer}${more.length > 0 ? ` (and ${more.length} more)` : ""}: only local refs (#/…) are followed, since Partoo publishes a bundled spec`,
    );
  }
  try {
    checkExpandedSize(document, source);
  } catch (error) {
    if (error instanceof SpecBoundsError) throw new SpecLoadError(error.message);
    throw error;
  }
  let dereferenced: OpenAPIV3_1.Document;
  try {
    // swagger-parser mutates what it is given: hand it a copy so `document` keeps its $refs.
    // External resolution is off as well, in case a ref slipped past the check above.
    const noExternal = { resolve: { external: false } };
    await SwaggerParser.validate(structuredClone(document) as never, noExternal as never);
    dereferenced = (await SwaggerParser.dereference(
      structuredClone(document) as never,
      noExternal as never,
    )) as unknown as OpenAPIV3_1.Document;
  } catch (error) {
    throw new SpecLoadError(`${source} is not a valid OpenAPI document: ${(error as Error).message.split("\n")[0]}`);
  }
  const unsafe = firstUnsafePattern(document, source);
  if (unsafe) throw new SpecLoadError(unsafe);
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  return { source, text, digest, document, dereferenced };
}
