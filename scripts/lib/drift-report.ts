import type { Change, DriftResult } from "./drift.js";

const show = (value: unknown) => {
  if (value === undefined) return "—";
  const text = JSON.stringify(value);
  return `\`${(text.length > 120 ? `${text.slice(0, 120)}…` : text).replaceAll("|", "\\|").replaceAll("`", "'")}\``;
};

function row(c: Change): string {
  const flag = c.flag ? ` ⚠ ${c.flag}` : "";
  return `| ${c.classification === "breaking" ? "💥 breaking" : "non-breaking"} | \`${c.rule}\`${flag} | \`${c.location.replaceAll("|", "\\|")}\` | ${show(c.old)} → ${show(c.new)} |`;
}

/**
 * First thing in the report (the scheduled pull request's body): a change to where or how the API
 * key is sent, which `--write` never applies unless `--accept-security-changes` is given.
 */
function securityBanner(result: DriftResult, refused: boolean): string[] {
  if (result.securityChanges.length === 0) return [];
  return [
    `> [!CAUTION]`,
    `> **Where or how the API key is sent changes.** ${refused ? "`--write` refused to apply this spec: nothing was written." : "`--write` refuses to apply this spec unless `--accept-security-changes` is given."} A rebuilt client with default settings would send the key accordingly; confirm with Partoo before accepting.`,
    ...result.securityChanges.map((c) => `> - \`${c.rule}\` at \`${c.location}\`: ${c.reason.replaceAll("\n", " ")}`),
    "",
  ];
}

/** The markdown report: verdict, then changes grouped by operation, then additions in one line each. */
export function renderDriftReport(result: DriftResult, { refused = false } = {}): string {
  const { breaking, nonBreaking } = result.summary;
  const verdict =
    breaking > 0 ? `💥 ${breaking} breaking change(s)` : nonBreaking > 0 ? "non-breaking changes only" : "no change";
  const lines = [
    ...securityBanner(result, refused),
    `# Spec drift: ${verdict}`,
    "",
    `Committed \`${result.base.source}\` (${result.base.digest.slice(0, 19)}…) against \`${result.against.source}\` (${result.against.digest.slice(0, 19)}…).`,
    `${breaking} breaking, ${nonBreaking} non-breaking change(s) in the operations this package covers.`,
  ];
  const byOperation = new Map<string, Change[]>(); // Map.groupBy needs Node 21
  for (const c of result.changes) byOperation.set(c.operation, [...(byOperation.get(c.operation) ?? []), c]);
  for (const [operation, changes] of byOperation) {
    lines.push(
      "",
      `## ${operation}`,
      "",
      "| class | rule | location | old → new |",
      "|---|---|---|---|",
      ...changes.map(row),
    );
  }
  if (result.additions.length > 0 || result.otherOperations > 0) {
    lines.push("", "## Operations only the other document has", "");
    lines.push(...result.additions.map((key) => `- \`${key.toUpperCase().split(" ")[0]} ${key.split(" ")[1]}\``));
    if (result.otherOperations > 0)
      lines.push(`- and ${result.otherOperations} more elsewhere in the API (outside this package's scope)`);
  }
  return `${lines.join("\n")}\n`;
}
