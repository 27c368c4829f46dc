import { afterEach, describe, expect, it, vi } from "vitest";
import { PartooError } from "../../src/errors.js";
import { signPartooDelivery } from "../../src/testing.js";
import {
  createReplayGuard,
  PartooEventError,
  PartooReplayError,
  PartooSignatureError,
  parsePartooEvent,
  type ReplayStore,
} from "../../src/webhooks.js";

const signed = await signPartooDelivery({ type: "lead_received", payload: { id: "lead-1" } });
const requestOf = (body = signed.body, headers = signed.headers) =>
  new Request("http://127.0.0.1/hook", { method: "POST", headers, body });
const other = async (id: string) => {
  const s = await signPartooDelivery({ type: "lead_received", payload: { id } });
  return s;
};

afterEach(() => vi.useRealTimers());

describe("createReplayGuard with parsePartooEvent", () => {
  it("lets a verified delivery through once and refuses the same bytes again, as often as they come", async () => {
    const replayGuard = createReplayGuard();
    const options = { publicKey: signed.publicKey, replayGuard };
    await expect(parsePartooEvent(requestOf(), options)).resolves.toMatchObject({ type: "lead_received" });
    for (let i = 0; i < 2; i++) {
      const error = await parsePartooEvent(requestOf(), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartooReplayError);
      expect(error).toBeInstanceOf(PartooEventError);
      expect(error).toBeInstanceOf(PartooError);
      expect((error as Error).message).toBe(
        "delivery already received in the last 86400000 ms (same body): a replay or a repeat; answer 2xx and do not handle it again",
      );
    }
    // The tryout header is not signed: adding it does not get a replay past the guard.
    await expect(
      parsePartooEvent(requestOf(signed.body, { ...signed.headers, "X-Partoo-Webhook-Tryout": "true" }), options),
    ).rejects.toThrow(PartooReplayError);
    expect(replayGuard.size).toBe(1);
  });

  it("remembers only deliveries that verified, so forged ones cannot fill it or block the real one", async () => {
    const replayGuard = createReplayGuard();
    const forged = {
      ...signed.headers,
      "X-Partoo-Signature-v1": (await other("lead-1")).headers["X-Partoo-Signature-v1"] ?? "",
    };
    await expect(
      parsePartooEvent(requestOf(signed.body, forged), { publicKey: signed.publicKey, replayGuard }),
    ).rejects.toThrow(PartooSignatureError);
    expect(replayGuard.size).toBe(0);
    await expect(parsePartooEvent(requestOf(), { publicKey: signed.publicKey, replayGuard })).resolves.toBeDefined();
  });

  it("lets a retry in after forget(event), for a handler that failed and answered an error", async () => {
    const replayGuard = createReplayGuard();
    const options = { publicKey: signed.publicKey, replayGuard };
    const event = await parsePartooEvent(requestOf(), options);
    await replayGuard.forget(event);
    await expect(parsePartooEvent(requestOf(), options)).resolves.toEqual(event);
    await replayGuard.forget(signed.body); // by its raw body too
    expect(replayGuard.size).toBe(0);
  });

  it("lets a repeat through once ttlMs has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const replayGuard = createReplayGuard({ ttlMs: 60_000 });
    expect(await replayGuard.firstTime(signed.body)).toBe(true);
    vi.advanceTimersByTime(59_999);
    expect(await replayGuard.firstTime(signed.body)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await replayGuard.firstTime(signed.body)).toBe(true);
  });

  it("holds at most maxEntries, forgetting the oldest first and counting them", async () => {
    const replayGuard = createReplayGuard({ maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) expect(await replayGuard.firstTime(id)).toBe(true);
    expect([replayGuard.size, replayGuard.evicted]).toEqual([3, 1]);
    expect(await replayGuard.firstTime("d")).toBe(false);
    expect(await replayGuard.firstTime("a")).toBe(true); // evicted: let through again, as documented
    expect(replayGuard.size).toBe(3);
  });

  it("drops expired entries as it goes, so a quiet receiver does not keep old digests", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const replayGuard = createReplayGuard({ ttlMs: 1_000, maxEntries: 100 });
    for (let i = 0; i < 50; i++) await replayGuard.firstTime(`old-${i}`);
    vi.advanceTimersByTime(1_000);
    await replayGuard.firstTime("new");
    expect([replayGuard.size, replayGuard.evicted]).toEqual([1, 0]);
  });

  it("shares what it has seen through a store: a replay to another instance is refused", async () => {
    // A store as a Redis client would back it: SET NX PX and DEL, asynchronous, shared.
    const shared = new Map<string, number>();
    const store: ReplayStore = {
      add: async (key, ttlMs) => {
        const expiry = shared.get(key);
        if (expiry !== undefined && expiry > Date.now()) return false;
        shared.set(key, Date.now() + ttlMs);
        return true;
      },
      delete: async (key) => void shared.delete(key),
    };
    const [one, two] = [createReplayGuard({ store }), createReplayGuard({ store })];
    await parsePartooEvent(requestOf(), { publicKey: signed.publicKey, replayGuard: one });
    await expect(parsePartooEvent(requestOf(), { publicKey: signed.publicKey, replayGuard: two })).rejects.toThrow(
      PartooReplayError,
    );
    expect([...shared.keys()][0]).toMatch(/^partoo-delivery:[A-Za-z0-9_-]{43}$/);
  });

  it("refuses bad options in one TypeError line naming the option", () => {
    expect(() => createReplayGuard({ ttlMs: 0 })).toThrow(new TypeError("ttlMs must be a positive integer, got 0"));
    expect(() => createReplayGuard({ maxEntries: 1.5 })).toThrow("maxEntries must be a positive integer, got 1.5");
    expect(() => createReplayGuard({ ttlMs: Number.NaN })).toThrow("ttlMs must be a positive integer, got NaN");
    expect(() => createReplayGuard({ store: {} as ReplayStore })).toThrow(/^store must have add\(key, ttlMs\)/);
  });
});
