import type { KeyObject } from "node:crypto";
import { requestBodyViolations } from "../internal/body-rules.js";
import { LIST_LIMITS } from "../internal/list-limits.js";
import type { CreateWebhookInput, TryoutResult } from "../types.js";
import { type DeliveryOptions, deliver } from "./deliver.js";
import { documentedErrorBody } from "./error-bodies.js";
import { signedDelivery } from "./signing.js";
import type { SandboxUser, WebhookStore } from "./state.js";

/** A request as the imitation sees it: no sockets, no streams. */
export interface PartooRequest {
  method: string;
  /** The path below the base path (`/webhooks/12`), or "" when outside it. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What Partoo would answer: a status and a JSON body. */
export interface PartooAnswer {
  status: number;
  body: unknown;
}

export interface ImitationOptions {
  users: readonly SandboxUser[];
  store: WebhookStore;
  /** Signs every delivery a tryout makes. */
  signingKey: KeyObject;
  delivery: DeliveryOptions;
  /** Told of every delivery made (tryouts), for the sandbox's delivery log. */
  onDelivery?: (record: DeliveryRecord) => void;
}

/** A delivery the sandbox made. Custom header values are not kept: they may be secrets. */
export interface DeliveryRecord {
  /** Where it was sent. */
  url: string;
  /** The event type delivered. */
  eventType: string;
  /** Whether it was marked as a tryout (`X-Partoo-Webhook-Tryout`). */
  tryout: boolean;
  /** The receiver's status, or 0 when nothing was delivered (refused, unreachable, not allowed). */
  status: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox ${status}`);
  }
}

const badRequest = (json: Record<string, unknown>) => new HttpError(400, documentedErrorBody(400, { json }));

function integerParam(query: URLSearchParams, name: string, fallback: number | undefined): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw badRequest({ [name]: ["Not a valid integer."] });
  return Number(raw);
}

/**
 * Partoo's webhook endpoints as plain functions: authentication, organizations, paging, the one-URL-
 * per-event-type rule, validation as the client does it, and signed tryout deliveries. No HTTP:
 * the server around it adds that, with faults and the request log.
 */
export function createPartooImitation(options: ImitationOptions): (request: PartooRequest) => Promise<PartooAnswer> {
  const { users, store } = options;

  function authenticate(req: PartooRequest): SandboxUser {
    const key = req.headers["x-apikey"];
    const user = typeof key === "string" ? users.find((u) => u.apiKey === key) : undefined;
    if (!user) throw new HttpError(401, documentedErrorBody(401));
    return user;
  }

  /** The organizations a request may see: its user's, or the one `org_id` names if the user may. */
  function scope(user: SandboxUser, query: URLSearchParams): { orgIds: number[]; orgId: number | undefined } {
    const requested = integerParam(query, "org_id", undefined);
    if (requested === undefined)
      return { orgIds: user.orgIds, orgId: user.role === "PROVIDER" ? undefined : user.orgIds[0] };
    if (!user.orgIds.includes(requested)) throw new HttpError(403, documentedErrorBody(403));
    return { orgIds: [requested], orgId: requested };
  }

  function parseItems(
    method: string,
    path: string,
    body: string,
    contentType: string | undefined,
  ): CreateWebhookInput[] {
    if (!/^application\/json\b/i.test(contentType ?? ""))
      throw badRequest({ _body: ["Expected an application/json body."] });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw badRequest({ _body: ["Invalid JSON."] });
    }
    // One leniency over Partoo, the client's own for a loopback API: a tryout or a create may name
    // a plain http receiver on loopback, so a local one needs no certificate.
    const violations = requestBodyViolations(method, path, parsed, { allowLoopbackHttp: true });
    if (violations.length > 0) {
      const json: Record<string, string[]> = {};
      for (const v of violations) {
        const message = v.headerName === undefined ? v.message : `${JSON.stringify(v.headerName)}: ${v.message}`;
        json[v.instancePath || "_body"] = [...(json[v.instancePath || "_body"] ?? []), message];
      }
      throw badRequest(json);
    }
    return (parsed as { items: CreateWebhookInput[] }).items;
  }

  function listWebhooks(user: SandboxUser, query: URLSearchParams) {
    const { orgIds } = scope(user, query);
    const { firstPage, perPageDefault, perPageMin, perPageMax } = LIST_LIMITS;
    const page = Math.max(firstPage, integerParam(query, "page", firstPage) ?? firstPage); // "lower than 1 … considered as 1"
    const perPage = integerParam(query, "per_page", perPageDefault) ?? perPageDefault;
    if (perPage < perPageMin || perPage > perPageMax) {
      throw badRequest({ per_page: [`Must be between ${perPageMin} and ${perPageMax}.`] });
    }
    const all = store.list(orgIds);
    const items = all.slice((page - 1) * perPage, page * perPage);
    return { page, max_page: Math.max(1, Math.ceil(all.length / perPage)), count: all.length, items };
  }

  function createWebhooks(user: SandboxUser, query: URLSearchParams, items: CreateWebhookInput[]) {
    const { orgId } = scope(user, query);
    if (orgId === undefined) throw badRequest({ org_id: ["Missing data for required field (PROVIDER users)."] });
    // One URL per event type per organization (Partoo's setup guide), across the store and the batch.
    const json: Record<string, string[]> = {};
    const batch = new Map<string, string>();
    items.forEach((item, i) => {
      const existing = store.urlFor(orgId, item.event_type) ?? batch.get(item.event_type);
      if (existing !== undefined && existing !== item.url) {
        json[`/items/${i}/event_type`] = [
          `${item.event_type} already has a webhook with another URL in this organization.`,
        ];
      }
      batch.set(item.event_type, item.url);
    });
    if (Object.keys(json).length > 0) throw badRequest(json);
    return { items: store.add(orgId, items) };
  }

  async function tryout(user: SandboxUser, query: URLSearchParams, items: CreateWebhookInput[]) {
    // The caller's organization: the one org_id names, else its first (a PROVIDER's orgIds are all of its own).
    const [orgId = 0] = scope(user, query).orgIds;
    const [first] = items; // Partoo: "entries after the first one will be ignored"
    if (!first) return { items: [] };
    const delivery = signedDelivery(first.event_type, options.signingKey, {
      tryout: true,
      orgId,
      ...(first.custom_headers ? { customHeaders: first.custom_headers } : {}),
    });
    const { payload } = JSON.parse(delivery.body) as { payload: Record<string, unknown> };
    const status = await deliver({ url: first.url, ...delivery }, options.delivery);
    options.onDelivery?.({ url: first.url, eventType: first.event_type, tryout: true, status });
    // The sample comes from default-payloads.ts, built for this event type.
    const result = {
      payload,
      event_type: first.event_type,
      url: first.url,
      status: status === 200 ? "success" : "error",
    } as TryoutResult;
    return { items: [result] };
  }

  async function route(req: PartooRequest): Promise<unknown> {
    const { path, method, query, body } = req;
    const user = authenticate(req);
    if (path === "/webhooks" && method === "GET") return listWebhooks(user, query);
    if (path === "/webhooks" && method === "POST") {
      return createWebhooks(user, query, parseItems(method, path, body, contentTypeOf(req)));
    }
    if (path === "/webhooks/tryout" && method === "POST") {
      return tryout(user, query, parseItems(method, path, body, contentTypeOf(req)));
    }
    const byId = /^\/webhooks\/(\d+)$/.exec(path);
    if (byId?.[1] && method === "GET") {
      const { orgIds } = scope(user, query);
      const webhook = store.get(Number(byId[1]), orgIds);
      if (webhook) return webhook;
    }
    throw new HttpError(404, documentedErrorBody(404));
  }

  return async (request) => {
    try {
      return { status: 200, body: await route(request) };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return { status: error.status, body: error.body };
    }
  };
}

function contentTypeOf(req: PartooRequest): string | undefined {
  const value = req.headers["content-type"];
  return Array.isArray(value) ? value[0] : value;
}
