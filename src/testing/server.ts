import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { checkOptionNames, optionNames } from "../internal/option-names.js";
import { BodyReadError, declaredTooLarge, decodeUtf8, readBody } from "../internal/read-body.js";
import { sleep } from "../internal/sleep.js";
import type { DeliveryOptions } from "./deliver.js";
import { type FaultQueue, type QueuedFault, serveWithFault } from "./faults.js";
import type { DeliveryRecord } from "./partoo.js";
import { type SandboxRateLimit, SlidingWindowLimiter } from "./rate-limit.js";
import type { SandboxUser, WebhookStore } from "./state.js";
import { createWorld } from "./world.js";

/** Options of `startSandbox`; all optional. */
export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * API keys the sandbox accepts, each an ORG_ADMIN of its own organization (1, 2, …). Default:
   * DEFAULT_USERS (two organization admins and a PROVIDER for organizations 1–3).
   */
  apiKeys?: readonly string[];
  /** Full control over who may do what; overrides `apiKeys`. */
  users?: readonly SandboxUser[];
  /** Added to every request, before any queued fault. */
  latencyMs?: number;
  /**
   * Webhooks created up front in the first user's first organization (default 0), to page
   * through. They do not count for the one-URL-per-event-type rule: creates after them succeed
   * with any URL, as in an empty organization.
   */
  seed?: number;
  /** Faults queued from the start (more can be pushed on `faults` at any time). */
  faults?: readonly QueuedFault[];
  /** Told of every request as it arrives. */
  onRequest?: (request: { method: string; path: string; query: string }) => void;
  /** Told of every answer once sent, with its status and how long it took (the CLI logs them). */
  onResponse?: (answer: { method: string; path: string; query: string; status: number; durationMs: number }) => void;
  /** The Ed25519 key that signs deliveries, PEM or KeyObject (default: a fresh one per sandbox). */
  signingKey?: KeyObject | string;
  /** Trust for tryout deliveries to a test receiver with a self-signed certificate. */
  tryoutCa?: DeliveryOptions["ca"];
  /** Let tryouts reach hosts beyond loopback (manual use only; tests never need it). */
  allowExternalDeliveries?: boolean;
  /** Partoo's rate limit, off by default: `{ limit: 300 }` per minute and organization, or scaled (`windowMs`). */
  rateLimit?: SandboxRateLimit;
}

/** One request the sandbox received, as it arrived: what a test reads to see what was really sent. */
export interface RecordedRequest {
  /** `GET`, `POST`. */
  method: string;
  /** The path, without the query: `/v2/webhooks`. */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** The headers as Node parsed them (names in lower case). */
  headers: IncomingMessage["headers"];
  /** The body as text; "" once the request is older than the last RECORDED_BODIES. */
  body: string;
}

/** A running embedded sandbox (`startSandbox`). */
export interface Sandbox {
  /** Base URL to give the client, e.g. `http://127.0.0.1:40123/v2`. */
  url: string;
  /** Its in-memory webhooks, to seed or inspect directly. */
  store: WebhookStore;
  /** Faults waiting for the next matching requests: `faults.push({ fault, method? })`. */
  faults: FaultQueue;
  /** Every request received, in order (tests read what was really sent); only the last RECORDED_BODIES keep their body. */
  requests: RecordedRequest[];
  /** The API keys it accepts. */
  apiKeys: string[];
  /** The public half of the key that signs every delivery (SPKI, base64): give it to `parsePartooEvent`. */
  publicKey: string;
  /** The same key as PEM, for printing. */
  publicKeyPem: string;
  /** Every delivery made (tryouts), in order; custom header values are not kept. */
  deliveries: DeliveryRecord[];
  /** Requests the `rateLimit` option refused with 429 (0 without it). */
  readonly rateLimited: number;
  /** Stops listening and closes open connections. */
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

const SANDBOX_OPTION_NAMES = optionNames<SandboxOptions>({
  host: true,
  port: true,
  apiKeys: true,
  users: true,
  latencyMs: true,
  seed: true,
  faults: true,
  onRequest: true,
  onResponse: true,
  signingKey: true,
  tryoutCa: true,
  allowExternalDeliveries: true,
  rateLimit: true,
});

/**
 * Starts the embedded sandbox: Partoo's webhook endpoints, stateful, validating as the spec says,
 * with fault injection and signed deliveries. Close it when done.
 *
 * @example
 * const sandbox = await startSandbox({ apiKeys: ["test-key"] });
 * const partoo = createPartooClient({ apiKey: "test-key", baseUrl: sandbox.url });
 * // … then: await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkOptionNames("startSandbox", options, SANDBOX_OPTION_NAMES);
  const { users, store, faults, deliveries, key, imitate } = createWorld(options);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const limiter = options.rateLimit ? new SlidingWindowLimiter(options.rateLimit) : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const { onResponse } = options;
    if (onResponse) {
      const started = performance.now();
      res.once("finish", () =>
        onResponse({
          method: req.method ?? "",
          path: url.pathname,
          query: url.searchParams.toString(),
          status: res.statusCode,
          durationMs: performance.now() - started,
        }),
      );
    }
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
    options.onRequest?.({ method: req.method ?? "", path: url.pathname, query: url.searchParams.toString() });
    const forgotten = requests[requests.length - 1 - RECORDED_BODIES];
    if (forgotten) forgotten.body = "";
    if (options.latencyMs) await sleep(options.latencyMs);
    const path = url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : "";
    const retryAfter = limiter?.take(rateLimitKey(users, req.headers["x-apikey"], url.searchParams));
    if (retryAfter !== undefined) {
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) })
        .end(JSON.stringify({ errors: { rate_limit: "Too many requests" } }));
      return;
    }
    await serveWithFault(faults.take(req.method ?? "", url.searchParams), req, res, () =>
      imitate({ method: req.method ?? "GET", path, query: url.searchParams, headers: req.headers, body }),
    );
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
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot listen on ${host}:${options.port ?? 0}: ${error.code === "EADDRINUSE" ? "the port is in use" : error.code === "EADDRNOTAVAIL" ? "no such local address" : error.message}`,
        ),
      ),
    );
    server.listen(options.port ?? 0, host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}${BASE_PATH}`,
    store,
    faults,
    requests,
    apiKeys: users.map((u) => u.apiKey),
    publicKey: key.publicKey,
    publicKeyPem: key.publicKeyPem,
    deliveries,
    get rateLimited() {
      return limiter?.refused ?? 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What the rate limit counts against: the organization `org_id` names, else the key's first one. */
function rateLimitKey(users: readonly SandboxUser[], key: unknown, query: URLSearchParams): string {
  const user = users.find((u) => u.apiKey === key);
  return `org:${query.get("org_id") ?? user?.orgIds[0] ?? "none"}`;
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
