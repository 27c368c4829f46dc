import type { Call, Caller, Exchange } from "./caller.js";
import { conformanceChecks, expectStatus, result } from "./checks.js";
import type { CheckResult } from "./results.js";

/** What a run shares between scenarios: the caller, settings, and what earlier scenarios made. */
export interface SuiteContext {
  caller: Caller;
  writes: boolean;
  /** Every webhook the suite creates points here, so they are recognisable (the API has no delete). */
  hookUrl: string;
  /** An organization the key may not see, for the 403 scenario. */
  foreignOrgId: number | undefined;
  checks: CheckResult[];
  /** Ids created by this run and what was sent for each, for the read-back scenarios. */
  created: { id: number; sent: Record<string, unknown> }[];
  /** The seed of everything the run generates: the same seed (and budget) replays it exactly. */
  seed: number;
  /** Requests the generated header checks may make, and have made. */
  headerBudget: { limit: number; used: number };
}

/**
 * What a scenario depends on, declared rather than buried in control flow: `writes` (creates,
 * tryouts and negative requests are allowed), `created` (an earlier scenario created webhooks),
 * `foreignOrg` (an organization the key may not see was named).
 */
export type Need = "writes" | "created" | "foreignOrg";

/** One scenario of the suite: a name, the operation it exercises, what it needs, and its run. */
export interface Scenario {
  name: string;
  /** `GET /webhooks`: where its skips and rule checks are filed when no request names one. */
  operation: string;
  needs: readonly Need[];
  run(s: Recorder, ctx: SuiteContext): Promise<void>;
}

export interface Expectation {
  /** The request the rule is about, when there is one. */
  exchange?: Exchange | undefined;
  passed: string;
  failed: string;
  /** JSON pointer into the response that the rule is about ("" for the response as a whole). */
  pointer?: string;
}

/** Records a scenario's checks under its name: every check it makes goes through here. */
export class Recorder {
  constructor(
    readonly scenario: string,
    private readonly operation: string,
    private readonly ctx: SuiteContext,
  ) {}

  /** The same recorder under another name (one scenario, several labelled cases). */
  as(scenario: string): Recorder {
    return new Recorder(scenario, this.operation, this.ctx);
  }

  /** Sends a request; records the conformance checks of its answer and, if given, the status it must have. */
  async send(call: Call, expected?: { status: number | "4xx"; check?: string }): Promise<Exchange> {
    const ex = await this.ctx.caller.send(call);
    this.ctx.checks.push(...conformanceChecks(this.scenario, ex));
    if (expected) this.ctx.checks.push(expectStatus(this.scenario, ex, expected.status, expected.check));
    return ex;
  }

  /** A scenario-specific rule: passes or fails with its message. */
  expect(check: string, ok: boolean, detail: Expectation): void {
    const { exchange, passed, failed, pointer = "" } = detail;
    this.ctx.checks.push(
      result(
        this.scenario,
        check,
        exchange,
        ok ? "passed" : "failed",
        ok ? passed : failed,
        ok ? [] : [{ instancePath: pointer, keyword: check, message: failed }],
        exchange ? undefined : this.operation,
      ),
    );
  }

  skip(why: string, check = "scenario"): void {
    this.ctx.checks.push(result(this.scenario, check, undefined, "skipped", why, [], this.operation));
  }
}

const NEED_REASONS: Record<Need, string> = {
  writes: "creates, tryouts and negative requests need PARTOO_CONTRACT_WRITES=1",
  created: "no webhook was created by this run",
  foreignOrg: "set PARTOO_CONTRACT_FOREIGN_ORG_ID to check 403",
};

/** Why a scenario cannot run in this context, or undefined when all it needs is there. */
export function unmetNeed(scenario: Scenario, ctx: SuiteContext): string | undefined {
  const met: Record<Need, boolean> = {
    writes: ctx.writes,
    created: ctx.created.length > 0,
    foreignOrg: ctx.foreignOrgId !== undefined,
  };
  const missing = scenario.needs.find((need) => !met[need]);
  return missing && NEED_REASONS[missing];
}
