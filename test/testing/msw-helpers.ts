import type { SetupServer } from "msw/node";

/**
 * Starts an MSW server that lets only loopback through unhandled (the tryout's real delivery to a
 * test receiver) and fails any other unhandled request, so a handler that stops matching can
 * never send a test's traffic to the real Partoo.
 */
export function listenLoopbackOnly(server: SetupServer): void {
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(request.url).hostname)) print.error();
    },
  });
}
