import { describe, expect, it } from "vitest";
import { createPartooClient, PartooValidationError } from "../../src/index.js";
import { ORG1_KEY, useReceiver, useSandbox } from "../helpers.js";

const sandbox = useSandbox();
const receiver = useReceiver();
const BAD = [
  ["a vertical tab", "a\u000bb"],
  ["an escape character", "a\u001bb"],
  ["DEL", "a\u007fb"],
  ["a character above U+00FF", "price in €"],
  ["an emoji", "ok 👍"],
] as const;

describe("custom header values HTTP cannot carry", () => {
  for (const [what, value] of BAD) {
    it(`${what}: the client refuses before sending, naming the header`, async () => {
      const before = sandbox.current.deliveries.length;
      const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
      const error = await partoo.webhooks
        .create({
          url: "https://hooks.example.com/hv",
          event_type: "lead_received",
          custom_headers: { "X-Token": value },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartooValidationError);
      expect((error as Error).message).toMatch(
        /value of header "X-Token" holds a character an HTTP header cannot carry .*\[headerValue\]/,
      );
      expect(sandbox.current.deliveries.length).toBe(before);
    });

    for (const path of ["/webhooks", "/webhooks/tryout"]) {
      it(`${what}: the sandbox answers 400 naming the rule on POST ${path}, not 500`, async () => {
        const response = await fetch(`${sandbox.current.url}${path}`, {
          method: "POST",
          headers: { "x-APIKey": ORG1_KEY, "content-type": "application/json" },
          body: JSON.stringify({
            items: [{ url: receiver.url, event_type: "lead_received", custom_headers: { "X-Token": value } }],
          }),
        });
        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/X-Token.*an HTTP header cannot carry/);
      });
    }
  }

  it("tab, Latin-1 and visible ASCII stay allowed", async () => {
    const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.current.url });
    const [created] = await partoo.webhooks.create({
      url: "https://hooks.example.com/ok-latin1",
      event_type: "business_created",
      custom_headers: { "X-Token": "café\tcrème ~!" },
    });
    expect(created?.custom_headers).toEqual({ "X-Token": "café\tcrème ~!" });
  });
});
