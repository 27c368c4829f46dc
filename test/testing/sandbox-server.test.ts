/**
 * startSandbox's server around the imitation: the seed, the request log, latency, a body that
 * stalls, an error thrown while serving, why it cannot listen, and close() freeing its sockets.
 */
import { type AddressInfo, connect, createServer as createNetServer } from "node:net";
import { describe, expect, it } from "vitest";
import { RECORDED_BODIES, startSandbox } from "../../src/testing/server.js";

describe("startSandbox", () => {
  it("seeds the first user's first organization with numbered sample webhooks", async () => {
    const sandbox = await startSandbox({ users: [{ apiKey: "p", role: "PROVIDER", orgIds: [5, 6] }], seed: 2 });
    try {
      expect(sandbox.store.list([5]).map((w) => [w.org_id, w.event_type, w.url, w.custom_headers])).toEqual([
        [5, "lead_received", "https://hooks.example.com/seeded", { "X-Seq": "0" }],
        [5, "lead_received", "https://hooks.example.com/seeded", { "X-Seq": "1" }],
      ]);
      expect(sandbox.store.size).toBe(2);
    } finally {
      await sandbox.close();
    }
    const none = await startSandbox({ users: [], seed: 3 });
    expect(none.store.size).toBe(0);
    await none.close();
  });

  it("gives each of its apiKeys an organization of its own, in order", async () => {
    const sandbox = await startSandbox({ apiKeys: ["a", "b"], seed: 1 });
    try {
      const count = async (key: string) =>
        ((await (await fetch(`${sandbox.url}/webhooks`, { headers: { "x-APIKey": key } })).json()) as { count: number })
          .count;
      expect([await count("a"), await count("b")]).toEqual([1, 0]);
    } finally {
      await sandbox.close();
    }
  });

  it("logs each request, with its query, to onRequest and to requests; outside /v2 nothing is served", async () => {
    const seen: unknown[] = [];
    const sandbox = await startSandbox({ apiKeys: ["a"], onRequest: (r) => seen.push(r) });
    try {
      await fetch(`${sandbox.url}/webhooks?page=2`, { headers: { "x-APIKey": "a" } });
      const outside = await fetch(sandbox.url.replace(/\/v2$/, "/webhooks"), { headers: { "x-APIKey": "a" } });
      expect(outside.status).toBe(404);
      expect(seen).toEqual([
        { method: "GET", path: "/v2/webhooks", query: "page=2" },
        { method: "GET", path: "/webhooks", query: "" },
      ]);
      expect(sandbox.requests.map((r) => [r.method, r.path, r.query.get("page")])).toEqual([
        ["GET", "/v2/webhooks", "2"],
        ["GET", "/webhooks", null],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it(`forgets the body of the request ${RECORDED_BODIES} before the newest, not the one after it`, async () => {
    const sandbox = await startSandbox({ apiKeys: ["a"] });
    try {
      for (let i = 0; i <= RECORDED_BODIES; i++) {
        await fetch(`${sandbox.url}/webhooks/tryout`, {
          method: "POST",
          body: `{"n":${i}}`,
          headers: { "x-APIKey": "a" },
        });
      }
      expect(sandbox.requests[0]?.body).toBe("");
      expect(sandbox.requests[1]?.body).toBe('{"n":1}');
    } finally {
      await sandbox.close();
    }
  });

  it("adds latencyMs to every request", async () => {
    const sandbox = await startSandbox({ apiKeys: ["a"], latencyMs: 120 });
    try {
      const started = Date.now();
      await fetch(`${sandbox.url}/webhooks`, { headers: { "x-APIKey": "a" } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      await sandbox.close();
    }
  });

  it("an error while serving is a 500 saying so, and the sandbox goes on", async () => {
    let fail = true;
    const sandbox = await startSandbox({
      apiKeys: ["a"],
      onRequest: () => {
        if (fail) throw new Error("the log is full");
      },
    });
    try {
      const broken = await fetch(`${sandbox.url}/webhooks`, { headers: { "x-APIKey": "a" } });
      expect([broken.status, broken.headers.get("content-type"), await broken.json()]).toEqual([
        500,
        "application/json",
        { errors: { server: "the log is full" } },
      ]);
      fail = false;
      expect((await fetch(`${sandbox.url}/webhooks`, { headers: { "x-APIKey": "a" } })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("says why it cannot listen: a port in use, an address that is not local", async () => {
    const first = await startSandbox();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startSandbox({ port })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
      await expect(startSandbox({ host: "203.0.113.1" })).rejects.toThrow(
        "cannot listen on 203.0.113.1:0: no such local address",
      );
    } finally {
      await first.close();
    }
  });

  it("never connects beyond loopback for a tryout unless allowExternalDeliveries says so", async () => {
    // 0.0.0.0 is not a loopback name to the sandbox, yet on Linux it reaches this host: a
    // connection counted here is a delivery the sandbox should not have tried.
    let connections = 0;
    const watcher = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => watcher.listen(0, "127.0.0.1", resolve));
    const { port } = watcher.address() as AddressInfo;
    const tryout = async (sandbox: Awaited<ReturnType<typeof startSandbox>>) => {
      const answer = await fetch(`${sandbox.url}/webhooks/tryout`, {
        method: "POST",
        headers: { "x-APIKey": "a", "content-type": "application/json" },
        body: JSON.stringify({ items: [{ url: `https://0.0.0.0:${port}/hook`, event_type: "lead_received" }] }),
      });
      return ((await answer.json()) as { items: { status: string }[] }).items[0]?.status;
    };
    const closed = await startSandbox({ apiKeys: ["a"] });
    const open = await startSandbox({ apiKeys: ["a"], allowExternalDeliveries: true });
    try {
      expect(await tryout(closed)).toBe("error");
      expect(connections).toBe(0);
      expect(closed.deliveries.map((d) => d.status)).toEqual([0]);
      await tryout(open);
      expect(connections).toBe(1);
    } finally {
      await closed.close();
      await open.close();
      await new Promise((resolve) => watcher.close(resolve));
    }
  });

  it("close() ends open keep-alive connections instead of waiting for them", async () => {
    const sandbox = await startSandbox();
    const { port } = new URL(sandbox.url);
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    const started = Date.now();
    await sandbox.close();
    await closed;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
