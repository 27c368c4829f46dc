import { REDACTED } from "../internal/redact.js";
import type { CustomHeaders } from "../types.js";

/**
 * How a live webhook's custom headers compare with the wanted ones. The spec makes
 * `custom_headers` optional in answers, and Partoo's own pages drift (one example has it, one
 * not), so a comparison can be honest only about what the answer shows:
 * - `same`: every name (case-insensitive, as HTTP reads them) and every value agree;
 * - `unverified`: nothing contradicts the wanted headers, but the answer left them out, or hid
 *   some values (`[REDACTED]`, `***`, empty): those cannot be checked and are named in `unchecked`;
 * - `differs`: a name is missing or extra, or a shown value is another one. Only names are kept.
 */
export type HeaderComparison =
  /** The same names, and the same values where the answer shows them. */
  | {
      /** `"same"`. */
      status: "same";
    }
  /** Names agree but values could not be compared: counted as in place. */
  | {
      /** `"unverified"`. */
      status: "unverified";
      /** The answer left `custom_headers` out, or showed values hidden. */
      why: "not returned" | "values hidden";
      /** The header names whose values went unchecked. */
      unchecked: string[];
    }
  /** They differ (names only). */
  | {
      /** `"differs"`. */
      status: "differs";
      /** Names wanted but not there. */
      missing: string[];
      /** Names there but not wanted. */
      extra: string[];
      /** Names whose values differ. */
      changed: string[];
    };

/** A value an API shows in place of a secret: it says nothing about the real one. */
const HIDDEN_VALUE = /^(?:\*+|•+|x{3,}|\[?redacted\]?|<redacted>|)$/i;

export function compareHeaders(wanted: CustomHeaders | undefined, live: CustomHeaders | undefined): HeaderComparison {
  const wantedNames = Object.keys(wanted ?? {});
  if (live === undefined || live === null) {
    return wantedNames.length === 0
      ? { status: "same" }
      : { status: "unverified", why: "not returned", unchecked: wantedNames };
  }
  const liveByName = new Map(Object.entries(live).map(([name, value]) => [name.toLowerCase(), { name, value }]));
  const wantedLower = new Set(wantedNames.map((n) => n.toLowerCase()));
  const missing = wantedNames.filter((n) => !liveByName.has(n.toLowerCase()));
  const extra = [...liveByName.values()].filter(({ name }) => !wantedLower.has(name.toLowerCase())).map((h) => h.name);
  const changed: string[] = [];
  const unchecked: string[] = [];
  for (const name of wantedNames) {
    const shown = liveByName.get(name.toLowerCase());
    if (!shown) continue;
    if (typeof shown.value !== "string" || shown.value === REDACTED || HIDDEN_VALUE.test(shown.value.trim()))
      unchecked.push(name);
    else if (shown.value !== wanted?.[name]) changed.push(name);
  }
  if (missing.length + extra.length + changed.length > 0) return { status: "differs", missing, extra, changed };
  return unchecked.length > 0 ? { status: "unverified", why: "values hidden", unchecked } : { status: "same" };
}

/** The difference in words, names only: "missing X-Token; unexpected X-Old; other value for X-Sig". */
export function describeHeaderDifference(d: { missing: string[]; extra: string[]; changed: string[] }): string {
  const parts = [
    d.missing.length > 0 ? `missing ${d.missing.join(", ")}` : "",
    d.extra.length > 0 ? `unexpected ${d.extra.join(", ")}` : "",
    d.changed.length > 0 ? `another value for ${d.changed.join(", ")} (values not shown)` : "",
  ];
  return parts.filter(Boolean).join("; ");
}
