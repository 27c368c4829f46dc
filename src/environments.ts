import { servers } from "../generated/operations.js";

/** The spec's servers, named by their description. */
export type PartooEnvironment = "production" | "sandbox";
export const ENVIRONMENTS: readonly PartooEnvironment[] = ["production", "sandbox"];

/** The base URL of an environment, read from the spec's `servers` (matched by description). */
export function environmentUrl(environment: PartooEnvironment): string {
  if (!ENVIRONMENTS.includes(environment)) {
    throw new TypeError(
      `Unknown environment ${JSON.stringify(environment)}: expected one of ${ENVIRONMENTS.join(", ")}`,
    );
  }
  const server = servers.find((s) => s.description.toLowerCase().includes(environment));
  if (!server) throw new Error(`The spec has no server described as ${environment}`);
  return server.url;
}

/** `baseUrl` when given (any http(s) URL, for loopback testing), else the environment's server. */
export function resolveBaseUrl(options: { environment?: PartooEnvironment; baseUrl?: string }): string {
  if (options.baseUrl === undefined) return environmentUrl(options.environment ?? "production");
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`baseUrl ${JSON.stringify(options.baseUrl)} is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`baseUrl must be http: or https:, got ${url.protocol}`);
  }
  return options.baseUrl.replace(/\/+$/, "");
}
