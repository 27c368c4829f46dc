/**
 * Signed deliveries as the sandbox and sendTestDelivery make them: the key they accept, the
 * headers they carry, and a receiver that never answers.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signature } from "../../generated/webhook-events.js";
import { signedDelivery, signingKey } from "../../src/testing/signing.js";
import { sendTestDelivery } from "../../src/testing.js";
import { useReceiver } from "../helpers.js";

describe("signingKey and signedDelivery", () => {
  it("takes an Ed25519 key as PEM or KeyObject alike, and refuses any other type by name", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    expect(signingKey(pem).publicKey).toBe(signingKey(privateKey).publicKey);
    expect(signingKey().publicKey).not.toBe(signingKey().publicKey);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(() => signingKey(rsa)).toThrow(new TypeError("the signing key must be Ed25519, got rsa"));
  });

  it("sends JSON, the tryout mark only on a tryout, custom headers, and organization 1 unless told", () => {
    const { privateKey } = signingKey();
    const plain = signedDelivery("business_created", privateKey);
    expect(plain.headers["content-type"]).toBe("application/json");
    expect(plain.headers).not.toHaveProperty(signature.tryoutHeader);
    expect(JSON.parse(plain.body).payload.business.org_id).toBe(1);
    const tryout = signedDelivery("business_created", privateKey, {
      tryout: true,
      orgId: 4,
      customHeaders: { "X-Token": "t" },
    });
    expect(tryout.headers[signature.tryoutHeader]).toBe("true");
    expect(tryout.headers["X-Token"]).toBe("t");
    expect(JSON.parse(tryout.body).payload.business.org_id).toBe(4);
    expect(signedDelivery("business_created", privateKey, { tryout: false }).headers).not.toHaveProperty(
      signature.tryoutHeader,
    );
  });
});

describe("sendTestDelivery", () => {
  const receiver = useReceiver();
  const seen = () => receiver.received.map((r) => r.headers);

  it("carries the custom headers, and the tryout mark only when asked", async () => {
    receiver.status = 204;
    receiver.received.length = 0;
    const { url } = receiver;
    expect((await sendTestDelivery("lead_received", url, { customHeaders: { "X-Token": "abc" } })).status).toBe(204);
    expect((await sendTestDelivery("lead_received", url, { tryout: false })).status).toBe(204);
    expect(seen()[0]?.["x-token"]).toBe("abc");
    expect(seen()[1]?.["x-token"]).toBeUndefined();
    expect(seen().map((h) => h[signature.tryoutHeader.toLowerCase()])).toEqual([undefined, undefined]);
  });

  it("takes https as well as http: an https receiver that is not there is status 0, not a refusal", async () => {
    const result = await sendTestDelivery("lead_received", "https://127.0.0.1:9/hook", { timeoutMs: 1_000 });
    expect(result.status).toBe(0);
  });

  it("gives up on a receiver that never answers after timeoutMs, as status 0", async () => {
    receiver.status = null;
    const started = Date.now();
    const result = await sendTestDelivery("lead_received", receiver.url, { timeoutMs: 150 });
    expect(result.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    receiver.status = 204;
  });
});
