import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export interface BundleSize {
  entry: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Each public entry bundled (its dependencies included) and minified, as an app would ship it. */
export async function bundleSizes(entries: Record<string, string>): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const [entry, file] of Object.entries(entries)) {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral", // every public entry but webhooks/node is Web-standard only
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    sizes.push({ entry, minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
  }
  return sizes;
}
