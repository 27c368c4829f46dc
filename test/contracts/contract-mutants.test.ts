import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runContractSuite } from "../../contracts/suite/run-suite.js";
import { requestBodyViolations } from "../../src/internal/body-rules.js";
import { ORG1_KEY, useSandbox } from "../helpers.js";

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingMessage["headers"];
}
interface Answer {
  status: number;
  contentType: string;
  json?: unknown;
  text?: string;
}
/** A server that breaks one rule: it may rewrite the request, or the sandbox's answer. */
interface Mutant {
  name: string;
  /** The check that must fail. */
  check: string;
  finding?: { instancePath?: string; keyword?: string; headerName?: string };
  request?: (seen: Seen) => void;
  answer?: Rewrite;
}
type Rewrite = (seen: Seen, answer: Answer) => void;

type Json = { [key: string]: unknown };
type Webhookish = Json & { items?: Json[] };

const isById = (s: Seen) => s.method === "GET" && /^\/v2\/webhooks\/\d+$/.test(s.path);
const isList = (s: Seen) => s.method === "GET" && s.path === "/v2/webhooks";
const isCreate = (s: Seen) => s.method === "POST" && s.path === "/v2/webhooks";
const isTryout = (s: Seen) => s.method === "POST" && s.path === "/v2/webhooks/tryout";

/** Changes the body of successful answers to requests that `match`. */
function on(match: (s: Seen) => boolean, change: (body: Webhookish, s: Seen) => void): Rewrite {
  return (seen, answer) => {
    if (match(seen) && answer.status === 200) change(answer.json as Webhookish, seen);
  };
}

/** Answers 200 to a create the sandbox refused, when its body matches. */
function acceptWhen(match: (body: string) => boolean): Rewrite {
  return (seen, answer) => {
    if (isCreate(seen) && answer.status === 400 && match(seen.body)) {
      answer.status = 200;
      answer.json = { items: [] };
    }
  };
}

type Headers = Record<string, unknown>;
const headersSent = (seen: Seen): Headers | undefined => {
  if (!isTryout(seen) && !isCreate(seen)) return undefined;
  try {
    const headers = (JSON.parse(seen.body) as { items?: { custom_headers?: unknown }[] }).items?.[0]?.custom_headers;
    return headers && typeof headers === "object" ? (headers as Headers) : undefined;
  } catch {
    return undefined;
  }
};
const rename = (headers: Headers, to: (name: string, i: number) => string) =>
  Object.fromEntries(Object.entries(headers).map(([n, v], i) => [to(n, i), v]));

/**
 * A server validating custom headers right but for one bug: it `refuses` some sets the spec
 * allows, or it judges what it `sees` (a set with what it overlooks made right) instead of the
 * set sent. Everything else is the sandbox's own validation, so the bug is the only difference.
 */
function headerBug(bug: { refuses?: (h: Headers) => boolean; sees?: (h: Headers) => Headers }): Rewrite {
  return (seen, answer) => {
    const headers = headersSent(seen);
    if (!headers) return;
    if (answer.status === 200 && bug.refuses?.(headers)) {
      answer.status = 400;
      answer.json = { errors: { json: { "/items/0/custom_headers": ["Invalid custom headers."] } } };
    }
    if (answer.status === 400 && bug.sees) {
      const body = JSON.parse(seen.body) as { items: Json[] };
      const sent = body.items[0] ?? {};
      const item: Json = { ...sent, custom_headers: bug.sees(headers) };
      if (requestBodyViolations("POST", seen.path.replace(/^\/v2/, ""), { items: [item] }).length > 0) return;
      answer.status = 200;
      answer.json = isTryout(seen)
        ? { items: [{ payload: {}, event_type: item.event_type, url: item.url, status: "error" }] }
        : { items: [] };
    }
  };
}
const names = (h: Headers) => Object.keys(h);

