/**
 * `npm run bench`: every comparison side by side in one run, then reports/bench/results.{md,json}.
 * Not part of `npm test`: it takes a few minutes and its figures depend on the machine.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { BINARIES } from "../scripts/runtimes/install.js";
import { commandTimes, importTimes } from "./cold-start.js";
import { components } from "./components.js";
import { type Comparison, ratio, type Stats } from "./harness.js";
import { PAGINATION, paginationSpeed } from "./pagination.js";
import { loadPeers } from "./peers.js";
import { realisticPage } from "./realistic-page.js";
import { PLAIN_WITH_DEADLINE, requestOverhead } from "./request-overhead.js";
import { bundleSizes } from "./size.js";
import { validationThroughput } from "./validation.js";
import { verificationSpeed } from "./verification.js";

const ENTRIES = {
  "partoo-client": "dist/src/index.js",
  "partoo-client/validation": "dist/src/validation.js",
  "partoo-client/webhooks": "dist/src/webhooks.js",
};
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en") : n.toFixed(1));
const table = (c: Comparison) => [
  `### ${c.name}`,
  "",
  `| contender | median ${c.unit} | min | max | spread |`,
  "|---|---|---|---|---|",
  ...Object.entries(c.results).map(
    ([name, s]) => `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} | ±${Math.round(s.spreadPct / 2)}% |`,
  ),
  "",
];
const statLine = (name: string, s: Stats, unit = "ms") =>
  `| ${name} | ${fmt(s.median)} ${unit} | ${fmt(s.min)}–${fmt(s.max)} |`;

console.error("building dist/ …");
execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
console.error("peers …");
const peers = await loadPeers();
console.error("request overhead …");
const overhead = await requestOverhead(peers);
console.error("a realistic list page …");
const page = await realisticPage();
console.error("per-component cost …");
const parts = await components();
/** The same request comparisons under the other Node versions, when their binaries are cached. */
const otherNodes: { node: string; overhead: Comparison[]; page: Comparison[] }[] = [];
for (const binary of [BINARIES.node22, BINARIES.node24]) {
  if (!existsSync(binary)) {
    console.error(`${binary} absent (npm run test:runtimes installs it): skipped`);
    continue;
  }
  console.error(`request overhead under ${binary} …`);
  const out = execFileSync(binary, ["--import", "tsx", "bench/per-node.ts"], {
    maxBuffer: 1 << 24,
    stdio: ["ignore", "pipe", "inherit"],
  });
  otherNodes.push(JSON.parse(out.toString("utf8")));
}
console.error("validation …");
const validation = await validationThroughput();
console.error("pagination …");
const pagination = await paginationSpeed();
console.error("signature verification …");
const verification = await verificationSpeed();
console.error("sizes and cold start …");
const sizes = await bundleSizes(ENTRIES);
const imports = await importTimes(ENTRIES);
const commands = await commandTimes();

const [stubGet, stubPost, loopGet, loopPost] = overhead as [Comparison, Comparison, Comparison, Comparison];
const [chunkedPage, gzipPage, stubPage] = page as [Comparison, Comparison, Comparison];
/**
 * Our cost per request over bare openapi-fetch, in µs, signed ("+3.1 µs", or "−2.0 µs" when
 * cheaper): bare's time per request scaled by the same paired ratio the tables show, so the two
 * figures never disagree.
 */
const signedMicros = (c: Comparison) => {
  const bareMicros = 1e6 / (c.results["bare openapi-fetch"]?.median ?? 1);
  const micros = Math.round(bareMicros * (1 / ratio(c, "partoo-client", "bare openapi-fetch") - 1) * 10) / 10;
  return `${micros < 0 ? "−" : "+"}${Math.abs(micros).toFixed(1)} µs`;
};
/** One line per Node version: the request ratios, side by side. */
const nodeRow = (node: string, [sg, , lg]: Comparison[], [pc, pg]: Comparison[]) => {
  const [stub, loop] = [sg, lg] as [Comparison, Comparison];
  return `| ${node} | ${ratio(stub, "partoo-client", "bare openapi-fetch").toFixed(2)}× (${signedMicros(stub)}) | ${ratio(loop, "partoo-client", "bare openapi-fetch").toFixed(2)}× | ${ratio(loop, PLAIN_WITH_DEADLINE, "plain fetch").toFixed(2)}× | ${(1 / ratio(pc as Comparison, "partoo-client", "bare openapi-fetch")).toFixed(2)}× | ${(1 / ratio(pg as Comparison, "partoo-client", "bare openapi-fetch")).toFixed(2)}× |`;
};
const [listValidation, createValidation] = validation.comparisons as [Comparison, Comparison];
const goals = [
  {
    goal: "GET throughput ≥ 0.85× bare openapi-fetch (stub fetch)",
    value: ratio(stubGet, "partoo-client", "bare openapi-fetch"),
    target: 0.85,
  },
  {
    goal: "GET throughput ≥ 0.95× bare openapi-fetch (loopback server)",
    value: ratio(loopGet, "partoo-client", "bare openapi-fetch"),
    target: 0.95,
  },
  {
    goal: "100-item page, chunked: time ≤ 1.1× bare openapi-fetch",
    value: 1 / ratio(chunkedPage, "partoo-client", "bare openapi-fetch"),
    target: 1.1,
    lowerIsBetter: true,
  },
  {
    goal: "100-item page, gzip: time ≤ 1.1× bare openapi-fetch",
    value: 1 / ratio(gzipPage, "partoo-client", "bare openapi-fetch"),
    target: 1.1,
    lowerIsBetter: true,
  },
  {
    goal: "100-item page, client-side cost alone (stub, no Content-Length): time ≤ 1.1× bare openapi-fetch",
    value: 1 / ratio(stubPage, "partoo-client", "bare openapi-fetch"),
    target: 1.1,
    lowerIsBetter: true,
  },
  {
    goal: "list-page validation ≥ 10× jsonschema",
    value: ratio(listValidation, "generated standalone (Ajv)", "jsonschema 1.5"),
    target: 10,
  },
  {
    goal: "create-body validation ≥ 10× jsonschema",
    value: ratio(createValidation, "generated standalone (Ajv)", "jsonschema 1.5"),
    target: 10,
  },
  {
    goal: `pagination ≥ 5× faster at concurrency ${PAGINATION.concurrency}`,
    value: ratio(pagination, "sequential", `concurrency ${PAGINATION.concurrency}`),
    target: 5,
  },
  {
    goal: "main entry ≤ 10 kB gzip (validators loaded on first use, counted apart)",
    value: (sizes[0]?.gzipBytes ?? 0) / 1000,
    target: 10,
    lowerIsBetter: true,
  },
];
const met = (g: (typeof goals)[number]) => (g.lowerIsBetter ? g.value <= g.target : g.value >= g.target);

