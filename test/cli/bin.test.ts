/**
 * The bin as a user runs it (a child process, exit code and both streams): the habits whose
 * exit code or stream matters most. The rest is pinned in-process in habits.test.ts.
 */
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
type Run = { code: number; stdout: string; stderr: string };
const partoo = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  exec(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    env: { ...process.env, ...env },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Run) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("the partoo bin", () => {
  it("--version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(await partoo(["--version"])).toEqual({ code: 0, stdout: `partoo ${version}\n`, stderr: "" });
  });

  it("webhooks delete --help is an unknown subcommand: exit 2, one line on stderr, nothing on stdout", async () => {
    expect(await partoo(["webhooks", "delete", "--help"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'partoo webhooks: unknown subcommand "delete": one of list, get, create, tryout\n',
    });
  });

  it("sandbox --json, then webhooks create with a colon header: the value is sent and never printed", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "sandbox", "--json"]);
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
        });
        child.on("exit", () => reject(new Error(`sandbox exited: ${out}`)));
      });
      const { url, apiKeys, publicKey } = JSON.parse(first);
      expect(publicKey).toMatch(/^MCowBQYDK2VwAyEA/);
      const secret = "bin-colon-secret";
      const created = await partoo(
        ["webhooks", "create", "--base-url", url, "--url", "https://e.com/h", "--event-type", "lead_received"].concat(
          "--header",
          `X-Token: ${secret}`,
          "--json",
        ),
        { PARTOO_API_KEY: apiKeys[0] },
      );
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout).items[0].custom_headers).toEqual({ "X-Token": "[REDACTED]" });
      expect(created.stdout + created.stderr).not.toContain(secret);
    } finally {
      child.kill();
    }
  }, 60_000);
});
