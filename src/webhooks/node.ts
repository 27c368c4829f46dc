import type { IncomingMessage } from "node:http";
import { PartooEventError } from "./errors.js";
import { DEFAULT_MAX_BODY_BYTES, type ParseEventOptions, parseRawEvent, readCapped } from "./parse.js";
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
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    request.resume();
    throw new PartooEventError(`body exceeds ${limit} bytes`);
  }
  const raw = await readCapped(request, limit);
  const headers = {
    get: (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
  return parseRawEvent(raw, headers, options);
}
