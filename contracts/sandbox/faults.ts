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
