import type { components, paths } from "../generated/openapi-types.js";
import type { PartooEventPayload } from "./webhooks/types.js";

export type { components, paths };

/** A webhook configuration as the API returns it. */
export type Webhook = components["schemas"]["WebhookItem"];
/** The event types the spec documents (the resource's `event_type` enum). */
export type WebhookEventType = components["schemas"]["event_type"];
/** Custom headers Partoo adds to each delivery: names `X-…` (not `X-Partoo…`), at most 5. */
export type CustomHeaders = components["schemas"]["CustomHeaders"];
/**
 * One webhook to create or try out. The spec leaves the request's `event_type` an open string but
 * enumerates it on the resource; we narrow it, so a typo is a compile error rather than a 400.
 */
export type CreateWebhookInput = Omit<components["schemas"]["CreateWebhookPayloadItem"], "event_type"> & {
  /** The event that triggers deliveries: one of the documented event types. */
  event_type: WebhookEventType;
};
type SpecTryoutResult = components["schemas"]["WebhookTryoutResult"];
/**
 * The outcome of one tryout delivery: `status` "success" or "error", and the `payload` sent,
 * typed by the events spec for its `event_type` (narrow on `event_type` to read it). Every field
 * is optional, as the spec has them.
 */
export type TryoutResult<E extends WebhookEventType = WebhookEventType> = {
  [K in E]: Omit<SpecTryoutResult, "event_type" | "payload"> & {
    /** The event type tried. */
    event_type?: K;
    /** The payload delivered, typed by the event type. */
    payload?: PartooEventPayload<K>;
  };
}[E];

/**
 * The error body the spec documents for a status, e.g. `PartooErrorBody<404>` is
 * `{ errors?: { json: string } }`. What `body` holds on the error class for that status.
 */
export type PartooErrorBody<S extends keyof components["responses"]> =
  components["responses"][S]["content"]["application/json"];

type NarrowEventType<T> = T extends readonly (infer Item)[]
  ? NarrowEventType<Item>[]
  : T extends object
    ? {
        [K in keyof T]: K extends "event_type"
          ? T[K] extends string
            ? WebhookEventType
            : T[K]
          : NarrowEventType<T[K]>;
      }
    : T;

/** The spec's `paths`, with every request body's `event_type` narrowed to the documented enum. */
export type PartooPaths = {
  [P in keyof paths]: {
    [M in keyof paths[P]]: {
      [K in keyof paths[P][M]]: K extends "requestBody" ? NarrowEventType<paths[P][M][K]> : paths[P][M][K];
    };
  };
};
