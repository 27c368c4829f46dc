import { describe, expect, it } from "vitest";
import { createPartooClient, PartooPaginationError, PartooResponseError, paginate } from "../../src/index.js";
import { useReceiver } from "../helpers.js";

const receiver = useReceiver();
const walk = async (answer: unknown) => {
  receiver.received.length = 0;
  receiver.answer = JSON.stringify(answer);
  const partoo = createPartooClient({ apiKey: "pk_paginate_key", baseUrl: receiver.url.replace(/\/hook$/, "/v2") });
  const seen: number[] = [];
  try {
    for await (const webhook of paginate(partoo, "/webhooks", { per_page: 2 })) seen.push(webhook.id);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
};
const hook = (id: number) => ({ id, url: "https://hooks.example.com/x", event_type: "lead_received" });

describe("paginate over hostile pages", () => {
  for (const [what, items] of [
    ["a string", "not a list"],
    ["an object", { 0: hook(1) }],
    ["a list holding null", [null]],
    ["a number", 3],
  ] as const) {
    it(`items as ${what} is a PartooResponseError naming the page, not a TypeError`, async () => {
      const { error } = await walk({ page: 1, count: 1, max_page: 1, items });
      expect(error).toBeInstanceOf(PartooResponseError);
      expect((error as Error).message).toMatch(/page 1 is malformed: items is not a list of objects/);
    });
  }

  it("a body that is not an object is a PartooResponseError", async () => {
    const { error } = await walk(null);
    expect(error).toBeInstanceOf(PartooResponseError);
    expect((error as Error).message).toMatch(/the body is not an object/);
  });

  it("a max_page far beyond what count allows is refused after the first page, not walked", async () => {
    const { error, seen } = await walk({ page: 1, count: 4, max_page: 1_000_000, items: [hook(1), hook(2)] });
    expect(error).toBeInstanceOf(PartooPaginationError);
    expect((error as Error).message).toMatch(/max_page 1000000, but count 4 at 2 per page needs at most 2/);
    expect(seen).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it("one page of slack is allowed (a list that grew between count and max_page)", async () => {
    const { error } = await walk({ page: 1, count: 4, max_page: 3, items: [hook(1), hook(2)] });
    // Pages 2 and 3 repeat page 1 here: the repeat guard stops it, the max_page check did not.
    expect(error).toBeInstanceOf(PartooPaginationError);
    expect((error as Error).message).toMatch(/repeats an earlier page/);
  });
});
