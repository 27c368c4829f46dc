import type { IncomingMessage, ServerResponse } from "node:http";
import { type Hostile, startHostile } from "./hostile.js";

/**
 * An "echo everything" hostile API on loopback: it answers every request by reflecting what it
 * received as secret (the `x-APIKey` header exactly as it arrived, every custom header value of a
 * JSON body) in one of the forms a careless or hostile server could use. The form is chosen by
 * the first path segment, `/<form>/v2/...`, so a client pointed at `${origin}/<form>/v2` meets
 * that form on every request; `/mixed/v2` cycles through all forms request by request (for the
 * contract suite, which makes many requests).
 */
export const ECHO_FORMS = [
  "text", // 500 text/plain body with each secret as is
  "json", // 400 JSON, each secret in a string (as JSON.stringify writes it, and fully \u-escaped)
  "property", // 400 JSON, each secret as a property name
  "pointer", // 400 JSON, each secret as a JSON-pointer token (~0, ~1)
  "urlencoded", // 400 JSON, each secret percent-encoded in a URL
  "echo", // 400 JSON, the request body echoed whole (short values by position)
  "utf16", // 400 application/json; charset=utf-16le
  "header", // 400, each secret in a response header value (and as a header name where that is a token)
  "contentType", // 400, each secret in the content type
  "redirect", // 302 to the same origin with each secret as user:password@
  "success", // 200, a webhook whose custom header names and extra property names are the secrets
] as const;
export type EchoForm = (typeof ECHO_FORMS)[number];

export interface EchoServer {
  origin: string;
  /** Requests answered, by form. */
  answered: Map<string, number>;
  close(): Promise<void>;
}

const escapeToken = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
const uEscaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function secretsOf(req: IncomingMessage, body: string): string[] {
  const found: string[] = [];
  const key = req.headers["x-apikey"];
  if (typeof key === "string") found.push(key);
  try {
    const visit = (node: unknown): void => {
      if (!node || typeof node !== "object") return;
      for (const [k, v] of Object.entries(node)) {
        if (k === "custom_headers" && v && typeof v === "object") {
          for (const value of Object.values(v)) if (typeof value === "string") found.push(value);
        } else visit(v);
      }
    };
    visit(JSON.parse(body));
  } catch {
    // not JSON: nothing more to echo
  }
  return found;
}

function webhook(id: number, names: string[]) {
  const custom = Object.fromEntries(names.map((n) => [n, "v"]));
  const extra = Object.fromEntries(names.map((n) => [n, 1]));
  return {
    id,
    org_id: 1,
    url: "https://hooks.example.com/x",
    event_type: "lead_received",
    custom_headers: custom,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

function answer(form: EchoForm, req: IncomingMessage, res: ServerResponse, body: string, origin: string): void {
  const secrets = secretsOf(req, body);
  const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(value));
  switch (form) {
    case "text":
      res.writeHead(500, { "content-type": "text/plain" }).end(secrets.map((s) => `got ${s};`).join(" "));
      return;
    case "json":
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(
          `{"message":${JSON.stringify(secrets.map((s) => `bad ${s}`).join(" "))},"escaped":[${secrets.map((s) => `"${uEscaped(s)}"`).join(",")}],"errors":{"json":{"echo":${JSON.stringify(secrets)}}}}`,
        );
      return;
    case "property":
      json(400, { errors: Object.fromEntries(secrets.map((s) => [s, ["unknown field"]])) });
      return;
    case "pointer":
      json(400, { errors: secrets.map((s) => ({ pointer: `/custom_headers/${escapeToken(s)}`, detail: "bad" })) });
      return;
    case "urlencoded":
      json(400, { next: secrets.map((s) => `https://x.example/?k=${encodeURIComponent(s)}`) });
      return;
    case "echo":
      try {
        json(400, { errors: { json: JSON.parse(body || "null") }, message: "invalid" });
      } catch {
        json(400, { message: "invalid" });
      }
      return;
    case "utf16":
      res
        .writeHead(400, { "content-type": "application/json; charset=utf-16le" })
        .end(Buffer.from(JSON.stringify({ message: secrets.join(" ") }), "utf16le"));
      return;
    case "header": {
      const headers: [string, string][] = [["content-type", "application/json"]];
      secrets.forEach((s, i) => {
        if (/^[\t\x20-\x7e\x80-\xff]*$/.test(s)) headers.push([`x-echo-${i}`, s.trim()]);
        if (TOKEN.test(s.trim())) headers.push([s.trim(), "1"]);
      });
      res.writeHead(400, headers.flat()).end("{}");
      return;
    }
    case "contentType": {
      const safe = secrets.filter((s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s)).map((s) => s.trim());
      res.writeHead(400, { "content-type": `text/html; x=${safe.join(";y=")}` }).end("oops");
      return;
    }
    case "redirect": {
      const s = secrets[0] ?? "";
      const target = new URL(origin);
      target.username = encodeURIComponent(s);
      target.password = encodeURIComponent(s);
      target.pathname = "/elsewhere";
      res.writeHead(302, { location: target.href }).end();
      return;
    }
    case "success": {
      const path = req.url ?? "";
      const hook = webhook(
        1,
        secrets.map((s) => s.trim()).filter((s) => s !== ""),
      );
      if (req.method === "POST") json(200, { items: [hook] });
      else if (/\/webhooks\/\d+/.test(path)) json(200, hook);
      else json(200, { page: 1, count: 1, max_page: 1, items: [hook] });
      return;
    }
  }
}

/** Starts the echo server on 127.0.0.1, an ephemeral port (a hostile.ts server answering by form). */
export async function startEchoServer(): Promise<EchoServer> {
  const answered = new Map<string, number>();
  let cycle = 0;
  const server: Hostile = await startHostile((req, res) => {
    const first = (req.url ?? "").split("/")[1] ?? "";
    const form: EchoForm =
      first === "mixed"
        ? (ECHO_FORMS[cycle++ % ECHO_FORMS.length] as EchoForm)
        : (((ECHO_FORMS as readonly string[]).includes(first) ? first : "text") as EchoForm);
    answered.set(form, (answered.get(form) ?? 0) + 1);
    const body = server.seen.at(-1)?.body ?? "";
    server.seen.length = 0; // nothing to keep: the hunter reads the channels, not the requests
    try {
      answer(form, req, res, body, server.origin);
    } catch {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("echo server could not reflect this secret");
    }
  });
  return { origin: server.origin, answered, close: () => server.close() };
}
