import { afterAll, beforeAll } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";

export const ORG1_KEY = DEFAULT_USERS[0]?.apiKey ?? "";
export const ORG2_KEY = DEFAULT_USERS[1]?.apiKey ?? "";
export const PROVIDER_KEY = DEFAULT_USERS[2]?.apiKey ?? "";

/** A sandbox started before the file's tests and closed after them. Read `.current` inside tests. */
export function useSandbox(options: SandboxOptions = {}): { current: Sandbox } {
  const holder = {} as { current: Sandbox };
  beforeAll(async () => {
    holder.current = await startSandbox(options);
  });
  afterAll(async () => holder.current?.close());
  return holder;
}

/** A fresh HTTPS-looking URL per call, so creates never collide on "one URL per event type". */
let hookCounter = 0;
export const hookUrl = () => `https://hooks.example.com/partoo/${++hookCounter}`;

/** Timers armed in this process now: a leak shows as a count that grows across a test. */
export const armedTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/**
 * A random tail, different on every call: for inputs of code that caches by value (secret
 * patterns, imported keys), so a cache filled by an earlier run cannot hide a change in the code.
 */
export const freshTail = () => `-${Math.random().toString(36).slice(2, 10)}`;

/**
 * A fetch answering from `script` in turn, then with `fallback`, telling `onCall` what each call
 * sent: for transport and redirect parts tested without a network.
 */
export function scriptedFetch(
  script: (() => Response)[],
  fallback: () => Response,
  onCall?: (sent: { url: string; init: RequestInit; call: number }) => void,
) {
  let calls = 0;
  const fetchFn = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls++;
    onCall?.({ url: String(url), init, call: calls });
    return (script.shift() ?? fallback)();
  }) as unknown as typeof fetch;
  return { fetchFn, calls: () => calls };
}
