import { type CheckResult, type SuiteResult, tally } from "../suite/results.js";
import type { ScenarioEvent } from "../suite/run-suite.js";
import type { Verdict } from "../suite/verdict.js";
import { describeGroup, groupFindings } from "./findings.js";
import type { RedactingWriter } from "./redacting-writer.js";
import { factsLine } from "./run-facts.js";

/** How many scenario names a finding lists before "and N more". */
const SCENARIOS_SHOWN = 4;

function outcomeOf(checks: readonly CheckResult[]): string {
  const counts = tally(checks);
  if (counts.failed > 0) return `FAIL ${counts.failed} failed`;
  if (counts.warning > 0) return `warn ${counts.warning} warning${counts.warning === 1 ? "" : "s"}`;
  if (checks.length > 0 && counts.skipped === checks.length) return "skip";
  return "ok";
}

/**
 * The console for a person on call: a progress line per scenario (rewritten in place on a TTY,
 * one plain line each otherwise, for CI logs), then each distinct finding once with the
 * scenarios that hit it, then the verdict as the very last line. Everything goes through the
 * run's redacting writer.
 */
export class ConsoleReporter {
  constructor(private readonly out: RedactingWriter) {}

  scenario(event: ScenarioEvent): void {
    const position = `[${String(event.index).padStart(String(event.total).length)}/${event.total}]`;
    // An aborted scenario says so, not "FAIL 1 failed": the verdict line below gives the reason.
    const outcome = event.phase === "aborted" ? "ABORTED" : outcomeOf(event.checks);
    if (this.out.isTTY) {
      const text =
        event.phase === "start"
          ? `${position} ${event.name} … (${event.requests} requests so far)`
          : `${position} ${event.name}: ${outcome}`;
      // Rewritten in place; a failing or aborted scenario's line stays, so what went wrong stays on screen.
      const keep = event.phase === "aborted" || (event.phase === "done" && tally(event.checks).failed > 0);
      this.out.raw(`\r\x1b[2K${text.slice(0, 200)}${keep ? "\n" : ""}`);
    } else if (event.phase !== "start") {
      this.out.line(`${position} ${outcome.padEnd(13)} ${event.name}`);
    }
  }

  finish(run: SuiteResult, verdict: Verdict, reports: string): void {
    if (this.out.isTTY) this.out.raw("\r\x1b[2K");
    const groups = groupFindings(verdict.counted);
    if (groups.length > 0) this.out.line();
    for (const g of groups) {
      const names = g.scenarios.slice(0, SCENARIOS_SHOWN).join("; ");
      const more = g.scenarios.length > SCENARIOS_SHOWN ? `; and ${g.scenarios.length - SCENARIOS_SHOWN} more` : "";
      this.out.line(`FAIL ${describeGroup(g)}`);
      this.out.line(
        `     ${g.operations.join(", ") || "the run"} · ${g.scenarios.length} scenario${g.scenarios.length === 1 ? "" : "s"}: ${names}${more}`,
      );
    }
    const counts = tally(run.checks);
    this.out.line();
    this.out.line(
      `${run.checks.length} checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.warning} warnings, ${counts.skipped} skipped; ${groups.length} distinct finding${groups.length === 1 ? "" : "s"}`,
    );
    this.out.line(factsLine(run));
    this.out.line(`reports: ${reports}`);
    this.out.line(`verdict: ${verdict.text} (exit ${verdict.exitCode})`);
  }
}
