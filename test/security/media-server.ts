import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type TestServer = {
  url: string;
  port: number;
  hits: string[];
  close: () => Promise<void>;
};

/** A plain HTTP server on loopback that records every request it gets (an internal service, or a fake Meta). */
export async function startTestServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end("internal secret"),
): Promise<TestServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
