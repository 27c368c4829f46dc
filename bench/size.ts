import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

export interface BundleSize {
  entry: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Loaded on first use (dynamic imports: the validators), each bundled alone, gzip bytes; not in the above. */
  lazyGzipBytes: number;
}

/** Leaves every dynamic import out of the bundle, and notes what it names. */
function lazyImportsLeftOut(found: Set<string>): Plugin {
  return {
    name: "lazy-imports-left-out",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== "dynamic-import") return undefined;
        const target = `${args.resolveDir}/${args.path}`;
        // From sources (a test bundles src/ without building): `./x.js` names `./x.ts`.
        found.add(existsSync(target) ? target : target.replace(/\.js$/, ".ts"));
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundle(file: string, plugins: Plugin[] = []): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral", // every public entry but webhooks/node is Web-standard only
    write: false,
    logLevel: "silent",
    plugins,
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}

const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

/**
 * Each public entry bundled (its dependencies included) and minified, as an app would ship it.
 * What it loads only on first use (the request-body and response validators, behind dynamic
 * imports that app bundlers split into chunks of their own) is counted apart.
 */
export async function bundleSizes(entries: Record<string, string>): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const [entry, file] of Object.entries(entries)) {
    const lazy = new Set<string>();
    const code = await bundle(file, [lazyImportsLeftOut(lazy)]);
    let lazyGzipBytes = 0;
    for (const target of lazy) lazyGzipBytes += gzip(await bundle(target));
    sizes.push({ entry, minifiedBytes: code.length, gzipBytes: gzip(code), lazyGzipBytes });
  }
  return sizes;
}
