import { execFileSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartooClient, unwrap } from "../../src/index.js";
import { startSandbox } from "../../src/testing/server.js";
import {
  PARTOO_EVENT_TYPES,
  type PartooEvent,
  PartooEventError,
  PartooSignatureError,
  parsePartooEvent,
  partooPublicKey,
  verifyPartooSignature,
} from "../../src/webhooks.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";
import { ORG1_KEY } from "../helpers.js";

const keys = generateKeyPairSync("ed25519");
const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const publicPem = keys.publicKey.export({ format: "pem", type: "spki" }).toString();
const other = generateKeyPairSync("ed25519");
const otherKey = other.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const signWith = (body: string | Buffer, privateKey = keys.privateKey) =>
  sign(null, Buffer.from(body), privateKey).toString("base64");

const BODY = JSON.stringify({
  type: "lead_received",
  payload: { id: "lead-1", source: "chatbot", values: [{ id: "q", type: "OPT_IN", name: "News", value: true }] },
});
const SIG = signWith(BODY);

describe("verifyPartooSignature", () => {
  it("accepts a valid signature, for string or bytes, with a base64 SPKI, PEM or CryptoKey key", async () => {
    expect(await verifyPartooSignature({ body: BODY, signature: SIG, publicKey })).toBe(true);
    expect(await verifyPartooSignature({ body: Buffer.from(BODY), signature: SIG, publicKey: publicPem })).toBe(true);
    const cryptoKey = await crypto.subtle.importKey("spki", Buffer.from(publicKey, "base64"), "Ed25519", false, [
      "verify",
    ]);
    expect(
      await verifyPartooSignature({
        body: new TextEncoder().encode(BODY).buffer as ArrayBuffer,
        signature: SIG,
        publicKey: cryptoKey,
      }),
    ).toBe(true);
    expect(await verifyPartooSignature({ body: "", signature: signWith(""), publicKey })).toBe(true);
  });

  it("rejects a body altered by one byte, another body's signature, and another key", async () => {
    const tampered = Buffer.from(BODY);
    tampered[10] = (tampered[10] ?? 0) ^ 1;
    expect(await verifyPartooSignature({ body: tampered, signature: SIG, publicKey })).toBe(false);
    expect(await verifyPartooSignature({ body: BODY, signature: signWith(`${BODY} `), publicKey })).toBe(false);
    expect(await verifyPartooSignature({ body: BODY, signature: SIG, publicKey: otherKey })).toBe(false);
    expect(
      await verifyPartooSignature({ body: JSON.stringify(JSON.parse(BODY), null, 1), signature: SIG, publicKey }),
    ).toBe(false); // re-serialised
  });

  it("resolves false, never rejects, on missing, truncated, non-base64 or wrong-length signatures", async () => {
    for (const signature of [
      undefined,
      null,
      "",
      SIG.slice(0, 40),
      SIG.slice(0, -4),
      "not base64!!",
      `${SIG}AAAA`,
      "A".repeat(88),
      "====",
    ]) {
      expect(await verifyPartooSignature({ body: BODY, signature, publicKey }), String(signature)).toBe(false);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string(),
        async (body, signature) => (await verifyPartooSignature({ body, signature, publicKey })) === false,
      ),
      { numRuns: 500 },
    );
  });

  it("defaults to Partoo's published key for the environment", async () => {
    expect(partooPublicKey("sandbox")).toMatch(/^MCowBQYDK2VwAyEA/);
    expect(partooPublicKey()).not.toBe(partooPublicKey("sandbox"));
    // our key is not Partoo's
    expect(await verifyPartooSignature({ body: BODY, signature: SIG, environment: "sandbox" })).toBe(false);
  });

  it("rejects a key that is not Ed25519, or not a key at all, with one clear line (no OpenSSL text)", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    // Before: the RSA key said "expected an Ed25519 public key, got rsa", and a malformed key threw
    // OpenSSL's own message (e.g. "error:1E08010C:DECODER routines::unsupported").
    await expect(verifyPartooSignature({ body: BODY, signature: SIG, publicKey: rsa })).rejects.toThrow(
      "publicKey is not an Ed25519 SPKI key: expected an Ed25519 public key as PEM, base64 SPKI (see partooPublicKey()) or a CryptoKey",
    );
    for (const malformed of ["not a key", "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----", "QUJD"]) {
      const error = await verifyPartooSignature({ body: BODY, signature: SIG, publicKey: malformed }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^publicKey is (neither PEM nor base64|not an Ed25519 SPKI key): /);
    }
  });
});

