import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDED_BODIES, type Sandbox, startSandbox } from "../../src/testing/server.js";
import { DEFAULT_USERS } from "../../src/testing/state.js";
import { PartooEventError, parsePartooEvent } from "../../src/webhooks.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";

const KEY = DEFAULT_USERS[0]?.apiKey ?? "";
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe("the sandbox answers an oversized body with 413, not a reset, and forgets old bodies", () => {
  it("a 10 MB body with a Content-Length: 413 before reading it", async () => {
    const response = await fetch(`${sandbox.url}/webhooks`, {
      method: "POST",
      headers: { "x-APIKey": KEY, "content-type": "application/json" },
      body: "x".repeat(10 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: { _body: ["body exceeds 1048576 bytes"] } });
  });

  it("a chunked body that grows past the cap: 413 as well", async () => {
    const chunk = new Uint8Array(256 * 1024).fill(120);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${sandbox.url}/webhooks`, {
      method: "POST",
      headers: { "x-APIKey": KEY, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it(`keeps the bodies of the last ${RECORDED_BODIES} requests only, and still counts every request`, async () => {
    const before = sandbox.requests.length;
    for (let i = 0; i < RECORDED_BODIES + 20; i++) {
      await fetch(`${sandbox.url}/webhooks/tryout`, {
        method: "POST",
        headers: { "x-APIKey": KEY, "content-type": "application/json" },
        body: JSON.stringify({ items: [] }),
      });
    }
    expect(sandbox.requests.length - before).toBe(RECORDED_BODIES + 20);
    const withBody = sandbox.requests.filter((r) => r.body !== "").length;
    expect(withBody).toBeLessThanOrEqual(RECORDED_BODIES);
    expect(sandbox.requests.at(-1)?.body).toBe('{"items":[]}');
  });
});

describe("the webhook receiver gives a dripped body a deadline", () => {
  it("Node adapter: a byte every 100 ms is refused at readTimeoutMs, and the connection closed", async () => {
    const outcomes: unknown[] = [];
    const server = createServer(async (req, res) => {
      try {
        await parsePartooEventFromNode(req, { verify: false, readTimeoutMs: 300 });
        res.writeHead(200).end();
      } catch (error) {
        outcomes.push(error);
        if (!res.destroyed) res.writeHead(400).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => {});
    const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(performance.now())));
    const started = performance.now();
    socket.write("POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
    const drip = setInterval(() => socket.writable && socket.write("{"), 100);
    const closedAt = await closed;
    clearInterval(drip);
    server.close();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toBeInstanceOf(PartooEventError);
    expect((outcomes[0] as Error).message).toBe("body not received within 300 ms");
    expect(closedAt - started).toBeLessThan(1500);
  });

  it("Fetch adapter: the same deadline on a Request whose body never finishes", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{"));
      },
    });
    const request = new Request("http://127.0.0.1/hook", { method: "POST", body, duplex: "half" } as RequestInit);
    const started = performance.now();
    const error = await parsePartooEvent(request, { verify: false, readTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooEventError);
    expect((error as Error).message).toBe("body not received within 200 ms");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
