import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { LOOPBACK_HOST } from "../internal/loopback.js";

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOptions {
  /** Extra CA certificates to trust (a test receiver's self-signed one). */
  ca?: string | Buffer | undefined;
  timeoutMs?: number;
  /** Deliver beyond loopback. Off by default: a local sandbox must not post to the internet. */
  allowExternal?: boolean;
  /** Plain http beyond loopback too (for `sendTestDelivery`, whose URL the user names). */
  allowHttp?: boolean;
}

export { LOOPBACK_HOST };

/**
 * POSTs one delivery; resolves with the receiver's status, or 0 if it was not delivered. Partoo
 * delivers over HTTPS only; here plain http is allowed too, for a receiver on loopback, so a local
 * test needs no certificate. Beyond loopback only with `allowExternal`.
 */
export function deliver(delivery: Delivery, options: DeliveryOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(delivery.url);
    const loopback = LOOPBACK_HOST.test(url.hostname);
    if (!options.allowExternal && !loopback) return resolve(0);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && (loopback || options.allowHttp))) return resolve(0);
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    let req: ReturnType<typeof request>;
    // A custom header the spec allows but HTTP cannot carry (a control character, a non-ASCII name)
    // makes Node throw here: the delivery fails as it would at Partoo, it does not crash the tryout.
    try {
      req = request(
        url,
        {
          method: "POST",
          headers: { ...delivery.headers, "content-length": Buffer.byteLength(delivery.body) },
          timeout: options.timeoutMs ?? 5_000,
          ...(options.ca === undefined ? {} : { ca: options.ca }),
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
    } catch {
      return resolve(0);
    }
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(delivery.body);
  });
}
