/**
 * `partoo webhooks plan FILE` and `apply FILE` as a user runs them: the bin as a child process,
 * the file given by a relative path from the user's own directory, against a sandbox on loopback.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reportFailure, runPartoo } from "../../src/cli/dispatch.js";
import { progressPrinter } from "../../src/cli/plan-command.js";
import { PROVIDER_KEY, useSandbox } from "../helpers.js";

const exec = promisify(execFile);
const MAIN = resolve("src/cli/main.ts");
const TSX = resolve("node_modules/tsx/dist/esm/index.mjs");
type Run = { code: number; stdout: string; stderr: string };
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "partoo-plan-"));

const partoo = (args: string[]): Promise<Run> =>
  exec(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd: dir,
    env: { ...process.env, PARTOO_API_KEY: PROVIDER_KEY },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: Run) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** The command in-process (faster than a child per case), its one stderr line and exit code as main.ts makes them. */
async function inProcess(args: string[]): Promise<Run> {
  vi.stubEnv("PARTOO_API_KEY", PROVIDER_KEY);
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  const progress = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = await runPartoo(args).catch((error: Error) => reportFailure(error, false));
  const text = (spy: typeof out) => spy.mock.calls.map((c) => c.join(" ")).join("\n");
  const result = { code, stdout: text(out), stderr: text(err) };
  out.mockRestore();
  err.mockRestore();
  progress.mockRestore();
  return result;
}
const target = () => ["--base-url", sandbox.current.url];

const SECRET = "s3cret-header-value";
const desired = {
  webhooks: [
    {
      org_id: 1,
      event_type: "lead_received",
      url: "https://hooks.example.com/a",
      custom_headers: { "X-Token": SECRET },
    },
    { org_id: 1, event_type: "message_created", url: "https://hooks.example.com/a" },
    { org_id: 2, event_type: "lead_received", url: "https://hooks.example.com/b" },
    { org_id: 3, event_type: "lead_received", url: "https://hooks.example.com/new" },
  ],
};

