import { execFile, spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/testing.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";

const exec = promisify(execFile);
type Run = { code: number; stdout: string; stderr: string };
const run = (file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  exec(process.execPath, ["--import", "tsx", file, ...args], { env: { ...process.env, ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Run) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const partoo = (args: string[], env?: NodeJS.ProcessEnv) => run("src/cli/main.ts", args, env);

describe("every CLI answers --help with usage and exit 0, doing nothing else", () => {
  const cases: [string, string[]][] = [
    ["src/cli/main.ts", ["--help"]],
    ["src/cli/main.ts", ["sandbox", "--help"]],
    ["src/cli/main.ts", ["trigger", "--help"]],
    ["src/cli/main.ts", ["webhooks", "--help"]],
    ["contracts/run.ts", ["--help"]],
    ["scripts/drift.ts", ["--help"]],
  ];
  for (const [file, args] of cases) {
    it(`${file} ${args.join(" ")}`, async () => {
      // With a live target configured, --help must still not run anything.
      const result = await run(file, args, { PARTOO_ENV: "sandbox", PARTOO_API_KEY: "k", PARTOO_CONTRACT_WRITES: "1" });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: /);
      expect(result.stderr).toBe("");
    });
  }
});

describe("mistakes get one line and exit 2, never a stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["src/cli/main.ts", ["nope"], /^partoo: unknown command "nope"/],
    [
      "src/cli/main.ts",
      ["sandbox", "--port", "abc"],
      /^partoo sandbox: --port must be a whole number from 0 to 65535, got "abc"$/,
    ],
    ["src/cli/main.ts", ["sandbox", "--bogus"], /^partoo sandbox: Unknown option '--bogus'/],
    [
      "src/cli/main.ts",
      ["trigger", "lead_recieved", "--url", "http://127.0.0.1:9/"],
      /unknown event type "lead_recieved"/,
    ],
    ["src/cli/main.ts", ["trigger", "lead_received"], /--url is required/],
    ["src/cli/main.ts", ["webhooks", "list"], /set PARTOO_API_KEY/],
    ["contracts/run.ts", ["--bogus"], /Unknown option '--bogus'/],
  ];
  for (const [file, args, message] of cases) {
    it(`${file} ${args.join(" ")}`, async () => {
      const result = await run(file, args, { PARTOO_API_KEY: "" });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    });
  }

  it("a port in use is one line too", async () => {
    const sandbox = await startSandbox();
    try {
      const port = new URL(sandbox.url).port;
      const result = await partoo(["sandbox", "--port", port]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(`partoo sandbox: cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      await sandbox.close();
    }
  });
});

describe("the contract suite tells a bad key or base URL from API drift (exit 2, one line)", () => {
  it("a rejected key", async () => {
    const sandbox = await startSandbox();
    try {
      const result = await run("contracts/run.ts", [], { PARTOO_BASE_URL: sandbox.url, PARTOO_API_KEY: "revoked-key" });
      expect(result.code).toBe(2);
      expect(result.stdout.trim().split("\n").at(-1)).toBe(
        "verdict: aborted: the API key was rejected: every request made with it answered 401 (check PARTOO_API_KEY) (exit 2)",
      );
    } finally {
      await sandbox.close();
    }
  });

  it("a base URL without /v2", async () => {
    const sandbox = await startSandbox();
    try {
      const bare = sandbox.url.replace(/\/v2$/, "");
      const result = await run("contracts/run.ts", [], { PARTOO_BASE_URL: bare, PARTOO_API_KEY: sandbox.apiKeys[0] });
      expect(result.code).toBe(2);
      expect(result.stdout.trim().split("\n").at(-1)).toBe(
        `verdict: aborted: ${bare} answers 404 on every operation (did you mean ${bare}/v2?) (exit 2)`,
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe("partoo sandbox, webhooks and trigger, end to end", () => {
  let receiverUrl = "";
  let lastVerified: unknown;
  let publicKey = "";
  const receiver = createServer(async (req, res) => {
    lastVerified = await parsePartooEventFromNode(req, { publicKey }).catch((e: Error) => e);
    res.writeHead(lastVerified instanceof Error ? 401 : 200).end();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("serves a sandbox that the webhooks command uses, never printing a header value", async () => {
    const child = spawn(process.execPath, [
      "--import",
      "tsx",
      "src/cli/main.ts",
      "sandbox",
      "--api-key",
      "cli-key",
      "--quiet",
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const match = /at (http:\/\/127\.0\.0\.1:\d+\/v2)/.exec(out);
          if (match?.[1] && out.includes("END PUBLIC KEY")) resolve(match[1]);
        });
        child.on("exit", () => reject(new Error(`sandbox exited: ${out}`)));
      });
      const env = { PARTOO_API_KEY: "cli-key" };
      const created = await partoo(
        [
          "webhooks",
          "create",
          "--base-url",
          url,
          "--url",
          "https://e.com/h",
          "--event-type",
          "lead_received",
          "--header",
          "X-Token=cli-secret-value",
        ],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^id\s+event_type\s+url\s+headers/);
      expect(created.stdout).toContain("X-Token");
      expect(created.stdout).not.toContain("cli-secret-value");
      const listed = await partoo(["webhooks", "list", "--base-url", url, "--json"], env);
      expect(JSON.parse(listed.stdout)).toMatchObject({ count: 1 });
      const got = await partoo(["webhooks", "get", "1", "--base-url", url], env);
      expect(got.stdout).toContain("lead_received");
      const missing = await partoo(["webhooks", "get", "99", "--base-url", url], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim()).toBe("partoo webhooks get: 404 Not Found: Resource not found");
      const refused = await partoo(
        [
          "webhooks",
          "create",
          "--base-url",
          url,
          "--url",
          "https://e.com/h",
          "--event-type",
          "lead_received",
          "--header",
          "X-Partoo-A=v",
        ],
        env,
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim().split("\n")).toEqual([
        "partoo webhooks create: Invalid request for POST /webhooks (1 problem), not sent:",
        '  - /items/0/custom_headers: header name "X-Partoo-A" must not start with X-Partoo (any case): the prefix is Partoo\'s own [pattern]',
      ]);
    } finally {
      child.kill();
    }
  }, 60_000); // six child processes, each a tsx start: slow on a loaded machine

  it("trigger delivers a signed sample that the receiver verifies with the printed key", async () => {
    const probe = await partoo(["trigger", "lead_received", "--url", "http://127.0.0.1:9/none", "--json"]);
    expect(probe.code).toBe(1);
    // The key is fresh per run without --key-file: verify with the one printed by this run.
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const keyFile = `${mkdtempSync(`${tmpdir()}/partoo-key-`)}/dev.pem`;
    const first = await partoo([
      "trigger",
      "lead_received",
      "--url",
      "http://127.0.0.1:9/none",
      "--key-file",
      keyFile,
      "--json",
    ]);
    publicKey = (JSON.parse(first.stdout) as { publicKey: string }).publicKey;
    const result = await partoo(["trigger", "lead_received", "--url", receiverUrl, "--key-file", keyFile, "--tryout"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`lead_received → ${receiverUrl}: 200`);
    expect(result.stdout).toContain(publicKey);
    expect(lastVerified).toMatchObject({ type: "lead_received", isTryout: true });
  });
});
