import { type ModerationAction, moderateComment } from "@parley/core/comments/moderate";
import { type Request, type Response, Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";

/** Comment moderation on Meta (mounted at /api): hide, unhide, like, delete. */
export function commentRoutes(deps: Deps): Router {
  const r = Router();
  r.use("/messages/:id", requireAuth(deps.config.JWT_SECRET));
  const act = (action: ModerationAction) => async (req: Request, res: Response) => {
    res.json(await moderateComment(deps, authOf(req), idParam(req, "id", "Message"), action));
  };
  r.post("/messages/:id/hide", act("hide"));
  r.post("/messages/:id/unhide", act("unhide"));
  r.post("/messages/:id/like", act("like"));
  r.delete("/messages/:id", act("delete"));
  return r;
}
