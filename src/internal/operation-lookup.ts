import { operations, servers } from "../../generated/operations.js";

/** The servers' base paths (`/v2`), longest first: a full request path is matched without them. */
const BASE_PATHS = [...new Set(servers.map((s) => new URL(s.url).pathname.replace(/\/+$/, "")))]
  .filter((p) => p !== "")
  .sort((a, b) => b.length - a.length);

export type OperationData = (typeof operations)[number];

function templateToRegExp(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

// Literal paths first, so /webhooks/tryout is never read as /webhooks/{webhook_id}.
const matchers = operations
  .map((op) => ({ op, regexp: templateToRegExp(op.path), params: (op.path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

// A template matches itself too (`{webhook_id}` is one segment), so no separate exact lookup.
function lookup(m: string, bare: string): OperationData | undefined {
  return matchers.find(({ op, regexp }) => op.method === m && regexp.test(bare))?.op;
}

/**
 * The operation for a method and a path: the spec's template (`/webhooks/{webhook_id}`), a concrete
 * path (`/webhooks/12`), or the full request path with the server's base path (`/v2/webhooks/12`).
 */
export function findOperation(method: string, path: string): OperationData | undefined {
  const m = method.toLowerCase();
  const bare = path.split("?")[0] ?? path;
  const base = BASE_PATHS.find((b) => bare.startsWith(`${b}/`));
  return lookup(m, bare) ?? (base === undefined ? undefined : lookup(m, bare.slice(base.length)));
}

/** `application/json; charset=utf-8` → `application/json` */
export function essenceOf(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** The documented media type a content type falls under, honouring `type/*` and `*\/*` ranges. */
export function matchMediaType(
  documented: readonly string[],
  contentType: string | null | undefined,
): string | undefined {
  const essence = essenceOf(contentType);
  const [type] = essence.split("/");
  return (
    documented.find((d) => d.toLowerCase() === essence) ??
    documented.find((d) => d.toLowerCase() === `${type}/*`) ??
    documented.find((d) => d === "*/*")
  );
}

/** The documented response key a status falls under: exact, then `4XX`-style range, then `default`. */
export function matchStatus(documented: readonly string[], status: number): string | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    documented.find((d) => d === exact) ??
    documented.find((d) => d.toUpperCase() === range) ??
    documented.find((d) => d === "default")
  );
}
