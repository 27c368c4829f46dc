import { request as httpsRequest } from "node:https";

export interface Delivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOptions {
  /** Extra CA certificates to trust (a test receiver's self-signed one); https stays mandatory. */
  ca?: string | Buffer | undefined;
  timeoutMs?: number;
  /** Deliver beyond loopback. Off by default: a local sandbox must not post to the internet. */
  allowExternal?: boolean;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** POSTs one delivery over HTTPS; resolves with the receiver's status, or 0 if it was not delivered. */
export function deliver(delivery: Delivery, options: DeliveryOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(delivery.url);
    if (url.protocol !== "https:") return resolve(0);
    if (!options.allowExternal && !LOOPBACK_HOST.test(url.hostname)) return resolve(0);
    const req = httpsRequest(
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
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
    req.end(delivery.body);
  });
}
