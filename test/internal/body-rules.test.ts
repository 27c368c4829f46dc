/**
 * The client's own body rules (beyond the spec's schema), one behaviour each, read straight from
 * requestBodyViolations: where each finding points, what it says, and what it leaves alone.
 */

import { describe, expect, it } from "vitest";
import { event_type } from "../../generated/component-schemas.js";
import { requestBodyViolations } from "../../src/internal/body-rules.js";

const OWN = new Set(["https", "eventType", "controlCharacters"]);
/** Only the client's own findings, as `pointer keyword: message [header]`. */
const own = (body: unknown) => {
  const all = requestBodyViolations("post", "/webhooks", body);
  for (const f of all) expect(typeof f.instancePath).toBe("string");
  return all
    .filter((f) => OWN.has(f.keyword))
    .map(
      (f) =>
        `${f.instancePath} ${f.keyword}: ${f.message}${f.headerName === undefined ? "" : ` [${JSON.stringify(f.headerName)}]`}`,
    );
};
const ok = { url: "https://e.com/h", event_type: event_type.enum[0] };

describe("the client's own body rules", () => {
  it("find nothing in a body without an items list", () => {
    for (const body of [null, undefined, 5, "x", {}, { items: "no" }]) expect(own(body)).toEqual([]);
  });

  it("skip an item that is not an object, and still check the next one at its own index", () => {
    expect(own({ items: [null, 7, { ...ok, url: "http://e.com" }] })).toEqual([
      expect.stringMatching(/^\/items\/2\/url https: must be an absolute https: URL \(/),
    ]);
  });

  it("refuse http:, a relative URL and a non-URL; accept https:", () => {
    for (const url of ["http://e.com", "/relative", "not a url"]) {
      expect(own({ items: [{ ...ok, url }] })).toHaveLength(1);
    }
    expect(own({ items: [ok] })).toEqual([]);
  });

  it("refuse an undocumented event type, listing the documented ones", () => {
    expect(own({ items: [{ ...ok, event_type: "review_created" }] })).toEqual([
      `/items/0/event_type eventType: must be one of ${event_type.enum.join(", ")}`,
    ]);
  });

  it("refuse CR, LF or NUL in a header name or a string value, naming the header and not the value", () => {
    const headers = { "X-A\r": "fine", "X-B": "line\nbreak", "X-C": "nul\0", "X-D": "clean", "X-E": 5 };
    expect(own({ items: [{ ...ok, custom_headers: headers }] })).toEqual([
      '/items/0/custom_headers controlCharacters: name must not contain CR, LF or NUL ["X-A\\r"]',
      '/items/0/custom_headers controlCharacters: value must not contain CR, LF or NUL ["X-B"]',
      '/items/0/custom_headers controlCharacters: value must not contain CR, LF or NUL ["X-C"]',
    ]);
  });

  it("leave wrong types to the schema: a number URL or event type, a string for the headers, a non-string value", () => {
    expect(own({ items: [{ ...ok, url: 5 }] })).toEqual([]);
    expect(own({ items: [{ ...ok, event_type: 5 }] })).toEqual([]);
    expect(own({ items: [{ ...ok, custom_headers: "X-A: a\nb" }] })).toEqual([]);
    expect(own({ items: [{ ...ok, custom_headers: { "X-A": ["a\nb"] } }] })).toEqual([]);
  });

  it("leave absent or null custom headers alone", () => {
    expect(own({ items: [{ ...ok, custom_headers: null }, { ...ok }] })).toEqual([]);
  });
});
