import type { IncomingMessage, ServerResponse } from "node:http";
import { sleep } from "../internal/sleep.js";
import type { PartooAnswer } from "./partoo.js";

/**
 * What the sandbox can do wrong, one request at a time. Each queued fault applies to the next
 * request that matches it; `when: "after"` lets the request take effect first (a create happens,
 * then the answer is lost), which is how duplicate-on-retry bugs are caught.
 */
export type Fault =
  /** Answer after `ms` more milliseconds. */
  | {
      kind: "latency";
      /** Milliseconds to wait. */
      ms: number;
    }
  /** 429, with `Retry-After: retryAfter` when given. */
  | {
      kind: "rateLimit";
      /** The `Retry-After` header value: seconds or an HTTP date. */
      retryAfter?: string;
    }
  /** This status, with a JSON error body (or an HTML page when `html`). */
  | {
      kind: "status";
      /** The status to answer with. */
      status: number;
      /** An HTML page instead of JSON, as a proxy in front of the API would answer. */
      html?: boolean;
    }
  /** Drop the connection, before acting (default) or after. */
  | {
      kind: "reset";
      /** `"after"`: the request takes effect (a webhook is created), then the answer is lost. */
      when?: "before" | "after";
    }
  /** The answer's JSON cut in half. */
  | { kind: "malformedJson" }
  /** The answer with no body. */
  | { kind: "emptyBody" }
  /** No answer ever; `when: "after"` lets the request take effect first (a create stored, then a timeout). */
  | {
      kind: "hang";
      /** `"after"`: the request takes effect (a create is stored), then no answer ever comes. */
      when?: "before" | "after";
    }
  /**
   * The answer's webhooks break the spec: each gets a custom header named `X-Partoo-Injected`,
   * which the CustomHeaders pattern forbids. For answers that hold webhooks (list, get, create).
   */
  | { kind: "offSpec" }
  /** The answer's webhooks carry a property the spec does not list (`partoo_internal_flag`). */
  | { kind: "undocumentedProperty" };

/** A fault waiting for the next request that matches it. */
export interface QueuedFault {
  /** What goes wrong. */
  fault: Fault;
  /** Only requests with this method get it (default: any). */
  method?: string;
  /** Only requests whose query has these values (e.g. `{ page: "2" }`: one list page). */
  query?: Record<string, string>;
}

/**
 * Faults waiting for the requests they match, each used once, first queued first: the sandbox's
 * `faults` (and the MSW handlers').
 *
 * @example
 * sandbox.faults.push({ fault: { kind: "status", status: 503 }, method: "GET" });
 */
export class FaultQueue {
  private queue: QueuedFault[] = [];
  /** Every fault actually applied, by kind: the figures the reliability tests report. */
  readonly injected = new Map<string, number>();

  /** Queues faults for the next matching requests. */
  push(...faults: QueuedFault[]): void {
    this.queue.push(...faults);
  }

  /** Drops every fault still waiting. */
  clear(): void {
    this.queue = [];
  }

  /**
   * The first waiting fault that matches a request, removed from the queue and counted.
   * @internal the sandbox calls it once per request
   */
  take(method: string, query?: URLSearchParams): Fault | undefined {
    const index = this.queue.findIndex(
      (q) =>
        (q.method === undefined || q.method === method) &&
        Object.entries(q.query ?? {}).every(([name, value]) => query?.get(name) === value),
    );
    if (index < 0) return undefined;
    const [taken] = this.queue.splice(index, 1);
    if (!taken) return undefined;
    this.injected.set(taken.fault.kind, (this.injected.get(taken.fault.kind) ?? 0) + 1);
    return taken.fault;
  }

  /** How many faults are still waiting (a test can assert all were used). */
  get pending(): number {
    return this.queue.length;
  }
}

/** How one request ends under a fault: an answer to send, a dropped connection, or nothing ever. */
export type FaultOutcome =
  | { kind: "answer"; status: number; headers: Record<string, string>; text: string }
  | { kind: "reset" }
  | { kind: "hang" };

/**
 * One request under a fault (or none), whatever carries it (node:http, a fetch handler, MSW): the
 * fault decides whether the imitation is asked at all, and how its answer goes out. Every fault's
 * effect is here, before and after the answer.
 */
export async function answerUnderFault(
  fault: Fault | undefined,
  answer: () => Promise<PartooAnswer>,
): Promise<FaultOutcome> {
  const json = { "content-type": "application/json" };
  switch (fault?.kind) {
    case "latency":
      await sleep(fault.ms);
      break;
    case "rateLimit":
      return {
        kind: "answer",
        status: 429,
        headers: { ...json, "retry-after": fault.retryAfter ?? "1" },
        text: JSON.stringify({ errors: { rate_limit: "Too many requests" } }),
      };
    case "status":
      return fault.html
        ? {
            kind: "answer",
            status: fault.status,
            headers: { "content-type": "text/html" },
            text: "<html><body><h1>Bad Gateway</h1></body></html>",
          }
        : {
            kind: "answer",
            status: fault.status,
            headers: json,
            text: JSON.stringify({ errors: { server: "Injected failure" } }),
          };
    case "reset":
      // "after": the request takes effect (a webhook is created), then the answer is lost.
      if (fault.when === "after") await answer();
      return { kind: "reset" };
    case "hang":
      if (fault.when === "after") await answer();
      return { kind: "hang" };
  }
  const { status, body: answered } = await answer();
  // A copy: the answer may be the stored webhook itself.
  const body =
    fault?.kind === "offSpec" || fault?.kind === "undocumentedProperty" ? structuredClone(answered) : answered;
  if (fault?.kind === "offSpec") {
    eachWebhook(body, (webhook) => {
      webhook.custom_headers = { ...(webhook.custom_headers as object), "X-Partoo-Injected": "1" };
    });
  }
  if (fault?.kind === "undocumentedProperty") eachWebhook(body, (webhook) => (webhook.partoo_internal_flag = true));
  let text = JSON.stringify(body);
  if (fault?.kind === "malformedJson") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (fault?.kind === "emptyBody") text = "";
  return { kind: "answer", status, headers: json, text };
}

/** Serves one request under a fault (or none) on node:http: `answerUnderFault`, written out. */
export async function serveWithFault(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  answer: () => Promise<PartooAnswer>,
): Promise<void> {
  const outcome = await answerUnderFault(fault, answer);
  if (outcome.kind === "reset") req.socket.destroy();
  if (outcome.kind === "answer") res.writeHead(outcome.status, outcome.headers).end(outcome.text);
}

/** The webhooks in an answer: the body itself (a get) or its `items` (a list, a create). */
function eachWebhook(body: unknown, change: (webhook: Record<string, unknown>) => void): void {
  const value = body as { id?: unknown; items?: unknown } | null;
  if (value && typeof value === "object" && "id" in value) change(value as Record<string, unknown>);
  if (Array.isArray(value?.items)) for (const item of value.items) if (item && typeof item === "object") change(item);
}
