/**
 * The scheduled contracts job as GitHub runs it: .github/workflows/contracts.yml's own `run:`
 * steps in a fresh clone of the working tree (see test/drift/workflow-runner.ts), with
 * GITHUB_STEP_SUMMARY as a file. The step targets Partoo's sandbox (PARTOO_ENV: sandbox), which
 * is never reached from a test: PARTOO_ENV is emptied over the step's env, so the suite runs
 * against the embedded sandbox, or against PARTOO_BASE_URL on a closed loopback port, and the
 * runner refuses any step left with PARTOO_ENV set.
 */
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { changedFiles, cloneWorkingTree, type JobRun, runJob, workflowSteps } from "../drift/workflow-runner.js";

const STEPS = workflowSteps(".github/workflows/contracts.yml");
const clones: string[] = [];
afterAll(() => {
  for (const clone of clones) rmSync(dirname(clone), { recursive: true, force: true });
}, 120_000);

const NPM_SHIM = `#!/usr/bin/env bash
if [ "$1" = ci ]; then echo "npm ci: stand-in (node_modules is linked into the clone)"; exit 0; fi
exec "$(PATH="\${PATH#*:}" command -v npm)" "$@"
`;

async function contractsJob(envOverride: Record<string, string>): Promise<{ job: JobRun; clone: string }> {
  const clone = cloneWorkingTree();
  clones.push(clone);
  const job = await runJob(STEPS, {
    cwd: clone,
    context: { "secrets.PARTOO_SANDBOX_API_KEY": "workflow-test-key-93d1", "inputs.writes": false },
    envOverride: { PARTOO_ENV: "", ...envOverride },
    shims: { npm: NPM_SHIM },
    forbidEnv: ["PARTOO_ENV"],
  });
  expect(changedFiles(clone)).toEqual([]); // reports/ is ignored: the job leaves the tree as it was
  return { job, clone };
}

const suiteStep = (job: JobRun) => job.steps.find((s) => s.label === "Contract suite against the sandbox");
const upload = (job: JobRun) => job.steps.find((s) => s.label === "Upload reports");

describe("the contracts workflow's steps, as the runner runs them", () => {
  it("the embedded sandbox: exit 0, '✅ conforms' in the step summary, reports uploaded", async () => {
    const { job, clone } = await contractsJob({});
    expect(suiteStep(job)?.code, suiteStep(job)?.output).toBe(0);
    expect(job.failed).toBe(false);
    expect(job.summary.split("\n")[0]).toBe("# Partoo contract suite: ✅ conforms");
    expect(suiteStep(job)?.output?.trim().split("\n").at(-1)).toBe("verdict: conforms (exit 0)");
    expect(upload(job)).toMatchObject({ status: "action", with: { path: "reports/contracts/" } });
    for (const file of ["junit.xml", "summary.md", "results.json", "report.html"]) {
      expect(existsSync(join(clone, "reports/contracts", file))).toBe(true);
    }
  }, 300_000);

  it("an unreachable target: exit 2, '⛔ aborted' (never 'deviations') in the step summary, reports still uploaded", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { job } = await contractsJob({ PARTOO_BASE_URL: `http://127.0.0.1:${port}/v2` });
    expect(suiteStep(job)?.code, suiteStep(job)?.output).toBe(2);
    expect(job.failed).toBe(true);
    expect(job.summary.split("\n")[0]).toMatch(/^# Partoo contract suite: ⛔ aborted: GET http:.*ECONNREFUSED$/);
    expect(job.summary).not.toContain("deviations");
    expect(job.summary).not.toContain("workflow-test-key-93d1");
    expect(upload(job)?.status).toBe("action"); // if: always()
  }, 300_000);
});
