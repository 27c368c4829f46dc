/**
 * The sample payloads a tryout and `sendTestDelivery` send. They are part of the testing API: a
 * user's receiver test sees exactly these values and may assert on them, so each is pinned here,
 * and changing one is a change to announce in the CHANGELOG.
 */
import { describe, expect, it } from "vitest";
import { eventTypes } from "../../generated/webhook-events.js";
import { defaultPayload } from "../../src/testing/default-payloads.js";

const isoNow = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

function business(orgId: number) {
  return {
    id: "5f5a1b2c3d4e5f6a7b8c9d0e",
    org_id: orgId,
    name: "Sandbox Bakery",
    address_full: "1 rue de la Paix",
    city: "Paris",
    zipcode: "75002",
    country: "FR",
    status: "open",
    created: expect.any(Number),
    modified: expect.any(Number),
  };
}

describe("defaultPayload", () => {
  it.each(["business_created", "business_updated", "business_deleted"] as const)(
    "%s: the business, in the caller's organization",
    (eventType) => {
      expect(defaultPayload(eventType, 7)).toEqual({ business: business(7) });
    },
  );

  it.each(["message_created", "message_updated"] as const)(
    "%s: the message, its conversation with the business, and the organization",
    (eventType) => {
      expect(defaultPayload(eventType, 7)).toEqual({
        message: {
          id: 1,
          content: "Hello",
          content_type: "Text",
          sender_type: "Consumer",
          status: "Success",
          date: isoNow,
        },
        conversation: { id: 1, business_id: "5f5a1b2c3d4e5f6a7b8c9d0e" },
        org_id: 7,
      });
    },
  );

  it("lead_received: the lead with a text answer and an opt-in", () => {
    expect(defaultPayload("lead_received", 7)).toEqual({
      id: "lead-1",
      source: "chatbot",
      created_at: isoNow,
      chatbot_id: 1,
      chatbot_name: "Sandbox bot",
      business_name: "Sandbox Bakery",
      store_code: "SANDBOX-1",
      values: [
        { id: "q1", type: "TEXT", name: "Name", value: "Ada" },
        { id: "q2", type: "OPT_IN", name: "Newsletter", value: true },
      ],
    });
  });

  it("every event type has one, with timestamps of now (Unix seconds, ISO 8601)", () => {
    for (const eventType of eventTypes) expect(defaultPayload(eventType, 1)).toBeTypeOf("object");
    const before = Date.now();
    const { business: made } = defaultPayload("business_created", 1) as {
      business: { created: number; modified: number };
    };
    const { created_at } = defaultPayload("lead_received", 1) as { created_at: string };
    const after = Date.now();
    for (const seconds of [made.created, made.modified]) {
      expect(seconds).toBeGreaterThanOrEqual(before / 1000);
      expect(seconds).toBeLessThanOrEqual(after / 1000);
    }
    expect(Date.parse(created_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(created_at)).toBeLessThanOrEqual(after);
  });
});
