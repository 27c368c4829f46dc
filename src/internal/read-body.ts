/**
 * The one bounded body reader: every body this package or its tools read (API answers, error
 * pages, specs, webhook deliveries, sandbox requests) goes through it, so no peer can make us
 * hold more than `maxBytes` or wait on a drip-fed body past `timeoutMs`.
 */

/**
 * 8 MiB. The largest documented answer is a list page of at most 100 webhooks; at the spec's
 * custom header limits (5 headers × (128 + 512) characters) that is about 330 kB plus URLs, so
 * this leaves over 20× headroom while an endless or decompression-bomb body stops early.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Why a body was not read whole. `kind` tells the caller which typed error to raise. */
export class BodyReadError extends Error {
  override name = "BodyReadError";
  constructor(
    readonly kind: "tooLarge" | "timeout" | "cutShort",
    readonly limit: number,
    /** Bytes read before giving up. */
    readonly bytesRead: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadBodyOptions {
  /** Largest body accepted, counted on the decoded bytes (after gzip/br). */
  maxBytes: number;
  /** Longest the whole read may take; none by default (the caller's own signal may bound it). */
  timeoutMs?: number | undefined;
}

type Source = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A Content-Length that already says the body is too large (so not a byte need be read). */
export function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > maxBytes;
}

/**
 * Reads a body whole, refusing it as soon as it grows past `maxBytes` or outlasts `timeoutMs`.
 * On refusal the source is cancelled (a fetch body) or destroyed (a Node stream), which frees
 * the socket instead of leaving a peer to keep sending.
 */
export async function readBody(source: Source | null | undefined, options: ReadBodyOptions): Promise<Uint8Array> {
  if (!source) return new Uint8Array(0);
  const { maxBytes, timeoutMs } = options;
  const parts: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const iterator = chunksOf(source);
  const timedOut = () => new BodyReadError("timeout", timeoutMs ?? 0, size, `body not received within ${timeoutMs} ms`);
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            // Reject first: the race then settles on the timeout even if cancelling ends the read as "done".
            reject(timedOut());
            iterator.stop();
          }, timeoutMs);
        });
  deadline?.catch(() => {}); // raced below; this keeps an unraced rejection from being "unhandled"
  try {
    for (;;) {
      const next = deadline ? await Promise.race([iterator.next(), deadline]) : await iterator.next();
      if (next.done) break;
      const bytes = typeof next.value === "string" ? new TextEncoder().encode(next.value) : next.value;
      size += bytes.byteLength;
      if (size > maxBytes) {
        iterator.stop();
        throw new BodyReadError("tooLarge", maxBytes, size, `body exceeds ${maxBytes} bytes`);
      }
      parts.push(bytes);
    }
  } catch (error) {
    if (error instanceof BodyReadError) throw error;
    if (isAbort(error)) throw error; // the caller's own signal or timer: theirs to report
    throw new BodyReadError("cutShort", maxBytes, size, `connection closed after ${size} bytes of the body`);
  } finally {
    clearTimeout(timer);
  }
  return concat(parts, size);
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

/** One way to pull chunks from a web stream or a Node stream, and one way to give up on either. */
function chunksOf(source: Source): { next(): Promise<IteratorResult<Uint8Array | string>>; stop(): void } {
  if ("getReader" in source) {
    const reader = source.getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      stop: () => void reader.cancel().catch(() => {}),
    };
  }
  const iterator = source[Symbol.asyncIterator]();
  return {
    next: () => iterator.next(),
    stop: () => {
      // A Node stream (IncomingMessage) frees its socket only when destroyed.
      const destroy = (source as { destroy?: () => void }).destroy;
      if (typeof destroy === "function") destroy.call(source);
      else void iterator.return?.();
    },
  };
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Strict UTF-8: a body with invalid bytes is refused rather than silently given U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, { fatal = false } = {}): string {
  return new TextDecoder("utf-8", { fatal }).decode(bytes);
}

/**
 * An answer's text in the charset its content type declares: UTF-16 (le, be, or by its BOM) as
 * such, so that a secret in it is text redaction can find; anything else as UTF-8.
 */
export function decodeText(bytes: Uint8Array, contentType: string): string {
  const charset = /;\s*charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset === "utf-16le" || charset === "utf-16be") return new TextDecoder(charset).decode(bytes);
  if (charset === "utf-16") return new TextDecoder(bytes[0] === 0xfe ? "utf-16be" : "utf-16le").decode(bytes);
  return decodeUtf8(bytes);
}
