/**
 * `npm run drift -- [--against <file-or-URL>] [--write] [--report-dir DIR]`
 * Compares the committed spec with another (default: the one Partoo publishes), operation by
 * operation. Exit 0 no change, 1 non-breaking only, 2 breaking, 3 the run failed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { SPEC_PATH } from "./lib/build-generated.js";
import { type DriftResult, diffSpecs } from "./lib/drift.js";
import { renderDriftReport } from "./lib/drift-report.js";
import { keepOperations, operationKeys, pruneComponents } from "./lib/drift-scope.js";
import { loadSpec } from "./lib/load-spec.js";
import { writeSpecAndRegenerate } from "./lib/stage-write.js";

export const PUBLISHED_SPEC_URL = "https://developers.partoo.co/assets/openapi/openapi-bundled.yaml";

export interface DriftOptions {
  against: string;
  write?: boolean;
  /** Let `write` apply changes to servers, security schemes or the key's header. */
  acceptSecurityChanges?: boolean;
  reportDir?: string;
  root?: string;
}

/**
 * Runs a comparison, writes both reports, and with `write` replaces the spec and regenerates,
 * all or nothing (see writeSpecAndRegenerate).
 */
export async function runDrift(options: DriftOptions): Promise<{ result: DriftResult; markdown: string }> {
  const root = options.root ?? ".";
  const base = await loadSpec(join(root, SPEC_PATH));
  const against = await loadSpec(options.against);
  const result = diffSpecs(base, against);
  const refused = Boolean(options.write) && result.securityChanges.length > 0 && !options.acceptSecurityChanges;
  const markdown = renderDriftReport(result, { refused });
  const reportDir = options.reportDir ?? join(root, "reports/drift");
  await mkdir(reportDir, { recursive: true });
  await writeFile(join(reportDir, "report.md"), markdown);
  await writeFile(join(reportDir, "report.json"), `${JSON.stringify(result, null, 2)}\n`);
  if (refused) {
    throw new Error(
      `--write refused: ${result.securityChanges[0]?.reason}${result.securityChanges.length > 1 ? ` (and ${result.securityChanges.length - 1} more)` : ""}; nothing was written. Review the report, then rerun with --accept-security-changes to apply it`,
    );
  }
  if (options.write && result.exitCode > 0) {
    // Our operations as the other document has them, with the components they use: the scope stays ours.
    const scoped = pruneComponents(keepOperations(against.document, new Set(operationKeys(base.document))));
    await writeSpecAndRegenerate(root, stringify(scoped, { lineWidth: 0 }));
  }
  return { result, markdown };
}

const HELP = `Usage: npm run drift -- [--against <file-or-URL>] [--write] [--report-dir DIR]

Compares openapi/openapi-bundled.yaml with another spec (default: the one Partoo publishes,
PARTOO_SPEC_URL overrides), operation by operation, and writes reports/drift/report.{md,json}.
  --against X      a file or http(s) URL, YAML or JSON (only local $refs are followed)
  --write          replace the spec and regenerate generated/, all or nothing; refused (exit 3)
                   when servers, security schemes or the API key's header change
  --accept-security-changes  let --write apply those too (after a human has reviewed them)
  --report-dir D   where the reports go (default reports/drift)
  -h, --help       show this help

Exit: 0 no change, 1 non-breaking changes only, 2 breaking changes, 3 the run failed (a mistake in
the command, unreachable, unreadable, not OpenAPI, a spec over the limits, a failed or refused --write).`;

async function main(): Promise<number> {
  let values: {
    against?: string;
    write?: boolean;
    "accept-security-changes"?: boolean;
    "report-dir"?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        against: { type: "string" },
        write: { type: "boolean", default: false },
        "accept-security-changes": { type: "boolean", default: false },
        "report-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const against = values.against ?? process.env.PARTOO_SPEC_URL ?? PUBLISHED_SPEC_URL;
  const { result, markdown } = await runDrift({
    against,
    write: values.write ?? false,
    acceptSecurityChanges: values["accept-security-changes"] ?? false,
    ...(values["report-dir"] ? { reportDir: values["report-dir"] } : {}),
  });
  process.stdout.write(markdown);
  if (values.write && result.exitCode > 0) console.error(`${SPEC_PATH} replaced and generated/ regenerated`);
  return result.exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`drift: ${error.message.split("\n")[0]}`);
      // Usage mistakes too: 2 already means "breaking changes" to the scheduled workflow.
      process.exit(3);
    },
  );
}
