/**
 * `partoo-client/testing/msw`: the embedded sandbox as MSW 2 handlers, in-process, no port
 * (needs `msw` 2.x, an optional peer dependency). See docs/msw.md.
 */
export type { Fault, QueuedFault } from "./testing/faults.js";
export type { FetchImitation, FetchImitationOptions } from "./testing/fetch-imitation.js";
export { type PartooHandlers, type PartooHandlersOptions, partooHandlers } from "./testing/msw.js";
export type { DeliveryRecord } from "./testing/partoo.js";
export { DEFAULT_USERS, type SandboxUser } from "./testing/state.js";
