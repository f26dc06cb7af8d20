import { Router } from "express";
import type { Deps } from "../../deps";
import { readiness } from "./checks";

/** Probes for orchestrators and `npm start`: liveness (/healthz) and readiness (/readyz). */
export function healthRoutes(deps: Deps): Router {
  const r = Router();
  // Liveness says only that the process answers; it must not fail because a dependency did.
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/readyz", async (_req, res) => {
    const { ready, checks } = await readiness(deps);
    res.setHeader("Cache-Control", "no-store");
    if (ready) {
      res.json({ status: "ready", checks });
      return;
    }
    const down = Object.entries(checks)
      .filter(([, s]) => s === "down")
      .map(([name]) => name);
    res.status(503).json({
      error: { code: "not_ready", message: `Not ready: ${down.join(" and ")} unreachable` },
      checks,
    });
  });
  return r;
}
