import type { Scenario } from "../recorder.js";
import { idsOf } from "./list-body.js";

/** An id no account has: the largest int32, as the spec types ids as integers. */
const UNKNOWN_ID = 2_147_483_647;

/** A webhook id to read: one this run created, else the first listed. */
async function knownId(s: Parameters<Scenario["run"]>[0], ctx: Parameters<Scenario["run"]>[1]): Promise<unknown> {
  return ctx.created[0]?.id ?? idsOf(await s.send({ method: "GET", path: "/webhooks" }))[0];
}

export const readScenarios: Scenario[] = [
  {
    name: "get: an existing webhook",
    operation: "GET /webhooks/{webhook_id}",
    needs: [],
    async run(s, ctx) {
      const id = await knownId(s, ctx);
      if (typeof id !== "number") return s.skip("no webhook to read", "response_schema_conformance");
      const ex = await s.send({ method: "GET", path: `/webhooks/${id}` }, { status: 200 });
      const got = (ex.body as { id?: unknown } | undefined)?.id;
      s.expect("requested_resource_returned", got === id, {
        exchange: ex,
        passed: `webhook ${id} returned`,
        failed: `asked for ${id}, got id ${JSON.stringify(got)}`,
        pointer: "/id",
      });
    },
  },
  {
    name: "get: an unknown id",
    operation: "GET /webhooks/{webhook_id}",
    needs: [],
    run: async (s) => void (await s.send({ method: "GET", path: `/webhooks/${UNKNOWN_ID}` }, { status: 404 })),
  },
  {
    name: "auth: a missing or wrong API key on reads",
    operation: "GET /webhooks",
    needs: [],
    async run(s, ctx) {
      const id = await knownId(s, ctx);
      for (const auth of ["missing", "wrong"] as const) {
        const expected = { status: 401, check: "ignored_auth" };
        await s.as(`auth: ${auth} API key on list`).send({ method: "GET", path: "/webhooks", auth }, expected);
        const path = `/webhooks/${typeof id === "number" ? id : 1}`;
        await s.as(`auth: ${auth} API key on get`).send({ method: "GET", path, auth }, expected);
      }
    },
  },
  {
    name: "org: an organization the key may not see",
    operation: "GET /webhooks",
    needs: ["foreignOrg"],
    run: async (s, ctx) =>
      void (await s.send(
        { method: "GET", path: "/webhooks", query: { org_id: ctx.foreignOrgId ?? 0 } },
        { status: 403 },
      )),
  },
];
