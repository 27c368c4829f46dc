import type { OpenAPIV3_1 } from "openapi-types";
import { operationKey } from "../../src/internal/keys.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type JsonSchema = Record<string, unknown>;

export interface ParameterInfo {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
}

export interface OperationInfo {
  /** `"<method> <path template>"`, the key used everywhere in generated/. */
  key: string;
  method: HttpMethod;
  path: string;
  operationId: string | undefined;
  parameters: ParameterInfo[];
  requestBody: { required: boolean; content: Record<string, JsonSchema> } | undefined;
  /** status → media type → schema */
  responses: Record<string, Record<string, JsonSchema>>;
}

export { operationKey, requestKey, responseKey } from "../../src/internal/keys.js";

/** Every operation of a dereferenced document, with the schemas it declares, in document order. */
export function listOperations(document: OpenAPIV3_1.Document): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as OpenAPIV3_1.OperationObject | undefined;
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])] as OpenAPIV3_1.ParameterObject[];
      const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      const responses: OperationInfo["responses"] = {};
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const content = (response as OpenAPIV3_1.ResponseObject).content ?? {};
        responses[status] = Object.fromEntries(
          Object.entries(content).map(([type, media]) => [type, (media.schema ?? {}) as JsonSchema]),
        );
      }
      operations.push({
        key: operationKey(method, path),
        method,
        path,
        operationId: op.operationId,
        parameters: parameters.map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? false,
          schema: (p.schema ?? {}) as JsonSchema,
        })),
        requestBody: body && {
          required: body.required ?? false,
          content: Object.fromEntries(
            Object.entries(body.content ?? {}).map(([type, media]) => [type, (media.schema ?? {}) as JsonSchema]),
          ),
        },
        responses,
      });
    }
  }
  return operations;
}
