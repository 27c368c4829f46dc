import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { redact, redactDeep } from "../../src/internal/redact.js";
import type { SuiteResult } from "../suite/results.js";
import { renderJunit } from "./junit.js";
import { renderSummary } from "./markdown.js";

/**
 * Writes junit.xml, summary.md and results.json, and returns their texts (for a CI step
 * summary). All three are rendered from a copy of the run whose every string was redacted, then
 * searched once more as text: nothing written or returned was ever unredacted.
 */
export async function writeReports(
  run: SuiteResult,
  dir: string,
  secrets: readonly string[],
): Promise<Record<string, string>> {
  const safe = redactDeep(run, secrets);
  const files: Record<string, string> = {
    "junit.xml": redact(renderJunit(safe), secrets),
    "summary.md": redact(renderSummary(safe), secrets),
    "results.json": redact(`${JSON.stringify(safe, null, 2)}\n`, secrets),
  };
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return files;
}
