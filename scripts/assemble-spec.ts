/**
 * Rebuilds openapi/openapi-bundled.yaml from Partoo's documentation pages (one operation each).
 * Every page embeds the same bundled document cut down to one operation; merging them must never
 * meet two different values for the same key, or the pages disagree and we refuse to guess.
 *
 *   npx tsx scripts/assemble-spec.ts [seedsDir] [outFile]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse, stringify } from "yaml";
import { escapeToken } from "../src/internal/json-pointer.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FENCE = /````yaml [^\n]*\n([\s\S]*?)\n````/;

export function extractSpecFromPage(page: string, source: string): Record<string, Json> | undefined {
  const match = FENCE.exec(page);
  if (!match?.[1]) return undefined;
  const doc = parse(match[1]) as unknown;
  if (typeof doc !== "object" || doc === null) throw new Error(`${source}: the yaml block is not a mapping`);
  return doc as Record<string, Json>;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function mergeDocuments(into: { [key: string]: Json }, from: { [key: string]: Json }, at: string): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    const here = `${at}/${escapeToken(key)}`;
    if (existing === undefined) into[key] = structuredClone(value);
    else if (isObject(existing) && isObject(value)) mergeDocuments(existing, value, here);
    else if (!isDeepStrictEqual(existing, value)) throw new Error(`seed pages disagree at ${here}`);
  }
}

const PATH_ORDER = ["/webhooks", "/webhooks/{webhook_id}", "/webhooks/tryout"];

function main(): void {
  const seedsDir = process.argv[2] ?? "../shared/seeds";
  const outFile = process.argv[3] ?? "openapi/openapi-bundled.yaml";
  const merged: { [key: string]: Json } = {};
  let pages = 0;
  for (const name of readdirSync(seedsDir).sort()) {
    const doc = extractSpecFromPage(readFileSync(join(seedsDir, name), "utf8"), name);
    if (!doc) continue; // a rendered docs page: no yaml block to merge
    mergeDocuments(merged, doc, "#");
    pages++;
  }
  const paths = merged.paths as { [key: string]: Json };
  merged.paths = Object.fromEntries(
    Object.keys(paths)
      .sort((a, b) => PATH_ORDER.indexOf(a) - PATH_ORDER.indexOf(b))
      .map((p) => [p, paths[p] as Json]),
  );
  writeFileSync(outFile, stringify(merged, { lineWidth: 0 }));
  console.log(`merged ${pages} pages into ${outFile}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
