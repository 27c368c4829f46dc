import { checkBaseUrl, environmentUrl } from "../src/environments.js";
import { DEFAULT_HEADER_BUDGET } from "./suite/scenarios/headers.js";

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
  /** The generated checks' seed (PARTOO_CONTRACT_SEED) and request budget (PARTOO_CONTRACT_HEADER_BUDGET). */
  seed: number | undefined;
  headerBudget: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A whole number within [min, max]; setTimeout would turn a timeout above 2^31 - 1 ms into 1 ms. */
function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  range: { min: number; max: number },
  fallback?: number,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new ConfigError(
      `${name} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  }
  return value;
}

const TIMEOUT_RANGE = { min: 100, max: 600_000 };
const REQUESTS_RANGE = { min: 1, max: 10_000 };
const REQUESTS_RANGE_FROM_0 = { ...REQUESTS_RANGE, min: 0 };
const ID_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER };
const SEED_RANGE = { min: 0, max: 2 ** 32 - 1 };

/** Reads the suite's settings from the environment; see the README's table. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const hookUrl = env.PARTOO_CONTRACT_HOOK_URL || "https://example.com/partoo-contract-suite";
  if (!hookUrl.startsWith("https://")) throw new ConfigError("PARTOO_CONTRACT_HOOK_URL must be an https:// URL");
  const common = {
    hookUrl,
    timeoutMs: integer(env, "PARTOO_CONTRACT_TIMEOUT_MS", TIMEOUT_RANGE, 10_000) ?? 10_000,
    maxRequests: integer(env, "PARTOO_CONTRACT_MAX_REQUESTS", REQUESTS_RANGE, 300) ?? 300,
    reportDir: env.PARTOO_CONTRACT_REPORT_DIR || "reports/contracts",
    seed: integer(env, "PARTOO_CONTRACT_SEED", SEED_RANGE),
    headerBudget: integer(env, "PARTOO_CONTRACT_HEADER_BUDGET", REQUESTS_RANGE_FROM_0, DEFAULT_HEADER_BUDGET) ?? 0,
  };
  if (common.headerBudget > common.maxRequests) {
    throw new ConfigError(
      `PARTOO_CONTRACT_HEADER_BUDGET (${common.headerBudget}) must not exceed PARTOO_CONTRACT_MAX_REQUESTS (${common.maxRequests}): raise the cap or lower the budget`,
    );
  }
  const envName = env.PARTOO_ENV;
  if (!env.PARTOO_BASE_URL && !envName) return { target: { kind: "embedded" }, ...common };
  if (envName && env.PARTOO_BASE_URL) {
    throw new ConfigError("PARTOO_ENV and PARTOO_BASE_URL are both set: keep one, so the target is never a guess");
  }
  if (envName && envName !== "sandbox" && envName !== "production") {
    throw new ConfigError(`PARTOO_ENV must be sandbox or production, got ${JSON.stringify(envName)}`);
  }
  let baseUrl: string;
  try {
    baseUrl = checkBaseUrl(
      env.PARTOO_BASE_URL || environmentUrl(envName as "sandbox" | "production"),
      "PARTOO_BASE_URL",
    );
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (!env.PARTOO_API_KEY) throw new ConfigError("PARTOO_API_KEY is required with PARTOO_BASE_URL or PARTOO_ENV");
  return {
    target: {
      kind: "remote",
      baseUrl,
      apiKey: env.PARTOO_API_KEY,
      orgId: integer(env, "PARTOO_ORG_ID", ID_RANGE),
      writes: env.PARTOO_CONTRACT_WRITES === "1",
      foreignOrgId: integer(env, "PARTOO_CONTRACT_FOREIGN_ORG_ID", ID_RANGE),
    },
    ...common,
  };
}
