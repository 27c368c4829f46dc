import { Caller, CallFailed } from "./caller.js";
import { result } from "./checks.js";
import { Recorder, type Scenario, type SuiteContext, unmetNeed } from "./recorder.js";
import type { CheckResult, SuiteResult } from "./results.js";
import { DEFAULT_HEADER_BUDGET } from "./scenarios/headers.js";
import { SCENARIOS } from "./scenarios/index.js";

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
  /** The seed of the generated checks (default: a fresh one, reported so the run can be replayed). */
  seed?: number | undefined;
  /** Requests the generated header checks may make (default DEFAULT_HEADER_BUDGET; 0 turns them off). */
  headerBudget?: number | undefined;
  /** The scenarios to run, in order (default: all of SCENARIOS). */
  scenarios?: readonly Scenario[];
  /** Told before and after each scenario, with the checks it recorded (for a console's progress). */
  onScenario?: (event: ScenarioEvent) => void;
}

export interface ScenarioEvent {
  /** "aborted": the run stopped inside this scenario (the target failed); no scenario follows. */
  phase: "start" | "done" | "aborted";
  /** 1-based position and how many scenarios the run has. */
  index: number;
  total: number;
  name: string;
  /** The checks this scenario recorded (empty at "start"). */
  checks: readonly CheckResult[];
  /** Requests sent so far in the run. */
  requests: number;
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
    seed: options.seed ?? (crypto.getRandomValues(new Uint32Array(1))[0] as number),
    headerBudget: { limit: options.headerBudget ?? DEFAULT_HEADER_BUDGET, used: 0 },
  };
  let aborted: string | undefined;
  /** The scenario running, so an abort can close its progress line. */
  let current: { event: Pick<ScenarioEvent, "index" | "total" | "name">; from: number } | undefined;
  try {
    const scenarios = options.scenarios ?? SCENARIOS;
    for (const [i, scenario] of scenarios.entries()) {
      const event = { index: i + 1, total: scenarios.length, name: scenario.name };
      const from = ctx.checks.length;
      current = { event, from };
      options.onScenario?.({ ...event, phase: "start", checks: [], requests: caller.count });
      const recorder = new Recorder(scenario.name, scenario.operation, ctx);
      const unmet = unmetNeed(scenario, ctx);
      if (unmet === undefined) await scenario.run(recorder, ctx);
      else recorder.skip(unmet);
      options.onScenario?.({ ...event, phase: "done", checks: ctx.checks.slice(from), requests: caller.count });
      current = undefined;
    }
  } catch (error) {
    if (!(error instanceof CallFailed)) throw error;
    aborted = error.message;
    ctx.checks.push(
      result("run", caller.count === 1 ? "target_reachable" : "run_completed", undefined, "failed", aborted, [], ""),
    );
    if (current) {
      const checks = ctx.checks.slice(current.from);
      options.onScenario?.({ ...current.event, phase: "aborted", checks, requests: caller.count });
    }
  }
  aborted ??= unusableTarget(ctx, options.baseUrl);
  return {
    target: options.baseUrl,
    embedded: options.embedded,
    writes: options.writes,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: caller.count,
    checks: ctx.checks,
    seed: ctx.seed,
    headerBudget: ctx.headerBudget,
    ...(aborted === undefined ? {} : { aborted }),
    secrets: caller.secretValues,
  };
}

/**
 * A target that answered every request made with the key by 401, or by 404,
 * was never really checked: a revoked key or a base URL without `/v2` is not API drift, and a daily
 * job must say so (exit 2) rather than report six "expected 200" failures.
 */
function unusableTarget(ctx: SuiteContext, baseUrl: string): string | undefined {
  const answered = ctx.checks.filter((c) => c.check === "status_code_conformance" && c.status !== undefined);
  const withKey = answered.filter((c) => c.request?.auth === "valid");
  if (withKey.length > 0 && withKey.every((c) => c.status === 401)) {
    return `the API key was rejected: every request made with it answered 401 (check PARTOO_API_KEY)`;
  }
  if (withKey.length > 0 && withKey.every((c) => c.status === 404)) {
    const hint = /\/v2\/?$/.test(baseUrl) ? "" : ` (did you mean ${baseUrl.replace(/\/+$/, "")}/v2?)`;
    return `${baseUrl} answers 404 on every operation${hint}`;
  }
  return undefined;
}
