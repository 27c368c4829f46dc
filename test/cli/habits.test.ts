/**
 * The CLI's habits (gh's and stripe's) as a user meets them: `partoo …` run in-process through
 * runPartoo and reportFailure (what main.ts does), with every line it prints on stdout and
 * stderr, against a real sandbox and receiver on loopback. test/cli/bin.test.ts runs the bin.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reportFailure, runPartoo } from "../../src/cli/dispatch.js";
import { Output } from "../../src/cli/output.js";
import { startSandbox } from "../../src/testing.js";
import { ORG1_KEY, useReceiver, useSandbox } from "../helpers.js";

const VERSION = JSON.parse(readFileSync("package.json", "utf8")).version;

/** Runs `partoo …args` as main.ts does; resolves to its exit code and every line printed. */
async function partoo(...args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const code = await runPartoo(args).catch((error: Error) => reportFailure(error, args.includes("--debug")));
    const lines = (spy: typeof out) => spy.mock.calls.flatMap((c) => c.join(" ").split("\n"));
    return { code, stdout: lines(out), stderr: lines(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.unstubAllEnvs());

describe("partoo, whatever the command", () => {
  it("--version prints the package's version", async () => {
    expect(await partoo("--version")).toEqual({ code: 0, stdout: [`partoo ${VERSION}`], stderr: [] });
  });

  it("an unknown command exits 2 with the nearest one, or the list when none is near", async () => {
    expect(await partoo("sandbx")).toEqual({
      code: 2,
      stdout: [],
      stderr: ['partoo: unknown command "sandbx" (did you mean "sandbox"?)'],
    });
    expect((await partoo("frobnicate")).stderr).toEqual([
      'partoo: unknown command "frobnicate": one of contracts, sandbox, trigger, webhooks',
    ]);
  });
});

describe("partoo webhooks", () => {
  const sandbox = useSandbox();
  const receiver = useReceiver();
  const at = () => ["--base-url", sandbox.current.url];

  it("an unknown subcommand exits 2, with --help too, and says which it meant when near", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    expect(await partoo("webhooks", "delete", "--help")).toEqual({
      code: 2,
      stdout: [],
      stderr: ['partoo webhooks: unknown subcommand "delete": one of list, get, create, tryout'],
    });
    expect((await partoo("webhooks", "lsit")).stderr).toEqual([
      'partoo webhooks: unknown subcommand "lsit" (did you mean "list"?)',
    ]);
  });

  it("a subcommand's --help is its own", async () => {
    const { code, stdout } = await partoo("webhooks", "get", "--help");
    expect(code).toBe(0);
    expect(stdout.slice(0, 3)).toEqual([
      "Usage: partoo webhooks get <id> [options]",
      "",
      "One webhook configuration by id, with the API key in PARTOO_API_KEY.",
    ]);
    expect(stdout).not.toContain("  --page N                   which page (default 1)");
  });

  it("names a positional argument as such", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    expect(await partoo("webhooks", "get", "abc", ...at())).toEqual({
      code: 2,
      stdout: [],
      stderr: ['partoo webhooks get: <id> must be a whole number from 1 to 9007199254740991, got "abc"'],
    });
  });

  it("refuses --env with --base-url, before any request", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const before = sandbox.current.requests.length;
    expect((await partoo("webhooks", "list", "--env", "sandbox", ...at())).stderr).toEqual([
      "partoo webhooks: --env and --base-url cannot be used together (give one)",
    ]);
    expect((await partoo("webhooks", "list", "--all", "--page", "2", ...at())).stderr).toEqual([
      "partoo webhooks list: --all and --page cannot be used together (give one)",
    ]);
    expect(sandbox.current.requests.length).toBe(before);
  });

  it("prints one violation per line, exit 2, nothing sent", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const before = sandbox.current.requests.length;
    const result = await partoo(
      "webhooks",
      "create",
      ...at(),
      "--url",
      "http://hooks.example.com/h",
      "--event-type",
      "lead_recieved",
    );
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        "partoo webhooks create: Invalid request for POST /webhooks (2 problems), not sent:",
        "  - /items/0/url: must be an absolute https: URL (The URL receiving the webhook's data. Only HTTPS URLs are supported.) [https]",
        "  - /items/0/event_type: must be one of business_created, business_updated, business_deleted, message_updated, message_created, lead_received [eventType]",
      ],
    });
    expect(sandbox.current.requests.length).toBe(before);
  });

  it("an HTTP error is its status, its reason phrase and the body's message, exit 1", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    expect(await partoo("webhooks", "get", "424242", ...at())).toEqual({
      code: 1,
      stdout: [],
      stderr: ["partoo webhooks get: 404 Not Found: Resource not found"],
    });
    vi.stubEnv("PARTOO_API_KEY", "not-a-sandbox-key");
    expect((await partoo("webhooks", "list", ...at())).stderr).toEqual([
      "partoo webhooks list: 401 Unauthorized: authentication: User not authenticated",
    ]);
  });

  it("a tryout the receiver does not acknowledge exits 1 with why; one it does exits 0", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    receiver.status = 500;
    const failed = await partoo("webhooks", "tryout", ...at(), "--url", receiver.url, "--event-type", "lead_received");
    expect(failed.code).toBe(1);
    expect(failed.stdout[1]).toMatch(/^lead_received\s+http:\/\/127\.0\.0\.1:\d+\/hook\s+error$/);
    expect(failed.stderr).toEqual([
      `partoo webhooks tryout: the tryout failed: ${receiver.url} did not acknowledge the delivery with a 200 (status "error")`,
    ]);
    receiver.status = 200;
    const ok = await partoo("webhooks", "tryout", ...at(), "--url", receiver.url, "--event-type", "lead_received");
    expect(ok.code).toBe(0);
    expect(ok.stdout[1]).toMatch(/^lead_received\s+http:\/\/127\.0\.0\.1:\d+\/hook\s+success$/);
  });

  it("counts in the right plural", async () => {
    const lonely = await startSandbox({ apiKeys: ["plural-key"] });
    try {
      vi.stubEnv("PARTOO_API_KEY", "plural-key");
      const base = ["--base-url", lonely.url];
      expect((await partoo("webhooks", "list", ...base)).stdout).toEqual(["(none)", "page 1 of 1, 0 webhooks"]);
      const created = await partoo(
        "webhooks",
        "create",
        ...base,
        "--url",
        receiver.url,
        "--event-type",
        "lead_received",
      );
      expect(created.stdout.at(-1)).toBe("1 webhook created");
      expect((await partoo("webhooks", "list", ...base)).stdout.at(-1)).toBe("page 1 of 1, 1 webhook");
    } finally {
      await lonely.close();
    }
  });

  it("list --all walks every page, 100 at a time", async () => {
    const seeded = await startSandbox({ apiKeys: ["all-key"], seed: 250 });
    try {
      vi.stubEnv("PARTOO_API_KEY", "all-key");
      const { code, stdout } = await partoo("webhooks", "list", "--all", "--base-url", seeded.url);
      expect(code).toBe(0);
      expect(stdout).toHaveLength(1 + 250 + 1);
      expect(stdout.at(-1)).toBe("250 webhooks");
      expect(seeded.requests.map((r) => r.query.get("page"))).toEqual(["1", "2", "3"]);
      const json = await partoo("webhooks", "list", "--all", "--json", "--base-url", seeded.url);
      expect(JSON.parse(json.stdout.join("\n"))).toMatchObject({ count: 250 });
    } finally {
      await seeded.close();
    }
  });
});

