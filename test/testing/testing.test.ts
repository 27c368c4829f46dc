import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, PartooServerError, unwrap } from "../../src/index.js";
import { sendTestDelivery, startSandbox } from "../../src/testing.js";
import { type PartooEvent, parsePartooEvent } from "../../src/webhooks.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";

/** A plain-http receiver on loopback that verifies with the key it is given, as a user's would. */
let receiverUrl = "";
let verifyWith = "";
const received: (PartooEvent | Error)[] = [];
const receiver = createServer(async (req: IncomingMessage, res) => {
  try {
    received.push(await parsePartooEventFromNode(req, { publicKey: verifyWith }));
    res.writeHead(200).end();
  } catch (error) {
    received.push(error as Error);
    res.writeHead(401).end();
  }
});
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe("partoo-client/testing: startSandbox", () => {
  it("serves its own API keys, seeded webhooks and queued faults", async () => {
    const sandbox = await startSandbox({
      apiKeys: ["my-test-key"],
      seed: 3,
      faults: [{ fault: { kind: "status", status: 503 }, method: "GET" }],
    });
    try {
      expect(sandbox.apiKeys).toEqual(["my-test-key"]);
      const partoo = createPartooClient({ apiKey: "my-test-key", baseUrl: sandbox.url, maxRetries: 0 });
      await expect(partoo.GET("/webhooks").then(unwrap)).rejects.toBeInstanceOf(PartooServerError);
      const page = unwrap(await partoo.GET("/webhooks"));
      expect(page.count).toBe(3);
      const stranger = createPartooClient({ apiKey: "sandbox-org-1-admin", baseUrl: sandbox.url });
      expect((await stranger.GET("/webhooks")).response.status).toBe(401);
    } finally {
      await sandbox.close();
    }
  });

  it("delivers a signed tryout to a plain-http loopback receiver, verifiable with sandbox.publicKey, and logs it", async () => {
    const sandbox = await startSandbox();
    try {
      verifyWith = sandbox.publicKey;
      received.length = 0;
      const partoo = createPartooClient({ apiKey: sandbox.apiKeys[0] ?? "", baseUrl: sandbox.url });
      const item = {
        url: receiverUrl,
        event_type: "lead_received" as const,
        custom_headers: { "X-Env": "test-value-1" },
      };
      // The client refuses http URLs (Partoo accepts only https), so the tryout goes out raw.
      const response = await fetch(`${sandbox.url}/webhooks/tryout`, {
        method: "POST",
        headers: { "x-APIKey": sandbox.apiKeys[0] ?? "", "content-type": "application/json" },
        body: JSON.stringify({ items: [item] }),
      });
      const body = (await response.json()) as { items: { status: string }[] };
      expect(body.items[0]?.status).toBe("success");
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ type: "lead_received", isTryout: true });
      expect(sandbox.deliveries).toEqual([{ url: receiverUrl, eventType: "lead_received", tryout: true, status: 200 }]);
      expect(JSON.stringify(sandbox.deliveries)).not.toContain("test-value-1");
      expect(sandbox.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(partoo).toBeDefined();
    } finally {
      await sandbox.close();
    }
  });

  it("refuses plain http beyond loopback as Partoo does, and never delivers beyond loopback at all", async () => {
    const sandbox = await startSandbox();
    const tryout = (url: string) =>
      fetch(`${sandbox.url}/webhooks/tryout`, {
        method: "POST",
        headers: { "x-APIKey": sandbox.apiKeys[0] ?? "", "content-type": "application/json" },
        body: JSON.stringify({ items: [{ url, event_type: "lead_received" }] }),
      });
    try {
      expect((await tryout("http://198.51.100.7/hook")).status).toBe(400);
      const external = await tryout("https://198.51.100.7/hook");
      expect(((await external.json()) as { items: { status: string }[] }).items[0]?.status).toBe("error");
      // Logged with status 0: nothing left this machine (a documentation address, TEST-NET-2).
      expect(sandbox.deliveries).toEqual([
        { url: "https://198.51.100.7/hook", eventType: "lead_received", tryout: true, status: 0 },
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("partoo-client/testing: sendTestDelivery", () => {
  it("sends a realistic signed delivery of every event type, which the receiver verifies with the returned key", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const privateKey = generateKeyPairSync("ed25519").privateKey;
    const { PARTOO_EVENT_TYPES } = await import("../../src/webhooks.js");
    received.length = 0;
    for (const eventType of PARTOO_EVENT_TYPES) {
      const { publicKey } = await sendTestDelivery(eventType, "http://127.0.0.1:9/never", {
        privateKey,
        timeoutMs: 500,
      });
      verifyWith = publicKey;
      const result = await sendTestDelivery(eventType, receiverUrl, { privateKey, tryout: true });
      expect(result.status, eventType).toBe(200);
    }
    expect(received.map((r) => (r instanceof Error ? r.message : `${r.type}${r.isTryout ? " (tryout)" : ""}`))).toEqual(
      PARTOO_EVENT_TYPES.map((t) => `${t} (tryout)`),
    );
  });

  it("signs with a given key, so one dev key pair can be kept across runs", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const first = await sendTestDelivery("lead_received", receiverUrl, { privateKey: pem });
    const second = await sendTestDelivery("lead_received", receiverUrl, { privateKey: pem });
    expect(first.publicKey).toBe(second.publicKey);
    const request = new Request(receiverUrl, {
      method: "POST",
      body: first.body,
      headers: { "x-partoo-signature-v1": "AAAA" },
    });
    await expect(parsePartooEvent(request, { publicKey: first.publicKey })).rejects.toThrow(/does not verify/);
  });

  it("refuses an unknown event type or a URL that is not http(s), with one clear line", async () => {
    await expect(sendTestDelivery("lead_recieved" as never, receiverUrl)).rejects.toThrow(
      /^unknown event type "lead_recieved": expected one of lead_received, business_created, /,
    );
    await expect(sendTestDelivery("lead_received", "ftp://x/hook")).rejects.toThrow(
      "url must be http: or https:, got ftp:",
    );
    await expect(sendTestDelivery("lead_received", "not a url")).rejects.toThrow(/is not an absolute URL/);
  });
});
