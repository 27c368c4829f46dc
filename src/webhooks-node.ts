/**
 * `partoo-client/webhooks/node`: the adapter for Node's `IncomingMessage` (node:http, Express
 * without a body parser on the route). Everything else lives in the portable
 * `partoo-client/webhooks`, which imports nothing from `node:*`.
 */
export { parsePartooEventFromNode } from "./webhooks/node.js";
