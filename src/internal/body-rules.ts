import { event_type, webhook_url } from "../../generated/component-schemas.js";
import type { Finding } from "../errors.js";
import { escapeToken } from "./json-pointer.js";
import { isLoopbackUrl } from "./loopback.js";
import { checkRequestBody } from "./schema-check.js";

const CONTROL_CHARACTERS = /[\r\n\0]/;
/** What an HTTP field value may hold (RFC 9110 §5.5): tab, visible ASCII and space, obs-text (0x80-0xFF). */
const NOT_A_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const DOCUMENTED_EVENT_TYPES: readonly string[] = event_type.enum;

/**
 * Rules the client adds to the spec's schema, each a promise the spec makes only in prose or
 * that protects the caller: https URLs ("Only HTTPS URLs are supported"), no CR/LF/NUL in custom
 * headers (header injection into every delivery), no header value HTTP cannot carry (another
 * control character, or one above U+00FF: every delivery would fail), and documented event types only (the request
 * schema leaves `event_type` open; the resource enumerates it).
 */
function extraViolations(body: unknown, options: BodyRuleOptions): Finding[] {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  const found: Finding[] = [];
  items.forEach((item: Record<string, unknown> | null, i) => {
    if (!item) return; // a string or number item has none of the properties read below
    const at = `/items/${i}`;
    const loopbackHttp = options.allowLoopbackHttp === true && isLoopbackUrl(String(item.url), "http:");
    if (typeof item.url === "string" && !isHttpsUrl(item.url) && !loopbackHttp) {
      found.push({
        instancePath: `${at}/url`,
        keyword: "https",
        message: `must be an absolute https: URL (${webhook_url.description})`,
      });
    }
    if (typeof item.event_type === "string" && !DOCUMENTED_EVENT_TYPES.includes(item.event_type)) {
      found.push({
        instancePath: `${at}/event_type`,
        keyword: "eventType",
        message: `must be one of ${DOCUMENTED_EVENT_TYPES.join(", ")}`,
      });
    }
    const headers = item.custom_headers;
    if (!headers || typeof headers !== "object") return;
    for (const [name, value] of Object.entries(headers)) {
      const pointer = `${at}/custom_headers`;
      if (CONTROL_CHARACTERS.test(name)) {
        found.push({
          instancePath: pointer,
          keyword: "controlCharacters",
          message: "name must not contain CR, LF or NUL",
          headerName: name,
        });
      }
      if (typeof value === "string" && CONTROL_CHARACTERS.test(value)) {
        found.push({
          instancePath: pointer,
          keyword: "controlCharacters",
          message: "value must not contain CR, LF or NUL",
          headerName: name,
        });
      } else if (typeof value === "string" && NOT_A_FIELD_VALUE.test(value)) {
        found.push({
          instancePath: `${pointer}/${escapeToken(name)}`,
          keyword: "headerValue",
          message:
            "holds a character an HTTP header cannot carry (a control character other than tab, or one above U+00FF)",
          headerName: name,
        });
      }
    }
  });
  return found;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

export interface BodyRuleOptions {
  /**
   * Let a webhook URL be plain http to a loopback host: a local receiver needs no certificate.
   * Only where the API itself is on loopback (the embedded sandbox); Partoo keeps https only.
   */
  allowLoopbackHttp?: boolean;
}

/** Every reason not to send this body: the spec's schema, then the client's own rules. */
export function requestBodyViolations(
  method: string,
  path: string,
  body: unknown,
  options: BodyRuleOptions = {},
): Finding[] {
  const { errors: fromSchema } = checkRequestBody({ method, path, body });
  return [...fromSchema, ...extraViolations(body, options)];
}
