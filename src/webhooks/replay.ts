import { PartooEventError } from "./errors.js";
import type { PartooEvent } from "./types.js";

/**
 * Where a guard keeps the digests it has seen: in memory by default, or shared by your instances
 * (Redis, a database with a unique key and an expiry). Both calls must be atomic across them.
 */
export interface ReplayStore {
  /**
   * Keeps `key` for `ttlMs` unless it is already kept; resolves true when it was not (the first
   * time), false for a repeat. Redis: `SET key 1 NX PX ttlMs` resolving to "OK" or null.
   */
  add(key: string, ttlMs: number): Promise<boolean>;
  /** Forgets `key` (Redis: `DEL key`). */
  delete(key: string): Promise<void>;
}

/** Options of `createReplayGuard`. */
export interface ReplayGuardOptions {
  /** How long a delivery is remembered, in ms (default 24 h). A repeat after that is let through. */
  ttlMs?: number;
  /**
   * The most deliveries the in-memory store remembers (default 10 000); past it the oldest are
   * forgotten first, which `evicted` counts. Not used with `store`, whose own limits apply.
   */
  maxEntries?: number;
  /** A shared store instead of this process's memory (several instances behind one URL). */
  store?: ReplayStore;
}

/** Refuses a delivery already received within `ttlMs`: give it to `parsePartooEvent`'s `replayGuard`. */
export interface ReplayGuard {
  /** Resolves true the first time these raw bytes are seen within the window, false for a repeat. */
  firstTime(body: string | Uint8Array): Promise<boolean>;
  /**
   * Forgets a delivery (an event this guard let through, or its raw body) so a retry of it is let
   * in: call it when your handler failed and you answer an error, which makes Partoo send it again.
   */
  forget(delivery: PartooEvent | string | Uint8Array): Promise<void>;
  /** Deliveries the in-memory store holds now (0 with a shared store). */
  readonly size: number;
  /** Deliveries the in-memory store forgot early, at `maxEntries`, since it was created. */
  readonly evicted: number;
}

/** A repeat of a delivery this guard already let through within its window. */
export class PartooReplayError extends PartooEventError {
  override name = "PartooReplayError";
}

/** How long a replay guard remembers a delivery by default: 24 hours, in ms. */
export const DEFAULT_REPLAY_TTL_MS = 24 * 60 * 60 * 1000;
/** How many deliveries the in-memory replay guard remembers by default. */
export const DEFAULT_REPLAY_MAX_ENTRIES = 10_000;

function positiveInteger(options: ReplayGuardOptions, name: "ttlMs" | "maxEntries", fallback: number): number {
  const value = options[name] ?? fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(
      `${name} must be a positive integer, got ${typeof value === "number" ? value : JSON.stringify(value)}`,
    );
  return value;
}

/** base64url of the body's SHA-256: 43 characters per delivery, whatever its size. */
async function digest(body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return btoa(String.fromCharCode(...hash))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The in-memory store: digest → expiry, in insertion order. Every entry lives as long, so the
 * oldest is always the first to expire: expired ones are dropped from the front, and at
 * `maxEntries` the oldest live one goes too. Memory never exceeds `maxEntries` digests.
 */
class MemoryStore implements ReplayStore {
  private readonly expiries = new Map<string, number>();
  evicted = 0;
  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.expiries.size;
  }

  async add(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    for (const [oldest, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(oldest);
    }
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    while (this.expiries.size >= this.maxEntries) {
      const oldest = this.expiries.keys().next().value as string;
      this.expiries.delete(oldest);
      this.evicted++;
    }
    this.expiries.set(key, now + ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.expiries.delete(key);
  }
}

/**
 * A guard against replayed deliveries. Partoo signs the body only (no timestamp, no delivery id),
 * so a captured delivery verifies forever; the guard remembers the SHA-256 of each verified
 * delivery for `ttlMs` and refuses it again within that window. See docs/replay.md.
 *
 * @example
 * const replayGuard = createReplayGuard({ ttlMs: 24 * 3600_000, maxEntries: 10_000 });
 * const event = await parsePartooEvent(request, { environment: "sandbox", replayGuard });
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const ttlMs = positiveInteger(options, "ttlMs", DEFAULT_REPLAY_TTL_MS);
  const memory = options.store
    ? undefined
    : new MemoryStore(positiveInteger(options, "maxEntries", DEFAULT_REPLAY_MAX_ENTRIES));
  const store: ReplayStore = options.store ?? (memory as MemoryStore);
  if (typeof store.add !== "function" || typeof store.delete !== "function")
    throw new TypeError("store must have add(key, ttlMs) and delete(key) methods (see docs/replay.md)");
  /** The digest of each event this guard let through, for `forget(event)`; gone with the event. */
  const admitted = new WeakMap<object, string>();
  const prefix = "partoo-delivery:";

  const guard: ReplayGuard & { admit(raw: Uint8Array, event: PartooEvent): Promise<void> } = {
    async firstTime(body) {
      return store.add(prefix + (await digest(body)), ttlMs);
    },
    async forget(delivery) {
      const key =
        typeof delivery === "object" && !(delivery instanceof Uint8Array)
          ? admitted.get(delivery)
          : await digest(delivery);
      if (key !== undefined) await store.delete(prefix + key);
    },
    get size() {
      return memory?.size ?? 0;
    },
    get evicted() {
      return memory?.evicted ?? 0;
    },
    async admit(raw, event) {
      const key = await digest(raw);
      if (!(await store.add(prefix + key, ttlMs)))
        throw new PartooReplayError(
          `delivery already received in the last ${ttlMs} ms (same body): a replay or a repeat; answer 2xx and do not handle it again`,
        );
      admitted.set(event, key);
    },
  };
  return guard;
}

/** Lets a verified delivery through its guard, or throws PartooReplayError: the parsers' step. */
export async function admitOnce(guard: ReplayGuard, raw: Uint8Array, event: PartooEvent): Promise<void> {
  const admit = (guard as { admit?: (raw: Uint8Array, event: PartooEvent) => Promise<void> }).admit;
  if (typeof admit === "function") return admit(raw, event);
  // A guard of the user's own making: only its public half.
  if (!(await guard.firstTime(raw))) throw new PartooReplayError("delivery already received: a replay or a repeat");
}
