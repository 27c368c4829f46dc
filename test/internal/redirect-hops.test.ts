/**
 * fetchWithinOrigin hop by hop, with a scripted fetch that records what each hop sent: which
 * answers are followed, which are returned as answers, which refused and what the refusal says.
 * (test/security/redirects.test.ts proves the same policy end to end against real servers.)
 */

import { describe, expect, it } from "vitest";
import { PartooRedirectError } from "../../src/errors.js";
import { fetchWithinOrigin, MAX_REDIRECTS } from "../../src/internal/redirects.js";
import { scriptedFetch } from "../helpers.js";

type Sent = { url: string; method: string; body: unknown; redirect: unknown };
type Answer = { status: number; location?: string; type?: string; body?: null };

/** A fetch answering from `script` in turn (then 200), recording each request. */
function scripted(script: Answer[]) {
  const sent: Sent[] = [];
  let cancelled = 0;
  // Not a real Response: a redirect's `type` and a body whose cancel() is counted.
  const fake = (answer: Answer) => () => {
    const headers = new Headers(answer.location === undefined ? {} : { location: answer.location });
    const body = answer.body === null ? null : new ReadableStream({ cancel: () => void cancelled++ });
    return { type: answer.type ?? "basic", status: answer.status, headers, body } as unknown as Response;
  };
  const { fetchFn } = scriptedFetch(script.map(fake), fake({ status: 200 }), ({ url, init }) =>
    sent.push({ url, method: String(init.method), body: init.body, redirect: init.redirect }),
  );
  return { fetchFn, sent, cancelled: () => cancelled };
}

const API = "https://api.example.test/v2/webhooks";
const request = (method: string, body: string | null = null) => ({ method, url: API, headers: {}, body });

describe("fetchWithinOrigin follows within the origin", () => {
  it.each([301, 302, 303, 307, 308])(
    "a %i GET to a relative Location: followed, as a GET, manual redirect each hop",
    async (status) => {
      const { fetchFn, sent } = scripted([{ status, location: "/v2/moved" }]);
      const response = await fetchWithinOrigin(fetchFn, request("GET"));
      expect(response.status).toBe(200);
      expect(sent.map((s) => [s.method, s.url, s.redirect])).toEqual([
        ["GET", API, "manual"],
        ["GET", "https://api.example.test/v2/moved", "manual"],
      ]);
    },
  );

  it("a 302 HEAD stays a HEAD", async () => {
    const { fetchFn, sent } = scripted([{ status: 302, location: "/v2/moved" }]);
    await fetchWithinOrigin(fetchFn, request("HEAD"));
    expect(sent.map((s) => s.method)).toEqual(["HEAD", "HEAD"]);
  });

  it("a 307 or 308 POST is sent again with its body", async () => {
    for (const status of [307, 308]) {
      const { fetchFn, sent } = scripted([{ status, location: `${API}/again` }]);
      await fetchWithinOrigin(fetchFn, request("POST", '{"items":[]}'));
      expect(sent.map((s) => [s.method, s.body])).toEqual([
        ["POST", '{"items":[]}'],
        ["POST", '{"items":[]}'],
      ]);
    }
  });

  it("cancels each redirect's body, and copes with a redirect that has none", async () => {
    const { fetchFn, cancelled } = scripted([
      { status: 302, location: "/v2/a" },
      { status: 302, location: "/v2/b", body: null },
    ]);
    expect((await fetchWithinOrigin(fetchFn, request("GET"))).status).toBe(200);
    expect(cancelled()).toBe(1);
  });

  it(`follows ${MAX_REDIRECTS} hops and refuses the next, saying so`, async () => {
    const hops = (n: number) => Array.from({ length: n }, (_, i) => ({ status: 302, location: `/v2/hop${i}` }));
    const ok = scripted(hops(MAX_REDIRECTS));
    expect((await fetchWithinOrigin(ok.fetchFn, request("GET"))).status).toBe(200);
    const tooMany = scripted(hops(MAX_REDIRECTS + 1));
    const error = await fetchWithinOrigin(tooMany.fetchFn, request("GET")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooRedirectError);
    expect((error as Error).message).toBe(
      `GET ${API}: too many redirects (more than ${MAX_REDIRECTS} within https://api.example.test)`,
    );
    expect(tooMany.sent).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe("fetchWithinOrigin answers or refuses", () => {
  it("returns a 3xx without a Location as the answer, and a 300 or 304 as they are", async () => {
    for (const answer of [{ status: 302 }, { status: 300, location: "/v2/x" }, { status: 304, location: "/v2/x" }]) {
      const { fetchFn, sent, cancelled } = scripted([answer]);
      expect((await fetchWithinOrigin(fetchFn, request("GET"))).status).toBe(answer.status);
      expect(sent).toHaveLength(1);
      expect(cancelled()).toBe(0); // an answer keeps its body for the caller to read
    }
  });

  it("refuses another origin, naming method, URL, status and the origin only", async () => {
    const { fetchFn, sent } = scripted([{ status: 307, location: "https://evil.example:8443/steal?k=1" }]);
    const error = (await fetchWithinOrigin(fetchFn, request("POST", "{}")).catch(
      (e: unknown) => e,
    )) as PartooRedirectError;
    expect(error).toBeInstanceOf(PartooRedirectError);
    expect(error.message).toBe(
      `POST ${API} was redirected (307) to another origin, https://evil.example:8443: not followed, so the API key stays with https://api.example.test`,
    );
    expect(sent).toHaveLength(1);
  });

  it.each([301, 302, 303])("refuses a %i POST within the origin: following it would make it a GET", async (status) => {
    const { fetchFn, sent } = scripted([{ status, location: "/v2/moved" }]);
    const error = await fetchWithinOrigin(fetchFn, request("POST", "{}")).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `POST ${API} answered ${status}: following it would resend the POST as a GET, so it was not followed`,
    );
    expect(sent).toHaveLength(1);
  });

  it("refuses a Location it cannot read", async () => {
    const { fetchFn } = scripted([{ status: 302, location: "http://[not-a-host" }]);
    const error = await fetchWithinOrigin(fetchFn, request("GET")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooRedirectError);
    expect((error as Error).message).toBe(`GET ${API} answered 302 with an unreadable Location: not followed`);
  });

  it("refuses a redirect the runtime hides (a browser's opaqueredirect)", async () => {
    const { fetchFn } = scripted([{ status: 0, type: "opaqueredirect" }]);
    const error = await fetchWithinOrigin(fetchFn, request("GET")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooRedirectError);
    expect((error as Error).message).toBe(`GET ${API} was redirected to a target this runtime hides: not followed`);
  });
});
