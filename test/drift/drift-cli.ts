import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** What a command run in a child process left: exit code, output, and its peak RSS when measured. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set of the largest process in the tree (GNU time's %M), in MiB. */
  peakMiB?: number;
}

const TIME = "/usr/bin/time";
const dirs: string[] = [];

/** A copy of the repository (all but node_modules, .git and outputs, node_modules linked), as a clone would be. */
export function repoCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "partoo-drift-cli-"));
  dirs.push(root);
  cpSync(process.cwd(), root, {
    recursive: true,
    filter: (source) =>
      !/^(node_modules|\.git|\.cache|\.drift-stage-[^/]*|dist|reports)(\/|$)/.test(relative(process.cwd(), source)),
  });
  symlinkSync(join(process.cwd(), "node_modules"), join(root, "node_modules"), "dir");
  return root;
}

export function removeCopies(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** sha256 of every file under openapi/ and generated/: what a refused run must leave as it was. */
export function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of ["openapi", "generated"]) {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(root, dir, name);
      if (statSync(path).isFile())
        out[`${dir}/${name}`] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  }
  return out;
}

/**
 * `npm run -s <script> -- ...args` in `cwd`, as a user types it, under GNU time when `measure` is
 * set (its report goes to a file, so stderr stays the command's own).
 */
export function npmRun(
  cwd: string,
  script: string,
  args: string[],
  { measure = false, timeoutMs = 240_000 } = {},
): Promise<CliRun> {
  const timeFile = join(cwd, ".peak-rss");
  const npm = ["run", "-s", script, "--", ...args];
  const [file, argv] = measure && existsSync(TIME) ? [TIME, ["-f", "%M", "-o", timeFile, "npm", ...npm]] : ["npm", npm];
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(file, argv, { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const run: CliRun = {
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        ms: performance.now() - started,
      };
      if (measure && existsSync(timeFile)) {
        const kib = Number(readFileSync(timeFile, "utf8").trim().split("\n").at(-1));
        run.peakMiB = Math.round(kib / 1024);
        rmSync(timeFile);
      }
      resolve(run);
    });
  });
}
