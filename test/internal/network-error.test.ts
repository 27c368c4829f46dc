import { describe, expect, it } from "vitest";
import { describeNetworkError, provablyNotSent } from "../../src/internal/network-error.js";

/** Failures as each runtime's fetch reports a refused connection, and some that prove nothing. */
const node = Object.assign(new TypeError("fetch failed"), {
  cause: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" },
});
const bun = Object.assign(new Error("Unable to connect. Is the computer able to access the url?"), {
  code: "ConnectionRefused",
});
const deno = new TypeError(
  "error sending request for url (http://127.0.0.1:9/v2/webhooks): client error (Connect): tcp connect error: Connection refused (os error 111)",
);
const reset = Object.assign(new TypeError("fetch failed"), {
  cause: { code: "ECONNRESET", message: "read ECONNRESET" },
});
const unknown = new TypeError("Network connection lost.");

describe("a failed request is read the same way on every runtime", () => {
  it("a refused connection proves nothing was sent: Node's cause.code, Bun's own code, Deno's message", () => {
    expect([node, bun, deno].map(provablyNotSent)).toEqual([true, true, true]);
  });
  it("a reset, or anything unknown (workerd's), may have been sent", () => {
    expect([reset, unknown, undefined, null, "x"].map(provablyNotSent)).toEqual([false, false, false, false, false]);
  });
  it("describes each in a word where there is one", () => {
    expect(describeNetworkError(node)).toBe("ECONNREFUSED");
    expect(describeNetworkError(bun)).toBe("ConnectionRefused");
    expect(describeNetworkError(deno)).toMatch(/Connection refused/);
  });
});
