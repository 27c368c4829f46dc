/**
 * The MSW handlers and the HTTP sandbox held in agreement: one list of scenarios, run once
 * against each, answers compared. Each run starts from the same state (3 seeded webhooks).
 */
import { setupServer } from "msw/node";
import { describe, expect, it } from "vitest";
import { createPartooClient, type PartooClient, type PartooClientOptions } from "../../src/index.js";
import type { Fault } from "../../src/testing/faults.js";
import { startSandbox } from "../../src/testing/server.js";
import { partooHandlers } from "../../src/testing-msw.js";
import { ORG1_KEY, ORG2_KEY, PROVIDER_KEY, useReceiver } from "../helpers.js";
import { listenLoopbackOnly } from "./msw-helpers.js";

const receiver = useReceiver();

interface Backend {
  client(apiKey: string, options?: Partial<PartooClientOptions>): PartooClient;
  fault(fault: Fault, method?: string): void;
}

interface Scenario {
  name: string;
  run(backend: Backend): Promise<unknown>;
}

/** Keys that hold the time of the run (the webhooks' own, and the sample payloads' Unix times). */
const TIMES = new Set(["created_at", "updated_at", "created", "modified"]);

/** What an answer says, without what differs by run: timestamps, URLs of the backend itself. */
function outcome(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (key, v) => (TIMES.has(key) ? "<time>" : v)));
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: outcome(await promise) };
  } catch (error) {
    const e = error as Error & { status?: number; body?: unknown };
    return { error: e.name, status: e.status, body: outcome(e.body) };
  }
}

const hook = (n: number) => `https://hooks.example.com/agree/${n}`;
const org1 = (b: Backend) => b.client(ORG1_KEY);
const unchecked = (b: Backend, key = ORG1_KEY) => b.client(key, { validateRequests: false });

const SCENARIOS: Scenario[] = [
  { name: "list, defaults", run: (b) => org1(b).webhooks.list() },
  { name: "list, page 2 of 2 per page", run: (b) => org1(b).webhooks.list({ page: 2, per_page: 2 }) },
  { name: "list, page 0 is page 1", run: (b) => unchecked(b).webhooks.list({ page: 0, per_page: 1 }) },
  { name: "list, per_page 101 refused by the server", run: (b) => unchecked(b).webhooks.list({ per_page: 101 }) },
  {
    name: "list, per_page not an integer",
    run: (b) =>
      unchecked(b)
        .GET("/webhooks", { params: { query: { per_page: "x" as never } } })
        .then((r) => ({ data: r.data, error: r.error, status: r.response.status })),
  },
  { name: "list, unknown API key", run: (b) => b.client("no-such-key").webhooks.list() },
  { name: "list, another org's admin sees its own", run: (b) => b.client(ORG2_KEY).webhooks.list() },
  { name: "list, provider sees all its orgs", run: (b) => b.client(PROVIDER_KEY).webhooks.list() },
  { name: "list, provider narrows to org 3", run: (b) => b.client(PROVIDER_KEY).webhooks.list({ org_id: 3 }) },
  { name: "list, admin asks for another org", run: (b) => b.client(ORG1_KEY).webhooks.list({ org_id: 2 }) },
  {
    name: "create two",
    run: (b) =>
      org1(b).webhooks.create([
        { url: hook(1), event_type: "business_created", custom_headers: { "X-Token": "t" } },
        { url: hook(2), event_type: "message_created" },
      ]),
  },
  {
    name: "create, same event type, another URL",
    run: (b) => org1(b).webhooks.create({ url: hook(3), event_type: "business_created" }),
  },
  {
    name: "create, provider without org_id",
    run: (b) => b.client(PROVIDER_KEY).webhooks.create({ url: hook(4), event_type: "lead_received" }),
  },
  {
    name: "create, invalid body refused by the server",
    run: (b) => unchecked(b).webhooks.create({ url: "ftp://x", event_type: "nope" as never }),
  },
  { name: "get, own", run: (b) => org1(b).webhooks.get(4) },
  { name: "get, another org's", run: (b) => b.client(ORG2_KEY).webhooks.get(4) },
  { name: "get, missing", run: (b) => org1(b).webhooks.get(9999) },
  {
    name: "all pages",
    run: async (b) => {
      const ids: number[] = [];
      for await (const w of org1(b).webhooks.all({ per_page: 2 })) ids.push(w.id);
      return ids;
    },
  },
  {
    name: "tryout to a loopback receiver",
    run: async (b) => {
      const result = await unchecked(b).webhooks.tryout({ url: receiver.url, event_type: "lead_received" });
      const got = receiver.received.at(-1);
      return { result, delivered: JSON.parse(got?.body ?? "null"), tryout: got?.headers["x-partoo-webhook-tryout"] };
    },
  },
  {
    name: "tryout, nothing listening",
    run: (b) => unchecked(b).webhooks.tryout({ url: "http://127.0.0.1:9/hook", event_type: "business_deleted" }),
  },
  ...(
    [
      { kind: "status", status: 503 },
      { kind: "status", status: 502, html: true },
      { kind: "rateLimit", retryAfter: "3" },
      { kind: "malformedJson" },
      { kind: "emptyBody" },
      { kind: "reset" },
      { kind: "hang" },
      { kind: "latency", ms: 50 },
    ] as Fault[]
  ).map((fault) => ({
    name: `fault ${JSON.stringify(fault)}`,
    run: (b: Backend) => {
      b.fault(fault);
      return b.client(ORG1_KEY, { maxRetries: 0, timeoutMs: 400 }).webhooks.list({ per_page: 1 });
    },
  })),
  {
    name: "fault offSpec, answers checked",
    run: (b) => {
      b.fault({ kind: "offSpec" });
      return b.client(ORG1_KEY, { validateResponses: "throw" }).webhooks.get(1);
    },
  },
  {
    name: "fault reset after a create: created, answer lost, then seen",
    run: async (b) => {
      b.fault({ kind: "reset", when: "after" }, "POST");
      const lost = await settle(
        b.client(ORG1_KEY, { maxRetries: 0 }).webhooks.create({ url: hook(5), event_type: "business_updated" }),
      );
      return { lost, after: await org1(b).webhooks.list({ per_page: 100 }) };
    },
  },
];

