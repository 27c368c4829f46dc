/**
 * Each fault the sandbox injects, as a raw HTTP answer: what it sends, and that it changes only
 * the one answer it is queued for (never the stored webhooks). Users' own tests rely on these to
 * reproduce Partoo misbehaving.
 */
import { describe, expect, it } from "vitest";
import type { Fault } from "../../src/testing.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox({ seed: 2 });
const get = (path: string) => fetch(`${sandbox.current.url}${path}`, { headers: { "x-APIKey": ORG1_KEY } });
const once = (fault: Fault) => sandbox.current.faults.push({ fault });

describe("sandbox faults, one answer each", () => {
  it("rateLimit: a 429 with the documented body and Retry-After (1 unless given)", async () => {
    once({ kind: "rateLimit" });
    let answer = await get("/webhooks");
    expect([answer.status, answer.headers.get("retry-after"), await answer.json()]).toEqual([
      429,
      "1",
      { errors: { rate_limit: "Too many requests" } },
    ]);
    once({ kind: "rateLimit", retryAfter: "7" });
    answer = await get("/webhooks");
    expect(answer.headers.get("retry-after")).toBe("7");
    expect((await get("/webhooks")).status).toBe(200);
  });

  it("status: that status with a JSON error body, or a gateway's HTML page", async () => {
    once({ kind: "status", status: 502 });
    let answer = await get("/webhooks");
    expect([answer.status, answer.headers.get("content-type"), await answer.json()]).toEqual([
      502,
      "application/json",
      { errors: { server: "Injected failure" } },
    ]);
    once({ kind: "status", status: 503, html: true });
    answer = await get("/webhooks");
    expect([answer.status, answer.headers.get("content-type")]).toEqual([503, "text/html"]);
    expect(await answer.text()).toMatch(/^<html>/);
  });

  it("malformedJson: the first half of the real answer; emptyBody: nothing, as JSON", async () => {
    const whole = await (await get("/webhooks/1")).text();
    once({ kind: "malformedJson" });
    const cut = await (await get("/webhooks/1")).text();
    expect(cut).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    once({ kind: "emptyBody" });
    const empty = await get("/webhooks/1");
    expect([empty.status, empty.headers.get("content-type"), await empty.text()]).toEqual([
      200,
      "application/json",
      "",
    ]);
  });

  it("offSpec: every webhook answered carries a forbidden header name, in a get and in a list; the store is unchanged", async () => {
    once({ kind: "offSpec" });
    const one = (await (await get("/webhooks/1")).json()) as { custom_headers: Record<string, string> };
    expect(one.custom_headers).toEqual({ "X-Seq": "0", "X-Partoo-Injected": "1" });
    once({ kind: "offSpec" });
    const page = (await (await get("/webhooks")).json()) as { items: { custom_headers: object }[] };
    expect(page.items.map((w) => Object.keys(w.custom_headers))).toEqual([
      ["X-Seq", "X-Partoo-Injected"],
      ["X-Seq", "X-Partoo-Injected"],
    ]);
    const after = (await (await get("/webhooks/1")).json()) as { custom_headers: object };
    expect(after.custom_headers).toEqual({ "X-Seq": "0" });
  });

  it("undocumentedProperty: every webhook answered gains partoo_internal_flag; the store is unchanged", async () => {
    once({ kind: "undocumentedProperty" });
    expect(await (await get("/webhooks/1")).json()).toHaveProperty("partoo_internal_flag", true);
    once({ kind: "undocumentedProperty" });
    const page = (await (await get("/webhooks")).json()) as { page: number; items: object[] };
    expect(page.items.every((w) => "partoo_internal_flag" in w)).toBe(true);
    expect(page).not.toHaveProperty("partoo_internal_flag");
    expect(await (await get("/webhooks/1")).json()).not.toHaveProperty("partoo_internal_flag");
  });

  it("latency: the answer comes late but whole", async () => {
    once({ kind: "latency", ms: 150 });
    const started = Date.now();
    const answer = await get("/webhooks/1");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.status).toBe(200);
  });
});
