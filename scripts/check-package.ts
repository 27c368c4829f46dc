/**
 * `npm run test:package`: packs the package, installs the tarball in an empty project, typechecks
 * a script that uses it under `strict`, and runs that script against the embedded sandbox; loads
 * every entry through `require()`, and lints the tarball with publint and attw.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startSandbox } from "../src/testing/server.js";
import { DEFAULT_USERS } from "../src/testing/state.js";

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

/**
 * The portable entries' declarations compile for a consumer without @types/node (a Workers or
 * Deno project), under the modern resolution and under `node10`, which finds subpaths only
 * through `typesVersions`. The Node adapter is left out: it is for Node.
 */
function checkPortableDeclarations(app: string): void {
  writeFileSync(
    join(app, "portable.ts"),
    `import { createPartooClient, type Webhook } from "partoo-client";
import { validateResponse, type Finding } from "partoo-client/validation";
import { parsePartooEvent, verifyPartooSignature } from "partoo-client/webhooks";
export const client = createPartooClient({ apiKey: "k", environment: "sandbox" });
export const check: (body: unknown) => Finding[] = (body) =>
  validateResponse({ method: "GET", path: "/webhooks", status: 200, contentType: "application/json", body }).errors;
export const verify: Promise<boolean> = verifyPartooSignature({ body: "{}", signature: "x", environment: "sandbox" });
export const parse = (request: Request) => parsePartooEvent(request, { environment: "sandbox" });
export type W = Webhook;
`,
  );
  for (const resolution of [
    { module: "ESNext", moduleResolution: "Bundler" },
    { module: "CommonJS", moduleResolution: "node10" },
  ]) {
    const config = `tsconfig.${resolution.moduleResolution}.json`;
    writeFileSync(
      join(app, config),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          types: [],
          ...resolution,
        },
        files: ["portable.ts"],
      }),
    );
    run(join(app, "node_modules/.bin/tsc"), ["-p", config], app);
  }
}

/**
 * CommonJS consumers: Node >= 20.19 loads the ESM build through `require()` (the exports' `default`
 * condition), so every entry must be requirable from the tarball, with what its ESM side exports.
 */
function checkRequire(app: string): void {
  writeFileSync(
    join(app, "require-entries.cjs"),
    `const entries = {
  "partoo-client": ["createPartooClient", "PartooNotFoundError", "paginate", "unwrap"],
  "partoo-client/validation": ["validateRequest", "validateResponse"],
  "partoo-client/webhooks": ["parsePartooEvent", "verifyPartooSignature"],
  "partoo-client/webhooks/node": ["parsePartooEventFromNode"],
  "partoo-client/testing": ["startSandbox", "sendTestDelivery"],
};
for (const [entry, names] of Object.entries(entries)) {
  const module = require(entry);
  for (const name of names) if (module[name] === undefined) throw new Error(entry + " through require() has no " + name);
}
console.log("require() OK: " + Object.keys(entries).join(", "));
`,
  );
  const out = run("node", ["require-entries.cjs"], app);
  if (!out.startsWith("require() OK")) throw new Error(`require() from CommonJS failed: ${out.slice(0, 300)}`);
}

/**
 * The tarball as registries and bundlers read it: publint in strict mode (every suggestion an
 * error) and Are the Types Wrong under its esm-only profile (CommonJS resolutions of an ESM-only
 * package are not problems), both run from this repository's pinned devDependencies.
 */
function checkPackageLint(tarball: string): void {
  const bin = (name: string) => join(resolve("."), "node_modules/.bin", name);
  run(bin("publint"), ["--strict", tarball], resolve("."));
  run(bin("attw"), ["--profile", "esm-only", tarball], resolve("."));
}

/**
 * From the tarball, as a user: `npx partoo --help`, and `partoo-client/testing` started from the
 * user's own vitest test (a sandbox, the client against it, a signed delivery verified).
 */
