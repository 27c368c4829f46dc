import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { fingerprint, npmRun, removeCopies, repoCopy } from "./drift-cli.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures reach anywhere into an OpenAPI document
type Doc = any;
const committed: Doc = parse(readFileSync("openapi/openapi-bundled.yaml", "utf8"));
const HOSTILE_PATTERN = "^[Xx]-([a-z]+)+$";
const SLOW = 300_000; // a --write stages, regenerates and typechecks: minutes on a loaded 2-core machine

let root: string;
/** Writes a changed copy of the committed spec under the copy's hostile/, returning the relative path. */
function spec(file: string, change: (d: Doc) => void): string {
  const doc = structuredClone(committed);
  change(doc);
  writeFileSync(join(root, "hostile", file), stringify(doc));
  return `hostile/${file}`;
}
beforeAll(() => {
  root = repoCopy();
  mkdirSync(join(root, "hostile"));
});
afterAll(removeCopies);

const report = () => readFileSync(join(root, "reports/drift/report.md"), "utf8");

describe("a non-string $ref", () => {
  it("exits 3 with one line naming where it is (was: filePath.startsWith is not a function)", async () => {
    const against = spec("ref-true.yaml", (d) => {
      d.components.schemas.WebhookItem = { $ref: true };
    });
    const run = await npmRun(root, "drift", ["--against", against]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(
      `drift: ${against} has a $ref that is a boolean, not a string, at /components/schemas/WebhookItem/$ref: a $ref must be a string such as "#/components/schemas/Name"`,
    );
  }, 120_000);
});

describe("changes to where or how the API key is sent", () => {
  const cases: [string, string, (d: Doc) => void, RegExp][] = [
    [
      "servers",
      "servers.yaml",
      (d) => {
        d.servers[0].url = "https://api.partoo.example/v2";
      },
      /the servers changed from \["https:\/\/api\.partoo\.co\/v2",.* to \["https:\/\/api\.partoo\.example\/v2",/,
    ],
    [
      "the key's header name",
      "header.yaml",
      (d) => {
        d.components.securitySchemes.ApiKeyAuth.name = "X-Forwarded-Key";
      },
      /the API key's header changed from "x-APIKey" to "X-Forwarded-Key"/,
    ],
    [
      "the security scheme",
      "scheme.yaml",
      (d) => {
        d.components.securitySchemes.ApiKeyAuth = { type: "http", scheme: "basic" };
      },
      /the security scheme ApiKeyAuth changed/,
    ],
  ];
  it.each(cases)(
    "a change of %s: --write exits 3 in one line, writes nothing, and the report says so first",
    async (_name, file, change, reason) => {
      const against = spec(file, change);
      const before = fingerprint(root);
      const run = await npmRun(root, "drift", ["--against", against, "--write"]);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/^drift: --write refused: /);
      expect(run.stderr).toMatch(reason);
      expect(run.stderr).toContain("nothing was written");
      expect(run.stderr).toContain("--accept-security-changes");
      expect(fingerprint(root)).toEqual(before);
      const lines = report().split("\n");
      expect(lines[0]).toBe("> [!CAUTION]");
      expect(lines[1]).toContain("`--write` refused to apply this spec: nothing was written.");
      expect(lines[2]).toMatch(reason);
      expect(report()).toMatch(/# Spec drift: 💥 \d+ breaking change/);
      expect(JSON.parse(readFileSync(join(root, "reports/drift/report.json"), "utf8")).exitCode).toBe(2);
    },
    SLOW,
  );

  it("without --write: exit 2 (breaking), and the report's first lines name the change", async () => {
    const against = spec("header-only.yaml", cases[1]?.[2] ?? (() => {}));
    const run = await npmRun(root, "drift", ["--against", against]);
    expect(run.code).toBe(2);
    expect(report().split("\n").slice(0, 3).join("\n")).toMatch(
      /^> \[!CAUTION\]\n.*`--write` refuses to apply this spec unless `--accept-security-changes` is given.*\n> - `key-header-changed` at `\/components\/securitySchemes\/ApiKeyAuth\/name`/,
    );
  }, 120_000);

  it(
    "--write --accept-security-changes applies it, and generated/ then names the new server",
    async () => {
      const against = spec("servers-accepted.yaml", cases[0]?.[2] ?? (() => {}));
      const run = await npmRun(root, "drift", ["--against", against, "--write", "--accept-security-changes"]);
      expect(run.code, run.stderr).toBe(2);
      expect(readFileSync(join(root, "generated/operations.ts"), "utf8")).toContain("https://api.partoo.example/v2");
    },
    SLOW,
  );
});

describe("a spec pattern that a ReDoS checker flags", () => {
  const message = (against: string) =>
    `${against} has a pattern ${JSON.stringify(HOSTILE_PATTERN)} at /components/schemas/CustomHeaders/propertyNames/pattern that is refused: a ReDoS checker (recheck) finds exponential backtracking in it`;

  it(
    "drift --write exits 3 in one line naming its pointer, and writes nothing",
    async () => {
      const against = spec("redos.yaml", (d) => {
        d.components.schemas.CustomHeaders.propertyNames.pattern = HOSTILE_PATTERN;
      });
      const before = fingerprint(root);
      const run = await npmRun(root, "drift", ["--against", against, "--write"]);
      expect(run.code).toBe(3);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(`drift: ${message(against)}`);
      expect(fingerprint(root)).toEqual(before);
    },
    SLOW,
  );

  it(
    "npm run generate refuses it too, in one line, leaving generated/ as it was",
    async () => {
      const copy = repoCopy();
      const doc = structuredClone(committed);
      doc.components.schemas.CustomHeaders.propertyNames.pattern = HOSTILE_PATTERN;
      writeFileSync(join(copy, "openapi/openapi-bundled.yaml"), stringify(doc));
      const before = fingerprint(copy);
      const run = await npmRun(copy, "generate", []);
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(`generate failed: ${message("./openapi/openapi-bundled.yaml")}`);
      expect(fingerprint(copy)).toEqual(before);
    },
    SLOW,
  );
});
