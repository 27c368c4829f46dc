import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defaultPayload } from "../../src/testing/default-payloads.js";
import { signPartooDelivery } from "../../src/testing.js";
import { PartooEventError, PartooSignatureError, parsePartooEvent } from "../../src/webhooks.js";

const requestOf = ({ body, headers }: { body: string; headers: Record<string, string> }) =>
  new Request("http://handler.test/hook", { method: "POST", headers, body });

describe("signPartooDelivery", () => {
  it("signs an envelope that the handler's parsePartooEvent accepts with the key it returns, no HTTP", async () => {
    const payload = defaultPayload("lead_received", 1);
    const signed = await signPartooDelivery({ type: "lead_received", payload });
    expect(JSON.parse(signed.body)).toEqual({ type: "lead_received", payload });
    expect(Object.keys(signed.headers).sort()).toEqual(["X-Partoo-Signature-v1", "content-type"]);
    const event = await parsePartooEvent(requestOf(signed), { publicKey: signed.publicKey });
    expect(event).toEqual({ type: "lead_received", payload, isTryout: false });
    // … and nothing else verifies it: neither Partoo's key nor another body.
    await expect(parsePartooEvent(requestOf(signed), { environment: "sandbox" })).rejects.toThrow(PartooSignatureError);
    await expect(
      parsePartooEvent(requestOf({ ...signed, body: signed.body.replace("lead", "Lead") }), {
        publicKey: signed.publicKey,
      }),
    ).rejects.toThrow(PartooSignatureError);
  });

  it("signs raw JSON text byte for byte, unchecked, so a handler's refusals can be tested too", async () => {
    const text = '{ "type":"lead_received",  "payload": {"id":"é"} }';
    const signed = await signPartooDelivery(text);
    expect(signed.body).toBe(text);
    await expect(parsePartooEvent(requestOf(signed), { publicKey: signed.publicKey })).resolves.toMatchObject({
      payload: { id: "é" },
    });
    const notAnEvent = await signPartooDelivery('{"type":"nope","payload":{}}');
    await expect(parsePartooEvent(requestOf(notAnEvent), { publicKey: notAnEvent.publicKey })).rejects.toThrow(
      PartooEventError,
    );
  });

  it("signs with the private key given (PEM or KeyObject), whose public half it returns, and marks a tryout", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const spki = publicKey.export({ format: "der", type: "spki" }).toString("base64");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const delivery = { type: "business_deleted", payload: { id: 1 } };
    for (const key of [privateKey, pem]) {
      const signed = await signPartooDelivery(delivery, { privateKey: key, tryout: true });
      expect(signed.publicKey).toBe(spki);
      const event = await parsePartooEvent(requestOf(signed), { publicKey: spki });
      expect(event.isTryout).toBe(true);
    }
    const a = await signPartooDelivery(delivery);
    const b = await signPartooDelivery(delivery);
    expect(a.publicKey).not.toBe(b.publicKey); // a fresh key each time none is given
  });

  it("refuses what is not an envelope, and a key that is not an Ed25519 private key, in one line", async () => {
    for (const bad of [null, { type: "lead_received" }, { type: 1, payload: {} }, { type: "x", payload: [] }]) {
      await expect(signPartooDelivery(bad as never)).rejects.toThrow(
        /^delivery must be the \{ type, payload \} envelope/,
      );
    }
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    await expect(signPartooDelivery("{}", { privateKey: rsa })).rejects.toThrow("must be Ed25519, got rsa");
    const error = await signPartooDelivery("{}", { privateKey: "-----BEGIN PRIVATE KEY-----\nsecretish\n" }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^privateKey is not a PEM private key \(value not shown\)/);
    expect((error as Error).message).not.toContain("secretish");
  });
});
