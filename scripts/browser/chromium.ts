/**
 * A headless Chromium for the tests that open a page in a real browser (the contract suite's HTML
 * report): Debian's `chromium`, pinned, installed on first use into `.cache/browser` (git-ignored)
 * without root or apt, as the runtimes are (scripts/runtimes/install.ts). Not a devDependency such
 * as Puppeteer, which downloads its own browser from a host CI cannot reach; not a system-wide
 * `apt-get install`, which needs root and installs whatever version Debian ships that day.
 *
 * The pins are the two chromium packages plus the 16 library packages its binary links against that
 * the Debian bookworm image CI runs on lacks (found with ldd; the ones the package merely depends
 * on, such as GTK, xdg-utils and the Wayland libraries, are not needed headless and left out). They
 * are bookworm's main suite, not bookworm-security: a stable release's pool changes only at point
 * releases (every few months), while debian-security drops the previous chromium with each security
 * advisory (every week or three), which would turn CI red for nothing. The browser opens only our
 * own offline report with every host name resolving nowhere, so the older patch level matters far
 * less here than it would for browsing; `--print-pins --suite=bookworm-security` pins the newest.
 *
 * Refreshing the pins (the errors say when): `apt-get update`, then
 * `npx tsx scripts/browser/chromium.ts --print-pins [--suite=bookworm-security] [package…]` prints
 * the entries for the pinned packages (plus any named) from apt's signed index (`apt-cache show`),
 * each at its version in the suite (default bookworm, else apt's candidate), to paste below.
 * `npx tsx scripts/browser/chromium.ts` installs and prints the path and version; PARTOO_CHROMIUM
 * names another browser instead (never a silent fallback to a system one).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type DebPin, ensureDebs, PinnedDebError } from "../lib/pinned-deb.js";

export const BROWSER_CACHE = resolve(".cache/browser/chromium");

/** `apt-cache show PACKAGE=VERSION` for Debian bookworm amd64: the pin. Regenerate with --print-pins. */
export const PINS: readonly DebPin[] = [
  {
    package: "chromium",
    version: "150.0.7871.100-1~deb12u1",
    path: "debian/pool/main/c/chromium/chromium_150.0.7871.100-1~deb12u1_amd64.deb",
    size: 76826468,
    sha256: "9eb054fb52bbcd7a8c6407484be2337298ff8b1e19af14af2e7b497fa190ce4f",
  },
  {
    package: "chromium-common",
    version: "150.0.7871.100-1~deb12u1",
    path: "debian/pool/main/c/chromium/chromium-common_150.0.7871.100-1~deb12u1_amd64.deb",
    size: 26635660,
    sha256: "31326f6b71ce20a52e7bea9792bf7135d4ff802e1cdbc250960b1b46729998d2",
  },
  {
    package: "libpulse0",
    version: "16.1+dfsg1-2+b1",
    path: "debian/pool/main/p/pulseaudio/libpulse0_16.1+dfsg1-2+b1_amd64.deb",
    size: 273952,
    sha256: "7b2c5403cb726312219aad678becc6d6adcee1d8694fdffce0b6ec15ae010831",
  },
  {
    package: "libxnvctrl0",
    version: "525.85.05-3~deb12u1",
    path: "debian/pool/main/libx/libxnvctrl/libxnvctrl0_525.85.05-3~deb12u1_amd64.deb",
    size: 13460,
    sha256: "6fc26e4b6069f4648692e0c225f580161e3b0c04e4bac1c616c8a418a9a9817d",
  },
  {
    package: "libflac12",
    version: "1.4.2+ds-2",
    path: "debian/pool/main/f/flac/libflac12_1.4.2+ds-2_amd64.deb",
    size: 198124,
    sha256: "4d8431c274eef13ec9ee2c0bf988c34b4342367dec053b7f69a432525be5b1fe",
  },
  {
    package: "libmpg123-0",
    version: "1.31.2-1+deb12u1",
    path: "debian/pool/main/m/mpg123/libmpg123-0_1.31.2-1+deb12u1_amd64.deb",
    size: 146980,
    sha256: "a10ad0d59995b859797a5f20d2833672051d0b2c7dab4c71f2e79258b2e3f631",
  },
  {
    package: "libharfbuzz-subset0",
    version: "6.0.0+dfsg-3",
    path: "debian/pool/main/h/harfbuzz/libharfbuzz-subset0_6.0.0+dfsg-3_amd64.deb",
    size: 1931236,
    sha256: "020de1eeba5fb56052a6ca71b259f8cbe3f6fce5038f4caca751c7e4867ca33f",
  },
  {
    package: "libminizip1",
    version: "1.1-8+deb12u1",
    path: "debian/pool/main/m/minizip/libminizip1_1.1-8+deb12u1_amd64.deb",
    size: 20136,
    sha256: "b2999b980cbb9e6dcaa2d5154c9d1f1b9d55f5a0ca8166699de7ab47afaf4a36",
  },
  {
    package: "libdouble-conversion3",
    version: "3.2.1-1",
    path: "debian/pool/main/d/double-conversion/libdouble-conversion3_3.2.1-1_amd64.deb",
    size: 41460,
    sha256: "802b880ed900e4a8d54bab77b7551a7f3408b04891c3e5650fdc2368cc1fbc0a",
  },
  {
    package: "libopenh264-7",
    version: "2.3.1+dfsg-3+deb12u2",
    path: "debian/pool/main/o/openh264/libopenh264-7_2.3.1+dfsg-3+deb12u2_amd64.deb",
    size: 393072,
    sha256: "d453c4d81b7b3ff14663da75471250a4894543ae5ab5e902e225aca56aec56e8",
  },
  {
    package: "libmp3lame0",
    version: "3.100-6",
    path: "debian/pool/main/l/lame/libmp3lame0_3.100-6_amd64.deb",
    size: 364932,
    sha256: "b1292c749172e7623547ecf684da57d3ec6ca22109f08b11bbb9e6be6e6beb95",
  },
  {
    package: "libopus0",
    version: "1.3.1-3",
    path: "debian/pool/main/o/opus/libopus0_1.3.1-3_amd64.deb",
    size: 195192,
    sha256: "c172e212f9039e741916aa8e12f3670d1e049dc0c16685325641288c2d83faa7",
  },
  {
    package: "libvorbisenc2",
    version: "1.3.7-1",
    path: "debian/pool/main/libv/libvorbis/libvorbisenc2_1.3.7-1_amd64.deb",
    size: 80568,
    sha256: "75dd4d6f904c7db82f5112e60d8efea9e81dfedf94e970c5da7af2b3d81643c0",
  },
  {
    package: "libasyncns0",
    version: "0.8-6+b3",
    path: "debian/pool/main/liba/libasyncns/libasyncns0_0.8-6+b3_amd64.deb",
    size: 12920,
    sha256: "cadaff99f4178b1f580331045621b363abaaefc994e78eecba1857774a3cead2",
  },
  {
    package: "libsndfile1",
    version: "1.2.0-1+deb12u1",
    path: "debian/pool/main/libs/libsndfile/libsndfile1_1.2.0-1+deb12u1_amd64.deb",
    size: 196540,
    sha256: "02dc3f08fe8476e82e005f412e3b7289ff641180f33a9be8073f4bde61c85e8e",
  },
  {
    package: "libogg0",
    version: "1.3.5-3",
    path: "debian/pool/main/libo/libogg/libogg0_1.3.5-3_amd64.deb",
    size: 23412,
    sha256: "f67acb0477aed0354f411172e37af338f3ac6bd4f3766134a2cf5539884b5a28",
  },
  {
    package: "libopenjp2-7",
    version: "2.5.0-2+deb12u3",
    path: "debian/pool/main/o/openjpeg2/libopenjp2-7_2.5.0-2+deb12u3_amd64.deb",
    size: 189312,
    sha256: "a127e2f1741d66bdddb6393a718e3cbec327d53f88c89b859b1f8d73f64cf635",
  },
  {
    package: "libvorbis0a",
    version: "1.3.7-1",
    path: "debian/pool/main/libv/libvorbis/libvorbis0a_1.3.7-1_amd64.deb",
    size: 93028,
    sha256: "01c14f9d1109650077a4c5c337c285476a6932d4d448f5a190c2b845724dbf21",
  },
];

