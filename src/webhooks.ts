/**
 * `partoo-client/webhooks`: receive Partoo's deliveries safely — Ed25519 signature verification
 * over the raw body (Web Crypto), then a typed event narrowed by `type`. Web standards only, so it
 * runs on Node, Deno, Bun, Cloudflare Workers and edge runtimes; the Node `IncomingMessage`
 * adapter is `partoo-client/webhooks/node`.
 */
export { eventTypes as PARTOO_EVENT_TYPES } from "../generated/webhook-events.js";
export type { webhooks } from "../generated/webhook-events-types.js";
export { PartooEventError, PartooSignatureError } from "./webhooks/errors.js";
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_READ_TIMEOUT_MS,
  type DeliveryHeaders,
  type HeaderSource,
  type ParseEventOptions,
  parsePartooEvent,
  parsePartooEventBody,
} from "./webhooks/parse.js";
export {
  createReplayGuard,
  DEFAULT_REPLAY_MAX_ENTRIES,
  DEFAULT_REPLAY_TTL_MS,
  PartooReplayError,
  type ReplayGuard,
  type ReplayGuardOptions,
  type ReplayStore,
} from "./webhooks/replay.js";
export type { PartooEvent, PartooEventPayload, PartooEventType } from "./webhooks/types.js";
export {
  type PublicKeyInput,
  partooPublicKey,
  type VerifyOptions,
  verifyPartooSignature,
} from "./webhooks/verify.js";