function checkBinAndTesting(app: string): void {
  const help = run("npx", ["--no-install", "partoo", "--help"], app);
  if (!help.startsWith("Usage: partoo <command>")) throw new Error(`npx partoo --help printed: ${help.slice(0, 200)}`);
  const vitestVersion = JSON.parse(run("npm", ["pkg", "get", "devDependencies.vitest"], resolve("."))) as string;
  run("npm", ["install", "--silent", "--no-audit", "--no-fund", `vitest@${vitestVersion}`], app);
  writeFileSync(
    join(app, "integration.test.mjs"),
    `import { createServer } from "node:http";
import { expect, test } from "vitest";
import { createPartooClient, unwrap } from "partoo-client";
import { sendTestDelivery, startSandbox } from "partoo-client/testing";
import { parsePartooEventFromNode } from "partoo-client/webhooks/node";

test("my integration, against the sandbox", async () => {
  const sandbox = await startSandbox({ apiKeys: ["test-key"] });
  try {
    const partoo = createPartooClient({ apiKey: "test-key", baseUrl: sandbox.url });
    const created = unwrap(await partoo.POST("/webhooks", { body: { items: [{ url: "https://my.app/hook", event_type: "lead_received" }] } }));
    expect(created.items?.[0]?.id).toBe(1);
  } finally {
    await sandbox.close();
  }
});

test("my receiver verifies a signed delivery", async () => {
  let event;
  let publicKey = "";
  const server = createServer(async (req, res) => {
    event = await parsePartooEventFromNode(req, { publicKey });
    res.writeHead(200).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = "http://127.0.0.1:" + server.address().port + "/hook";
  const { generateKeyPairSync } = await import("node:crypto");
  const privateKey = generateKeyPairSync("ed25519").privateKey;
  publicKey = (await sendTestDelivery("lead_received", "http://127.0.0.1:9/", { privateKey, timeoutMs: 300 })).publicKey;
  const { status } = await sendTestDelivery("lead_received", url, { privateKey });
  server.close();
  expect(status).toBe(200);
  expect(event.type).toBe("lead_received");
});
`,
  );
  const out = run(join(app, "node_modules/.bin/vitest"), ["run", "integration.test.mjs"], app);
  if (!/2 passed/.test(out)) throw new Error(`the user's vitest test did not pass: ${out.slice(-400)}`);
}

/** A command run asynchronously (a server may answer from this process): its exit code and output. */
function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(cmd, args, { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 99) : 0, stdout, stderr }),
    );
  });
}

/**
 * `npx partoo contracts` from the tarball, as an integrator's CI runs it: the embedded sandbox by
 * default with reports under ./reports/contracts, `--help`, `--json`, and the three verdicts with
 * their exit codes (a conforming target, a deviating one, an unreachable one).
 */
async function checkContracts(app: string): Promise<string> {
  const env = {
    ...process.env,
    PARTOO_ENV: "",
    PARTOO_BASE_URL: "",
    PARTOO_API_KEY: "",
    PARTOO_CONTRACT_REPORT_DIR: "",
  };
  const partoo = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runAsync("npx", ["--no-install", "partoo", "contracts", ...args], app, { ...env, ...extra });
  const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";
  const expectRun = (
    what: string,
    got: { code: number; stdout: string; stderr: string },
    code: number,
    last: RegExp,
  ) => {
    if (got.code !== code || !last.test(lastLine(got.stdout)))
      throw new Error(
        `partoo contracts ${what}: exit ${got.code}, last line ${JSON.stringify(lastLine(got.stdout))}; stderr ${got.stderr.slice(0, 300)}`,
      );
  };
  const help = await partoo(["--help"]);
  if (help.code !== 0 || !help.stdout.startsWith("Usage: partoo contracts"))
    throw new Error(`partoo contracts --help printed: ${help.stdout.slice(0, 200)}`);
  const embedded = await partoo([]);
  expectRun("(embedded sandbox)", embedded, 0, /^verdict: conforms \(exit 0\)$/);
  for (const file of ["junit.xml", "summary.md", "results.json", "report.html"]) {
    if (!existsSync(join(app, "reports/contracts", file)))
      throw new Error(`partoo contracts wrote no reports/contracts/${file}`);
  }
  const json = await partoo(["--json"]);
  const verdict = (JSON.parse(json.stdout) as { verdict?: { kind?: string } }).verdict?.kind;
  if (json.code !== 0 || verdict !== "conforms")
    throw new Error(`partoo contracts --json: exit ${json.code}, verdict ${verdict}`);
  const wrong = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"items":[{"id":"7"}]}'),
  );
  await new Promise<void>((listening) => wrong.listen(0, "127.0.0.1", listening));
  const wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}/v2`;
  const deviating = await partoo([], { PARTOO_BASE_URL: wrongUrl, PARTOO_API_KEY: "packed-check-key" }).finally(() =>
    wrong.close(),
  );
  expectRun("(a deviating target)", deviating, 1, /^verdict: deviations found \(exit 1\)$/);
  // A port that was just free: nothing listens there.
  const closed = createServer();
  await new Promise<void>((listening) => closed.listen(0, "127.0.0.1", listening));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((gone) => closed.close(gone));
  const unreachable = await partoo([], {
    PARTOO_BASE_URL: `http://127.0.0.1:${closedPort}/v2`,
    PARTOO_API_KEY: "packed-check-key",
  });
  expectRun("(an unreachable target)", unreachable, 2, /^verdict: aborted: .*ECONNREFUSED \(exit 2\)$/);
  return [embedded, deviating, unreachable]
    .map((r) => lastLine(r.stdout))
    .filter(Boolean)
    .join(" / ");
}

