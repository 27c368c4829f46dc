import { signature as signing } from "../../generated/webhook-events.js";
import type { PartooEnvironment } from "../environments.js";

/** What `verifyPartooSignature` checks: the raw body, its signature, and whose key. */
export interface VerifyOptions {
  /** The raw body exactly as received: never a parsed-then-re-serialised object. */
  body: string | Uint8Array | ArrayBuffer;
  /** The `X-Partoo-Signature-v1` header value (base64). */
  signature: string | null | undefined;
  /** PEM, base64 SPKI, or an Ed25519 `CryptoKey`. Default: Partoo's published key for `environment`. */
  publicKey?: string | CryptoKey;
  /** Whose published key to use when `publicKey` is not given (default `production`). */
  environment?: PartooEnvironment;
}

const ED25519 = "Ed25519";
const ED25519_SIGNATURE_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Imported keys, by the string given: importing costs more than verifying. Bounded: keys are few. */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 64;

/** Strict base64 to bytes (atob exists on every runtime we support); undefined if not base64. */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  const binary = atob(compact);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const badKey = (why: string) =>
  new TypeError(
    `publicKey ${why}: expected an Ed25519 public key as PEM, base64 SPKI (see partooPublicKey()) or a CryptoKey`,
  );

async function importKey(key: string): Promise<CryptoKey> {
  // PEM armour off (a no-op on bare base64); base64Bytes drops the line breaks.
  const der = base64Bytes(key.replace(/-----(BEGIN|END) [A-Z ]+-----/g, ""));
  if (!der) throw badKey("is neither PEM nor base64");
  try {
    return await crypto.subtle.importKey("spki", der, { name: ED25519 }, false, ["verify"]);
  } catch {
    throw badKey("is not an Ed25519 SPKI key");
  }
}

function cryptoKey(key: string | CryptoKey): Promise<CryptoKey> {
  if (typeof key !== "string") {
    if (key.algorithm.name !== ED25519) return Promise.reject(badKey(`is a ${key.algorithm.name} key`));
    return Promise.resolve(key);
  }
  let cached = keys.get(key);
  if (!cached) {
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    cached = importKey(key);
    keys.set(key, cached);
    cached.catch(() => keys.delete(key));
  }
  return cached;
}

function bytesOf(body: VerifyOptions["body"]): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return new TextEncoder().encode(body);
  // Web Crypto takes any view; the cast only narrows TypeScript's ArrayBufferLike.
  return (body instanceof Uint8Array ? body : new Uint8Array(body)) as Uint8Array<ArrayBuffer>;
}

/** Partoo's published public key for an environment (SPKI, base64), from the events spec. */
export function partooPublicKey(environment: PartooEnvironment = "production"): string {
  const key = (signing.publicKeys as Record<string, string>)[environment];
  if (!key) throw new TypeError(`no published Partoo key for environment ${JSON.stringify(environment)}`);
  return key;
}

/**
 * Whether `signature` is Partoo's Ed25519 signature of `body`, with Web Crypto (Node, Deno, Bun,
 * Cloudflare Workers, edge runtimes). Resolves false, never rejects, on a missing, malformed or
 * wrong-length signature and on any body; rejects only for a bad `publicKey`, which is a
 * programming error rather than hostile input.
 *
 * @example
 * await verifyPartooSignature({ body: rawBody, signature: request.headers.get("x-partoo-signature-v1"), environment: "sandbox" })
 */
export async function verifyPartooSignature(options: VerifyOptions): Promise<boolean> {
  const key = await cryptoKey(options.publicKey ?? partooPublicKey(options.environment));
  const { signature } = options;
  if (typeof signature !== "string") return false;
  const signatureBytes = base64Bytes(signature); // surrounding whitespace is dropped there
  if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    // Ed25519 verification does not branch on where a signature differs: nothing is compared by hand.
    return await crypto.subtle.verify(ED25519, key, signatureBytes, bytesOf(options.body));
  } catch {
    return false;
  }
}
