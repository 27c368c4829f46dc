/**
 * The pinned-deb installer against a Debian-shaped mirror on loopback: two real .debs built here
 * (a binary and the shared library it links against, compiled with the machine's gcc), a pool and
 * a Packages.xz index. Installs, is instant the second time, reinstalls when a pin changes, and
 * refuses a wrong hash, a pin gone from the pool and a library left out of the pins, each with its
 * one-line message and the previous install left as it was.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DebInstall, type DebPin, debianName, ensureDebs } from "../../scripts/lib/pinned-deb.js";

let root: string;
let server: Server;
let requests: string[] = [];
let tool: DebPin;
let lib: DebPin;

/** Builds one .deb holding `files` (path in the package → path on disk) under the mirror's pool. */
function buildDeb(name: string, version: string, files: Record<string, string>): DebPin {
  const tree = join(root, "build", name);
  mkdirSync(join(tree, "DEBIAN"), { recursive: true });
  writeFileSync(
    join(tree, "DEBIAN/control"),
    `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: test <test@example.invalid>\nDescription: test package\n`,
  );
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(tree, to)), { recursive: true });
    writeFileSync(join(tree, to), readFileSync(from), { mode: 0o755 });
  }
  const path = `debian/pool/main/${name[0]}/${name}/${name}_${version}_amd64.deb`;
  mkdirSync(dirname(join(root, "mirror", path)), { recursive: true });
  execFileSync("dpkg-deb", ["--root-owner-group", "-Zgzip", "-b", tree, join(root, "mirror", path)], {
    stdio: "ignore",
  });
  const bytes = readFileSync(join(root, "mirror", path));
  return { package: name, version, path, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

const install = (dir: string, pins: readonly DebPin[]): DebInstall => ({
  dir,
  pins,
  binary: "usr/bin/partoo-demo",
  suites: { debian: "bookworm" },
  mirror: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  refresh: (added = []) => `refresh the pins${added.map((name) => ` +${name}`).join("")}`,
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "partoo-debs-"));
  const c = join(root, "src");
  mkdirSync(c);
  writeFileSync(join(c, "lib.c"), "int partoo_demo(void) { return 42; }\n");
  writeFileSync(
    join(c, "main.c"),
    '#include <stdio.h>\nint partoo_demo(void);\nint main(void) { printf("demo %d\\n", partoo_demo()); return 0; }\n',
  );
  const gcc = (...args: string[]) => execFileSync("gcc", args, { cwd: c });
  gcc("-shared", "-fPIC", "-Wl,-soname,libpartoodemo.so.1", "-o", "libpartoodemo.so.1", "lib.c");
  gcc("-o", "partoo-demo", "main.c", "-L.", "-l:libpartoodemo.so.1");
  tool = buildDeb("partoo-demo", "1.0-1", { "usr/bin/partoo-demo": join(c, "partoo-demo") });
  lib = buildDeb("libpartoodemo1", "1.0-1", {
    "usr/lib/x86_64-linux-gnu/libpartoodemo.so.1": join(c, "libpartoodemo.so.1"),
  });
  // The index says what the suite offers now: a newer partoo-demo than any pin below asks for.
  const index = join(root, "mirror/debian/dists/bookworm/main/binary-amd64/Packages");
  mkdirSync(dirname(index), { recursive: true });
  writeFileSync(index, "Package: libpartoodemo1\nVersion: 1.0-1\n\nPackage: partoo-demo\nVersion: 1.1-1\n\n");
  execFileSync("xz", ["-k", index]);
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url?.includes("/stalled/")) return void res.writeHead(200).write("!"); // then nothing, never ended
    const file = join(root, "mirror", decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
}, 60_000);

