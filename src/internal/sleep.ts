/**
 * Waits `ms`, or rejects with the reason of the first of `signals` to abort (at once when one
 * already has). The one abort-aware wait: the transport's backoff, and the reconcile retries' and
 * pacer's. Listeners and the timer are removed either way, so a long-lived signal collects none.
 */
export function sleep(ms: number, signals: readonly (AbortSignal | null | undefined)[] = []): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s != null);
  const already = live.find((s) => s.aborted);
  if (already) return Promise.reject(already.reason);
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener("abort", onAbort);
    };
    const onAbort = (event: Event) => {
      stop();
      reject((event.target as AbortSignal).reason);
    };
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    for (const s of live) s.addEventListener("abort", onAbort, { once: true });
  });
}
