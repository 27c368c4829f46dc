/**
 * `partoo-client/webhooks`: receive Partoo's deliveries safely — Ed25519 signature verification
 * over the raw body, then a typed event narrowed by `type`.
 */
export { eventTypes as PARTOO_EVENT_TYPES } from "../generated/webhook-events.js";
export { PartooEventError, PartooSignatureError } from "./webhooks/errors.js";
export { parsePartooEventFromNode } from "./webhooks/node.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_READ_TIMEOUT_MS,
  type ParseEventOptions,
  parsePartooEvent,
} from "./webhooks/parse.js";
export type { PartooEvent, PartooEventPayload, PartooEventType } from "./webhooks/types.js";
export { partooPublicKey, type VerifyOptions, verifyPartooSignature } from "./webhooks/verify.js";
