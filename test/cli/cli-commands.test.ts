/**
 * The CLI's commands run in-process, against a real sandbox and a real receiver on loopback:
 * what each prints, which mistakes are refused with which line, and which exit code each ends in.
 * (test/cli.test.ts runs the bin itself as a child process; this file pins the details.)
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommandFailed, explained, integerFlag, UsageError } from "../../src/cli/args.js";
import { HELP, reportFailure, runPartoo } from "../../src/cli/dispatch.js";
import { SANDBOX_HELP, sandboxCommand } from "../../src/cli/sandbox-command.js";
import { TRIGGER_HELP, triggerCommand } from "../../src/cli/trigger-command.js";
import { WEBHOOKS_HELP, webhooksCommand } from "../../src/cli/webhooks-command.js";
import { freeLoopbackPort, ORG1_KEY, useReceiver, useSandbox } from "../helpers.js";

/** Everything the command printed with console.log, as one string. */
function captureLog(): { text: () => string } {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  return { text: () => log.mock.calls.map((c) => c.join(" ")).join("\n") };
}
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("args: flags and parse errors", () => {
  it("integerFlag accepts whole numbers at both bounds and refuses the rest, naming the flag and the value", () => {
    expect(integerFlag("c", "n", undefined, 1, 5)).toBeUndefined();
    expect(integerFlag("c", "n", "1", 1, 5)).toBe(1);
    expect(integerFlag("c", "n", "5", 1, 5)).toBe(5);
    for (const bad of ["0", "6", "-1", "1.5", "abc", "", " 2", "2 ", "0x2", "1e0"]) {
      expect(() => integerFlag("c", "n", bad, 1, 5)).toThrow(
        new UsageError(`c: --n must be a whole number from 1 to 5, got ${JSON.stringify(bad)}`),
      );
    }
  });

  it("explained keeps the first line of a parse error, drops node's positional hint, and points to --help", () => {
    const error = new Error(
      "Unknown option '--x'. To specify a positional argument starting with a '-', place it at the end\nmore",
    );
    expect(() =>
      explained("cmd", () => {
        throw error;
      }),
    ).toThrow(new UsageError("cmd: Unknown option '--x' (see cmd --help)"));
    expect(() =>
      explained("cmd", () => {
        throw new Error("first\nsecond");
      }),
    ).toThrow(new UsageError("cmd: first (see cmd --help)"));
    expect(explained("cmd", () => 42)).toBe(42);
  });
});

describe("partoo: dispatch and failures", () => {
  it("prints the usage: exit 0 when asked for, 2 when no command was given", async () => {
    for (const ask of [["--help"], ["-h"], ["help"], ["--debug", "--help"]]) {
      const out = captureLog();
      expect(await runPartoo(ask)).toBe(0);
      expect(out.text()).toBe(HELP);
      vi.restoreAllMocks();
    }
    const out = captureLog();
    expect(await runPartoo([])).toBe(2);
    expect(out.text()).toBe(HELP);
  });

  it("runs the named command with the rest of the arguments, --debug left out", async () => {
    for (const [name, help] of [
      ["sandbox", SANDBOX_HELP],
      ["trigger", TRIGGER_HELP],
      ["webhooks", WEBHOOKS_HELP],
    ] as const) {
      const out = captureLog();
      expect(await runPartoo([name, "--debug", "--help"])).toBe(0);
      expect(out.text()).toBe(help);
      vi.restoreAllMocks();
    }
  });

  it("refuses an unknown command, an inherited property name included, listing the real ones", async () => {
    for (const name of ["nope", "__proto__", "toString"]) {
      await expect(runPartoo([name])).rejects.toThrow(
        new UsageError(`partoo: unknown command ${JSON.stringify(name)}: one of contracts, sandbox, trigger, webhooks`),
      );
    }
    await expect(runPartoo(["constructor"])).rejects.toThrow(
      new UsageError('partoo: unknown command "constructor" (did you mean "contracts"?)'),
    );
  });

  it("its two error classes name themselves", () => {
    expect([new UsageError("x").name, new CommandFailed("x").name]).toEqual(["UsageError", "CommandFailed"]);
  });

  it("reportFailure: the message alone and 2 for a usage error, 1 for a failed command, one line and 2 for anything else", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(reportFailure(new UsageError("bad flag"), false)).toBe(2);
    expect(reportFailure(new CommandFailed("the API said no"), false)).toBe(1);
    expect(reportFailure(new Error("boom\n    at somewhere"), false)).toBe(2);
    expect(err.mock.calls.map((c) => c[0])).toEqual([
      "bad flag",
      "the API said no",
      "partoo: boom (run with --debug for details)",
    ]);
    const failed = new CommandFailed("x");
    expect(reportFailure(failed, true)).toBe(1);
    // Under --debug the whole error, stack included, still goes through the redacting writer.
    expect(err.mock.calls.at(-1)?.[0]).toMatch(/^CommandFailed: x\n {4}at /);
  });
});

