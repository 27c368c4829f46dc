import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReports } from "../../contracts/reports/write-reports.js";
import { runContractSuite } from "../../contracts/suite/run-suite.js";
import { createPartooClient, unwrap } from "../../src/index.js";
import { freshTail } from "../helpers.js";

const API_KEY = "redaction-test-api-key-8d1f";
const HEADER_VALUE = "redaction-test-header-value-27c4";
const SECRETS = [API_KEY, HEADER_VALUE];

/** Echoes everything it was sent (headers and body) inside error answers of every kind. */
let mode: "json400" | "html500" | "json200" = "json400";
let url = "";
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const echo = JSON.stringify({ headers: req.headers, body: Buffer.concat(chunks).toString() });
    if (mode === "html500") res.writeHead(500, { "content-type": "text/html" }).end(`<html>${echo}</html>`);
    else if (mode === "json200")
      res.writeHead(200, { "content-type": "application/json" }).end(`{"echo": ${echo}, "trunc`);
    else res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errors: { json: { echo } } }));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Everything a caller, a logger or a snapshot could see of a value. */
const everything = (value: unknown) =>
  [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 20, showHidden: true })].join("\n");
const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
};

const body = {
  items: [
    { url: "https://e.com/h", event_type: "lead_received" as const, custom_headers: { "X-Token": HEADER_VALUE } },
  ],
};

describe("secrets never leave through", () => {
  it("an error body that echoes the request, nor the error built from it", async () => {
    mode = "json400";
    const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: url });
    const result = await partoo.POST("/webhooks", { body });
    expect(JSON.stringify(result.error)).toContain("[REDACTED]"); // the echo was there, and scrubbed
    expectNoSecret(everything(result.error));
    let thrown: unknown;
    try {
      unwrap(result);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeDefined();
    expectNoSecret(everything(thrown));
  });

  it("an HTML error page, through PartooResponseError and its snippet", async () => {
    mode = "html500";
    const error = await createPartooClient({ apiKey: API_KEY, baseUrl: url, maxRetries: 0 })
      .GET("/webhooks")
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("PartooResponseError");
    expectNoSecret(everything(error));
  });

  it("a truncated 200, through PartooResponseError", async () => {
    mode = "json200";
    const error = await createPartooClient({ apiKey: API_KEY, baseUrl: url })
      .POST("/webhooks", { body })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("PartooResponseError");
    expectNoSecret(everything(error));
  });

  it("a validation error, with its violations", async () => {
    const error = await createPartooClient({ apiKey: API_KEY, baseUrl: url })
      .POST("/webhooks", {
        body: {
          items: [
            {
              url: "https://e.com/h",
              event_type: "lead_received",
              custom_headers: { "X-Partoo-T": HEADER_VALUE, "X-Long": `${HEADER_VALUE}${"x".repeat(600)}` },
            },
          ],
        },
      })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("PartooValidationError");
    expectNoSecret(everything(error));
  });

  it("a connection error and its cause chain", async () => {
    const error = await createPartooClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9/v2", maxRetries: 0 })
      .POST("/webhooks", { body })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("PartooConnectionError");
    expectNoSecret(everything(error));
  });

  it("the contract suite's three reports, against a server echoing everything", async () => {
    mode = "json400";
    const run = await runContractSuite({
      baseUrl: url,
      apiKey: API_KEY,
      writes: true,
      hookUrl: "https://e.com/h",
      foreignOrgId: undefined,
      timeoutMs: 2_000,
      maxRequests: 300,
      embedded: false,
    });
    const { secrets, ...report } = run;
    const dir = mkdtempSync(join(tmpdir(), "partoo-redaction-"));
    await writeReports(report, dir, secrets);
    const written = ["junit.xml", "summary.md", "results.json"].map((name) => readFileSync(join(dir, name), "utf8"));
    rmSync(dir, { recursive: true, force: true });
    expect(written[2]).toContain("[REDACTED]"); // the echoed key reached the report, scrubbed
    for (const text of written) expectNoSecret(text);
  });
});

