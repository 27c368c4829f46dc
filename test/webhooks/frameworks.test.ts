/**
 * Every recipe of docs/frameworks.md, extracted from the page as a user would paste it, served
 * by the real framework on 127.0.0.1 and sent real deliveries: signed, altered, unsigned.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signPartooDelivery } from "../../src/testing.js";
import { parsePartooEventFromNode } from "../../src/webhooks-node.js";

const ROOT = resolve(import.meta.dirname, "../..");
const DOC = readFileSync(join(ROOT, "docs/frameworks.md"), "utf8");
/** Inside the repo (git-ignored) so the recipes resolve express, fastify and hono from node_modules. */
const DIR = join(ROOT, ".cache", `recipes-${process.pid}`);
const PACKAGE = { "partoo-client": "src/index.ts", "partoo-client/webhooks": "src/webhooks.ts" } as const;
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const spki = publicKey.export({ format: "der", type: "spki" }).toString("base64");

/** The doc's block marked `// recipe: NAME`, its package imports pointed at this checkout's source. */
function recipe(name: string): string {
  const blocks = [...DOC.matchAll(/```ts no-run\n\/\/ recipe: ([\w-]+)\n([\s\S]*?)```/g)];
  const code = blocks.find((b) => b[1] === name)?.[2];
  if (!code) throw new Error(`docs/frameworks.md has no block marked // recipe: ${name}`);
  return code.replace(/from "(partoo-client(?:\/[\w/]+)?)"/g, (_all, specifier: string) => {
    const file =
      specifier === "partoo-client/webhooks/node" ? "src/webhooks-node.ts" : PACKAGE[specifier as keyof typeof PACKAGE];
    if (!file) throw new Error(`recipe ${name} imports ${specifier}, unknown to this test`);
    return `from ${JSON.stringify(join(ROOT, file))}`;
  });
}

async function load<T>(name: string): Promise<T> {
  const file = join(DIR, `${name}.ts`);
  writeFileSync(file, recipe(name));
  return (await import(pathToFileURL(file).href)) as T;
}

const listen = (server: Server) =>
  new Promise<string>((done) =>
    server.listen(0, "127.0.0.1", () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

const servers: { close(): unknown }[] = [];
const urls: Record<string, string> = {};
const log = vi.spyOn(console, "log").mockImplementation(() => {});

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  process.env.PARTOO_PUBLIC_KEY = spki; // read by every recipe when it loads

  const { app: expressApp } = await load<{ app: express.Express }>("express");
  const expressServer = createServer(expressApp);
  servers.push(expressServer);
  urls.express = await listen(expressServer);

  const { app: fastifyApp } = await load<{ app: import("fastify").FastifyInstance }>("fastify");
  urls.fastify = (await fastifyApp.listen({ port: 0, host: "127.0.0.1" })).replace(/\/$/, "");
  servers.push(fastifyApp);

  const { app: honoApp } = await load<{ app: import("hono").Hono }>("hono");
  urls.hono = await new Promise<string>((done) => {
    const server = serve({ fetch: honoApp.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      done(`http://127.0.0.1:${info.port}`),
    );
    servers.push(server);
  });

  // Next.js is not installed: its Node adapter's way of building the Request is imitated here.
  const { POST } = await load<{ POST: (request: Request) => Promise<Response> }>("next");
  const nextServer = createServer(async (req, res) => {
    const request = new Request(new URL(req.url ?? "/", "http://127.0.0.1"), {
      method: req.method ?? "POST",
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])) as [
        string,
        string,
      ][],
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    try {
      const response = await POST(request);
      res.writeHead(response.status).end(await response.text());
    } catch {
      res.writeHead(500).end();
    }
  });
  servers.push(nextServer);
  urls.next = await listen(nextServer);

  const { server: nodeServer } = await load<{ server: Server }>("node-http");
  servers.push(nodeServer);
  urls["node-http"] = await listen(nodeServer);
});

afterAll(async () => {
  for (const server of servers) await server.close();
  rmSync(DIR, { recursive: true, force: true });
  delete process.env.PARTOO_PUBLIC_KEY;
  log.mockRestore();
});

const delivery = (type = "lead_received") => signPartooDelivery({ type, payload: { id: "lead-7" } }, { privateKey });

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/partoo`, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
}

describe.each(["express", "fastify", "hono", "next", "node-http"])("the %s recipe of docs/frameworks.md", (name) => {
  it("answers 200 to a signed delivery and hands the event on", async () => {
    log.mockClear();
    const { body, headers } = await delivery("business_deleted");
    expect(await post(urls[name] ?? "", body, headers)).toEqual({ status: 200, text: expect.any(String) });
    expect(log).toHaveBeenCalledWith("received", "business_deleted");
  });

  it("answers 400 with the reason to an altered body and to an unsigned one", async () => {
    const { body, headers } = await delivery();
    const altered = await post(urls[name] ?? "", body.replace("lead-7", "lead-8"), headers);
    expect(altered).toEqual({ status: 400, text: expect.stringContaining("does not verify") });
    const { "X-Partoo-Signature-v1": _dropped, ...unsigned } = headers;
    expect(await post(urls[name] ?? "", body, unsigned)).toEqual({
      status: 400,
      text: "unsigned delivery: no X-Partoo-Signature-v1 header",
    });
  });
});

describe("parsePartooEventFromNode behind Express body parsers", () => {
  const errors: string[] = [];
  let url = "";
  let server: Server;
  beforeAll(async () => {
    const app = express();
    const route = async (req: express.Request, res: express.Response) => {
      const event = await parsePartooEventFromNode(req, { publicKey: spki });
      res.status(200).send(event.type);
    };
    app.post("/raw", express.raw({ type: "application/json" }), route);
    app.post("/text", express.text({ type: "application/json" }), route);
    app.post("/json", express.json(), route);
    app.post("/urlencoded-only", express.urlencoded({ extended: false }), route); // never matches JSON
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(`${error.name}: ${error.message}`);
      res.status(500).send();
    });
    server = createServer(app);
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("verifies a Buffer from express.raw() and a string from express.text(), and reads a stream no parser took", async () => {
    const { body, headers } = await delivery();
    for (const path of ["/raw", "/text", "/urlencoded-only"]) {
      const response = await fetch(`${url}${path}`, { method: "POST", headers, body });
      expect([path, response.status, await response.text()]).toEqual([path, 200, "lead_received"]);
    }
  });

  it("refuses the object express.json() left, with one line saying what happened and what to do", async () => {
    const { body, headers } = await delivery();
    errors.length = 0;
    const response = await fetch(`${url}/json`, { method: "POST", headers, body });
    expect(response.status).toBe(500);
    expect(errors).toEqual([
      "TypeError: the body was parsed as JSON by a middleware; signatures cover the raw bytes: use express.raw({ type: 'application/json' }) on this route (Fastify: a buffer content-type parser; see docs/frameworks.md)",
    ]);
  });
});
