import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Stats, stats } from "./harness.js";

const run = promisify(execFile);

async function timeCommand(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  times = 3,
): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run(file, args, { env, maxBuffer: 10 * 1024 * 1024 });
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

/** Time to import each built entry in a fresh Node process, minus an empty process's start. */
export async function importTimes(entries: Record<string, string>): Promise<Record<string, Stats>> {
  const script = (target: string) =>
    `const t=performance.now();await import(${JSON.stringify(target)});console.log(performance.now()-t)`;
  const out: Record<string, Stats> = {};
  for (const [entry, file] of Object.entries(entries)) {
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script(join(process.cwd(), file))]);
      samples.push(Number(stdout.trim()));
    }
    out[entry] = stats(samples);
  }
  return out;
}

export async function commandTimes(): Promise<Record<string, Stats>> {
  const reportDir = mkdtempSync(join(tmpdir(), "partoo-bench-contracts-"));
  try {
    return {
      "npm run generate (tsx start included)": await timeCommand("node_modules/.bin/tsx", ["scripts/generate.ts"]),
      "npm run contracts, embedded sandbox (tsx start included)": await timeCommand(
        "node_modules/.bin/tsx",
        ["contracts/run.ts"],
        { ...process.env, PARTOO_CONTRACT_REPORT_DIR: reportDir },
      ),
    };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}
