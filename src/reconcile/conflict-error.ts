import { PartooError } from "../errors.js";
import { describeHeaderDifference } from "./headers.js";

/** What is live where the wanted webhook would go. Header names only, never values. */
export interface ExistingWebhook {
  /** Its id. */
  id: number;
  /** The organization it belongs to. */
  org_id: number;
  /** The URL it delivers to. */
  url: string;
  /** The names the answer showed, or undefined when it left `custom_headers` out. */
  headerNames: string[] | undefined;
}

/** Why the wanted webhook conflicts with what is live. */
export type ConflictReason =
  /** The event type already goes to another URL in that organization. */
  | {
      /** `"url"`: another URL holds the event type. */
      kind: "url";
    }
  /** The same URL is there with other custom headers (names only). */
  | {
      /** `"customHeaders"`: the headers differ. */
      kind: "customHeaders";
      /** Header names wanted but not there. */
      missing: string[];
      /** Header names there but not wanted. */
      extra: string[];
      /** Header names on both sides whose values differ (values never shown). */
      changed: string[];
    };

/**
 * The wanted webhook cannot be made true by creating it, and the API has no update or delete:
 * the event type already goes to another URL in that organization (one URL per event type), or
 * the same URL is there with other custom headers. Says what is there and what to do; never a
 * header value.
 *
 * @example
 * try { await partoo.webhooks.ensure(item); } catch (e) { if (e instanceof PartooConflictError) console.error(e.message); }
 */
export class PartooConflictError extends PartooError {
  override name = "PartooConflictError";
  constructor(
    /** Why it conflicts. */
    readonly reason: ConflictReason,
    /** What was wanted, header names only. */
    readonly wanted: {
      /** The event type. */
      event_type: string;
      /** The receiver's URL. */
      url: string;
      /** The custom header names. */
      headerNames: string[];
    },
    /** What is live in its place. */
    readonly existing: ExistingWebhook,
  ) {
    super(conflictMessage(reason, wanted, existing));
  }
}

function conflictMessage(
  reason: ConflictReason,
  wanted: { event_type: string; url: string },
  existing: ExistingWebhook,
): string {
  const where = `${wanted.event_type} in organization ${existing.org_id}`;
  if (reason.kind === "url") {
    return (
      `${where} already goes to ${existing.url} (webhook ${existing.id}), not ${wanted.url}: ` +
      "Partoo allows one URL per event type in an organization and its API has no update or delete. " +
      `Keep ${existing.url} in your desired state, or remove webhook ${existing.id} in Partoo first, then run again.`
    );
  }
  return (
    `${where}: webhook ${existing.id} (${existing.url}) has other custom headers than wanted: ` +
    `${describeHeaderDifference(reason)}. The API cannot change a webhook's headers: ` +
    `make your desired state match webhook ${existing.id}, or remove it in Partoo first, then run again.`
  );
}
