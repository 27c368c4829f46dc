import { spawn } from "node:child_process";
import { once } from "node:events";
import { built } from "./built.js";
import { type Comparison, wallTime } from "./harness.js";

export const PAGINATION = { webhooks: 10_000, perPage: 100, latencyMs: 20, concurrency: 8 };

/** The sandbox in its own process, as a remote API would be: its CPU work does not share our event loop. */
async function sandboxProcess(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    "node_modules/.bin/tsx",
    [
      "src/cli/main.ts",
      "sandbox",
      "--latency",
      String(PAGINATION.latencyMs),
      "--seed",
      String(PAGINATION.webhooks),
      "--quiet",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  while (!/webhooks seeded/.test(output)) await once(child.stdout, "data");
  const url = /at (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`sandbox did not start: ${output}`);
  return { url, stop: () => child.kill("SIGTERM") };
}

export async function paginationSpeed(): Promise<Comparison> {
  const { createPartooClient, paginate } = await built<typeof import("../src/index.js")>("src/index.js");
  const { DEFAULT_USERS } = await built<typeof import("../src/testing/state.js")>("src/testing/state.js");
  const sandbox = await sandboxProcess();
  try {
    const client = createPartooClient({ apiKey: DEFAULT_USERS[0]?.apiKey ?? "", baseUrl: sandbox.url });
    const walk = (concurrency: number) => async () => {
      let count = 0;
      for await (const _ of paginate(client, "/webhooks", { per_page: PAGINATION.perPage }, { concurrency })) count++;
      if (count !== PAGINATION.webhooks) throw new Error(`paginate yielded ${count} webhooks`);
    };
    return await wallTime(
      `paginate ${PAGINATION.webhooks} webhooks, per_page ${PAGINATION.perPage}, ${PAGINATION.latencyMs} ms latency (sandbox in its own process)`,
      { sequential: walk(1), [`concurrency ${PAGINATION.concurrency}`]: walk(PAGINATION.concurrency) },
      { rounds: 3, warmupRounds: 1 },
    );
  } finally {
    sandbox.stop();
  }
}
