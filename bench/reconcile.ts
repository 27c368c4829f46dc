/**
 * `npm run bench:reconcile [-- --orgs N]`: webhooks as code at scale against the embedded sandbox
 * (in this process, on loopback). Prints the figures docs/webhooks-as-code.md gives:
 * 1. from scratch and again, under Partoo's own limit (300 a minute per organization);
 * 2. under a limit that binds (a scaled clock: 5 requests a second per organization), paced and not;
 * 3. each fault, on the naive create-if-missing and on apply.
 */
import { parseArgs } from "node:util";
import { applyAll, audit, FAULTS, naiveApplyAll, preload, scenario } from "./reconcile-scenario.js";

const { values } = parseArgs({ options: { orgs: { type: "string" }, only: { type: "string" } } });
const run = (part: string) => values.only === undefined || values.only === part;
const ORGS = Number(values.orgs ?? 200);
const SCALED = { limit: 5, windowMs: 1_000 };
const out = (label: string, value: unknown) => console.log(`${label.padEnd(58)} ${JSON.stringify(value)}`);

console.log(`reconcile bench: ${ORGS} organizations × 6 event types, Node ${process.version}`);
if (run("1")) {
  const s = await scenario(ORGS, { rateLimit: { limit: 300, windowMs: 60_000 } });
  out("1. from scratch, Partoo's limit (300/min/org), paced", {
    ...(await applyAll(s, {})),
    sandbox429: s.sandbox.rateLimited,
    ...audit(s),
  });
  out("1. again (creates nothing)", { ...(await applyAll(s, {})), sandbox429: s.sandbox.rateLimited, ...audit(s) });
  await s.close();
}
if (run("2")) {
  const s = await scenario(ORGS, { rateLimit: SCALED });
  out("2. scaled limit 5/s/org, NOT paced (naive)", {
    ...(await naiveApplyAll(s)),
    sandbox429: s.sandbox.rateLimited,
    ...audit(s),
  });
  await s.close();
  const t = await scenario(ORGS, { rateLimit: SCALED });
  out("2. scaled limit 5/s/org, paced, concurrency 32", {
    ...(await applyAll(t, SCALED, { concurrency: 32 })),
    sandbox429: t.sandbox.rateLimited,
    ...audit(t),
  });
  out("2. again", {
    ...(await applyAll(t, SCALED, { concurrency: 32 })),
    sandbox429: t.sandbox.rateLimited,
    ...audit(t),
  });
  await t.close();
}
const faultCases = [
  ["lost create answers (30 creates stored, answer reset)", () => FAULTS.lostCreates(30), false],
  ["429 storm (60 in a row, Retry-After 1)", () => FAULTS.rateLimitStorm(60, "1"), false],
  ["5xx on list page 2 (3 in a row, per_page 2)", () => FAULTS.listPage5xx(3 * 20), true],
] as const;
for (const [label, faults, paged] of run("3") ? faultCases : []) {
  const options = paged ? { perPage: 2 } : {};
  const naive = await scenario(ORGS, { faults: faults() });
  if (paged) preload(naive);
  out(`3. naive: ${label}`, { ...(await naiveApplyAll(naive, options)), ...audit(naive) });
  await naive.close();
  const ours = await scenario(ORGS, { faults: faults() });
  if (paged) preload(ours);
  out(`3. apply: ${label}`, { ...(await applyAll(ours, {}, options)), ...audit(ours) });
  await ours.close();
}
