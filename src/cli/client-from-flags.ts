import { createPartooClient, type PartooClient } from "../client.js";
import { ENVIRONMENTS, type PartooEnvironment } from "../environments.js";
import { exclusive, integerFlag, UsageError } from "./args.js";
import { output } from "./output.js";

/** The flags that say which API to call and as whom: `--env` or `--base-url`, and `--org-id`. */
export interface TargetFlags {
  env?: unknown;
  "base-url"?: unknown;
  "org-id"?: unknown;
}

/**
 * The client a `partoo webhooks …` command calls the API with: the key from PARTOO_API_KEY (a
 * secret of the writer from the moment it is read), `--env` or `--base-url` (never both), and
 * `--org-id`. Every mistake is a UsageError prefixed with `command`.
 */
export function clientFromFlags(
  command: string,
  values: TargetFlags,
  extra: { fetch?: typeof globalThis.fetch } = {},
): PartooClient {
  exclusive(command, values as Record<string, unknown>, "env", "base-url");
  const apiKey = process.env.PARTOO_API_KEY;
  output.secret(apiKey);
  if (!apiKey?.trim()) throw new UsageError(`${command}: set PARTOO_API_KEY to your Partoo API key`);
  if (values.env !== undefined && !ENVIRONMENTS.includes(values.env as PartooEnvironment)) {
    throw new UsageError(`${command}: --env must be ${ENVIRONMENTS.join(" or ")}, got ${JSON.stringify(values.env)}`);
  }
  const orgId = integerFlag(command, "org-id", values["org-id"] as string | undefined, 1, Number.MAX_SAFE_INTEGER);
  try {
    return createPartooClient({
      apiKey,
      ...extra,
      ...(typeof values["base-url"] === "string" ? { baseUrl: values["base-url"] } : {}),
      ...(values.env === undefined ? {} : { environment: values.env as PartooEnvironment }),
      ...(orgId === undefined ? {} : { orgId }),
    });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}