describe("partoo webhooks, in-process against the sandbox", () => {
  const sandbox = useSandbox();
  const webhooks = (...args: string[]) => webhooksCommand([...args, "--base-url", sandbox.current.url]);

  it("needs a subcommand, knows only list, get, create and tryout, and refuses extra arguments", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    await expect(webhooks()).rejects.toThrow(
      new UsageError(
        "partoo webhooks: which subcommand? One of list, get, create, tryout (see partoo webhooks --help)",
      ),
    );
    await expect(webhooks("delete")).rejects.toThrow(
      new UsageError('partoo webhooks: unknown subcommand "delete": one of list, get, create, tryout'),
    );
    await expect(webhooks("lst")).rejects.toThrow(
      new UsageError('partoo webhooks: unknown subcommand "lst" (did you mean "list"?)'),
    );
    await expect(webhooks("list", "3")).rejects.toThrow(
      new UsageError('partoo webhooks list: unexpected argument "3"'),
    );
    await expect(webhooks("get", "3", "4")).rejects.toThrow(
      new UsageError('partoo webhooks get: unexpected argument "4"'),
    );
    await expect(webhooks("get")).rejects.toThrow(
      new UsageError("partoo webhooks get: which <id>? e.g. partoo webhooks get 12"),
    );
    await expect(webhooks("get", "0")).rejects.toThrow(
      new UsageError('partoo webhooks get: <id> must be a whole number from 1 to 9007199254740991, got "0"'),
    );
  });

  it("needs PARTOO_API_KEY, a known --env and a whole --org-id, before any request", async () => {
    vi.stubEnv("PARTOO_API_KEY", "");
    await expect(webhooks("list")).rejects.toThrow(
      new UsageError("partoo webhooks: set PARTOO_API_KEY to your Partoo API key"),
    );
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    await expect(webhooksCommand(["list", "--env", "staging"])).rejects.toThrow(
      new UsageError('partoo webhooks: --env must be production or sandbox, got "staging"'),
    );
    await expect(webhooks("list", "--org-id", "0")).rejects.toThrow(/--org-id must be a whole number from 1/);
    await expect(webhooksCommand(["list", "--base-url", "ftp://x"])).rejects.toThrow(
      new UsageError("partoo webhooks: baseUrl must be http: or https:, got ftp:"),
    );
    const before = sandbox.current.requests.length;
    await expect(webhooks("list", "--page", "0")).rejects.toThrow(/--page must be a whole number from 1/);
    await expect(webhooks("list", "--per-page", "x")).rejects.toThrow(/--per-page must be a whole number from 1/);
    expect(sandbox.current.requests.length).toBe(before);
  });

  it("--org-id goes to the API as org_id, for PROVIDER keys", async () => {
    vi.stubEnv("PARTOO_API_KEY", "sandbox-provider");
    captureLog();
    expect(await webhooks("list", "--org-id", "2")).toBe(0);
    expect(sandbox.current.requests.at(-1)?.query.get("org_id")).toBe("2");
    expect(await webhooks("list")).toBe(0);
    expect(sandbox.current.requests.at(-1)?.query.has("org_id")).toBe(false);
  });

  it("refuses an unknown flag, naming it", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    await expect(webhooks("list", "--bogus")).rejects.toThrow(
      /^partoo webhooks list: Unknown option '--bogus' \(see partoo webhooks list --help\)$/,
    );
    await expect(triggerCommand(["lead_received", "--bogus"])).rejects.toThrow(
      /^partoo trigger: Unknown option '--bogus'/,
    );
  });

  it("create prints a table with header names, never their values; a value may hold '='", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const out = captureLog();
    const url = `https://cli.example.com/${Date.now()}`;
    const args = ["create", "--url", url, "--event-type", "lead_received"];
    expect(await webhooks(...args, "--header", "X-Token=a=b-secret", "--header", "X-Other=v2")).toBe(0);
    const [head, line, ...rest] = out.text().split("\n");
    expect(rest).toEqual(["1 webhook created"]);
    expect(head).toMatch(/^id {2}event_type {5}url {2,}headers {2,}created_at$/);
    expect(line).toContain(`lead_received  ${url}  X-Token, X-Other  `);
    expect(out.text()).not.toContain("secret");
    // Columns line up: each header starts where its cells start.
    expect(line?.indexOf(url)).toBe(head?.indexOf("url"));
    expect(line?.indexOf("X-Token")).toBe(head?.indexOf("headers"));
    const sent = JSON.parse(sandbox.current.requests.at(-1)?.body ?? "{}");
    expect(sent.items[0].custom_headers).toEqual({ "X-Token": "a=b-secret", "X-Other": "v2" });
  });

  it("create without headers sends none, and needs --url and --event-type", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    captureLog();
    const url = `https://cli.example.com/plain/${Date.now()}`;
    expect(await webhooks("create", "--url", url, "--event-type", "business_created")).toBe(0);
    expect(JSON.parse(sandbox.current.requests.at(-1)?.body ?? "{}").items[0]).toEqual({
      url,
      event_type: "business_created",
    });
    const need = "partoo webhooks create: --url and --event-type are required";
    await expect(webhooks("create", "--url", url)).rejects.toThrow(new UsageError(need));
    await expect(webhooks("create", "--event-type", "lead_received")).rejects.toThrow(new UsageError(need));
  });

  it("a --header without a separator is refused, showing a header name only, never a value", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const base = ["create", "--url", "https://cli.example.com/h", "--event-type", "lead_received"];
    await expect(webhooks(...base, "--header", "X-Only")).rejects.toThrow(
      new UsageError('partoo webhooks create: --header takes "NAME: VALUE" or NAME=VALUE (got "X-Only")'),
    );
    await expect(webhooks(...base, "--header", "just-a-secret-value")).rejects.toThrow(
      new UsageError('partoo webhooks create: --header takes "NAME: VALUE" or NAME=VALUE'),
    );
    await expect(webhooks(...base, "--header", "=the-value")).rejects.toThrow(
      new UsageError('partoo webhooks create: --header has no name before its "="'),
    );
  });

  it("a request the spec refuses is a usage error on one line; an API refusal is a failed command", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    const refused = webhooks(
      "create",
      "--url",
      "https://cli.example.com/r",
      "--event-type",
      "lead_received",
      "--header",
      "X-Partoo-A=v",
    );
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      new UsageError(
        'partoo webhooks create: Invalid request for POST /webhooks (1 problem), not sent:\n  - /items/0/custom_headers: header name "X-Partoo-A" must not start with X-Partoo (any case): the prefix is Partoo\'s own [pattern]',
      ),
    );
    const missing = webhooks("get", "999999");
    await expect(missing).rejects.toBeInstanceOf(CommandFailed);
    await expect(missing).rejects.toThrow(new CommandFailed("partoo webhooks get: 404 Not Found: Resource not found"));
  });

  it("list prints the rows and a page line, passes --page and --per-page, and --json prints the page", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    let out = captureLog();
    expect(await webhooks("list", "--page", "1", "--per-page", "1")).toBe(0);
    const query = sandbox.current.requests.at(-1)?.query;
    expect([query?.get("page"), query?.get("per_page")]).toEqual(["1", "1"]);
    const lines = out.text().split("\n");
    expect(lines).toHaveLength(3);
    const [, maxPage, count] = /^page 1 of (\d+), (\d+) webhooks$/.exec(lines[2] ?? "") ?? [];
    // One per page: as many pages as webhooks, and the sandbox holds the ones created above.
    expect(Number(count)).toBeGreaterThanOrEqual(2);
    expect(maxPage).toBe(count);
    vi.restoreAllMocks();
    out = captureLog();
    expect(await webhooks("list", "--json")).toBe(0);
    const page = JSON.parse(out.text());
    expect(page).toMatchObject({ page: 1, count: expect.any(Number) });
    expect(out.text()).toBe(JSON.stringify(page, null, 2));
    // The webhook created above with X-Token: its name is shown, its value is not.
    expect(out.text()).not.toContain("secret");
    const withHeaders = page.items.find((w: { custom_headers?: object }) => w.custom_headers);
    expect(withHeaders.custom_headers).toEqual({ "X-Token": "[REDACTED]", "X-Other": "[REDACTED]" });
  });

  it("list of an organization without webhooks says (none)", async () => {
    const empty = await import("../../src/testing.js").then((t) => t.startSandbox({ apiKeys: ["lonely"] }));
    try {
      vi.stubEnv("PARTOO_API_KEY", "lonely");
      const out = captureLog();
      expect(await webhooksCommand(["list", "--base-url", empty.url])).toBe(0);
      expect(out.text()).toMatch(/^\(none\)\npage 1 of \d+, 0 webhooks$/);
    } finally {
      await empty.close();
    }
  });

  it("get prints one row; tryout prints event type, url and the receiver's status", async () => {
    vi.stubEnv("PARTOO_API_KEY", ORG1_KEY);
    let out = captureLog();
    expect(await webhooks("get", "1")).toBe(0);
    const [head, line] = out.text().split("\n");
    expect(head).toMatch(/^id\s+event_type\s+url\s+headers\s+created_at$/);
    expect(line).toMatch(/^1\s+lead_received\s+https:\/\//);
    vi.restoreAllMocks();
    out = captureLog();
    const failed = new CommandFailed(
      'partoo webhooks tryout: the tryout failed: https://127.0.0.1:9/nowhere did not acknowledge the delivery with a 200 (status "error")',
    );
    await expect(
      webhooks("tryout", "--url", "https://127.0.0.1:9/nowhere", "--event-type", "lead_received", "--json"),
    ).rejects.toThrow(failed);
    expect(JSON.parse(out.text()).items[0]).toMatchObject({
      event_type: "lead_received",
      url: "https://127.0.0.1:9/nowhere",
    });
    vi.restoreAllMocks();
    out = captureLog();
    await expect(
      webhooks("tryout", "--url", "https://127.0.0.1:9/nowhere", "--event-type", "lead_received"),
    ).rejects.toThrow(failed);
    expect(out.text()).toMatch(/^event_type\s+url\s+status\nlead_received\s+https:\/\/127\.0\.0\.1:9\/nowhere\s+\S+$/);
  });
});