const work = mkdtempSync(join(tmpdir(), "partoo-client-pack-"));
const sandbox = await startSandbox();
try {
  run("npm", ["pack", "--silent", "--pack-destination", work], resolve("."));
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  const app = join(work, "app");
  run("mkdir", ["-p", app], work);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  const tsVersion = JSON.parse(run("npm", ["pkg", "get", "devDependencies.typescript"], resolve("."))) as string;
  run(
    "npm",
    [
      "install",
      "--silent",
      "--no-audit",
      "--no-fund",
      join(work, tarball),
      `typescript@${tsVersion}`,
      "@types/node@20",
    ],
    app,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        outDir: "out",
        types: ["node"],
      },
    }),
  );
  writeFileSync(
    join(app, "main.ts"),
    `import { createPartooClient, paginate, unwrap, type Webhook } from "partoo-client";
import { validateResponse } from "partoo-client/validation";
import { verifyPartooSignature } from "partoo-client/webhooks";
const partoo = createPartooClient({ apiKey: process.env.KEY!, baseUrl: process.env.BASE_URL! });
const created = unwrap(await partoo.POST("/webhooks", { body: { items: [{ url: "https://example.com/packed", event_type: "lead_received" }] } }));
const id: number = created.items?.[0]?.id ?? 0;
const { data, response } = await partoo.GET("/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } });
const check = validateResponse({ method: "GET", path: "/webhooks/{webhook_id}", status: response.status, contentType: response.headers.get("content-type"), body: data });
const all: Webhook[] = [];
for await (const w of paginate(partoo, "/webhooks")) all.push(w);
const unsigned = await verifyPartooSignature({ body: "{}", signature: "nope", environment: "sandbox" });
console.log(JSON.stringify({ id, valid: check.valid, listed: all.length, unsigned }));
`,
  );
  run(join(app, "node_modules/.bin/tsc"), ["-p", "."], app);
  checkPortableDeclarations(app);
  checkRequire(app);
  checkPackageLint(join(work, tarball));
  checkBinAndTesting(app);
  const verdicts = await checkContracts(app);
  const key = DEFAULT_USERS[0]?.apiKey ?? "";
  // Asynchronously: the sandbox answers from this very process.
  const { stdout } = await promisify(execFile)("node", ["out/main.js"], {
    cwd: app,
    env: { ...process.env, KEY: key, BASE_URL: sandbox.url },
  });
  const out = stdout.trim();
  const result = JSON.parse(out) as { id: number; valid: boolean; listed: number; unsigned: boolean };
  if (!(result.id > 0 && result.valid && result.listed === 1 && result.unsigned === false))
    throw new Error(`unexpected result from the packed package: ${out}`);
  console.log(
    `packed package OK: ${tarball}, typed script ran against the sandbox: ${out}; every entry loads through require(); publint --strict and attw (esm-only) clean; npx partoo --help and a user's vitest test with partoo-client/testing passed; npx partoo contracts: ${verdicts}`,
  );
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}
