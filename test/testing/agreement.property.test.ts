import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planCases } from "../../contracts/suite/header-sets/index.js";
import { CustomHeaders } from "../../generated/component-schemas.js";
import { createPartooClient, PartooValidationError } from "../../src/index.js";
import { validateRequest } from "../../src/validation.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const CONTROL = /[\r\n\0]/;

const headerName = fc.oneof(
  fc.stringMatching(/^[Xx]-[A-Za-z0-9_.!#$%&'*+^`|~-]{0,30}$/), // valid by construction
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20 }).map((s) => `X-${s}`),
  fc.string({ minLength: 120, maxLength: 135 }).map((s) => `X-${s}`),
  fc
    .constantFrom("X-Partoo", "x-pArToO-", "X-Part", "X-(", "X-a:b", 'X-"', "X-\\", "X-a\r\n", "X-\0")
    .chain((p) => fc.string({ maxLength: 6 }).map((s) => p + s)),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 505, maxLength: 520 }),
  fc
    .tuple(fc.string({ maxLength: 5 }), fc.constantFrom("\r", "\n", "\r\n", "\0"), fc.string({ maxLength: 5 }))
    .map((parts) => parts.join("")),
);
const customHeaders = fc.dictionary(headerName, headerValue, { maxKeys: CustomHeaders.maxProperties + 2 });
const bodyWith = (custom_headers: Record<string, string>) => ({
  items: [{ url: "https://127.0.0.1:9/agreement", event_type: "lead_received" as const, custom_headers }],
});
const hasControlCharacters = (headers: Record<string, string>) =>
  Object.entries(headers).some(([n, v]) => CONTROL.test(n) || CONTROL.test(v));

/** A client whose fetch only counts what it is asked to send. */
function countingClient() {
  let count = 0;
  const stub = (async () => {
    count++;
    return new Response('{"items":[]}', { headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { partoo: createPartooClient({ apiKey: "k", fetch: stub }), sent: () => count };
}

describe("over random custom headers", () => {
  it("the client refuses exactly what the spec refuses, and CR/LF/NUL always, sending nothing", async () => {
    const { partoo, sent } = countingClient();
    await fc.assert(
      fc.asyncProperty(customHeaders, async (headers) => {
        const before = sent();
        const specValid = validateRequest({ method: "POST", path: "/webhooks", body: bodyWith(headers) }).valid;
        const error = await partoo.POST("/webhooks", { body: bodyWith(headers) }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const refused = error instanceof PartooValidationError;
        expect(refused).toBe(!specValid || hasControlCharacters(headers));
        expect(sent() - before).toBe(refused ? 0 : 1);
      }),
      { numRuns: 1000 },
    );
  });

  it("the embedded sandbox answers 400 exactly where the client refuses", async () => {
    const raw = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url, validateRequests: false });
    await fc.assert(
      fc.asyncProperty(customHeaders, async (headers) => {
        const specValid = validateRequest({ method: "POST", path: "/webhooks/tryout", body: bodyWith(headers) }).valid;
        const { response } = await raw.POST("/webhooks/tryout", { body: bodyWith(headers) });
        expect(response.status).toBe(specValid && !hasControlCharacters(headers) ? 200 : 400);
      }),
      { numRuns: 200 },
    );
  });
});

describe("over the contract suite's generated header sets", () => {
  // The same generator the suite sends (contracts/suite/header-sets): the spec, the client and the
  // embedded sandbox must agree on every set of it.
  const cases = [11, 12, 13].flatMap((seed) => planCases(seed, 60).map((p) => p.case));
  const refusedByClient = (c: (typeof cases)[number]) =>
    c.expect === "refuse" || Object.entries(c.headers).some(([n, v]) => CONTROL.test(n) || CONTROL.test(String(v)));

  it("the client refuses exactly the refused sets (and CR/LF/NUL, its own rule), sending nothing for them", async () => {
    const { partoo, sent } = countingClient();
    for (const c of cases) {
      const before = sent();
      const body = bodyWith(c.headers as Record<string, string>);
      const error = await partoo.POST("/webhooks/tryout", { body }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error instanceof PartooValidationError, `${c.family}: ${c.why}`).toBe(refusedByClient(c));
      expect(sent() - before).toBe(refusedByClient(c) ? 0 : 1);
      if (c.broken !== undefined && error instanceof PartooValidationError) {
        expect(error.violations.some((f) => f.headerName === c.broken)).toBe(true);
      }
    }
  });

  it("the embedded sandbox answers 400 exactly where the client refuses", async () => {
    const raw = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url, validateRequests: false });
    for (const c of cases) {
      const { response } = await raw.POST("/webhooks/tryout", { body: bodyWith(c.headers as Record<string, string>) });
      expect(response.status, `${c.family}: ${c.why}`).toBe(refusedByClient(c) ? 400 : 200);
    }
  });
});
