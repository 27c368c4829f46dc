import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What a hostile or recording server saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Hostile {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  seen: Seen[];
  /** Bytes the handler managed to write before the peer went away (set by handlers that count). */
  bytesWritten: { count: number };
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: { bytesWritten: { count: number } }) => void;

/** A real HTTP server on loopback, an ephemeral port, recording every request it gets. */
export async function startHostile(handler: Handler): Promise<Hostile> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const bytesWritten = { count: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      handler(req, res, { bytesWritten });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    bytesWritten,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `chunk` forever (until the peer goes away), counting what was written. */
export function endless(res: ServerResponse, chunk: Buffer, counter: { count: number }): void {
  const pump = () => {
    while (!res.destroyed) {
      counter.count += chunk.length;
      if (!res.write(chunk)) break; // queued; wait for the peer to take it
    }
    if (!res.destroyed) res.once("drain", pump);
  };
  pump();
}
