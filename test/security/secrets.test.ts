import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect, promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReports } from "../../contracts/reports/write-reports.js";
import { Caller } from "../../contracts/suite/caller.js";
import type { SuiteResult } from "../../contracts/suite/results.js";
import { ConfigError, settingsFromEnv } from "../../contracts/target.js";
import { createPartooClient, PartooResponseError, unwrap } from "../../src/index.js";
import { type Hostile, startHostile } from "./hostile.js";

const run = promisify(execFile);
const API_KEY = "pk_live_secret_0123456789abcdef";
/** Every character as a JSON \u escape: gone once parsed, so a textual search of the raw body misses it. */
const escaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const everything = (value: unknown) =>
  [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 20, showHidden: true })].join("\n");
/** Neither the key nor any 8-character piece of it. */
const expectNoKey = (text: string) => {
  for (let i = 0; i + 8 <= API_KEY.length; i++) expect(text).not.toContain(API_KEY.slice(i, i + 8));
};

let mode: "escapedJson" | "splitHtml" | "quotedMalformed" = "escapedJson";
let server: Hostile;
beforeAll(async () => {
  server = await startHostile((_req, res) => {
    if (mode === "escapedJson") {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(`{"errors":{"json":{"key":"${escaped(API_KEY)}"}}}`);
    } else if (mode === "splitHtml") {
      // The key straddles character 80, where the snippet is cut.
      res.writeHead(500, { "content-type": "text/html" }).end(`${"x".repeat(70)}${API_KEY}${"y".repeat(40)}`);
    } else {
      // Malformed JSON whose parser message would quote the key ("Unexpected token … in … pk_live…").
      res.writeHead(200, { "content-type": "application/json" }).end(`{"k": ${API_KEY}}`);
    }
  });
});
afterAll(() => server.close());

describe("redaction works on structure, then text", () => {
  it("a JSON-escaped key in an error body is gone from result.error, the error's message, body, inspect and JSON", async () => {
    mode = "escapedJson";
    const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: `${server.origin}/v2` });
    const result = await partoo.GET("/webhooks");
    expect(JSON.stringify(result.error)).toContain("[REDACTED]");
    expectNoKey(everything(result.error));
    const thrown = (() => {
      try {
        return unwrap(result);
      } catch (error) {
        return error;
      }
    })();
    expectNoKey(everything(thrown));
    expectNoKey(everything((thrown as { body: unknown }).body));
  });

  it("a snippet cut across the key shows no part of it", async () => {
    mode = "splitHtml";
    const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: `${server.origin}/v2`, maxRetries: 0 });
    const error = await partoo.GET("/webhooks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooResponseError);
    expect((error as PartooResponseError).snippet.length).toBeLessThanOrEqual(80);
    expectNoKey(everything(error));
  });

  it("the contract caller never keeps the JSON parser's message, which quotes the body", async () => {
    mode = "quotedMalformed";
    const caller = new Caller({ baseUrl: `${server.origin}/v2`, apiKey: API_KEY, timeoutMs: 5_000, maxRequests: 5 });
    const exchange = await caller.send({ method: "GET", path: "/webhooks" });
    expect(exchange.parseError).toMatch(/^at character \d+$|^no position given$/);
    expectNoKey(`${exchange.parseError} ${exchange.snippet}`);
  });

  it("reports and the text handed to the CI step summary come from redacted data only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "partoo-reports-"));
    try {
      const run: SuiteResult = {
        target: "http://127.0.0.1:1/v2",
        embedded: false,
        writes: false,
        startedAt: new Date().toISOString(),
        durationMs: 1,
        requests: 1,
        checks: [
          {
            scenario: "s",
            check: "c",
            operation: "GET /webhooks",
            outcome: "failed",
            message: `server said ${API_KEY}`,
            findings: [{ instancePath: `/${API_KEY}`, keyword: "k", message: API_KEY }],
          },
        ],
      };
      const files = await writeReports(run, dir, [API_KEY]);
      for (const [name, text] of Object.entries(files)) {
        expectNoKey(text);
        expectNoKey(readFileSync(join(dir, name), "utf8"));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("credentials, queries and fragments in a base URL are refused without being echoed", () => {
  const cases = [
    ["http://user:hunter2-password@127.0.0.1:1/v2", /must not hold credentials/],
    ["http://:hunter2-password@127.0.0.1:1/v2", /must not hold credentials/],
    ["http://127.0.0.1:1/v2?token=hunter2-password", /must not have a query/],
    ["http://127.0.0.1:1/v2#hunter2-password", /must not have a fragment/],
    ["hunter2-password", /is not an absolute URL/],
  ] as const;
  for (const [baseUrl, message] of cases) {
    it(`client: ${message.source}`, () => {
      const attempt = () => createPartooClient({ apiKey: API_KEY, baseUrl });
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (error) {
        expect(everything(error)).not.toContain("hunter2");
      }
    });
    it(`contract suite settings: ${message.source}`, () => {
      const attempt = () => settingsFromEnv({ PARTOO_BASE_URL: baseUrl, PARTOO_API_KEY: API_KEY });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (error) {
        expect(everything(error)).not.toContain("hunter2");
      }
    });
  }

  it("the contract CLI exits 2 with one line, the password nowhere in its output or reports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "partoo-cred-"));
    try {
      const result = await run(process.execPath, ["--import", "tsx", "contracts/run.ts"], {
        env: {
          ...process.env,
          PARTOO_BASE_URL: "http://user:hunter2-password@127.0.0.1:9/v2",
          PARTOO_API_KEY: API_KEY,
          PARTOO_CONTRACT_REPORT_DIR: dir,
        },
      }).catch((e: { code: number; stdout: string; stderr: string }) => e);
      const { code, stdout, stderr } = result as { code: number; stdout: string; stderr: string };
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(`${stdout}${stderr}`).not.toContain("hunter2");
      writeFileSync(join(dir, "probe"), ""); // the folder exists; no report holds the password
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("contract settings are kept to sane ranges", () => {
  const bad = [
    ["PARTOO_CONTRACT_TIMEOUT_MS", "3000000000"],
    ["PARTOO_CONTRACT_TIMEOUT_MS", "0"],
    ["PARTOO_CONTRACT_MAX_REQUESTS", "0"],
    ["PARTOO_CONTRACT_MAX_REQUESTS", "1e9"],
    ["PARTOO_ORG_ID", "-1"],
  ] as const;
  for (const [name, value] of bad) {
    it(`${name}=${value} is refused, naming the range`, () => {
      expect(() =>
        settingsFromEnv({ PARTOO_BASE_URL: "http://127.0.0.1:1/v2", PARTOO_API_KEY: "k", [name]: value }),
      ).toThrow(new RegExp(`${name} must be a whole number from \\d+ to \\d+`));
    });
  }
});

describe("client options are kept to sane ranges", () => {
  for (const [option, value] of [
    ["timeoutMs", 3_000_000_000],
    ["timeoutMs", 0],
    ["maxRetries", -1],
    ["maxRetries", 1.5],
    ["maxResponseBytes", Number.NaN],
  ] as const) {
    it(`${option}: ${value} is refused`, () => {
      expect(() => createPartooClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:1/v2", [option]: value })).toThrow(
        new RegExp(`${option} must be a whole number`),
      );
    });
  }
});
