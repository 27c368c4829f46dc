/**
 * Where partoo-client's per-request cost goes: each part of the attempt machinery timed on its own
 * (µs per call, median of interleaved rounds), beside the whole overhead measured end to end.
 * The parts are the real internal functions, not re-implementations; each baseline is what bare
 * openapi-fetch pays for the same job, so a part's figure is what it adds.
 */
import { built } from "./built.js";
import { type Comparison, stats, WEBHOOK_JSON } from "./harness.js";

const BYTES = new TextEncoder().encode(WEBHOOK_JSON);
const URL_ = "https://api.partoo.co/v2/webhooks/1?org_id=1";
const HEADERS = { "content-type": "application/json" };
const stub = (async () => new Response(WEBHOOK_JSON, { headers: HEADERS })) as typeof fetch;
const summary = { method: "GET", url: URL_ };
const caller = new AbortController().signal;
const ANSWER = new Response(null, { headers: HEADERS });
const REQUEST_INIT = { method: "GET", headers: new Headers({ "x-APIKey": "k" }) };

type Part = { run: () => unknown; baseline?: () => unknown };

/** The internal modules the parts call, as built. */
async function internals() {
  const load = <Module>(name: string) => built<Module>(`src/internal/${name}.js`);
  return {
    ...(await load<typeof import("../src/internal/operation-lookup.js")>("operation-lookup")),
    ...(await load<typeof import("../src/internal/org-id.js")>("org-id")),
    ...(await load<typeof import("../src/internal/parameter-rules.js")>("parameter-rules")),
    ...(await load<typeof import("../src/internal/plain-request.js")>("plain-request")),
    ...(await load<typeof import("../src/internal/redirects.js")>("redirects")),
    ...(await load<typeof import("../src/internal/transport.js")>("transport")),
  };
}

/** Each part, with the baseline it is measured against (its cost is the difference). */
function parts({
  findOperation,
  withDefaultOrgId,
  parameterViolations,
  PlainRequest,
  fetchWithinOrigin,
  checkResponse,
  readAnswer,
  timedSignal,
}: Awaited<ReturnType<typeof internals>>): Record<string, Part> {
  return {
    // A saving, not a cost: what bare openapi-fetch pays per call and partoo-client (without
    // middleware) does not.
    "saved: openapi-fetch's per-call Request, not built (a PlainRequest instead)": {
      run: () => new Request(URL_, REQUEST_INIT),
      baseline: () => new PlainRequest(URL_, REQUEST_INIT),
    },
    "request preparation (operation lookup, default org_id, parameter checks)": {
      run: () => {
        const op = findOperation("GET", "/webhooks/{webhook_id}");
        const query = withDefaultOrgId(op, undefined, 1);
        return op && parameterViolations(op, { path: { webhook_id: 1 }, query });
      },
    },
    "deadline: its AbortSignal (frees a hung socket)": {
      run: () => new AbortController().signal,
    },
    "deadline: its timer (setTimeout + clearTimeout)": {
      run: () => timedSignal([], 30_000).done(),
      baseline: () => new AbortController().signal,
    },
    "abort listener on a caller's signal (only when one is given)": {
      run: () => timedSignal([caller], 30_000).done(),
      baseline: () => timedSignal([], 30_000).done(),
    },
    "redirect guard around fetch": {
      run: () => fetchWithinOrigin(stub, { method: "GET", url: URL_, headers: {}, body: null }),
      baseline: () => stub(URL_),
    },
    "bounded body read, over response.text()": {
      run: async () => readAnswer(new Response(WEBHOOK_JSON, { headers: HEADERS }), summary, 8 << 20),
      baseline: () => new Response(WEBHOOK_JSON, { headers: HEADERS }).text(),
    },
    "response check and its parse, over JSON.parse alone": {
      // The answer it checks is built once: bare openapi-fetch gets a Response from fetch too, so
      // building one per call here would count a cost both pay.
      run: () => checkResponse(ANSWER, BYTES, summary, ["k"]),
      baseline: () => JSON.parse(WEBHOOK_JSON),
    },
  };
}

/** µs per call of each part, minus its baseline, over `rounds` interleaved rounds of `batch` calls. */
export async function components({ rounds = 15, batch = 5000 } = {}): Promise<Comparison> {
  const PARTS = parts(await internals());
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(PARTS).map((n) => [n, []]));
  const time = async (fn: () => unknown) => {
    const started = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    return ((performance.now() - started) * 1000) / batch;
  };
  for (let round = 0; round < rounds + 2; round++) {
    for (const [name, part] of Object.entries(PARTS)) {
      const cost = (await time(part.run)) - (part.baseline ? await time(part.baseline) : await time(() => {}));
      if (round >= 2) samples[name]?.push(Math.max(0, cost));
    }
  }
  return {
    name: "partoo-client per-request parts, each timed alone",
    unit: "µs",
    results: Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, stats(s)])),
  };
}
