import { type CheckResult, type SuiteResult, tally } from "../suite/results.js";

const cell = (text: string | undefined) => (text ?? "").replaceAll("|", "\\|").replaceAll("\n", " ");

function failureRows(checks: readonly CheckResult[]): string[] {
  return checks.flatMap((c) => {
    const findings = c.findings.length > 0 ? c.findings : [{ instancePath: "", keyword: c.check, message: c.message }];
    return findings.map(
      (f) =>
        `| ${cell(c.operation)} | ${cell(c.scenario)} | \`${c.check}\` | ${c.status ?? ""} | \`${cell(f.instancePath) || "/"}\` | \`${cell(f.keyword)}\` ${cell(f.message)} | ${f.headerName === undefined ? "" : `\`${cell(f.headerName)}\``} |`,
    );
  });
}

/** A summary ready for a CI step summary: verdict, counts, then every failure and warning. */
export function renderSummary(run: SuiteResult): string {
  const counts = tally(run.checks);
  const verdict = counts.failed === 0 && !run.aborted ? "✅ conformant" : "❌ deviations found";
  const lines = [
    `# Partoo contract suite: ${verdict}`,
    "",
    `Target: \`${run.target}\`${run.embedded ? " (embedded sandbox)" : ""} · writes ${run.writes ? "on" : "off"} · ${run.requests} requests · ${(run.durationMs / 1000).toFixed(1)} s`,
    ...(run.seed === undefined
      ? []
      : [
          `Seed \`${run.seed}\` (PARTOO_CONTRACT_SEED replays the generated header checks, ${run.headerBudget?.used ?? 0} of ${run.headerBudget?.limit ?? 0} requests)`,
        ]),
    "",
    `| checks | passed | failed | warnings | skipped |`,
    `|---|---|---|---|---|`,
    `| ${run.checks.length} | ${counts.passed} | ${counts.failed} | ${counts.warning} | ${counts.skipped} |`,
  ];
  if (run.aborted) lines.push("", `**Run aborted:** ${run.aborted}`);
  const table = [
    "| operation | scenario | check | status | pointer | rule | header |",
    "|---|---|---|---|---|---|---|",
  ];
  const failed = run.checks.filter((c) => c.outcome === "failed");
  if (failed.length > 0) lines.push("", "## Failures", "", ...table, ...failureRows(failed));
  const warnings = run.checks.filter((c) => c.outcome === "warning");
  if (warnings.length > 0) lines.push("", "## Warnings (drift, spec gaps)", "", ...table, ...failureRows(warnings));
  const skipped = run.checks.filter((c) => c.outcome === "skipped");
  if (skipped.length > 0) lines.push("", "## Skipped", "", ...skipped.map((c) => `- ${c.scenario}: ${c.message}`));
  return `${lines.join("\n")}\n`;
}
