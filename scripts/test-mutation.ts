/**
 * `npm run test:mutation [-- --mutate src/internal/redact.ts ...]`: Stryker (vitest runner,
 * per-test coverage) over the hand-written code under src/ (generated/ is not mutated), with HTML
 * and JSON reports under reports/mutation/. Incremental: a rerun tests only mutants whose code or
 * covering tests changed. Not part of `npm test`: all of src/ took 68.5 min with --ignore-static on 2 cores (the 96 static mutants would add about two hours); the security-critical files about 25 minutes.
 *
 * Stryker is pinned and installed on first use into .cache/mutation (git-ignored), not as a
 * devDependency that every `npm ci` would pay for; it drives the project's own vitest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensurePinned } from "./lib/pinned-install.js";

const CACHE = resolve(".cache/mutation");
/** 9.6 is the last Stryker line that runs on Node 20 (10.x needs Node 22). */
const PINS = { "@stryker-mutator/core": "9.6.1", "@stryker-mutator/vitest-runner": "9.6.1" };
const CORE_BIN = join(CACHE, "node_modules/@stryker-mutator/core/bin/stryker.js");
const RUNNER = join(CACHE, "node_modules/@stryker-mutator/vitest-runner/dist/src/index.js");

/** The security-critical files (redaction, transport and its redirect and body caps, request rules, webhook verification and parsing). */
const SECURITY_FILES = [
  "src/internal/redact.ts",
  "src/internal/spellings.ts",
  "src/internal/transport.ts",
  "src/internal/redirects.ts",
  "src/internal/read-body.ts",
  "src/internal/parameter-rules.ts",
  "src/internal/body-rules.ts",
  "src/internal/header-names.ts",
  "src/webhooks/verify.ts",
  "src/webhooks/parse.ts",
];

const args = process.argv
  .slice(2)
  .flatMap((arg) =>
    arg === "--security"
      ? ["--mutate", SECURITY_FILES.join(",")]
      : arg === "--ignore-static"
        ? ["--ignoreStatic"]
        : [arg],
  );
if (args.includes("--help") || args.includes("-h")) {
  console.log(`Usage: npm run test:mutation [-- --security | --mutate <file>[,<file>…]] [--force] [--ignore-static]

Mutation testing of the hand-written code under src/ with Stryker ${PINS["@stryker-mutator/core"]}.
  --mutate <globs>  only these files (comma-separated), e.g. src/internal/redact.ts
  --security        only the ${SECURITY_FILES.length} security-critical files (about 25 min on 2 cores)
  --force           ignore the incremental file: test every mutant again
  --ignore-static   skip static mutants (module-level code, run once at import): each needs the
                    whole suite, ~2.5 min here, and together they are most of a full run's time
Reports: reports/mutation/index.html and mutation.json. Exit 0 when the run completes
(whatever the score), 1 when Stryker fails.`);
  process.exit(0);
}

ensurePinned(CACHE, PINS, [CORE_BIN, RUNNER], { peers: "skip" });
// The runner must drive the project's vitest (the one the tests import), never a copy of its own.
const linked = join(CACHE, "node_modules/vitest");
if (!existsSync(linked)) symlinkSync(resolve("node_modules/vitest"), linked, "dir");
mkdirSync("reports/mutation", { recursive: true });
rmSync(".cache/stryker-tmp", { recursive: true, force: true });

const started = Date.now();
const run = spawnSync(process.execPath, [CORE_BIN, "run", "stryker.config.json", "--plugins", RUNNER, ...args], {
  stdio: "inherit",
  // Tests that need a typecheck of src/ to fail skip themselves: instrumented code is @ts-nocheck.
  env: { ...process.env, PARTOO_MUTATION_RUN: "1" },
});
console.log(`test:mutation: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
process.exit(run.status ?? 1);
