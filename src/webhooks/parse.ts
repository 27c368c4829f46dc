import { eventTypes, signature as signing } from "../../generated/webhook-events.js";
import { PartooEventError, PartooSignatureError } from "./errors.js";
import type { PartooEvent } from "./types.js";
import { type VerifyOptions, verifyPartooSignature } from "./verify.js";

export interface ParseEventOptions extends Pick<VerifyOptions, "publicKey" | "environment"> {
  /** Verify the signature (default true). Turn off only for local experiments. */
  verify?: boolean;
  /** Largest body accepted, in bytes, checked before anything is parsed (default 1 MiB). */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const KNOWN_TYPES: readonly string[] = eventTypes;

interface HeaderSource {
  get(name: string): string | null | undefined;
}

/** Verifies and parses a raw delivery: the part every adapter shares. */
export function parseRawEvent(raw: Uint8Array, headers: HeaderSource, options: ParseEventOptions = {}): PartooEvent {
  if (options.verify !== false) {
    const signatureHeader = headers.get(signing.header);
    if (!signatureHeader) throw new PartooSignatureError(`unsigned delivery: no ${signing.header} header`);
    const verifyOptions: VerifyOptions = { body: raw, signature: signatureHeader };
    if (options.publicKey !== undefined) verifyOptions.publicKey = options.publicKey;
    if (options.environment !== undefined) verifyOptions.environment = options.environment;
    if (!verifyPartooSignature(verifyOptions))
      throw new PartooSignatureError(
        `${signing.header} does not verify: the body was altered or not signed by this key`,
      );
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw new PartooEventError("body is not JSON");
  }
  const { type, payload } = (envelope ?? {}) as { type?: unknown; payload?: unknown };
  if (typeof type !== "string" || typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new PartooEventError("body is not a { type, payload } envelope");
  }
  if (!KNOWN_TYPES.includes(type))
    throw new PartooEventError(`unknown event type ${JSON.stringify(type.slice(0, 60))}`);
  return { type, payload, isTryout: headers.get(signing.tryoutHeader) != null } as PartooEvent;
}

/** Reads a stream of chunks, refusing it as soon as it grows past `limit` bytes. */
export async function readCapped(chunks: AsyncIterable<Uint8Array | string>, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) throw new PartooEventError(`body exceeds ${limit} bytes`);
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  return contentLength != null && Number(contentLength) > limit;
}

/**
 * A delivery from a Fetch API `Request` (Node 20+, Deno, Bun): the raw body read once, capped,
 * the signature verified, the envelope parsed. Narrow the result on `type`.
 *
 * @example
 * const event = await parsePartooEvent(request, { environment: "sandbox" });
 * if (event.type === "lead_received") console.log(event.payload.values);
 */
export async function parsePartooEvent(request: Request, options: ParseEventOptions = {}): Promise<PartooEvent> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (declaredTooLarge(request.headers.get("content-length"), limit))
    throw new PartooEventError(`body exceeds ${limit} bytes`);
  const raw = request.body
    ? await readCapped(request.body as unknown as AsyncIterable<Uint8Array>, limit)
    : new Uint8Array();
  return parseRawEvent(raw, request.headers, options);
}
