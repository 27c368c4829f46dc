import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { signature as signing } from "../../generated/webhook-events.js";
import type { CustomHeaders, WebhookEventType } from "../types.js";
import { defaultPayload } from "./default-payloads.js";

/** An Ed25519 key pair that signs deliveries, with its public half in both formats users meet. */
export interface SigningKey {
  privateKey: KeyObject;
  /** SPKI, base64: what `partooPublicKey()` returns and `verifyPartooSignature` takes. */
  publicKey: string;
  /** The same key as PEM, for printing. */
  publicKeyPem: string;
}

/** A fresh key pair, or the one whose private half is given (PEM or KeyObject). */
export function signingKey(privateKey?: KeyObject | string): SigningKey {
  const key =
    privateKey === undefined
      ? generateKeyPairSync("ed25519").privateKey
      : typeof privateKey === "string"
        ? createPrivateKey(privateKey)
        : privateKey;
  if (key.asymmetricKeyType !== "ed25519")
    throw new TypeError(`the signing key must be Ed25519, got ${key.asymmetricKeyType}`);
  const publicKey = createPublicKey(key);
  return {
    privateKey: key,
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

/** One delivery as Partoo sends it: the `{ type, payload }` envelope, signed over its raw bytes. */
export function signedDelivery(
  eventType: WebhookEventType,
  key: KeyObject,
  options: { tryout?: boolean; orgId?: number; customHeaders?: CustomHeaders } = {},
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: eventType, payload: defaultPayload(eventType, options.orgId ?? 1) });
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
