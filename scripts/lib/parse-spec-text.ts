import { Lexer, parse } from "yaml";
import { pointerOf, tokensOf } from "../../src/internal/json-pointer.js";

/**
 * Bounds on the work a spec may cost, beyond its size in bytes. Our spec is 385 nodes (15 kB),
 * about 33 bytes a node: a 10 MiB spec of that density is ~320 000 nodes. A byte cap alone let an
 * 8.8 MiB JSON array of 4.6M zeros cost 43 s and 4.4 GB.
 */
export const MAX_SPEC_NODES = 500_000;
/** Deeper than any real schema (ours: 14); keeps every recursive walk far from the stack limit. */
export const MAX_SPEC_DEPTH = 100;

/** A spec refused before it was parsed or walked; the message is one line for the user. */
export class SpecBoundsError extends Error {
  override name = "SpecBoundsError";
}

/** Lexer markers that stand for no source text (document start, flow end, scalar start). */
const MARKERS = new Set(["\x02", "\x18", "\x1f"]);

const lineAt = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/**
 * Counts the nodes of a YAML text from the lexer's token stream, before any node is built: the
 * `yaml` package's Document costs hundreds of bytes a node (10 MiB of `- 0` lines took GBs), and a
 * visitor over the composed Document would only run once that memory was spent. Aliases are refused
 * here too: a bundled spec has no need for them, and each one is a subtree's work again.
 */
function precountYaml(text: string, source: string): void {
  let nodes = 0;
  let flowDepth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "\x1f" || token === "[" || token === "{" || token === "-") nodes++;
    if (token === "[" || token === "{") flowDepth++;
    else if (token === "]" || token === "}") flowDepth--;
    if (token.startsWith("*")) {
      throw new SpecBoundsError(
        `${source} uses YAML aliases (${token.slice(0, 40)} at line ${lineAt(text, offset)}), which a bundled spec has no need for: refused`,
      );
    }
    if (nodes > MAX_SPEC_NODES) {
      throw new SpecBoundsError(
        `${source} has over ${MAX_SPEC_NODES} YAML nodes (at line ${lineAt(text, offset)}): refused, a spec of this API is far smaller`,
      );
    }
    if (flowDepth > MAX_SPEC_DEPTH) {
      throw new SpecBoundsError(
        `${source} nests over ${MAX_SPEC_DEPTH} levels deep (at line ${lineAt(text, offset)}): refused`,
      );
    }
    if (!MARKERS.has(token)) offset += token.length;
  }
}

/**
 * Counts nodes and depth of a parsed document without recursion, and refuses it over either bound
 * naming where the bound was crossed. Everything that walks the spec later (validation,
 * dereferencing, the diff, generation) is then bounded by these figures.
 */
export function checkDocumentBounds(document: unknown, source: string): void {
  // One frame per level, so memory is O(depth), not O(nodes): an array of 4.6M items is never copied.
  type Frame = { node: object; keys: string[] | undefined; next: number; key: string };
  const frames: Frame[] = [];
  const path = () => pointerOf(frames.slice(1).map((f) => f.key)) || "/";
  let nodes = 0;
  const enter = (node: unknown, key: string) => {
    nodes++;
    if (nodes > MAX_SPEC_NODES) {
      frames.push({ node: {}, keys: [], next: 0, key });
      throw new SpecBoundsError(
        `${source} has over ${MAX_SPEC_NODES} nodes (at ${path()}): refused, a spec of this API is far smaller`,
      );
    }
    if (!node || typeof node !== "object") return;
    frames.push({ node, keys: Array.isArray(node) ? undefined : Object.keys(node), next: 0, key });
    if (frames.length > MAX_SPEC_DEPTH + 1) {
      throw new SpecBoundsError(`${source} nests over ${MAX_SPEC_DEPTH} levels deep (at ${path()}): refused`);
    }
  };
  enter(document, "");
  for (let top = frames.at(-1); top; top = frames.at(-1)) {
    const length = top.keys ? top.keys.length : (top.node as unknown[]).length;
    if (top.next >= length) {
      frames.pop();
      continue;
    }
    const key = top.keys ? (top.keys[top.next] as string) : String(top.next);
    top.next++;
    enter((top.node as Record<string, unknown>)[key], key);
  }
}

