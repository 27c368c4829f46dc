// Entry for workerd: a module worker. The environment comes in the query string.
import { runChecks } from "./consumer-check.mjs";

export default {
  async fetch(request) {
    const env = JSON.parse(new URL(request.url).searchParams.get("env"));
    return new Response(JSON.stringify(await runChecks(env)), { headers: { "content-type": "application/json" } });
  },
};
