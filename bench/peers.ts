/**
 * The clients users compare us with, pinned to versions that run on Node 20 and installed for the
 * bench only (into .cache/bench-peers, git-ignored), never into the package's dependencies.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ensurePinned } from "../scripts/lib/pinned-install.js";

const PEER_CACHE = resolve(".cache/bench-peers");
/** ky 2 and openai 7 need Node 22: these are the last lines that run on Node 20. */
export const PEER_PINS = { ky: "1.14.3", openai: "6.49.0", ofetch: "1.5.1" } as const;

// Typed loosely on purpose: the peers are not installed where tsc looks, and the bench uses a
// handful of calls whose shapes are below.
type Json = Promise<unknown>;
export interface Peers {
  ky: {
    create(o: object): { get(path: string, o?: object): { json(): Json } };
  };
  OpenAI: new (o: object) => { get(path: string, o?: object): Json };
  createFetch(o: { fetch: typeof fetch }): {
    create(o: object): (path: string, o?: object) => Json;
  };
}

/** Installs the pinned peers on first use and imports them from the cache. */
export async function loadPeers(): Promise<Peers> {
  const names = Object.keys(PEER_PINS);
  ensurePinned(
    PEER_CACHE,
    PEER_PINS,
    names.map((name) => join(PEER_CACHE, "node_modules", name, "package.json")),
  );
  // A module inside the cache, so each import resolves from the cache's node_modules.
  const entry = join(PEER_CACHE, "peers.mjs");
  writeFileSync(
    entry,
    'export { default as ky } from "ky";\nexport { default as OpenAI } from "openai";\nexport { createFetch } from "ofetch";\n',
  );
  return (await import(pathToFileURL(entry).href)) as Peers;
}
