import type { OpenAPIV3_1 } from "openapi-types";
import { pointerOf } from "../../src/internal/json-pointer.js";

/**
 * Where and how the client sends the API key, as the spec decides it: the servers a default
 * client talks to, the security schemes our operations require, and the header each key goes in.
 * A change there redirects or re-labels the production key after a rebuild, so `--write` never
 * applies it unless asked (`--accept-security-changes`).
 */
export interface SecuritySurfaceChange {
  /** `server-changed`, `security-scheme-changed` or `key-header-changed`. */
  rule: string;
  /** JSON pointer of what changed. */
  location: string;
  /** One sentence for the top of the report. */
  reason: string;
  old: unknown;
  new: unknown;
}

type Doc = OpenAPIV3_1.Document;
type Scheme = { type?: unknown; in?: unknown; name?: unknown; scheme?: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? "none";
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** The scheme names each of our operations requires (its own `security`, else the document's). */
function requirements(doc: Doc, keys: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of keys) {
    const [method = "", path = ""] = key.split(" ");
    const operation = (doc.paths?.[path] as Record<string, { security?: unknown }> | undefined)?.[method];
    const security = (operation?.security ?? doc.security ?? []) as Record<string, unknown>[];
    out[key] = [...new Set(security.flatMap((requirement) => Object.keys(requirement ?? {})))].sort();
  }
  return out;
}

const schemesOf = (doc: Doc) => (doc.components?.securitySchemes ?? {}) as Record<string, Scheme>;

/** What differs between two documents in where and how the key is sent, for the operations `keys`. */
export function securitySurfaceChanges(base: Doc, against: Doc, keys: readonly string[]): SecuritySurfaceChange[] {
  const changes: SecuritySurfaceChange[] = [];
  const urls = (doc: Doc) => (doc.servers ?? []).map((server) => server.url);
  if (!same(urls(base), urls(against))) {
    changes.push({
      rule: "server-changed",
      location: "/servers",
      reason: `the servers changed from ${short(urls(base))} to ${short(urls(against))}: a rebuilt client with default settings would send the API key to the new host`,
      old: urls(base),
      new: urls(against),
    });
  }
  const before = requirements(base, keys);
  const after = requirements(against, keys);
  for (const key of keys) {
    if (!same(before[key], after[key])) {
      changes.push({
        rule: "security-scheme-changed",
        location: pointerOf(["paths", key.split(" ")[1] ?? "", key.split(" ")[0] ?? "", "security"]),
        reason: `${key.toUpperCase().split(" ")[0]} ${key.split(" ")[1]} requires the security scheme(s) ${short(after[key])} instead of ${short(before[key])}`,
        old: before[key],
        new: after[key],
      });
    }
  }
  const used = new Set(Object.values(before).flat());
  for (const name of used) {
    const old = schemesOf(base)[name];
    const now = schemesOf(against)[name];
    if (old?.in === "header" && now?.in === "header" && old.name !== now.name) {
      changes.push({
        rule: "key-header-changed",
        location: `/components/securitySchemes/${name}/name`,
        reason: `the API key's header changed from ${short(old.name)} to ${short(now.name)} (scheme ${name})`,
        old: old.name,
        new: now.name,
      });
    } else if (!same([old?.type, old?.in, old?.name, old?.scheme], [now?.type, now?.in, now?.name, now?.scheme])) {
      changes.push({
        rule: "security-scheme-changed",
        location: `/components/securitySchemes/${name}`,
        reason: `the security scheme ${name} changed from ${short(old ?? null)} to ${short(now ?? null)}`,
        old: old ?? null,
        new: now ?? null,
      });
    }
  }
  return changes;
}