describe("no secret on the terminal: one writer for stdout and stderr", () => {
  const sandbox = useSandbox();
  const secret = "colon-form-secret-value";

  it('--header "X-Token: value" is taken as curl takes it; the value is sent, never printed', async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const args = ["--base-url", sandbox.current.url, "--url", "https://colon.example.com/h", "--event-type"];
    const created = await partoo("webhooks", "create", ...args, "business_created", "--header", `X-Token: ${secret}`);
    expect(created.code).toBe(0);
    expect(created.stdout[1]).toMatch(/^\d+\s+business_created\s+https:\/\/colon\.example\.com\/h\s+X-Token\s/);
    const sent = JSON.parse(sandbox.current.requests.at(-1)?.body ?? "{}");
    expect(sent.items[0].custom_headers).toEqual({ "X-Token": secret });
    const listed = await partoo("webhooks", "list", "--json", "--base-url", sandbox.current.url);
    // An error path too: the same header with a forbidden name is refused, the value unseen.
    const refused = await partoo("webhooks", "create", ...args, "lead_received", "--header", `X-Partoo-T: ${secret}`);
    expect(refused.code).toBe(2);
    const debug = await partoo(
      "webhooks",
      "create",
      ...args,
      "lead_received",
      "--header",
      `X-Partoo-T: ${secret}`,
      "--debug",
    );
    for (const run of [created, listed, refused, debug])
      expect([...run.stdout, ...run.stderr].join("\n")).not.toContain(secret);
  });

  it("an API that echoes the key and a header value: neither reaches stdout or stderr, --json and --debug included", async () => {
    const key = "echoed-api-key-123456";
    const value = "echoed-header-value";
    // A hostile API on loopback: it answers 400 quoting everything it was sent.
    const hostile = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const echo = `key ${req.headers["x-apikey"]} body ${body}`;
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ errors: { json: { _: [echo] } } }));
      });
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    try {
      vi.stubEnv("PARTOO_API_KEY", `${key} `);
      const url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/v2`;
      const args = ["--base-url", url, "--url", "https://e.example.com/h", "--event-type", "lead_received"];
      for (const extra of [[], ["--json"], ["--debug"]]) {
        const run = await partoo("webhooks", "create", ...args, "--header", `X-Token=${value}`, ...extra);
        expect(run.code).toBe(1);
        const printed = [...run.stdout, ...run.stderr].join("\n");
        expect(printed).toContain("400 Bad Request");
        expect(printed).not.toContain(key);
        expect(printed).not.toContain(value);
      }
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });

  it("the writer redacts each registered secret, trimmed and untrimmed, however escaped", () => {
    const writer = new Output();
    writer.secret(" padded-secret ");
    expect(writer.clean("a padded-secret b \\u0070added-secret")).toBe("a[REDACTED]b [REDACTED]");
  });
});

describe("partoo sandbox", () => {
  /** Starts `partoo sandbox …args` in-process, as the bin would; `stop()` sends SIGINT. */
  async function serve(...args: string[]) {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const running = runPartoo(["sandbox", ...args]);
    await vi.waitFor(() => expect(out.mock.calls.length).toBeGreaterThan(0), { timeout: 5_000 });
    return {
      lines: () => out.mock.calls.flatMap((c) => c.join(" ").split("\n")),
      /** Stops it; resolves to every line it printed. */
      async stop() {
        process.emit("SIGINT");
        expect(await running).toBe(0);
        const lines = out.mock.calls.flatMap((c) => c.join(" ").split("\n"));
        out.mockRestore();
        return lines;
      },
    };
  }

  it("logs each request with its status and duration", async () => {
    const sandbox = await serve("--api-key", "log-key");
    const url = /at (http:\/\/\S+)$/.exec(sandbox.lines()[0] ?? "")?.[1] ?? "";
    await fetch(`${url}/webhooks?per_page=5`, { headers: { "x-APIKey": "log-key" } }).then((r) => r.arrayBuffer());
    await fetch(`${url}/webhooks/9`, { headers: { "x-APIKey": "log-key" } }).then((r) => r.arrayBuffer());
    await vi.waitFor(() => expect(sandbox.lines().at(-1)).toContain("/v2/webhooks/9"));
    const log = (await sandbox.stop()).slice(-2);
    expect(log[0]).toMatch(/^GET \/v2\/webhooks\?per_page=5 → 200 \(\d+ ms\)$/);
    expect(log[1]).toMatch(/^GET \/v2\/webhooks\/9 → 404 \(\d+ ms\)$/);
  });

  it("--json prints one line with URL, keys and public key; --key-file keeps the key across runs", async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), "partoo-sandbox-")), "dev.pem");
    const first = await serve("--json", "--key-file", keyFile, "--api-key", "json-key", "--quiet");
    const [line, ...rest] = first.lines();
    const started = JSON.parse(line ?? "");
    expect(Object.keys(started)).toEqual(["url", "apiKeys", "publicKey", "publicKeyPem", "seeded"]);
    expect(started).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v2$/),
      apiKeys: ["json-key"],
    });
    expect(rest).toEqual([]);
    await first.stop();
    const second = await serve("--json", "--key-file", keyFile);
    expect(JSON.parse(second.lines()[0] ?? "").publicKey).toBe(started.publicKey);
    await second.stop();
  });
});
