import junitReportBuilder, { type Builder } from "junit-report-builder";

import type { SuiteResult } from "../suite/results.js";
import type { Verdict } from "../suite/verdict.js";
import { runFacts } from "./run-facts.js";

// The package's types declare `export default`, but it ships `module.exports = builder`, which is
// what Node's ESM default import yields.
const junit = junitReportBuilder as unknown as Builder;

/**
 * One test case per check. Warnings pass with their text in system-out (JUnit has no warnings)
 * unless the verdict counts them; an aborted run is an error, not a failure: the checks did not
 * find the API wrong, they could not be made.
 */
export function renderJunit(run: SuiteResult, verdict: Verdict): string {
  const builder = junit.newBuilder();
  const suite = builder
    .testSuite()
    .name(`Partoo contracts (${run.target}): ${verdict.text}`)
    .timestamp(run.startedAt)
    .time(run.durationMs / 1000)
    .property("verdict", verdict.text)
    .property("exit_code", String(verdict.exitCode));
  for (const [label, value] of runFacts(run)) suite.property(label, value);
  for (const check of run.checks) {
    const testCase = suite
      .testCase()
      .className(check.operation || "run")
      .name(`${check.scenario} › ${check.check}`);
    const details = [
      check.request ? `request: ${check.request.method} ${check.request.url} (auth ${check.request.auth})` : "",
      check.request?.body === undefined ? "" : `body: ${JSON.stringify(check.request.body).slice(0, 2000)}`,
      check.status === undefined ? "" : `status: ${check.status}, content-type: ${check.contentType ?? ""}`,
      check.snippet === undefined ? "" : `answer: ${check.snippet}`,
      ...check.findings.map(
        (f) =>
          `at ${f.instancePath || "/"}: ${f.keyword}: ${f.message}${f.headerName === undefined ? "" : ` (header ${JSON.stringify(f.headerName)})`}`,
      ),
    ].filter(Boolean);
    const aborting = verdict.kind === "aborted" && check.scenario === "run" && check.outcome === "failed";
    if (aborting) testCase.error(check.message, "aborted", details.join("\n"));
    else if (verdict.counted.includes(check))
      testCase.failure(check.message, check.check).stacktrace(details.join("\n"));
    else if (check.outcome === "skipped") testCase.skipped().standardOutput(check.message);
    else if (check.outcome === "warning") testCase.standardOutput(`warning: ${check.message}\n${details.join("\n")}`);
  }
  return builder.build();
}
