import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { createPartooClient } from "../src/index.js";
import type { PartooPaths } from "../src/types.js";
import { type Comparison, throughput } from "./harness.js";

const WEBHOOK = JSON.stringify({
  id: 1,
  url: "https://example.com/h",
  event_type: "lead_received",
  created_at: "2024-11-27T16:10:44Z",
  updated_at: "2024-11-27T16:10:44Z",
  org_id: 1,
  custom_headers: { "X-A": "b" },
});
const CREATED = JSON.stringify({ items: [JSON.parse(WEBHOOK)] });
const BODY = {
  items: [
    {
      url: "https://example.com/h",
      event_type: "lead_received" as const,
      custom_headers: { "X-A": "b", "X-Token": "secret-value" },
    },
  ],
};

/** An in-process fetch that answers at once, as openapi-fetch measures itself. */
const stubFetch = (async (input: RequestInfo | URL) => {
  const method = input instanceof Request ? input.method : "GET";
  return new Response(method === "POST" ? CREATED : WEBHOOK, { headers: { "content-type": "application/json" } });
}) as typeof fetch;
const stubFetchPost = (async () =>
  new Response(CREATED, { headers: { "content-type": "application/json" } })) as typeof fetch;

function contenders(baseUrl: string, fetchImpl: typeof fetch, postFetch: typeof fetch) {
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
  const get = {
    "plain fetch": async () =>
      (await fetchImpl(`${baseUrl}/webhooks/1?org_id=1`, { headers: { "x-APIKey": "k" } })).json(),
    "bare openapi-fetch": () =>
      bare.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 }, query: { org_id: 1 } } }),
    "partoo-client": () => partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 1 } } }),
  };
  const post = {
    "bare openapi-fetch": () => bareForPost.POST("/webhooks", { body: BODY }),
    "partoo-client, validation off": () => partooPostUnvalidated.POST("/webhooks", { body: BODY }),
    "partoo-client, validation on": () => partooPost.POST("/webhooks", { body: BODY }),
  };
  return { get, post };
}

export async function requestOverhead(): Promise<Comparison[]> {
  const stub = contenders("https://api.partoo.co/v2", stubFetch, stubFetchPost);
  const results = [
    await throughput("GET /webhooks/{id}, in-process stub fetch", stub.get, { batch: 2000 }),
    await throughput("POST /webhooks, in-process stub fetch", stub.post, { batch: 2000 }),
  ];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () =>
      res.writeHead(200, { "content-type": "application/json" }).end(req.method === "POST" ? CREATED : WEBHOOK),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const loop = contenders(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, fetch, fetch);
  results.push(await throughput("GET /webhooks/{id}, loopback HTTP server", loop.get, { batch: 200, rounds: 11 }));
  results.push(await throughput("POST /webhooks, loopback HTTP server", loop.post, { batch: 200, rounds: 11 }));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return results;
}
