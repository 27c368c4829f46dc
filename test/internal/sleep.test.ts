import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { sleep } from "../../src/internal/sleep.js";

describe("sleep: the one abort-aware wait", () => {
  it("waits the time given", async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("rejects with the reason of the signal that aborts, at once", async () => {
    const a = new AbortController();
    const b = new AbortController();
    const started = performance.now();
    const waiting = sleep(10_000, [a.signal, undefined, b.signal]);
    setTimeout(() => b.abort(new Error("b stopped")), 10);
    await expect(waiting).rejects.toThrow("b stopped");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("rejects without waiting when a signal has already aborted", async () => {
    await expect(sleep(10_000, [AbortSignal.abort(new Error("before"))])).rejects.toThrow("before");
  });

  it("leaves no listener on a long-lived signal, whichever way it ends", async () => {
    const longLived = new AbortController().signal;
    for (let i = 0; i < 20; i++) await sleep(1, [longLived]);
    const other = new AbortController();
    const cut = sleep(10_000, [longLived, other.signal]);
    other.abort(new Error("cut"));
    await expect(cut).rejects.toThrow("cut");
    expect(getEventListeners(longLived, "abort")).toHaveLength(0);
  });
});