describe("partoo trigger, in-process against a receiver", () => {
  const receiver = useReceiver();
  const tryoutMark = () => receiver.received.at(-1)?.headers["x-partoo-webhook-tryout"];

  it("refuses a missing, unknown or extra event type and a missing --url, listing the event types", async () => {
    await expect(triggerCommand([])).rejects.toThrow(/^partoo trigger: which event type\? One of lead_received, /);
    await expect(triggerCommand(["lead_received", "extra", "--url", receiver.url])).rejects.toThrow(
      new UsageError('partoo trigger: unexpected argument "extra"'),
    );
    await expect(triggerCommand(["nope", "--url", receiver.url])).rejects.toThrow(
      /^partoo trigger: unknown event type "nope": one of lead_received, /,
    );
    await expect(triggerCommand(["lead_received"])).rejects.toThrow(
      new UsageError("partoo trigger: --url is required (your receiver, e.g. http://127.0.0.1:3000/hook)"),
    );
    await expect(triggerCommand(["lead_received", "--url", "ftp://x/"])).rejects.toThrow(
      new UsageError("partoo trigger: url must be http: or https:, got ftp:"),
    );
    expect(receiver.received).toEqual([]);
  });

  it("delivers and prints the status and the public key; --tryout marks it", async () => {
    receiver.status = 200;
    const out = captureLog();
    expect(await triggerCommand(["lead_received", "--url", receiver.url, "--tryout"])).toBe(0);
    expect(out.text().endsWith("-----END PUBLIC KEY-----")).toBe(true);
    const [first, keyLine] = out.text().split("\n");
    expect(first).toBe(`lead_received → ${receiver.url}: 200`);
    expect(keyLine).toMatch(/^Verify with this public key \(SPKI, base64\): [A-Za-z0-9+/=]{40,}$/);
    expect(out.text()).toContain("-----BEGIN PUBLIC KEY-----");
    expect(tryoutMark()).toBe("true");
    expect(JSON.parse(receiver.received.at(-1)?.body ?? "{}")).toBeTypeOf("object");
    vi.restoreAllMocks();
    captureLog();
    expect(await triggerCommand(["lead_received", "--url", receiver.url])).toBe(0);
    expect(tryoutMark()).toBeUndefined();
  });

  it("a receiver answering non-2xx or unreachable fails the command (exit 1), --json printing the result first", async () => {
    receiver.status = 500;
    let out = captureLog();
    const refused = triggerCommand(["lead_received", "--url", receiver.url, "--json"]);
    await expect(refused).rejects.toThrow(new CommandFailed("the receiver answered 500"));
    const printed = JSON.parse(out.text());
    expect(printed).toEqual({
      eventType: "lead_received",
      url: receiver.url,
      status: 500,
      publicKey: expect.any(String),
    });
    receiver.status = 299;
    vi.restoreAllMocks();
    captureLog();
    expect(await triggerCommand(["lead_received", "--url", receiver.url])).toBe(0);
    receiver.status = 300;
    await expect(triggerCommand(["lead_received", "--url", receiver.url])).rejects.toThrow(
      new CommandFailed("the receiver answered 300"),
    );
    vi.restoreAllMocks();
    out = captureLog();
    await expect(triggerCommand(["lead_received", "--url", "http://127.0.0.1:9/none"])).rejects.toThrow(
      new CommandFailed("the receiver could not be reached"),
    );
    expect(out.text().split("\n")[0]).toBe("lead_received → http://127.0.0.1:9/none: not delivered (unreachable)");
    receiver.status = 200;
  });

  it("--key-file creates an owner-only key once and signs with it on every run; an unusable path is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "partoo-trigger-"));
    const keyFile = join(dir, "dev.pem");
    const keyOf = async () => {
      vi.restoreAllMocks();
      const out = captureLog();
      await triggerCommand(["lead_received", "--url", receiver.url, "--key-file", keyFile, "--json"]);
      return JSON.parse(out.text()).publicKey as string;
    };
    const first = await keyOf();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await keyOf()).toBe(first);
    const other = join(dir, "other.pem");
    writeFileSync(other, "not a key");
    await expect(
      triggerCommand(["lead_received", "--url", receiver.url, "--key-file", join(dir, "missing-dir", "k.pem")]),
    ).rejects.toThrow(/^partoo trigger: --key-file .*k\.pem: ENOENT/);
    await expect(triggerCommand(["lead_received", "--url", receiver.url, "--key-file", other])).rejects.toBeInstanceOf(
      UsageError,
    );
  });
});

