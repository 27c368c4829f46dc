import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { signPartooDelivery } from "../../src/testing.js";
import { PartooEventError, parsePartooEventBody } from "../../src/webhooks.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";

const signed = await signPartooDelivery({ type: "lead_received", payload: { id: "lead-1" } });

/** One request to a node:http server whose handler first does `before` to the request, then parses it. */
async function through(before: (req: IncomingMessage) => Promise<void>): Promise<string> {
  let outcome = "";
  const server = createServer(async (req, res) => {
    try {
      await before(req);
      outcome = (await parsePartooEventFromNode(req, { publicKey: signed.publicKey })).type;
    } catch (error) {
      outcome = `${(error as Error).name}: ${(error as Error).message}`;
    }
    res.end();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await fetch(`http://127.0.0.1:${port}/`, { method: "POST", headers: signed.headers, body: signed.body });
  await new Promise((done) => server.close(done));
  return outcome;
}

describe("parsePartooEventFromNode and bodies read before it", () => {
  it("says so when something read the stream and kept nothing, instead of 'does not verify'", async () => {
    const outcome = await through(async (req) => {
      for await (const _chunk of req); // a logger or a parser of its own that kept no bytes
    });
    expect(outcome).toBe(
      "TypeError: the body stream was already read by something else, which kept no raw bytes: let no parser run before this route, or use express.raw({ type: 'application/json' }) on it",
    );
  });

  it("uses a Buffer or a string left on req.body, refuses a parsed object once the stream is read, reads it when not", async () => {
    expect(await through(async (req) => void Object.assign(req, { body: Buffer.from(signed.body) }))).toBe(
      "lead_received",
    );
    expect(await through(async (req) => void Object.assign(req, { body: signed.body }))).toBe("lead_received");
    // A parser that read the stream and left an object: the bytes are gone, and it says what to do.
    const parsed = async (req: IncomingMessage) => {
      for await (const _chunk of req);
      Object.assign(req, { body: JSON.parse(signed.body) });
    };
    expect(await through(parsed)).toMatch(
      /^TypeError: the body was parsed as JSON by a middleware; signatures cover the raw bytes: use express\.raw/,
    );
    // An object left by a parser that did not read the stream ({} for another content type): the
    // bytes are still there, and they are what is verified.
    expect(await through(async (req) => void Object.assign(req, { body: {} }))).toBe("lead_received");
  });
});

describe("parsePartooEventBody", () => {
  it("takes the headers as a Headers or a plain object of any case, and caps the body", async () => {
    const lower = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const headers of [signed.headers, lower, new Headers(signed.headers)]) {
      await expect(parsePartooEventBody(signed.body, headers, { publicKey: signed.publicKey })).resolves.toMatchObject({
        type: "lead_received",
      });
    }
    await expect(
      parsePartooEventBody(signed.body, signed.headers, { publicKey: signed.publicKey, maxBodyBytes: 10 }),
    ).rejects.toThrow(new PartooEventError("body exceeds 10 bytes"));
    await expect(parsePartooEventBody(123 as never, signed.headers)).rejects.toThrow(
      "the body is number, not the raw bytes: pass a Buffer, a Uint8Array or the string exactly as received",
    );
  });
});
