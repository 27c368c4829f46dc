/**
 * The local loop as a user walks it: the embedded sandbox, the client pointed at it, and a plain
 * http receiver on loopback; a seeded sandbox that still takes the user's own creates; a test
 * delivery whose public key is known before it is sent.
 */
import { describe, expect, it } from "vitest";
import { createPartooClient, PartooValidationError } from "../../src/index.js";
import { createTestSigningKey, sendTestDelivery, startSandbox } from "../../src/testing.js";
import { verifyPartooSignature } from "../../src/webhooks.js";
import { ORG1_KEY, useReceiver, useSandbox } from "../helpers.js";

describe("a loopback API may name a plain http loopback receiver", () => {
  const sandbox = useSandbox();
  const receiver = useReceiver();

  it("tryout delivers to http://127.0.0.1:PORT/hook and reports success", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const result = await partoo.webhooks.tryout({ url: receiver.url, event_type: "lead_received" });
    expect(result.status).toBe("success");
    expect(receiver.received.at(-1)?.headers["x-partoo-webhook-tryout"]).toBeDefined();
  });

  it("create takes an http loopback receiver (localhost and [::1] too)", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const [a] = await partoo.webhooks.create({ url: receiver.url, event_type: "business_created" });
    expect(a?.url).toBe(receiver.url);
    await partoo.webhooks.create({ url: "http://localhost:9/b", event_type: "business_updated" });
    await partoo.webhooks.create({ url: "http://[::1]:9/c", event_type: "message_updated" });
  });

  it("an http receiver beyond loopback stays refused, before anything is sent", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const before = sandbox.current.requests.length;
    const refused = partoo.webhooks.create({ url: "http://hooks.example.com/x", event_type: "lead_received" });
    await expect(refused).rejects.toBeInstanceOf(PartooValidationError);
    await expect(refused).rejects.toThrow(/\/items\/0\/url: must be an absolute https: URL/);
    expect(sandbox.current.requests.length).toBe(before);
  });
});

describe("Partoo itself (any base URL off loopback) keeps https only", () => {
  it("an http loopback receiver is refused by the client, nothing sent", async () => {
    let sent = 0;
    const partoo = createPartooClient({
      apiKey: "k",
      environment: "sandbox",
      fetch: async () => {
        sent++;
        return new Response("{}");
      },
    });
    for (const call of [
      () => partoo.webhooks.tryout({ url: "http://127.0.0.1:3000/hook", event_type: "lead_received" }),
      () => partoo.webhooks.create({ url: "http://127.0.0.1:3000/hook", event_type: "lead_received" }),
    ]) {
      await expect(call()).rejects.toThrow(/\/items\/0\/url: must be an absolute https: URL/);
    }
    expect(sent).toBe(0);
  });
});

describe("startSandbox({ seed }) leaves room for the user's creates", () => {
  it("a create with any URL after seed: 250 succeeds, and the list counts it", async () => {
    const sandbox = await startSandbox({ seed: 250 });
    try {
      const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.url });
      const [mine] = await partoo.webhooks.create({
        url: "https://mine.example.com/hook",
        event_type: "lead_received",
      });
      expect(mine?.id).toBe(251);
      expect((await partoo.webhooks.list({ per_page: 100 })).count).toBe(251);
      // The user's own webhooks keep the rule between themselves.
      await expect(
        partoo.webhooks.create({ url: "https://other.example.com/hook", event_type: "lead_received" }),
      ).rejects.toThrow(/lead_received already has a webhook with another URL/);
    } finally {
      await sandbox.close();
    }
  });
});

describe("sendTestDelivery's public key is known before it delivers", () => {
  const receiver = useReceiver();

  it("createTestSigningKey(): the receiver verifies with the key it was given up front", async () => {
    const key = createTestSigningKey();
    const result = await sendTestDelivery("lead_received", receiver.url, { privateKey: key.privateKey });
    expect(result.status).toBe(200);
    expect(result.publicKey).toBe(key.publicKey);
    const delivered = receiver.received.at(-1);
    const signature = String(delivered?.headers["x-partoo-signature-v1"]);
    expect(await verifyPartooSignature({ body: delivered?.body ?? "", signature, publicKey: key.publicKey })).toBe(
      true,
    );
  });
});
