import type { OpenAPIV3_1 } from "openapi-types";
import { HTTP_METHODS, operationKey } from "./operations.js";

type Doc = OpenAPIV3_1.Document;
type PathItem = Record<string, unknown>;

export function operationKeys(doc: Doc): string[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => (item as PathItem | undefined)?.[m]).map((m) => operationKey(m, path)),
  );
}

/** The document with only the given operations under `paths` (components untouched). */
export function keepOperations(doc: Doc, keys: ReadonlySet<string>): Doc {
  const paths: Record<string, PathItem> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const kept = Object.fromEntries(
      Object.entries(item as PathItem).filter(
        ([key]) => !(HTTP_METHODS as readonly string[]).includes(key) || keys.has(operationKey(key, path)),
      ),
    );
    if (HTTP_METHODS.some((m) => kept[m])) paths[path] = kept;
  }
  return { ...doc, paths } as Doc;
}

/** Drops every component that nothing kept refers to, following `$ref`s transitively. */
export function pruneComponents(doc: Doc): Doc {
  const components = (doc.components ?? {}) as Record<string, Record<string, unknown>>;
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/") && !used.has(value)) {
          used.add(value);
          const [, , kind, name] = value.split("/");
          visit(components[kind ?? ""]?.[name ?? ""]);
        } else visit(value);
      }
    }
  };
  visit(doc.paths);
  const schemes = new Set((doc.security ?? []).flatMap((requirement) => Object.keys(requirement)));
  const kept: Record<string, Record<string, unknown>> = {};
  for (const [kind, entries] of Object.entries(components)) {
    const names = Object.keys(entries).filter(
      (name) => used.has(`#/components/${kind}/${name}`) || (kind === "securitySchemes" && schemes.has(name)),
    );
    if (names.length > 0) kept[kind] = Object.fromEntries(names.map((name) => [name, entries[name]]));
  }
  return { ...doc, components: kept } as Doc;
}