describe("the redaction helpers, one behaviour each", () => {
  it("collects the custom header values of every item of a list, however deep", async () => {
    const { customHeaderValues } = await import("../../src/internal/redact.js");
    const many = {
      items: [
        { url: "https://e.com/a", custom_headers: { "X-A": "value-of-item-0" } },
        { url: "https://e.com/b", custom_headers: { "X-B": "value-of-item-1", "X-N": 5 } },
        [{ custom_headers: { "X-C": "value-nested-in-array" } }],
      ],
    };
    expect(customHeaderValues(many)).toEqual(["value-of-item-0", "value-of-item-1", "value-nested-in-array"]);
    expect(customHeaderValues(null)).toEqual([]);
    expect(customHeaderValues({ custom_headers: null })).toEqual([]);
  });

  it("redacts the second item's header value from an error echo, not only the first's", async () => {
    mode = "json400";
    const partoo = createPartooClient({ apiKey: API_KEY, baseUrl: url, validateRequests: false });
    const second = "second-item-header-value-91b3";
    const twoItems = {
      items: [
        { url: "https://e.com/a", event_type: "lead_received" as const, custom_headers: { "X-A": HEADER_VALUE } },
        { url: "https://e.com/b", event_type: "business_created" as const, custom_headers: { "X-B": second } },
      ],
    };
    const error = await partoo
      .POST("/webhooks", { body: twoItems })
      .then(unwrap)
      .catch((e: unknown) => e);
    expect(everything(error)).not.toContain(second);
    expectNoSecret(everything(error));
  });

  it("leaves strings shorter than MIN_SECRET_LENGTH alone in text, and redacts one of exactly that length", async () => {
    const { MIN_SECRET_LENGTH, redact, REDACTED } = await import("../../src/internal/redact.js");
    const short = "a".repeat(MIN_SECRET_LENGTH - 1);
    expect(redact(`x ${short} y`, [short])).toBe(`x ${short} y`);
    const exact = "b".repeat(MIN_SECRET_LENGTH);
    expect(redact(`x ${exact} y`, [exact])).toBe(`x ${REDACTED} y`);
  });

  it("redacts keys as well as values in a structure, and leaves other values as they are", async () => {
    const { redactDeep, REDACTED } = await import("../../src/internal/redact.js");
    const secret = "structure-secret-77";
    expect(redactDeep({ [secret]: [secret, 3, null, true, { deeper: `pre ${secret}` }] }, [secret])).toEqual({
      [REDACTED]: [REDACTED, 3, null, true, { deeper: `pre ${REDACTED}` }],
    });
  });

  it("cuts a snippet before a marker it would split, and keeps a whole marker", async () => {
    const { snippetOf, REDACTED } = await import("../../src/internal/redact.js");
    const text = `abc ${REDACTED} def`;
    expect(snippetOf(text, 6)).toBe("abc ");
    expect(snippetOf(text, 4 + REDACTED.length)).toBe(`abc ${REDACTED}`);
    expect(snippetOf("a [b] c", 4)).toBe("a [b");
  });

  it("replaces every custom header value with the marker and keeps the names", async () => {
    const { redactCustomHeaders, REDACTED } = await import("../../src/internal/redact.js");
    expect(
      redactCustomHeaders({
        items: [{ url: "u", custom_headers: { "X-A": "v", "X-B": "w" } }, "s", [{ custom_headers: { "X-C": "z" } }]],
      }),
    ).toEqual({
      items: [
        { url: "u", custom_headers: { "X-A": REDACTED, "X-B": REDACTED } },
        "s",
        [{ custom_headers: { "X-C": REDACTED } }],
      ],
    });
  });
});

describe("a secret is found however an echo spells it", () => {
  const secret = "k/ey.é+1";
  it.each([
    ["as itself", "k/ey.é+1"],
    ["as JSON \\u escapes, lower-case hex", "\\u006b\\u002f\\u0065\\u0079\\u002e\\u00e9\\u002b\\u0031"],
    ["as JSON \\u escapes, upper-case hex", "\\u006B\\u002F\\u0065\\u0079\\u002E\\u00E9\\u002B\\u0031"],
    ["percent-encoded, either case (ASCII only)", "%6b%2Fey%2e\u00e9%2B1"],
    ["with JSON's escaped slash", "k\\/ey.é+1"],
    ["mixed", "\\u006b/%65y.\\u00E9+1"],
  ])("%s", async (_, spelled) => {
    const { redact, REDACTED } = await import("../../src/internal/redact.js");
    // A fresh tail each run: patterns are cached per secret, and a cached one would hide a change
    // to how patterns are built (mutation testing reruns this in one process).
    const tail = freshTail();
    expect(redact(`<${spelled}${tail}>`, [secret + tail])).toBe(`<${REDACTED}>`);
  });

  it("reads a secret's regex characters literally, and spells nothing that is not the secret", async () => {
    const { redact } = await import("../../src/internal/redact.js");
    // "." and "+" match only themselves; é is %C3%A9 (UTF-8) or %E9 (Latin-1, as a header carries it), not %E8.
    const tail = freshTail();
    for (const near of ["k/eyXé+1", "k/ey.é++1", "k/ey.%e8+1", "%6G/ey.é+1", "\\u006/ey.é+1", "k/e\\/.é+1"]) {
      expect(redact(near + tail, [secret + tail])).toBe(near + tail);
    }
  });

  it("replaces every occurrence, not only the first", async () => {
    const { redact, REDACTED } = await import("../../src/internal/redact.js");
    const twice = `twice${freshTail()}`;
    expect(redact(`${twice} and ${twice}`, [twice])).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it("matches a character outside the BMP as itself (JSON spells it as a surrogate pair, not one \\u)", async () => {
    const { redact, REDACTED } = await import("../../src/internal/redact.js");
    const astral = `tok😀en${freshTail()}`;
    expect(redact(`a ${astral} b`, [astral])).toBe(`a ${REDACTED} b`);
  });
});

describe("custom header values in a malformed body", () => {
  it("a string where the headers object belongs is a secret too, collected and redacted whole", async () => {
    const { customHeaderValues, redactCustomHeaders, REDACTED } = await import("../../src/internal/redact.js");
    const body = {
      items: [{ url: "https://e.com", custom_headers: "X-Token: a-string-secret" }, { custom_headers: 5 }],
    };
    expect(customHeaderValues(body)).toEqual(["X-Token: a-string-secret"]);
    expect(redactCustomHeaders(body)).toEqual({
      items: [{ url: "https://e.com", custom_headers: REDACTED }, { custom_headers: 5 }],
    });
    expect(customHeaderValues({ url: "https://not-a-header.example", n: 5 })).toEqual([]);
    expect(customHeaderValues({ custom_headers: null, items: [{ custom_headers: 7 }] })).toEqual([]);
  });

  it("a snippet that starts inside a marker is cut to nothing", async () => {
    const { snippetOf, REDACTED } = await import("../../src/internal/redact.js");
    expect(snippetOf(`${REDACTED} tail`, 4)).toBe("");
  });
});
