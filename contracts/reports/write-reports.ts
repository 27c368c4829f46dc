import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { redact } from "../../src/redact.js";
import type { SuiteResult } from "../suite/results.js";
import { renderJunit } from "./junit.js";
import { renderSummary } from "./markdown.js";

/** Writes junit.xml, summary.md and results.json, each passed through redaction once more. */
export async function writeReports(
  run: SuiteResult,
  dir: string,
  secrets: readonly string[],
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const files = {
    "junit.xml": renderJunit(run),
    "summary.md": renderSummary(run),
    "results.json": `${JSON.stringify(run, null, 2)}\n`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), redact(text, secrets));
  return files;
}
