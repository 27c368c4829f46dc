import { LIST_LIMITS } from "../../../src/internal/list-limits.js";
import type { Exchange } from "../caller.js";
import type { Recorder, Scenario } from "../recorder.js";
import { idsOf, listBody } from "./list-body.js";

const OPERATION = "GET /webhooks";
const { perPageDefault, perPageMax, firstPage } = LIST_LIMITS;

const list = (s: Recorder, query: Record<string, number>) =>
  s.send({ method: "GET", path: "/webhooks", query }, { status: 200 });

/** What any list page must hold together: no more items than asked, the page asked, max_page from count. */
function pageRules(s: Recorder, ex: Exchange, perPage: number, page: number): void {
  // A body that is not a JSON object has already failed response_schema_conformance.
  if (ex.status !== 200 || typeof ex.body !== "object" || ex.body === null) return;
  const body = listBody(ex);
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
  s.expect("pagination_consistency", problems.length === 0, {
    exchange: ex,
    passed: "page, per_page, max_page and count agree",
    failed: problems.join("; "),
  });
}

/** A page of one item per page, to learn `count` and `max_page` at per_page 1. */
const firstOfOnes = (s: Recorder) => list(s, { per_page: 1 });

export const listScenarios: Scenario[] = [
  {
    name: "list: default page",
    operation: OPERATION,
    needs: [],
    run: async (s) => pageRules(s, await list(s, {}), perPageDefault, firstPage),
  },
  {
    name: "list: per_page 1",
    operation: OPERATION,
    needs: [],
    run: async (s) => pageRules(s, await firstOfOnes(s), 1, firstPage),
  },
  {
    name: `list: per_page ${perPageMax}`,
    operation: OPERATION,
    needs: [],
    run: async (s) => pageRules(s, await list(s, { per_page: perPageMax }), perPageMax, firstPage),
  },
  {
    name: "list: a middle page",
    operation: OPERATION,
    needs: [],
    async run(s) {
      const count = listBody(await firstOfOnes(s)).count ?? 0;
      if (count < 3) return s.skip(`only ${count} webhook(s): no middle page`, "pagination_consistency");
      const middle = Math.ceil(count / 2);
      const ex = await list(s, { per_page: 1, page: middle });
      pageRules(s, ex, 1, middle);
      s.expect("page_has_items", idsOf(ex).length === 1, {
        exchange: ex,
        passed: `page ${middle} of ${count} holds one item`,
        failed: `page ${middle} of ${count} holds ${idsOf(ex).length} items`,
        pointer: "/items",
      });
    },
  },
  {
    name: "list: page 0 is page 1",
    operation: OPERATION,
    needs: [],
    async run(s) {
      const one = await firstOfOnes(s);
      const zero = await list(s, { per_page: 1, page: firstPage - 1 });
      const pageField = listBody(zero).page;
      const sameIds = JSON.stringify(idsOf(zero)) === JSON.stringify(idsOf(one));
      s.expect("page_below_one_is_first_page", sameIds && (pageField === undefined || pageField === firstPage), {
        exchange: zero,
        passed: "page 0 answers as page 1",
        failed: `page 0 gave ids ${JSON.stringify(idsOf(zero))} and page ${pageField}; page 1 gave ${JSON.stringify(idsOf(one))}`,
        pointer: "/items",
      });
    },
  },
  {
    name: "list: a page past the end",
    operation: OPERATION,
    needs: [],
    async run(s) {
      const body = listBody(await firstOfOnes(s));
      const maxPage = body.max_page ?? Math.max(1, body.count ?? 0);
      const past = await list(s, { per_page: 1, page: maxPage + 1 });
      s.expect("page_past_end_is_empty", idsOf(past).length === 0, {
        exchange: past,
        passed: `page ${maxPage + 1} is empty`,
        failed: `page ${maxPage + 1} of ${maxPage} holds ${idsOf(past).length} items`,
        pointer: "/items",
      });
    },
  },
];
