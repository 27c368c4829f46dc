/**
 * Reading a failed fetch the same way on every runtime: Node puts the reason on `cause.code`,
 * Bun on the error's own `code`, Deno only in the message.
 */

/** Codes that prove the request never reached the server (nothing was connected, or no address). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused"]);
/** Deno gives no code: "tcp connect error: Connection refused (os error 111)". */
const NOT_SENT_MESSAGE = /tcp connect error[^\n]*connection refused/i;

function codeOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === "string" ? cause : typeof own === "string" ? own : undefined;
}

/** The error's own message and its cause's, each only where it is a string (anything may be thrown). */
function messages(error: unknown): { own: string | undefined; cause: string | undefined } {
  const own = (error as { message?: unknown } | null | undefined)?.message;
  const cause = (error as { cause?: { message?: unknown } } | null | undefined)?.cause?.message;
  return { own: typeof own === "string" ? own : undefined, cause: typeof cause === "string" ? cause : undefined };
}

/**
 * True only when the failure proves nothing was sent, so even a POST may be sent again. Anything
 * unknown counts as "may have been sent": a duplicate create cannot be deleted.
 */
export function provablyNotSent(error: unknown): boolean {
  const code = codeOf(error);
  const { own, cause } = messages(error);
  return (code !== undefined && NOT_SENT_CODES.has(code)) || NOT_SENT_MESSAGE.test(`${own ?? ""} ${cause ?? ""}`);
}

/** Why a fetch failed, in a word where possible: `ECONNREFUSED`, not undici's bare "fetch failed". */
export function describeNetworkError(error: unknown): string {
  const { own, cause } = messages(error);
  // A custom fetch may throw anything, a string or undefined included.
  return codeOf(error) ?? cause ?? own ?? String(error);
}
