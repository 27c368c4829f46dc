/**
 * `npm run contracts`: the contract suite against PARTOO_BASE_URL / PARTOO_ENV, or against the
 * embedded sandbox when neither is set. Exit 0 conformant, 1 deviations, 2 the run could not be made.
 */
import { appendFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";
import { writeReports } from "./reports/write-reports.js";
import { tally } from "./suite/results.js";
import { runContractSuite } from "./suite/run-suite.js";
import { ConfigError, settingsFromEnv } from "./target.js";

const HELP = `Usage: npm run contracts [-- --help]

Runs the contract suite: every response checked against openapi/openapi-bundled.yaml, plus the
scenarios' own rules. It is configured by environment variables only, so a scheduled job cannot
be steered by arguments:
  PARTOO_ENV=sandbox|production or PARTOO_BASE_URL   the target (default: the embedded sandbox)
  PARTOO_API_KEY                                     required with a remote target
  PARTOO_ORG_ID, PARTOO_CONTRACT_FOREIGN_ORG_ID      org_id to use / one the key may not see
  PARTOO_CONTRACT_WRITES=1                           also create webhooks (the API has no delete)
  PARTOO_CONTRACT_HOOK_URL                           URL of every webhook created (https)
  PARTOO_CONTRACT_TIMEOUT_MS, PARTOO_CONTRACT_MAX_REQUESTS, PARTOO_CONTRACT_REPORT_DIR

Exit: 0 conformant, 1 deviations found, 2 the run could not be made (no key, a rejected key, an
unreachable target, a base URL without /v2, a bad setting).`;

async function main(): Promise<number> {
  let help = false;
  try {
    help = parseArgs({ options: { help: { type: "boolean", short: "h" } }, strict: true }).values.help ?? false;
  } catch (error) {
    throw new ConfigError(
      `${(error as Error).message.split("\n")[0]} (the suite takes only --help; settings are environment variables)`,
    );
  }
  if (help) {
    console.log(HELP);
    return 0;
  }
  const settings = settingsFromEnv(process.env);
  const sandbox = settings.target.kind === "embedded" ? await startSandbox() : undefined;
  const embeddedUser = DEFAULT_USERS[0];
  try {
    const target =
      settings.target.kind === "remote"
        ? settings.target
        : {
            baseUrl: sandbox?.url ?? "",
            apiKey: embeddedUser?.apiKey ?? "",
            orgId: undefined,
            writes: true,
            foreignOrgId: DEFAULT_USERS[1]?.orgIds[0],
          };
    const run = await runContractSuite({ ...settings, ...target, embedded: sandbox !== undefined });
    const { secrets, ...report } = run;
    const files = await writeReports(report, settings.reportDir, secrets);
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, files["summary.md"] ?? "");
    const counts = tally(report.checks);
    const line = `${report.checks.length} checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.warning} warnings, ${counts.skipped} skipped; ${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s against ${report.target}`;
    if (report.aborted) {
      console.error(`contract suite aborted: ${report.aborted}`);
      return 2;
    }
    for (const failure of report.checks.filter((c) => c.outcome === "failed")) {
      console.error(`FAIL ${failure.operation} · ${failure.scenario} · ${failure.check}: ${failure.message}`);
    }
    console.log(`${line}\nreports: ${settings.reportDir}/{junit.xml,summary.md,results.json}`);
    return counts.failed === 0 ? 0 : 1;
  } finally {
    await sandbox?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(
      error instanceof ConfigError ? `contract suite: ${error.message}` : `contract suite crashed: ${error.message}`,
    );
    process.exit(2);
  },
);
