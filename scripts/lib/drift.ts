import { apiDiff } from "api-smart-diff";
import { tokensOf } from "../../src/internal/json-pointer.js";
import { type Classification, type RawDiff, ruleFor, toPointer } from "./drift-rules.js";
import { keepOperations, operationKeys } from "./drift-scope.js";
import type { LoadedSpec } from "./load-spec.js";
import { type SecuritySurfaceChange, securitySurfaceChanges } from "./security-surface.js";

export interface Change {
  classification: Classification;
  rule: string;
  flag?: string;
  /** `GET /webhooks`, or `(document)` for servers and security. */
  operation: string;
  /** JSON pointer into the spec, `$ref`s resolved: where the change is felt. */
  location: string;
  action: RawDiff["action"];
  old?: unknown;
  new?: unknown;
}

export interface DriftResult {
  base: { source: string; digest: string };
  against: { source: string; digest: string };
  changes: Change[];
  /** Operations only the other document has, near ours (same first path segment). */
  additions: string[];
  /** How many other operations the other document has elsewhere in the API. */
  otherOperations: number;
  /** Changes to where or how the API key is sent: breaking, and never applied by `--write` unless accepted. */
  securityChanges: SecuritySurfaceChange[];
  summary: { breaking: number; nonBreaking: number };
  exitCode: 0 | 1 | 2;
}

function resolve(doc: unknown, segments: readonly (string | number)[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
}

function operationOf(segments: readonly string[]): string {
  return segments[0] === "paths" && segments[2] ? `${segments[2].toUpperCase()} ${segments[1]}` : "(document)";
}

/** Compares the operations of `base` with the same operations in `against`, change by change. */
export function diffSpecs(base: LoadedSpec, against: LoadedSpec): DriftResult {
  const ours = new Set(operationKeys(base.document));
  const theirs = operationKeys(against.document);
  const prefixes = new Set([...ours].map((key) => `/${key.split(" ")[1]?.split("/")[1] ?? ""}`));
  const extra = theirs.filter((key) => !ours.has(key));
  const additions = extra.filter((key) => [...prefixes].some((prefix) => key.split(" ")[1]?.startsWith(prefix)));

  // Both sides cut to our operations; api-smart-diff resolves $refs and reports each change where it is used.
  // It also rewrites what it is given (allOf merged in place), so it gets copies: `--write` must
  // save the other document exactly as published.
  const raw = apiDiff(
    structuredClone(base.document),
    structuredClone(keepOperations(against.document, ours)),
  ) as unknown as { diffs?: RawDiff[] } | RawDiff[];
  const diffs = (Array.isArray(raw) ? raw : (raw.diffs ?? [])).filter((d) =>
    ["paths", "servers", "security"].includes(String(d.path[0])),
  );

  const changes = diffs.map((d): Change => {
    const segments = d.path.map(String);
    const rule = ruleFor(d, (pointer) => resolve(base.dereferenced, tokensOf(pointer)) !== undefined);
    const change: Change = {
      classification: rule.classification,
      rule: rule.id,
      operation: operationOf(segments),
      location: toPointer(segments),
      action: d.action,
    };
    if (rule.flag) change.flag = rule.flag;
    if (d.before !== undefined) change.old = d.before;
    if (d.after !== undefined) change.new = d.after;
    return change;
  });
  const securityChanges = securitySurfaceChanges(base.dereferenced, against.dereferenced, [...ours]);
  for (const s of securityChanges) {
    // api-smart-diff already reports servers (and top-level security) where they differ; schemes under components it never sees.
    if (changes.some((c) => c.location.startsWith(s.location) || s.location.startsWith(c.location))) continue;
    changes.push({
      classification: "breaking",
      rule: s.rule,
      operation: "(document)",
      location: s.location,
      action: "replace",
      old: s.old,
      new: s.new,
    });
  }
  const breaking = changes.filter((c) => c.classification === "breaking").length;
  const nonBreaking = changes.length - breaking;
  return {
    base: { source: base.source, digest: base.digest },
    against: { source: against.source, digest: against.digest },
    changes,
    additions,
    securityChanges,
    otherOperations: extra.length - additions.length,
    summary: { breaking, nonBreaking },
    exitCode: breaking > 0 ? 2 : nonBreaking > 0 ? 1 : 0,
  };
}
