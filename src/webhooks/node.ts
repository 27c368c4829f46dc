import type { IncomingMessage } from "node:http";
import {
  headerSource,
  notRawBody,
  type ParseEventOptions,
  parsePartooEventBody,
  parseRawEvent,
  readDelivery,
} from "./parse.js";
import type { PartooEvent } from "./types.js";

/**
 * A delivery from a Node `IncomingMessage` (node:http, Express): the same checks as
 * `parsePartooEvent`. When a body parser already ran, its `req.body` is used: a Buffer
 * (`express.raw({ type: "application/json" })`) or a string verifies; a parsed object cannot
 * (the signature covers the bytes, which are gone) and is refused with a TypeError saying so.
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
  const parsed = (request as IncomingMessage & { body?: unknown }).body;
  if (typeof parsed === "string" || parsed instanceof Uint8Array) {
    return parsePartooEventBody(parsed, request.headers, options);
  }
  // Something read the stream and kept no bytes (express.json(), a parser of its own): said
  // plainly, not as "does not verify". An untouched stream is read here: no parser ran, or one
  // left `{}` for a content type it does not handle.
  if (request.readableEnded) throw new TypeError(notRawBody(parsed, true));
  const raw = await readDelivery(request, request.headers["content-length"], options);
  return parseRawEvent(raw, headerSource(request.headers), options);
}
