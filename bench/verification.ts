import { generateKeyPairSync, sign, verify } from "node:crypto";
import { built } from "./built.js";
import { type Comparison, throughput } from "./harness.js";

/** Signature checks per second on a 1 KiB delivery (the key parsed once and cached, as in real use). */
export async function verificationSpeed(): Promise<Comparison> {
  const { verifyPartooSignature } = await built<typeof import("../src/webhooks.js")>("src/webhooks.js");
  const keys = generateKeyPairSync("ed25519");
  const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const body = JSON.stringify({ type: "lead_received", payload: { pad: "x".repeat(960) } });
  const signature = sign(null, Buffer.from(body), keys.privateKey).toString("base64");
  const tampered = `${body.slice(0, -2)}y}`;
  if (
    !(await verifyPartooSignature({ body, signature, publicKey })) ||
    (await verifyPartooSignature({ body: tampered, signature, publicKey }))
  ) {
    throw new Error("verification benchmark data is wrong");
  }
  const inFlight = 64;
  const comparison = await throughput(
    "verifyPartooSignature (Web Crypto), 1 KiB body",
    {
      "valid signature": () => verifyPartooSignature({ body, signature, publicKey }),
      "tampered body": () => verifyPartooSignature({ body: tampered, signature, publicKey }),
      [`valid signature, ${inFlight} in flight`]: () =>
        Promise.all(Array.from({ length: inFlight }, () => verifyPartooSignature({ body, signature, publicKey }))),
      // The previous implementation's primitive, for comparison: synchronous OpenSSL.
      "node:crypto verify (before)": () =>
        verify(null, Buffer.from(body), keys.publicKey, Buffer.from(signature, "base64")),
    },
    { batch: 2000, rounds: 11 },
  );
  // One op of the in-flight contender is `inFlight` verifications.
  const concurrent = comparison.results[`valid signature, ${inFlight} in flight`];
  if (concurrent) for (const key of ["median", "min", "max"] as const) concurrent[key] *= inFlight;
  return comparison;
}
