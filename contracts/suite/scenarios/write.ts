import { isDeepStrictEqual } from "node:util";
import { CustomHeaders, event_type } from "../../../generated/component-schemas.js";
import { FORBIDDEN_NAME_CHARACTERS } from "../../../src/internal/header-names.js";
import { LIST_LIMITS } from "../../../src/internal/list-limits.js";
import type { Exchange } from "../caller.js";
import type { Recorder, Scenario } from "../recorder.js";
import { idsOf } from "./list-body.js";

const EVENT_TYPES = event_type.enum;
const MAX_HEADERS = CustomHeaders.maxProperties;
const MAX_NAME = CustomHeaders.propertyNames.maxLength;
const MAX_VALUE = CustomHeaders.additionalProperties.maxLength;

type Item = { url: string; event_type: string; custom_headers?: Record<string, string> };

/** Bodies the spec forbids, each with what it breaks; every one must be refused with a 400. */
export function negativeBodies(hookUrl: string): { name: string; json?: unknown; raw?: string }[] {
  const item = (over: Partial<Item> & Record<string, unknown> = {}): Item => ({
    url: hookUrl,
    event_type: EVENT_TYPES[0],
    ...over,
  });
  const withHeaders = (custom_headers: Record<string, string>) => ({ items: [item({ custom_headers })] });
  const headers = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-Contract-${i + 1}`, "v"]));
  const { url: _url, ...noUrl } = item();
  const { event_type: _type, ...noEventType } = item();
  return [
    ...["X-Partoo-Contract", "x-partoo-contract", "X-PARTOO", "x-PaRtOo-Contract"].map((name) => ({
      name: `header name ${name} (reserved prefix)`,
      json: withHeaders({ [name]: "v" }),
    })),
    ...FORBIDDEN_NAME_CHARACTERS.map((c) => ({
      name: `header name with forbidden character ${JSON.stringify(c)}`,
      json: withHeaders({ [`X-Contract${c}Bad`]: "v" }),
    })),
    { name: "header name without X-", json: withHeaders({ "Contract-Header": "v" }) },
    { name: `${MAX_HEADERS + 1} custom headers`, json: withHeaders(headers(MAX_HEADERS + 1)) },
    { name: `${MAX_NAME + 1}-character header name`, json: withHeaders({ [`X-${"n".repeat(MAX_NAME - 1)}`]: "v" }) },
    { name: `${MAX_VALUE + 1}-character header value`, json: withHeaders({ "X-Contract": "v".repeat(MAX_VALUE + 1) }) },
    { name: "non-HTTPS URL", json: { items: [item({ url: hookUrl.replace(/^https:/, "http:") })] } },
    { name: "missing items", json: {} },
    { name: "missing url", json: { items: [noUrl] } },
    { name: "missing event_type", json: { items: [noEventType] } },
    { name: "a body that is not JSON", raw: "{items: [not json" },
  ];
}

function sameConfiguration(sent: Item, got: Record<string, unknown> | undefined): string | undefined {
  if (!got) return "no item returned";
  const differences = (["url", "event_type"] as const).filter((k) => got[k] !== sent[k]);
  if (!isDeepStrictEqual(got.custom_headers ?? {}, sent.custom_headers ?? {}))
    differences.push("custom_headers" as never);
  return differences.length === 0 ? undefined : `differs in ${differences.join(", ")}`;
}

const CREATE = "POST /webhooks";
const TRYOUT = "POST /webhooks/tryout";

export const writeScenarios: Scenario[] = [
  {
    name: "create: webhooks at the spec's limits",
    operation: CREATE,
    needs: ["writes"],
    async run(s, ctx) {
      const url = ctx.hookUrl;
      const fullHeaders = Object.fromEntries(
        Array.from({ length: MAX_HEADERS }, (_, i) =>
          i === 0
            ? [`X-${"n".repeat(MAX_NAME - 2)}`, "v".repeat(MAX_VALUE)]
            : [`X-Contract-${i}`, `contract-value-${i}`],
        ),
      );
      const batches: [string, Item[]][] = [
        ["create: one webhook, no custom headers", [{ url, event_type: EVENT_TYPES[0] }]],
        [
          `create: several webhooks, 0 and ${MAX_HEADERS} custom headers (at the length limits)`,
          [
            { url, event_type: EVENT_TYPES[1] },
            { url, event_type: EVENT_TYPES[2], custom_headers: fullHeaders },
          ],
        ],
      ];
      for (const [label, items] of batches) {
        const batch = s.as(label);
        const ex = await batch.send(
          { method: "POST", path: "/webhooks", json: { items } },
          { status: 200, check: "positive_data_acceptance" },
        );
        const got = ((ex.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? []) as Record<
          string,
          unknown
        >[];
        const problems = items
          .map((sent, i) => sameConfiguration(sent, got[i]))
          .map((p, i) => (p ? `/items/${i}: ${p}` : undefined))
          .filter(Boolean);
        batch.expect("created_as_sent", ex.status === 200 && problems.length === 0 && got.length === items.length, {
          exchange: ex,
          passed: `${items.length} created as sent`,
          failed: problems.join("; ") || `answered ${ex.status} with ${got.length} items`,
          pointer: "/items",
        });
        got.forEach((g, i) => {
          if (typeof g.id === "number" && items[i]) ctx.created.push({ id: g.id, sent: items[i] });
        });
      }
    },
  },
  {
    name: "read back: created webhooks by id",
    operation: "GET /webhooks/{webhook_id}",
    needs: ["writes", "created"],
    async run(s, ctx) {
      for (const { id, sent } of ctx.created) {
        const one = s.as(`read back: webhook ${id} by id`);
        const ex = await one.send({ method: "GET", path: `/webhooks/${id}` }, { status: 200 });
        const problem = sameConfiguration(sent as Item, ex.body as Record<string, unknown>);
        one.expect("read_back_unchanged", problem === undefined, {
          exchange: ex,
          passed: "url, event_type and custom_headers unchanged",
          failed: problem ?? "",
        });
      }
    },
  },
  {
    name: "read back: created webhooks are listed",
    operation: "GET /webhooks",
    needs: ["writes", "created"],
    async run(s, ctx) {
      const perPage = LIST_LIMITS.perPageMax;
      const missing = new Set(ctx.created.map((c) => c.id));
      let last: Exchange | undefined;
      for (let page = LIST_LIMITS.firstPage; missing.size > 0 && page <= 50; page++) {
        last = await s.send({ method: "GET", path: "/webhooks", query: { per_page: perPage, page } });
        for (const id of idsOf(last)) missing.delete(id as number);
        if (idsOf(last).length < perPage) break;
      }
      s.expect("listed_after_create", missing.size === 0, {
        exchange: last,
        passed: `all ${ctx.created.length} listed`,
        failed: `not listed: ${[...missing].join(", ")}`,
        pointer: "/items",
      });
    },
  },
  {
    name: "tryout: one configuration",
    operation: TRYOUT,
    needs: ["writes"],
    run: async (s, ctx) => tryout(s, [{ url: ctx.hookUrl, event_type: EVENT_TYPES[0] }]),
  },
  {
    name: "tryout: entries after the first are ignored",
    operation: TRYOUT,
    needs: ["writes"],
    run: async (s, ctx) =>
      tryout(s, [
        { url: ctx.hookUrl, event_type: EVENT_TYPES[0] },
        { url: ctx.hookUrl, event_type: EVENT_TYPES[1] },
      ]),
  },
  {
    name: "auth: a missing or wrong API key on writes",
    operation: CREATE,
    needs: ["writes"],
    async run(s, ctx) {
      const json = { items: [{ url: ctx.hookUrl, event_type: EVENT_TYPES[0] }] };
      for (const auth of ["missing", "wrong"] as const) {
        // The spec documents no 401 for a create: any refusal will do there.
        await s
          .as(`auth: ${auth} API key on create`)
          .send({ method: "POST", path: "/webhooks", auth, json }, { status: "4xx", check: "ignored_auth" });
        await s
          .as(`auth: ${auth} API key on tryout`)
          .send({ method: "POST", path: "/webhooks/tryout", auth, json }, { status: 401, check: "ignored_auth" });
      }
    },
  },
  {
    name: "refuse: bodies the spec forbids",
    operation: CREATE,
    needs: ["writes"],
    async run(s, ctx) {
      for (const negative of negativeBodies(ctx.hookUrl)) {
        const call = negative.raw === undefined ? { json: negative.json } : { raw: negative.raw };
        await s
          .as(`refuse: ${negative.name}`)
          .send({ method: "POST", path: "/webhooks", ...call }, { status: 400, check: "negative_data_rejection" });
      }
    },
  },
];

/** Tries out `items`: only the first entry may be reported on. */
async function tryout(s: Recorder, items: Item[]): Promise<void> {
  const ex = await s.send({ method: "POST", path: "/webhooks/tryout", json: { items } }, { status: 200 });
  const results = (ex.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const first = items[0];
  const ok = results.length === 1 && results[0]?.url === first?.url && results[0]?.event_type === first?.event_type;
  s.expect("tryout_reports_first_entry_only", ok, {
    exchange: ex,
    passed: "one result, for the first entry",
    failed: `${results.length} result(s): ${JSON.stringify(results.map((i) => i.event_type))}`,
    pointer: "/items",
  });
}
