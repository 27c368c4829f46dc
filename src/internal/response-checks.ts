/**
 * `validateResponses` at run time: each answer checked with the generated response validators.
 * Loaded by the client on the first answer it checks (a dynamic import), so the validators'
 * weight stays out of the main entry for everyone who leaves the option off.
 */
import { type Finding, PartooSpecViolationError, type SpecViolation } from "../errors.js";
import { CheckedResponse } from "./checked-response.js";
import { findUndocumentedProperties, validateResponse } from "./response-validation.js";

export interface AnswerToCheck {
  method: string;
  /** The path as the call gave it: the spec's template (`/webhooks/{webhook_id}`). */
  path: string;
  response: Response;
  /** The parsed body: the call's `data`, or its (redacted) `error`. */
  body: unknown;
}

/**
 * Reports what breaks the spec (or throws it, in "throw" mode) and, always only reported, the
 * properties the spec does not list. An error status the spec does not document for the
 * operation is left to `unwrap` and the typed API errors: the body has no schema to break.
 */
export function checkAnswer(
  answer: AnswerToCheck,
  mode: "warn" | "throw",
  report: (violation: SpecViolation) => void,
): void {
  const { method, path, response, body } = answer;
  const target = { method, path, status: response.status, contentType: response.headers.get("content-type"), body };
  const operation = `${method.toUpperCase()} ${path}`;
  const result = validateResponse(target);
  // Findings quote the answer (header names, property names as pointer tokens): through the
  // request's redaction boundary, bounded in size, before anyone sees them.
  const redactor = CheckedResponse.redactorOf(response);
  const undocumentedErrorStatus = !response.ok && result.errors.some((f) => f.keyword === "status");
  if (!result.valid && !undocumentedErrorStatus) {
    const violation: SpecViolation = {
      kind: "violation",
      operation,
      status: response.status,
      findings: redactor.findings(result.errors),
      response,
    };
    if (mode === "throw") throw new PartooSpecViolationError(violation);
    report(violation);
  }
  const extra = findUndocumentedProperties(target);
  if (extra.length > 0) {
    report({
      kind: "undocumented",
      operation,
      status: response.status,
      findings: redactor.findings(
        extra.map(
          (pointer): Finding => ({ instancePath: pointer, keyword: "undocumented", message: "is not in the spec" }),
        ),
      ),
      response,
    });
  }
}

/** How long a rule stays quiet after the default hook warned about it. */
export const WARN_INTERVAL_MS = 60_000;

/**
 * The default `onSpecViolation`: one `console.warn` per operation and rule, then quiet for that
 * rule for WARN_INTERVAL_MS, so a drifting API cannot flood a log. Rule names and JSON pointers
 * only: never a value from the body.
 */
export function rateLimitedWarn(now: () => number = Date.now): (violation: SpecViolation) => void {
  const lastWarned = new Map<string, number>();
  return (violation) => {
    const fresh = violation.findings.filter((f) => {
      const key = `${violation.operation} ${violation.kind} ${f.keyword}`;
      const last = lastWarned.get(key);
      if (last !== undefined && now() - last < WARN_INTERVAL_MS) return false;
      lastWarned.set(key, now());
      return true;
    });
    if (fresh.length === 0) return;
    const what =
      violation.kind === "violation" ? "in a way the spec does not allow" : "with properties the spec does not list";
    const list = fresh.map((f) => `${f.instancePath || "(body)"} ${f.message} [${f.keyword}]`).join("; ");
    console.warn(
      `partoo-client: ${violation.operation} answered ${violation.status} ${what}: ${list} (each rule is reported at most once a minute; pass onSpecViolation to handle them yourself)`,
    );
  };
}
