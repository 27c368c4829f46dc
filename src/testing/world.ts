import { FaultQueue } from "./faults.js";
import { createPartooImitation, type DeliveryRecord, type PartooAnswer, type PartooRequest } from "./partoo.js";
import type { SandboxOptions } from "./server.js";
import { type SigningKey, signingKey } from "./signing.js";
import { DEFAULT_USERS, type SandboxUser, WebhookStore } from "./state.js";

/** The sandbox's options that have a meaning without a socket. */
export type WorldOptions = Pick<
  SandboxOptions,
  "apiKeys" | "users" | "seed" | "faults" | "signingKey" | "tryoutCa" | "allowExternalDeliveries"
>;

/** One imitated Partoo: its users, state, queued faults, signing key and the imitation answering over them. */
export interface World {
  users: readonly SandboxUser[];
  store: WebhookStore;
  faults: FaultQueue;
  deliveries: DeliveryRecord[];
  key: SigningKey;
  imitate: (request: PartooRequest) => Promise<PartooAnswer>;
}

/**
 * What the HTTP sandbox and the in-process (fetch, MSW) imitation share, built one way: users from
 * `apiKeys` (one organization each) or `users`, the seeded webhooks, the faults and the key.
 */
export function createWorld(options: WorldOptions): World {
  const users =
    options.users ??
    options.apiKeys?.map((apiKey, i): SandboxUser => ({ apiKey, role: "ORG_ADMIN", orgIds: [i + 1] })) ??
    DEFAULT_USERS;
  const store = new WebhookStore();
  const faults = new FaultQueue();
  faults.push(...(options.faults ?? []));
  const deliveries: DeliveryRecord[] = [];
  const firstOrg = users[0]?.orgIds[0];
  if (options.seed && firstOrg !== undefined) {
    store.seed(firstOrg, options.seed, (i) => ({
      url: "https://hooks.example.com/seeded",
      event_type: "lead_received",
      custom_headers: { "X-Seq": String(i) },
    }));
  }
  const key = signingKey(options.signingKey);
  const imitate = createPartooImitation({
    users,
    store,
    signingKey: key.privateKey,
    delivery: { ca: options.tryoutCa, allowExternal: options.allowExternalDeliveries ?? false },
    onDelivery: (record) => deliveries.push(record),
  });
  return { users, store, faults, deliveries, key, imitate };
}
