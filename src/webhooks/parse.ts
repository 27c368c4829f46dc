import { eventTypes, signature as signing } from "../../generated/webhook-events.js";
import { BodyReadError, declaredTooLarge, decodeUtf8, readBody } from "../internal/read-body.js";
import { PartooEventError, PartooSignatureError } from "./errors.js";
import { admitOnce, type ReplayGuard } from "./replay.js";
import type { PartooEvent } from "./types.js";
import { type VerifyOptions, verifyPartooSignature } from "./verify.js";

/** Options of `parsePartooEvent` and `parsePartooEventFromNode`. */
export interface ParseEventOptions extends Pick<VerifyOptions, "publicKey" | "environment"> {
  /** Verify the signature (default true). Turn off only for local experiments. */
  verify?: boolean;
  /** Largest body accepted, in bytes, checked before anything is parsed (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Longest the body may take to arrive, in ms (default 10 000). A sender dripping a byte every
   * 500 ms would otherwise hold the request, and its memory, open for as long as it likes.
   */
  readTimeoutMs?: number;
  /**
   * Refuse a delivery already received (PartooReplayError), after its signature verifies:
   * `createReplayGuard()`. Partoo signs no timestamp, so a captured delivery verifies forever.
   */
  replayGuard?: ReplayGuard;
}

/** The default `maxBodyBytes`: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The default `readTimeoutMs`: 10 s. */
export const DEFAULT_READ_TIMEOUT_MS = 10_000;
const KNOWN_TYPES: readonly string[] = eventTypes;

/** Headers that can be read by name, as a Fetch `Headers` can. */
export interface HeaderSource {
  /** The header's value, or null/undefined when absent; names are matched without regard to case. */
  get(name: string): string | null | undefined;
}

/** Request headers as frameworks hold them: a Fetch `Headers`, or Node's / Fastify's plain object. */
export type DeliveryHeaders = HeaderSource | Readonly<Record<string, string | readonly string[] | undefined>>;

export function headerSource(headers: DeliveryHeaders): HeaderSource {
  if (typeof headers.get === "function") return headers as HeaderSource;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  return {
    get: (name: string) => {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
      const value = key === undefined ? undefined : record[key];
      return Array.isArray(value) ? value.join(", ") : (value as string | undefined);
    },
  };
}

/** Verifies and parses a raw delivery: the part every adapter shares. */
export async function parseRawEvent(
  raw: Uint8Array,
  headers: HeaderSource,
  options: ParseEventOptions = {},
): Promise<PartooEvent> {
  if (options.verify !== false) {
    const signatureHeader = headers.get(signing.header);
    if (!signatureHeader) throw new PartooSignatureError(`unsigned delivery: no ${signing.header} header`);
    const verifyOptions: VerifyOptions = { body: raw, signature: signatureHeader };
    if (options.publicKey !== undefined) verifyOptions.publicKey = options.publicKey;
    if (options.environment !== undefined) verifyOptions.environment = options.environment;
    if (!(await verifyPartooSignature(verifyOptions)))
      throw new PartooSignatureError(
        `${signing.header} does not verify: the body was altered or not signed by this key`,
      );
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(decodeUtf8(raw, { fatal: true }));
  } catch {
    throw new PartooEventError("body is not JSON");
  }
  const { type, payload } = (envelope ?? {}) as { type?: unknown; payload?: unknown };
  if (typeof type !== "string" || typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new PartooEventError("body is not a { type, payload } envelope");
  }
  if (!KNOWN_TYPES.includes(type))
    throw new PartooEventError(`unknown event type ${JSON.stringify(type.slice(0, 60))}`);
  const event = { type, payload, isTryout: headers.get(signing.tryoutHeader) != null } as PartooEvent;
  if (options.replayGuard) await admitOnce(options.replayGuard, raw, event);
  return event;
}

/**
 * The raw body of a delivery, through the package's one bounded reader: refused as soon as it
 * grows past `maxBodyBytes` (or says it will) or outlasts `readTimeoutMs`, the stream then
 * cancelled or destroyed so the connection is freed.
 */
export async function readDelivery(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | null,
  contentLength: string | null | undefined,
  options: ParseEventOptions,
): Promise<Uint8Array> {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  if (declaredTooLarge(contentLength, maxBytes)) {
    if (body && "getReader" in body) void body.cancel().catch(() => {});
    else (body as { resume?: () => void } | null)?.resume?.(); // drained, not kept
    throw new PartooEventError(`body exceeds ${maxBytes} bytes`);
  }
  try {
    return await readBody(body, { maxBytes, timeoutMs });
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    // The reader's own words ("body exceeds N bytes", "body not received within N ms", …) say it.
    throw new PartooEventError(error.message);
  }
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
  const raw = await readDelivery(request.body, request.headers.get("content-length"), options);
  return parseRawEvent(raw, request.headers, options);
}

/**
 * A delivery whose raw body your framework has already read (Fastify with a buffer parser, a
 * queue, a log): the same checks as `parsePartooEvent`, on the bytes exactly as received.
 * `headers` is a Fetch `Headers` or a plain object as Node and Fastify keep them.
 *
 * @example
 * const event = await parsePartooEventBody(request.body, request.headers, { environment: "sandbox" });
 */
export async function parsePartooEventBody(
  body: string | Uint8Array,
  headers: DeliveryHeaders,
  options: ParseEventOptions = {},
): Promise<PartooEvent> {
  if (typeof body !== "string" && !(body instanceof Uint8Array)) throw new TypeError(notRawBody(body));
  const raw = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (raw.byteLength > maxBytes) throw new PartooEventError(`body exceeds ${maxBytes} bytes`);
  return parseRawEvent(raw, headerSource(headers), options);
}

/** Why a body given as already read cannot be checked, and what to do instead. */
export function notRawBody(body: unknown, streamRead = false): string {
  if (body === undefined && streamRead)
    return "the body stream was already read by something else, which kept no raw bytes: let no parser run before this route, or use express.raw({ type: 'application/json' }) on it";
  if (body !== null && typeof body === "object")
    return "the body was parsed as JSON by a middleware; signatures cover the raw bytes: use express.raw({ type: 'application/json' }) on this route (Fastify: a buffer content-type parser; see docs/frameworks.md)";
  return `the body is ${body === null ? "null" : typeof body}, not the raw bytes: pass a Buffer, a Uint8Array or the string exactly as received`;
}
