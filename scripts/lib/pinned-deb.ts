/**
 * Installs pinned Debian packages into a git-ignored cache directory on first use, without root
 * and without apt (a fresh machine may have no package lists): the twin of pinned-install.ts for
 * tools npm does not carry. Each .deb is downloaded from deb.debian.org over plain http, so its
 * pinned SHA-256 (copied from apt's signed index when the pin was written) is the integrity check:
 * a file that does not match is refused. The packages are unpacked with `dpkg-deb -x` into a
 * temporary directory that is renamed into place only once the binary's shared libraries all
 * resolve; a marker file holding the pins makes the next call instant and a changed pin reinstall.
 * Downloads are kept beside the cache until an install succeeds, so fixing a pin re-fetches only
 * what changed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";

export const DEBIAN_MIRROR = "http://deb.debian.org";

/** One .deb as `apt-cache show PACKAGE=VERSION` describes it; `path` is Filename under its archive. */
export interface DebPin {
  package: string;
  version: string;
  /** e.g. "debian/pool/main/c/chromium/chromium_…_amd64.deb" (archive, then apt's Filename) */
  path: string;
  size: number;
  sha256: string;
}

export interface DebInstall {
  /** the cache directory the packages are unpacked into (replaced whole on reinstall) */
  dir: string;
  pins: readonly DebPin[];
  /** the binary that must start, relative to dir */
  binary: string;
  /** the suite each archive's pins were read from, for saying what the mirror offers instead */
  suites: Readonly<Record<string, string>>;
  /** where the archives are (tests serve one on loopback); DEBIAN_MIRROR by default */
  mirror?: string;
  /** how long bytes may stop arriving before a download is abandoned; 30 s by default (a file gets 10 min in all) */
  stallMs?: number;
  /** how to refresh the pins (adding `packages` to them), for the errors */
  refresh: (packages?: readonly string[]) => string;
}

export interface DebInstalled {
  binary: string;
  /** the unpacked library directories, for LD_LIBRARY_PATH */
  libraryPath: string[];
}

const STALL_MS = 30_000;
const FILE_MS = 600_000;

/** A mistake the caller can fix, told in one line (the CLI prints it without a stack). */
export class PinnedDebError extends Error {
  override name = "PinnedDebError";
}

