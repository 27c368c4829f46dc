/**
 * The bounded body reader on its own, one behaviour per test: the exact limit, both kinds of
 * source, what is cancelled or destroyed on refusal, and which error kind each failure becomes.
 * (test/security/bodies.test.ts proves the same bounds end to end against a hostile server.)
 */

import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BodyReadError, declaredTooLarge, decodeUtf8, readBody } from "../../src/internal/read-body.js";
import { armedTimers } from "../helpers.js";

const bytes = (...values: number[]) => new Uint8Array(values);
/** A web stream of these chunks; `cancelled` tells whether the reader gave up on it. */
function webStream(chunks: (Uint8Array | Error)[], { hang = false } = {}) {
  const state = { cancelled: false };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk instanceof Error) controller.error(chunk);
      else if (chunk) controller.enqueue(chunk);
      else if (!hang) controller.close();
      else return new Promise(() => {}); // never answers: a drip-fed body that stopped
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("readBody", () => {
  it("reads nothing from no body", async () => {
    expect(await readBody(null, { maxBytes: 1 })).toEqual(new Uint8Array(0));
    expect(await readBody(undefined, { maxBytes: 1 })).toEqual(new Uint8Array(0));
  });

  it("accepts a body of exactly maxBytes, joined in order from several chunks", async () => {
    const { stream } = webStream([bytes(1, 2), bytes(3), bytes(4, 5)]);
    expect(await readBody(stream, { maxBytes: 5 })).toEqual(bytes(1, 2, 3, 4, 5));
  });

  it("refuses one byte more as tooLarge, says the limit, and cancels the stream", async () => {
    const { stream, state } = webStream([bytes(1, 2, 3), bytes(4, 5, 6), bytes(7)]);
    const error = (await readBody(stream, { maxBytes: 5 }).catch((e: unknown) => e)) as BodyReadError;
    expect(error).toBeInstanceOf(BodyReadError);
    expect(error.name).toBe("BodyReadError");
    expect(error).toMatchObject({ kind: "tooLarge", limit: 5, bytesRead: 6, message: "body exceeds 5 bytes" });
    expect(state.cancelled).toBe(true);
  });

  it("counts string chunks of a Node stream in UTF-8 bytes, not characters", async () => {
    // "é" is 2 bytes: 3 characters, 6 bytes.
    await expect(readBody(Readable.from(["ééé"]), { maxBytes: 5 })).rejects.toMatchObject({ kind: "tooLarge" });
    expect(decodeUtf8(await readBody(Readable.from(["éé", "é"]), { maxBytes: 6 }))).toBe("ééé");
  });

  it("destroys a Node stream it refuses (which frees its socket)", async () => {
    const source = Readable.from([Buffer.alloc(4), Buffer.alloc(4)]);
    await expect(readBody(source, { maxBytes: 5 })).rejects.toMatchObject({ kind: "tooLarge" });
    expect(source.destroyed).toBe(true);
  });

  it("returns an async iterable it refuses that has no destroy", async () => {
    let returned = false;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: new Uint8Array(4) }),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    await expect(readBody(iterable, { maxBytes: 5 })).rejects.toMatchObject({ kind: "tooLarge" });
    expect(returned).toBe(true);
  });

  it("reads a source that only has getReader (no async iterator), and cancels it on refusal", async () => {
    const { stream, state } = webStream([bytes(1, 2, 3), bytes(4, 5, 6)]);
    const readerOnly = { getReader: () => stream.getReader() } as unknown as ReadableStream<Uint8Array>;
    await expect(readBody(readerOnly, { maxBytes: 5 })).rejects.toMatchObject({ kind: "tooLarge" });
    expect(state.cancelled).toBe(true);
  });

  it("refuses an iterable that has neither destroy nor return as tooLarge, not as a crash", async () => {
    const bare: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: false, value: new Uint8Array(4) }) }),
    };
    await expect(readBody(bare, { maxBytes: 5 })).rejects.toMatchObject({ kind: "tooLarge" });
  });

  it("hands back a body of one chunk as it came, without a copy", async () => {
    const only = bytes(9, 8, 7);
    const { stream } = webStream([only]);
    expect(await readBody(stream, { maxBytes: 10 })).toBe(only);
  });

  it("gives up on a stalled body at timeoutMs: kind timeout, the bytes so far, the stream cancelled", async () => {
    const { stream, state } = webStream([bytes(1, 2)], { hang: true });
    const started = Date.now();
    const error = (await readBody(stream, { maxBytes: 100, timeoutMs: 50 }).catch((e: unknown) => e)) as BodyReadError;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({
      kind: "timeout",
      limit: 50,
      bytesRead: 2,
      message: "body not received within 50 ms",
    });
    expect(state.cancelled).toBe(true);
  });

  it("does not time out a body that arrives in time, and leaves no timer behind", async () => {
    const before = armedTimers();
    const { stream } = webStream([bytes(1)]);
    expect(await readBody(stream, { maxBytes: 10, timeoutMs: 60_000 })).toEqual(bytes(1));
    expect(armedTimers()).toBeLessThanOrEqual(before);
  });

  it("calls a body that fails midway cutShort, with the bytes read", async () => {
    const { stream } = webStream([bytes(1, 2, 3), new Error("socket hang up")]);
    await expect(readBody(stream, { maxBytes: 100 })).rejects.toMatchObject({
      kind: "cutShort",
      bytesRead: 3,
      message: "connection closed after 3 bytes of the body",
    });
  });

  it("calls a body that fails with no error value at all cutShort too", async () => {
    const failing = new ReadableStream<Uint8Array>({ pull: (c) => c.error(undefined) });
    await expect(readBody(failing, { maxBytes: 100 })).rejects.toMatchObject({ kind: "cutShort" });
  });

  it("lets the caller's own abort through as it is (AbortError, TimeoutError): theirs to report", async () => {
    for (const name of ["AbortError", "TimeoutError"]) {
      const abort = Object.assign(new Error("stop"), { name });
      const { stream } = webStream([bytes(1), abort]);
      const error = await readBody(stream, { maxBytes: 100 }).catch((e: unknown) => e);
      expect(error).toBe(abort);
    }
  });
});

describe("declaredTooLarge", () => {
  it("is true only for a Content-Length of digits above the limit", () => {
    expect(declaredTooLarge("11", 10)).toBe(true);
    expect(declaredTooLarge(" 11 ", 10)).toBe(true);
    expect(declaredTooLarge("10", 10)).toBe(false);
    expect(declaredTooLarge(null, 10)).toBe(false);
    expect(declaredTooLarge(undefined, 10)).toBe(false);
    expect(declaredTooLarge("1e9", 10)).toBe(false);
    expect(declaredTooLarge("-11", 10)).toBe(false);
    expect(declaredTooLarge("11x", 10)).toBe(false);
    expect(declaredTooLarge("x11", 10)).toBe(false);
  });
});

describe("decodeUtf8", () => {
  it("replaces invalid bytes by default and refuses them when fatal", () => {
    expect(decodeUtf8(bytes(0x61, 0xff))).toBe("a\uFFFD");
    expect(() => decodeUtf8(bytes(0x61, 0xff), { fatal: true })).toThrow(TypeError);
  });
});
