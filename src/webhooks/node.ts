import type { IncomingMessage } from "node:http";
import { type ParseEventOptions, parseRawEvent, readDelivery } from "./parse.js";
import type { PartooEvent } from "./types.js";

/**
 * A delivery from a Node `IncomingMessage` (node:http, Express without a body parser on this
 * route): the same checks as `parsePartooEvent`.
 *
 * @example
 * createServer(async (req, res) => {
 *   const event = await parsePartooEventFromNode(req, { environment: "sandbox" });
 *   res.writeHead(200).end();
 * });
 */
export async function parsePartooEventFromNode(
  request: IncomingMessage,
  options: ParseEventOptions = {},
): Promise<PartooEvent> {
  const raw = await readDelivery(request, request.headers["content-length"], options);
  const headers = {
    get: (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
  return parseRawEvent(raw, headers, options);
}
