import { type SuiteResult, tally } from "../suite/results.js";
import { type Verdict, verdictHeading } from "../suite/verdict.js";
import { type FindingGroup, groupFindings } from "./findings.js";
import { factsLine } from "./run-facts.js";

const cell = (text: string | undefined) => (text ?? "").replaceAll("|", "\\|").replaceAll("\n", " ");
const code = (text: string) => (text === "" ? "" : `\`${cell(text)}\``);

function groupTable(groups: readonly FindingGroup[]): string[] {
  return [
    "| check | rule | pointer | finding | header | operations | scenarios |",
    "|---|---|---|---|---|---|---|",
    ...groups.map(
      (g) =>
        `| ${code(g.check)} | ${code(g.rule)} | ${code(g.pointer) || "/"} | ${cell(g.message)} | ${g.headerName === undefined ? "" : code(g.headerName)} | ${cell(g.operations.join(", "))} | ${g.scenarios.length}: ${cell(g.scenarios.join("; "))} |`,
    ),
  ];
}

/** A summary ready for a CI step summary: the verdict as its heading, the run's facts, counts, then findings grouped. */
export function renderSummary(run: SuiteResult, verdict: Verdict): string {
  const counts = tally(run.checks);
  const lines = [
    `# Partoo contract suite: ${verdictHeading(verdict)}`,
    "",
    factsLine(run),
    ...(run.seed === undefined
      ? []
      : [
          `Seed \`${run.seed}\` (PARTOO_CONTRACT_SEED replays the generated header checks, ${run.headerBudget?.used ?? 0} of ${run.headerBudget?.limit ?? 0} requests)`,
        ]),
    "",
    "| checks | passed | failed | warnings | skipped |",
    "|---|---|---|---|---|",
    `| ${run.checks.length} | ${counts.passed} | ${counts.failed} | ${counts.warning} | ${counts.skipped} |`,
  ];
  if (verdict.kind === "aborted") {
    lines.push(
      "",
      `**The run could not be carried out:** ${cell(run.aborted)}. This says nothing about the API's conformance.`,
    );
  }
  const counted = groupFindings(verdict.counted);
  const title = verdict.kind === "aborted" ? "Findings before the run stopped" : "Deviations";
  if (counted.length > 0) lines.push("", `## ${title} (${counted.length} distinct)`, "", ...groupTable(counted));
  const warnings = groupFindings(run.checks.filter((c) => c.outcome === "warning" && !verdict.counted.includes(c)));
  if (warnings.length > 0) {
    lines.push("", "## Warnings (drift, spec gaps; `--fail-on warnings` counts them)", "", ...groupTable(warnings));
  }
  const skipped = run.checks.filter((c) => c.outcome === "skipped");
  if (skipped.length > 0) lines.push("", "## Skipped", "", ...skipped.map((c) => `- ${c.scenario}: ${c.message}`));
  return `${lines.join("\n")}\n`;
}
