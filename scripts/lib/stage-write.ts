import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generate } from "../generate.js";
import { SPEC_PATH } from "./build-generated.js";

const run = promisify(execFile);
const STAGE_PREFIX = ".drift-stage-";
/** Not copied into the stage: installed, built or produced things, and other stages. */
const SKIPPED = new Set(["node_modules", ".git", "dist", "reports"]);
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** A `--write` that could not be completed; the repository was left exactly as it was. */
export class StagedWriteError extends Error {
  override name = "StagedWriteError";
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Replaces the spec and regenerates generated/, all or nothing: the new spec and generated/ are
 * first written to a copy of the repository, generated there and, where the copy has a
 * tsconfig.json, typechecked; only then are generated/ and the spec swapped in. A failure at any
 * step leaves `root` untouched.
 */
export async function writeSpecAndRegenerate(relativeOrAbsoluteRoot: string, specText: string): Promise<void> {
  // Absolute from here on: tsc runs with the stage as its working directory, where a relative
  // stage path (`npm run drift -- --write` from the shell: root ".") would point nowhere (TS5058).
  const root = resolve(relativeOrAbsoluteRoot);
  const stage = await mkdtemp(join(root, STAGE_PREFIX));
  const tree = join(stage, "tree");
  try {
    // Entry by entry: the stage lives inside root (so the final renames stay on one filesystem),
    // and a folder cannot be copied into itself.
    for (const entry of await readdir(root)) {
      if (SKIPPED.has(entry) || entry.startsWith(STAGE_PREFIX)) continue;
      await cp(join(root, entry), join(tree, entry), { recursive: true });
    }
    const modules = (await exists(join(root, "node_modules")))
      ? join(root, "node_modules")
      : join(REPO_ROOT, "node_modules");
    await symlink(modules, join(tree, "node_modules"), "dir");
    await writeFile(join(tree, SPEC_PATH), specText);
    try {
      await generate({ root: tree });
    } catch (error) {
      throw new StagedWriteError(
        `generation from the new spec failed (${(error as Error).message.split("\n")[0]}); nothing was changed`,
      );
    }
    if (await exists(join(tree, "tsconfig.json"))) await typecheck(tree);
    await swapIn(root, tree, stage);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function typecheck(tree: string): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
  try {
    await run(process.execPath, [tsc, "-p", join(tree, "tsconfig.json"), "--noEmit"], {
      cwd: tree,
      maxBuffer: 8 * 1024 * 1024,
    });
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ""}`.trim().split("\n");
    const first = output.find((line) => /error TS\d+/.test(line)) ?? output[0] ?? "tsc failed";
    throw new StagedWriteError(
      `the code regenerated from the new spec fails the typecheck (${output.filter((l) => /error TS/.test(l)).length} errors; first: ${first.trim()}); nothing was changed`,
    );
  }
}

/** generated/ first, then the spec; if the second step fails, the first is undone. */
async function swapIn(root: string, tree: string, stage: string): Promise<void> {
  const old = join(stage, "generated.old");
  await rename(join(root, "generated"), old);
  try {
    await rename(join(tree, "generated"), join(root, "generated"));
  } catch (error) {
    await rename(old, join(root, "generated"));
    throw error;
  }
  try {
    await rename(join(tree, SPEC_PATH), join(root, SPEC_PATH));
  } catch (error) {
    await rename(join(root, "generated"), join(tree, "generated"));
    await rename(old, join(root, "generated"));
    throw error;
  }
}