afterAll(() => {
  server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("ensureDebs", () => {
  it("downloads, verifies and unpacks the pins, and the binary runs with the unpacked libraries", async () => {
    const dir = join(root, "cache/ok");
    const got = await ensureDebs(install(dir, [tool, lib]));
    expect(got.binary).toBe(join(dir, "usr/bin/partoo-demo"));
    expect(got.libraryPath).toEqual([join(dir, "usr/lib/x86_64-linux-gnu")]);
    const env = { ...process.env, LD_LIBRARY_PATH: got.libraryPath.join(":") };
    expect(execFileSync(got.binary, { env, encoding: "utf8" })).toBe("demo 42\n");
    expect(JSON.parse(readFileSync(join(dir, "installed.json"), "utf8")).pins).toEqual([tool, lib]);
    expect(existsSync(`${dir}.debs`)).toBe(false); // downloads go once the install is in place

    requests = [];
    expect(await ensureDebs(install(dir, [tool, lib]))).toEqual({ binary: got.binary, libraryPath: got.libraryPath });
    expect(requests).toEqual([]); // the marker matches: nothing fetched

    await ensureDebs(install(dir, [tool, { ...lib, version: "1.0-1+relabelled" }]));
    expect(requests).toHaveLength(2); // a changed pin reinstalls
  });

  it("refuses a .deb whose SHA-256 is not its pin's, keeping the previous install", async () => {
    const dir = join(root, "cache/hash");
    await ensureDebs(install(dir, [tool, lib]));
    const wrong = { ...lib, sha256: "0".repeat(64) };
    await expect(ensureDebs(install(dir, [tool, wrong]))).rejects.toThrow(
      new RegExp(`/${lib.path} has SHA-256 ${lib.sha256}, its pin says 0{64}: refused .*, refresh the pins$`),
    );
    expect(JSON.parse(readFileSync(join(dir, "installed.json"), "utf8")).pins).toEqual([tool, lib]);
    await expect(ensureDebs(install(dir, [tool, { ...lib, size: lib.size - 1 }]))).rejects.toThrow(
      `has over ${lib.size} bytes, its pin says ${lib.size - 1} bytes`,
    );
  });

  it("says which version the suite now offers when a pin is gone from the pool", async () => {
    const gone = { ...tool, version: "0.9-1", path: tool.path.replaceAll("1.0-1", "0.9-1") };
    await expect(ensureDebs(install(join(root, "cache/gone"), [gone, lib]))).rejects.toThrow(
      /^partoo-demo 0\.9-1 is no longer on the mirror \(404 for http:\/\/127\.0\.0\.1:\d+\/debian\/pool\/main\/p\/partoo-demo\/partoo-demo_0\.9-1_amd64\.deb\); bookworm now offers 1\.1-1: refresh the pins$/,
    );
  });

  it("names the missing shared library and its likely package when a pin is left out", async () => {
    const dir = join(root, "cache/missing");
    await expect(ensureDebs(install(dir, [tool]))).rejects.toThrow(
      "partoo-demo cannot start: libpartoodemo.so.1 not found on this system nor in the pins; pin the package that ships it (probably libpartoodemo1; apt-file search libpartoodemo.so.1 tells): refresh the pins +libpartoodemo1",
    );
    expect(existsSync(dir)).toBe(false); // nothing half installed
    requests = [];
    await ensureDebs(install(dir, [tool, lib]));
    expect(requests).toEqual([`/${lib.path}`]); // the earlier download was kept: only the added pin is fetched
  });

  it("abandons a download that stops sending bytes", async () => {
    const stalled = { ...tool, path: tool.path.replace("/pool/", "/stalled/") };
    const started = Date.now();
    await expect(ensureDebs({ ...install(join(root, "cache/stall"), [stalled]), stallMs: 300 })).rejects.toThrow(
      /^downloading http:\/\/127\.0\.0\.1:\d+\/debian\/stalled\/.* failed \(no progress for 0\.3 s or over 10 min in all\): check that deb\.debian\.org is reachable, then rerun$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("guesses Debian's package names from sonames", () => {
    expect(
      ["libFLAC.so.12", "libmpg123.so.0", "libopenh264.so.7", "libXNVCtrl.so.0", "libharfbuzz-subset.so.0"].map(
        debianName,
      ),
    ).toEqual(["libflac12", "libmpg123-0", "libopenh264-7", "libxnvctrl0", "libharfbuzz-subset0"]);
  });
});
