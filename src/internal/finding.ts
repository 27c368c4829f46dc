import type { CompiledValidationError } from "../../generated/compiled-validator.js";
import type { Finding } from "../errors.js";
import { explainHeaderName } from "./header-names.js";
import { unescapeToken } from "./json-pointer.js";

/**
 * The custom header a schema error is about: the name that broke a `propertyNames` rule, or the
 * header whose value broke one (`…/custom_headers/X-Token`). In this spec only CustomHeaders has
 * `propertyNames`, so a property name is a header name.
 */
function headerNameOf(error: CompiledValidationError): string | undefined {
  // Only errors other than propertyNames get here (toFindings drops those): the name is on propertyName.
  if (error.propertyName !== undefined) return error.propertyName;
  const tokens = error.instancePath.split("/");
  const last = tokens.at(-1);
  return tokens.at(-2) === "custom_headers" && last !== undefined ? unescapeToken(last) : undefined;
}

/**
 * Ajv's errors as findings: one per broken rule, the header named where there is one. Ajv reports
 * a bad header name twice (the failed rule, then a generic "property name must be valid"): the
 * generic one is dropped here, once for every reader.
 */
export function toFindings(errors: readonly CompiledValidationError[] | null | undefined): Finding[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== "propertyNames")
    .map((e) => {
      const finding: Finding = {
        instancePath: e.instancePath,
        keyword: e.keyword,
        message: e.message ?? e.keyword,
        schemaPath: e.schemaPath,
      };
      const headerName = headerNameOf(e);
      if (headerName !== undefined) finding.headerName = headerName;
      if (headerName !== undefined && e.keyword === "pattern" && e.schemaPath.endsWith("/propertyNames/pattern")) {
        finding.message = explainHeaderName(headerName);
      }
      return finding;
    });
}
