import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SPEC_BYTES } from "../../scripts/lib/load-spec.js";
import { npmRun, removeCopies, repoCopy } from "../drift/drift-cli.js";

/**
 * Hostile specs of up to 10 MiB (the byte cap), run as the user runs drift, in a child process
 * whose peak RSS GNU time reports. Before the bounds, the JSON array cost 43 s and 4.4 GB (issue
 * 24); here it was killed at 300 s past 3.6 GB, and the YAML ones at 150 s past 0.8-1.3 GB.
 */
const MAX_PEAK_MIB = 512;
/** Generous: a bare `drift --help` takes 1-2 s alone, 13 s on this shared 2-core machine under load. */
const MAX_MS = 120_000;

const head = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n';
const hostile: [string, string, () => string, RegExp][] = [
  [
    "a JSON spec holding a 4.6M-element array",
    "big-array.json",
    () => `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},"x-big":[${"0,".repeat(4_600_000)}0]}`,
    /has over 500000 nodes \(at \/x-big\/\d+\)/,
  ],
  [
    "a YAML spec of 1.7M block-sequence nodes",
    "many-nodes.yaml",
    () => `${head}x-big:\n${"  - 0\n".repeat(Math.floor((MAX_SPEC_BYTES - 200) / 6))}`,
    /has over 500000 YAML nodes \(at line \d+\)/,
  ],
  [
    "a YAML spec of 5M flow-sequence nodes",
    "flow-nodes.yaml",
    () => `${head}x-big: [${"0,".repeat(Math.floor((MAX_SPEC_BYTES - 200) / 2))}0]\n`,
    /has over 500000 YAML nodes/,
  ],
  [
    "a YAML alias bomb (nine aliases of nine, ten levels)",
    "laughs.yaml",
    () =>
      `${head}x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from(
        { length: 9 },
        (_, i) => `x-a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(", ")}]\n`,
      ).join("")}`,
    /uses YAML aliases \(\*a0 at line 5\)/,
  ],
  [
    "a YAML spec of 2.6M aliases to one anchor",
    "many-aliases.yaml",
    () => `${head}x-anchor: &a [1]\nx-refs: [${"*a,".repeat(Math.floor((MAX_SPEC_BYTES - 300) / 3))}*a]\n`,
    /uses YAML aliases/,
  ],
  [
    "a $ref bomb (nine refs to a schema of nine refs, eleven levels: 9^11 nodes resolved)",
    "ref-bomb.json",
    () => {
      const schemas: Record<string, unknown> = { S11: { type: "string" } };
      for (let i = 0; i < 11; i++) {
        schemas[`S${i}`] = {
          type: "object",
          properties: Object.fromEntries([..."abcdefghi"].map((k) => [k, { $ref: `#/components/schemas/S${i + 1}` }])),
        };
      }
      return JSON.stringify({
        openapi: "3.1.0",
        info: { title: "t", version: "1" },
        paths: {},
        components: { schemas },
      });
    },
    /has over 2000000 nodes once its \$refs are resolved \(at \/components\/schemas\/S0\//,
  ],
];

let root: string;
beforeAll(() => {
  root = repoCopy();
  mkdirSync(join(root, "hostile"));
  for (const [, file, build] of hostile) {
    const text = build();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_SPEC_BYTES);
    writeFileSync(join(root, "hostile", file), text);
  }
});
afterAll(removeCopies);

describe("drift bounds the work of a hostile 10 MiB spec, not only its bytes", () => {
  it.each(hostile)(
    "%s: exit 3, one line naming the bound, under 512 MiB and the time bound",
    async (name, file, _build, message) => {
      const run = await npmRun(root, "drift", ["--against", `hostile/${file}`], { measure: true });
      console.log(`drift memory: ${name}: exit ${run.code}, ${Math.round(run.ms)} ms, peak ${run.peakMiB} MiB`);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.peakMiB, "GNU time (/usr/bin/time) must be installed to measure the peak").toBeDefined();
      expect(run.peakMiB).toBeLessThan(MAX_PEAK_MIB);
      expect(run.ms).toBeLessThan(MAX_MS);
    },
    MAX_MS + 60_000,
  );
});
