/**
 * Runs a GitHub workflow's job the way the runner would, as far as it can be run here: its
 * `run:` steps in order with `bash -eo pipefail`, in a fresh clone of the working tree, with
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files, `steps.<id>.outputs`, and the `if:` conditions
 * and `${{ }}` expressions the workflows use (anything else is refused, so a new construct makes
 * the test fail rather than pass unread). `uses:` steps are not run: their `if:` and `with:` are
 * evaluated and returned, so a test can check what the action would have been given.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface StepRun {
  label: string;
  id: string | undefined;
  /** skipped: its `if:` was false; action: a `uses:` step (not run, its inputs evaluated). */
  status: "ran" | "skipped" | "action";
  code?: number;
  output?: string;
  with?: Record<string, string>;
}

export interface JobRun {
  steps: StepRun[];
  /** Whether the job failed (a step exited non-zero). */
  failed: boolean;
  summary: string;
  outputs: Record<string, Record<string, string>>;
}

const REPO = resolve(".");

/** The steps of a workflow's only job. */
export function workflowSteps(file: string): Step[] {
  const jobs = Object.values((parse(readFileSync(file, "utf8")) as { jobs: Record<string, { steps: Step[] }> }).jobs);
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  return jobs[0]?.steps ?? [];
}

/**
 * A fresh `git clone` of the working tree: the last commit, with uncommitted changes and new
 * files laid over it and committed, and node_modules linked from here (an `npm ci` per clone
 * would take minutes).
 */
export function cloneWorkingTree(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "partoo-workflow-")), "repo");
  const git = (args: string[], cwd = REPO) => execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  git(["clone", "-q", "--no-hardlinks", REPO, dir]);
  const diff = git(["diff", "HEAD", "--binary"]);
  if (diff.trim() !== "") execFileSync("git", ["apply", "--whitespace=nowarn"], { cwd: dir, input: diff });
  for (const file of git(["ls-files", "--others", "--exclude-standard"]).split("\n").filter(Boolean)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(dir, file));
  }
  // Committed in the clone, so what the job changes is all `git status` shows afterwards.
  git(["add", "-A"], dir);
  git(
    [
      "-c",
      "user.name=workflow test",
      "-c",
      "user.email=test@localhost",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "working tree",
    ],
    dir,
  );
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** Files the job changed in the clone, as `git status` sees them (the linked node_modules left out). */
export function changedFiles(dir: string): string[] {
  return execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: dir, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.slice(3))
    .filter((path) => path !== "node_modules")
    .sort();
}

// --- the expressions of `if:` and `${{ }}`: literals, context paths, ==, !=, &&, ||, !, always() ---

type Value = string | boolean | number | undefined;
const STATUS_FUNCTIONS = ["always()", "success()", "failure()", "cancelled()"];