const BINARY = "usr/lib/chromium/chromium";
const REFRESH = (added: readonly string[] = []) =>
  `paste what \`apt-get update && npx tsx scripts/browser/chromium.ts --print-pins${added.map((name) => ` ${name}`).join("")}\` prints over the pins in scripts/browser/chromium.ts (or set PARTOO_CHROMIUM to another browser)`;

/**
 * The path of a headless-capable Chromium: PARTOO_CHROMIUM when set, else the pinned Debian build,
 * downloaded (108 MB) and unpacked on first use (about 10 s on a fast link), instant afterwards.
 * The path is a small wrapper that puts the unpacked libraries on LD_LIBRARY_PATH, so it runs as
 * any browser does.
 *
 * @example
 * const chromium = await ensureChromium();
 * execFileSync(chromium, [...HEADLESS_FLAGS, "--dump-dom", "file:///tmp/report.html"]);
 */
export async function ensureChromium(): Promise<string> {
  const chosen = process.env.PARTOO_CHROMIUM;
  if (chosen) {
    if (!existsSync(chosen))
      throw new PinnedDebError(`PARTOO_CHROMIUM=${chosen} does not exist: unset it to use the pinned Chromium`);
    return chosen;
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new PinnedDebError(
      `the pinned Chromium is Debian's amd64 build: set PARTOO_CHROMIUM to a browser on ${process.platform}/${process.arch}`,
    );
  }
  const { binary, libraryPath } = await ensureDebs({
    dir: BROWSER_CACHE,
    pins: PINS,
    binary: BINARY,
    suites: { debian: "bookworm", "debian-security": "bookworm-security" },
    refresh: REFRESH,
  });
  const wrapper = join(BROWSER_CACHE, "chromium");
  const at = (path: string) => `"$here/${relative(BROWSER_CACHE, path)}"`;
  const script = `#!/bin/sh
# Written by scripts/browser/chromium.ts: the pinned Chromium with its unpacked libraries.
here=$(cd "$(dirname "$0")" && pwd)
LD_LIBRARY_PATH=${libraryPath.map(at).join(":")}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec ${at(binary)} "$@"
`;
  if (!existsSync(wrapper) || readFileSync(wrapper, "utf8") !== script) writeFileSync(wrapper, script, { mode: 0o755 });
  return wrapper;
}