/** Installs the pinned packages unless `dir` already holds exactly these pins; checks the binary's libraries either way. */
export async function ensureDebs(install: DebInstall): Promise<DebInstalled> {
  const { dir, pins, binary } = install;
  const marker = join(dir, "installed.json");
  const wanted = JSON.stringify(pins);
  if (existsSync(join(dir, binary)) && existsSync(marker)) {
    const held = readMarker(marker);
    if (held && JSON.stringify(held.pins) === wanted) {
      const libraryPath = held.libraryPath.map((lib) => join(dir, lib));
      checkLibraries(join(dir, binary), libraryPath, install);
      rmSync(`${dir}.debs`, { recursive: true, force: true }); // left by a failed reinstall
      return { binary: join(dir, binary), libraryPath };
    }
  }
  for (const tool of ["dpkg-deb", "ldd"]) {
    if (!onPath(tool)) throw new PinnedDebError(`${tool} not found: the pinned packages need a Debian-like system`);
  }
  const total = pins.reduce((sum, pin) => sum + pin.size, 0);
  console.error(
    `installing ${pins.length} pinned Debian packages (${(total / 1e6).toFixed(0)} MB) into ${relative(process.cwd(), dir)}`,
  );
  const debs = `${dir}.debs`;
  mkdirSync(debs, { recursive: true });
  const queue = [...pins];
  const worker = async () => {
    for (let pin = queue.shift(); pin; pin = queue.shift()) await fetchDeb(pin, debs, install);
  };
  await Promise.all([worker(), worker(), worker(), worker()]);

  const staging = mkdtempSync(`${dir}.tmp-`);
  try {
    for (const pin of pins) execFileSync("dpkg-deb", ["-x", join(debs, basename(pin.path)), staging]);
    const libraryPath = libraryDirs(staging, dirname(join(staging, binary)));
    checkLibraries(
      join(staging, binary),
      libraryPath.map((lib) => join(staging, lib)),
      install,
    );
    writeFileSync(join(staging, "installed.json"), `${JSON.stringify({ pins, libraryPath }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    rmSync(debs, { recursive: true, force: true });
    return { binary: join(dir, binary), libraryPath: libraryPath.map((lib) => join(dir, lib)) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Downloads one pinned .deb into `debs`, unless a verified earlier download is there. */
async function fetchDeb(pin: DebPin, debs: string, install: DebInstall): Promise<void> {
  const file = join(debs, basename(pin.path));
  if (existsSync(file) && sha256(readFileSync(file)) === pin.sha256) return;
  const url = `${install.mirror ?? DEBIAN_MIRROR}/${pin.path}`;
  const abort = new AbortController();
  const stallMs = install.stallMs ?? STALL_MS;
  let stall = setTimeout(() => abort.abort(), stallMs);
  const whole = setTimeout(() => abort.abort(), FILE_MS);
  const part = `${file}.part`;
  const out = await open(part, "w");
  try {
    const response = await fetch(url, { signal: abort.signal });
    if (response.status === 404) throw new PinnedDebError(await gone(pin, url, install));
    if (!response.ok || !response.body) {
      throw new PinnedDebError(`${url} answered HTTP ${response.status}: retry later, or try another network`);
    }
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of Readable.fromWeb(response.body as ReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      if (bytes > pin.size) break; // more than pinned: the hash cannot match, stop reading
      hash.update(chunk);
      await out.write(chunk);
      clearTimeout(stall);
      stall = setTimeout(() => abort.abort(), stallMs);
    }
    const got = hash.digest("hex");
    if (bytes !== pin.size || got !== pin.sha256) {
      const found = bytes === pin.size ? `SHA-256 ${got}` : `${bytes > pin.size ? "over " : ""}${bytes} bytes`;
      const pinned = bytes === pin.size ? pin.sha256 : `${pin.size} bytes`;
      throw new PinnedDebError(
        `${url} has ${found}, its pin says ${pinned}: refused (over plain http the pin is the only integrity check); if Debian did change the file, ${install.refresh()}`,
      );
    }
    await out.close();
    renameSync(part, file);
  } catch (error) {
    if (error instanceof PinnedDebError) throw error;
    const why = abort.signal.aborted
      ? `no progress for ${stallMs / 1000} s or over ${FILE_MS / 60_000} min in all`
      : String((error as { cause?: unknown }).cause ?? error);
    throw new PinnedDebError(`downloading ${url} failed (${why}): check that deb.debian.org is reachable, then rerun`);
  } finally {
    clearTimeout(stall);
    clearTimeout(whole);
    await out.close().catch(() => undefined);
    rmSync(part, { force: true });
  }
}

/** The message for a pin the pool no longer holds: what the suite's index offers now, and what to do. */
async function gone(pin: DebPin, url: string, install: DebInstall): Promise<string> {
  const [archive, , ...rest] = pin.path.split("/");
  const component = rest[0] === "updates" ? rest[1] : rest[0];
  const suite = install.suites[archive ?? ""];
  let now = "";
  if (suite && component) {
    const index = `${install.mirror ?? DEBIAN_MIRROR}/${archive}/dists/${suite}/${component}/binary-amd64/Packages.xz`;
    try {
      const response = await fetch(index, { signal: AbortSignal.timeout(60_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const packages = execFileSync("xz", ["-dc"], {
        input: Buffer.from(await response.arrayBuffer()),
        maxBuffer: 512 * 1024 * 1024,
        encoding: "utf8",
      });
      const stanza = packages.split("\n\n").find((entry) => entry.startsWith(`Package: ${pin.package}\n`));
      const version = stanza?.match(/^Version: (.+)$/m)?.[1];
      now = version ? `; ${suite} now offers ${version}` : `; ${suite} no longer lists ${pin.package}`;
    } catch (error) {
      now = `; reading ${index} to see what it offers failed (${String(error)})`;
    }
  }
  return `${pin.package} ${pin.version} is no longer on the mirror (404 for ${url})${now}: ${install.refresh()}`;
}

/** Refuses, naming the missing .so files, a binary the dynamic loader could not start. */
function checkLibraries(binary: string, libraryPath: readonly string[], install: DebInstall): void {
  const env = { ...process.env, LD_LIBRARY_PATH: libraryPath.join(":") };
  const listed = execFileSync("ldd", [binary], { env, encoding: "utf8" });
  const missing = [...new Set([...listed.matchAll(/^\s*(\S+) => not found$/gm)].map((m) => m[1] ?? ""))];
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map(debianName))];
  throw new PinnedDebError(
    `${basename(binary)} cannot start: ${missing.join(", ")} not found on this system nor in the pins; pin the package that ships ${missing.length > 1 ? "each" : "it"} (probably ${packages.join(", ")}; apt-file search ${missing[0]} tells): ${install.refresh(packages)}`,
  );
}

/** Debian's usual name for the package of a shared library: libFLAC.so.12 → libflac12, libmpg123.so.0 → libmpg123-0. */
export function debianName(soname: string): string {
  const [, base = soname, major = ""] = soname.match(/^(.+?)\.so(?:\.(\d+))?/) ?? [];
  return `${base}${/\d$/.test(base) && major ? "-" : ""}${major}`.toLowerCase();
}

/** The directories under root holding shared libraries, relative to root (the binary's own one aside). */
function libraryDirs(root: string, own: string): string[] {
  const dirs = new Set<string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const at = entry.parentPath;
    if (at !== own && /\.so(\.\d+)*$/.test(entry.name) && !entry.isDirectory()) dirs.add(relative(root, at));
  }
  return [...dirs].sort();
}

/** The marker's pins and library directories, or undefined when it is not one this code wrote (reinstall). */
function readMarker(marker: string): { pins: unknown; libraryPath: string[] } | undefined {
  try {
    const held = JSON.parse(readFileSync(marker, "utf8"));
    return Array.isArray(held?.libraryPath) ? held : undefined;
  } catch {
    return undefined;
  }
}

const onPath = (tool: string) => (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, tool)));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
