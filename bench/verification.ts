import { generateKeyPairSync, sign } from "node:crypto";
import { verifyPartooSignature } from "../src/webhooks.js";
import { type Comparison, throughput } from "./harness.js";

/** Signature checks per second on a 1 KiB delivery (the key parsed once and cached, as in real use). */
export async function verificationSpeed(): Promise<Comparison> {
  const keys = generateKeyPairSync("ed25519");
  const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const body = JSON.stringify({ type: "lead_received", payload: { pad: "x".repeat(960) } });
  const signature = sign(null, Buffer.from(body), keys.privateKey).toString("base64");
  const tampered = `${body.slice(0, -2)}y}`;
  if (
    !verifyPartooSignature({ body, signature, publicKey }) ||
    verifyPartooSignature({ body: tampered, signature, publicKey })
  ) {
    throw new Error("verification benchmark data is wrong");
  }
  return throughput(
    "verifyPartooSignature, 1 KiB body",
    {
      "valid signature": () => verifyPartooSignature({ body, signature, publicKey }),
      "tampered body": () => verifyPartooSignature({ body: tampered, signature, publicKey }),
    },
    { batch: 2000, rounds: 11 },
  );
}
