import type { WebhookEventType } from "../types.js";

/**
 * What a tryout sends when there is no real data, shaped as Partoo's event pages document
 * (see shared/PARTOO-NOTES.md). Values are made up; the shapes are the point.
 */
export function defaultPayload(eventType: WebhookEventType, orgId: number): Record<string, unknown> {
  const now = new Date().toISOString();
  const business = {
    id: "5f5a1b2c3d4e5f6a7b8c9d0e",
    org_id: orgId,
    name: "Sandbox Bakery",
    address_full: "1 rue de la Paix",
    city: "Paris",
    zipcode: "75002",
    country: "FR",
    status: "open",
    created: Date.now() / 1000,
    modified: Date.now() / 1000,
  };
  switch (eventType) {
    case "business_created":
    case "business_updated":
    case "business_deleted":
      return { business };
    case "message_created":
    case "message_updated":
      return {
        message: {
          id: 1,
          content: "Hello",
          content_type: "Text",
          sender_type: "Consumer",
          status: "Success",
          date: now,
        },
        conversation: { id: 1, business_id: business.id },
        org_id: orgId,
      };
    case "lead_received":
      return {
        id: "lead-1",
        source: "chatbot",
        created_at: now,
        chatbot_id: 1,
        chatbot_name: "Sandbox bot",
        business_name: business.name,
        store_code: "SANDBOX-1",
        values: [
          { id: "q1", type: "TEXT", name: "Name", value: "Ada" },
          { id: "q2", type: "OPT_IN", name: "Newsletter", value: true },
        ],
      };
  }
}
