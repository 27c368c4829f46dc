import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createGzip } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooConnectionError, PartooResponseTooLargeError } from "../../src/index.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../src/internal/read-body.js";
import { endless, type Hostile, startHostile } from "./hostile.js";

const run = promisify(execFile);
const CHUNK = Buffer.alloc(64 * 1024, "a");
/**
 * A process that has read one capped answer stays far below this; an unbounded read went past
 * 1.3 GB. Instrumented for mutation testing, the same process needs ~300 MB: still far from 1.3 GB.
 */
const RSS_BOUND_MB = process.env.PARTOO_MUTATION_RUN === "1" ? 500 : 250;

/** ~256 MiB of zeros, gzip-compressed to a few hundred kB, made once (streamed, never held whole). */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (c: Buffer) => parts.push(c));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 256; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once("drain", r));
  await new Promise((r) => gzip.end(r));
  return Buffer.concat(parts);
}

let endlessServer: Hostile;
let bombServer: Hostile;
let truncatedServer: Hostile;
let bomb: Buffer;

beforeAll(async () => {
  bomb = await gzipBomb();
  endlessServer = await startHostile((_req, res, { bytesWritten }) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"items": ["');
    endless(res, CHUNK, bytesWritten);
  });
  bombServer = await startHostile((_req, res) =>
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(bomb),
  );
  truncatedServer = await startHostile((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.end('{"items": []');
    req.socket.destroy();
  });
}, 60_000);
afterAll(async () => {
  await Promise.all([endlessServer.close(), bombServer.close(), truncatedServer.close()]);
});

async function inChildProcess(baseUrl: string, who: "client" | "caller") {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "test/security/fixtures/client-once.ts", baseUrl, who],
    {
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { name: string; message: string; maxRssMb: number };
}

describe("a body without end stops at the cap, the socket released", () => {
  it("endless chunked 200: PartooResponseTooLargeError, peak RSS bounded, sending stopped", async () => {
    endlessServer.bytesWritten.count = 0;
    const outcome = await inChildProcess(`${endlessServer.origin}/v2`, "client");
    expect(outcome.name).toBe("PartooResponseTooLargeError");
    expect(outcome.message).toContain(`${DEFAULT_MAX_RESPONSE_BYTES} bytes`);
    expect(outcome.maxRssMb).toBeLessThan(RSS_BOUND_MB);
    // The server could write only the cap plus what the socket buffers held when we hung up.
    await new Promise((r) => setTimeout(r, 200));
    const written = endlessServer.bytesWritten.count;
    await new Promise((r) => setTimeout(r, 300));
    expect(endlessServer.bytesWritten.count).toBe(written);
    expect(written).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES + 16 * 1024 * 1024);
  });

  it("a gzip bomb is capped on the decoded bytes", async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const outcome = await inChildProcess(`${bombServer.origin}/v2`, "client");
    expect(outcome.name).toBe("PartooResponseTooLargeError");
    expect(outcome.maxRssMb).toBeLessThan(RSS_BOUND_MB);
  });

  it("the contract suite's caller stops at the same cap", async () => {
    const endlessOutcome = await inChildProcess(`${endlessServer.origin}/v2`, "caller");
    expect(endlessOutcome.name).toBe("CallFailed");
    expect(endlessOutcome.message).toContain("exceeds");
    expect(endlessOutcome.maxRssMb).toBeLessThan(RSS_BOUND_MB);
    const bombOutcome = await inChildProcess(`${bombServer.origin}/v2`, "caller");
    expect(bombOutcome.name).toBe("CallFailed");
    expect(bombOutcome.maxRssMb).toBeLessThan(RSS_BOUND_MB);
  });

  it("maxResponseBytes is the user's to set, and a declared Content-Length over it reads nothing", async () => {
    const big = await startHostile((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items: "x".repeat(5000) })),
    );
    try {
      const partoo = createPartooClient({ apiKey: "k-123456", baseUrl: `${big.origin}/v2`, maxResponseBytes: 1000 });
      const error = await partoo.GET("/webhooks").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartooResponseTooLargeError);
      expect((error as PartooResponseTooLargeError).snippet).toBe("");
      const ok = createPartooClient({ apiKey: "k-123456", baseUrl: `${big.origin}/v2`, maxResponseBytes: 6000 });
      expect((await ok.GET("/webhooks")).data).toBeDefined();
    } finally {
      await big.close();
    }
  });
});

describe("a body cut short", () => {
  it("is a PartooConnectionError saying so, not a bare TypeError", async () => {
    const partoo = createPartooClient({ apiKey: "k-123456", baseUrl: `${truncatedServer.origin}/v2`, maxRetries: 0 });
    const error = await partoo.GET("/webhooks").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooConnectionError);
    expect((error as Error).message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/v2\/webhooks failed after 1 attempt\(s\): connection closed after 12 bytes/,
    );
  });

  it("is retried for a GET, like any network failure", async () => {
    truncatedServer.seen.length = 0;
    const partoo = createPartooClient({
      apiKey: "k-123456",
      baseUrl: `${truncatedServer.origin}/v2`,
      maxRetries: 2,
      retry: { baseDelayMs: 1 },
    });
    await expect(partoo.GET("/webhooks")).rejects.toBeInstanceOf(PartooConnectionError);
    expect(truncatedServer.seen).toHaveLength(3);
  });
});
