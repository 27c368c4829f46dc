import type { webhooks } from "../../generated/webhook-events-types.js";

/** A closed string union made open: the known values still autocomplete, new ones still type-check. */
type Open<T> = T extends string
  ? string extends T
    ? T
    : T | (string & {})
  : T extends readonly (infer Item)[]
    ? Open<Item>[]
    : T extends object
      ? { [K in keyof T]: Open<T[K]> }
      : T;

type Envelope<E extends keyof webhooks> = webhooks[E]["post"]["requestBody"]["content"]["application/json"];

/** The event types Partoo documents. */
export type PartooEventType = keyof webhooks;

/** One delivery, narrowed by `type`. Payload enums are open: Partoo adds values without notice. */
export type PartooEvent = {
  [E in PartooEventType]: {
    /** The event type, which narrows `payload`. */
    type: E;
    /** The event's data, as the events spec describes it. */
    payload: Open<Envelope<E>["payload"]>;
    /** True for a sample sent by a tryout (`X-Partoo-Webhook-Tryout`), not a real event. */
    isTryout: boolean;
  };
}[PartooEventType];

/** The payload of one event type, e.g. `PartooEventPayload<"lead_received">`. */
export type PartooEventPayload<E extends PartooEventType> = Extract<PartooEvent, { type: E }>["payload"];
