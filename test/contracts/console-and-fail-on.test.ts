/**
 * What the contract suite prints and decides, as `npm run contracts` runs: every console line
 * and report goes through the redacting writer (a key spelled as a JSON pointer included), and
 * `--fail-on warnings` turns undocumented properties and spec gaps into deviations.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const server of servers) server.close();
});

function contracts(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "partoo-console-"));
  dirs.push(dir);
  return new Promise<{ code: number; stdout: string; stderr: string; reports: string[] }>((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["contracts/run.ts", ...args],
      { env: { PATH: process.env.PATH ?? "", PARTOO_CONTRACT_REPORT_DIR: dir, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 99) : 0,
          stdout,
          stderr,
          reports: readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")),
        }),
    );
  });
}

describe("the console and the reports are redacted as a whole", () => {
  // `/` and `~` are spelled `~1` and `~0` in a JSON pointer: a property named after the key
  // reaches a finding's pointer in that spelling, which a search for the key itself misses.
  const KEY = "ptr/secret~key-5521";
  const POINTER_SPELLING = "ptr~1secret~0key-5521";

  it("a hostile server naming properties after the key: no spelling of it on the console or in a report", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ [KEY]: 1, items: [{ id: "x", [KEY]: 2 }], page: 1, max_page: 1, count: 1 }));
    });
    servers.push(server);
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    const { code, stdout, stderr, reports } = await contracts(["--fail-on", "warnings"], {
      PARTOO_BASE_URL: url,
      PARTOO_API_KEY: KEY,
    });
    expect(code).toBe(1);
    // The FAIL lines do name the place, redacted.
    expect(stdout).toContain("FAIL undocumented_properties · unevaluatedProperties at /[REDACTED]: not documented");
    expect(stdout).toContain("at /items/0/[REDACTED]: not documented");
    expect(reports).toHaveLength(4);
    for (const text of [stdout, stderr, ...reports]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(POINTER_SPELLING);
      expect(text).not.toContain("secret~key");
      expect(text).not.toContain("secret~0key");
    }
  });

  it("a settings error quoting the key is redacted too", async () => {
    const { code, stderr } = await contracts(["--fail-on", KEY], { PARTOO_API_KEY: KEY });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('contract suite: --fail-on must be failures or warnings, got "[REDACTED]"');
  });
});

describe("--fail-on", () => {
  it("warnings: the embedded sandbox's spec gaps (401 on POST /webhooks) become deviations, exit 1", async () => {
    const plain = await contracts([]);
    const strict = await contracts(["--fail-on", "warnings"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/, [1-9]\d* warnings, /);
    expect(plain.stdout.trim().split("\n").at(-1)).toBe("verdict: conforms (exit 0)");
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^FAIL status_code_conformance: spec gap: /m);
    expect(strict.stdout.trim().split("\n").at(-1)).toBe("verdict: deviations found (exit 1)");
    const json = strict.reports.find((r) => r.startsWith("{")) ?? "{}";
    expect(JSON.parse(json).verdict).toEqual({
      kind: "deviations",
      text: "deviations found",
      exitCode: 1,
      failOn: "warnings",
    });
  });

  it("refuses a value it does not know, with exit 2", async () => {
    const { code, stderr } = await contracts(["--fail-on", "errors"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('contract suite: --fail-on must be failures or warnings, got "errors"');
  });

  it("--json prints results.json alone on stdout, the console on stderr", async () => {
    const { code, stdout, stderr } = await contracts(["--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).verdict.kind).toBe("conforms");
    expect(stderr.trim().split("\n").at(-1)).toBe("verdict: conforms (exit 0)");
  });
});

describe("a run the target cuts short", () => {
  it("closes the scenario it was in with ABORTED, then says why in the verdict", async () => {
    // One good page, then every connection dropped: the run stops inside the second scenario that reads.
    let answered = 0;
    const server = createServer((_req, res) => {
      if (answered++ > 0) return res.socket?.destroy();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ items: [], page: 1, max_page: 1, count: 0 }));
    });
    servers.push(server);
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    const { code, stdout } = await contracts([], { PARTOO_BASE_URL: url, PARTOO_API_KEY: "cut-short-key-1" });
    expect(code).toBe(2);
    const lines = stdout.trim().split("\n");
    const progress = lines.filter((l) => /^\[ ?\d+\/\d+\]/.test(l));
    // Every scenario until the cut has its line; the one cut short ends the list, and says so.
    expect(progress.at(-1)).toMatch(new RegExp(`^\\[${String(progress.length).padStart(2)}/19\\] ABORTED {7}list: `));
    expect(progress.filter((l) => l.includes("ABORTED"))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^verdict: aborted: GET http:\/\/127\.0\.0\.1:\d+\/v2\/webhooks: .+ \(exit 2\)$/);
  });
});
