import type { Finding } from "../../src/errors.js";

export type { Finding };
export type Outcome = "passed" | "failed" | "warning" | "skipped";

export interface RequestRecord {
  method: string;
  url: string;
  /** The JSON body sent, custom header values redacted; or a note for raw bodies. */
  body?: unknown;
  auth: "valid" | "missing" | "wrong";
}

export interface CheckResult {
  scenario: string;
  /** Schemathesis-style name: status_code_conformance, response_schema_conformance… */
  check: string;
  /** `GET /webhooks/{webhook_id}` */
  operation: string;
  outcome: Outcome;
  message: string;
  request?: RequestRecord;
  status?: number;
  contentType?: string;
  /** The start of the answer's body, secrets redacted (see Exchange.snippet). */
  snippet?: string;
  findings: Finding[];
}

export interface SuiteResult {
  target: string;
  embedded: boolean;
  writes: boolean;
  startedAt: string;
  durationMs: number;
  requests: number;
  checks: CheckResult[];
  /** The seed of the generated checks: PARTOO_CONTRACT_SEED set to it replays them exactly (with the same budget). */
  seed?: number;
  /** Requests the generated header checks could make (PARTOO_CONTRACT_HEADER_BUDGET) and made. */
  headerBudget?: { limit: number; used: number };
  /** Set when the run could not be carried out at all (unreachable target, request cap…). */
  aborted?: string;
}

export function tally(checks: readonly CheckResult[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { passed: 0, failed: 0, warning: 0, skipped: 0 };
  for (const c of checks) counts[c.outcome]++;
  return counts;
}
