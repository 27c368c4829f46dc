// The one consumer check every runtime runs, written as a user would, against the packed package.
// Runtime-neutral JavaScript: Web APIs only, no node:* import, so workerd and edge-runtime run it too.
import {
  createPartooClient,
  PartooConnectionError,
  PartooNotFoundError,
  PartooValidationError,
  paginate,
  unwrap,
} from "partoo-client";
import { validateResponse } from "partoo-client/validation";
import { parsePartooEvent, verifyPartooSignature } from "partoo-client/webhooks";

/** Each check by name: resolves to a detail string on success, throws (or returns false) on a miss. */
function checksFor(env) {
  const partoo = createPartooClient({ apiKey: env.apiKey, baseUrl: env.baseUrl, retry: { baseDelayMs: 1 } });
  let created;
  const hook = (n) => `https://hooks.example.com/${env.runtime}/${n}`;
  return {
    list: async () => {
      const page = unwrap(await partoo.GET("/webhooks"));
      return Array.isArray(page.items) && `${page.items.length} items`;
    },
    create: async () => {
      const out = unwrap(
        await partoo.POST("/webhooks", { body: { items: [{ url: hook(1), event_type: "lead_received" }] } }),
      );
      created = out.items?.[0]?.id;
      return typeof created === "number" && `id ${created}`;
    },
    get: async () => {
      const one = unwrap(await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: created } } }));
      return one.id === created && `id ${one.id}`;
    },
    resourceWithResponseChecks: async () => {
      // The resource layer, with the response validators loaded on first use (a dynamic import).
      const strict = createPartooClient({ apiKey: env.apiKey, baseUrl: env.baseUrl, validateResponses: "throw" });
      const page = await strict.webhooks.list({ per_page: 100 });
      const one = await strict.webhooks.get(created);
      return one.id === created && page.items.some((w) => w.id === created) && "list and get, checked";
    },
    validation: async () => {
      const { data, response } = await partoo.GET("/webhooks");
      const result = validateResponse({
        method: "GET",
        path: "/webhooks",
        status: response.status,
        contentType: response.headers.get("content-type"),
        body: data,
      });
      return result.valid && "list page valid";
    },
    paginateConcurrently: async () => {
      const items = [1, 2, 3].map((n) => ({
        url: hook(n + 1),
        event_type: ["business_created", "business_updated", "message_updated"][n - 1],
      }));
      unwrap(await partoo.POST("/webhooks", { body: { items } }));
      const { count } = unwrap(await partoo.GET("/webhooks"));
      const ids = [];
      for await (const w of paginate(partoo, "/webhooks", { per_page: 1 }, { concurrency: 3 })) ids.push(w.id);
      return ids.length === count && new Set(ids).size === count && `${count} items, concurrency 3`;
    },
    refusedBeforeSending: async () => {
      const body = { items: [{ url: hook(9), event_type: "lead_received", custom_headers: { "X-Partoo-Leak": "v" } }] };
      const error = await partoo.POST("/webhooks", { body }).catch((e) => e);
      return error instanceof PartooValidationError && "PartooValidationError";
    },
    typed404: async () => {
      const error = await partoo
        .GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: 987654 } } })
        .then(unwrap)
        .catch((e) => e);
      return error instanceof PartooNotFoundError && error.status === 404 && "PartooNotFoundError";
    },
    postRetriedOnlyWhenNeverSent: async () => {
      const dead = createPartooClient({ apiKey: env.apiKey, baseUrl: env.deadUrl, retry: { baseDelayMs: 1 } });
      const body = { items: [{ url: hook(10), event_type: "lead_received" }] };
      const error = await dead.POST("/webhooks", { body }).catch((e) => e);
      return error instanceof PartooConnectionError && error.attempts === 3 && "refused at connect: 3 attempts";
    },
    signatureVerified: async () =>
      (await verifyPartooSignature({
        body: env.delivery.body,
        signature: env.delivery.signature,
        publicKey: env.delivery.publicKey,
      })) && "valid",
    tamperedRefused: async () =>
      !(await verifyPartooSignature({
        body: `${env.delivery.body} `,
        signature: env.delivery.signature,
        publicKey: env.delivery.publicKey,
      })) && "refused",
    signedRequestParsed: async () => {
      const request = new Request("https://receiver.example/partoo", {
        method: "POST",
        body: env.delivery.body,
        headers: { "content-type": "application/json", "x-partoo-signature-v1": env.delivery.signature },
      });
      const event = await parsePartooEvent(request, { publicKey: env.delivery.publicKey });
      return event.type === "lead_received" && `type ${event.type}`;
    },
  };
}

/** Runs every check in order; never throws: a miss is a result. */
export async function runChecks(env) {
  const results = [];
  for (const [name, check] of Object.entries(checksFor(env))) {
    if (env.skip?.includes(name)) {
      results.push({ check: name, outcome: "skipped", detail: env.skipWhy ?? "" });
      continue;
    }
    try {
      const detail = await check();
      results.push({ check: name, outcome: detail ? "passed" : "failed", detail: String(detail) });
    } catch (error) {
      results.push({ check: name, outcome: "failed", detail: `${error?.name}: ${error?.message}`.slice(0, 300) });
    }
  }
  return results;
}
