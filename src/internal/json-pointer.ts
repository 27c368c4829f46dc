/** JSON Pointer (RFC 6901) tokens: `~` is written `~0` and `/` is written `~1`, in that order. */
export function escapeToken(token: string | number): string {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** `["paths", "/webhooks", "get"]` → `/paths/~1webhooks/get` */
export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join("");
}

/** `/paths/~1webhooks/get` → `["paths", "/webhooks", "get"]` */
export function tokensOf(pointer: string): string[] {
  return pointer.split("/").slice(1).map(unescapeToken); // "" gives [] too
}
