import type { IncomingMessage, ServerResponse } from "node:http";
import type { PartooAnswer } from "./partoo.js";

/**
 * What the sandbox can do wrong, one request at a time. Each queued fault applies to the next
 * request that matches it; `when: "after"` lets the request take effect first (a create happens,
 * then the answer is lost), which is how duplicate-on-retry bugs are caught.
 */
export type Fault =
  | { kind: "latency"; ms: number }
  | { kind: "rateLimit"; retryAfter?: string }
  | { kind: "status"; status: number; html?: boolean }
  | { kind: "reset"; when?: "before" | "after" }
  | { kind: "malformedJson" }
  | { kind: "emptyBody" }
  | { kind: "hang" };

export interface QueuedFault {
  fault: Fault;
  /** Only requests with this method get it (default: any). */
  method?: string;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];
  /** Every fault actually applied, by kind: the figures the reliability tests report. */
  readonly injected = new Map<string, number>();

  push(...faults: QueuedFault[]): void {
    this.queue.push(...faults);
  }

  clear(): void {
    this.queue = [];
  }

  take(method: string): Fault | undefined {
    const index = this.queue.findIndex((q) => q.method === undefined || q.method === method);
    if (index < 0) return undefined;
    const [taken] = this.queue.splice(index, 1);
    if (!taken) return undefined;
    this.injected.set(taken.fault.kind, (this.injected.get(taken.fault.kind) ?? 0) + 1);
    return taken.fault;
  }

  get pending(): number {
    return this.queue.length;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Serves one request under a fault (or none): the fault decides whether the imitation is asked at
 * all, and how its answer goes out. Every fault's effect is here, before and after the answer.
 */
export async function serveWithFault(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  answer: () => Promise<PartooAnswer>,
): Promise<void> {
  switch (fault?.kind) {
    case "latency":
      await sleep(fault.ms);
      break;
    case "rateLimit":
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": fault.retryAfter ?? "1" })
        .end(JSON.stringify({ errors: { rate_limit: "Too many requests" } }));
      return;
    case "status":
      if (fault.html) {
        res
          .writeHead(fault.status, { "content-type": "text/html" })
          .end("<html><body><h1>Bad Gateway</h1></body></html>");
      } else {
        res
          .writeHead(fault.status, { "content-type": "application/json" })
          .end(JSON.stringify({ errors: { server: "Injected failure" } }));
      }
      return;
    case "reset":
      // "after": the request takes effect (a webhook is created), then the answer is lost.
      if (fault.when === "after") await answer();
      req.socket.destroy();
      return;
    case "hang":
      return;
  }
  const { status, body } = await answer();
  let text = JSON.stringify(body);
  if (fault?.kind === "malformedJson") text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (fault?.kind === "emptyBody") text = "";
  res.writeHead(status, { "content-type": "application/json" }).end(text);
}
