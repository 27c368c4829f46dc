/**
 * The scheduled drift job as GitHub runs it: .github/workflows/drift.yml's own `run:` steps, in
 * order, in a fresh clone of the working tree, with relative paths, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY as files and the job's `if:` conditions, against four published specs: the
 * same, a reworded summary (non-breaking), a narrowed limit (breaking) and a broken file. The
 * published spec is a local file through PARTOO_SPEC_URL, which the command reads as its default.
 *
 * Two stand-ins, both on PATH as `npm`: `npm ci` does nothing (node_modules is linked into the
 * clone), and `npm test` runs only `npm run generate:check` (the whole suite takes minutes; that
 * the regenerated files match the spec is what this job adds). Everything else is the real thing.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { changedFiles, cloneWorkingTree, type JobRun, runJob, workflowSteps } from "./workflow-runner.js";

const STEPS = workflowSteps(".github/workflows/drift.yml");
const COMMITTED = readFileSync("openapi/openapi-bundled.yaml", "utf8");
const REAL_NPM = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
const clones: string[] = [];
afterAll(() => {
  for (const clone of clones) rmSync(dirname(clone), { recursive: true, force: true });
}, 120_000);

const NPM_SHIM = `#!/usr/bin/env bash
case "$1" in
  ci) echo "npm ci: stand-in (node_modules is linked into the clone)" ;;
  test) echo "npm test: stand-in running generate:check"; exec "${REAL_NPM}" run -s generate:check ;;
  *) exec "${REAL_NPM}" "$@" ;;
esac
`;

/** Runs the job in a new clone with `published` as Partoo's spec. */
async function driftJob(published: string): Promise<{ job: JobRun; clone: string; changed: string[] }> {
  const clone = cloneWorkingTree();
  clones.push(clone);
  const spec = join(dirname(clone), "published.yaml");
  writeFileSync(spec, published);
  const job = await runJob(STEPS, { cwd: clone, envOverride: { PARTOO_SPEC_URL: spec }, shims: { npm: NPM_SHIM } });
  return { job, clone, changed: changedFiles(clone) };
}

const step = (job: JobRun, id: string) => job.steps.find((s) => s.id === id);
const pullRequest = (job: JobRun) => job.steps.find((s) => s.label.includes("pull request"));
const describeJob = (job: JobRun) =>
  job.steps
    .map((s) => `${s.label}: ${s.status}${s.code === undefined ? "" : ` ${s.code}`}\n${s.output ?? ""}`)
    .join("\n");

describe("the drift workflow's steps, as the runner runs them", () => {
  it("no change: exit 0, nothing changed, no pull request", async () => {
    const { job, changed } = await driftJob(COMMITTED);
    expect(job.outputs.drift, describeJob(job)).toEqual({ code: "0" });
    expect(job.failed).toBe(false);
    expect(step(job, "test")?.status).toBe("skipped");
    expect(pullRequest(job)?.status).toBe("skipped");
    expect(changed).toEqual([]);
    expect(job.summary).toMatch(/^# Spec drift: no change/);
  }, 600_000);

  it("a reworded summary (non-breaking): exit 1, the spec rewritten, checked, and a pull request", async () => {
    const reworded = COMMITTED.replace(
      "summary: Get a webhook configuration\n",
      "summary: Read one webhook configuration\n",
    );
    expect(reworded).not.toBe(COMMITTED);
    const { job, changed, clone } = await driftJob(reworded);
    expect(job.outputs.drift, describeJob(job)).toEqual({ code: "1" });
    expect(job.failed, describeJob(job)).toBe(false);
    expect(step(job, "test")).toMatchObject({ status: "ran", code: 0 });
    expect(job.outputs.test).toEqual({ code: "0" });
    expect(changed.filter((f) => f !== "test.log")).toContain("openapi/openapi-bundled.yaml");
    expect(
      changed.every((f) => f === "test.log" || f === "openapi/openapi-bundled.yaml" || f.startsWith("generated/")),
    ).toBe(true);
    expect(readFileSync(join(clone, "openapi/openapi-bundled.yaml"), "utf8")).toContain(
      "Read one webhook configuration",
    );
    const pr = job.steps.find((s) => s.status === "action" && s.label.includes("pull request"));
    expect(pr?.with).toMatchObject({ title: "Partoo spec drift", labels: "spec-drift" });
    expect(job.summary).toMatch(/^# Spec drift: /);
    expect(job.summary).not.toContain("no change");
  }, 600_000);

  it("a narrowed limit (breaking): exit 2, spec and generated/ rewritten, a BREAKING pull request", async () => {
    const narrowed = COMMITTED.replace(/(CustomHeaders:\n(?:.*\n)*?\s+maxProperties: )5/, "$13");
    expect(narrowed).not.toBe(COMMITTED);
    const { job, changed, clone } = await driftJob(narrowed);
    expect(job.outputs.drift, describeJob(job)).toEqual({ code: "2" });
    expect(job.failed, describeJob(job)).toBe(false);
    expect(changed).toEqual(expect.arrayContaining(["openapi/openapi-bundled.yaml", "generated/component-schemas.ts"]));
    expect(readFileSync(join(clone, "generated/component-schemas.ts"), "utf8")).toContain('"maxProperties": 3');
    const pr = job.steps.find((s) => s.status === "action" && s.label.includes("pull request"));
    expect(pr?.with?.title).toBe("Partoo spec drift: BREAKING changes");
    expect(job.summary).toMatch(/^# Spec drift: .*breaking/i);
  }, 600_000);

  it("a broken spec: exit 3, the job fails, nothing changed, the summary says why", async () => {
    const { job, changed } = await driftJob("openapi: 3.1.0\npaths: [\n");
    expect(job.outputs.drift, describeJob(job)).toEqual({ code: "3" });
    expect(job.failed).toBe(true);
    expect(step(job, "drift")?.code).toBe(3);
    expect(step(job, "test")?.status).toBe("skipped");
    expect(job.steps.at(-1)?.status).toBe("skipped");
    expect(changed).toEqual([]);
    expect(job.summary).toMatch(
      /^# Spec drift: the run failed \(exit 3\)\n\n```\ndrift: .*published\.yaml is neither YAML nor JSON/,
    );
  }, 600_000);
});
