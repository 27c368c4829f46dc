import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";

export const ORG1_KEY = DEFAULT_USERS[0]?.apiKey ?? "";
export const ORG2_KEY = DEFAULT_USERS[1]?.apiKey ?? "";
export const PROVIDER_KEY = DEFAULT_USERS[2]?.apiKey ?? "";

/** A sandbox started before the file's tests and closed after them. Read `.current` inside tests. */
export function useSandbox(options: SandboxOptions = {}): { current: Sandbox } {
  const holder = {} as { current: Sandbox };
  beforeAll(async () => {
    holder.current = await startSandbox(options);
  });
  afterAll(async () => holder.current?.close());
  return holder;
}

/** A fresh HTTPS-looking URL per call, so creates never collide on "one URL per event type". */
let hookCounter = 0;
export const hookUrl = () => `https://hooks.example.com/partoo/${++hookCounter}`;

/** Timers armed in this process now: a leak shows as a count that grows across a test. */
export const armedTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/**
 * A random tail, different on every call: for inputs of code that caches by value (secret
 * patterns, imported keys), so a cache filled by an earlier run cannot hide a change in the code.
 */
export const freshTail = () => `-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A fetch answering from `script` in turn, then with `fallback`, telling `onCall` what each call
 * sent: for transport and redirect parts tested without a network.
 */
export function scriptedFetch(
  script: (() => Response)[],
  fallback: () => Response,
  onCall?: (sent: { url: string; init: RequestInit; call: number }) => void,
) {
  let calls = 0;
  const fetchFn = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls++;
    onCall?.({ url: String(url), init, call: calls });
    return (script.shift() ?? fallback)();
  }) as unknown as typeof fetch;
  return { fetchFn, calls: () => calls };
}

/** A loopback port nothing listens on (free a moment ago): for refused connections, or to listen on. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A webhook receiver on loopback, as a user's would be. Read and set its fields inside tests. */
export interface Receiver {
  /** `http://127.0.0.1:PORT/hook`, once the file's tests start. */
  url: string;
  /** Every request received, in order. */
  received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[];
  /** What it answers (default 200); null: it never answers, like a hung receiver. */
  status: number | null;
  /** A JSON body to answer with (default none); any path is answered the same. */
  answer?: string;
}

/** A plain-http receiver (of webhooks, or of a client's requests) started before the file's (or describe's) tests and closed after them. */
export function useReceiver(): Receiver {
  const receiver: Receiver = { url: "", received: [], status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      receiver.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (receiver.status === null) return;
      if (receiver.answer === undefined) res.writeHead(receiver.status).end();
      else res.writeHead(receiver.status, { "content-type": "application/json" }).end(receiver.answer);
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => {
    server.closeAllConnections(); // a hung delivery's socket
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return receiver;
}
