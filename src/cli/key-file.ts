import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { UsageError } from "./args.js";

/**
 * The Ed25519 private key in `path`, or a new one written there (owner-only, never over an
 * existing file) when there is none: one dev key pair kept across runs of `trigger` and `sandbox`.
 */
export function keyFromFile(command: string, path: string): string {
  try {
    if (existsSync(path)) return readFileSync(path, "utf8");
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    writeFileSync(path, pem, { mode: 0o600, flag: "wx" });
    return pem;
  } catch (error) {
    throw new UsageError(`${command}: --key-file ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
}