async function runAll(backend: Backend): Promise<[string, unknown][]> {
  const answers: [string, unknown][] = [];
  for (const scenario of SCENARIOS) answers.push([scenario.name, await settle(scenario.run(backend))]);
  return answers;
}

describe("the MSW handlers and the HTTP sandbox", () => {
  it(`answer the same ${SCENARIOS.length} scenarios alike`, async () => {
    const sandbox = await startSandbox({ seed: 3 });
    let overHttp: [string, unknown][];
    try {
      overHttp = await runAll({
        client: (apiKey, options) => createPartooClient({ apiKey, baseUrl: sandbox.url, ...options }),
        fault: (fault, method) => sandbox.faults.push({ fault, ...(method ? { method } : {}) }),
      });
    } finally {
      await sandbox.close();
    }

    const partoo = partooHandlers({ seed: 3 });
    const server = setupServer(...partoo);
    listenLoopbackOnly(server); // the tryout's delivery is real HTTP to the receiver
    let inProcess: [string, unknown][];
    try {
      inProcess = await runAll({
        client: (apiKey, options) => createPartooClient({ apiKey, ...options }), // default URL
        fault: (fault, method) => partoo.faults.push({ fault, ...(method ? { method } : {}) }),
      });
    } finally {
      server.close();
    }

    // The only difference allowed: the URL each client called, which error messages name.
    const normalize = (answers: [string, unknown][], origin: string) =>
      JSON.parse(JSON.stringify(answers).replaceAll(origin, "<origin>"));
    expect(normalize(inProcess, "https://api.partoo.co/v2")).toEqual(normalize(overHttp, sandbox.url));
    // … and the runs did something: errors of several kinds and successes both.
    const kinds = new Set(overHttp.map(([, a]) => (a as { error?: string }).error ?? "ok"));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
  });
});
