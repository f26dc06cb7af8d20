import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { assertOperator } from "@parley/core/ops/operators";
import { QUEUE_NAMES } from "@parley/core/queues";
import { type RequestHandler, Router } from "express";
import jwt from "jsonwebtoken";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";

const BASE = "/admin/queues";
const COOKIE = "parley_board";

/**
 * The BullMQ board at /admin/queues. A browser navigation cannot carry the bearer token, so an OWNER/ADMIN
 * first asks POST /api/admin/queue-board/session for a 15-minute httpOnly cookie scoped to the board's path.
 * Queues are shared by every workspace (job data names their messages, accounts, raw webhook bodies), so only
 * the instance's operators get one (core/src/ops/operators.ts); another tenant's owner is refused (issue 2).
 */
export function queueBoardRoutes(deps: Deps): Router {
  const router = Router();
  const secret = deps.config.JWT_SECRET;

  router.post(
    "/api/admin/queue-board/session",
    requireAuth(secret),
    requireRole("OWNER", "ADMIN"),
    async (req, res, next) => {
      try {
        const { userId } = authOf(req);
        await assertOperator(deps, userId);
        const token = jwt.sign({ board: true }, secret, { algorithm: "HS256", subject: userId, expiresIn: 900 });
        res.cookie(COOKIE, token, {
          httpOnly: true,
          sameSite: "strict",
          secure: deps.config.NODE_ENV === "production",
          path: BASE,
          maxAge: 900_000,
        });
        res.json({ url: `${BASE}/` });
      } catch (e) {
        next(e);
      }
    },
  );

  const guard: RequestHandler = (req, res, next) => {
    try {
      const p = jwt.verify(req.cookies?.[COOKIE] ?? "", secret, { algorithms: ["HS256"] }) as jwt.JwtPayload;
      if (p.board === true) return next();
    } catch {
      // fall through
    }
    res.status(401).json({ error: { code: "unauthorized", message: "Open the queue board from Parley's admin menu" } });
  };

  const adapter = new ExpressAdapter();
  adapter.setBasePath(BASE);
  createBullBoard({ queues: QUEUE_NAMES.map((n) => new BullMQAdapter(deps.queues[n])), serverAdapter: adapter });
  router.use(BASE, guard, adapter.getRouter());
  return router;
}
