import { PartooError } from "../errors.js";
import { describeHeaderDifference } from "./headers.js";

/** What is live where the wanted webhook would go. Header names only, never values. */
export interface ExistingWebhook {
  id: number;
  org_id: number;
  url: string;
  /** The names the answer showed, or undefined when it left `custom_headers` out. */
  headerNames: string[] | undefined;
}

export type ConflictReason =
  | { kind: "url" }
  | { kind: "customHeaders"; missing: string[]; extra: string[]; changed: string[] };

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
    readonly reason: ConflictReason,
    readonly wanted: { event_type: string; url: string; headerNames: string[] },
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
