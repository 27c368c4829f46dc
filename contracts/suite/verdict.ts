import type { CheckResult, SuiteResult } from "./results.js";

/** What counts against the target: failures only (the default), or warnings too (`--fail-on warnings`). */
export type FailOn = "failures" | "warnings";
export const FAIL_ON: readonly FailOn[] = ["failures", "warnings"];

/**
 * The one answer a run gives, in three kinds that are never confused: the target conforms (exit
 * 0), deviations were found (exit 1), or the run could not be carried out and says why (exit 2:
 * unreachable, a refused key, cut short). An outage is not drift.
 */
export interface Verdict {
  kind: "conforms" | "deviations" | "aborted";
  exitCode: 0 | 1 | 2;
  /** `conforms`, `deviations found`, `aborted: <why>`: the text every report heading and the console show. */
  text: string;
  /** The checks that decided it: failed ones, and warnings under `--fail-on warnings`. */
  counted: CheckResult[];
}

/** The verdict of a finished run. */
export function verdictOf(run: SuiteResult, failOn: FailOn = "failures"): Verdict {
  // The check that records why a run stopped is the abort's reason, not a deviation of the API.
  const counted = run.checks.filter(
    (c) =>
      !(run.aborted !== undefined && c.scenario === "run") &&
      (c.outcome === "failed" || (failOn === "warnings" && c.outcome === "warning")),
  );
  if (run.aborted !== undefined) return { kind: "aborted", exitCode: 2, text: `aborted: ${run.aborted}`, counted };
  if (counted.length > 0) return { kind: "deviations", exitCode: 1, text: "deviations found", counted };
  return { kind: "conforms", exitCode: 0, text: "conforms", counted };
}

/** The verdict with its mark, for headings: `✅ conforms`, `❌ deviations found`, `⛔ aborted: …`. */
export function verdictHeading(verdict: Verdict): string {
  const mark = { conforms: "✅", deviations: "❌", aborted: "⛔" }[verdict.kind];
  return `${mark} ${verdict.text}`;
}
