import { LIST_LIMITS } from "../list-limits.js";
import type { Exchange } from "./caller.js";
import { rule } from "./checks.js";
import { exchange, idsOf, type ListBody, type SuiteContext, skip } from "./context.js";

export const DEFAULT_PER_PAGE = LIST_LIMITS.perPageDefault;
export const MAX_PER_PAGE = LIST_LIMITS.perPageMax;

/** What any list page must hold together: no more items than asked, the page asked, max_page from count. */
function pageRules(ctx: SuiteContext, scenario: string, ex: Exchange, perPage: number, page: number): void {
  // A body that is not a JSON object has already failed response_schema_conformance.
  if (ex.status !== 200 || typeof ex.body !== "object" || ex.body === null) return;
  const body = ex.body as ListBody;
  const problems: string[] = [];
  const items = body.items ?? [];
  if (items.length > perPage) problems.push(`/items: ${items.length} items for per_page ${perPage}`);
  if (body.page !== undefined && body.page !== page) problems.push(`/page: ${body.page}, expected ${page}`);
  if (body.count !== undefined && body.max_page !== undefined) {
    const expected = Math.max(1, Math.ceil(body.count / perPage));
    if (body.max_page !== expected && !(body.count === 0 && body.max_page === 0)) {
      problems.push(`/max_page: ${body.max_page} for count ${body.count} at per_page ${perPage}, expected ${expected}`);
    }
  }
  ctx.checks.push(
    rule(
      scenario,
      "pagination_consistency",
      ex,
      problems.length === 0,
      "page, per_page, max_page and count agree",
      problems.join("; "),
    ),
  );
}

export async function readScenarios(ctx: SuiteContext): Promise<void> {
  const list = (scenario: string, query: Record<string, number>) =>
    exchange(ctx, scenario, { method: "GET", path: "/webhooks", query }, 200);

  const first = await list("list: default page", {});
  pageRules(ctx, "list: default page", first, DEFAULT_PER_PAGE, 1);
  const one = await list("list: per_page 1", { per_page: 1 });
  pageRules(ctx, "list: per_page 1", one, 1, 1);
  const hundred = await list(`list: per_page ${MAX_PER_PAGE}`, { per_page: MAX_PER_PAGE });
  pageRules(ctx, `list: per_page ${MAX_PER_PAGE}`, hundred, MAX_PER_PAGE, 1);

  const count = (one.body as ListBody | undefined)?.count ?? 0;
  if (count >= 3) {
    const middle = Math.ceil(count / 2);
    const ex = await list("list: a middle page", { per_page: 1, page: middle });
    pageRules(ctx, "list: a middle page", ex, 1, middle);
    ctx.checks.push(
      rule(
        "list: a middle page",
        "page_has_items",
        ex,
        idsOf(ex).length === 1,
        `page ${middle} of ${count} holds one item`,
        `page ${middle} of ${count} holds ${idsOf(ex).length} items`,
        "/items",
      ),
    );
  } else
    skip(
      ctx,
      "list: a middle page",
      "pagination_consistency",
      "GET /webhooks",
      `only ${count} webhook(s): no middle page`,
    );

  const zero = await list("list: page 0 is page 1", { per_page: 1, page: 0 });
  const sameIds = JSON.stringify(idsOf(zero)) === JSON.stringify(idsOf(one));
  const pageField = (zero.body as ListBody | undefined)?.page;
  ctx.checks.push(
    rule(
      "list: page 0 is page 1",
      "page_below_one_is_first_page",
      zero,
      sameIds && (pageField === undefined || pageField === 1),
      "page 0 answers as page 1",
      `page 0 gave ids ${JSON.stringify(idsOf(zero))} and page ${pageField}; page 1 gave ${JSON.stringify(idsOf(one))}`,
      "/items",
    ),
  );

  const maxPage = (one.body as ListBody | undefined)?.max_page ?? Math.max(1, count);
  const past = await list("list: a page past the end", { per_page: 1, page: maxPage + 1 });
  ctx.checks.push(
    rule(
      "list: a page past the end",
      "page_past_end_is_empty",
      past,
      idsOf(past).length === 0,
      `page ${maxPage + 1} is empty`,
      `page ${maxPage + 1} of ${maxPage} holds ${idsOf(past).length} items`,
      "/items",
    ),
  );

  const knownId = ctx.created[0]?.id ?? idsOf(first)[0];
  if (typeof knownId === "number") {
    const ex = await exchange(ctx, "get: an existing webhook", { method: "GET", path: `/webhooks/${knownId}` }, 200);
    const id = (ex.body as { id?: unknown } | undefined)?.id;
    ctx.checks.push(
      rule(
        "get: an existing webhook",
        "requested_resource_returned",
        ex,
        id === knownId,
        `webhook ${knownId} returned`,
        `asked for ${knownId}, got id ${JSON.stringify(id)}`,
        "/id",
      ),
    );
  } else
    skip(
      ctx,
      "get: an existing webhook",
      "response_schema_conformance",
      "GET /webhooks/{webhook_id}",
      "no webhook to read",
    );

  await exchange(ctx, "get: an unknown id", { method: "GET", path: "/webhooks/2147483647" }, 404);

  for (const auth of ["missing", "wrong"] as const) {
    await exchange(
      ctx,
      `auth: ${auth} API key on list`,
      { method: "GET", path: "/webhooks", auth },
      401,
      "ignored_auth",
    );
    await exchange(
      ctx,
      `auth: ${auth} API key on get`,
      { method: "GET", path: `/webhooks/${typeof knownId === "number" ? knownId : 1}`, auth },
      401,
      "ignored_auth",
    );
  }

  if (ctx.foreignOrgId !== undefined) {
    await exchange(
      ctx,
      "org: an organization the key may not see",
      { method: "GET", path: "/webhooks", query: { org_id: ctx.foreignOrgId } },
      403,
    );
  } else
    skip(
      ctx,
      "org: an organization the key may not see",
      "expected_status",
      "GET /webhooks",
      "set PARTOO_CONTRACT_FOREIGN_ORG_ID to check 403",
    );
}
