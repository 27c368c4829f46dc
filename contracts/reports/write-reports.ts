import type { SuiteResult } from "../suite/results.js";
import { type FailOn, type Verdict, verdictOf } from "../suite/verdict.js";
import { renderHtml } from "./html.js";
import { renderJunit } from "./junit.js";
import { renderSummary } from "./markdown.js";
import { RedactingWriter } from "./redacting-writer.js";

export const REPORT_FILES = ["junit.xml", "summary.md", "results.json", "report.html"] as const;
export type ReportTexts = Record<(typeof REPORT_FILES)[number], string>;

/**
 * Writes junit.xml, summary.md, results.json and report.html, and returns their texts (for a CI
 * step summary, or `--json`). All are rendered from a copy of the run whose every string was
 * redacted, then written through the redacting writer, which searches them once more as text.
 * `secrets` is the run's writer, or the secrets for one made here.
 */
export async function writeReports(
  run: SuiteResult,
  dir: string,
  secrets: readonly string[] | RedactingWriter,
  failOn: FailOn = "failures",
): Promise<ReportTexts> {
  const writer =
    secrets instanceof RedactingWriter ? secrets : new RedactingWriter(process.stdout, process.stderr, secrets);
  const safe = writer.data(run);
  // Rendered from the redacted copy: the verdict is taken again from it (the same checks count).
  const verdict: Verdict = verdictOf(safe, failOn);
  const json = { verdict: { kind: verdict.kind, text: verdict.text, exitCode: verdict.exitCode, failOn }, ...safe };
  const texts: ReportTexts = {
    "junit.xml": renderJunit(safe, verdict),
    "summary.md": renderSummary(safe, verdict),
    "results.json": `${JSON.stringify(json, null, 2)}\n`,
    "report.html": renderHtml(safe, verdict),
  };
  for (const name of REPORT_FILES) texts[name] = await writer.file(dir, name, texts[name]);
  return texts;
}
