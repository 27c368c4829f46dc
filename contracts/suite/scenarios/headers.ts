import fc from "fast-check";
import { event_type } from "../../../generated/component-schemas.js";
import type { Exchange } from "../caller.js";
import { result } from "../checks.js";
import { type Family, type HeaderCase, headerFamilies, type PlannedCase, runCases } from "../header-sets/index.js";
import type { Recorder, Scenario, SuiteContext } from "../recorder.js";
import type { Finding } from "../results.js";

/** Requests the generated header checks make by default: a fifth of Partoo's 300 a minute. */
export const DEFAULT_HEADER_BUDGET = 60;

const TRYOUT = "/webhooks/tryout";
const CHECK = {
  accept: "positive_data_acceptance",
  refuse: "negative_data_rejection",
  either: "spec_imprecision",
} as const;
const STATUS = { accept: 200, refuse: 400 } as const;
/** Shrink candidates looked at per failure at most (building one costs a validation, not a request). */
const MAX_CANDIDATES = 5_000;

interface Failure {
  planned: PlannedCase;
  exchange: Exchange;
}

/**
 * Header sets generated from the spec (contracts/suite/header-sets), sent through the tryout,
 * which validates what a create does and creates nothing; a few through create too. Within a request budget: the search goes first, then what it held back shrinks each
 * family's first failing set to the smallest that still fails. Every finding names its rule, the
 * smallest set's header names (never values) and the seed that replays it.
 */
export const headerScenario: Scenario = {
  name: "headers: generated custom header sets",
  operation: `POST ${TRYOUT}`,
  // A tryout is a POST that makes Partoo deliver: the suite stays read-only unless writes are on.
  needs: ["writes"],
  async run(s, ctx) {
    const { limit } = ctx.headerBudget;
    if (limit === 0) return s.skip("PARTOO_CONTRACT_HEADER_BUDGET=0: generated header checks are off");
    let families: Family[];
    try {
      families = headerFamilies();
    } catch (error) {
      return s.skip((error as Error).message);
    }
    const run = new HeaderRun(s, ctx);
    const creates = ctx.writes ? Math.min(4, Math.floor(limit / 15)) : 0;
    const held = Math.floor(limit / 3); // for shrinking, once something has failed
    const failures: Failure[] = [];
    const searched: PlannedCase[] = [];
    for (const planned of runCases(ctx.seed, families)) {
      if (run.left() <= creates + (failures.length > 0 ? held : 0)) break;
      const exchange = await run.send(planned.case, TRYOUT, "");
      if (!exchange) break;
      searched.push(planned);
      if (run.judge(planned.case, exchange) === "failed") failures.push({ planned, exchange });
      else run.record(planned.case, exchange, "tryout");
    }
    if (creates > 0) await run.throughCreate(searched, creates);
    const firsts = failures.filter((f, i) => failures.findIndex((g) => g.planned.family === f.planned.family) === i);
    for (const failure of failures) {
      // The run's first failure shrinks with what is left but a request for each later family's first.
      const later = firsts.length - firsts.indexOf(failure) - 1;
      const shrink = firsts.includes(failure) ? Math.max(1, run.left() - later) : 0;
      const note = firsts.includes(failure) ? "" : " (not shrunk: the budget goes to each family's first failure)";
      await run.shrinkAndRecord(failure, shrink, note);
    }
  },
};

/** One run of the header checks: the budget, the answers already had (shrinking asks again), the records. */
class HeaderRun {
  private readonly answers = new Map<string, Exchange>();

  constructor(
    private readonly s: Recorder,
    private readonly ctx: SuiteContext,
  ) {}

  left(): number {
    return this.ctx.headerBudget.limit - this.ctx.headerBudget.used;
  }

  /** Sends a set (once: the same set on the same path is answered from memory), or undefined when the budget is spent. */
  async send(c: HeaderCase, path: string, label: string, mayAsk = true): Promise<Exchange | undefined> {
    const json = { items: [{ url: this.ctx.hookUrl, event_type: event_type.enum[0], custom_headers: c.headers }] };
    const key = `${path} ${JSON.stringify(json)}`;
    const known = this.answers.get(key);
    if (known) return known;
    if (this.left() <= 0 || !mayAsk) return undefined;
    this.ctx.headerBudget.used++;
    const exchange = await this.s.as(this.scenarioOf(c, label)).send({ method: "POST", path, json });
    this.answers.set(key, exchange);
    return exchange;
  }

  judge(c: HeaderCase, exchange: Exchange): "passed" | "failed" | "warning" {
    if (c.expect === "either") return "warning";
    return exchange.status === STATUS[c.expect] ? "passed" : "failed";
  }

