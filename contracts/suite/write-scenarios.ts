import { isDeepStrictEqual } from "node:util";
import { CustomHeaders, event_type } from "../../generated/component-schemas.js";
import type { Exchange } from "./caller.js";
import { rule } from "./checks.js";
import { exchange, idsOf, type SuiteContext } from "./context.js";
import { MAX_PER_PAGE } from "./read-scenarios.js";

const EVENT_TYPES = event_type.enum;
const MAX_HEADERS = CustomHeaders.maxProperties;
const MAX_NAME = CustomHeaders.propertyNames.maxLength;
const MAX_VALUE = CustomHeaders.additionalProperties.maxLength;
const NAME_PATTERN = new RegExp(CustomHeaders.propertyNames.pattern);

/** The characters the spec's pattern forbids in header names, found by asking the pattern itself. */
export const FORBIDDEN_NAME_CHARACTERS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter(
  (c) => !NAME_PATTERN.test(`X-a${c}`),
);

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

export async function writeScenarios(ctx: SuiteContext): Promise<void> {
  const url = ctx.hookUrl;
  const fullHeaders = Object.fromEntries(
    Array.from({ length: MAX_HEADERS }, (_, i) =>
      i === 0 ? [`X-${"n".repeat(MAX_NAME - 2)}`, "v".repeat(MAX_VALUE)] : [`X-Contract-${i}`, `contract-value-${i}`],
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
  for (const [scenario, items] of batches) {
    const ex = await exchange(
      ctx,
      scenario,
      { method: "POST", path: "/webhooks", json: { items } },
      200,
      "positive_data_acceptance",
    );
    const got = ((ex.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? []) as Record<
      string,
      unknown
    >[];
    const problems = items
      .map((sent, i) => sameConfiguration(sent, got[i]))
      .map((p, i) => (p ? `/items/${i}: ${p}` : undefined))
      .filter(Boolean);
    ctx.checks.push(
      rule(
        scenario,
        "created_as_sent",
        ex,
        ex.status === 200 && problems.length === 0 && got.length === items.length,
        `${items.length} created as sent`,
        problems.join("; ") || `answered ${ex.status} with ${got.length} items`,
        "/items",
      ),
    );
    got.forEach((g, i) => {
      if (typeof g.id === "number" && items[i]) ctx.created.push({ id: g.id, sent: items[i] });
    });
  }

  for (const { id, sent } of ctx.created) {
    const scenario = `read back: webhook ${id} by id`;
    const ex = await exchange(ctx, scenario, { method: "GET", path: `/webhooks/${id}` }, 200);
    const problem = sameConfiguration(sent as Item, ex.body as Record<string, unknown>);
    ctx.checks.push(
      rule(
        scenario,
        "read_back_unchanged",
        ex,
        problem === undefined,
        "url, event_type and custom_headers unchanged",
        problem ?? "",
      ),
    );
  }
  await listBack(ctx);

  const tryoutItem = { url, event_type: EVENT_TYPES[0] };
  const one = await exchange(
    ctx,
    "tryout: one configuration",
    { method: "POST", path: "/webhooks/tryout", json: { items: [tryoutItem] } },
    200,
  );
  tryoutEchoes(ctx, "tryout: one configuration", one, tryoutItem);
  const two = await exchange(
    ctx,
    "tryout: entries after the first are ignored",
    { method: "POST", path: "/webhooks/tryout", json: { items: [tryoutItem, { url, event_type: EVENT_TYPES[1] }] } },
    200,
  );
  tryoutEchoes(ctx, "tryout: entries after the first are ignored", two, tryoutItem);

  for (const auth of ["missing", "wrong"] as const) {
    await exchange(
      ctx,
      `auth: ${auth} API key on create`,
      { method: "POST", path: "/webhooks", auth, json: { items: [tryoutItem] } },
      "4xx",
      "ignored_auth",
    );
    await exchange(
      ctx,
      `auth: ${auth} API key on tryout`,
      { method: "POST", path: "/webhooks/tryout", auth, json: { items: [tryoutItem] } },
      401,
      "ignored_auth",
    );
  }

  for (const negative of negativeBodies(url)) {
    const call = negative.raw === undefined ? { json: negative.json } : { raw: negative.raw };
    await exchange(
      ctx,
      `refuse: ${negative.name}`,
      { method: "POST", path: "/webhooks", ...call },
      400,
      "negative_data_rejection",
    );
  }
}

function tryoutEchoes(ctx: SuiteContext, scenario: string, ex: Exchange, first: Item): void {
  const items = (ex.body as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const ok = items.length === 1 && items[0]?.url === first.url && items[0]?.event_type === first.event_type;
  ctx.checks.push(
    rule(
      scenario,
      "tryout_reports_first_entry_only",
      ex,
      ok,
      "one result, for the first entry",
      `${items.length} result(s): ${JSON.stringify(items.map((i) => i.event_type))}`,
      "/items",
    ),
  );
}

/** Every created webhook must appear in the list, walking pages of the largest size. */
async function listBack(ctx: SuiteContext): Promise<void> {
  const missing = new Set(ctx.created.map((c) => c.id));
  let last: Exchange | undefined;
  for (let page = 1; missing.size > 0 && page <= 50; page++) {
    last = await exchange(ctx, "read back: created webhooks are listed", {
      method: "GET",
      path: "/webhooks",
      query: { per_page: MAX_PER_PAGE, page },
    });
    for (const id of idsOf(last)) missing.delete(id as number);
    if (idsOf(last).length < MAX_PER_PAGE) break;
  }
  ctx.checks.push(
    rule(
      "read back: created webhooks are listed",
      "listed_after_create",
      last,
      missing.size === 0,
      `all ${ctx.created.length} listed`,
      `not listed: ${[...missing].join(", ")}`,
      "/items",
    ),
  );
}
