/**
 * The exports map as Node and TypeScript read it. `npm run test:package` loads every entry from the
 * packed tarball through import and require(); this catches the shape mistakes in seconds: an entry
 * with only an `import` condition is invisible to `require()` (ERR_PACKAGE_PATH_NOT_EXPORTED).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
  typesVersions: Record<string, Record<string, string[]>>;
  files: string[];
  repository?: { url?: string };
  homepage?: string;
  bugs?: { url?: string };
};
const entries = Object.entries(pkg.exports).filter(
  (e): e is [string, Record<string, string>] => typeof e[1] === "object",
);

test("every entry has types first and a default condition last, both in the build", () => {
  for (const [entry, conditions] of entries) {
    const keys = Object.keys(conditions);
    expect(keys[0], entry).toBe("types");
    expect(keys.at(-1), entry).toBe("default");
    expect(conditions.types, entry).toMatch(/^\.\/dist\/src\/.*\.d\.ts$/);
    expect(conditions.default, entry).toBe(conditions.types?.replace(/\.d\.ts$/, ".js"));
  }
});

test("typesVersions names the same declarations for node10", () => {
  for (const [entry, conditions] of entries) {
    if (entry === ".") continue;
    expect(pkg.typesVersions["*"]?.[entry.slice(2)], entry).toEqual([conditions.types]);
  }
});

test("repository, homepage and bugs name one GitHub repository", () => {
  const repo = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+)\.git$/.exec(pkg.repository?.url ?? "")?.[1];
  expect(repo).toBeDefined();
  expect(pkg.homepage).toBe(`https://github.com/${repo}#readme`);
  expect(pkg.bugs?.url).toBe(`https://github.com/${repo}/issues`);
});
