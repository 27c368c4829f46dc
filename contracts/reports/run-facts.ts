import type { RequestRecord, SuiteResult } from "../suite/results.js";

/**
 * What a reader needs to know about how the run was made, in one list every report and the
 * console show the same way: target, writes, requests used (of the budget, when the run has
 * one), time, and the seed of generated scenarios when the run has one.
 */
export function runFacts(run: SuiteResult): [label: string, value: string][] {
  const facts: [string, string][] = [
    ["target", `${run.target}${run.embedded ? " (embedded sandbox)" : ""}`],
    ["writes", run.writes ? "on" : "off"],
    ["requests", String(run.requests)],
    ["time", `${(run.durationMs / 1000).toFixed(1)} s`],
  ];
  if (run.seed !== undefined) facts.push(["seed", String(run.seed)]);
  if (run.headerBudget !== undefined)
    facts.push(["header checks", `${run.headerBudget.used} of ${run.headerBudget.limit} requests`]);
  return facts;
}

/** `target … · writes off · requests 31 · time 0.4 s`. */
export const factsLine = (run: SuiteResult): string =>
  runFacts(run)
    .map(([label, value]) => `${label} ${value}`)
    .join(" · ");

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A `curl` command that replays a request, the key read from `$PARTOO_API_KEY` (never written
 * out). Custom header values were redacted when recorded, so a replay sends `[REDACTED]` there.
 */
export function curlLine(request: RequestRecord): string {
  const parts = ["curl", "-sS", "-X", request.method, quote(request.url), "-H", quote("accept: application/json")];
  if (request.auth === "valid") parts.push("-H", '"x-APIKey: $PARTOO_API_KEY"');
  if (request.auth === "wrong") parts.push("-H", quote("x-APIKey: partoo-contract-suite-wrong-key"));
  if (typeof request.body === "string") parts.push("# body not replayable:", request.body);
  else if (request.body !== undefined) {
    parts.push("-H", quote("content-type: application/json"), "--data", quote(JSON.stringify(request.body)));
  }
  return parts.join(" ");
}
