import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { signature as signing } from "../../generated/webhook-events.js";
import type { PartooEnvironment } from "../environments.js";

export interface VerifyOptions {
  /** The raw body exactly as received: never a parsed-then-re-serialised object. */
  body: string | Uint8Array | ArrayBuffer;
  /** The `X-Partoo-Signature-v1` header value (base64). */
  signature: string | null | undefined;
  /** PEM, base64 SPKI, or a KeyObject. Default: Partoo's published key for `environment`. */
  publicKey?: string | KeyObject;
  /** Whose published key to use when `publicKey` is not given (default `production`). */
  environment?: PartooEnvironment;
}

const ED25519_SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const keys = new Map<string, KeyObject>();

function keyObject(key: string | KeyObject): KeyObject {
  if (typeof key !== "string") return key;
  let cached = keys.get(key);
  if (!cached) {
    cached = key.includes("-----BEGIN")
      ? createPublicKey(key)
      : createPublicKey({ key: Buffer.from(key.replace(/\s+/g, ""), "base64"), format: "der", type: "spki" });
    if (cached.asymmetricKeyType !== "ed25519")
      throw new TypeError(`expected an Ed25519 public key, got ${cached.asymmetricKeyType}`);
    keys.set(key, cached);
  }
  return cached;
}

function bytesOf(body: VerifyOptions["body"]): Uint8Array {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

/** Partoo's published public key for an environment (SPKI, base64), from the events spec. */
export function partooPublicKey(environment: PartooEnvironment = "production"): string {
  const key = (signing.publicKeys as Record<string, string>)[environment];
  if (!key) throw new TypeError(`no published Partoo key for environment ${JSON.stringify(environment)}`);
  return key;
}

/**
 * Whether `signature` is Partoo's Ed25519 signature of `body`. Returns false, never throws, on a
 * missing, malformed or wrong-length signature and on any body; throws only for a bad `publicKey`,
 * which is a programming error rather than hostile input.
 *
 * @example
 * verifyPartooSignature({ body: rawBody, signature: req.headers["x-partoo-signature-v1"], environment: "sandbox" })
 */
export function verifyPartooSignature(options: VerifyOptions): boolean {
  const key = keyObject(options.publicKey ?? partooPublicKey(options.environment));
  const { signature } = options;
  if (typeof signature !== "string" || !BASE64.test(signature.trim())) return false;
  const signatureBytes = Buffer.from(signature.trim(), "base64");
  if (signatureBytes.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    // Ed25519 verification in OpenSSL does not leak timing on the signature; nothing is compared by hand.
    return verify(null, bytesOf(options.body), key, signatureBytes);
  } catch {
    return false;
  }
}
