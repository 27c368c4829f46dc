import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { buildGenerated } from "../../scripts/lib/build-generated.js";
import { loadSpec } from "../../scripts/lib/load-spec.js";
import { parseRetryAfter } from "../../src/errors.js";
import { createPartooClient, PartooValidationError } from "../../src/index.js";
import { type Hostile, startHostile } from "./hostile.js";

let server: Hostile;
beforeAll(async () => {
  server = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"items":[],"page":1,"max_page":1,"count":0}'),
  );
});
afterAll(() => server.close());

const client = () => createPartooClient({ apiKey: "param-test-key", baseUrl: `${server.origin}/v2` });

describe("path and query parameters are checked against the spec before anything is sent", () => {
  const refused: [string, () => Promise<unknown>, string, string][] = [
    [
      "webhook_id NaN",
      () => client().GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: Number.NaN } } }),
      "/path/webhook_id",
      "type",
    ],
    [
      "webhook_id Infinity",
      () => client().GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: Number.POSITIVE_INFINITY } } }),
      "/path/webhook_id",
      "type",
    ],
    [
      "webhook_id 1.5",
      () => client().GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1.5 } } }),
      "/path/webhook_id",
      "type",
    ],
    [
      "webhook_id as a string",
      // @ts-expect-error a string where the spec says integer
      () => client().GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: "../admin" } } }),
      "/path/webhook_id",
      "type",
    ],
    [
      "webhook_id missing",
      // @ts-expect-error the path parameter left out
      () => client().GET("/webhooks/{webhook_id}", { params: {} }),
      "/path",
      "required",
    ],
    [
      "per_page 1000",
      () => client().GET("/webhooks", { params: { query: { per_page: 1000 } } }),
      "/query/per_page",
      "maximum",
    ],
    [
      "per_page 0",
      () => client().GET("/webhooks", { params: { query: { per_page: 0 } } }),
      "/query/per_page",
      "minimum",
    ],
    ["page NaN", () => client().GET("/webhooks", { params: { query: { page: Number.NaN } } }), "/query/page", "type"],
    [
      "org_id -Infinity on a create",
      () =>
        client().POST("/webhooks", { params: { query: { org_id: Number.NEGATIVE_INFINITY } }, body: { items: [] } }),
      "/query/org_id",
      "type",
    ],
  ];
  for (const [name, call, pointer, keyword] of refused) {
    it(`${name}: PartooValidationError at ${pointer || "(params)"} [${keyword}], nothing sent`, async () => {
      server.seen.length = 0;
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartooValidationError);
      expect((error as PartooValidationError).violations).toContainEqual(
        expect.objectContaining({ instancePath: pointer, keyword }),
      );
      expect(server.seen).toHaveLength(0);
    });
  }

  it("valid parameters at the spec's bounds are sent", async () => {
    server.seen.length = 0;
    await client().GET("/webhooks", { params: { query: { per_page: 100, page: 1 } } });
    await client().GET("/webhooks", { params: { query: { per_page: 1 } } });
    expect(server.seen.map((s) => s.url)).toEqual(["/v2/webhooks?per_page=100&page=1", "/v2/webhooks?per_page=1"]);
  });

  it("validateRequests: false sends them as given", async () => {
    server.seen.length = 0;
    const loose = createPartooClient({ apiKey: "k-123456", baseUrl: `${server.origin}/v2`, validateRequests: false });
    await loose.GET("/webhooks", { params: { query: { per_page: 1000 } } });
    expect(server.seen).toHaveLength(1);
  });
});

describe("the parameter check covers every rule the spec gives parameters", () => {
  it("generation fails on a parameter keyword the client would not enforce", async () => {
    const dir = mkdtempSync(join(tmpdir(), "partoo-params-"));
    try {
      const doc = parse(readFileSync("openapi/openapi-bundled.yaml", "utf8"));
      doc.components.parameters.query_per_page_1_100.schema.multipleOf = 10;
      writeFileSync(join(dir, "spec.yaml"), stringify(doc));
      const spec = await loadSpec(join(dir, "spec.yaml"));
      await expect(buildGenerated(spec)).rejects.toThrow(
        /get \/webhooks: parameter per_page uses multipleOf, which the client's parameter check does not enforce/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Retry-After", () => {
  it("takes delta-seconds only as a non-negative whole number, and ignores other numbers rather than read them as dates", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 7 ", now)).toBe(7_000);
    for (const value of ["-5", "1.5", "1e3", "+3", "0x10", "", "   "])
      expect(parseRetryAfter(value, now)).toBeUndefined();
    expect(parseRetryAfter("Sun, 22 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sunday, 22-Nov-26 12:00:30 GMT", now)).toBe(30_000);
  });
});
