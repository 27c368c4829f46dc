import {
  PartooAbortError,
  PartooApiError,
  PartooConnectionError,
  PartooRateLimitError,
  PartooResponseError,
  PartooServerError,
  PartooSpecViolationError,
} from "../errors.js";
import { sleep } from "../internal/sleep.js";

/**
 * A create that failed this way may still have landed: no answer (a reset, a timeout), a 5xx
 * (the server may have acted before failing), or a 2xx whose body was unusable. Only a list can
 * tell. A caller's abort is not: they asked to stop.
 */
export function mayHaveLanded(error: unknown): boolean {
  if (error instanceof PartooAbortError) return false;
  return (
    error instanceof PartooConnectionError ||
    error instanceof PartooServerError ||
    error instanceof PartooSpecViolationError ||
    (error instanceof PartooResponseError && error.status >= 200 && error.status < 300) ||
    (error instanceof PartooResponseError && error.status >= 500)
  );
}

/** Worth trying again later, once the client's own retries are spent: a 429, a 5xx, no answer. */
export function isTransient(error: unknown): boolean {
  return error instanceof PartooRateLimitError || mayHaveLanded(error);
}

/** The wait before the next try: what the server asked for (`Retry-After`), else a doubling backoff. */
export function waitFor(error: unknown, attempt: number, baseMs: number): number {
  const asked = error instanceof PartooApiError ? error.retryAfterMs : undefined;
  return asked ?? Math.random() * baseMs * 2 ** (attempt - 1);
}

/**
 * `run` again after a transient failure, up to `attempts` in all, waiting `Retry-After` or a
 * backoff in between: for whole multi-request steps (every page of a list) whose single requests
 * the client already retried.
 */
export async function withRetries<T>(
  run: () => Promise<T>,
  { attempts, baseDelayMs, signal }: { attempts: number; baseDelayMs: number; signal?: AbortSignal | undefined },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await sleep(waitFor(error, attempt, baseDelayMs), [signal]);
    }
  }
}
