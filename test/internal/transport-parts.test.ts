/**
 * The transport's parts one behaviour at a time, with a scripted fetch (no network): which
 * content types count as JSON and what each bad answer is called, the cap before a byte is read,
 * the backoff schedule, when a wait is cut short, and the rotating key's edge cases.
 * (reliability, concurrency and security tests prove the same end to end on loopback.)
 */

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  PartooAbortError,
  type PartooError,
  PartooRedirectError,
  PartooResponseError,
  PartooResponseTooLargeError,
} from "../../src/errors.js";
import { checkResponse, createTransport, readAnswer } from "../../src/internal/transport.js";
import { scriptedFetch } from "../helpers.js";

const URL_ = "https://api.example.test/v2/webhooks";
const summary = { method: "GET", url: URL_ };
const bytes = (text: string) => new TextEncoder().encode(text);
/** Only the status and headers: checkResponse takes the body as the bytes already read. */
const answer = (status: number, contentType?: string) =>
  new Response(null, { status, headers: contentType === undefined ? {} : { "content-type": contentType } });
const check = (status: number, text: string, contentType?: string, secrets: string[] = []) => {
  try {
    return checkResponse(answer(status, contentType), bytes(text), summary, secrets);
  } catch (error) {
    return error as PartooResponseError;
  }
};
const problem = (result: unknown) =>
  result instanceof PartooResponseError ? result.message.split(": ")[1]?.split(" (status")[0] : "accepted";

describe("checkResponse: what counts as JSON", () => {
  it.each([
    ["application/json", "accepted"],
    ["Application/JSON; charset=utf-8", "accepted"],
    ["  application/json", "accepted"],
    ["application/problem+json", "accepted"],
    ["application/vnd.partoo.v2+json", "accepted"],
    ["text/application/json", "body is not JSON"],
    ["application/jsonp", "body is not JSON"],
    ["application/+json", "body is not JSON"],
    ["text/html", "body is not JSON"],
    [undefined, "body is not JSON"],
  ])("%s on a 200: %s", (contentType, expected) => {
    expect(problem(check(200, '{"a":1}', contentType))).toBe(expected);
  });

  it("names a missing content type as none, not null", () => {
    const error = check(200, "{}") as PartooResponseError;
    expect(error.contentType).toBe("");
    expect(error.message).toContain("content-type none");
  });
});

describe("checkResponse: each bad answer by name", () => {
  it("a 200 with only whitespace is empty, not malformed; a 200 with broken JSON is malformed", () => {
    expect(problem(check(200, " \n ", "application/json"))).toBe("empty body where JSON was expected");
    expect(problem(check(200, "{", "application/json"))).toBe("body is malformed JSON");
  });

  it("an error answer: blank non-JSON passes as empty, an HTML page does not", async () => {
    const blank = check(503, " \n", "text/plain") as Response;
    expect(blank.status).toBe(503);
    expect(await blank.text()).toBe("");
    expect(problem(check(502, "<html>bad gateway</html>", "text/html"))).toBe("error body is not JSON");
  });

  it("an error answer claiming JSON: blank is empty, broken is malformed, valid is redacted", async () => {
    expect(await (check(500, "  ", "application/json") as Response).text()).toBe("");
    expect(problem(check(500, "{oops", "application/json"))).toBe("error body is malformed JSON");
    const echoed = check(400, '{"errors":{"json":"bad key sk-secret-123"}}', "application/json", ["sk-secret-123"]);
    expect(await (echoed as Response).text()).toBe('{"errors":{"json":"bad key [REDACTED]"}}');
  });
});

describe("readAnswer", () => {
  it("refuses a declared Content-Length above the cap without reading a byte, and releases the body", async () => {
    let cancelled = false;
    const never = new ReadableStream<Uint8Array>({
      pull: () => new Promise(() => {}),
      cancel: () => {
        cancelled = true;
      },
    });
    const response = new Response(never, { status: 200, headers: { "content-length": "100" } });
    const error = await readAnswer(response, summary, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooResponseTooLargeError);
    expect((error as PartooResponseTooLargeError).contentType).toBe("");
    expect(cancelled).toBe(true);
  });
});

const ok = () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
/** A fetch answering from `script` in turn (then 200 {}), counting the calls. */
const scripted = (script: (() => Response)[], onCall?: (n: number) => void) =>
  scriptedFetch(script, ok, onCall && (({ call }) => onCall(call)));
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response("{}", { status: code, headers: { "content-type": "application/json", ...headers } });
const get = (init: RequestInit = {}) => new Request(URL_, init);

