import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { signature as signing } from "../../generated/webhook-events.js";
import type { CustomHeaders, WebhookEventType } from "../types.js";
import { defaultPayload } from "./default-payloads.js";

/** An Ed25519 key pair that signs deliveries, with its public half in both formats users meet. */
export interface SigningKey {
  /** The private half, which signs. */
  privateKey: KeyObject;
  /** SPKI, base64: what `partooPublicKey()` returns and `verifyPartooSignature` takes. */
  publicKey: string;
  /** The same key as PEM, for printing. */
  publicKeyPem: string;
}

function privateKeyFromPem(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    // The key itself is never repeated: it is a secret.
    throw new TypeError(
      'privateKey is not a PEM private key (value not shown): expected an Ed25519 key, e.g. from generateKeyPairSync("ed25519")',
    );
  }
}

/** A fresh key pair, or the one whose private half is given (PEM or KeyObject). */
export function signingKey(privateKey?: KeyObject | string): SigningKey {
  const key =
    privateKey === undefined
      ? generateKeyPairSync("ed25519").privateKey
      : typeof privateKey === "string"
        ? privateKeyFromPem(privateKey)
        : privateKey;
  if (typeof key?.asymmetricKeyType !== "string")
    throw new TypeError("privateKey must be an Ed25519 private key as PEM or a KeyObject");
  if (key.asymmetricKeyType !== "ed25519")
    throw new TypeError(`the signing key must be Ed25519, got ${key.asymmetricKeyType}`);
  const publicKey = createPublicKey(key);
  return {
    privateKey: key,
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

interface SignOptions {
  /** Adds the tryout header, as a tryout delivery carries it (unsigned, as Partoo sends it). */
  tryout?: boolean;
  /** Custom headers the delivery carries, as a webhook's `custom_headers` would add them. */
  customHeaders?: CustomHeaders;
}

/** A raw body with the headers Partoo sends along, its signature over exactly these bytes. */
function signBody(
  body: string,
  key: KeyObject,
  options: SignOptions,
): { body: string; headers: Record<string, string> } {
  return {
    body,
    headers: {
      "content-type": "application/json",
      ...options.customHeaders,
      ...(options.tryout ? { [signing.tryoutHeader]: "true" } : {}),
      [signing.header]: sign(null, Buffer.from(body), key).toString("base64"),
    },
  };
}

/** One delivery as Partoo sends it: the `{ type, payload }` envelope, signed over its raw bytes. */
export function signedDelivery(
  eventType: WebhookEventType,
  key: KeyObject,
  options: SignOptions & { orgId?: number } = {},
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: eventType, payload: defaultPayload(eventType, options.orgId ?? 1) });
  return signBody(body, key, options);
}

/** Options of `signPartooDelivery`. */
export interface SignDeliveryOptions extends SignOptions {
  /** The Ed25519 private key to sign with, PEM or KeyObject (default: a fresh one, whose public half is returned). */
  privateKey?: KeyObject | string;
}

/** A signed delivery: what to send a handler, and the key that verifies it. */
export interface SignedDelivery {
  /** The raw body: the envelope's JSON, or the text given, byte for byte. */
  body: string;
  /** `content-type`, `x-partoo-signature-v1` (and the tryout and custom headers when asked). */
  headers: Record<string, string>;
  /** Verify with this (SPKI, base64): `parsePartooEvent(request, { publicKey })`. */
  publicKey: string;
  /** The same key as PEM. */
  publicKeyPem: string;
}

/**
 * Signs a delivery for a unit test of your handler, with no HTTP: build a `Request` (or a
 * framework's test request) from `body` and `headers`, and give your handler `publicKey`. Like
 * Stripe's `generateTestHeaderString` or Svix's `sign`. `delivery` is the `{ type, payload }`
 * envelope, or its raw JSON text (signed as given, unchecked, to test how a handler refuses one).
 *
 * @example
 * const { body, headers, publicKey } = await signPartooDelivery({ type: "lead_received", payload });
 * const event = await parsePartooEvent(new Request("http://test/hook", { method: "POST", headers, body }), { publicKey });
 */
export async function signPartooDelivery(
  delivery: { type: string; payload: unknown } | string,
  options: SignDeliveryOptions = {},
): Promise<SignedDelivery> {
  let body: string;
  if (typeof delivery === "string") body = delivery;
  else {
    const { type, payload } = (delivery ?? {}) as { type?: unknown; payload?: unknown };
    if (typeof type !== "string" || typeof payload !== "object" || payload === null || Array.isArray(payload)) {
      throw new TypeError("delivery must be the { type, payload } envelope (payload an object) or its raw JSON text");
    }
    body = JSON.stringify({ type, payload });
  }
  const key = signingKey(options.privateKey);
  const signed = signBody(body, key.privateKey, options);
  return { ...signed, publicKey: key.publicKey, publicKeyPem: key.publicKeyPem };
}
