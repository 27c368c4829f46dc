import { PartooError } from "../errors.js";

/** The delivery is unsigned, or its signature does not verify with the key: do not trust it. */
export class PartooSignatureError extends PartooError {
  /** `"PartooSignatureError"`, also in `String(error)`. */
  override name = "PartooSignatureError";
}

/** The delivery is not a Partoo event: too large, not JSON, or not a `{ type, payload }` envelope. */
export class PartooEventError extends PartooError {
  /** `"PartooEventError"`, also in `String(error)`. */
  override name = "PartooEventError";
}
