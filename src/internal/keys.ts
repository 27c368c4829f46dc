/**
 * How generated/ keys its tables, built in one place for the generator (scripts/) and its readers
 * (validation, schema checks, the sandbox).
 */

/** `"get /webhooks"` */
export function operationKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${path}`;
}

/** `"post /webhooks application/json"`: a request body's validator. */
export function requestKey(opKey: string, mediaType: string): string {
  return `${opKey} ${mediaType}`;
}

/** `"get /webhooks 200 application/json"`: a response's validator and schema. */
export function responseKey(opKey: string, status: string | number, mediaType: string): string {
  return `${opKey} ${status} ${mediaType}`;
}