export function evaluate(expression: string, context: (path: string) => Value, failed: boolean): Value {
  const tokens =
    expression.match(/'(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*|\d+|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const truthy = (v: Value) => v !== undefined && v !== "" && v !== false && v !== 0;
  const primary = (): Value => {
    const token = next();
    if (token === undefined) throw new Error(`unexpected end of ${JSON.stringify(expression)}`);
    if (token === "(") {
      const value = or();
      if (next() !== ")") throw new Error(`missing ) in ${JSON.stringify(expression)}`);
      return value;
    }
    if (token === "!") return !truthy(primary());
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (/^\d+$/.test(token)) return Number(token);
    if (token === "true" || token === "false") return token === "true";
    if (token === "always()") return true;
    if (token === "success()") return !failed;
    if (token === "failure()") return failed;
    if (token === "cancelled()") return false;
    if (/^[A-Za-z_][\w.-]*$/.test(token)) return context(token);
    throw new Error(`unsupported token ${JSON.stringify(token)} in ${JSON.stringify(expression)}`);
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek() === "==" || peek() === "!=") {
      const op = next();
      const right = primary();
      // GitHub compares strings case-insensitively, and coerces numbers; outputs are strings here.
      const equal = String(left ?? "").toLowerCase() === String(right ?? "").toLowerCase();
      left = op === "==" ? equal : !equal;
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek() === "&&") {
      next();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  function or(): Value {
    let left = and();
    while (peek() === "||") {
      next();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (i !== tokens.length) throw new Error(`cannot read ${JSON.stringify(expression)} past ${JSON.stringify(peek())}`);
  return value;
}

/** `${{ expr }}` in a string, each replaced by its value. */
const interpolate = (text: string, context: (path: string) => Value, failed: boolean) =>
  text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr.trim(), context, failed) ?? ""));

export interface RunOptions {
  cwd: string;
  /** `secrets.X`, `vars.X`, `inputs.X`. */
  context?: Record<string, Value>;
  /** Environment variables set over a step's own `env:` (e.g. to keep a job on loopback). */
  envOverride?: Record<string, string>;
  /** Executables put first on PATH (stand-ins for commands too heavy for a test). */
  shims?: Record<string, string>;
  /** Refuses to run a step whose environment has this variable set (a real remote target, say). */
  forbidEnv?: string[];
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

/** Runs a job's steps in `cwd` as the runner would; see the module comment for what is and is not. */
export async function runJob(steps: readonly Step[], options: RunOptions): Promise<JobRun> {
  const work = mkdtempSync(join(tmpdir(), "partoo-runner-"));
  const summaryFile = join(work, "step-summary.md");
  writeFileSync(summaryFile, "");
  const shimDir = join(work, "bin");
  mkdirSync(shimDir);
  for (const [name, script] of Object.entries(options.shims ?? {})) {
    writeFileSync(join(shimDir, name), script);
    chmodSync(join(shimDir, name), 0o755);
  }
  const outputs: Record<string, Record<string, string>> = {};
  let failed = false;
  const context = (path: string): Value => {
    const [head, ...rest] = path.split(".");
    if (head === "steps" && rest[1] === "outputs") return outputs[rest[0] ?? ""]?.[rest[2] ?? ""];
    if (head === "secrets" || head === "vars" || head === "inputs") return options.context?.[path];
    throw new Error(`unsupported context ${path}`);
  };
  const runs: StepRun[] = [];
  for (const [index, step] of steps.entries()) {
    const label = step.name ?? step.run?.split("\n")[0] ?? step.uses ?? `step ${index + 1}`;
    const condition = step.if ?? "success()";
    // Without a status function, GitHub runs a step only while the job has not failed.
    const guarded = STATUS_FUNCTIONS.some((f) => condition.includes(f)) ? condition : `success() && (${condition})`;
    if (!evaluate(guarded, context, failed)) {
      runs.push({ label, id: step.id, status: "skipped" });
      continue;
    }
    if (step.uses !== undefined) {
      const inputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), context, failed)]),
      );
      runs.push({ label, id: step.id, status: "action", with: inputs });
      continue;
    }
    const outputFile = join(work, `output-${index}`);
    writeFileSync(outputFile, "");
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), context, failed)]),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: `${shimDir}:${process.env.PATH ?? ""}`,
      HOME: process.env.HOME ?? work,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...stepEnv,
      ...options.envOverride,
    };
    for (const name of options.forbidEnv ?? []) {
      if (env[name]) throw new Error(`step ${JSON.stringify(label)} would run with ${name}=${env[name]}: refused`);
    }
    const { code, output } = await runBash(interpolate(step.run ?? "", context, failed), options.cwd, env);
    outputs[step.id ?? `#${index}`] = Object.fromEntries(
      readFileSync(outputFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    runs.push({ label, id: step.id, status: "ran", code, output });
    if (code !== 0) failed = true;
  }
  return { steps: runs, failed, summary: readFileSync(summaryFile, "utf8"), outputs };
}
