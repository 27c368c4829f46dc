import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runDrift } from "../../scripts/drift.js";
import { generate } from "../../scripts/generate.js";
import { diffSpecs } from "../../scripts/lib/drift.js";
import { loadSpec } from "../../scripts/lib/load-spec.js";
import { freeLoopbackPort } from "../helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: fixtures reach anywhere into an OpenAPI document
type Doc = any;
const committed: Doc = parse(readFileSync("openapi/openapi-bundled.yaml", "utf8"));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "partoo-drift-"));
  dirs.push(dir);
  return dir;
};

/** Writes two specs one change apart and diffs them. `base` may prepare a starting point. */
async function compare(change: (doc: Doc) => void, base: (doc: Doc) => void = () => {}) {
  const dir = temp();
  const before = structuredClone(committed);
  base(before);
  const after = structuredClone(before);
  change(after);
  writeFileSync(join(dir, "before.yaml"), stringify(before));
  writeFileSync(join(dir, "after.yaml"), stringify(after));
  return diffSpecs(await loadSpec(join(dir, "before.yaml")), await loadSpec(join(dir, "after.yaml")));
}

const schemas = (d: Doc) => d.components.schemas;
const requestEnum = (d: Doc) => {
  schemas(d).webhook_event_type.enum = ["a", "b", "c"];
};

const rules: [string, (d: Doc) => void, "breaking" | "non-breaking", ((d: Doc) => void)?][] = [
  ["operation-removed", (d) => delete d.paths["/webhooks/tryout"], "breaking"],
  ["response-status-removed", (d) => delete d.paths["/webhooks"].get.responses["403"], "breaking"],
  ["response-property-removed", (d) => delete schemas(d).WebhookItem.properties.org_id, "breaking"],
  ["response-property-no-longer-required", (d) => schemas(d).WebhookItem.required.pop(), "breaking"],
  ["type-changed", (d) => (schemas(d).current_page.type = "string"), "breaking"],
  [
    "request-property-now-required",
    (d) => schemas(d).CreateWebhookPayloadItem.required.push("custom_headers"),
    "breaking",
  ],
  [
    "request-required-parameter-added",
    (d) =>
      d.paths["/webhooks"].get.parameters.push({ name: "q", in: "query", required: true, schema: { type: "string" } }),
    "breaking",
  ],
  [
    "request-optional-parameter-added",
    (d) => d.paths["/webhooks"].get.parameters.push({ name: "q", in: "query", schema: { type: "string" } }),
    "non-breaking",
  ],
  ["request-enum-introduced", requestEnum, "breaking"],
  ["request-enum-value-removed", (d) => schemas(d).webhook_event_type.enum.pop(), "breaking", requestEnum],
  ["request-enum-value-added", (d) => schemas(d).webhook_event_type.enum.push("d"), "non-breaking", requestEnum],
  ["request-pattern-changed", (d) => (schemas(d).webhook_url.pattern = "^https://"), "breaking"],
  [
    "request-constraint-narrowed",
    (d) => (schemas(d).CreateWebhooksPayload.properties.items.maxItems = 5),
    "breaking",
    (d) => (schemas(d).CreateWebhooksPayload.properties.items.maxItems = 10),
  ],
  [
    "request-constraint-widened",
    (d) => (schemas(d).CreateWebhooksPayload.properties.items.maxItems = 20),
    "non-breaking",
    (d) => (schemas(d).CreateWebhooksPayload.properties.items.maxItems = 10),
  ],
  ["response-enum-value-added", (d) => schemas(d).tryout_result_status.enum.push("pending"), "non-breaking"],
  ["response-enum-value-removed", (d) => schemas(d).tryout_result_status.enum.pop(), "non-breaking"],
  ["server-changed", (d) => (d.servers[1].url = "https://sandbox.api.partoo.co/v2"), "breaking"],
  ["annotation", (d) => (schemas(d).url.description = "Where deliveries go."), "non-breaking"],
  ["library:non-breaking", (d) => (schemas(d).WebhookItem.properties.active = { type: "boolean" }), "non-breaking"],
  // A response value allowed to be larger than before: the library calls it breaking, and we keep its verdict.
  ["library:breaking", (d) => (schemas(d).count.maximum = 2000), "breaking", (d) => (schemas(d).count.maximum = 1000)],
];

