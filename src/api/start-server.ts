// Listens with an app and closes gracefully: stop accepting, let in-flight requests finish (bounded), then
// release what the server owns (the store).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Idempotent; resolves once connections are gone and onClosed has run. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  host: string;
  port: number;
  /** In-flight requests get this long to finish before their connections are cut (default 10 s). */
  drainMs?: number;
  /** Runs after the last connection is gone, e.g. closing the store. */
  onClosed?: () => Promise<void>;
}

export async function startServer(app: RequestListener, options: StartServerOptions): Promise<RunningServer> {
  const server = createServer(app);
  // Slow clients cannot hold sockets forever: whole request 30 s, headers 15 s, idle keep-alive 5 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets go idle as their in-flight response ends; sweep them until none is left.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => server.closeAllConnections(), options.drainMs ?? 10_000);
      await closed;
      clearInterval(sweep);
      clearTimeout(force);
      await options.onClosed?.();
    })());
  return { server, url: `http://${host}:${address.port}`, port: address.port, close };
}
