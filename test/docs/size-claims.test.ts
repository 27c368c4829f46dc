/**
 * The sizes README.md and docs/performance.md state are the sizes the entries have: each entry is
 * bundled and minified from src/ as bench/size.ts does for `npm run bench`, and the figures the
 * docs give must be within SLACK of it. (The README claimed 10.6 kB for a day while the main entry
 * had grown to 14.5 kB.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundleSizes } from "../../bench/size.js";

/** kB either way: rounding, and small changes that do not make a stated figure untrue. */
const SLACK = 0.3;
const readme = readFileSync("README.md", "utf8");
const performance = readFileSync("docs/performance.md", "utf8");

/** The first number of kB a pattern captures in a document, or a failure naming what was not found. */
function stated(text: string, pattern: RegExp, what: string): number {
  const found = pattern.exec(text)?.[1];
  if (found === undefined) throw new Error(`no figure for ${what} (${pattern})`);
  return Number(found);
}

describe("the sizes the docs state", async () => {
  const [main, validation, webhooks] = await bundleSizes({
    main: "src/index.ts",
    validation: "src/validation.ts",
    webhooks: "src/webhooks.ts",
  });
  const kB = (bytes: number | undefined) => (bytes ?? 0) / 1000;

  it.each([
    [
      "README: the main entry",
      stated(readme, /([\d.]+) kB gzip for the main entry/, "README main entry"),
      kB(main?.gzipBytes),
    ],
    [
      "README: the validators loaded on first use",
      stated(readme, /the validators \(([\d.]+) kB\)/, "README validators"),
      kB(main?.lazyGzipBytes),
    ],
    [
      "performance.md: the main entry",
      stated(performance, /main entry bundled \+ minified, gzip[^|]*\| ([\d.]+) kB/, "main entry row"),
      kB(main?.gzipBytes),
    ],
    [
      "performance.md: the validators",
      stated(performance, /\+ ([\d.]+) kB of validators/, "validators"),
      kB(main?.lazyGzipBytes),
    ],
    [
      "performance.md: partoo-client/validation",
      stated(performance, /`partoo-client\/validation`, gzip \| ([\d.]+) kB/, "validation row"),
      kB(validation?.gzipBytes),
    ],
    [
      "performance.md: partoo-client/webhooks",
      stated(performance, /`partoo-client\/webhooks`, gzip[^|]*\| ([\d.]+) kB/, "webhooks row"),
      kB(webhooks?.gzipBytes),
    ],
  ])("%s", (_, claimed, measured) => {
    expect(
      Math.abs(claimed - measured),
      `the docs say ${claimed} kB, the bundle is ${measured.toFixed(1)} kB`,
    ).toBeLessThanOrEqual(SLACK);
  });
});
