/**
 * `partoo.webhooks.ensure` against the embedded sandbox: created only when missing, never doubled
 * after a create whose answer was lost, conflicts as typed errors that name what is there. Each
 * fault is first shown breaking a naive create-if-missing (the red), then passing through ensure.
 */
import { describe, expect, it } from "vitest";
import {
  type CreateWebhookInput,
  createPartooClient,
  type PartooClient,
  PartooConflictError,
} from "../../src/index.js";
import { ensureWebhook } from "../../src/reconcile/ensure.js";
import { compareHeaders } from "../../src/reconcile/headers.js";
import type { Sandbox } from "../../src/testing/server.js";
import { hookUrl, ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const client = (timeoutMs = 2_000): PartooClient =>
  createPartooClient({
    apiKey: ORG1_KEY,
    baseUrl: sandbox.current.url,
    timeoutMs,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
const stored = (s: Sandbox, item: CreateWebhookInput) =>
  s.store.list([1]).filter((w) => w.event_type === item.event_type && w.url === item.url);
/** Removes every webhook, so each test starts from an empty organization (the API has no delete; the store does). */
const emptyStore = () => {
  const list = sandbox.current.store.list([1]) as unknown[];
  (sandbox.current.store as unknown as { webhooks: unknown[] }).webhooks.splice(0, list.length);
};

/** What people write first: list, create if missing, and retry the create on failure. */
async function naiveEnsure(partoo: PartooClient, item: CreateWebhookInput) {
  const { items = [] } = await partoo.webhooks.list({ per_page: 100 });
  const found = items.find((w) => w.event_type === item.event_type && w.url === item.url);
  if (found) return found;
  for (let attempt = 1; ; attempt++) {
    try {
      const [created] = await partoo.webhooks.create(item);
      return created;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

describe("ensure", () => {
  it("creates when missing, then finds it: one POST in all", async () => {
    emptyStore();
    const item: CreateWebhookInput = {
      url: hookUrl(),
      event_type: "lead_received",
      custom_headers: { "X-Token": "t0ken-1" },
    };
    const posts = () => sandbox.current.requests.filter((r) => r.method === "POST").length;
    const before = posts();
    const first = await client().webhooks.ensure(item);
    const second = await client().webhooks.ensure(item);
    expect(second.id).toBe(first.id);
    expect(posts() - before).toBe(1);
    expect(stored(sandbox.current, item)).toHaveLength(1);
  });

  describe("a create whose answer is lost after the sandbox stored it (connection reset)", () => {
    it("RED: the naive version creates it twice", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "message_created" };
      sandbox.current.faults.push({ fault: { kind: "reset", when: "after" }, method: "POST" });
      await naiveEnsure(client(), item);
      expect(stored(sandbox.current, item)).toHaveLength(2);
    });

    it("ensure lists again and returns the one that landed", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "message_created" };
      sandbox.current.faults.push({ fault: { kind: "reset", when: "after" }, method: "POST" });
      const webhook = await client().webhooks.ensure(item);
      expect(stored(sandbox.current, item).map((w) => w.id)).toEqual([webhook.id]);
    });
  });

  describe("a create that is stored and then times out", () => {
    it("RED: the naive version creates it twice", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "business_created" };
      sandbox.current.faults.push({ fault: { kind: "hang", when: "after" }, method: "POST" });
      await naiveEnsure(client(300), item);
      expect(stored(sandbox.current, item)).toHaveLength(2);
    });

    it("ensure returns the stored one", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "business_created" };
      sandbox.current.faults.push({ fault: { kind: "hang", when: "after" }, method: "POST" });
      const webhook = await client(300).webhooks.ensure(item);
      expect(stored(sandbox.current, item).map((w) => w.id)).toEqual([webhook.id]);
    });
  });

  describe("a create that times out and lands later (still queued at the server when the client gave up)", () => {
    it("RED: without waiting before the list (settleMs 0), ensure itself doubles it", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "lead_received" };
      sandbox.current.faults.push({ fault: { kind: "latency", ms: 700 }, method: "POST" });
      await ensureWebhook(client(300).webhooks, item, { settleMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(stored(sandbox.current, item)).toHaveLength(2);
    });

    it("ensure waits settleMs (2 s) before the list that decides: one webhook", async () => {
      emptyStore();
      const item: CreateWebhookInput = { url: hookUrl(), event_type: "lead_received" };
      sandbox.current.faults.push({ fault: { kind: "latency", ms: 700 }, method: "POST" });
      const webhook = await client(300).webhooks.ensure(item);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(stored(sandbox.current, item).map((w) => w.id)).toEqual([webhook.id]);
    });
  });

  it("a 500 before anything is stored: ensure sees it missing and creates once", async () => {
    emptyStore();
    const item: CreateWebhookInput = { url: hookUrl(), event_type: "business_updated" };
    sandbox.current.faults.push({ fault: { kind: "status", status: 500 }, method: "POST" });
    await client().webhooks.ensure(item);
    expect(stored(sandbox.current, item)).toHaveLength(1);
  });

  it("another URL for the event type: a PartooConflictError that says what is there and what to do", async () => {
    emptyStore();
    const [existing] = await client().webhooks.create({
      url: "https://old.example.com/hook",
      event_type: "lead_received",
    });
    const error = await client()
      .webhooks.ensure({ url: "https://new.example.com/hook", event_type: "lead_received" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooConflictError);
    expect((error as PartooConflictError).reason).toEqual({ kind: "url" });
    expect((error as Error).message).toBe(
      `lead_received in organization 1 already goes to https://old.example.com/hook (webhook ${existing?.id}), not https://new.example.com/hook: Partoo allows one URL per event type in an organization and its API has no update or delete. Keep https://old.example.com/hook in your desired state, or remove webhook ${existing?.id} in Partoo first, then run again.`,
    );
  });

  it("the same URL with other custom headers: a conflict naming header names, never values", async () => {
    emptyStore();
    const url = hookUrl();
    const [existing] = await client().webhooks.create({
      url,
      event_type: "message_updated",
      custom_headers: { "X-Token": "old-secret-value", "X-Old": "legacy-value" },
    });
    const error = (await client()
      .webhooks.ensure({
        url,
        event_type: "message_updated",
        custom_headers: { "X-Token": "new-secret-value", "X-Sig": "sig-value" },
      })
      .catch((e: unknown) => e)) as PartooConflictError;
    expect(error).toBeInstanceOf(PartooConflictError);
    expect(error.message).toBe(
      `message_updated in organization 1: webhook ${existing?.id} (${url}) has other custom headers than wanted: missing X-Sig; unexpected X-Old; another value for X-Token (values not shown). The API cannot change a webhook's headers: make your desired state match webhook ${existing?.id}, or remove it in Partoo first, then run again.`,
    );
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/secret-value|legacy-value|sig-value/);
  });

  it("header names compare case-insensitively; a URL compares as a URL (host case)", async () => {
    emptyStore();
    const url = "https://Hooks.Example.com/case";
    const created = await client().webhooks.ensure({
      url,
      event_type: "business_deleted",
      custom_headers: { "X-Token": "abcdef" },
    });
    const again = await client().webhooks.ensure({
      url: "https://hooks.example.com/case",
      event_type: "business_deleted",
      custom_headers: { "x-token": "abcdef" },
    });
    expect(again.id).toBe(created.id);
  });
});

