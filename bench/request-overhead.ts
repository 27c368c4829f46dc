import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import type { PartooPaths } from "../src/types.js";
import { built } from "./built.js";
import { type Comparison, throughput, WEBHOOK_JSON } from "./harness.js";
import { PEER_PINS, type Peers } from "./peers.js";

const CREATED = JSON.stringify({ items: [JSON.parse(WEBHOOK_JSON)] });
const BODY = {
  items: [
    {
      url: "https://example.com/h",
      event_type: "lead_received" as const,
      custom_headers: { "X-A": "b", "X-Token": "secret-value" },
    },
  ],
};

/** Plain fetch given a fresh AbortSignal and timer per call, as a per-attempt deadline needs. */
export const PLAIN_WITH_DEADLINE = "plain fetch + a per-call AbortSignal and timer";

/** An in-process fetch that answers at once, as openapi-fetch measures itself. */
const stubFetch = (async (input: RequestInfo | URL) => {
  const method = input instanceof Request ? input.method : "GET";
  return new Response(method === "POST" ? CREATED : WEBHOOK_JSON, { headers: { "content-type": "application/json" } });
}) as typeof fetch;
const stubFetchPost = (async () =>
  new Response(CREATED, { headers: { "content-type": "application/json" } })) as typeof fetch;

/**
 * openapi-fetch over the smallest fetch wrapper that still times out and retries (GET only, on a
 * network error or 5xx): what a user writing their own would start from. It checks nothing.
 */
export function minimalRetryFetch(fetchImpl: typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const request = new Request(input, { ...init, signal: AbortSignal.timeout(30_000) });
        const response = await fetchImpl(request);
        if (response.status < 500 || attempt === 2) return response;
      } catch (error) {
        if (attempt === 2) throw error;
      }
    }
  }) as typeof fetch;
}

/** The peers, each set to retry twice with a 30 s timeout where it has the option. */
function peerGets(peers: Peers, baseUrl: string, fetchImpl: typeof fetch) {
  const headers = { "x-APIKey": "k" };
  const ky = peers.ky.create({ prefixUrl: baseUrl, fetch: fetchImpl, headers, retry: 2, timeout: 30_000 });
  const openai = new peers.OpenAI({
    apiKey: "k",
    baseURL: baseUrl,
    fetch: fetchImpl,
    maxRetries: 2,
    timeout: 30_000,
    defaultHeaders: headers,
  });
  const ofetch = peers
    .createFetch({ fetch: fetchImpl })
    .create({ baseURL: baseUrl, headers, retry: 2, timeout: 30_000 });
  const minimal = createClient<PartooPaths>({ baseUrl, fetch: minimalRetryFetch(fetchImpl), headers });
  return {
    [`ofetch ${PEER_PINS.ofetch}`]: () => ofetch("/webhooks/1", { query: { org_id: 1 } }),
    "openapi-fetch + minimal timeout/retry fetch": () =>
      minimal.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 }, query: { org_id: 1 } } }),
    [`openai ${PEER_PINS.openai} client.get`]: () => openai.get("/webhooks/1", { query: { org_id: 1 } }),
    [`ky ${PEER_PINS.ky}`]: () => ky.get("webhooks/1", { searchParams: { org_id: 1 } }).json(),
  };
}

type Package = typeof import("../src/index.js");

function contenders(
  { createPartooClient }: Package,
  baseUrl: string,
  fetchImpl: typeof fetch,
  postFetch: typeof fetch,
  peers?: Peers,
) {
  const bare = createClient<PartooPaths>({ baseUrl, fetch: fetchImpl, headers: { "x-APIKey": "k" } });
  const partoo = createPartooClient({ apiKey: "k", orgId: 1, baseUrl, fetch: fetchImpl });
  const bareForPost = createClient<PartooPaths>({ baseUrl, fetch: postFetch, headers: { "x-APIKey": "k" } });
  const partooPost = createPartooClient({ apiKey: "k", orgId: 1, baseUrl, fetch: postFetch });
  const partooPostUnvalidated = createPartooClient({
    apiKey: "k",
    orgId: 1,
    baseUrl,
    fetch: postFetch,
    validateRequests: false,
  });
  const plainGet = async (signal: AbortSignal | null = null) =>
    (await fetchImpl(`${baseUrl}/webhooks/1?org_id=1`, { headers: { "x-APIKey": "k" }, signal })).json();
  const get = {
    "plain fetch": () => plainGet(),
    // The floor for any client with a per-attempt deadline that frees a hung socket: on Node 20 a
    // signal costs ~5 µs to create, and undici links every signal it is given to its own.
    [PLAIN_WITH_DEADLINE]: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return await plainGet(controller.signal);
      } finally {
        clearTimeout(timer);
      }
    },
    "bare openapi-fetch": () =>
      bare.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 }, query: { org_id: 1 } } }),
    "partoo-client": () => partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } }),
    ...(peers ? peerGets(peers, baseUrl, fetchImpl) : {}),
  };
  const post = {
    "bare openapi-fetch": () => bareForPost.POST("/webhooks", { body: BODY }),
    "partoo-client, validation off": () => partooPostUnvalidated.POST("/webhooks", { body: BODY }),
    "partoo-client, validation on": () => partooPost.POST("/webhooks", { body: BODY }),
  };
  return { get, post };
}

/** GET and POST, against an in-process stub and a loopback server; peers only when given. */
export async function requestOverhead(peers?: Peers): Promise<Comparison[]> {
  const pkg = await built<Package>("src/index.js");
  const stub = contenders(pkg, "https://api.partoo.co/v2", stubFetch, stubFetchPost, peers);
  const results = [
    await throughput("GET /webhooks/{id}, in-process stub fetch", stub.get, { batch: 2000 }),
    await throughput("POST /webhooks, in-process stub fetch", stub.post, { batch: 2000 }),
  ];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(200, { "content-type": "application/json" }).end(req.method === "POST" ? CREATED : WEBHOOK_JSON),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const loop = contenders(pkg, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, fetch, fetch, peers);
  results.push(await throughput("GET /webhooks/{id}, loopback HTTP server", loop.get, { batch: 200, rounds: 21 }));
  results.push(await throughput("POST /webhooks, loopback HTTP server", loop.post, { batch: 200, rounds: 21 }));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return results;
}