const request = (body: string, headers: Record<string, string> = { "X-Partoo-Signature-v1": signWith(body) }) =>
  new Request("https://receiver.example/partoo", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

describe("parsePartooEvent (Fetch Request)", () => {
  it("parses a signed delivery and narrows it by type", async () => {
    const event = await parsePartooEvent(request(BODY), { publicKey });
    expect(event).toMatchObject({ type: "lead_received", isTryout: false });
    if (event.type !== "lead_received") throw new Error("not narrowed");
    expect(event.payload.values?.[0]?.value).toBe(true);
  });

  it("reports the tryout header", async () => {
    const event = await parsePartooEvent(
      request(BODY, { "X-Partoo-Signature-v1": SIG, "X-Partoo-Webhook-Tryout": "true" }),
      { publicKey },
    );
    expect(event.isTryout).toBe(true);
  });

  it("refuses unsigned and badly signed deliveries, unless verification is turned off", async () => {
    await expect(parsePartooEvent(request(BODY, {}), { publicKey })).rejects.toThrow(
      new PartooSignatureError("unsigned delivery: no X-Partoo-Signature-v1 header"),
    );
    await expect(
      parsePartooEvent(request(BODY, { "X-Partoo-Signature-v1": signWith("other") }), { publicKey }),
    ).rejects.toBeInstanceOf(PartooSignatureError);
    await expect(
      parsePartooEvent(request(BODY, { "X-Partoo-Signature-v1": SIG }), { publicKey: otherKey }),
    ).rejects.toBeInstanceOf(PartooSignatureError);
    expect((await parsePartooEvent(request(BODY, {}), { verify: false })).type).toBe("lead_received");
  });

  it("caps the body before parsing, declared or streamed", async () => {
    const big = JSON.stringify({ type: "lead_received", payload: { pad: "x".repeat(2000) } });
    await expect(parsePartooEvent(request(big), { publicKey, maxBodyBytes: 1000 })).rejects.toThrow(
      new PartooEventError("body exceeds 1000 bytes"),
    );
    const streamed = new Request("https://r.example/", {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("x".repeat(400)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await expect(parsePartooEvent(streamed, { verify: false, maxBodyBytes: 1000 })).rejects.toThrow(
      "body exceeds 1000 bytes",
    );
  });

  it("refuses what is not a Partoo envelope", async () => {
    for (const body of [
      "not json",
      "[]",
      '{"type":"lead_received"}',
      '{"type":1,"payload":{}}',
      '{"type":"lead_received","payload":[]}',
      '{"type":"review_created","payload":{}}',
    ]) {
      await expect(parsePartooEvent(request(body), { publicKey }), body).rejects.toBeInstanceOf(PartooEventError);
    }
  });

  it("parses every documented event type, keeping fields and enum values it does not know", async () => {
    for (const type of PARTOO_EVENT_TYPES) {
      const body = JSON.stringify({ type, payload: { message: { content_type: "Sticker" }, brand_new_field: 1 } });
      const event: PartooEvent = await parsePartooEvent(request(body), { publicKey });
      expect(event.type).toBe(type);
      expect(event.payload).toMatchObject({ brand_new_field: 1 });
    }
  });
});

async function listen(server: ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("parsePartooEventFromNode (IncomingMessage)", () => {
  it("parses a signed delivery and refuses a tampered one, over real HTTP", async () => {
    const outcomes: string[] = [];
    const server = createHttpServer(async (req: IncomingMessage, res) => {
      try {
        const event = await parsePartooEventFromNode(req, { publicKey, maxBodyBytes: 5000 });
        outcomes.push(`${event.type}${event.isTryout ? " (tryout)" : ""}`);
        res.writeHead(200).end();
      } catch (error) {
        outcomes.push((error as Error).name);
        res.writeHead(error instanceof PartooSignatureError ? 401 : 400).end();
      }
    });
    const url = `http://127.0.0.1:${await listen(server)}/`;
    const post = (body: string, signature: string) =>
      fetch(url, { method: "POST", body, headers: { "X-Partoo-Signature-v1": signature } });
    expect((await post(BODY, SIG)).status).toBe(200);
    expect((await post(BODY.replace("chatbot", "chatbox"), SIG)).status).toBe(401);
    expect((await post("y".repeat(6000), signWith("y".repeat(6000)))).status).toBe(400);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(outcomes).toEqual(["lead_received", "PartooSignatureError", "PartooEventError"]);
  });
});

const hasOpenssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].some(existsSync);

describe.skipIf(!hasOpenssl)("end to end: the sandbox's tryout to a receiver built with this package", () => {
  const dir = mkdtempSync(join(tmpdir(), "partoo-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let cert = "";
  let key = "";
  beforeAll(() => {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    cert = readFileSync(join(dir, "cert.pem"), "utf8");
    key = readFileSync(join(dir, "key.pem"), "utf8");
  });

  it("delivers a signed, typed event with the tryout header and the custom headers", async () => {
    const sandbox = await startSandbox({ tryoutCa: cert });
    const received: { event: PartooEvent; team: string | undefined }[] = [];
    const receiver = createHttpsServer({ cert, key }, async (req, res) => {
      const event = await parsePartooEventFromNode(req, { publicKey: sandbox.publicKey });
      received.push({ event, team: req.headers["x-team"] as string | undefined });
      res.writeHead(200).end();
    });
    const port = await listen(receiver as unknown as ReturnType<typeof createHttpServer>);
    try {
      const partoo = createPartooClient({ apiKey: ORG1_KEY, baseUrl: sandbox.url });
      const result = unwrap(
        await partoo.POST("/webhooks/tryout", {
          body: {
            items: [
              {
                url: `https://127.0.0.1:${port}/partoo`,
                event_type: "lead_received",
                custom_headers: { "X-Team": "growth" },
              },
            ],
          },
        }),
      );
      expect(result.items?.[0]?.status).toBe("success");
      expect(received).toHaveLength(1);
      expect(received[0]?.team).toBe("growth");
      const event = received[0]?.event;
      expect(event?.isTryout).toBe(true);
      if (event?.type !== "lead_received") throw new Error(`expected lead_received, got ${event?.type}`);
      expect(event.payload.values?.map((v) => v.type)).toEqual(["TEXT", "OPT_IN"]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await sandbox.close();
    }
  });
});
