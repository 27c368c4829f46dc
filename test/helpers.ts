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
