/**
 * The request-cost comparisons alone, printed as JSON: `npm run bench` runs this file under the
 * pinned Node 22 and 24 (from `npm run test:runtimes`' cache) to report every Node version.
 */
import { loadPeers } from "./peers.js";
import { realisticPage } from "./realistic-page.js";
import { requestOverhead } from "./request-overhead.js";

const peers = await loadPeers();
const overhead = await requestOverhead(peers);
const page = await realisticPage();
process.stdout.write(JSON.stringify({ node: process.version, overhead, page }));
