import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { signature as signing } from "../../generated/webhook-events.js";
import { BodyReadError, declaredTooLarge, decodeUtf8, readBody } from "../../src/internal/read-body.js";
import { requestBodyViolations } from "../../src/internal/request-rules.js";
import type { CreateWebhookInput, TryoutResult } from "../../src/types.js";
import { LIST_LIMITS } from "../list-limits.js";
import { defaultPayload } from "./default-payloads.js";
import { type DeliveryOptions, deliver } from "./deliver.js";
import { documentedErrorBody } from "./error-bodies.js";
import { type Fault, FaultQueue } from "./faults.js";
import { DEFAULT_USERS, type SandboxUser, WebhookStore } from "./state.js";

export interface SandboxOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  users?: readonly SandboxUser[];
  /** Added to every request, before any queued fault. */
  latencyMs?: number;
  /** Trust for tryout deliveries to a test receiver with a self-signed certificate. */
  tryoutCa?: DeliveryOptions["ca"];
  /** Let tryouts reach hosts beyond loopback (manual use only; tests never need it). */
  allowExternalDeliveries?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Sandbox {
  /** Base URL to give the client, e.g. `http://127.0.0.1:40123/v2`. */
  url: string;
  store: WebhookStore;
  faults: FaultQueue;
  /** Every request received, in order (tests read what was really sent); only the last RECORDED_BODIES keep their body. */
  requests: RecordedRequest[];
  /** The sandbox's own Ed25519 key (SPKI, base64), which signs every delivery it makes. */
  signingPublicKey: string;
  close(): Promise<void>;
}

const BASE_PATH = "/v2";
const MAX_BODY_BYTES = 1024 * 1024;
/** A request body dripped slower than this is answered 408 and the connection closed. */
const BODY_TIMEOUT_MS = 10_000;
/**
 * Bodies of the most recent requests kept in `requests`; older entries stay (tests count them)
 * but lose their body, so a long-running sandbox does not keep every body it was ever sent.
 */
