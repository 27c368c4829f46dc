/**
 * The leak hunter: every secret the client is given (the API key, fixed or rotating, and custom
 * header values), in shapes chosen by fast-check, is reflected by a hostile loopback server in
 * every form it knows (echo-server.ts), and every channel a user can see is searched for it in
 * every spelling (leak-detect.ts). A leaking (channel × spelling) pair is listed with an example.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect, promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPartooClient, type SpecViolation } from "../../src/index.js";
import { ECHO_FORMS, type EchoForm, type EchoServer, startEchoServer } from "./echo-server.js";
import { leaksIn } from "./leak-detect.js";

const run = promisify(execFile);

/** Characters that break naive redaction: JSON and pointer escapes, regex metacharacters, `+`, Latin-1. */
const NASTY = [...'abcdefXYZ0123456789/~+.*?^$()[]{}|\\-_"é§ÿ'];
const core = fc.array(fc.constantFrom(...NASTY), { minLength: 8, maxLength: 14 }).map((a) => `k${a.join("")}`);
const padded = fc
  .tuple(fc.constantFrom("", " ", "  ", "\t"), core, fc.constantFrom("", " ", "  "))
  .map(([a, b, c]) => `${a}${b}${c}`);
/** Header values under six characters: redacted by position only. Distinctive letters, so a find is a leak. */
const short = fc.array(fc.constantFrom(..."§¤ØQZ~/+"), { minLength: 2, maxLength: 4 }).map((a) => `Ø${a.join("")}`);

type Leak = { channel: string; spelling: string; form: string; secret: string };
const leaks = new Map<string, Leak>();
/** The same leaks counted by (channel × form reflected), to show which forms get through. */
const byForm = new Set<string>();
function search(channel: string, form: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const spelling of leaksIn(text, secret)) {
      const pair = `${channel} × ${spelling}`;
      if (!leaks.has(pair)) leaks.set(pair, { channel, spelling, form, secret });
      byForm.add(`${channel} × ${form}`);
    }
  }
}
const full = (value: unknown) => inspect(value, { depth: Number.POSITIVE_INFINITY });

/** What a user can see of an error: each channel named. */
function errorChannels(error: unknown): [string, string][] {
  const e = error as Error & { cause?: unknown };
  const causes: string[] = [];
  for (let c: unknown = e?.cause, n = 0; c !== undefined && n < 10; c = (c as { cause?: unknown }).cause, n++) {
    causes.push(String(c), (c as Error).stack ?? "", full(c));
  }
  return [
    ["error.message", e?.message ?? ""],
    ["String(error)", String(e)],
    ["error.stack", e?.stack ?? ""],
    ["util.inspect(error)", full(e)],
    ["JSON.stringify(error)", JSON.stringify(e) ?? ""],
    ["error.cause chain", causes.join("\n")],
  ];
}

let echo: EchoServer;
beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(() => echo.close());

const item = (value: string) => ({
  url: "https://hooks.example.com/x",
  event_type: "lead_received" as const,
  custom_headers: { "X-Token": value },
});

/** One secret shape through one form, every in-process channel searched. */
async function probe(form: EchoForm, key: string, value: string, rotating: boolean): Promise<void> {
  const secrets = [key, value];
  const base = {
    apiKey: rotating ? () => key : key,
    baseUrl: `${echo.origin}/${form}/v2`,
    maxRetries: 0,
    validateRequests: false,
  };
  if (form === "success") {
    const warned: string[] = [];
    const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      warned.push(args.map((a) => (typeof a === "string" ? a : full(a))).join(" "));
    });
    try {
      const warning = createPartooClient({ ...base, validateResponses: "warn" });
      await warning.webhooks.get(1).catch(() => {});
      await warning.webhooks.create(item(value)).catch(() => {});
    } finally {
      warn.mockRestore();
    }
    search("console.warn", form, warned.join("\n"), secrets);
    const seen: SpecViolation[] = [];
    const hooked = createPartooClient({ ...base, validateResponses: "warn", onSpecViolation: (v) => seen.push(v) });
    await hooked.webhooks.get(1).catch(() => {});
    await hooked.webhooks.create(item(value)).catch(() => {});
    const shown = seen.map(({ response: _response, ...v }) => `${JSON.stringify(v)}\n${full(v)}`).join("\n");
    search("onSpecViolation", form, shown, secrets);
    const throwing = createPartooClient({ ...base, validateResponses: "throw" });
    for (const error of [
      await throwing.webhooks.get(1).catch((e: unknown) => e),
      await throwing.webhooks.create(item(value)).catch((e: unknown) => e),
    ]) {
      for (const [channel, text] of errorChannels(error)) search(channel, form, text, secrets);
    }
    return;
  }
  const partoo = createPartooClient(base);
  // A body that is not JSON rejects (a PartooResponseError, searched below); a JSON one is `error`.
  const result = await partoo
    .GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } })
    .catch((e: unknown) => ({ error: e }));
  search("result.error", form, full(result.error), secrets);
  for (const error of [
    await partoo.webhooks.get(1).catch((e: unknown) => e),
    await partoo.webhooks.create(item(value)).catch((e: unknown) => e),
  ]) {
    for (const [channel, text] of errorChannels(error)) search(channel, form, text, secrets);
  }
}

