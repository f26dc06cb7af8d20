import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";

const dist = fileURLToPath(new URL("../../../client/dist", import.meta.url));

/** Serves the built dashboard on the API's origin; hashed assets are cached for a year. */
export function serveClient(app: Express): void {
  if (!existsSync(dist)) return;
  app.use("/assets", express.static(`${dist}/assets`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(dist, { index: false, maxAge: 0 }));
  app.get(/^\/(?!api\/|ws$|metrics$|admin\/queues).*/, (_req, res) => res.sendFile(`${dist}/index.html`));
}
