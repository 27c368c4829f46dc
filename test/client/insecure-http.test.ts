import { describe, expect, it } from "vitest";
import { createPartooClient } from "../../src/index.js";

/** A fetch that records what it would have sent, so no test sends anything to a non-loopback host. */
function recorder() {
  const urls: string[] = [];
  const fetchFn = (async (url: string | URL | Request) => {
    urls.push(String(url));
    return new Response('{"id":1}', { headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { urls, fetchFn };
}

describe("plain http", () => {
  for (const baseUrl of ["http://api.partoo.example/v2", "http://10.0.0.8:8080/v2", "HTTP://Example.COM/v2"]) {
    it(`to ${baseUrl} is refused in one line naming the host and the option`, () => {
      const { fetchFn, urls } = recorder();
      const attempt = () => createPartooClient({ apiKey: "pk_secret_key_1", baseUrl, fetch: fetchFn });
      expect(attempt).toThrow(TypeError);
      expect(attempt).toThrow(
        /plain http to [a-z0-9.]+, which would send the API key in clear: .*allowInsecureHttp: true/,
      );
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
        expect((error as Error).message).not.toContain("pk_secret");
      }
      expect(urls).toEqual([]);
    });
  }

  for (const baseUrl of [
    "http://127.0.0.1:9/v2",
    "http://localhost:9/v2",
    "http://[::1]:9/v2",
    "http://127.8.9.1/v2",
  ]) {
    it(`to loopback (${baseUrl}) is allowed`, async () => {
      const { fetchFn, urls } = recorder();
      await createPartooClient({ apiKey: "k", baseUrl, fetch: fetchFn }).webhooks.get(1);
      expect(urls).toHaveLength(1);
    });
  }

  it("to another host is sent when allowInsecureHttp says so", async () => {
    const { fetchFn, urls } = recorder();
    await createPartooClient({
      apiKey: "k",
      baseUrl: "http://proxy.internal.example/v2",
      allowInsecureHttp: true,
      fetch: fetchFn,
    }).webhooks.get(1);
    expect(urls).toEqual(["http://proxy.internal.example/v2/webhooks/1"]);
  });

  it("https needs no option", async () => {
    const { fetchFn, urls } = recorder();
    await createPartooClient({ apiKey: "k", baseUrl: "https://api.partoo.example/v2", fetch: fetchFn }).webhooks.get(1);
    expect(urls).toHaveLength(1);
  });
});
