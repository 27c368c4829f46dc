import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { parse } from "yaml";

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

async function readSource(source: string, timeoutMs: number): Promise<string> {
  if (!/^https?:\/\//.test(source)) return readFile(source, "utf8");
  const response = await fetch(source, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new SpecLoadError(`${source} answered ${response.status}`);
  return response.text();
}

/** Reads a spec (file path or http(s) URL, YAML or JSON), validates it and resolves its `$ref`s. */
export async function loadSpec(source: string, { timeoutMs = 20_000 } = {}): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readSource(source, timeoutMs);
  } catch (error) {
    if (error instanceof SpecLoadError) throw error;
    const { code, message } = (error as { cause?: { code?: string; message?: string } }).cause ?? {};
    const cause = code ?? message;
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : (cause ?? (error as Error).message);
    throw new SpecLoadError(`cannot read ${source}: ${reason}`);
  }
  let document: OpenAPIV3_1.Document;
  try {
    document = parse(text) as OpenAPIV3_1.Document;
  } catch (error) {
    throw new SpecLoadError(`${source} is neither YAML nor JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof document !== "object" || document === null || !("openapi" in document)) {
    throw new SpecLoadError(`${source} is not an OpenAPI document (no "openapi" field)`);
  }
  let dereferenced: OpenAPIV3_1.Document;
  try {
    // swagger-parser mutates what it is given: hand it a copy so `document` keeps its $refs.
    await SwaggerParser.validate(structuredClone(document) as never);
    dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as OpenAPIV3_1.Document;
  } catch (error) {
    throw new SpecLoadError(`${source} is not a valid OpenAPI document: ${(error as Error).message.split("\n")[0]}`);
  }
  const digest = `sha256:${createHash("sha256").update(text).digest("hex")}`;
  return { source, text, digest, document, dereferenced };
}
