import { LIST_LIMITS } from "../../../src/internal/list-limits.js";
import type { Exchange } from "../caller.js";
import type { Recorder, Scenario } from "../recorder.js";
import { idsOf, listBody } from "./list-body.js";

const { firstPage, perPageMin, perPageMax } = LIST_LIMITS;
/** Pages one walk may take: the walk must fit the run's request budget against a large account. */
const MAX_PAGES = 20;

/** Every page from the first to `max_page`, at one page size. */
async function walk(s: Recorder, perPage: number) {
  const ids: unknown[] = [];
  let last: Exchange | undefined;
  let maxPage = firstPage;
  let page = firstPage;
  for (; page < firstPage + MAX_PAGES; page++) {
    last = await s.send({ method: "GET", path: "/webhooks", query: { per_page: perPage, page } }, { status: 200 });
    const body = listBody(last);
    ids.push(...idsOf(last));
    maxPage = body.max_page ?? maxPage;
    if (page >= maxPage || idsOf(last).length === 0) break;
  }
  return { ids, last, walkedTo: page, maxPage };
}

/**
 * Walking every page, at the largest page size and at a small one, yields `count` items, each id
 * once, and ends at `max_page`: a server whose `count` overstates (or understates) what its pages
 * really hold passes every single-page check, and fails here.
 */
export const listWalkScenario: Scenario = {
  name: "list: walking every page",
  operation: "GET /webhooks",
  needs: [],
  async run(s) {
    const first = await s.send({ method: "GET", path: "/webhooks", query: { per_page: perPageMax } }, { status: 200 });
    const count = listBody(first).count;
    if (typeof count !== "number") return s.skip("the list gives no count", "list_walk_consistency");
    const small = Math.max(perPageMin, Math.ceil(count / (MAX_PAGES / 2)));
    if (Math.ceil(count / small) > MAX_PAGES) {
      return s.skip(`${count} webhooks: more than ${MAX_PAGES} pages to walk`, "list_walk_consistency");
    }
    for (const perPage of [...new Set([perPageMax, small])]) {
      const labelled = s.as(`list: walking every page at per_page ${perPage}`);
      const { ids, last, walkedTo, maxPage } = await walk(labelled, perPage);
      const problems: string[] = [];
      if (ids.length !== count) problems.push(`${ids.length} items over all pages, count says ${count}`);
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (repeated.length > 0) problems.push(`ids listed more than once: ${[...new Set(repeated)].join(", ")}`);
      if (walkedTo !== maxPage) problems.push(`the walk ended at page ${walkedTo}, max_page is ${maxPage}`);
      labelled.expect("list_walk_consistency", problems.length === 0, {
        exchange: last,
        passed: `${count} items, each once, over ${maxPage} page(s)`,
        failed: problems.join("; "),
        pointer: "/count",
      });
    }
  },
};
