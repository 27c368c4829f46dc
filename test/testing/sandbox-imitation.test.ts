/**
 * The sandbox's imitation of Partoo, called as the plain function it is (no HTTP around it):
 * who may see what, paging, the one-URL-per-event-type rule, what a bad body is answered, and
 * what a tryout delivers. test/testing.test.ts and the contract suite prove the same over HTTP.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LIST_LIMITS } from "../../src/internal/list-limits.js";
import { deliver, LOOPBACK_HOST } from "../../src/testing/deliver.js";
import { FaultQueue } from "../../src/testing/faults.js";
import { createPartooImitation, type DeliveryRecord, type PartooRequest } from "../../src/testing/partoo.js";
import { type SandboxUser, WebhookStore } from "../../src/testing/state.js";
import type { WebhookEventType } from "../../src/types.js";
import { useReceiver } from "../helpers.js";

const USERS: SandboxUser[] = [
  { apiKey: "admin-1", role: "ORG_ADMIN", orgIds: [1] },
  { apiKey: "admin-2", role: "ORG_ADMIN", orgIds: [2] },
  { apiKey: "provider", role: "PROVIDER", orgIds: [1, 2, 3] },
];
const JSON_TYPE = { "content-type": "application/json" };

function imitation() {
  const store = new WebhookStore();
  const deliveries: DeliveryRecord[] = [];
  const imitate = createPartooImitation({
    users: USERS,
    store,
    signingKey: generateKeyPairSync("ed25519").privateKey,
    delivery: { timeoutMs: 2_000 },
    onDelivery: (record) => deliveries.push(record),
  });
  const call = (
    method: string,
    path: string,
    { key = "admin-1", query = "", body = "", headers = {} as PartooRequest["headers"] } = {},
  ) =>
    imitate({
      method,
      path,
      query: new URLSearchParams(query),
      headers: { ...(key === "" ? {} : { "x-apikey": key }), ...headers },
      body,
    });
  const create = (items: unknown[], options: { key?: string; query?: string } = {}) =>
    call("POST", "/webhooks", { ...options, body: JSON.stringify({ items }), headers: JSON_TYPE });
  return { store, deliveries, call, create };
}

const hook = (n: number | string, event_type: WebhookEventType = "lead_received") => ({
  url: `https://h.example.com/${n}`,
  event_type,
});
const errorsOf = (answer: { body: unknown }) => (answer.body as { errors: Record<string, unknown> }).errors;

describe("who may see what", () => {
  it("no key, an unknown key or a repeated header is a 401 with the documented body", async () => {
    const { call } = imitation();
    for (const headers of [{}, { "x-apikey": "nope" }, { "x-apikey": ["admin-1", "admin-1"] }]) {
      const answer = await call("GET", "/webhooks", { key: "", headers });
      expect(answer.status).toBe(401);
      expect(errorsOf(answer)).toEqual({ authentication: expect.any(String) });
    }
  });

  it("an admin sees its own organization; another's org_id is a 403", async () => {
    const { call, create } = imitation();
    await create([hook(1)], { key: "admin-1" });
    await create([hook(2)], { key: "admin-2" });
    const own = await call("GET", "/webhooks");
    expect((own.body as { items: { org_id: number }[] }).items.map((w) => w.org_id)).toEqual([1]);
    expect((await call("GET", "/webhooks", { query: "org_id=1" })).status).toBe(200);
    const other = await call("GET", "/webhooks", { query: "org_id=2" });
    expect(other.status).toBe(403);
    expect(errorsOf(other)).not.toEqual({});
    expect((await call("GET", "/webhooks/2")).status).toBe(404);
    expect((await call("GET", "/webhooks/2", { key: "admin-2" })).status).toBe(200);
  });

  it("a PROVIDER sees all its organizations, or the one org_id names; it must name one to create", async () => {
    const { call, create } = imitation();
    await create([hook(1)], { key: "admin-1" });
    await create([hook(2)], { key: "admin-2" });
    const all = await call("GET", "/webhooks", { key: "provider" });
    expect((all.body as { count: number }).count).toBe(2);
    const one = await call("GET", "/webhooks", { key: "provider", query: "org_id=2" });
    expect((one.body as { items: { org_id: number }[] }).items.map((w) => w.org_id)).toEqual([2]);
    expect((await call("GET", "/webhooks", { key: "provider", query: "org_id=4" })).status).toBe(403);
    const unnamed = await create([hook(3)], { key: "provider" });
    expect(unnamed.status).toBe(400);
    expect(errorsOf(unnamed)).toEqual({ json: { org_id: ["Missing data for required field (PROVIDER users)."] } });
    const named = await create([hook(3)], { key: "provider", query: "org_id=3" });
    expect((named.body as { items: { org_id: number }[] }).items[0]?.org_id).toBe(3);
  });

  it("org_id must be an integer; an empty one counts as absent", async () => {
    const { call } = imitation();
    for (const bad of ["abc", "1.5", "1e2", " 1"]) {
      const answer = await call("GET", "/webhooks", { query: `org_id=${encodeURIComponent(bad)}` });
      expect(answer.status).toBe(400);
      expect(errorsOf(answer)).toEqual({ json: { org_id: ["Not a valid integer."] } });
    }
    expect((await call("GET", "/webhooks", { query: "org_id=" })).status).toBe(200);
    expect((await call("GET", "/webhooks", { query: "org_id=-1" })).status).toBe(403);
  });
});

describe("paging, by the spec's limits", () => {
  it("slices by page and per_page, counts pages up, and reads page < 1 as the first", async () => {
    const { call, store } = imitation();
    store.seed(1, 5, (i) => hook(i, "lead_received"));
    const page = async (query: string) =>
      (await call("GET", "/webhooks", { query })).body as {
        page: number;
        max_page: number;
        count: number;
        items: { id: number }[];
      };
    expect(await page("per_page=2")).toMatchObject({ page: 1, max_page: 3, count: 5 });
    expect((await page("per_page=2")).items.map((w) => w.id)).toEqual([1, 2]);
    expect((await page("per_page=2&page=3")).items.map((w) => w.id)).toEqual([5]);
    expect((await page("per_page=2&page=4")).items).toEqual([]);
    for (const low of ["0", "-3"]) expect((await page(`per_page=2&page=${low}`)).page).toBe(1);
    expect((await page("")).items).toHaveLength(Math.min(5, LIST_LIMITS.perPageDefault));
    expect((await page("per_page=5")).max_page).toBe(1);
  });

  it("an empty organization still has one page", async () => {
    const { call } = imitation();
    expect((await call("GET", "/webhooks")).body).toEqual({ page: 1, max_page: 1, count: 0, items: [] });
  });

  it("per_page outside the spec's bounds is a 400 naming them; the bounds themselves are fine", async () => {
    const { call } = imitation();
    const { perPageMin: min, perPageMax: max } = LIST_LIMITS;
    for (const bad of [min - 1, max + 1]) {
      const answer = await call("GET", "/webhooks", { query: `per_page=${bad}` });
      expect(answer.status).toBe(400);
      expect(errorsOf(answer)).toEqual({ json: { per_page: [`Must be between ${min} and ${max}.`] } });
    }
    for (const ok of [min, max]) expect((await call("GET", "/webhooks", { query: `per_page=${ok}` })).status).toBe(200);
    expect((await call("GET", "/webhooks", { query: "page=x" })).status).toBe(400);
  });
});

describe("creating webhooks", () => {
  it("needs a JSON content type (parameters allowed) and well-formed JSON", async () => {
    const { call } = imitation();
    const body = JSON.stringify({ items: [hook(1)] });
    const post = (headers: PartooRequest["headers"], text = body) => call("POST", "/webhooks", { body: text, headers });
    for (const headers of [{}, { "content-type": "text/plain" }, { "content-type": "x-application/json" }]) {
      const answer = await post(headers);
      expect(answer.status).toBe(400);
      expect(errorsOf(answer)).toEqual({ json: { _body: ["Expected an application/json body."] } });
    }
    const broken = await post(JSON_TYPE, "{");
    expect(errorsOf(broken)).toEqual({ json: { _body: ["Invalid JSON."] } });
    expect((await post({ "content-type": "Application/JSON; charset=utf-8" })).status).toBe(200);
    expect(
      (
        await post(
          { "content-type": ["application/json", "text/plain"] },
          JSON.stringify({ items: [hook(2, "business_created")] }),
        )
      ).status,
    ).toBe(200);
  });

  it("answers the spec's violations by JSON pointer, several per item, naming a header without its value", async () => {
    const { create } = imitation();
    const answer = await create([
      { url: "http://h.example.com/x", event_type: "lead_received", custom_headers: { "X-Partoo-A": "secret-value" } },
    ]);
    expect(answer.status).toBe(400);
    const json = errorsOf(answer).json as Record<string, string[]>;
    expect(Object.keys(json).sort()).toEqual(["/items/0/custom_headers", "/items/0/url"]);
    expect(json["/items/0/custom_headers"]?.[0]).toMatch(/^"X-Partoo-A": /);
    expect(JSON.stringify(answer.body)).not.toContain("secret-value");
    // The spec sets no minItems: an empty batch creates nothing.
    expect(await create([])).toEqual({ status: 200, body: { items: [] } });
    const whole = await create(undefined as unknown as unknown[]);
    expect(whole.status).toBe(400);
  });

  it("keeps one URL per event type per organization, against the store and within the batch", async () => {
    const { create, store } = imitation();
    expect((await create([hook(1)])).status).toBe(200);
    expect((await create([hook(1)])).status).toBe(200); // the same URL again is fine
    const clash = await create([hook(9, "business_created"), hook(2)]);
    expect(clash.status).toBe(400);
    expect(errorsOf(clash)).toEqual({
      json: { "/items/1/event_type": ["lead_received already has a webhook with another URL in this organization."] },
    });
    const inBatch = await create([hook(5, "business_updated"), hook(6, "business_updated")]);
    expect(Object.keys(errorsOf(inBatch).json as object)).toEqual(["/items/1/event_type"]);
    expect((await create([hook(7)], { key: "admin-2" })).status).toBe(200); // another organization
    expect(store.size).toBe(3);
  });

  it("gives each created webhook the next id, its organization, timestamps and a copy of its headers", async () => {
    const { create, store } = imitation();
    const headers = { "X-Token": "t0ken-value" };
    const answer = await create([{ ...hook(1), custom_headers: headers }, hook(2, "business_created")]);
    const items = (answer.body as { items: Record<string, unknown>[] }).items;
    expect(items.map((w) => w.id)).toEqual([1, 2]);
    expect(items[0]).toMatchObject({ org_id: 1, custom_headers: headers, url: hook(1).url });
    expect(items[0]?.created_at).toBe(items[0]?.updated_at);
    expect(new Date(String(items[0]?.created_at)).toISOString()).toBe(items[0]?.created_at);
    expect(items[1]?.custom_headers).toEqual({});
    // What was answered is a copy: changing it changes nothing stored.
    (items[0]?.custom_headers as Record<string, string>)["X-Token"] = "changed";
    expect(store.get(1, [1])?.custom_headers).toEqual(headers);
  });
});

describe("routes", () => {
  it("answers 404 for what Partoo does not serve, with the documented body", async () => {
    const { call, create } = imitation();
    await create([hook(1)]);
    expect((await call("GET", "/webhooks/1")).status).toBe(200);
    for (const [method, path] of [
      ["GET", "/webhooks/99"],
      ["POST", "/webhooks/1"],
      ["PUT", "/webhooks"],
      ["DELETE", "/webhooks/1"],
      ["GET", "/webhooks/1/x"],
      ["GET", "/webhooks/abc"],
      ["GET", ""],
      ["GET", "/other"],
      ["GET", "/webhooks/tryout"],
    ] as const) {
      const answer = await call(method, path);
      expect([method, path, answer.status]).toEqual([method, path, 404]);
      expect(errorsOf(answer)).toEqual({ json: "Resource not found" });
    }
  });
});

describe("tryout", () => {
  const receiver = useReceiver();
  const got = receiver.received;

  const tryout = (items: unknown[], key = "admin-2", query = "") =>
    imitation().call("POST", "/webhooks/tryout", {
      key,
      query,
      body: JSON.stringify({ items }),
      headers: JSON_TYPE,
    });

  it("delivers the first entry only, signed, with its custom headers, to plain http on loopback", async () => {
    receiver.status = 200;
    got.length = 0;
    const { call, deliveries, store } = imitation();
    const answer = await call("POST", "/webhooks/tryout", {
      key: "admin-2",
      headers: JSON_TYPE,
      body: JSON.stringify({
        items: [{ url: receiver.url, event_type: "lead_received", custom_headers: { "X-Token": "abc123" } }, hook(2)],
      }),
    });
    expect(answer.status).toBe(200);
    const [result, ...rest] = (answer.body as { items: Record<string, unknown>[] }).items;
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ event_type: "lead_received", url: receiver.url, status: "success" });
    expect(got).toHaveLength(1);
    expect(got[0]?.headers["x-token"]).toBe("abc123");
    expect(got[0]?.headers["x-partoo-webhook-tryout"]).toBe("true");
    expect(JSON.parse(got[0]?.body ?? "").payload).toEqual(result?.payload);
    expect(deliveries).toEqual([{ url: receiver.url, eventType: "lead_received", tryout: true, status: 200 }]);
    expect(store.size).toBe(0); // a tryout creates nothing
  });

  it("an empty batch delivers nothing and answers no result", async () => {
    got.length = 0;
    expect(await tryout([])).toEqual({ status: 200, body: { items: [] } });
    expect(got).toEqual([]);
  });

  it("reports anything but a 200 as an error; an unreachable receiver too", async () => {
    receiver.status = 201;
    let answer = await tryout([{ url: receiver.url, event_type: "lead_received" }]);
    expect((answer.body as { items: { status: string }[] }).items[0]?.status).toBe("error");
    receiver.status = 200;
    answer = await tryout([{ url: "http://127.0.0.1:9/none", event_type: "lead_received" }]);
    expect((answer.body as { items: { status: string }[] }).items[0]?.status).toBe("error");
  });

  it("refuses plain http beyond loopback, and so does a create; both take http on loopback", async () => {
    expect((await tryout([{ url: "http://h.example.com/x", event_type: "lead_received" }])).status).toBe(400);
    const { create } = imitation();
    expect((await create([{ url: "http://h.example.com/x", event_type: "lead_received" }])).status).toBe(400);
    expect((await create([{ url: receiver.url, event_type: "lead_received" }])).status).toBe(200);
  });

  it("a tryout's sample belongs to the caller's organization: a PROVIDER's first unless org_id names one", async () => {
    receiver.status = 200;
    got.length = 0;
    const business = { url: receiver.url, event_type: "business_created" };
    await tryout([business], "admin-2");
    await tryout([business], "provider");
    await tryout([business], "provider", "org_id=3");
    expect(got.map((g) => JSON.parse(g.body).payload.business.org_id)).toEqual([2, 1, 3]);
  });
});

describe("deliver: where the sandbox may post", () => {
  it("loopback hosts only, by name or address", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]"])
      expect([host, LOOPBACK_HOST.test(host)]).toEqual([host, true]);
    for (const host of ["128.0.0.1", "127.0.0.1.example.com", "x127.0.0.1", "localhost.example.com", "::1", "10.0.0.1"])
      expect([host, LOOPBACK_HOST.test(host)]).toEqual([host, false]);
  });

  it("refuses beyond loopback without allowExternal, and plain http beyond it without allowHttp", async () => {
    const delivery = { headers: {}, body: "{}" };
    expect(await deliver({ ...delivery, url: "https://203.0.113.1/x" })).toBe(0);
    expect(await deliver({ ...delivery, url: "ftp://127.0.0.1/x" })).toBe(0);
    // Allowed out, but plain http to a non-loopback host is still refused without allowHttp,
    // before any connection (203.0.113.0/24 is TEST-NET-3: nothing answers there).
    const started = Date.now();
    expect(await deliver({ ...delivery, url: "http://203.0.113.1/x" }, { allowExternal: true, timeoutMs: 50 })).toBe(0);
    expect(Date.now() - started).toBeLessThan(40);
  });
});

describe("FaultQueue", () => {
  it("gives each fault to the first request it matches, counts what it gave, and clears", () => {
    const queue = new FaultQueue();
    queue.push({ fault: { kind: "hang" }, method: "POST" }, { fault: { kind: "emptyBody" } });
    expect(queue.pending).toBe(2);
    expect(queue.take("GET")).toEqual({ kind: "emptyBody" });
    expect(queue.take("GET")).toBeUndefined();
    expect(queue.take("POST")).toEqual({ kind: "hang" });
    expect([...queue.injected]).toEqual([
      ["emptyBody", 1],
      ["hang", 1],
    ]);
    queue.push({ fault: { kind: "hang" } }, { fault: { kind: "hang" } });
    queue.take("GET");
    expect(queue.injected.get("hang")).toBe(2);
    queue.clear();
    expect(queue.pending).toBe(0);
    expect(queue.take("GET")).toBeUndefined();
  });
});
