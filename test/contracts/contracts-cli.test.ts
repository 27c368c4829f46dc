import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SECRET_KEY = "cli-secret-api-key-5f3e9a";
const dirs: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function contracts(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string; ms: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "partoo-contracts-"));
  dirs.push(dir);
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["contracts/run.ts"],
      { env: { PATH: process.env.PATH ?? "", PARTOO_CONTRACT_REPORT_DIR: dir, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, ms: Date.now() - started, dir }),
    );
  });
}

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
}

const reports = (dir: string) =>
  ["junit.xml", "summary.md", "results.json", "report.html"].map((f) => readFileSync(join(dir, f), "utf8"));

describe("npm run contracts", () => {
  it("runs against the embedded sandbox by default, exits 0 and writes the three reports", async () => {
    const { code, stdout, dir } = await contracts({});
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+ checks: \d+ passed, 0 failed/m);
    expect(stdout.trim().split("\n").at(-1)).toBe("verdict: conforms (exit 0)");
    const [junit, summary, json] = reports(dir);
    expect(junit).toContain("<testsuites");
    expect(summary?.split("\n")[0]).toBe("# Partoo contract suite: ✅ conforms");
    expect(JSON.parse(json ?? "{}").embedded).toBe(true);
  });

  it("exits 1 against a server that breaks the spec, naming the violation, with the key nowhere", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: [{ id: "7" }] }));
    });
    const { code, stdout, stderr, dir } = await contracts({ PARTOO_BASE_URL: url, PARTOO_API_KEY: SECRET_KEY });
    expect(code).toBe(1);
    // One line per distinct finding, however many scenarios hit it, with those scenarios under it.
    expect(stdout).toMatch(
      /^FAIL response_schema_conformance · type at \/items\/0\/id: must be integer\n {5}GET \/webhooks · 1\d scenarios: list: default page; list: per_page 1;/m,
    );
    expect(stdout.match(/^FAIL response_schema_conformance · type at \/items\/0\/id/gm)).toHaveLength(1);
    expect(stdout.trim().split("\n").at(-1)).toBe("verdict: deviations found (exit 1)");
    const [junit, summary, json, html] = reports(dir);
    expect(summary?.split("\n")[0]).toBe("# Partoo contract suite: ❌ deviations found");
    expect(summary).toContain("| `response_schema_conformance` | `type` | `/items/0/id` | must be integer |");
    expect(junit).toContain('<failure message="/items/0');
    expect(junit).not.toContain("<error");
    expect([stdout, stderr, junit, summary, json, html].join("\n")).not.toContain(SECRET_KEY);
  });

  it("gives one line and exit 2 for a dead target, quickly", async () => {
    const url = await serve(() => {});
    servers.at(-1)?.close();
    const { code, stdout, ms, dir } = await contracts({ PARTOO_BASE_URL: url, PARTOO_API_KEY: SECRET_KEY });
    expect(code).toBe(2);
    const verdict = /^verdict: aborted: GET http:\/\/127\.0\.0\.1:\d+\/v2\/webhooks: ECONNREFUSED \(exit 2\)$/;
    expect(stdout.trim().split("\n").at(-1)).toMatch(verdict);
    expect(stdout).not.toMatch(/deviations|^FAIL/m);
    // An outage is never read as drift: every report says aborted, and JUnit calls it an error.
    const [junit, summary, json] = reports(dir);
    expect(summary?.split("\n")[0]).toMatch(/^# Partoo contract suite: ⛔ aborted: GET http:.*ECONNREFUSED$/);
    expect(summary).not.toContain("deviations");
    expect(junit).toMatch(/<error message="GET http:[^"]*ECONNREFUSED" type="aborted"/);
    expect(junit).not.toContain("<failure");
    expect(JSON.parse(json ?? "{}").verdict).toMatchObject({ kind: "aborted", exitCode: 2 });
    expect(ms).toBeLessThan(10_000);
  });

  it("gives one line and exit 2 for a target that never answers, within its timeout", async () => {
    const url = await serve(() => {}); // accepts, never answers
    const { code, stdout, stderr, ms } = await contracts({
      PARTOO_BASE_URL: url,
      PARTOO_API_KEY: SECRET_KEY,
      PARTOO_CONTRACT_TIMEOUT_MS: "1000",
    });
    expect(code).toBe(2);
    expect(stderr).toBe("");
    expect(stdout.trim().split("\n").at(-1)).toMatch(
      /^verdict: aborted: GET http:\/\/127\.0\.0\.1:\d+\/v2\/webhooks: no answer within 1000 ms \(exit 2\)$/,
    );
    expect(ms).toBeLessThan(1000 + 8_000);
  });

  it("exits 1 with a clear verdict against a target speaking HTML", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>"),
    );
    const { code, stdout } = await contracts({ PARTOO_BASE_URL: url, PARTOO_API_KEY: SECRET_KEY });
    expect(code).toBe(1);
    expect(stdout).toContain(
      'FAIL content_type_conformance: content type "text/html" is not documented for GET /webhooks 200',
    );
  });

  it("refuses a remote target without a key, before sending anything", async () => {
    const { code, stderr } = await contracts({ PARTOO_ENV: "sandbox" });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("contract suite: PARTOO_API_KEY is required with PARTOO_BASE_URL or PARTOO_ENV");
  });

  it("stays read-only against a remote target unless PARTOO_CONTRACT_WRITES=1", async () => {
    const methods: string[] = [];
    const url = await serve((req, res) => {
      methods.push(req.method ?? "");
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ page: 1, max_page: 1, count: 0, items: [] }));
    });
    const { dir } = await contracts({ PARTOO_BASE_URL: url, PARTOO_API_KEY: SECRET_KEY });
    expect(methods.length).toBeGreaterThan(5);
    expect(new Set(methods)).toEqual(new Set(["GET"]));
    expect(reports(dir)[1]).toContain("need PARTOO_CONTRACT_WRITES=1");
  });
});
