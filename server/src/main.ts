import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { config } from "@parley/core/config";
import type { Deps } from "./deps";

export type RunningServer = { server: Server; deps: Deps; port: number; close(): Promise<void> };

/** In-flight requests get this long to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Listens on config().PORT/HOST (or the given port; 0 picks a free one) and returns the running server.
 * The app is imported lazily because several modules read config() at import time: the entry point
 * below validates config first, so a bad setting prints one clear line instead of a stack trace.
 */
export async function startServer(
  opts: { port?: number; host?: string; deps?: Partial<Deps> } = {},
): Promise<RunningServer> {
  const cfg = config();
  const [{ createServer }, { createRequestListener }, { createDeps }, { logger }] = await Promise.all([
    import("node:http"),
    import("./app"),
    import("./deps"),
    import("@parley/core/logger"),
  ]);
  const deps = createDeps(opts.deps);
  await (await import("@parley/core/accounts/reseal-tokens")).resealLegacyTokens(deps.db);
  const server = createServer(createRequestListener(deps));
  // Things that hold connections of their own (the WebSocket server) register how to close them here.
  const closers: Array<() => Promise<void> | void> = [];
  closers.push((await import("./realtime/index")).attachRealtime(server, deps).close);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? cfg.PORT, opts.host ?? cfg.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? cfg.PORT);
  logger.info({ port }, "API listening");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting now; idle keep-alive sockets close at once, busy ones after their response.
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      for (const c of closers.reverse())
        await Promise.resolve(c()).catch((err) => logger.warn({ err }, "close failed"));
      await drained;
      clearTimeout(force);
      await deps.close();
    })();
    return closing;
  };
  return { server, deps, port, close };
}

async function main() {
  try {
    config();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const { logger } = await import("@parley/core/logger");
  const running = await startServer();
  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    running.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

const isEntryPoint = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntryPoint) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
