import { findOperation } from "../../src/internal/operation-lookup.js";
import { findUndocumentedProperties, validateResponse } from "../../src/validation.js";
import type { Exchange } from "./caller.js";
import type { CheckResult, Finding, Outcome } from "./results.js";

export function operationLabel(method: string, path: string): string {
  const op = findOperation(method, path);
  return op ? `${op.method.toUpperCase()} ${op.path}` : `${method} ${path}`;
}

export function result(
  scenario: string,
  check: string,
  exchange: Exchange | undefined,
  outcome: Outcome,
  message: string,
  findings: Finding[] = [],
  operation?: string,
): CheckResult {
  const r: CheckResult = {
    scenario,
    check,
    operation: operation ?? (exchange ? operationLabel(exchange.call.method, exchange.call.path) : ""),
    outcome,
    message,
    findings,
  };
  if (exchange) {
    r.request = exchange.request;
    r.status = exchange.status;
    r.contentType = exchange.contentType;
    r.snippet = exchange.snippet;
  }
  return r;
}

/**
 * What the spec promises of every response, checked the same way for each: a documented status,
 * the documented media type, a body valid against that status's schema (all errors), and — as a
 * warning only — properties the schema does not document.
 */
export function conformanceChecks(scenario: string, exchange: Exchange): CheckResult[] {
  const { call, status, contentType } = exchange;
  const target = { method: call.method, path: call.path, status, contentType, body: exchange.body };
  const found = validateResponse(target);
  const first = found.errors[0];
  const checks: CheckResult[] = [];

  if (first?.keyword === "status") {
    // 401 on an operation the spec forgot to document it for (POST /webhooks): a gap in the spec,
    // not a server fault. Anything else undocumented is a failure.
    const gap = status === 401 && exchange.request.auth !== "valid";
    checks.push(
      result(
        scenario,
        "status_code_conformance",
        exchange,
        gap ? "warning" : "failed",
        gap ? `spec gap: ${first.message}` : first.message,
      ),
    );
    return checks;
  }
  checks.push(result(scenario, "status_code_conformance", exchange, "passed", `status ${status} is documented`));

  if (first?.keyword === "contentType") {
    checks.push(result(scenario, "content_type_conformance", exchange, "failed", first.message));
    return checks;
  }
  checks.push(
    result(
      scenario,
      "content_type_conformance",
      exchange,
      "passed",
      `content type ${contentType || "(none)"} is documented`,
    ),
  );

  if (exchange.parseError !== undefined) {
    const rule = `body is not valid JSON (${exchange.parseError}): ${JSON.stringify(exchange.snippet)}`;
    checks.push(
      result(scenario, "response_schema_conformance", exchange, "failed", rule, [
        { instancePath: "", keyword: "json", message: rule },
      ]),
    );
    return checks;
  }
  if (!found.valid) {
    const findings = found.errors;
    const summary = findings.map(
      (f) =>
        `${f.instancePath || "(body)"}${f.headerName ? ` [header ${JSON.stringify(f.headerName)}]` : ""}: ${f.message} (${f.keyword})`,
    );
    checks.push(result(scenario, "response_schema_conformance", exchange, "failed", summary.join("; "), findings));
  } else {
    checks.push(result(scenario, "response_schema_conformance", exchange, "passed", "body matches the schema"));
  }

  const undocumented = findUndocumentedProperties(target);
  if (undocumented.length > 0) {
    const findings = undocumented.map((instancePath) => ({
      instancePath,
      keyword: "unevaluatedProperties",
      message: "not documented by the spec",
    }));
    checks.push(
      result(
        scenario,
        "undocumented_properties",
        exchange,
        "warning",
        `drift: undocumented ${undocumented.join(", ")}`,
        findings,
      ),
    );
  }
  return checks;
}

/** The status a scenario requires: exact, or any refusal (4xx). */
export function expectStatus(
  scenario: string,
  exchange: Exchange,
  expected: number | "4xx",
  check = "expected_status",
): CheckResult {
  const ok = expected === "4xx" ? exchange.status >= 400 && exchange.status < 500 : exchange.status === expected;
  const want = expected === "4xx" ? "a 4xx refusal" : String(expected);
  return result(
    scenario,
    check,
    exchange,
    ok ? "passed" : "failed",
    ok
      ? `answered ${exchange.status}`
      : `expected ${want}, got ${exchange.status}: ${JSON.stringify(exchange.snippet)}`,
    ok ? [] : [{ instancePath: "", keyword: "status", message: `expected ${want}` }],
  );
}
