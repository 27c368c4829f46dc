import { BodyReadError, decodeUtf8, readBody } from "../internal/read-body.js";
import { sleep } from "../internal/sleep.js";
import { answerUnderFault, type FaultQueue } from "./faults.js";
import type { DeliveryRecord } from "./partoo.js";
import type { SandboxOptions } from "./server.js";
import type { WebhookStore } from "./state.js";
import { createWorld } from "./world.js";

/** What the in-process imitation takes: the sandbox's options that have a meaning without a socket. */
export type FetchImitationOptions = Pick<
  SandboxOptions,
  "apiKeys" | "users" | "latencyMs" | "seed" | "faults" | "signingKey" | "tryoutCa" | "allowExternalDeliveries"
>;

/** The imitation behind a Fetch API handler, with the state a test reads and changes. */
export interface FetchImitation {
  /** Answers one request below one of `basePaths` as the sandbox would. */
  handle(request: Request, basePath: string): Promise<Response>;
  /** Its in-memory webhooks, to seed or inspect directly. */
  store: WebhookStore;
  /** Faults waiting for the next matching requests. */
  faults: FaultQueue;
  /** The API keys it accepts. */
  apiKeys: string[];
  /** The public half of the key that signs tryout deliveries (SPKI, base64). */
  publicKey: string;
  /** The same key as PEM. */
  publicKeyPem: string;
  /** Every delivery made (tryouts), in order; custom header values are not kept. */
  deliveries: DeliveryRecord[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const BODY_TIMEOUT_MS = 10_000;

/**
 * The sandbox's imitation (createPartooImitation, the same users, paging, faults and signed
 * tryouts) answering Fetch API `Request`s in-process: the adapter behind the MSW handlers, and any
 * other request interceptor that speaks `Request` and `Response`.
 */
export function createFetchImitation(options: FetchImitationOptions = {}): FetchImitation {
  const { users, store, faults, deliveries, key, imitate } = createWorld(options);

  async function handle(request: Request, basePath: string): Promise<Response> {
    const url = new URL(request.url);
    let body: string;
    try {
      body = decodeUtf8(await readBody(request.body, { maxBytes: MAX_BODY_BYTES, timeoutMs: BODY_TIMEOUT_MS }));
    } catch (error) {
      if (!(error instanceof BodyReadError)) throw error;
      return Response.json({ errors: { _body: [error.message] } }, { status: error.kind === "tooLarge" ? 413 : 408 });
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : "";
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const outcome = await answerUnderFault(faults.take(request.method, url.searchParams), () =>
      imitate({ method: request.method, path, query: url.searchParams, headers, body }),
    );
    if (outcome.kind === "answer")
      return new Response(outcome.text, { status: outcome.status, headers: outcome.headers });
    // A hang lasts until the caller gives up (its timeout or abort), then ends as a lost connection.
    if (outcome.kind === "hang" && !request.signal.aborted) {
      await new Promise((resolve) => request.signal.addEventListener("abort", resolve, { once: true }));
    }
    return Response.error();
  }

  return {
    handle,
    store,
    faults,
    apiKeys: users.map((u) => u.apiKey),
    publicKey: key.publicKey,
    publicKeyPem: key.publicKeyPem,
    deliveries,
  };
}
