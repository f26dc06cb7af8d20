import { createMediaStore } from "@parley/core/media/store";
import { openPostThumbnail } from "@parley/core/posts/thumbnail";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { streamMedia } from "../messages/media";

/** A comment thread's post picture, archived in Parley's media store (Meta's CDN link expires). */
export function postRoutes(deps: Deps): Router {
  const r = Router();
  const store = createMediaStore(deps.config);
  r.get("/posts/:id/thumbnail", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const media = await openPostThumbnail(
      { db: deps.db, store },
      authOf(req).workspaceId,
      idParam(req, "id", "Thumbnail"),
    );
    await streamMedia(media, res);
  });
  return r;
}
