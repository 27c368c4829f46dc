/**
 * The package as users run it: the modules tsc built into dist/, which `npm run bench` builds
 * first. Not src/ through tsx: its transform keeps function names (esbuild `keepNames`) by
 * wrapping every function in `__name(…)`, closures made per request included, a cost no user of
 * the package pays (measured at 0.7–5 µs a GET, Node 20 to 24, against a 12–35 µs request).
 */
import { existsSync } from "node:fs";

const DIST = new URL("../dist/", import.meta.url);

/**
 * One built module, typed as its source. `path` is relative to the repository, `.js` as built.
 *
 * @example
 * const { createPartooClient } = await built<typeof import("../src/index.js")>("src/index.js");
 */
export async function built<Module>(path: string): Promise<Module> {
  const url = new URL(path, DIST);
  if (!existsSync(url)) {
    throw new Error(`bench: dist/${path} is missing; run \`npm run build\` first (\`npm run bench\` does)`);
  }
  return (await import(url.href)) as Module;
}
