import { servers } from "../generated/operations.js";
import { LOOPBACK_HOST } from "./internal/loopback.js";

/** The spec's servers, named by their description. */
export type PartooEnvironment = "production" | "sandbox";
/** Every `environment` name `createPartooClient` accepts. */
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

/**
 * Checks a base URL given by hand (client option, environment variable): absolute http(s), and
 * no credentials, query or fragment. The message never repeats the URL, which may hold a password.
 * Returns it without trailing slashes.
 */
export function checkBaseUrl(raw: string, name = "baseUrl"): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`${name} is not an absolute URL (value not shown); expected e.g. ${servers[0]?.url}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`${name} must be http: or https:, got ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(
      `${name} must not hold credentials (user:password@, value not shown): the API key is given as apiKey / PARTOO_API_KEY`,
    );
  }
  if (url.search !== "" || raw.includes("?"))
    throw new TypeError(`${name} must not have a query (?…): operations add their own`);
  if (url.hash !== "" || raw.includes("#")) throw new TypeError(`${name} must not have a fragment (#…)`);
  // As a Request would spell it (lowercase scheme and host, no default port): the client builds
  // no Request per call, and error messages show this URL.
  return url.href.replace(/\/+$/, "");
}

/**
 * Refuses plain http to any host but this machine's: the API key would cross the network in
 * clear. `allowed` (the client's `allowInsecureHttp`) says the caller knows (a proxy in a
 * private network, say). The message names the host, never the path.
 */
export function checkTransportSecurity(baseUrl: string, allowed: boolean | undefined, name = "baseUrl"): void {
  const url = new URL(baseUrl);
  if (url.protocol === "http:" && !allowed && !LOOPBACK_HOST.test(url.hostname)) {
    throw new TypeError(
      `${name} is plain http to ${url.hostname}, which would send the API key in clear: use https, or pass allowInsecureHttp: true if you mean it (http to loopback is always allowed)`,
    );
  }
}

/** `baseUrl` when given (https, or http to loopback unless `allowInsecureHttp`), else the environment's server. */
export function resolveBaseUrl(options: {
  environment?: PartooEnvironment;
  baseUrl?: string;
  allowInsecureHttp?: boolean;
}): string {
  if (options.baseUrl === undefined) return environmentUrl(options.environment ?? "production");
  const baseUrl = checkBaseUrl(options.baseUrl);
  checkTransportSecurity(baseUrl, options.allowInsecureHttp);
  return baseUrl;
}
