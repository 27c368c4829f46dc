/**
 * Installs pinned npm packages into a git-ignored cache directory on first use, for tools too heavy
 * (or too unrelated to the package) to be devDependencies that every `npm ci` would pay for.
 * Reinstalls only when the pins change or an expected file is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @param dir the cache directory (created if absent)
 * @param pins npm specs by the name they install under
 * @param expected files the install must leave behind (binaries, entry points)
 * @param peers "skip" leaves peer dependencies out (the caller links the project's own copy)
 * @returns whether it installed anything
 */
export function ensurePinned(
  dir: string,
  pins: Record<string, string>,
  expected: readonly string[],
  { peers = "install" }: { peers?: "install" | "skip" } = {},
): boolean {
  const marker = join(dir, "installed.json");
  const wanted = JSON.stringify(pins);
  const missing = expected.some((path) => !existsSync(path));
  if (!missing && existsSync(marker) && readFileSync(marker, "utf8") === wanted) return false;
  mkdirSync(dir, { recursive: true });
  const manifest = { name: "partoo-client-cache", private: true, dependencies: pins };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const flags = peers === "skip" ? ["--legacy-peer-deps"] : [];
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", ...flags], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stillMissing = expected.filter((path) => !existsSync(path));
  if (stillMissing.length > 0) throw new Error(`install into ${dir} left out ${stillMissing.join(", ")}`);
  writeFileSync(marker, wanted);
  return true;
}
