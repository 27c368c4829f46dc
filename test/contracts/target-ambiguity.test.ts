import { describe, expect, it } from "vitest";
import { ConfigError, settingsFromEnv } from "../../contracts/target.js";

describe("the contract suite's target", () => {
  it("refuses PARTOO_ENV and PARTOO_BASE_URL set together, in one line", () => {
    const attempt = () =>
      settingsFromEnv({ PARTOO_ENV: "sandbox", PARTOO_BASE_URL: "https://api.partoo.example/v2", PARTOO_API_KEY: "k" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^PARTOO_ENV and PARTOO_BASE_URL are both set: keep one/);
  });

  it("still takes either one alone", () => {
    expect(settingsFromEnv({ PARTOO_ENV: "sandbox", PARTOO_API_KEY: "k" }).target.kind).toBe("remote");
    expect(settingsFromEnv({ PARTOO_BASE_URL: "https://api.partoo.example/v2", PARTOO_API_KEY: "k" }).target.kind).toBe(
      "remote",
    );
  });
});