  private scenarioOf(c: HeaderCase, label: string): string {
    return `headers${label}: ${c.family} · ${c.stratum}`;
  }

  private replay(): string {
    return `replay: PARTOO_CONTRACT_SEED=${this.ctx.seed} PARTOO_CONTRACT_HEADER_BUDGET=${this.ctx.headerBudget.limit}`;
  }

  /** A passed check or a warning for a set that needs no shrinking. */
  record(c: HeaderCase, exchange: Exchange, via: string): void {
    const outcome = this.judge(c, exchange);
    const names = Object.keys(c.headers);
    const message =
      outcome === "warning"
        ? `spec imprecision: ${c.why}; the server answered ${exchange.status} through ${via}`
        : `${names.length} header(s), answered ${exchange.status} through ${via}`;
    const findings: Finding[] =
      outcome === "warning"
        ? names.map((headerName) => ({
            instancePath: "/items/0/custom_headers",
            keyword: CHECK.either,
            message: c.why,
            headerName,
          }))
        : [];
    this.ctx.checks.push(result(this.scenarioOf(c, ""), CHECK[c.expect], exchange, outcome, message, findings));
  }

  /** A few of the searched sets through create (each one a webhook that stays: the API has no delete). */
  async throughCreate(searched: readonly PlannedCase[], count: number): Promise<void> {
    const accepted = searched.filter((p) => p.case.expect === "accept" && Object.keys(p.case.headers).length > 1);
    const refused = searched.filter((p) => p.case.expect === "refuse");
    const picks = [...accepted.slice(0, Math.ceil(count / 2)), ...refused.slice(0, Math.floor(count / 2))];
    for (const { case: c } of picks) {
      const exchange = await this.send(c, "/webhooks", " via create");
      if (!exchange) return;
      if (this.judge(c, exchange) === "passed") this.record(c, exchange, "create");
      else
        this.fail(
          c,
          exchange,
          { shrinks: 0, requests: 0 },
          " (through create, not shrunk: each try would leave a webhook)",
        );
    }
  }

  /**
   * Shrinks a failing set with fast-check's shrinker for its family, at most `allowance` requests
   * and MAX_CANDIDATES candidates looked at: each step takes the first smaller set that still fails.
   */
  async shrinkAndRecord({ planned, exchange }: Failure, allowance: number, note: string): Promise<void> {
    const { family } = planned;
    let smallest = { case: planned.case, exchange };
    const details = { shrinks: 0, requests: 0 };
    let current = new fc.Value(planned.structure, undefined);
    let looked = 0;
    steps: while (details.requests < allowance && looked < MAX_CANDIDATES) {
      for (const candidate of family.arbitrary.shrink(current.value, current.context)) {
        if (++looked > MAX_CANDIDATES) break steps;
        const built = family.build(candidate.value);
        if (!built) continue; // out of the family: not a counterexample of this rule
        const c = { ...built, stratum: planned.case.stratum };
        const before = this.ctx.headerBudget.used;
        // Once the allowance is spent only sets already answered are judged.
        const answer = await this.send(c, TRYOUT, " (shrinking)", details.requests < allowance);
        details.requests += this.ctx.headerBudget.used - before;
        if (!answer) {
          if (details.requests >= allowance) break steps;
          continue;
        }
        if (this.judge(c, answer) !== "failed") continue;
        smallest = { case: c, exchange: answer };
        current = candidate;
        details.shrinks++;
        continue steps;
      }
      break; // no smaller set fails: this one is minimal
    }
    this.fail(smallest.case, smallest.exchange, details, note);
  }

  private fail(c: HeaderCase, exchange: Exchange, shrunk: { shrinks: number; requests: number }, note: string): void {
    const names = Object.keys(c.headers);
    const verb = c.expect === "accept" ? "allows" : "forbids";
    const how =
      shrunk.shrinks > 0
        ? `smallest failing set after ${shrunk.shrinks} shrinks (${shrunk.requests} requests)`
        : "failing set";
    const message = `${c.family} (${c.stratum}): the spec ${verb} this set and the server answered ${exchange.status}; ${how}: ${names.length === 0 ? "no headers ({})" : `headers ${JSON.stringify(names)}`}: ${c.why}${note}; ${this.replay()}`;
    const findings: Finding[] =
      names.length === 0
        ? [{ instancePath: "/items/0/custom_headers", keyword: CHECK[c.expect], message: c.why }]
        : names.map((headerName) => ({
            instancePath: "/items/0/custom_headers",
            keyword: CHECK[c.expect],
            message: c.broken === undefined || c.broken === headerName ? c.why : "in the smallest failing set",
            headerName,
          }));
    this.ctx.checks.push(result(this.scenarioOf(c, ""), CHECK[c.expect], exchange, "failed", message, findings));
  }
}