/**
 * The document a spec's text holds. JSON is parsed as JSON (V8's parser is iterative and costs a
 * few bytes a node, the `yaml` package hundreds); anything else as YAML, counted before it is built.
 * Either way the result is within MAX_SPEC_NODES and MAX_SPEC_DEPTH.
 */
export function parseSpecText(text: string, source: string): unknown {
  let document: unknown;
  let parsed = false;
  if (/^\s*[{[]/.test(text)) {
    try {
      document = JSON.parse(text);
      parsed = true;
    } catch {
      // A YAML flow mapping starts with `{` too: read it as YAML below.
    }
  }
  if (!parsed) {
    precountYaml(text, source);
    try {
      // maxAliasCount 0 as well, should an alias ever get past the count.
      document = parse(text, { maxAliasCount: 0 });
    } catch (error) {
      const message = (error as Error).message;
      if (/alias/i.test(message)) {
        throw new SpecBoundsError(`${source} uses YAML aliases (*name), which a bundled spec has no need for: refused`);
      }
      throw new SpecBoundsError(`${source} is neither YAML nor JSON: ${message.split("\n")[0]}`);
    }
  }
  checkDocumentBounds(document, source);
  return document;
}

/**
 * A local `$ref` used twice is one subtree seen from two places, and every walk that resolves refs
 * (swagger-parser's validation, the diff, generation's JSON) visits it twice: nine refs to a schema of nine refs, ten levels
 * down, is 9^10 nodes from a few hundred bytes. The expanded tree may hold this many nodes.
 */
export const MAX_EXPANDED_NODES = 2_000_000;

/**
 * Counts the nodes of a document as the walks that resolve its local `$ref`s see them (a target once
 * per use, a cycle back to an ancestor as one), in time linear in its distinct objects, without
 * recursion; refuses it over MAX_EXPANDED_NODES or MAX_SPEC_DEPTH levels once expanded. Run before
 * swagger-parser, whose validation alone walks the expanded tree.
 */
export function checkExpandedSize(document: unknown, source: string): number {
  const target = (node: object): object => {
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
    let at: unknown = document;
    for (const token of tokensOf(ref.slice(1))) at = (at as Record<string, unknown> | undefined)?.[token];
    return at && typeof at === "object" ? at : node;
  };
  type Frame = { node: object; keys: string[]; next: number; size: number; height: number };
  const done = new WeakMap<object, { size: number; height: number }>();
  const open = new Set<object>();
  const frames: Frame[] = [];
  const refuse = (what: string) => {
    const at = pointerOf(frames.filter((f) => f.next > 0).map((f) => f.keys[f.next - 1] as string)) || "/";
    throw new SpecBoundsError(`${source} ${what} once its $refs are resolved (at ${at}): refused`);
  };
  const push = (node: object) => {
    open.add(node);
    frames.push({ node, keys: Object.keys(node), next: 0, size: 1, height: 0 });
  };
  if (!document || typeof document !== "object") return 1;
  push(document);
  let total = 1;
  while (frames.length > 0) {
    const top = frames.at(-1) as Frame;
    if (top.next >= top.keys.length) {
      frames.pop();
      open.delete(top.node);
      done.set(top.node, { size: top.size, height: top.height });
      const parent = frames.at(-1);
      if (parent) {
        parent.size += top.size;
        parent.height = Math.max(parent.height, top.height + 1);
        if (parent.size > MAX_EXPANDED_NODES) refuse(`has over ${MAX_EXPANDED_NODES} nodes`);
      } else total = top.size;
      continue;
    }
    const value = (top.node as Record<string, unknown>)[top.keys[top.next] as string];
    const child = value && typeof value === "object" ? target(value) : value;
    top.next++;
    if (!child || typeof child !== "object" || open.has(child)) {
      top.size++;
      continue;
    }
    const known = done.get(child);
    if (known) {
      top.size += known.size;
      top.height = Math.max(top.height, known.height + 1);
      if (top.size > MAX_EXPANDED_NODES) refuse(`has over ${MAX_EXPANDED_NODES} nodes`);
      if (frames.length + known.height > MAX_SPEC_DEPTH) refuse(`nests over ${MAX_SPEC_DEPTH} levels deep`);
      continue;
    }
    push(child);
    if (frames.length > MAX_SPEC_DEPTH + 1) refuse(`nests over ${MAX_SPEC_DEPTH} levels deep`);
  }
  return total;
}
