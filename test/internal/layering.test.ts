/**
 * Data flows one way: src/internal is below the public entries, so nothing in it imports one of
 * them (or the CLI, or the testing helpers) back.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ABOVE = ["src/index.ts", "src/validation.ts", "src/webhooks.ts", "src/webhooks-node.ts", "src/testing.ts"];
const ABOVE_DIRS = ["src/cli/", "src/testing/", "src/resources/"];

/** Every relative import of a file, as a repository path (`.js` read as the `.ts` it is built from). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) =>
    relative(process.cwd(), resolve(join(file, ".."), m[1] ?? "")).replace(/\.js$/, ".ts"),
  );
}

describe("src/internal imports nothing above it", () => {
  it.each(readdirSync("src/internal").filter((f) => f.endsWith(".ts")))("%s", (name) => {
    const climbing = importsOf(join("src/internal", name)).filter(
      (target) => ABOVE.includes(target) || ABOVE_DIRS.some((dir) => target.startsWith(dir)),
    );
    expect(climbing).toEqual([]);
  });
});

describe("src/errors.ts is the bottom", () => {
  // Everything imports the error classes (src/internal included), so they import nothing of ours
  // at run time: an import back into src/internal would make the layers a cycle.
  it("imports types only, and nothing from src/internal", () => {
    const text = readFileSync("src/errors.ts", "utf8");
    const runtime = [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(runtime).toEqual([]);
    expect(importsOf("src/errors.ts").filter((target) => target.startsWith("src/internal/"))).toEqual([]);
  });
});
