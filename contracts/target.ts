import { environmentUrl } from "../src/environments.js";

export interface RemoteTarget {
  kind: "remote";
  baseUrl: string;
  apiKey: string;
  orgId: number | undefined;
  writes: boolean;
  foreignOrgId: number | undefined;
}

export interface Settings {
  target: RemoteTarget | { kind: "embedded" };
  hookUrl: string;
  timeoutMs: number;
  maxRequests: number;
  reportDir: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback?: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Reads the suite's settings from the environment; see the README's table. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const hookUrl = env.PARTOO_CONTRACT_HOOK_URL || "https://example.com/partoo-contract-suite";
  if (!hookUrl.startsWith("https://")) throw new ConfigError("PARTOO_CONTRACT_HOOK_URL must be an https:// URL");
  const common = {
    hookUrl,
    timeoutMs: integer(env, "PARTOO_CONTRACT_TIMEOUT_MS", 10_000) ?? 10_000,
    maxRequests: integer(env, "PARTOO_CONTRACT_MAX_REQUESTS", 300) ?? 300,
    reportDir: env.PARTOO_CONTRACT_REPORT_DIR || "reports/contracts",
  };
  const envName = env.PARTOO_ENV;
  if (!env.PARTOO_BASE_URL && !envName) return { target: { kind: "embedded" }, ...common };
  if (envName && envName !== "sandbox" && envName !== "production") {
    throw new ConfigError(`PARTOO_ENV must be sandbox or production, got ${JSON.stringify(envName)}`);
  }
  const baseUrl = env.PARTOO_BASE_URL || environmentUrl(envName as "sandbox" | "production");
  if (!/^https?:\/\//.test(baseUrl))
    throw new ConfigError(`PARTOO_BASE_URL must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  if (!env.PARTOO_API_KEY) throw new ConfigError("PARTOO_API_KEY is required with PARTOO_BASE_URL or PARTOO_ENV");
  return {
    target: {
      kind: "remote",
      baseUrl: baseUrl.replace(/\/+$/, ""),
      apiKey: env.PARTOO_API_KEY,
      orgId: integer(env, "PARTOO_ORG_ID"),
      writes: env.PARTOO_CONTRACT_WRITES === "1",
      foreignOrgId: integer(env, "PARTOO_CONTRACT_FOREIGN_ORG_ID"),
    },
    ...common,
  };
}