/** The command's exit code, or "still running" after 3 s: a hang fails the test rather than the run. */
const settledWithin = (running: Promise<number>) =>
  Promise.race([
    running,
    new Promise((resolve) => setTimeout(resolve, 3_000, "still running")).then(() => "still running"),
  ]);

describe("partoo sandbox, in-process", () => {
  it("serves until SIGINT, printing its URL, keys, seed and signing key, and logging each request unless --quiet", async () => {
    const out = captureLog();
    const running = sandboxCommand(["--api-key", "k-one", "--api-key", "k-two", "--seed", "2", "--latency", "0"]);
    await vi.waitFor(() => expect(out.text()).toContain("END PUBLIC KEY"), { timeout: 5_000 });
    const url = /^Partoo sandbox \(embedded\) at (http:\/\/127\.0\.0\.1:\d+\/v2)$/m.exec(out.text())?.[1] ?? "";
    expect(url).not.toBe("");
    expect(out.text()).toContain("  x-APIKey: k-one\n  x-APIKey: k-two\n  2 webhooks seeded in the first organization");
    const page = await fetch(`${url}/webhooks?per_page=5`, { headers: { "x-APIKey": "k-one" } });
    expect(((await page.json()) as { count: number }).count).toBe(2);
    await vi.waitFor(() => expect(out.text()).toMatch(/^GET \/v2\/webhooks\?per_page=5 → 200 \(\d+ ms\)$/m));
    await fetch(`${url}/webhooks`, { headers: { "x-APIKey": "k-one" } }).then((r) => r.arrayBuffer());
    await vi.waitFor(() => expect(out.text()).toMatch(/^GET \/v2\/webhooks → 200 \(\d+ ms\)$/m));
    process.emit("SIGINT");
    expect(await settledWithin(running)).toBe(0);
    await expect(fetch(`${url}/webhooks`)).rejects.toThrow();
  });

  it("--quiet logs no request, no seed line without --seed; SIGTERM stops it too", async () => {
    const out = captureLog();
    const running = sandboxCommand(["--quiet", "--port", "0", "--host", "127.0.0.1"]);
    await vi.waitFor(() => expect(out.text()).toContain("END PUBLIC KEY"), { timeout: 5_000 });
    const url = /at (\S+)$/m.exec(out.text())?.[1] ?? "";
    const printed = out.text();
    await fetch(`${url}/webhooks`).then((r) => r.arrayBuffer());
    expect(out.text()).toBe(printed);
    expect(printed).not.toContain("seeded");
    expect(printed.match(/x-APIKey: /g)?.length).toBe(3);
    process.emit("SIGTERM");
    expect(await settledWithin(running)).toBe(0);
  });

  it("listens on --port and --host, and delays each answer by --latency", async () => {
    const free = await freeLoopbackPort();
    const out = captureLog();
    const running = sandboxCommand(["--port", String(free), "--host", "127.0.0.1", "--latency", "150", "--quiet"]);
    await vi.waitFor(() => expect(out.text()).toContain("END PUBLIC KEY"), { timeout: 5_000 });
    expect(out.text()).toContain(`Partoo sandbox (embedded) at http://127.0.0.1:${free}/v2\n`);
    expect(out.text().endsWith("-----END PUBLIC KEY-----")).toBe(true);
    const started = Date.now();
    await fetch(`http://127.0.0.1:${free}/v2/webhooks`).then((r) => r.arrayBuffer());
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    process.emit("SIGINT");
    expect(await settledWithin(running)).toBe(0);
  });

  it("refuses a stray argument and an unknown flag", async () => {
    await expect(sandboxCommand(["extra"])).rejects.toThrow(/^partoo sandbox: Unexpected argument 'extra'/);
    await expect(sandboxCommand(["--bogus"])).rejects.toThrow(/^partoo sandbox: Unknown option '--bogus'/);
  });

  it("refuses bad flags and an address it cannot listen on, as one usage line", async () => {
    await expect(sandboxCommand(["--latency", "60001"])).rejects.toThrow(
      new UsageError('partoo sandbox: --latency must be a whole number from 0 to 60000, got "60001"'),
    );
    await expect(sandboxCommand(["--seed", "100001"])).rejects.toThrow(
      new UsageError('partoo sandbox: --seed must be a whole number from 0 to 100000, got "100001"'),
    );
    await expect(sandboxCommand(["--port", "65536"])).rejects.toThrow(/--port must be a whole number from 0 to 65535/);
    await expect(sandboxCommand(["--host", "203.0.113.1", "--quiet"])).rejects.toThrow(
      /^partoo sandbox: cannot listen on 203\.0\.113\.1:0: /,
    );
    const out = captureLog();
    expect(await sandboxCommand(["-h"])).toBe(0);
    expect(out.text()).toBe(SANDBOX_HELP);
  });
});
