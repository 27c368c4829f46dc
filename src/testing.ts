/**
 * `partoo-client/testing` (Node): test your integration without Partoo. `startSandbox` serves
 * Partoo's webhook endpoints on loopback (stateful, validating as the spec says, with fault
 * injection and signed tryout deliveries); `sendTestDelivery` sends one signed sample delivery of
 * any event type to your receiver, like `stripe trigger`.
 */
import type { KeyObject } from "node:crypto";
import { eventTypes } from "../generated/webhook-events.js";
import { checkOptionNames, optionNames } from "./internal/option-names.js";
import { deliver } from "./testing/deliver.js";
import { type SigningKey, signedDelivery, signingKey } from "./testing/signing.js";
import type { CustomHeaders, WebhookEventType } from "./types.js";

export type { Fault, FaultQueue, QueuedFault } from "./testing/faults.js";
export type { DeliveryRecord } from "./testing/partoo.js";
export type { SandboxRateLimit } from "./testing/rate-limit.js";
export { type RecordedRequest, type Sandbox, type SandboxOptions, startSandbox } from "./testing/server.js";
export {
  type SignDeliveryOptions,
  type SignedDelivery,
  signPartooDelivery,
} from "./testing/signing.js";
export { DEFAULT_USERS, type NewWebhook, type SandboxUser, type WebhookStore } from "./testing/state.js";
export type { SigningKey };

/**
 * An Ed25519 key pair for test deliveries (a fresh one, or the pair of the private key given), so
 * a receiver can be set up with the public key before anything is sent.
 *
 * @example
 * const key = createTestSigningKey();
 * // start your receiver with key.publicKey, then:
 * await sendTestDelivery("lead_received", "http://127.0.0.1:3000/hook", { privateKey: key.privateKey });
 */
export function createTestSigningKey(privateKey?: KeyObject | string): SigningKey {
  return signingKey(privateKey);
}

/** How `sendTestDelivery` signs and sends. */
export interface TestDeliveryOptions {
  /**
   * The Ed25519 private key to sign with, PEM or KeyObject (default: a fresh one, whose public
   * half is returned). To know the public key before delivering, make the pair first with
   * `createTestSigningKey()` and pass its `privateKey`.
   */
  privateKey?: KeyObject | string;
  /** Mark it as a tryout (`X-Partoo-Webhook-Tryout`). */
  tryout?: boolean;
  /** Custom headers to send along, as a configured webhook would. */
  customHeaders?: CustomHeaders;
  /** Default 5 000 ms. */
  timeoutMs?: number;
}

/** What `sendTestDelivery` sent and what the receiver answered. */
export interface TestDeliveryResult {
  /** The receiver's status, or 0 when it could not be reached. */
  status: number;
  /** Verify with this (SPKI, base64): `parsePartooEvent(request, { publicKey })`. */
  publicKey: string;
  /** The same key as PEM. */
  publicKeyPem: string;
  /** The raw body sent. */
  body: string;
}

const DELIVERY_OPTION_NAMES = optionNames<TestDeliveryOptions>({
  privateKey: true,
  tryout: true,
  customHeaders: true,
  timeoutMs: true,
});

/**
 * Sends one realistic, signed delivery of `eventType` to `url` (http or https; any host: the URL
 * is yours) and resolves with the receiver's status and the key to verify it with.
 *
 * @example
 * const { status, publicKey } = await sendTestDelivery("lead_received", "http://127.0.0.1:3000/hook");
 */
export async function sendTestDelivery(
  eventType: WebhookEventType,
  url: string,
  options: TestDeliveryOptions = {},
): Promise<TestDeliveryResult> {
  checkOptionNames("sendTestDelivery", options, DELIVERY_OPTION_NAMES);
  if (!(eventTypes as readonly string[]).includes(eventType)) {
    throw new TypeError(`unknown event type ${JSON.stringify(eventType)}: expected one of ${eventTypes.join(", ")}`);
  }
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`url ${JSON.stringify(url)} is not an absolute URL: expected e.g. http://127.0.0.1:3000/hook`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new TypeError(`url must be http: or https:, got ${target.protocol}`);
  }
  const key = signingKey(options.privateKey);
  const delivery = signedDelivery(eventType, key.privateKey, {
    ...(options.tryout === undefined ? {} : { tryout: options.tryout }),
    ...(options.customHeaders === undefined ? {} : { customHeaders: options.customHeaders }),
  });
  const status = await deliver(
    { url, ...delivery },
    { allowExternal: true, allowHttp: true, timeoutMs: options.timeoutMs ?? 5_000 },
  );
  return { status, publicKey: key.publicKey, publicKeyPem: key.publicKeyPem, body: delivery.body };
}