/** Per channel, the spellings that leaked; then each pair with the form and secret that showed it first. */
function table(entries: Leak[]): string {
  const byChannel = new Map<string, string[]>();
  for (const l of entries) byChannel.set(l.channel, [...(byChannel.get(l.channel) ?? []), l.spelling]);
  return [
    ...[...byChannel].map(([channel, spellings]) => `  ${channel}: ${spellings.length} (${spellings.join(", ")})`),
    ...entries.map((l) => `    ${l.channel} × ${l.spelling}  (form ${l.form}, secret ${JSON.stringify(l.secret)})`),
  ].join("\n");
}

describe("leak hunter: the client's own channels", () => {
  it("no secret shape, reflected in any form, reaches any channel in any spelling", async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(padded, fc.oneof(short, padded), fc.boolean(), async (key, value, rotating) => {
        for (const form of ECHO_FORMS) await probe(form, key, value, rotating);
      }),
      { numRuns: 8, seed: 24 },
    );
    const found = [...leaks.values()];
    console.log(
      `leak hunter (client): ${found.length} leaking channel × spelling pairs, ${byForm.size} channel × form pairs, in ${Math.round(performance.now() - started)} ms${found.length ? `\n${table(found)}\n  by form: ${[...byForm].sort().join("; ")}` : ""}`,
    );
    expect(found.map((l) => `${l.channel} × ${l.spelling}`)).toEqual([]);
  }, 60_000);
});

/**
 * The contract suite and the CLI, run as users run them, with one nasty shape. Their printing is
 * each written through one redacting writer (contracts/reports/redacting-writer.ts, src/cli/output.ts):
 * any pair either still leaks fails the test.
 */
const KEY = "  pk/live~key+(.*)é§-0123  ";
const SHORT_VALUE = "Ø~/+";
const LONG_VALUE = " tok/en~0+[x]ÿ-value ";
const procLeaks = new Map<string, Leak>();
function searchProc(channel: string, form: string, text: string): void {
  for (const secret of [KEY, SHORT_VALUE, LONG_VALUE]) {
    for (const spelling of leaksIn(text, secret)) {
      const pair = `${channel} × ${spelling}`;
      if (!procLeaks.has(pair)) procLeaks.set(pair, { channel, spelling, form, secret });
    }
  }
}

async function node(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const result = await run(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  }).catch((e: { stdout: string; stderr: string }) => e);
  return { stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

describe("leak hunter: the contract suite and the CLI, as users run them", () => {
  let collected = false;
  const collect = async () => {
    if (collected) return;
    collected = true;
    const dir = mkdtempSync(join(tmpdir(), "partoo-leak-"));
    try {
      const cli = (form: EchoForm, ...args: string[]) =>
        node(["src/cli/main.ts", "webhooks", ...args, "--base-url", `${echo.origin}/${form}/v2`], {
          PARTOO_API_KEY: KEY,
        });
      const create = ["create", "--url", "https://hooks.example.com/x", "--event-type", "lead_received"];
      const runs: [string, EchoForm, Promise<{ stdout: string; stderr: string }>][] = [
        ["cli get", "json", cli("json", "get", "1")],
        ["cli get --debug", "header", cli("header", "get", "1", "--debug")],
        ["cli list --json", "success", cli("success", "list", "--json")],
        [
          "cli create --header",
          "echo",
          cli("echo", ...create, "--header", `X-Token: ${LONG_VALUE}`, "--header", `X-Short=${SHORT_VALUE}`),
        ],
      ];
      const contracts = node(["contracts/run.ts"], {
        PARTOO_BASE_URL: `${echo.origin}/mixed/v2`,
        PARTOO_API_KEY: KEY,
        PARTOO_CONTRACT_MAX_REQUESTS: "60",
        PARTOO_CONTRACT_TIMEOUT_MS: "5000",
        PARTOO_CONTRACT_REPORT_DIR: dir,
      });
      for (const [name, form, pending] of runs) {
        const { stdout, stderr } = await pending;
        searchProc(`${name} stdout`, form, stdout);
        searchProc(`${name} stderr`, form, stderr);
      }
      const { stdout, stderr } = await contracts;
      searchProc("contracts stdout", "mixed", stdout);
      searchProc("contracts stderr", "mixed", stderr);
      for (const file of readdirSync(dir))
        searchProc(`contracts ${file}`, "mixed", readFileSync(join(dir, file), "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const found = [...procLeaks.values()];
    console.log(
      `leak hunter (contracts, CLI): ${found.length} leaking channel × spelling pairs${found.length ? `\n${table(found)}` : ""}`,
    );
  };

  it("runs, and lists what leaks", async () => {
    await collect();
    expect(echo.answered.size).toBeGreaterThan(0);
  }, 90_000);

  // Holds since the Redactor: contracts/ calls redact()/redactDeep(), which now use it. #25 routes
  // the suite's console and reports through one writer; this test keeps it honest after that.
  it("the contract suite's console and reports leak nothing", async () => {
    await collect();
    expect([...procLeaks.keys()].filter((p) => p.startsWith("contracts"))).toEqual([]);
  }, 90_000);

  it("the CLI's stdout and stderr leak nothing, --json and error paths included", async () => {
    await collect();
    expect([...procLeaks.keys()].filter((p) => p.startsWith("cli"))).toEqual([]);
  }, 90_000);
});
