import { Caller, CallFailed } from "./caller.js";
import { result } from "./checks.js";
import type { SuiteContext } from "./context.js";
import { readScenarios } from "./read-scenarios.js";
import type { SuiteResult } from "./results.js";
import { writeScenarios } from "./write-scenarios.js";

export interface SuiteOptions {
  baseUrl: string;
  apiKey: string;
  orgId?: number | undefined;
  /** Creates, tryouts and negative requests (each leaves a webhook behind if the server errs). */
  writes: boolean;
  hookUrl: string;
  foreignOrgId?: number | undefined;
  timeoutMs: number;
  maxRequests: number;
  embedded: boolean;
}

/** Runs every scenario against one target. Never throws for the target's faults: they are results. */
export async function runContractSuite(options: SuiteOptions): Promise<SuiteResult & { secrets: readonly string[] }> {
  const started = Date.now();
  const caller = new Caller(options);
  const ctx: SuiteContext = {
    caller,
    writes: options.writes,
    hookUrl: options.hookUrl,
    foreignOrgId: options.foreignOrgId,
    checks: [],
    created: [],
  };
  let aborted: string | undefined;
  try {
    if (options.writes) await writeScenarios(ctx);
    await readScenarios(ctx);
    if (!options.writes) {
      ctx.checks.push(
        result(
          "writes",
          "writes_enabled",
          undefined,
          "skipped",
          "creates, tryouts and negative requests need PARTOO_CONTRACT_WRITES=1",
          [],
          "POST /webhooks",
        ),
      );
    }
  } catch (error) {
    if (!(error instanceof CallFailed)) throw error;
    aborted = error.message;
    ctx.checks.push(
      result("run", caller.count === 1 ? "target_reachable" : "run_completed", undefined, "failed", aborted, [], ""),
    );
  }
  return {
    target: options.baseUrl,
    embedded: options.embedded,
    writes: options.writes,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: caller.count,
    checks: ctx.checks,
    ...(aborted === undefined ? {} : { aborted }),
    secrets: caller.secretValues,
  };
}
