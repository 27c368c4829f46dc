import type { OperationData } from "./operation-lookup.js";

/**
 * The query with a default `org_id` added, where the operation declares that query parameter and
 * the call gave none (a call's own `org_id` wins). For PROVIDER users, whose key spans
 * organizations; used by the client and the contract suite alike.
 */
export function withDefaultOrgId<Query extends Record<string, unknown>>(
  op: OperationData | undefined,
  query: Query | undefined,
  orgId: number | undefined,
): Query | undefined {
  if (orgId === undefined || query?.org_id !== undefined) return query;
  if (!op?.parameters.some((p) => p.name === "org_id" && p.in === "query")) return query;
  return { ...query, org_id: orgId } as unknown as Query;
}
