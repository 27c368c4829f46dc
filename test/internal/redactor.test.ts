import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/internal/redact.js";
import { freshTail } from "../helpers.js";

describe("Redactor.text: every spelling of a secret", () => {
  const secret = `a/b~c é${freshTail()}`;
  const r = new Redactor([secret]);
  const tail = secret.slice("a/b~c é".length);
  it.each([
    ["as a JSON-pointer token", `a~1b~0c é${tail}`],
    ["in upper case", `A/B~C É${tail}`.toUpperCase()],
    ["as XML entities", `a&#x2f;b&#126;c&#32;&#233;${tail}`],
    ["form-encoded, é as Latin-1", `a%2Fb%7Ec+%E9${tail}`],
    ["form-encoded, é as UTF-8", `a%2fb~c%20%C3%A9${tail}`],
    ["as UTF-16 read as UTF-8", [...`a/b~c é${tail}`].join("\0")],
    ["as UTF-16 in JSON", [...`a/b~c é${tail}`].join("\\u0000")],
    ["with é read back as U+FFFD", `a/b~c \ufffd${tail}`],
  ])("%s", (_, spelled) => {
    expect(r.text(`<${spelled}>`)).toBe(`<${REDACTED}>`);
  });

  it("knows the key as the wire carries it: surrounding whitespace dropped", () => {
    const key = `  pk_${freshTail()}\t`;
    expect(new Redactor([key]).text(`got ${key.trim()}!`)).toBe(`got ${REDACTED}!`);
  });

  it("finds a short value only where text sets it apart", () => {
    const short = new Redactor(["Qz9"]);
    expect(short.text('{"v":"Qz9"} x=Qz9; /Qz9/ h: Qz9')).toBe(
      `{"v":"${REDACTED}"} x=${REDACTED}; /${REDACTED}/ h: ${REDACTED}`,
    );
    expect(short.text("Qz9x aQz9 Qz9")).toBe("Qz9x aQz9 Qz9");
  });
});

describe("Redactor.deep, headers, findings", () => {
  it("redacts by position: custom_headers values, and whole strings however short", () => {
    const r = new Redactor(["ab"]);
    expect(r.deep({ custom_headers: { "X-A": "anything" }, echo: "ab", ab: 1, note: "tab" })).toEqual({
      custom_headers: { "X-A": REDACTED },
      echo: REDACTED,
      [REDACTED]: 1,
      note: "tab",
    });
  });

  it("drops a header whose name is a secret, and redacts values", () => {
    const r = new Redactor(["secret-name-1"]);
    const out = r.headers(new Headers({ "secret-name-1": "x", "x-echo": "SECRET-NAME-1", ok: "fine" }));
    expect([...out]).toEqual([
      ["ok", "fine"],
      ["x-echo", REDACTED],
    ]);
  });

  it("bounds findings: 50 at most, each string cut after redaction", () => {
    const r = new Redactor(["pk_secret_1"]);
    const many = Array.from({ length: 80 }, (_, i) => ({
      instancePath: `/items/${i}/pk_secret_1/${"x".repeat(10_000)}`,
      keyword: "pattern",
      message: "m",
      headerName: "pk_secret_1",
    }));
    const out = r.findings(many);
    expect(out).toHaveLength(51);
    expect(out.at(-1)).toMatchObject({ keyword: "truncated", message: "and 30 more" });
    expect(out[0]?.headerName).toBe(REDACTED);
    expect(out[0]?.instancePath.startsWith(`/items/0/${REDACTED}/`)).toBe(true);
    expect(out[0]?.instancePath.length).toBeLessThanOrEqual(241);
  });
});

describe("Redactor.text on a large text", () => {
  it("keeps all of it (a report is never cut) and redacts past the first 64 KiB", () => {
    const r = new Redactor(["pk_large_secret"]);
    const big = `${"x".repeat(200_000)} pk_large_secret end`;
    expect(r.text(big)).toBe(`${"x".repeat(200_000)} ${REDACTED} end`);
  });
});