/** Flags for a headless run as root in a container: no sandbox, no GPU, no first-run work, no network. */
export const HEADLESS_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-extensions",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Every host name resolves nowhere: an offline page must render without one.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** The pins for the packages pinned now and `added`, from apt's signed index, preferring `suite`'s versions. */
function printPins(suite: string, added: readonly string[]): void {
  const apt = (...args: string[]) => execFileSync("apt-cache", args, { encoding: "utf8" });
  const entries = [...new Set([...PINS.map((pin) => pin.package), ...added])].map((name) => {
    const offered = apt("madison", name)
      .split("\n")
      .map((line) => line.split("|").map((field) => field.trim()))
      .filter((fields) => fields[0] === name);
    const version = (offered.find((fields) => fields[2]?.includes(` ${suite}/`)) ?? offered[0])?.[1];
    if (!version) throw new PinnedDebError(`apt knows no ${name}: run apt-get update first`);
    const stanza = apt("show", "--no-all-versions", `${name}=${version}`);
    const field = (key: string) => stanza.match(new RegExp(`^${key}: (.+)$`, "m"))?.[1] ?? "";
    const filename = field("Filename");
    const archive = filename.startsWith("pool/updates/") ? "debian-security" : "debian";
    return `  {\n    package: "${name}",\n    version: "${version}",\n    path: "${archive}/${filename}",\n    size: ${field("Size")},\n    sha256: "${field("SHA256")}",\n  },`;
  });
  console.log(`export const PINS: readonly DebPin[] = [\n${entries.join("\n")}\n];`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const [command, ...rest] = process.argv.slice(2);
    if (command === "--print-pins") {
      const suite = rest.find((arg) => arg.startsWith("--suite="))?.slice("--suite=".length) ?? "bookworm";
      printPins(
        suite,
        rest.filter((arg) => !arg.startsWith("--")),
      );
    } else {
      const started = Date.now();
      const path = await ensureChromium();
      const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
      console.log(
        `${relative(process.cwd(), path) || path}: ${version} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
  } catch (error) {
    if (!(error instanceof PinnedDebError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}