const md = [
  "# Benchmarks",
  "",
  `Node ${process.version} on ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; ${new Date().toISOString()}. Contenders interleaved, warm-up first, medians of all rounds; spread is ±half of (max − min)/median. Ratios are the median of round-by-round ratios (two contenders' samples from the same round).`,
  "",
  "## Goals",
  "",
  "| goal | measured | met |",
  "|---|---|---|",
  ...goals.map(
    (g) =>
      `| ${g.goal} | ${g.goal.includes("kB") ? `${g.value.toFixed(2)} kB` : `${g.value.toFixed(2)}×`} | ${met(g) ? "yes" : "**no**"} |`,
  ),
  "",
  "## Request cost per Node version",
  "",
  "Throughput ratios to bare openapi-fetch for GET; time ratios for the 100-item page (lower is better). The client measured is the build in dist/, as users run it. *A deadline's cost*: plain fetch given a fresh AbortSignal and timer per call, relative to plain fetch, over loopback: what any client with a per-attempt deadline that frees a hung socket pays at the least (Node 20 builds each AbortSignal slowly, and fetch links every signal it is given to its own).",
  "",
  "| Node | GET, stub | GET, loopback | a deadline's cost to plain fetch, loopback | page chunked | page gzip |",
  "|---|---|---|---|---|---|",
  nodeRow(process.version, overhead, page),
  ...otherNodes.map((n) => nodeRow(n.node, n.overhead, n.page)),
  "",
  "## Where the client's own cost goes",
  "",
  `End to end, partoo-client's cost per GET over bare openapi-fetch is ${signedMicros(stubGet)} (stub fetch; it saves openapi-fetch's per-call Request). Each part timed alone, minus what bare openapi-fetch pays for the same job:`,
  "",
  ...table(parts),
  "What the parts do not add up to is promise hops between them (the attempt, the redirect guard and the body read are each async).",
  "",
  "## Request overhead",
  "",
  "The peers are set to retry twice with a 30 s timeout. None of them caps the body size, checks the answer against the spec, redacts secrets from errors, or keeps `x-APIKey` from a cross-origin redirect (fetch's own redirect handling drops only `Authorization`): they do less per request.",
  "",
  `POST: validation costs ${((1 - ratio(stubPost, "partoo-client, validation on", "partoo-client, validation off")) * 100).toFixed(0)}% of stub throughput (${((1 - ratio(loopPost, "partoo-client, validation on", "partoo-client, validation off")) * 100).toFixed(0)}% against loopback).`,
  "",
  ...overhead.flatMap(table),
  ...page.flatMap(table),
  "## Validation",
  "",
  `Ajv compiling the same two schemas at run time: ${validation.ajvCompileMs.toFixed(1)} ms (the generated validators pay this at generation, not at import).`,
  "",
  ...validation.comparisons.flatMap(table),
  "## Pagination",
  "",
  ...table(pagination),
  "## Webhook signature verification",
  "",
  ...table(verification),
  "## Size (bundled, minified, gzip -9)",
  "",
  "Every entry is bundled platform-neutral: none imports `node:*` (the Node adapter is `partoo-client/webhooks/node`).",
  "",
  "| entry | minified | gzip | loaded on first use, gzip |",
  "|---|---|---|---|",
  ...sizes.map(
    (s) =>
      `| ${s.entry} | ${s.minifiedBytes.toLocaleString("en")} B | ${s.gzipBytes.toLocaleString("en")} B | ${s.lazyGzipBytes ? `${s.lazyGzipBytes.toLocaleString("en")} B` : "—"} |`,
  ),
  "",
  "## Cold start",
  "",
  "| what | median | range |",
  "|---|---|---|",
  ...Object.entries(imports).map(([entry, s]) => statLine(`import ${entry}`, s)),
  ...Object.entries(commands).map(([name, s]) => statLine(name, s)),
  "",
];
await mkdir("reports/bench", { recursive: true });
await writeFile("reports/bench/results.md", md.join("\n"));
await writeFile(
  "reports/bench/results.json",
  `${JSON.stringify({ node: process.version, goals: goals.map((g) => ({ ...g, met: met(g) })), overhead, page, parts, otherNodes, validation, pagination, verification, sizes, imports, commands }, null, 2)}\n`,
);
console.log(md.join("\n"));
