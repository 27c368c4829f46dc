/**
 * README.md and docs/ as a user pastes them: each ```ts block typechecked (strict) against the
 * built package and run against its own embedded sandbox; `// → text` comments compared with what
 * the block prints. See test/docs/doc-blocks.ts for the conventions.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  buildWorkspace,
  collectBlocks,
  type DocBlock,
  removeWorkspace,
  runBlock,
  typecheckBlocks,
  where,
} from "./doc-blocks.js";

const blocks = collectBlocks();
let work = "";
let typeErrors: string[] = [];

beforeAll(async () => {
  work = await buildWorkspace();
  typeErrors = typecheckBlocks(work, blocks);
}, 180_000);

afterAll(() => {
  if (work) removeWorkspace(work);
});

describe("docs that are executed", () => {
  test("README.md has a Quick start block that runs", () => {
    expect(blocks.some((b) => b.file === "README.md" && b.run && b.expectations.length > 0)).toBe(true);
  });

  test("every ts block follows the conventions", () => {
    expect(blocks.flatMap((b) => b.problems.map((p) => `${where(b)}: ${p}`))).toEqual([]);
  });

  test("every ts block typechecks against the built package (strict)", () => {
    expect(typeErrors).toEqual([]);
  });

  const runnable = blocks.filter((b) => b.run);
  // Two at a time: each block is a Node process with its own sandbox.
  const results = new Map<DocBlock, Promise<string[]>>();
  const queue = async (block: DocBlock): Promise<string[]> => {
    const index = runnable.indexOf(block);
    const previous = index >= 2 ? results.get(runnable[index - 2] as DocBlock) : undefined;
    await previous?.catch(() => undefined);
    return runBlock(work, block);
  };
  test.each(runnable.map((b) => [where(b), b] as const))(
    "%s runs and prints what its comments say",
    async (_, block) => {
      if (!results.has(block)) for (const b of runnable) results.set(b, queue(b));
      expect(await results.get(block)).toEqual([]);
    },
    180_000,
  );
});
