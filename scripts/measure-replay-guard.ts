/**
 * The replay guard's memory at its cap: heap used before and after filling the in-memory store
 * to `maxEntries` distinct deliveries (and past it, to show it stays there), after a full GC.
 * Run: node --expose-gc --import tsx scripts/measure-replay-guard.ts
 */
import { createReplayGuard } from "../src/webhooks.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc --import tsx scripts/measure-replay-guard.ts");

const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

for (const maxEntries of [1_000, 10_000, 100_000]) {
  const before = heapUsed();
  const guard = createReplayGuard({ maxEntries });
  // Bodies of a realistic size (~300 bytes, a lead_received envelope); the guard keeps a digest only.
  const body = (i: number) =>
    JSON.stringify({ type: "lead_received", payload: { id: `lead-${i}`, pad: "x".repeat(260) } });
  for (let i = 0; i < maxEntries; i++) await guard.firstTime(body(i));
  const atCap = heapUsed() - before;
  for (let i = maxEntries; i < 2 * maxEntries; i++) await guard.firstTime(body(i));
  const pastCap = heapUsed() - before;
  console.log(
    `maxEntries ${maxEntries}: ${guard.size} entries, ${guard.evicted} evicted; heap +${(atCap / 1024).toFixed(0)} KiB at the cap (${(atCap / maxEntries).toFixed(0)} B/entry), +${(pastCap / 1024).toFixed(0)} KiB after ${maxEntries} more`,
  );
  void guard.size; // kept alive until measured
}
