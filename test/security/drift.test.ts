import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runDrift } from "../../scripts/drift.js";
import { fingerprint, removeCopies, repoCopy } from "../drift/drift-cli.js";
import { type Hostile, startHostile } from "./hostile.js";

const exec = promisify(execFile);
// biome-ignore lint/suspicious/noExplicitAny: fixtures reach anywhere into an OpenAPI document
type Doc = any;
const committed: Doc = parse(readFileSync("openapi/openapi-bundled.yaml", "utf8"));
const CANARY = `canary-${Math.random().toString(36).slice(2)}`;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "partoo-drift-sec-"));
  dirs.push(dir);
  return dir;
};

let recorder: Hostile;
let canaryFile: string;
beforeAll(async () => {
  recorder = await startHostile((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end(CANARY));
  canaryFile = join(temp(), "secret.txt");
  writeFileSync(canaryFile, CANARY);
});
afterAll(async () => {
  await recorder.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  removeCopies();
});

async function drift(args: string[], cwd = process.cwd()) {
  // tsx by absolute path: `cwd` may be a folder with no node_modules of its own.
  const tsx = pathToFileURL(join(process.cwd(), "node_modules/tsx/dist/loader.mjs")).href;
  return exec(process.execPath, ["--import", tsx, join(process.cwd(), "scripts/drift.ts"), ...args], {
    cwd,
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A copy of the repository (all but node_modules and .git) that `--write` may be pointed at. */
function specWith(change: (doc: Doc) => void): string {
  const doc = structuredClone(committed);
  change(doc);
  const path = join(temp(), "other.yaml");
  writeFileSync(path, stringify(doc));
  return path;
}

describe("drift never follows a $ref out of the document", () => {
  const refs = () => [
    ["a local file", canaryFile],
    ["a relative file", "../.git/config"],
    ["a file: URL", `file://${canaryFile}`],
    ["an http URL", `${recorder.origin}/spec.yaml`],
    ["0.0.0.0", `http://0.0.0.0:${new URL(recorder.origin).port}/x.yaml`],
    ["an IPv4-mapped IPv6 address", `http://[::ffff:127.0.0.1]:${new URL(recorder.origin).port}/x.yaml`],
  ];
  it("exits 3 naming the ref, reads and fetches nothing, and --write writes nothing", async () => {
    recorder.seen.length = 0;
    await Promise.all(
      refs().map(async ([name, ref]) => {
        const root = temp();
        cpSync("openapi", join(root, "openapi"), { recursive: true });
        cpSync("generated", join(root, "generated"), { recursive: true });
        const before = fingerprint(root);
        const other = specWith((d) => {
          d.components.schemas.WebhookItem.properties.url.description = { $ref: ref };
        });
        const { code, stderr } = await drift(["--against", other, "--write", "--report-dir", join(root, "r")], root);
        expect(code, name).toBe(3);
        expect(stderr.trim().split("\n"), name).toHaveLength(1);
        expect(stderr, name).toContain(`has a $ref to ${JSON.stringify(ref)}`);
        expect(fingerprint(root), name).toEqual(before);
        const everything = readdirSync(root, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
          .join("\n");
        expect(everything, name).not.toContain(CANARY);
      }),
    );
    expect(recorder.seen).toHaveLength(0);
  });
});

describe("drift bounds what it loads", () => {
  it("refuses YAML aliases quickly (99 aliases of one anchor expanded to 2.2 GB)", async () => {
    const path = join(temp(), "bomb.yaml");
    const anchor = `&big [${Array.from({ length: 2000 }, () => '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"').join(",")}]`;
    const aliases = Array.from({ length: 99 }, (_, i) => `  a${i}: *big`).join("\n");
    writeFileSync(
      path,
      `openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\nx-big: ${anchor}\nx-aliases:\n${aliases}\n`,
    );
    const started = performance.now();
    const { code, stderr } = await drift(["--against", path, "--report-dir", temp()]);
    expect(code).toBe(3);
    expect(stderr).toContain("uses YAML aliases");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("refuses a file over the size limit before parsing it", async () => {
    const path = join(temp(), "huge.yaml");
    writeFileSync(path, `openapi: 3.1.0\nx: "${"a".repeat(11 * 1024 * 1024)}"\n`);
    const { code, stderr } = await drift(["--against", path, "--report-dir", temp()]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/over the 10485760-byte limit/);
  });

  it("stops reading an endless spec URL at the limit", async () => {
    const { endless } = await import("./hostile.js");
    const server = await startHostile((_req, res, { bytesWritten }) => {
      res.writeHead(200, { "content-type": "application/yaml" });
      endless(res, Buffer.alloc(64 * 1024, "a"), bytesWritten);
    });
    try {
      const { code, stderr } = await drift(["--against", `${server.origin}/spec.yaml`, "--report-dir", temp()]);
      expect(code).toBe(3);
      expect(stderr).toContain("body exceeds 10485760 bytes");
      expect(server.bytesWritten.count).toBeLessThan(40 * 1024 * 1024);
    } finally {
      await server.close();
    }
  });

  it("refuses invalid UTF-8 instead of reading it as U+FFFD", async () => {
    const path = join(temp(), "latin1.yaml");
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('openapi: 3.1.0\ninfo: {title: "caf'),
        Buffer.from([0xe9]),
        Buffer.from('", version: "1"}\npaths: {}\n'),
      ]),
    );
    const { code, stderr } = await drift(["--against", path, "--report-dir", temp()]);
    expect(code).toBe(3);
    expect(stderr).toContain("is not valid UTF-8");
  });
});

describe("drift --write is all or nothing", () => {
  // Under mutation testing src/ is instrumented (types inferred from it change, and it is marked
  // @ts-nocheck): a staged typecheck means nothing there. drift lives in scripts/, not mutated.
  it.skipIf(process.env.PARTOO_MUTATION_RUN === "1")(
    "a spec whose regenerated code fails the typecheck changes nothing",
    async () => {
      const root = repoCopy();
      const before = fingerprint(root);
      // A new event type generates fine, but the sandbox's exhaustive switch over event types no
      // longer compiles: the build breaks (what `--write` used to leave behind, half done).
      const other = specWith((d) => {
        d.components.schemas.event_type.enum.push("review_created");
      });
      const error = await runDrift({ against: other, write: true, root }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/fails the typecheck \(\d+ errors; first: .*error TS\d+/);
      expect((error as Error).message).toContain("nothing was changed");
      expect(fingerprint(root)).toEqual(before);
      expect(readdirSync(root).filter((n) => n.startsWith(".drift-stage-"))).toEqual([]);
    },
    60_000,
  );

  it("a spec that cannot be generated from changes nothing", async () => {
    const root = temp();
    cpSync("openapi", join(root, "openapi"), { recursive: true });
    cpSync("generated", join(root, "generated"), { recursive: true });
    const before = fingerprint(root);
    const other = specWith((d) => {
      d.components.schemas["Not-An-Identifier"] = { type: "object" };
      d.components.schemas.WebhookItem.properties.extra = { $ref: "#/components/schemas/Not-An-Identifier" };
    });
    const error = await runDrift({ against: other, write: true, root, reportDir: temp() }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/generation from the new spec failed .*nothing was changed/);
    expect(fingerprint(root)).toEqual(before);
  });

  it.skipIf(process.env.PARTOO_MUTATION_RUN === "1")(
    "a good spec is written exactly as published for our operations (allOf stays allOf), and the build stays green",
    async () => {
      const root = repoCopy();
      const published = structuredClone(committed);
      published.components.schemas.CustomHeaders.maxProperties = 3;
      const other = join(temp(), "published.yaml");
      writeFileSync(other, stringify(published));
      const { result } = await runDrift({ against: other, write: true, root, reportDir: temp() });
      expect(result.exitCode).toBeGreaterThan(0);
      const written = parse(readFileSync(join(root, "openapi/openapi-bundled.yaml"), "utf8"));
      expect(written.components.schemas).toEqual(published.components.schemas);
      expect(written.paths).toEqual(published.paths);
    },
    60_000,
  );
});
