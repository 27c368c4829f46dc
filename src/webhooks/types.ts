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
  [E in PartooEventType]: { type: E; payload: Open<Envelope<E>["payload"]>; isTryout: boolean };
}[PartooEventType];

/** The payload of one event type, e.g. `PartooEventPayload<"lead_received">`. */
export type PartooEventPayload<E extends PartooEventType> = Extract<PartooEvent, { type: E }>["payload"];