describe("partoo webhooks plan / apply", () => {
  it("plan, apply, plan again: + rows, then created, then all = with exit 0; the conflict exits 1", async () => {
    sandbox.current.store.add(3, [{ url: "https://hooks.example.com/old", event_type: "lead_received" }]);
    write("webhooks.json", JSON.stringify(desired));

    const plan = await partoo(["webhooks", "plan", "webhooks.json", ...target()]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/^\+\s+1\s+lead_received\s+https:\/\/hooks\.example\.com\/a\s+X-Token\s+create$/m);
    expect(plan.stdout).toMatch(
      /^!\s+3\s+lead_received\s+https:\/\/hooks\.example\.com\/new\s+-\s+conflict with webhook 1$/m,
    );
    expect(plan.stdout).toContain(
      "! webhooks[3]: lead_received in organization 3 already goes to https://hooks.example.com/old (webhook 1), not https://hooks.example.com/new",
    );
    expect(plan.stdout).toContain("0 in place, 3 to create, 1 conflict, 0 errors");
    expect(sandbox.current.store.size).toBe(1); // plan creates nothing

    const apply = await partoo(["webhooks", "apply", "webhooks.json", ...target()]);
    expect(apply.code).toBe(1); // the conflict is still there
    expect(apply.stdout).toContain("0 in place, 3 created, 1 conflict, 0 errors");
    expect(sandbox.current.store.size).toBe(4);
    // Not a TTY: one plain line per organization on stderr.
    expect(apply.stderr.trim().split("\n")).toHaveLength(3);
    expect(apply.stderr).toMatch(
      /^apply: organization 1 done \(\d\/3\): 0 in place, 2 created, 0 conflicts, 0 errors$/m,
    );

    write("fixed.json", JSON.stringify({ webhooks: desired.webhooks.slice(0, 3) }));
    const again = await partoo(["webhooks", "apply", "fixed.json", ...target(), "--json"]);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as { rows: { action: string; header_names: string[] }[]; requests: number };
    expect(json.rows.map((r) => r.action)).toEqual(["in place", "in place", "in place"]);
    expect(json.rows[0]?.header_names).toEqual(["X-Token"]);
    expect(json.requests).toBe(2); // one list per organization, no create
    expect(sandbox.current.store.size).toBe(4);

    for (const run of [plan, apply, again]) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("a bad file is one line naming the file and where in it, exit 2, nothing sent", async () => {
    const before = sandbox.current.requests.length;
    write("syntax.json", `{"webhooks": [ {"url": "${SECRET}" ]}`);
    const bin = await partoo(["webhooks", "plan", "syntax.json", ...target()]);
    expect([bin.code, bin.stderr.trim().split("\n").length, bin.stdout]).toEqual([2, 1, ""]);
    expect(bin.stderr).toMatch(/^partoo webhooks plan: syntax\.json:1:\d+: invalid JSON \(/);
    expect(bin.stderr).not.toContain(SECRET);
    const cases: [string, string, string][] = [
      ["missing.json", "", "partoo webhooks plan: missing.json: cannot read it (no such file)"],
      [
        "shape.json",
        `{"hooks": []}`,
        `partoo webhooks plan: shape.json: expected { "webhooks": [ … ] } or a list of webhooks at the top`,
      ],
      [
        "type.json",
        JSON.stringify([{ event_type: "lead_recieved", url: "https://x.example.com" }]),
        "partoo webhooks plan: type.json: [0].event_type: must be one of business_created",
      ],
      [
        "header.json",
        JSON.stringify({
          webhooks: [
            { event_type: "lead_received", url: "https://x.example.com", custom_headers: { "X-Partoo-A": SECRET } },
          ],
        }),
        'partoo webhooks plan: header.json: webhooks[0].custom_headers (header "X-Partoo-A"):',
      ],
      [
        "twice.json",
        JSON.stringify({
          webhooks: [
            { org_id: 2, event_type: "lead_received", url: "https://x.example.com/1" },
            { org_id: 2, event_type: "lead_received", url: "https://x.example.com/2" },
          ],
        }),
        "partoo webhooks plan: twice.json: webhooks[1]: lead_received is already wanted at webhooks[0] for organization 2 (one URL per event type)",
      ],
      ["bad.yaml", "webhooks:\n  - event_type: lead_received\n    url: [unclosed\n", "partoo webhooks plan: bad.yaml:"],
    ];
    for (const [name, text, expected] of cases) {
      if (text) write(name, text);
      // In-process: the file by its path relative to this process's directory (as the user's shell would give it).
      const path = relative(process.cwd(), join(dir, name));
      const line = expected.replace(`: ${name}`, `: ${path}`);
      const result = await inProcess(["webhooks", "plan", path, ...target()]);
      expect(result.code, name).toBe(2);
      expect(result.stderr.trim().split("\n"), name).toHaveLength(1);
      expect(result.stderr, name).toContain(line);
      expect(result.stderr, name).not.toContain(SECRET);
      expect(result.stdout, name).toBe("");
    }
    expect(sandbox.current.requests.length).toBe(before);
  });

  it("YAML works as JSON does", async () => {
    write(
      "webhooks.yaml",
      "webhooks:\n  - org_id: 2\n    event_type: business_created\n    url: https://hooks.example.com/yaml\n    custom_headers:\n      X-Token: abc123\n",
    );
    const result = await inProcess([
      "webhooks",
      "plan",
      relative(process.cwd(), join(dir, "webhooks.yaml")),
      ...target(),
    ]);
    expect(result.stdout).toMatch(
      /^\+\s+2\s+business_created\s+https:\/\/hooks\.example\.com\/yaml\s+X-Token\s+create$/m,
    );
    expect(result.code).toBe(1);
  });

  it("an organization the key may not read is an error row, exit 2", async () => {
    write(
      "forbidden.json",
      JSON.stringify([{ org_id: 99, event_type: "lead_received", url: "https://x.example.com" }]),
    );
    const result = await inProcess([
      "webhooks",
      "plan",
      relative(process.cwd(), join(dir, "forbidden.json")),
      ...target(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^\?\s+99\s+lead_received/m);
    expect(result.stdout).toMatch(/could not read the organization's webhooks: .*403/);
  });
});

describe("progress", () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { isTTY, write: (s: string) => written.push(s) > 0, written } as unknown as NodeJS.WriteStream & {
      written: string[];
    };
  };
  it("a bar redrawn in place on a terminal, a plain line per organization elsewhere", () => {
    const tty = stream(true);
    const plain = stream(false);
    for (const s of [tty, plain]) {
      const print = progressPrinter(s, "apply");
      print(1, 2, 5, [
        { action: "created", org_id: 5, event_type: "lead_received", url: "u", header_names: [], where: "" },
      ]);
      print(2, 2, 6, []);
    }
    expect(tty.written).toEqual([
      `\r[${"#".repeat(15)}${".".repeat(15)}] 1/2 organizations`,
      `\r[${"#".repeat(30)}] 2/2 organizations`,
      "\n",
    ]);
    expect(plain.written).toEqual([
      "apply: organization 5 done (1/2): 0 in place, 1 created, 0 conflicts, 0 errors\n",
      "apply: organization 6 done (2/2): 0 in place, 0 created, 0 conflicts, 0 errors\n",
    ]);
  });
});
