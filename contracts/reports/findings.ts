import type { CheckResult, Finding, Outcome } from "../suite/results.js";

/**
 * One distinct finding — the same rule broken at the same place in the same way — with every
 * scenario that hit it: against a server with one bug, 14 scenarios give one group, not 14 lines.
 */
export interface FindingGroup {
  /** The check (`response_schema_conformance`) and the rule within it (`type`, `required`…). */
  check: string;
  rule: string;
  /** JSON pointer into the response ("" for the response as a whole). */
  pointer: string;
  message: string;
  headerName?: string;
  outcome: Outcome;
  operations: string[];
  scenarios: string[];
  /** The first check that found it: its request, status and answer snippet stand for the group. */
  example: CheckResult;
}

/** Groups the findings of `checks` by (check, rule, pointer, message, header), first seen first. */
export function groupFindings(checks: readonly CheckResult[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const check of checks) {
    const findings: Finding[] =
      check.findings.length > 0 ? check.findings : [{ instancePath: "", keyword: check.check, message: check.message }];
    for (const f of findings) {
      const header = f.headerName;
      const key = JSON.stringify([check.outcome, check.check, f.keyword, f.instancePath, f.message, header]);
      let group = groups.get(key);
      if (!group) {
        group = {
          check: check.check,
          rule: f.keyword,
          pointer: f.instancePath,
          message: f.message,
          ...(header === undefined ? {} : { headerName: header }),
          outcome: check.outcome,
          operations: [],
          scenarios: [],
          example: check,
        };
        groups.set(key, group);
      }
      if (check.operation && !group.operations.includes(check.operation)) group.operations.push(check.operation);
      if (!group.scenarios.includes(check.scenario)) group.scenarios.push(check.scenario);
    }
  }
  return [...groups.values()];
}

/** `response_schema_conformance · type at /items/0/id: must be integer`: a group in one line. */
export function describeGroup(g: FindingGroup): string {
  const rule = g.rule === g.check ? g.check : `${g.check} · ${g.rule}`;
  const where = g.pointer === "" ? "" : ` at ${g.pointer}`;
  const header = g.headerName === undefined ? "" : ` (header ${JSON.stringify(g.headerName)})`;
  return `${rule}${where}${header}: ${g.message}`;
}
