import { signature as signing } from "../../generated/webhook-events.js";
import type { PartooEnvironment } from "../environments.js";

/** What `verifyPartooSignature` checks: the raw body, its signature, and whose key. */
export interface VerifyOptions {
  /** The raw body exactly as received: never a parsed-then-re-serialised object. */
  body: string | Uint8Array | ArrayBuffer;
  /** The `X-Partoo-Signature-v1` header value (base64). */
  signature: string | null | undefined;
  /**
   * PEM, base64 SPKI, or an Ed25519 `CryptoKey`; or a list of them during a key rotation (a
   * signature made by any of them verifies). Default: Partoo's published key for `environment`.
   */
  publicKey?: PublicKeyInput | readonly PublicKeyInput[];
  /** Whose published key to use when `publicKey` is not given (default `production`). */
  environment?: PartooEnvironment;
}

/** One public key: PEM, base64 SPKI, or an Ed25519 `CryptoKey`. */
export type PublicKeyInput = string | CryptoKey;

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

const badKey = (why: string, where = "publicKey") =>
  new TypeError(
    `${where} ${why}: expected an Ed25519 public key as PEM, base64 SPKI (see partooPublicKey()) or a CryptoKey, or a list of them`,
  );

/** Imports a string key; rejects with the reason only, worded by the caller for where the key was given. */
async function importKey(key: string): Promise<CryptoKey> {
  // PEM armour off (a no-op on bare base64); base64Bytes drops the line breaks.
  const der = base64Bytes(key.replace(/-----(BEGIN|END) [A-Z ]+-----/g, ""));
  if (!der) throw "is neither PEM nor base64";
  try {
    return await crypto.subtle.importKey("spki", der, { name: ED25519 }, false, ["verify"]);
  } catch {
    throw "is not an Ed25519 SPKI key";
  }
}

const isCryptoKey = (key: unknown): key is CryptoKey =>
  typeof CryptoKey !== "undefined" ? key instanceof CryptoKey : typeof (key as CryptoKey)?.algorithm === "object";

function cryptoKey(key: unknown, where: string): Promise<CryptoKey> {
  if (typeof key !== "string") {
    // A KeyObject, a Buffer, undefined in a list …: named, not a crash on `.algorithm.name`.
    if (!isCryptoKey(key)) return Promise.reject(badKey(`is ${describe(key)}`, where));
    if (key.algorithm.name !== ED25519) return Promise.reject(badKey(`is a ${key.algorithm.name} key`, where));
    return Promise.resolve(key);
  }
  let cached = keys.get(key);
  if (!cached) {
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    cached = importKey(key);
    keys.set(key, cached);
    cached.catch(() => keys.delete(key));
  }
  return cached.catch((why: string) => Promise.reject(badKey(why, where)));
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== "object") return `a ${typeof value}`;
  if (Array.isArray(value)) return "a nested list";
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : `a ${typeof value}`;
}

/**
 * The keys to try: one, or each of a rotation's list (at least one, at most MAX_CACHED_KEYS), each
 * checked before any signature is looked at so a bad entry fails on every call, not only on some.
 */
function cryptoKeys(
  given: VerifyOptions["publicKey"],
  environment: PartooEnvironment | undefined,
): Promise<CryptoKey[]> {
  if (given === undefined) return Promise.all([cryptoKey(partooPublicKey(environment), "publicKey")]);
  if (!Array.isArray(given)) return Promise.all([cryptoKey(given, "publicKey")]);
  if (given.length === 0) return Promise.reject(badKey("is an empty list"));
  if (given.length > MAX_CACHED_KEYS)
    return Promise.reject(badKey(`lists ${given.length} keys (at most ${MAX_CACHED_KEYS})`));
  return Promise.all(given.map((key, i) => cryptoKey(key, `publicKey[${i}]`)));
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
  const keyList = await cryptoKeys(options.publicKey, options.environment);
  const { signature } = options;
  if (typeof signature !== "string") return false;
  const signatureBytes = base64Bytes(signature); // surrounding whitespace is dropped there
  if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return false;
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = bytesOf(options.body);
  } catch {
    return false;
  }
  for (const key of keyList) {
    try {
      // Ed25519 verification does not branch on where a signature differs: nothing is compared by hand.
      if (await crypto.subtle.verify(ED25519, key, signatureBytes, body)) return true;
    } catch {
      // an unreadable body: no key verifies it
    }
  }
  return false;
}
