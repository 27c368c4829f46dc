import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CustomHeaders } from "../generated/component-schemas.js";
import { createPartooClient, PartooValidationError } from "../src/index.js";
import { validateRequest } from "../src/validation.js";
import { ORG1_KEY, useSandbox } from "./helpers.js";

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

describe("over random custom headers", () => {
  it("the client refuses exactly what the spec refuses, and CR/LF/NUL always, sending nothing", async () => {
    let sent = 0;
    const stub = (async () => {
      sent++;
      return new Response('{"items":[]}', { headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const partoo = createPartooClient({ apiKey: "k", fetch: stub });
    await fc.assert(
      fc.asyncProperty(customHeaders, async (headers) => {
        const before = sent;
        const specValid = validateRequest({ method: "POST", path: "/webhooks", body: bodyWith(headers) }).valid;
        const error = await partoo.POST("/webhooks", { body: bodyWith(headers) }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const refused = error instanceof PartooValidationError;
        expect(refused).toBe(!specValid || hasControlCharacters(headers));
        expect(sent - before).toBe(refused ? 0 : 1);
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
