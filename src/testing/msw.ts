import { type HttpHandler, http } from "msw";
import { ENVIRONMENTS, environmentUrl } from "../environments.js";
import { createFetchImitation, type FetchImitation, type FetchImitationOptions } from "./fetch-imitation.js";

/** Options of `partooHandlers`: the sandbox's options that mean something without a socket. */
export type PartooHandlersOptions = FetchImitationOptions;

/** MSW request handlers, spreadable into `setupServer(...)`, carrying the imitation's state. */
export type PartooHandlers = HttpHandler[] & Omit<FetchImitation, "handle">;

/**
 * MSW 2 handlers serving the embedded sandbox in-process: the same imitation as `startSandbox`
 * (API keys and organizations, validation, paging, the one-URL-per-event-type rule, faults,
 * signed tryout deliveries), at the client's default production and sandbox URLs, so a client
 * with default settings needs no `baseUrl` and no port.
 *
 * @example
 * const partoo = partooHandlers({ apiKeys: ["test-key"] });
 * const server = setupServer(...partoo);
 * server.listen();
 * const client = createPartooClient({ apiKey: "test-key" });
 */
export function partooHandlers(options: PartooHandlersOptions = {}): PartooHandlers {
  const imitation = createFetchImitation(options);
  const handlers = ENVIRONMENTS.map((environment) => {
    const base = environmentUrl(environment);
    const basePath = new URL(base).pathname.replace(/\/+$/, "");
    return http.all(`${base}/*`, ({ request }) => imitation.handle(request, basePath));
  });
  const { handle: _handle, ...state } = imitation;
  return Object.assign(handlers, state);
}