describe("the retry schedule", () => {
  afterEach(() => vi.restoreAllMocks());

  it("backs off by full jitter under a ceiling that doubles from baseDelayMs and stops at maxDelayMs", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      if (ms !== undefined && ms < 1_000) delays.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout);
    const { fetchFn } = scripted([status(503), status(503), status(503)]);
    const send = createTransport({
      fetch: fetchFn,
      secrets: [],
      maxRetries: 3,
      baseDelayMs: 100,
      maxDelayMs: 150,
      timeoutMs: 5_000,
    });
    expect((await send(get())).status).toBe(200);
    expect(delays).toEqual([50, 75, 75]);
  });

  it("waits a Retry-After equal to maxRetryAfterMs, and returns the answer when it is longer", async () => {
    const equal = scripted([status(503, { "retry-after": "1" })]);
    const send = createTransport({ fetch: equal.fetchFn, secrets: [], maxRetryAfterMs: 1_000 });
    expect((await send(get())).status).toBe(200);
    expect(equal.calls()).toBe(2);
    const longer = scripted([status(503, { "retry-after": "2" })]);
    const impatient = createTransport({ fetch: longer.fetchFn, secrets: [], maxRetryAfterMs: 1_000 });
    expect((await impatient(get())).status).toBe(503);
    expect(longer.calls()).toBe(1);
  });

  it("never retries its own refusal (a redirect to another origin), even for a GET", async () => {
    const { fetchFn, calls } = scripted([
      () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/x" } }),
    ]);
    const send = createTransport({ fetch: fetchFn, secrets: [], baseDelayMs: 1 });
    await expect(send(get())).rejects.toBeInstanceOf(PartooRedirectError);
    expect(calls()).toBe(1);
  });

  it("a caller abort during a backoff wait ends it at once, counting only the attempts made", async () => {
    const controller = new AbortController();
    const { fetchFn, calls } = scripted([status(503)]);
    const send = createTransport({ fetch: fetchFn, secrets: [], baseDelayMs: 60_000, signal: controller.signal });
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    const started = Date.now();
    const pending = send(get()).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = (await pending) as PartooAbortError;
    expect(error).toBeInstanceOf(PartooAbortError);
    expect(error.attempts).toBe(1);
    expect(calls()).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a caller abort that lands with the answer skips the wait altogether", async () => {
    const controller = new AbortController();
    const { fetchFn, calls } = scripted([status(503)], () => controller.abort());
    const send = createTransport({ fetch: fetchFn, secrets: [], baseDelayMs: 60_000, signal: controller.signal });
    const error = (await Promise.race([
      send(get()).catch((e: unknown) => e),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 2_000)),
    ])) as PartooAbortError;
    expect(error).toBeInstanceOf(PartooAbortError);
    expect(error.attempts).toBe(1);
    expect(calls()).toBe(1);
  });
});

describe("a rotating key", () => {
  it("is asked again only after a 401: a 200 is one request, whatever the callback returns next", async () => {
    let n = 0;
    const { fetchFn, calls } = scripted([]);
    const send = createTransport({ fetch: fetchFn, secrets: [], apiKey: () => `rotating-key-${n++}` });
    expect((await send(get())).status).toBe(200);
    expect(calls()).toBe(1);
  });

  it("a callback that fails after a 401 leaves the 401 as the answer", async () => {
    let n = 0;
    const { fetchFn, calls } = scripted([status(401)]);
    const send = createTransport({
      fetch: fetchFn,
      secrets: [],
      apiKey: () => {
        if (n++ > 0) throw new Error("vault down");
        return "first-key-123";
      },
    });
    expect((await send(get())).status).toBe(401);
    expect(calls()).toBe(1);
  });

  it("refuses a blank key, and keeps a redacted copy of the callback's own error as the cause", async () => {
    const { fetchFn, calls } = scripted([]);
    const blank = createTransport({ fetch: fetchFn, secrets: [], apiKey: () => "   " });
    await expect(blank(get())).rejects.toThrow(/must resolve to a non-empty string/);
    const cause = new Error("vault down");
    const failing = createTransport({
      fetch: fetchFn,
      secrets: [],
      apiKey: () => {
        throw cause;
      },
    });
    const error = (await failing(get()).catch((e: unknown) => e)) as PartooError;
    // A copy through the redaction boundary (the caller's error may quote a key), same name and message.
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).toMatchObject({ name: "Error", message: "vault down" });
    expect(calls()).toBe(0);
  });
});

describe("a request body that is not JSON", () => {
  it("is sent as it is: no custom header values to collect, no crash", async () => {
    const { fetchFn, calls } = scripted([]);
    const send = createTransport({ fetch: fetchFn, secrets: [] });
    expect((await send(new Request(URL_, { method: "POST", body: "plain text" }))).status).toBe(200);
    expect(calls()).toBe(1);
  });
});
