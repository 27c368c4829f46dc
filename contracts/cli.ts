/**
 * The contract suite's command: `npm run contracts` in a clone, `partoo contracts` from the
 * installed package (built from this file into dist/contracts/cli.js). Against PARTOO_BASE_URL /
 * PARTOO_ENV, or the embedded sandbox when neither is set. Exit 0 conforms, 1 deviations found,
 * 2 aborted (the run could not be carried out) or a mistake in the settings.
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";
import { ConsoleReporter } from "./reports/console.js";
import { RedactingWriter, type Sink } from "./reports/redacting-writer.js";
import { REPORT_FILES, writeReports } from "./reports/write-reports.js";
import { runContractSuite } from "./suite/run-suite.js";
import { FAIL_ON, type FailOn, verdictOf } from "./suite/verdict.js";
import { ConfigError, settingsFromEnv } from "./target.js";

export const HELP = `Usage: partoo contracts [--fail-on failures|warnings] [--json]
       npm run contracts -- [options]

Runs the contract suite: every response checked against the OpenAPI spec the package was built
from, plus the scenarios' own rules. The target and its key come from environment variables only,
so a scheduled job cannot be steered into another target by arguments:
  PARTOO_ENV=sandbox|production or PARTOO_BASE_URL   the target (default: the embedded sandbox)
  PARTOO_API_KEY                                     required with a remote target
  PARTOO_ORG_ID, PARTOO_CONTRACT_FOREIGN_ORG_ID      org_id to use / one the key may not see
  PARTOO_CONTRACT_WRITES=1                           also create webhooks (the API has no delete)
  PARTOO_CONTRACT_HOOK_URL                           URL of every webhook created (https)
  PARTOO_CONTRACT_TIMEOUT_MS, PARTOO_CONTRACT_MAX_REQUESTS
  PARTOO_CONTRACT_REPORT_DIR                         where reports go (default reports/contracts)
  PARTOO_CONTRACT_SEED                               replays the generated header checks of a run (printed in its reports)
  PARTOO_CONTRACT_HEADER_BUDGET                      requests the generated header checks may make (default 60; 0: off)

Options:
  --fail-on X   failures (default), or warnings: undocumented properties fail the run too
  --json        print results.json on stdout (the console then goes to stderr)
  -h, --help    show this help

Reports: junit.xml, summary.md, results.json and report.html (one offline page). With
GITHUB_STEP_SUMMARY set, summary.md is appended to it.

Exit: 0 conforms, 1 deviations found, 2 aborted: the run could not be carried out (unreachable,
a rejected key, cut short by the request cap) or a mistake in the settings or options.`;

export interface ContractsIo {
  env: NodeJS.ProcessEnv;
  stdout: Sink;
  stderr: Sink;
}

function options(argv: string[]): { help: boolean; json: boolean; failOn: FailOn } {
  let values: { help?: boolean; json?: boolean; "fail-on"?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: "boolean", short: "h" },
        json: { type: "boolean" },
        "fail-on": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError(
      `${(error as Error).message.split("\n")[0]} (see --help; the target and key are environment variables)`,
    );
  }
  const failOn = values["fail-on"] ?? "failures";
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new ConfigError(`--fail-on must be ${FAIL_ON.join(" or ")}, got ${JSON.stringify(failOn.slice(0, 40))}`);
  }
  return { help: values.help ?? false, json: values.json ?? false, failOn: failOn as FailOn };
}

/**
 * Runs the suite as the command does and resolves to its exit code; never throws for a user's
 * mistake (one line on stderr, exit 2).
 */
export async function runContracts(argv: string[], io: ContractsIo): Promise<number> {
  // Before any setting is read, the key is known as a secret: even a settings error is redacted.
  const quiet = new RedactingWriter(io.stdout, io.stderr, [io.env.PARTOO_API_KEY ?? ""]);
  try {
    return await run(argv, io);
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    quiet.errorLine(error instanceof ConfigError ? `contract suite: ${message}` : `contract suite crashed: ${message}`);
    return 2;
  }
}

async function run(argv: string[], io: ContractsIo): Promise<number> {
  const { help, json, failOn } = options(argv);
  if (help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const settings = settingsFromEnv(io.env);
  const remote = settings.target.kind === "remote" ? settings.target : undefined;
  // With --json, stdout is the JSON alone and the person's console moves to stderr.
  const writer = new RedactingWriter(json ? io.stderr : io.stdout, io.stderr, remote ? [remote.apiKey] : []);
  const reporter = new ConsoleReporter(writer);
  const sandbox = remote ? undefined : await startSandbox();
  try {
    const target = remote ?? {
      baseUrl: sandbox?.url ?? "",
      apiKey: DEFAULT_USERS[0]?.apiKey ?? "",
      orgId: undefined,
      writes: true,
      foreignOrgId: DEFAULT_USERS[1]?.orgIds[0],
    };
    writer.addSecrets([target.apiKey]);
    const result = await runContractSuite({
      ...settings,
      ...target,
      embedded: sandbox !== undefined,
      onScenario: (event) => reporter.scenario(event),
    });
    const { secrets, ...report } = result;
    writer.addSecrets(secrets);
    const verdict = verdictOf(report, failOn);
    const files = await writeReports(report, settings.reportDir, writer, failOn);
    if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, files["summary.md"]);
    reporter.finish(report, verdict, `${join(settings.reportDir, `{${REPORT_FILES.join(",")}}`)}`);
    if (json) io.stdout.write(files["results.json"]);
    return verdict.exitCode;
  } finally {
    await sandbox?.close();
  }
}
