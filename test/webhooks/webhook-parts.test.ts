/**
 * The parts under parsePartooEvent, one behaviour each: key handling in verifyPartooSignature,
 * the envelope checks of parseRawEvent, and what readDelivery does with a body it refuses.
 * (test/webhooks.test.ts covers the public functions end to end.)
 */

import { generateKeyPairSync, sign } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { signature as signing } from "../../generated/webhook-events.js";
import { PartooEventError, PartooSignatureError } from "../../src/webhooks/errors.js";
import { parseRawEvent, readDelivery } from "../../src/webhooks/parse.js";
import { partooPublicKey, verifyPartooSignature } from "../../src/webhooks/verify.js";

const keys = generateKeyPairSync("ed25519");
const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const BODY = '{"type":"lead_received","payload":{}}';
const SIG = sign(null, Buffer.from(BODY), keys.privateKey).toString("base64");
const noHeaders = { get: () => null };
const raw = (text: string | Buffer) => new Uint8Array(typeof text === "string" ? Buffer.from(text) : text);
const eventError = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (e: unknown) => e,
  );

describe("verifyPartooSignature's keys and signatures", () => {
  it("says why a string key is refused: not base64, or base64 but not an Ed25519 key", async () => {
    await expect(verifyPartooSignature({ body: BODY, signature: SIG, publicKey: "not base64!" })).rejects.toThrow(
      "publicKey is neither PEM nor base64",
    );
    await expect(verifyPartooSignature({ body: BODY, signature: SIG, publicKey: "AAAA" })).rejects.toThrow(
      "publicKey is not an Ed25519 SPKI key",
    );
  });

  it("refuses a CryptoKey of another algorithm, naming it", async () => {
    const ecdsa = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["verify", "sign"]);
    await expect(verifyPartooSignature({ body: BODY, signature: SIG, publicKey: ecdsa.publicKey })).rejects.toThrow(
      "publicKey is a ECDSA key",
    );
  });

  it("accepts a signature with surrounding whitespace or line breaks, as a header may carry it", async () => {
    const wrapped = ` ${SIG.slice(0, 40)}\n${SIG.slice(40)} `;
    expect(await verifyPartooSignature({ body: BODY, signature: wrapped, publicKey })).toBe(true);
  });

  it("resolves false, never rejects, on a body it cannot read (a detached buffer)", async () => {
    const buffer = new ArrayBuffer(8);
    structuredClone(buffer, { transfer: [buffer] }); // detaches it: any view of it now throws
    expect(await verifyPartooSignature({ body: buffer, signature: SIG, publicKey })).toBe(false);
  });

  it("has a published key for each environment, and refuses another name", () => {
    expect(partooPublicKey("sandbox")).not.toBe(partooPublicKey("production"));
    expect(() => partooPublicKey("staging" as "sandbox")).toThrow('no published Partoo key for environment "staging"');
  });
});

describe("verifyPartooSignature's key cache", () => {
  const fresh = () =>
    generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).toString("base64");
  /** importKey's calls while verifying with each key in turn, from a fresh module (an empty cache). */
  const importsOf = async (keyList: string[]) => {
    vi.resetModules();
    const { verifyPartooSignature: verify } = await import("../../src/webhooks/verify.js");
    const spy = vi.spyOn(crypto.subtle, "importKey");
    try {
      for (const key of keyList) await verify({ body: BODY, signature: SIG, publicKey: key }).catch(() => {});
      return spy.mock.calls;
    } finally {
      spy.mockRestore();
    }
  };

  it("imports each key once, not extractable, for verifying only", async () => {
    const [a, b] = [fresh(), fresh()];
    const calls = await importsOf([a, b, a, b]);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.slice(2)).toEqual([{ name: "Ed25519" }, false, ["verify"]]);
  });

  it("forgets a key that failed to import, so it is tried again", async () => {
    expect(await importsOf(["AAAAAAAA", "AAAAAAAA"])).toHaveLength(2);
  });

  it("starts over after 64 keys, so a long-running receiver holds a bounded number", async () => {
    const first = fresh();
    const others = Array.from({ length: 64 }, fresh);
    // first + 63 others fill the cache; the 64th other finds it full and clears it: first again.
    expect(await importsOf([first, ...others, first])).toHaveLength(66);
    // One fewer: nothing cleared, first still cached.
    expect(await importsOf([first, ...others.slice(0, 63), first])).toHaveLength(64);
  });
});

