import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSummary } from "../../contracts/reports/markdown.js";
import { runContractSuite } from "../../contracts/suite/run-suite.js";
import { headerScenario } from "../../contracts/suite/scenarios/headers.js";
import { verdictOf } from "../../contracts/suite/verdict.js";
import { ConfigError, settingsFromEnv } from "../../contracts/target.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const run = (baseUrl: string, more: { seed?: number; headerBudget?: number; writes?: boolean } = {}) =>
  runContractSuite({
    baseUrl,
    apiKey: ORG1_KEY,
    writes: true,
    hookUrl: "https://hooks.example.com/contract",
    timeoutMs: 5_000,
    maxRequests: 300,
    embedded: true,
    scenarios: [headerScenario],
    ...more,
  });

/** The sandbox behind a proxy that refuses any set holding a lower-case x- name: a bug to find and replay. */
let buggy: Server;
let buggyUrl = "";
beforeAll(async () => {
  buggy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const upstream = await fetch(`${sandbox.current.url.replace(/\/v2$/, "")}${req.url}`, {
      method: req.method ?? "GET",
      headers: { "x-apikey": String(req.headers["x-apikey"]), "content-type": "application/json" },
      body: req.method === "POST" ? body : null,
    });
    const names = Object.keys(JSON.parse(body || "{}").items?.[0]?.custom_headers ?? {});
    const refuse = upstream.status === 200 && names.some((n) => n.startsWith("x-"));
    res
      .writeHead(refuse ? 400 : upstream.status, { "content-type": "application/json" })
      .end(refuse ? '{"errors":{"json":{}}}' : await upstream.text());
  });
  await new Promise<void>((resolve) => buggy.listen(0, "127.0.0.1", resolve));
  buggyUrl = `http://127.0.0.1:${(buggy.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((resolve) => buggy.close(() => resolve())));

describe("the generated header checks", () => {
  it("use their whole default budget of 60 on a conformant server", async () => {
    const started = performance.now();
    const result = await run(sandbox.current.url);
    const ms = performance.now() - started;
    console.log(`header checks on the embedded sandbox: ${result.requests} requests in ${Math.round(ms)} ms`);
    expect(result.checks.filter((c) => c.outcome === "failed")).toEqual([]);
    expect(result.requests).toBe(60);
    expect(result.headerBudget).toEqual({ limit: 60, used: 60 });
  });

  it("go through the tryout, which creates nothing and delivers nothing beyond loopback (a budget under 15: no creates)", async () => {
    const before = sandbox.current.store.list([1, 2, 3]).length;
    const sent = sandbox.current.requests.length;
    const result = await run(sandbox.current.url, { headerBudget: 14 });
    expect(result.requests).toBe(14);
    const requests = sandbox.current.requests.slice(sent);
    expect(new Set(requests.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(["POST /v2/webhooks/tryout"]));
    expect(sandbox.current.store.list([1, 2, 3]).length).toBe(before);
    expect(sandbox.current.deliveries.filter((d) => d.status !== 0)).toEqual([]);
    // Every check is named for its rule, and warnings are the spec's imprecision, never failures.
    const rules = new Set(result.checks.map((c) => c.check));
    expect(rules).toEqual(
      new Set([
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "positive_data_acceptance",
        "negative_data_rejection",
        "spec_imprecision",
      ]),
    );
    expect(result.checks.filter((c) => c.check === "spec_imprecision").every((c) => c.outcome === "warning")).toBe(
      true,
    );
  });

  it("create a few webhooks only when writes are on, and keep to the budget they were given", async () => {
    const before = sandbox.current.store.list([1]).length;
    const result = await run(sandbox.current.url, { writes: true, headerBudget: 30 });
    expect(result.requests).toBe(30);
    expect(sandbox.current.store.list([1]).length - before).toBe(1); // 30 / 15 = 2 creates: one valid set, one refused
    expect(result.checks.filter((c) => c.outcome === "failed")).toEqual([]);
  });

  it("are off with a budget of 0, and without writes (a tryout is a POST that makes Partoo deliver)", async () => {
    expect((await run(sandbox.current.url, { writes: false })).checks).toEqual([
      expect.objectContaining({ outcome: "skipped", message: expect.stringContaining("PARTOO_CONTRACT_WRITES=1") }),
    ]);
    const result = await run(sandbox.current.url, { headerBudget: 0 });
    expect(result.requests).toBe(0);
    expect(result.checks).toEqual([expect.objectContaining({ outcome: "skipped" })]);
  });

  it("find a bug, shrink it to one header, name the rule and the header, and replay it exactly from the printed seed", async () => {
    const first = await run(buggyUrl);
    const failed = first.checks.filter((c) => c.outcome === "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.check === "positive_data_acceptance")).toBe(true);
    const shrunk = failed.find((c) => c.message.includes("smallest failing set"));
    expect(shrunk?.findings).toEqual([expect.objectContaining({ headerName: "x-" })]);
    const seed = Number(/PARTOO_CONTRACT_SEED=(\d+)/.exec(failed[0]?.message ?? "")?.[1]);
    expect(seed).toBe(first.seed);
    console.log(`first run (seed ${seed}): ${failed[0]?.message}`);

    const again = await run(buggyUrl, { seed });
    const bodies = (r: typeof first) =>
      r.checks.filter((c) => c.check === "status_code_conformance").map((c) => c.request);
    expect(bodies(again)).toEqual(bodies(first));
    expect(again.checks.filter((c) => c.outcome === "failed").map((c) => c.message)).toEqual(
      failed.map((c) => c.message),
    );
    // Names in findings, values never: the request bodies kept hold names and [REDACTED].
    expect(JSON.stringify(again.checks.map((c) => c.request?.body))).not.toMatch(/"x-[^"]*":"(?!\[REDACTED\])/);
  });

  it("print their seed and budget in summary.md", async () => {
    const result = await run(sandbox.current.url, { seed: 7, headerBudget: 5 });
    expect(renderSummary(result, verdictOf(result))).toContain(
      "Seed `7` (PARTOO_CONTRACT_SEED replays the generated header checks, 5 of 5 requests)",
    );
  });
});

describe("PARTOO_CONTRACT_SEED and PARTOO_CONTRACT_HEADER_BUDGET", () => {
  it("are read, with a budget of 60 and a fresh seed by default", () => {
    expect(settingsFromEnv({})).toMatchObject({ seed: undefined, headerBudget: 60 });
    const set = settingsFromEnv({ PARTOO_CONTRACT_SEED: "4294967295", PARTOO_CONTRACT_HEADER_BUDGET: "0" });
    expect(set).toMatchObject({ seed: 4_294_967_295, headerBudget: 0 });
  });

  it("refuse a bad seed, and a budget over the request cap, in one line", () => {
    expect(() => settingsFromEnv({ PARTOO_CONTRACT_SEED: "-1" })).toThrow(ConfigError);
    expect(() => settingsFromEnv({ PARTOO_CONTRACT_SEED: "4294967296" })).toThrow(/PARTOO_CONTRACT_SEED must be/);
    expect(() => settingsFromEnv({ PARTOO_CONTRACT_HEADER_BUDGET: "400" })).toThrow(
      "PARTOO_CONTRACT_HEADER_BUDGET (400) must not exceed PARTOO_CONTRACT_MAX_REQUESTS (300): raise the cap or lower the budget",
    );
  });
});