const firstItem = (body: Webhookish): Json => body.items?.[0] ?? {};
const headersOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X-${i}`, "v"]));
const LONG_NAME = `X-${"a".repeat(127)}`;

const mutants: Mutant[] = [
  {
    name: "an undocumented status",
    check: "status_code_conformance",
    answer: (s, a) => {
      if (isById(s) && a.status === 200) a.status = 500;
    },
  },
  {
    name: "an undocumented content type",
    check: "content_type_conformance",
    answer: (s, a) => {
      if (isList(s)) a.contentType = "text/plain";
    },
  },
  {
    name: "malformed JSON",
    check: "response_schema_conformance",
    finding: { keyword: "json" },
    answer: (s, a) => {
      if (isList(s)) a.text = '{"items": [';
    },
  },
  {
    name: "a wrong type",
    check: "response_schema_conformance",
    finding: { instancePath: "/items/0/id", keyword: "type" },
    answer: on(isList, (b) => void Object.assign(firstItem(b), { id: "1" })),
  },
  {
    name: "a missing required property",
    check: "response_schema_conformance",
    finding: { instancePath: "", keyword: "required" },
    answer: on(isById, (b) => void delete b.org_id),
  },
  {
    name: "an undocumented event type",
    check: "response_schema_conformance",
    finding: { instancePath: "/event_type", keyword: "enum" },
    answer: on(isById, (b) => void Object.assign(b, { event_type: "business_exploded" })),
  },
  {
    name: "a reserved header name in a response",
    check: "response_schema_conformance",
    finding: { instancePath: "/custom_headers", keyword: "pattern", headerName: "x-PARTOO-leak" },
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: { "x-PARTOO-leak": "1" } })),
  },
  {
    name: "a forbidden character in a response header name",
    check: "response_schema_conformance",
    finding: { keyword: "pattern", headerName: "X-a:b" },
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: { "X-a:b": "1" } })),
  },
  {
    name: "six headers in a response",
    check: "response_schema_conformance",
    finding: { keyword: "maxProperties" },
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: headersOf(6) })),
  },
  {
    name: "a 129-character header name in a response",
    check: "response_schema_conformance",
    finding: { keyword: "maxLength", headerName: LONG_NAME },
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: { [LONG_NAME]: "v" } })),
  },
  {
    name: "a 513-character header value in a response",
    check: "response_schema_conformance",
    finding: { instancePath: "/custom_headers/X-Long", keyword: "maxLength", headerName: "X-Long" },
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: { "X-Long": "v".repeat(513) } })),
  },
  {
    name: "an undocumented tryout status",
    check: "response_schema_conformance",
    finding: { instancePath: "/items/0/status", keyword: "enum" },
    answer: on(isTryout, (b) => void Object.assign(firstItem(b), { status: "ok" })),
  },
  {
    name: "accepting a reserved header name",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => /x-partoo/i.test(b)),
  },
  {
    name: "accepting a forbidden character",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => b.includes("X-Contract@Bad")),
  },
  {
    name: "accepting six headers",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => b.includes("X-Contract-6")),
  },
  {
    name: "accepting a 513-character value",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => b.includes("v".repeat(513))),
  },
  {
    name: "accepting an http URL",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => b.includes('"http://')),
  },
  {
    name: "accepting a body that is not JSON",
    check: "negative_data_rejection",
    answer: acceptWhen((b) => b.startsWith("{items")),
  },
  { name: "accepting a body without items", check: "negative_data_rejection", answer: acceptWhen((b) => b === "{}") },
  // One per family of generated header sets (contracts/suite/header-sets): each a subtle bug the
  // hand-picked bodies of write.ts never touch.
  {
    name: "refusing lower-case x- names",
    check: "positive_data_acceptance",
    finding: { headerName: "x-" },
    answer: headerBug({ refuses: (h) => names(h).some((n) => n.startsWith("x-")) }),
  },
  {
    name: "refusing punctuation in names other than - _ .",
    check: "positive_data_acceptance",
    answer: headerBug({ refuses: (h) => names(h).some((n) => /[^A-Za-z0-9_.-]/.test(n.slice(2))) }),
  },
  {
    name: "refusing the shortest name, X- alone",
    check: "positive_data_acceptance",
    finding: { headerName: "X-" },
    answer: headerBug({ refuses: (h) => names(h).some((n) => n.length === 2) }),
  },
  {
    name: "refusing names that merely start like X-Part",
    check: "positive_data_acceptance",
    answer: headerBug({ refuses: (h) => names(h).some((n) => /^x-part/i.test(n)) }),
  },
  {
    name: "refusing empty header values",
    check: "positive_data_acceptance",
    answer: headerBug({ refuses: (h) => Object.values(h).includes("") }),
  },
  {
    name: "refusing an empty custom_headers object",
    check: "positive_data_acceptance",
    answer: headerBug({ refuses: (h) => names(h).length === 0 }),
  },
  {
    name: "not checking the character right after X-",
    check: "negative_data_rejection",
    // Its forbidden-character check starts one character late; the reserved-prefix check is right.
    answer: headerBug({
      sees: (h) => rename(h, (n) => (/^..[ ()<>@,;:\\"/[\]?={}]/.test(n) ? `${n.slice(0, 2)}a${n.slice(3)}` : n)),
    }),
  },
  {
    name: "reserving X-Partoo only before a dash or at the end",
    check: "negative_data_rejection",
    answer: headerBug({
      sees: (h) => rename(h, (n) => (/^x-partoo/i.test(n) && !/^x-partoo(-|$)/i.test(n) ? `X-q${n.slice(3)}` : n)),
    }),
  },
  {
    name: "taking any X for the X- prefix",
    check: "negative_data_rejection",
    answer: headerBug({ sees: (h) => rename(h, (n) => (/^x(?!-)/i.test(n) ? `X-${n.slice(1)}` : n)) }),
  },
  {
    name: "checking lengths on the first header only",
    check: "negative_data_rejection",
    answer: headerBug({
      sees: (h) =>
        Object.fromEntries(
          Object.entries(h).map(([n, v], i) =>
            i === 0 ? [n, v] : [n.slice(0, 128), typeof v === "string" ? v.slice(0, 512) : v],
          ),
        ),
    }),
  },
  {
    name: "not counting headers with an empty value",
    check: "negative_data_rejection",
    answer: headerBug({
      sees: (h) => (names(h).length > 5 ? Object.fromEntries(Object.entries(h).filter(([, v]) => v !== "")) : h),
    }),
  },
  {
    name: "taking numbers and booleans for strings",
    check: "negative_data_rejection",
    answer: headerBug({
      sees: (h) =>
        Object.fromEntries(
          Object.entries(h).map(([n, v]) => [n, typeof v === "number" || typeof v === "boolean" ? String(v) : v]),
        ),
    }),
  },
  {
    name: "ignoring the API key",
    check: "ignored_auth",
    request: (s) => {
      s.headers["x-apikey"] = ORG1_KEY;
    },
  },
  {
    name: "letting a key see another organization",
    check: "expected_status",
    request: (s) => s.query.delete("org_id"),
  },
  {
    name: "a 404 that is not a 404",
    check: "expected_status",
    answer: (_s, a) => {
      if (a.status === 404) a.status = 403;
    },
  },
  {
    name: "page 0 not treated as page 1",
    check: "page_below_one_is_first_page",
    request: (s) => {
      if (s.query.get("page") === "0") s.query.set("page", "2");
    },
  },
  {
    name: "items past the last page",
    check: "page_past_end_is_empty",
    request: (s) => {
      if (isList(s) && Number(s.query.get("page")) > 3) s.query.set("page", "1");
    },
  },
  {
    name: "ignoring per_page",
    check: "pagination_consistency",
    request: (s) => {
      if (isList(s) && s.query.get("per_page") === "1") s.query.set("per_page", "3");
    },
  },
  {
    name: "a wrong max_page",
    check: "pagination_consistency",
    answer: on(isList, (b) => void Object.assign(b, { max_page: 99 })),
  },
  {
    // max_page kept consistent with the inflated count, so every single page still adds up.
    name: "a count that overstates what the pages hold",
    check: "list_walk_consistency",
    finding: { instancePath: "/count" },
    answer: on(isList, (b, s) => {
      const count = Number(b.count) + 5;
      const perPage = Number(s.query.get("per_page") ?? 30);
      Object.assign(b, { count, max_page: Math.max(1, Math.ceil(count / perPage)) });
    }),
  },
  {
    // The old suite, which judged each page alone, passed this one: only a walk over all pages sees it.
    name: "a count that understates what the pages hold",
    check: "list_walk_consistency",
    finding: { instancePath: "/count" },
    answer: on(isList, (b, s) => {
      const count = Math.max(0, Number(b.count) - 2);
      const perPage = Number(s.query.get("per_page") ?? 30);
      Object.assign(b, { count, max_page: Math.max(1, Math.ceil(count / perPage)) });
    }),
  },
  {
    name: "an empty middle page",
    check: "page_has_items",
    answer: on(
      (s) => isList(s) && s.query.get("page") !== "1" && s.query.get("per_page") === "1",
      (b) => void Object.assign(b, { items: [] }),
    ),
  },
  {
    name: "another resource than asked",
    check: "requested_resource_returned",
    answer: on(isById, (b) => void Object.assign(b, { id: Number(b.id) + 1000 })),
  },
  {
    name: "creating something else than sent",
    check: "created_as_sent",
    answer: on(isCreate, (b) => void Object.assign(firstItem(b), { url: "https://elsewhere.example" })),
  },
  {
    name: "changing a webhook after creation",
    check: "read_back_unchanged",
    answer: on(isById, (b) => void Object.assign(b, { custom_headers: {} })),
  },
  {
    name: "hiding created webhooks from the list",
    check: "listed_after_create",
    answer: on(
      (s) => isList(s) && s.query.get("per_page") === "100",
      (b) => void Object.assign(b, { items: [] }),
    ),
  },
  {
    name: "trying out every entry",
    check: "tryout_reports_first_entry_only",
    answer: on(isTryout, (b) => void b.items?.push({ ...firstItem(b) })),
  },
];

const sandbox = useSandbox();
let current: Mutant | undefined;
let proxyUrl = "";
const proxy = createServer((req, res) => {
  forward(req, res).catch((error: Error) =>
    res.writeHead(502, { "content-type": "text/plain" }).end(`proxy: ${error.message}`),
  );
});
async function forward(req: IncomingMessage, res: import("node:http").ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", "http://proxy");
  const seen: Seen = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    body: Buffer.concat(chunks).toString(),
    headers: { ...req.headers },
  };
  current?.request?.(seen);
  const headers: Record<string, string> = {};
  for (const name of ["x-apikey", "content-type"])
    if (typeof seen.headers[name] === "string") headers[name] = seen.headers[name] as string;
  const upstream = await fetch(`${sandbox.current.url.replace(/\/v2$/, "")}${seen.path}?${seen.query}`, {
    method: seen.method,
    headers,
    body: seen.method === "POST" ? seen.body : null,
  });
  const text = await upstream.text();
  const answer: Answer = {
    status: upstream.status,
    contentType: upstream.headers.get("content-type") ?? "",
    json: JSON.parse(text),
  };
  current?.answer?.(seen, answer);
  res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.text ?? JSON.stringify(answer.json));
}

beforeAll(async () => {
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v2`;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

