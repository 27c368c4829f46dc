/**
 * The HTML report as a person sees it: the suite is run against a deviating server on loopback,
 * and its report.html is opened in a real headless Chromium (Debian's, pinned, unpacked on first use
 * into .cache/browser by scripts/browser/chromium.ts) with every host name resolving nowhere. The rendered DOM must show
 * the verdict and each distinct failing finding the console listed; a screenshot is kept under
 * reports/ for a person to look at.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureChromium, HEADLESS_FLAGS } from "../../scripts/browser/chromium.js";

const run = promisify(execFile);
const KEY = "html-report-secret-key-81c2";
const SCREENSHOT = resolve("reports/contracts-html-report.png");
let server: Server;
let dir: string;
let chromium: string;
let console_: string;

beforeAll(async () => {
  chromium = await ensureChromium();
  // Ids as strings, the key echoed in the body, and one page too many: three kinds of finding.
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ items: [{ id: "7", note: `echo ${KEY}` }], page: 1, max_page: 1, count: 1 }));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  dir = mkdtempSync(join(tmpdir(), "partoo-html-"));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  const result = await run("node_modules/.bin/tsx", ["contracts/run.ts"], {
    env: { PATH: process.env.PATH ?? "", PARTOO_BASE_URL: url, PARTOO_API_KEY: KEY, PARTOO_CONTRACT_REPORT_DIR: dir },
  }).catch((error: { code: number; stdout: string }) => error);
  expect(result).toMatchObject({ code: 1 });
  console_ = result.stdout;
}, 600_000);

afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const browse = async (...args: string[]) =>
  (
    await run(chromium, [...HEADLESS_FLAGS, ...args, `file://${join(dir, "report.html")}`], {
      timeout: 60_000,
      maxBuffer: 32 * 1024 * 1024,
    })
  ).stdout;

/** The text content of a DOM, tags gone and entities decoded (enough for what the report holds). */
const textOf = (dom: string) =>
  dom
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");

describe("report.html in a real browser", () => {
  it("is one offline file: no script, and nothing loaded from anywhere", () => {
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toContain(KEY);
  });

  it("renders the verdict and every distinct failing finding the console listed", async () => {
    const dom = await browse("--dump-dom", "--virtual-time-budget=2000");
    const text = textOf(dom);
    expect(dom).toMatch(/<p class="verdict deviations" id="verdict">deviations found \(exit 1\)<\/p>/);
    const failing = [...console_.matchAll(/^FAIL (.+)$/gm)].map((m) => m[1] ?? "");
    expect(failing.length).toBeGreaterThan(2);
    expect(failing).toContain("response_schema_conformance · type at /items/0/id: must be integer");
    for (const [i, finding] of failing.entries()) expect(text).toContain(`${i + 1}. ${finding}`);
    expect(dom.match(/<section class="finding" /g)).toHaveLength(failing.length);
    // Each with its request, the answer's start (the echoed key scrubbed) and a replay line.
    expect(text).toContain("Request GET http://127.0.0.1:");
    expect(text).toContain("echo [REDACTED]");
    expect(text).toMatch(
      /curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/v2\/webhooks[^']*' -H 'accept: application\/json' -H "x-APIKey: \$PARTOO_API_KEY"/,
    );
    expect(dom).not.toContain(KEY);
  }, 120_000);

  it("takes a screenshot showing the report (reports/contracts-html-report.png)", async () => {
    mkdirSync(resolve("reports"), { recursive: true });
    rmSync(SCREENSHOT, { force: true });
    await browse(`--screenshot=${SCREENSHOT}`, "--window-size=1280,1600", "--hide-scrollbars");
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 1600]);
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000); // a blank page compresses to a few KB
  }, 120_000);
});