describe("classification, one change apart per rule", () => {
  it("finds nothing between the spec and itself", async () => {
    const started = performance.now();
    const result = await compare(() => {});
    console.log(
      `drift: committed spec against itself in ${Math.round(performance.now() - started)} ms (load and validate included)`,
    );
    expect(result.changes).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  for (const [rule, change, classification, base] of rules) {
    it(`${rule}: ${classification}`, async () => {
      const result = await compare(change, base);
      const matching = result.changes.filter((c) => c.rule === rule);
      expect(matching.length, JSON.stringify(result.changes.map((c) => c.rule))).toBeGreaterThan(0);
      expect(new Set(matching.map((c) => c.classification))).toEqual(new Set([classification]));
      expect(matching[0]?.location).toMatch(/^\//);
      expect(result.exitCode).toBe(result.changes.some((c) => c.classification === "breaking") ? 2 : 1);
      if (classification === "breaking") expect(result.exitCode).toBe(2);
    });
  }

  it("flags new response enum values as able to break exhaustive switches", async () => {
    const result = await compare((d) => schemas(d).event_type.enum.push("review_created"));
    const added = result.changes.filter((c) => c.rule === "response-enum-value-added");
    expect(added.length).toBe(4); // felt in each operation returning a webhook
    expect(added[0]).toMatchObject({
      flag: "may break exhaustive switches over this value",
      new: "review_created",
      action: "add",
    });
  });

  it("gives old → new and a JSON pointer for each change", async () => {
    const result = await compare((d) => (schemas(d).CustomHeaders.maxProperties = 3));
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        rule: "request-constraint-narrowed",
        operation: "POST /webhooks",
        location:
          "/paths/~1webhooks/post/requestBody/content/application~1json/schema/properties/items/items/properties/custom_headers/maxProperties",
        old: 5,
        new: 3,
      }),
    );
  });

  it("lists operations only the other document has in one section, not as changes", async () => {
    const result = await compare((d) => {
      d.paths["/webhooks/event_types"] = { get: { responses: { "200": { description: "OK" } } } };
      d.paths["/businesses"] = { get: { responses: { "200": { description: "OK" } } } };
    });
    expect(result.changes).toEqual([]);
    expect(result.additions).toEqual(["get /webhooks/event_types"]);
    expect(result.otherOperations).toBe(1);
    expect(result.exitCode).toBe(0);
  });

  it("times a diff against a changed copy", async () => {
    const started = performance.now();
    const result = await compare((d) => {
      schemas(d).CustomHeaders.maxProperties = 3;
      schemas(d).event_type.enum.push("review_created");
    });
    console.log(
      `drift: committed spec against a changed copy in ${Math.round(performance.now() - started)} ms, ${result.changes.length} changes`,
    );
    expect(result.exitCode).toBe(2);
  });
});

function drift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["scripts/drift.ts", "--report-dir", temp(), ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("npm run drift", () => {
  it("exits 0 against an identical document and writes both reports", async () => {
    const reportDir = temp();
    const { result, markdown } = await runDrift({ against: "openapi/openapi-bundled.yaml", reportDir });
    expect(result.exitCode).toBe(0);
    expect(markdown).toContain("# Spec drift: no change");
    expect(JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8")).exitCode).toBe(0);
    expect(readFileSync(join(reportDir, "report.md"), "utf8")).toBe(markdown);
  });

  it("exits 3 with one line for an unreachable URL", async () => {
    const port = await freeLoopbackPort();
    const { code, stderr } = await drift(["--against", `http://127.0.0.1:${port}/openapi-bundled.yaml`]);
    expect(code).toBe(3);
    expect(stderr.trim()).toBe(`drift: cannot read http://127.0.0.1:${port}/openapi-bundled.yaml: ECONNREFUSED`);
  });

  it("exits 3 with one line for unreadable or invalid documents", async () => {
    const dir = temp();
    writeFileSync(join(dir, "broken.yaml"), "openapi: 3.1.0\npaths: [\n");
    writeFileSync(join(dir, "not-openapi.yaml"), "hello: world\n");
    writeFileSync(join(dir, "invalid.yaml"), stringify({ ...committed, info: undefined }));
    const results = await Promise.all(
      ["broken", "not-openapi", "invalid", "missing"].map((f) => drift(["--against", join(dir, `${f}.yaml`)])),
    );
    expect(results.map((r) => r.code)).toEqual([3, 3, 3, 3]);
    expect(results[0]?.stderr).toMatch(/^drift: .*broken\.yaml is neither YAML nor JSON/);
    expect(results[1]?.stderr).toMatch(/not an OpenAPI document \(no "openapi" field\)/);
    expect(results[2]?.stderr).toMatch(/invalid\.yaml is not a valid OpenAPI document/);
    expect(results[3]?.stderr).toMatch(/cannot read .*missing\.yaml: ENOENT/);
    for (const r of results) expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("--write on a copy of the repo replaces the spec, regenerates, and leaves generate:check green", async () => {
    const root = temp();
    mkdirSync(join(root, "openapi"));
    cpSync("openapi/openapi-bundled.yaml", join(root, "openapi/openapi-bundled.yaml"));
    cpSync("openapi/partoo-webhook-events.yaml", join(root, "openapi/partoo-webhook-events.yaml"));
    cpSync("generated", join(root, "generated"), { recursive: true });
    const published = structuredClone(committed);
    schemas(published).CustomHeaders.maxProperties = 3;
    published.paths["/businesses"] = {
      get: {
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Business" } } },
          },
        },
      },
    };
    published.components.schemas.Business = { type: "object" };
    writeFileSync(join(root, "published.yaml"), stringify(published));

    const { result } = await runDrift({ against: join(root, "published.yaml"), write: true, root });
    expect(result.exitCode).toBe(2);
    const written = parse(readFileSync(join(root, "openapi/openapi-bundled.yaml"), "utf8"));
    expect(written.components.schemas.CustomHeaders.maxProperties).toBe(3);
    expect(Object.keys(written.paths)).toEqual(Object.keys(committed.paths)); // our scope, not the whole API
    expect(written.components.schemas.Business).toBeUndefined();
    expect(readFileSync(join(root, "generated/component-schemas.ts"), "utf8")).toContain('"maxProperties": 3');
    expect(await generate({ check: true, root })).toEqual([]);
    const again = await runDrift({ against: join(root, "published.yaml"), root, reportDir: temp() });
    expect(again.result.exitCode).toBe(0);
  });
});
