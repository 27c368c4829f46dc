/**
 * `npm run bench`: every comparison side by side in one run, then reports/bench/results.{md,json}.
 * Not part of `npm test`: it takes a few minutes and its figures depend on the machine.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { commandTimes, importTimes } from "./cold-start.js";
import { type Comparison, ratio, type Stats } from "./harness.js";
import { PAGINATION, paginationSpeed } from "./pagination.js";
import { requestOverhead } from "./request-overhead.js";
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
console.error("request overhead …");
const overhead = await requestOverhead();
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
const [listValidation, createValidation] = validation.comparisons as [Comparison, Comparison];
const goals = [
  {
    goal: "GET throughput ≥ 0.9× bare openapi-fetch (stub fetch)",
    value: ratio(stubGet, "partoo-client", "bare openapi-fetch"),
    target: 0.9,
  },
  {
    goal: "GET throughput ≥ 0.9× bare openapi-fetch (loopback server)",
    value: ratio(loopGet, "partoo-client", "bare openapi-fetch"),
    target: 0.9,
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
    goal: "main entry < 10 kB gzip (request validators included)",
    value: (sizes[0]?.gzipBytes ?? 0) / 1000,
    target: 10,
    lowerIsBetter: true,
  },
];
const met = (g: (typeof goals)[number]) => (g.lowerIsBetter ? g.value < g.target : g.value >= g.target);

const md = [
  "# Benchmarks",
  "",
  `Node ${process.version} on ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}; ${new Date().toISOString()}. Contenders interleaved, warm-up first, medians of all rounds; spread is ±half of (max − min)/median.`,
  "",
  "## Goals",
  "",
  "| goal | measured | met |",
  "|---|---|---|",
  ...goals.map(
    (g) =>
      `| ${g.goal} | ${g.lowerIsBetter ? `${g.value.toFixed(2)} kB` : `${g.value.toFixed(2)}×`} | ${met(g) ? "yes" : "**no**"} |`,
  ),
  "",
  "## Request overhead",
  "",
  `POST: validation costs ${((1 - ratio(stubPost, "partoo-client, validation on", "partoo-client, validation off")) * 100).toFixed(0)}% of stub throughput (${((1 - ratio(loopPost, "partoo-client, validation on", "partoo-client, validation off")) * 100).toFixed(0)}% against loopback).`,
  "",
  ...overhead.flatMap(table),
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
  "| entry | minified | gzip |",
  "|---|---|---|",
  ...sizes.map(
    (s) => `| ${s.entry} | ${s.minifiedBytes.toLocaleString("en")} B | ${s.gzipBytes.toLocaleString("en")} B |`,
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
  `${JSON.stringify({ node: process.version, goals: goals.map((g) => ({ ...g, met: met(g) })), overhead, validation, pagination, verification, sizes, imports, commands }, null, 2)}\n`,
);
console.log(md.join("\n"));
