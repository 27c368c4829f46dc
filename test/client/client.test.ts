import { describe, expect, it } from "vitest";
import { servers } from "../../generated/operations.js";
import {
  createPartooClient,
  environmentUrl,
  PartooAuthenticationError,
  PartooBadRequestError,
  PartooNotFoundError,
  PartooPermissionError,
  PartooValidationError,
  unwrap,
} from "../../src/index.js";
import { hookUrl, ORG1_KEY, ORG2_KEY, PROVIDER_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const client = (apiKey = ORG1_KEY, extra: { orgId?: number } = {}) =>
  createPartooClient({ apiKey, baseUrl: sandbox.current.url, ...extra });
const lastRequest = () => sandbox.current.requests.at(-1);

describe("authentication", () => {
  it("sends x-APIKey on every request", async () => {
    await client().GET("/webhooks");
    expect(lastRequest()?.headers["x-apikey"]).toBe(ORG1_KEY);
  });

  it("surfaces a wrong key as a typed 401 with the documented body, without the key", async () => {
    const result = await client("not-a-key").GET("/webhooks");
    expect(result.response.status).toBe(401);
    expect(result.error).toEqual({ errors: { authentication: "User not authenticated" } });
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(PartooAuthenticationError);
    expect(`${error?.message} ${JSON.stringify(error)} ${String(error?.stack)}`).not.toContain("not-a-key");
  });

  it("refuses to start without a key, and never prints it", () => {
    expect(() => createPartooClient({ apiKey: "" })).toThrow(/apiKey is required/);
    expect(() => createPartooClient({ apiKey: "abc\r\nX-Evil: 1" })).toThrow(/CR, LF or NUL \(value not shown\)/);
    const partoo = createPartooClient({ apiKey: "key-in-closure-123" });
    expect(`${String(partoo)} ${JSON.stringify(partoo)}`).not.toContain("key-in-closure-123");
  });
});

describe("org_id", () => {
  it("is added to operations that declare it when orgId is set", async () => {
    await client(PROVIDER_KEY, { orgId: 2 }).GET("/webhooks", { params: { query: { per_page: 5 } } });
    expect(lastRequest()?.query.get("org_id")).toBe("2");
    expect(lastRequest()?.query.get("per_page")).toBe("5");
  });

  it("yields to the call's own org_id", async () => {
    await client(PROVIDER_KEY, { orgId: 2 }).GET("/webhooks", { params: { query: { org_id: 3 } } });
    expect(lastRequest()?.query.getAll("org_id")).toEqual(["3"]);
  });

  it("is not sent when not configured", async () => {
    await client().GET("/webhooks");
    expect(lastRequest()?.query.has("org_id")).toBe(false);
  });

  it("gives a typed 403 for an organization the user may not see", async () => {
    const result = await client(ORG1_KEY, { orgId: 2 }).GET("/webhooks");
    expect(result.error).toEqual({ errors: { authorization: "Operation not allowed" } });
    expect(() => unwrap(result)).toThrow(PartooPermissionError);
  });
});

describe("base URL", () => {
  it("resolves environments from the spec's servers", () => {
    expect(environmentUrl("production")).toBe(servers[0].url);
    expect(environmentUrl("sandbox")).toBe(servers[1].url);
    expect(() => environmentUrl("staging" as never)).toThrow(
      /Unknown environment "staging": expected one of production, sandbox/,
    );
  });

  it("sends to the environment's server, or to baseUrl when given", async () => {
    const seen: string[] = [];
    const recordingFetch = (async (input: RequestInfo | URL) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return new Response('{"items":[]}', { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    await createPartooClient({ apiKey: "k", fetch: recordingFetch }).GET("/webhooks");
    await createPartooClient({ apiKey: "k", fetch: recordingFetch, environment: "sandbox" }).GET("/webhooks");
    await createPartooClient({
      apiKey: "k",
      fetch: recordingFetch,
      environment: "sandbox",
      baseUrl: "http://127.0.0.1:9/v2/",
    }).GET("/webhooks");
    expect(seen).toEqual([
      `${servers[0].url}/webhooks`,
      `${servers[1].url}/webhooks`,
      "http://127.0.0.1:9/v2/webhooks",
    ]);
  });

  it("rejects a baseUrl that is not an http(s) URL", () => {
    expect(() => createPartooClient({ apiKey: "k", baseUrl: "api.partoo.co" })).toThrow(/not an absolute URL/);
    expect(() => createPartooClient({ apiKey: "k", baseUrl: "ftp://x" })).toThrow(/http: or https:/);
  });
});

describe("create, get, tryout", () => {
  it("creates, then reads back the same webhook", async () => {
    const partoo = client(ORG2_KEY);
    const url = hookUrl();
    const created = unwrap(
      await partoo.POST("/webhooks", {
        body: { items: [{ url, event_type: "message_created", custom_headers: { "X-Team": "a" } }] },
      }),
    );
    const id = created.items?.[0]?.id ?? -1;
    const fetched = unwrap(await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } }));
    expect(fetched).toMatchObject({
      id,
      url,
      event_type: "message_created",
      custom_headers: { "X-Team": "a" },
      org_id: 2,
    });
  });

  it("gives a typed 404 with the documented body for an unknown id", async () => {
    const result = await client().GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 999_999 } } });
    expect(result.error).toEqual({ errors: { json: "Resource not found" } });
    expect(() => unwrap(result)).toThrow(PartooNotFoundError);
  });

  it("gives a typed 400 when the server refuses a body the spec allows", async () => {
    // Valid by the schema, refused by the server's own rule: one URL per event type per organization.
    const partoo = client(ORG2_KEY);
    unwrap(await partoo.POST("/webhooks", { body: { items: [{ url: hookUrl(), event_type: "lead_received" }] } }));
    const result = await partoo.POST("/webhooks", {
      body: { items: [{ url: hookUrl(), event_type: "lead_received" }] },
    });
    expect(result.response.status).toBe(400);
    expect(() => unwrap(result)).toThrow(PartooBadRequestError);
  });

  it("tries out a configuration and reports the delivery result", async () => {
    const result = unwrap(
      await client().POST("/webhooks/tryout", {
        body: { items: [{ url: "https://127.0.0.1:9/unreachable", event_type: "business_created" }] },
      }),
    );
    expect(result.items?.[0]).toMatchObject({ event_type: "business_created", status: "error" });
  });
});

