/**
 * Writes generated/ from the committed spec, or with --check verifies that it is up to date.
 *   npm run generate          write
 *   npm run generate:check    compare in memory, exit 1 naming stale files
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { buildEventsGenerated, buildGenerated, EVENTS_SPEC_PATH, SPEC_PATH } from "./lib/build-generated.js";
import { loadSpec } from "./lib/load-spec.js";

export async function staleGeneratedFiles(expected: Map<string, string>, root = "."): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of expected) {
    const actual = await readFile(`${root}/${path}`, "utf8").catch(() => undefined);
    if (actual !== content) stale.push(actual === undefined ? `${path} (missing)` : path);
  }
  for (const name of await readdir(`${root}/generated`).catch(() => [] as string[])) {
    if (!expected.has(`generated/${name}`)) stale.push(`generated/${name} (not produced by the spec)`);
  }
  return stale;
}

export async function generate({ check = false, root = "." } = {}): Promise<string[]> {
  const spec = await loadSpec(`${root}/${SPEC_PATH}`);
  const events = await loadSpec(`${root}/${EVENTS_SPEC_PATH}`);
  const files = new Map([...(await buildGenerated(spec)), ...(await buildEventsGenerated(events))]);
  if (check) return staleGeneratedFiles(files, root);
  for (const name of await readdir(`${root}/generated`).catch(() => [] as string[])) {
    if (!files.has(`generated/${name}`)) await rm(`${root}/generated/${name}`);
  }
  for (const [path, content] of files) await writeFile(`${root}/${path}`, content);
  return [];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const started = performance.now();
  const stale = await generate({ check: values.check });
  const ms = Math.round(performance.now() - started);
  if (stale.length > 0) {
    console.error(`generated/ is stale against ${SPEC_PATH}; run \`npm run generate\`:\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
  console.log(values.check ? `generated/ is up to date (${ms} ms)` : `generated/ written (${ms} ms)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`generate failed: ${error.message}`);
    process.exit(1);
  });
}
