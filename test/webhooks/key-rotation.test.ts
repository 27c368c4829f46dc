import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parsePartooEvent, verifyPartooSignature } from "../../src/webhooks.js";

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, spki: publicKey.export({ format: "der", type: "spki" }).toString("base64") };
};
const [oldKey, newKey, stranger] = [pair(), pair(), pair()];
const BODY = JSON.stringify({ type: "lead_received", payload: { id: "lead-1" } });
const signed = (key = newKey) => sign(null, Buffer.from(BODY), key.privateKey).toString("base64");

describe("publicKey as a list (a key rotation)", () => {
  it("verifies a signature made by any key of the list, and not one made by another key", async () => {
    const publicKey = [oldKey.spki, newKey.spki];
    expect(await verifyPartooSignature({ body: BODY, signature: signed(oldKey), publicKey })).toBe(true);
    expect(await verifyPartooSignature({ body: BODY, signature: signed(newKey), publicKey })).toBe(true);
    expect(await verifyPartooSignature({ body: BODY, signature: signed(stranger), publicKey })).toBe(false);
  });

  it("is taken by parsePartooEvent as it is by verifyPartooSignature", async () => {
    const request = new Request("http://127.0.0.1/hook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-partoo-signature-v1": signed(oldKey) },
      body: BODY,
    });
    const event = await parsePartooEvent(request, { publicKey: [newKey.spki, oldKey.spki] });
    expect(event.type).toBe("lead_received");
  });

  it("refuses a malformed list or key with one TypeError line naming the option and the entry", async () => {
    const cases: [unknown, RegExp][] = [
      [[oldKey.spki, undefined], /^publicKey\[1\] is undefined: expected an Ed25519 public key/],
      [[], /^publicKey is an empty list/],
      [[oldKey.spki, "not a key!"], /^publicKey\[1\] is neither PEM nor base64/],
      [["QUJDRA=="], /^publicKey\[0\] is not an Ed25519 SPKI key/],
      [[oldKey.privateKey], /^publicKey\[0\] is a PrivateKeyObject/],
      [[[oldKey.spki]], /^publicKey\[0\] is a nested list/],
      [42, /^publicKey is a number/],
      [Array.from({ length: 65 }, () => oldKey.spki), /^publicKey lists 65 keys \(at most 64\)/],
    ];
    for (const [publicKey, message] of cases) {
      const error = await verifyPartooSignature({
        body: BODY,
        signature: signed(),
        publicKey: publicKey as string,
      }).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(TypeError);
      expect((error as Error).message, String(message)).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("refuses a bad entry even when the signature is missing, so a typo does not wait for a real delivery", async () => {
    await expect(
      verifyPartooSignature({ body: BODY, signature: undefined, publicKey: [oldKey.spki, "x!"] }),
    ).rejects.toThrow(/publicKey\[1\]/);
  });
});