export const RECORDED_BODIES = 200;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox ${status}`);
  }
}

const badRequest = (json: Record<string, unknown>) => new HttpError(400, documentedErrorBody(400, { json }));

function integerParam(query: URLSearchParams, name: string, fallback: number | undefined): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw badRequest({ [name]: ["Not a valid integer."] });
  return Number(raw);
}

/** Starts the embedded sandbox on loopback. Close it when done. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const users = options.users ?? DEFAULT_USERS;
  const store = new WebhookStore();
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const keyPair = generateKeyPairSync("ed25519");

  function authenticate(req: IncomingMessage): SandboxUser {
    const key = req.headers["x-apikey"];
    const user = typeof key === "string" ? users.find((u) => u.apiKey === key) : undefined;
    if (!user) throw new HttpError(401, documentedErrorBody(401));
    return user;
  }

  /** The organizations a request may see: its user's, or the one `org_id` names if the user may. */
  function scope(user: SandboxUser, query: URLSearchParams): { orgIds: number[]; orgId: number | undefined } {
    const requested = integerParam(query, "org_id", undefined);
    if (requested === undefined)
      return { orgIds: user.orgIds, orgId: user.role === "PROVIDER" ? undefined : user.orgIds[0] };
    if (!user.orgIds.includes(requested)) throw new HttpError(403, documentedErrorBody(403));
    return { orgIds: [requested], orgId: requested };
  }

  function parseItems(
    method: string,
    path: string,
    body: string,
    contentType: string | undefined,
  ): CreateWebhookInput[] {
    if (!/^application\/json\b/i.test(contentType ?? ""))
      throw badRequest({ _body: ["Expected an application/json body."] });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw badRequest({ _body: ["Invalid JSON."] });
    }
    const violations = requestBodyViolations(method, path, parsed);
    if (violations.length > 0) {
      const json: Record<string, string[]> = {};
      for (const v of violations) {
        const message = v.headerName === undefined ? v.message : `${JSON.stringify(v.headerName)}: ${v.message}`;
        json[v.instancePath || "_body"] = [...(json[v.instancePath || "_body"] ?? []), message];
      }
      throw badRequest(json);
    }
    return (parsed as { items: CreateWebhookInput[] }).items;
  }

  function listWebhooks(user: SandboxUser, query: URLSearchParams) {
    const { orgIds } = scope(user, query);
    const { firstPage, perPageDefault, perPageMin, perPageMax } = LIST_LIMITS;
    const page = Math.max(firstPage, integerParam(query, "page", firstPage) ?? firstPage); // "lower than 1 … considered as 1"
    const perPage = integerParam(query, "per_page", perPageDefault) ?? perPageDefault;
    if (perPage < perPageMin || perPage > perPageMax) {
      throw badRequest({ per_page: [`Must be between ${perPageMin} and ${perPageMax}.`] });
    }
    const all = store.list(orgIds);
    const items = all.slice((page - 1) * perPage, page * perPage);
    return { page, max_page: Math.max(1, Math.ceil(all.length / perPage)), count: all.length, items };
  }

  function createWebhooks(user: SandboxUser, query: URLSearchParams, items: CreateWebhookInput[]) {
    const { orgId } = scope(user, query);
    if (orgId === undefined) throw badRequest({ org_id: ["Missing data for required field (PROVIDER users)."] });
    // One URL per event type per organization (Partoo's setup guide), across the store and the batch.
    const json: Record<string, string[]> = {};
    const batch = new Map<string, string>();
    items.forEach((item, i) => {
      const existing = store.urlFor(orgId, item.event_type) ?? batch.get(item.event_type);
      if (existing !== undefined && existing !== item.url) {
        json[`/items/${i}/event_type`] = [
          `${item.event_type} already has a webhook with another URL in this organization.`,
        ];
      }
      batch.set(item.event_type, item.url);
    });
    if (Object.keys(json).length > 0) throw badRequest(json);
    return { items: store.add(orgId, items) };
  }

  async function tryout(user: SandboxUser, query: URLSearchParams, items: CreateWebhookInput[]) {
    const { orgId, orgIds } = scope(user, query);
    const [first] = items; // Partoo: "entries after the first one will be ignored"
    if (!first) return { items: [] };
    const payload = defaultPayload(first.event_type, orgId ?? orgIds[0] ?? 0);
    const body = JSON.stringify({ type: first.event_type, payload });
    const headers = {
      "content-type": "application/json",
      ...first.custom_headers,
      [signing.tryoutHeader]: "true",
      [signing.header]: sign(null, Buffer.from(body), keyPair.privateKey).toString("base64"),
    };
    const status = await deliver(
      { url: first.url, headers, body },
      { ca: options.tryoutCa, allowExternal: options.allowExternalDeliveries ?? false },
    );
    const result: TryoutResult = {
      payload,
      event_type: first.event_type,
      url: first.url,
      status: status === 200 ? "success" : "error",
    };
    return { items: [result] };
  }

  async function route(req: IncomingMessage, url: URL, body: string): Promise<unknown> {
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : "";
    const method = req.method ?? "GET";
    const user = authenticate(req);
    if (path === "/webhooks" && method === "GET") return listWebhooks(user, url.searchParams);
    if (path === "/webhooks" && method === "POST") {
      return createWebhooks(user, url.searchParams, parseItems(method, path, body, req.headers["content-type"]));
    }
    if (path === "/webhooks/tryout" && method === "POST") {
      return tryout(user, url.searchParams, parseItems(method, path, body, req.headers["content-type"]));
    }
    const byId = /^\/webhooks\/(\d+)$/.exec(path);
    if (byId?.[1] && method === "GET") {
      const { orgIds } = scope(user, url.searchParams);
      const webhook = store.get(Number(byId[1]), orgIds);
      if (webhook) return webhook;
    }
    throw new HttpError(404, documentedErrorBody(404));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    let body: string;
    try {
      body = decodeUtf8(await readSandboxBody(req));
    } catch (error) {
      if (!(error instanceof BodyReadError)) throw error;
      // Answer, then close: the rest of an oversized or stalled body is not worth reading.
      const status = error.kind === "tooLarge" ? 413 : 408;
      res
        .writeHead(status, { "content-type": "application/json", connection: "close" })
        .end(JSON.stringify({ errors: { _body: [error.message] } }), () => req.socket?.destroy());
      return;
    }
    requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    const forgotten = requests[requests.length - 1 - RECORDED_BODIES];
    if (forgotten) forgotten.body = "";
    if (options.latencyMs) await sleep(options.latencyMs);
    const fault = faults.take(req.method ?? "");
    if (fault && (await applyFaultBefore(fault, req, res))) return;

    let status = 200;
    let payload: unknown;
    try {
      payload = await route(req, url, body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = error.body;
    }
    if (fault?.kind === "reset") return void req.socket.destroy();
    let text = JSON.stringify(payload);
    if (fault?.kind === "malformedJson") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    if (fault?.kind === "emptyBody") text = "";
    res.writeHead(status, { "content-type": "application/json" }).end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: { server: error.message } }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const { address, port } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}${BASE_PATH}`,
    store,
    faults,
    requests,
    signingPublicKey: keyPair.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Applies a fault that replaces the answer; returns true when the request is finished with. */
async function applyFaultBefore(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case "latency":
      await sleep(fault.ms);
      return false;
    case "rateLimit":
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": fault.retryAfter ?? "1" })
        .end(JSON.stringify({ errors: { rate_limit: "Too many requests" } }));
      return true;
    case "status":
      if (fault.html)
        res
          .writeHead(fault.status, { "content-type": "text/html" })
          .end("<html><body><h1>Bad Gateway</h1></body></html>");
      else
        res
          .writeHead(fault.status, { "content-type": "application/json" })
          .end(JSON.stringify({ errors: { server: "Injected failure" } }));
      return true;
    case "reset":
      if (fault.when === "after") return false;
      req.socket.destroy();
      return true;
    case "hang":
      return true;
    default:
      return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request body, bounded in size and time; an oversized one is refused on its Content-Length alone. */
async function readSandboxBody(req: IncomingMessage): Promise<Uint8Array> {
  if (declaredTooLarge(req.headers["content-length"], MAX_BODY_BYTES)) {
    throw new BodyReadError("tooLarge", MAX_BODY_BYTES, 0, `body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  // Not destroyed on refusal (the 413 or 408 still has to go out): paused, then closed after it.
  return readBody(stopOnlyReading(req), { maxBytes: MAX_BODY_BYTES, timeoutMs: BODY_TIMEOUT_MS });
}

/** The request's chunks, without the `destroy` the shared reader would call on a Node stream. */
async function* stopOnlyReading(req: IncomingMessage): AsyncGenerator<Uint8Array> {
  for await (const chunk of req) yield chunk as Uint8Array;
}