describe("parseRawEvent", () => {
  it("uses the published key of the environment it is given", async () => {
    const error = await eventError(
      parseRawEvent(raw(BODY), { get: () => SIG }, { environment: "staging" as "sandbox" }),
    );
    expect(error).toBeInstanceOf(TypeError);
  });

  it("refuses an unsigned delivery, naming the header", async () => {
    const error = await eventError(parseRawEvent(raw(BODY), noHeaders, { publicKey }));
    expect(error).toBeInstanceOf(PartooSignatureError);
    expect((error as Error).message).toBe(`unsigned delivery: no ${signing.header} header`);
  });

  it("refuses bytes that are not UTF-8, even inside a JSON string", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"type":"lead_received","payload":{"x":"'),
      Buffer.from([0xff]),
      Buffer.from('"}}'),
    ]);
    const error = await eventError(parseRawEvent(raw(bytes), noHeaders, { verify: false }));
    expect(error).toBeInstanceOf(PartooEventError);
    expect((error as Error).message).toBe("body is not JSON");
  });

  it.each([
    ["null"],
    ["[]"],
    ['{"type":1,"payload":{}}'],
    ['{"type":"lead_received","payload":[]}'],
    ['{"type":"lead_received","payload":null}'],
    ['{"type":"lead_received"}'],
  ])("refuses %s as no { type, payload } envelope", async (text) => {
    const error = await eventError(parseRawEvent(raw(text), noHeaders, { verify: false }));
    expect(error).toBeInstanceOf(PartooEventError);
    expect((error as Error).message).toBe("body is not a { type, payload } envelope");
  });

  it("names an unknown event type, cut to 60 characters", async () => {
    const long = `x${"y".repeat(100)}`;
    const error = await eventError(
      parseRawEvent(raw(JSON.stringify({ type: long, payload: {} })), noHeaders, { verify: false }),
    );
    expect((error as Error).message).toBe(`unknown event type ${JSON.stringify(long.slice(0, 60))}`);
  });

  it("tells a tryout delivery by its header", async () => {
    const tryout = { get: (name: string) => (name === signing.tryoutHeader ? "1" : null) };
    expect(await parseRawEvent(raw(BODY), tryout, { verify: false })).toMatchObject({ isTryout: true });
    expect(await parseRawEvent(raw(BODY), noHeaders, { verify: false })).toMatchObject({ isTryout: false });
  });
});

describe("readDelivery", () => {
  it("refuses a declared Content-Length above the limit before reading: cancels a web stream", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel: () => {
        cancelled = true;
      },
    });
    const error = await eventError(readDelivery(body, "11", { maxBodyBytes: 10 }));
    expect((error as Error).message).toBe("body exceeds 10 bytes");
    expect(cancelled).toBe(true);
  });

  it("... drains a Node stream (resumed, not kept), and copes with a source that has neither", async () => {
    const node = Readable.from([Buffer.alloc(20)], { objectMode: false });
    node.pause();
    await expect(readDelivery(node, "20", { maxBodyBytes: 10 })).rejects.toThrow("body exceeds 10 bytes");
    expect(node.isPaused()).toBe(false);
    const bare: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
    };
    await expect(readDelivery(bare, "20", { maxBodyBytes: 10 })).rejects.toThrow("body exceeds 10 bytes");
    await expect(readDelivery(null, "20", { maxBodyBytes: 10 })).rejects.toThrow("body exceeds 10 bytes");
  });

  it("words each refusal while reading: too large, too slow, cut short", async () => {
    const big = Readable.from([Buffer.alloc(8), Buffer.alloc(8)]);
    await expect(readDelivery(big, null, { maxBodyBytes: 10 })).rejects.toThrow(
      new PartooEventError("body exceeds 10 bytes"),
    );
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    await expect(readDelivery(stalled, null, { readTimeoutMs: 30 })).rejects.toThrow(
      new PartooEventError("body not received within 30 ms"),
    );
    let pulls = 0;
    const cut = new ReadableStream<Uint8Array>({
      pull: (c) => (pulls++ === 0 ? c.enqueue(new Uint8Array(3)) : c.error(new Error("reset"))),
    });
    await expect(readDelivery(cut, null, {})).rejects.toThrow(
      new PartooEventError("connection closed after 3 bytes of the body"),
    );
  });

  it("lets the caller's own abort through as it is", async () => {
    const abort = Object.assign(new Error("stop"), { name: "AbortError" });
    const aborted = new ReadableStream<Uint8Array>({ start: (c) => c.error(abort) });
    expect(await eventError(readDelivery(aborted, null, {}))).toBe(abort);
  });
});