describe("compareHeaders: what an answer can and cannot show", () => {
  it("absent in the answer: unverified, never a conflict", () => {
    expect(compareHeaders({ "X-A": "1" }, undefined)).toEqual({
      status: "unverified",
      why: "not returned",
      unchecked: ["X-A"],
    });
    expect(compareHeaders(undefined, undefined)).toEqual({ status: "same" });
  });
  it("hidden values: names checked, values unchecked", () => {
    expect(compareHeaders({ "X-A": "secret" }, { "X-A": "[REDACTED]" })).toEqual({
      status: "unverified",
      why: "values hidden",
      unchecked: ["X-A"],
    });
    expect(compareHeaders({ "X-A": "secret" }, { "X-A": "****" }).status).toBe("unverified");
    expect(compareHeaders({ "X-A": "secret" }, { "X-B": "****" })).toEqual({
      status: "differs",
      missing: ["X-A"],
      extra: ["X-B"],
      changed: [],
    });
  });
  it("shown values are compared exactly", () => {
    expect(compareHeaders({ "X-A": "one" }, { "x-a": "one" })).toEqual({ status: "same" });
    expect(compareHeaders({ "X-A": "one" }, { "X-A": "two" }).status).toBe("differs");
    expect(compareHeaders(undefined, { "X-A": "two" }).status).toBe("differs");
  });
});
