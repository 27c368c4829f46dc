// Entry for edge-runtime (Vercel's edge sandbox): a service-worker style fetch listener.
import { runChecks } from "./consumer-check.mjs";

addEventListener("fetch", (event) => {
  const env = JSON.parse(new URL(event.request.url).searchParams.get("env"));
  event.respondWith(
    runChecks(env).then(
      (results) => new Response(JSON.stringify(results), { headers: { "content-type": "application/json" } }),
    ),
  );
});
