/**
 * A headless Chromium for the tests that open a page in a real browser (the contract suite's HTML
 * report). Debian's `chromium` package, installed on first use with apt-get (CI runs as root on
 * Debian) rather than a devDependency such as Puppeteer, which downloads its own browser from a
 * host CI cannot reach. Debian replaces a package's version with each security update, so the
 * version is reported rather than pinned. `npx tsx scripts/browser/chromium.ts` installs it and
 * prints the path and version.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian's package puts the browser; PARTOO_CHROMIUM names another. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

const found = () => [process.env.PARTOO_CHROMIUM ?? "", ...CANDIDATES].find((path) => path && existsSync(path));

/** The path of a headless-capable Chromium, installing Debian's package when there is none. */
export function ensureChromium(): string {
  const present = found();
  if (present) return present;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      "no Chromium found: install Debian's chromium package (apt-get install chromium) or set PARTOO_CHROMIUM to a browser",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args: string[]) => execFileSync("apt-get", args, { env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    apt(["install", "-y", "-q", "--no-install-recommends", "chromium"]);
  } catch {
    apt(["update", "-q"]); // a fresh machine has no package lists yet
    apt(["install", "-y", "-q", "--no-install-recommends", "chromium"]);
  }
  const installed = found();
  if (!installed) throw new Error("apt-get install chromium left no /usr/bin/chromium");
  return installed;
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = ensureChromium();
  console.log(`${path}: ${execFileSync(path, ["--version"], { encoding: "utf8" }).trim()}`);
}