const run = () =>
  runContractSuite({
    baseUrl: proxyUrl,
    apiKey: ORG1_KEY,
    writes: true,
    hookUrl: "https://hooks.example.com/contract",
    foreignOrgId: 2,
    timeoutMs: 5_000,
    maxRequests: 300,
    embedded: false,
  });

describe("the contract suite", () => {
  it("passes a conformant server (the sandbox behind a transparent proxy)", async () => {
    current = undefined;
    const result = await run();
    expect(result.aborted).toBeUndefined();
    expect(result.checks.filter((c) => c.outcome === "failed")).toEqual([]);
    expect(result.checks.length).toBeGreaterThan(200);
  });

  for (const mutant of mutants) {
    it(`fails on ${mutant.name}, naming ${mutant.check}`, async () => {
      current = mutant;
      const result = await run();
      current = undefined;
      expect(result.aborted).toBeUndefined();
      const failed = result.checks.filter((c) => c.outcome === "failed" && c.check === mutant.check);
      expect(failed.length, `no failed ${mutant.check}`).toBeGreaterThan(0);
      if (mutant.finding)
        expect(failed.flatMap((c) => c.findings)).toContainEqual(expect.objectContaining(mutant.finding));
    });
  }

  it("reports undocumented properties as drift warnings, not failures", async () => {
    current = {
      name: "error keyed singular",
      check: "",
      answer: (_s, a) => {
        if (a.status === 404) a.json = { error: { json: "Resource not found" } };
      },
    };
    const result = await run();
    current = undefined;
    expect(result.checks.filter((c) => c.outcome === "failed")).toEqual([]);
    expect(result.checks).toContainEqual(
      expect.objectContaining({
        check: "undocumented_properties",
        outcome: "warning",
        findings: [expect.objectContaining({ instancePath: "/error" })],
      }),
    );
  });
});
