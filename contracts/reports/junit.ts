import junitReportBuilder, { type Builder } from "junit-report-builder";

import type { SuiteResult } from "../suite/results.js";

// The package's types declare `export default`, but it ships `module.exports = builder`, which is
// what Node's ESM default import yields.
const junit = junitReportBuilder as unknown as Builder;

/** One test case per check; warnings pass with their text in system-out (JUnit has no warnings). */
export function renderJunit(run: SuiteResult): string {
  const builder = junit.newBuilder();
  const suite = builder
    .testSuite()
    .name(`Partoo contracts (${run.target})`)
    .timestamp(run.startedAt)
    .time(run.durationMs / 1000);
  for (const check of run.checks) {
    const testCase = suite
      .testCase()
      .className(check.operation || "run")
      .name(`${check.scenario} › ${check.check}`);
    const details = [
      check.request ? `request: ${check.request.method} ${check.request.url} (auth ${check.request.auth})` : "",
      check.request?.body === undefined ? "" : `body: ${JSON.stringify(check.request.body).slice(0, 2000)}`,
      check.status === undefined ? "" : `status: ${check.status}, content-type: ${check.contentType ?? ""}`,
      ...check.findings.map(
        (f) =>
          `at ${f.instancePath || "/"}: ${f.keyword}: ${f.message}${f.headerName === undefined ? "" : ` (header ${JSON.stringify(f.headerName)})`}`,
      ),
    ].filter(Boolean);
    if (check.outcome === "failed") testCase.failure(check.message, check.check).stacktrace(details.join("\n"));
    else if (check.outcome === "skipped") testCase.skipped().standardOutput(check.message);
    else if (check.outcome === "warning") testCase.standardOutput(`warning: ${check.message}\n${details.join("\n")}`);
  }
  return builder.build();
}