describe("request validation", () => {
  const invalidBodies: [string, unknown, string][] = [
    ["missing items", {}, "required"],
    ["missing url", { items: [{ event_type: "lead_received" }] }, "required"],
    ["missing event_type", { items: [{ url: "https://example.com" }] }, "required"],
    [
      "reserved header name",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { "x-PARTOO-a": "v" } }] },
      "pattern",
    ],
    [
      "header name without X-",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { Auth: "v" } }] },
      "pattern",
    ],
    [
      "header name too long",
      {
        items: [
          { url: "https://e.com", event_type: "lead_received", custom_headers: { [`X-${"a".repeat(127)}`]: "v" } },
        ],
      },
      "maxLength",
    ],
    [
      "header value too long",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A": "v".repeat(513) } }] },
      "maxLength",
    ],
    [
      "six headers",
      {
        items: [
          {
            url: "https://e.com",
            event_type: "lead_received",
            custom_headers: Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`X-${i}`, "v"])),
          },
        ],
      },
      "maxProperties",
    ],
    ["http URL", { items: [{ url: "http://e.com/hook", event_type: "lead_received" }] }, "https"],
    ["relative URL", { items: [{ url: "/hook", event_type: "lead_received" }] }, "https"],
    ["undocumented event type", { items: [{ url: "https://e.com", event_type: "lead_recieved" }] }, "eventType"],
    [
      "CR/LF in a header value",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A": "v\r\nX-Evil: 1" } }] },
      "controlCharacters",
    ],
    [
      "LF in a header name",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A\nB": "v" } }] },
      "controlCharacters",
    ],
    [
      "NUL in a header value",
      { items: [{ url: "https://e.com", event_type: "lead_received", custom_headers: { "X-A": "v\0" } }] },
      "controlCharacters",
    ],
  ];

  for (const path of ["/webhooks", "/webhooks/tryout"] as const) {
    for (const [name, body, keyword] of invalidBodies) {
      it(`refuses ${name} on POST ${path}, sending nothing`, async () => {
        const before = sandbox.current.requests.length;
        const error = await client()
          .POST(path, { body: body as never })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PartooValidationError);
        expect((error as PartooValidationError).violations.map((v) => v.keyword)).toContain(keyword);
        expect(sandbox.current.requests.length).toBe(before);
      });
    }
  }

  it("lists every violation with where, rule and header name, never header values", async () => {
    const body = {
      items: [
        {
          url: "http://e.com",
          event_type: "lead_received",
          custom_headers: { "X-Partoo-Key": "hunter2-secret", "X-Ok": "z".repeat(600) },
        },
      ],
    };
    const error = (await client()
      .POST("/webhooks", { body: body as never })
      .catch((e: unknown) => e)) as PartooValidationError;
    // Before: 'header name "X-Partoo-Key" must match pattern "^[Xx]-(?![Pp]…' (the raw regex).
    expect(error.message).toContain(
      '/items/0/custom_headers: header name "X-Partoo-Key" must not start with X-Partoo (any case): the prefix is Partoo\'s own [pattern]',
    );
    expect(error.message).toContain(
      // A value rule, said as one: the old message read 'header name "X-Ok" must NOT have more than 512'.
      '/items/0/custom_headers/X-Ok: value of header "X-Ok" must NOT have more than 512 characters [maxLength]',
    );
    expect(error.message).toContain("/items/0/url: must be an absolute https: URL");
    expect(error.violations).toHaveLength(3);
    expect(`${error.message}${JSON.stringify(error)}`).not.toMatch(/hunter2|zzzz/);
  });

  it("also guards openapi-fetch's generic request()", async () => {
    const before = sandbox.current.requests.length;
    const error = await client()
      .request("post", "/webhooks", { body: { items: [{ url: "http://e.com", event_type: "lead_received" }] } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartooValidationError);
    expect(sandbox.current.requests.length).toBe(before);
  });

  it("can be turned off, and the server then decides", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url, validateRequests: false });
    const result = await partoo.POST("/webhooks", {
      body: { items: [{ url: "http://e.com", event_type: "lead_received" }] },
    });
    expect(result.response.status).toBe(400);
    expect(result.error).toMatchObject({ errors: { json: { "/items/0/url": [expect.stringContaining("https")] } } });
  });
});
