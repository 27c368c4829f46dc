/** The doc-block conventions of test/docs/doc-blocks.ts, on small Markdown inputs. */
import { describe, expect, test } from "vitest";
import { blocksOf, compareOutput, expectationsOf } from "./doc-blocks.js";

describe("blocksOf", () => {
  const md = [
    "# Title", // 1
    "", // 2
    "```ts", // 3
    'console.log("a"); // → a', // 4
    "```", // 5
    "", // 6
    "```ts no-run", // 7
    "await fetch('https://api.example');", // 8
    "```", // 9
    "", // 10
    "```sh", // 11
    "npm test", // 12
    "```", // 13
    "", // 14
    "```ts runnable", // 15
    "1;", // 16
    "```", // 17
  ].join("\n");
  const blocks = blocksOf("x.md", md);

  test("finds ts blocks only, each at the line of its first code line", () => {
    expect(blocks.map((b) => [b.startLine, b.run])).toEqual([
      [4, true],
      [8, false],
      [16, true],
    ]);
  });

  test("refuses unknown fence flags and output comments in no-run blocks", () => {
    expect(blocks[2]?.problems).toEqual(['unknown fence flag "runnable" (only "no-run")']);
    expect(blocksOf("y.md", "```ts no-run\nconsole.log(1); // → 1\n```\n")[0]?.problems).toHaveLength(1);
  });
});

describe("expectationsOf", () => {
  test("an arrow after console.log, continued by arrow-only lines below it", () => {
    const code = ["console.log(e.message); // → first", "// →   - second", "// → third", "other();"].join("\n");
    expect(expectationsOf(code)).toEqual({
      expectations: [{ line: 1, lines: ["first", "  - second", "third"] }],
      problems: [],
    });
  });

  test("an arrow with no console.log on its line is a mistake", () => {
    expect(expectationsOf("const x = 1; // → 1").problems).toHaveLength(1);
  });
});

describe("compareOutput", () => {
  test("equal lines match; … stands for any characters", () => {
    expect(compareOutput(["404 { errors: … }"], "404 { errors: { json: 'x' } }")).toBeUndefined();
    expect(compareOutput(["GET http://127.0.0.1:…/v2"], "GET http://127.0.0.1:4010/v2")).toBeUndefined();
  });

  test("a different text or a different number of lines is reported", () => {
    expect(compareOutput(["Invalid request body for …"], "Invalid request for POST /webhooks")).toMatch(/expected/);
    expect(compareOutput(["a"], "a\nb")).toMatch(/2 lines, comment says 1/);
    expect(compareOutput(["a.b"], "aXb")).toMatch(/expected/); // regex characters are literal
  });
});
