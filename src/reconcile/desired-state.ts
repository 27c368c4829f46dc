import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { PartooError } from "../errors.js";
import { requestBodyViolations } from "../internal/body-rules.js";
import type { CreateWebhookInput } from "../types.js";

/** One wanted webhook, and where the file gives it (`webhooks[3]`), for messages. */
export interface DesiredWebhook extends CreateWebhookInput {
  org_id?: number;
  where: string;
}

/** The file cannot be used: one line saying which file, where in it, and what is wrong. Nothing was sent. */
export class DesiredStateError extends PartooError {
  override name = "DesiredStateError";
}

/** Larger than any real desired state (1 000 organizations × 6 event types is ~1 MB of JSON). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const KEYS = new Set(["org_id", "event_type", "url", "custom_headers"]);

/**
 * Reads a desired-state file: JSON, or YAML (`.yaml`/`.yml`) when the optional `yaml` package is
 * installed. Either `{ "webhooks": [ … ] }` or the bare list; each item `event_type`, `url`,
 * optional `custom_headers` and `org_id` (PROVIDER users). Checked against the spec's create
 * rules before anything is sent.
 */
export async function readDesiredState(path: string): Promise<DesiredWebhook[]> {
  const name = basename(path);
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DesiredStateError(`${path}: not a file`);
    if (info.size > MAX_FILE_BYTES) throw new DesiredStateError(`${path}: larger than ${MAX_FILE_BYTES} bytes`);
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof DesiredStateError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DesiredStateError(`${path}: cannot read it (${code === "ENOENT" ? "no such file" : (code ?? "error")})`);
  }
  const yaml = /\.ya?ml$/i.test(name);
  return parseDesiredState(text, yaml ? "yaml" : "json", path);
}

export async function parseDesiredState(
  text: string,
  format: "json" | "yaml",
  source: string,
): Promise<DesiredWebhook[]> {
  const data = format === "yaml" ? await parseYaml(text, source) : parseJson(text, source);
  const list = Array.isArray(data) ? data : (data as { webhooks?: unknown } | null)?.webhooks;
  const prefix = Array.isArray(data) ? "" : "webhooks";
  if (!Array.isArray(list)) {
    throw new DesiredStateError(`${source}: expected { "webhooks": [ … ] } or a list of webhooks at the top`);
  }
  const seen = new Map<string, string>();
  return list.map((raw: unknown, i): DesiredWebhook => {
    const where = `${prefix}[${i}]`;
    const fail = (what: string) => new DesiredStateError(`${source}: ${where}${what}`);
    if (!raw || typeof raw !== "object" || Array.isArray(raw))
      throw fail(": expected an object with event_type and url");
    const item = raw as Record<string, unknown>;
    const unknown = Object.keys(item).find((k) => !KEYS.has(k));
    if (unknown !== undefined) {
      throw fail(`: unknown key ${JSON.stringify(unknown)} (expected ${[...KEYS].join(", ")})`);
    }
    const orgId = item.org_id;
    if (orgId !== undefined && !(Number.isSafeInteger(orgId) && (orgId as number) >= 1)) {
      throw fail(".org_id: must be a whole number ≥ 1");
    }
    const { org_id: _, ...input } = item;
    for (const required of ["event_type", "url"]) {
      if (input[required] === undefined) throw fail(`: ${required} is required`);
    }
    const [violation] = requestBodyViolations("POST", "/webhooks", { items: [input] });
    if (violation) {
      const at = violation.instancePath.replace(/^\/items\/0/, "").replace(/\//g, ".");
      const header = violation.headerName === undefined ? "" : ` (header ${JSON.stringify(violation.headerName)})`;
      throw fail(`${at}${header}: ${violation.message}`);
    }
    const key = `${orgId ?? "default"} ${String(input.event_type)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw fail(
        `: ${String(input.event_type)} is already wanted at ${earlier} for ${orgId === undefined ? "the default organization" : `organization ${orgId}`} (one URL per event type)`,
      );
    }
    seen.set(key, where);
    return {
      ...(input as unknown as CreateWebhookInput),
      ...(orgId === undefined ? {} : { org_id: orgId as number }),
      where,
    };
  });
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 may quote the text around the mistake (`Unexpected token '}', "…" is not valid JSON`):
    // never shown, it may hold a header value. Its position, where given, becomes line:column.
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1]);
    const where = Number.isFinite(position) ? lineColumn(text, position) : "";
    const reason = message.split(/, "|\n| in JSON| at position/)[0];
    throw new DesiredStateError(`${source}${where}: invalid JSON (${reason})`);
  }
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split("\n");
  return `:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

async function parseYaml(text: string, source: string): Promise<unknown> {
  let yaml: typeof import("yaml");
  try {
    yaml = await import("yaml");
  } catch {
    throw new DesiredStateError(
      `${source}: reading YAML needs the optional "yaml" package (npm install yaml), or give the file as JSON`,
    );
  }
  const document = yaml.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const [first] = document.errors;
  if (first) {
    const at = first.linePos?.[0];
    throw new DesiredStateError(
      `${source}${at ? `:${at.line}:${at.col}` : ""}: invalid YAML (${first.message.split("\n")[0]})`,
    );
  }
  return document.toJS({ maxAliasCount: 100 });
}
