import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPartooClient,
  PartooAuthenticationError,
  PartooConnectionError,
  PartooRateLimitError,
  PartooTimeoutError,
} from "../../src/index.js";
import { partooHandlers } from "../../src/testing-msw.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";
import { ORG1_KEY, useReceiver } from "../helpers.js";
import { listenLoopbackOnly } from "./msw-helpers.js";

const partoo = partooHandlers({ seed: 3 });
const server = setupServer(...partoo);
beforeAll(() => listenLoopbackOnly(server)); // the tryout's delivery to the receiver below is real HTTP
afterEach(() => partoo.faults.clear());
afterAll(() => server.close());
const receiver = useReceiver();

describe("partooHandlers with msw/node", () => {
  it("answers a client with default settings at the production URL, with the sandbox's state and paging", async () => {
    const client = createPartooClient({ apiKey: ORG1_KEY }); // no baseUrl, no port
    const page = await client.webhooks.list({ per_page: 2, page: 2 });
    expect(page).toMatchObject({ page: 2, max_page: 2, count: 3 });
    expect(page.items?.map((w) => w.custom_headers)).toEqual([{ "X-Seq": "2" }]);
    const [created] = await client.webhooks.create({
      url: "https://hooks.example.com/msw",
      event_type: "business_created",
    });
    expect(await client.webhooks.get(created?.id ?? 0)).toEqual(created);
    expect(partoo.store.size).toBe(4);
  });

  it("answers at the sandbox URL too, from the same state", async () => {
    const client = createPartooClient({ apiKey: ORG1_KEY, environment: "sandbox" });
    expect((await client.webhooks.list()).count).toBe(4);
  });

  it("refuses an unknown key as Partoo does, and applies queued faults", async () => {
    await expect(createPartooClient({ apiKey: "nope" }).webhooks.list()).rejects.toThrow(PartooAuthenticationError);
    const client = createPartooClient({ apiKey: ORG1_KEY, maxRetries: 0, timeoutMs: 300 });
    partoo.faults.push({ fault: { kind: "rateLimit", retryAfter: "7" } });
    await expect(client.webhooks.list()).rejects.toThrow(PartooRateLimitError);
    partoo.faults.push({ fault: { kind: "reset" } });
    await expect(client.webhooks.list()).rejects.toThrow(PartooConnectionError);
    partoo.faults.push({ fault: { kind: "hang" } });
    await expect(client.webhooks.list()).rejects.toThrow(PartooTimeoutError);
    expect(partoo.faults.injected.get("hang")).toBe(1);
  });

  it("makes a tryout's signed delivery to a real receiver, verifiable with the handlers' public key", async () => {
    // Partoo delivers over https only; like the HTTP sandbox, this one lets a tryout reach plain http on
    // loopback, which the client's own https check would refuse before sending.
    const client = createPartooClient({ apiKey: ORG1_KEY, validateRequests: false });
    const result = await client.webhooks.tryout({ url: receiver.url, event_type: "lead_received" });
    expect(result.status).toBe("success");
    const [delivery] = receiver.received;
    expect(delivery?.headers["x-partoo-webhook-tryout"]).toBe("true");
    expect(partoo.deliveries).toEqual([{ url: receiver.url, eventType: "lead_received", tryout: true, status: 200 }]);
    // Verify it as a receiver would, from the raw body and headers it got.
    const { Readable } = await import("node:stream");
    const message = Object.assign(Readable.from([Buffer.from(delivery?.body ?? "")]), {
      headers: delivery?.headers ?? {},
    });
    const event = await parsePartooEventFromNode(message as never, { publicKey: partoo.publicKey });
    expect(event).toMatchObject({ type: "lead_received", isTryout: true });
  });
});
