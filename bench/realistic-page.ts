import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import createClient from "openapi-fetch";
import type { PartooPaths } from "../src/types.js";
import { built } from "./built.js";
import { type Comparison, throughput } from "./harness.js";

/** A list page as the API serves it: 100 webhooks with a few custom headers each (~21 kB). */
export const PAGE = JSON.stringify({
  page: 1,
  max_page: 3,
  count: 250,
  items: Array.from({ length: 100 }, (_, i) => ({
    id: 1000 + i,
    url: `https://hooks.example.com/partoo/tenant-${i}/events`,
    event_type: ["lead_received", "business_created", "message_updated"][i % 3],
    created_at: "2024-11-27T16:10:44Z",
    updated_at: "2024-11-27T16:10:44Z",
    org_id: 1,
    custom_headers: { "X-Tenant": `tenant-${i}`, "X-Env": "production" },
  })),
});

/**
 * A 100-item page with no Content-Length, as real APIs answer: chunked, and gzip-encoded. The
 * client-side cost is what separates the contenders: the server is the same for both.
 */
export async function realisticPage(): Promise<Comparison[]> {
  const { createPartooClient } = await built<typeof import("../src/index.js")>("src/index.js");
  const gz = gzipSync(PAGE);
  const half = Math.floor(PAGE.length / 2);
  const server = createServer((req, res) => {
    if (req.url?.includes("gzip")) {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gz);
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(PAGE.slice(0, half));
      res.end(PAGE.slice(half));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const results: Comparison[] = [];
  for (const variant of ["chunked", "gzip"] as const) {
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${variant}/v2`;
    const bare = createClient<PartooPaths>({ baseUrl, headers: { "x-APIKey": "k" } });
    const partoo = createPartooClient({ apiKey: "k", baseUrl });
    results.push(
      await throughput(
        `GET /webhooks, a 100-item page (${(PAGE.length / 1024).toFixed(0)} kB), ${variant}, loopback`,
        {
          "bare openapi-fetch": () => bare.GET("/webhooks", { params: { query: { per_page: 100 } } }),
          "partoo-client": () => partoo.GET("/webhooks", { params: { query: { per_page: 100 } } }),
        },
        { batch: 200, rounds: 21 },
      ),
    );
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // The client-side cost alone, without the network's noise: a stub answering the page as a
  // stream with no Content-Length, as a chunked answer arrives.
  const stub = (async () =>
    new Response(new Blob([PAGE]).stream(), { headers: { "content-type": "application/json" } })) as typeof fetch;
  const baseUrl = "https://api.partoo.co/v2";
  const bare = createClient<PartooPaths>({ baseUrl, fetch: stub, headers: { "x-APIKey": "k" } });
  const partoo = createPartooClient({ apiKey: "k", baseUrl, fetch: stub });
  results.push(
    await throughput(
      `GET /webhooks, a 100-item page (${(PAGE.length / 1024).toFixed(0)} kB), no Content-Length, in-process stub`,
      {
        "bare openapi-fetch": () => bare.GET("/webhooks", { params: { query: { per_page: 100 } } }),
        "partoo-client": () => partoo.GET("/webhooks", { params: { query: { per_page: 100 } } }),
      },
      { batch: 500, rounds: 15 },
    ),
  );
  return results;
}
