import { type SuiteResult, tally } from "../suite/results.js";
import type { Verdict } from "../suite/verdict.js";
import { describeGroup, type FindingGroup, groupFindings } from "./findings.js";
import { curlLine, runFacts } from "./run-facts.js";

const html = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

// Inline and system fonts only: the file is read offline, attached to a CI run, years later.
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;margin:0 0 .4rem}
.verdict{display:inline-block;padding:.35rem .8rem;border-radius:.4rem;font-weight:600;font-size:1.15rem}
.conforms{background:#dff5e1;color:#0b5d1e}.deviations{background:#fde2e1;color:#8a1111}.aborted{background:#fff1cc;color:#6b4b00}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}dt{color:#666}dd{margin:0}
table.counts td,table.counts th{padding:.2rem .8rem;border:1px solid #ddd;text-align:right}
section.finding{border:1px solid #ddd;border-left:.35rem solid #c62828;border-radius:.3rem;padding:.6rem 1rem;margin:1rem 0}
section.finding.warning{border-left-color:#b28704}
section.finding h3{margin:.2rem 0 .5rem;font-size:1.05rem}
code,pre{font:13px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace}
pre{background:#f6f8fa;padding:.5rem .7rem;border-radius:.3rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.muted{color:#666}`;

function findingSection(g: FindingGroup, index: number, counted: boolean): string {
  const ex = g.example;
  const request = ex.request;
  const parts = [
    `<section class="finding${counted ? "" : " warning"}" id="finding-${index + 1}">`,
    `<h3>${index + 1}. ${html(describeGroup(g))}</h3>`,
    `<p class="muted">${html(g.operations.join(", ") || "the run")} · hit by ${g.scenarios.length} scenario${g.scenarios.length === 1 ? "" : "s"}: ${html(g.scenarios.join("; "))}</p>`,
  ];
  if (request) {
    const status = ex.status === undefined ? "" : ` → ${ex.status} ${ex.contentType ?? ""}`;
    parts.push(
      `<p><strong>Request</strong> <code>${html(`${request.method} ${request.url}`)}</code> (key ${html(request.auth)})${html(status)}</p>`,
    );
    if (request.body !== undefined)
      parts.push(`<pre class="body">${html(JSON.stringify(request.body, null, 2))}</pre>`);
    if (ex.snippet !== undefined)
      parts.push(
        `<p><strong>Answer</strong> (start, secrets redacted)</p><pre class="snippet">${html(ex.snippet || "(empty)")}</pre>`,
      );
    parts.push(`<p><strong>Replay</strong></p><pre class="curl">${html(curlLine(request))}</pre>`);
  } else {
    parts.push(`<p>${html(ex.message)}</p>`);
  }
  parts.push("</section>");
  return parts.join("\n");
}

/**
 * The report a person opens: one self-contained HTML file (inline style, no script, no font or
 * resource from anywhere), with the verdict first, then each distinct finding with the request
 * that showed it, the start of the answer and a `curl` line to replay it.
 */
export function renderHtml(run: SuiteResult, verdict: Verdict): string {
  const counts = tally(run.checks);
  const counted = groupFindings(verdict.counted);
  const warnings = groupFindings(run.checks.filter((c) => c.outcome === "warning" && !verdict.counted.includes(c)));
  const title = verdict.kind === "aborted" ? "Findings before the run stopped" : "Deviations";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Partoo contract suite: ${html(verdict.text)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Partoo contract suite</h1>
<p class="verdict ${verdict.kind}" id="verdict">${html(verdict.text)} (exit ${verdict.exitCode})</p>
<dl>${runFacts(run)
    .map(([label, value]) => `<dt>${html(label)}</dt><dd>${html(value)}</dd>`)
    .join("")}<dt>started</dt><dd>${html(run.startedAt)}</dd></dl>
<table class="counts"><tr><th>checks</th><th>passed</th><th>failed</th><th>warnings</th><th>skipped</th></tr>
<tr><td>${run.checks.length}</td><td>${counts.passed}</td><td>${counts.failed}</td><td>${counts.warning}</td><td>${counts.skipped}</td></tr></table>
${verdict.kind === "aborted" ? `<p><strong>The run could not be carried out</strong>: this says nothing about the API's conformance.</p>` : ""}
${counted.length > 0 ? `<h2>${title} (${counted.length} distinct)</h2>\n${counted.map((g, i) => findingSection(g, i, true)).join("\n")}` : ""}
${warnings.length > 0 ? `<h2>Warnings (${warnings.length} distinct; <code>--fail-on warnings</code> counts them)</h2>\n${warnings.map((g, i) => findingSection(g, counted.length + i, false)).join("\n")}` : ""}
</body>
</html>
`;
}
