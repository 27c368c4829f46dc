import type { Call, Caller, Exchange } from "./caller.js";
import { conformanceChecks, expectStatus, result } from "./checks.js";
import type { CheckResult } from "./results.js";

export interface SuiteContext {
  caller: Caller;
  writes: boolean;
  /** Every webhook the suite creates points here, so they are recognisable (the API has no delete). */
  hookUrl: string;
  /** An organization the key may not see, for the 403 scenario. */
  foreignOrgId: number | undefined;
  checks: CheckResult[];
  /** Ids created by this run, for the read-back scenarios. */
  created: { id: number; sent: Record<string, unknown> }[];
}

/** Sends a request, records the conformance checks of its answer and, if given, the expected status. */
export async function exchange(
  ctx: SuiteContext,
  scenario: string,
  call: Call,
  expected?: number | "4xx",
  check?: string,
): Promise<Exchange> {
  const ex = await ctx.caller.send(call);
  ctx.checks.push(...conformanceChecks(scenario, ex));
  if (expected !== undefined) ctx.checks.push(expectStatus(scenario, ex, expected, check));
  return ex;
}

export function skip(ctx: SuiteContext, scenario: string, check: string, operation: string, why: string): void {
  ctx.checks.push(result(scenario, check, undefined, "skipped", why, [], operation));
}

export interface ListBody {
  items?: { id?: unknown }[];
  page?: number;
  max_page?: number;
  count?: number;
}

export const idsOf = (ex: Exchange): unknown[] => ((ex.body as ListBody | undefined)?.items ?? []).map((i) => i?.id);
