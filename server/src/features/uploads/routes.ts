import { createMediaStore } from "@parley/core/media/store";
import { openSignedUpload } from "@parley/core/uploads/open-upload";
import { storeUpload } from "@parley/core/uploads/store-upload";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { idParam } from "../../http/ids";
import { parse } from "../../http/validate";
import { streamMedia } from "../messages/media";
import { withUploadedFile } from "./multipart";
import { uploadQuery } from "./schemas";

/**
 * Files agents upload before sending them (issue #16 item 10), and the signed link Meta fetches them by.
 * `?conversationId=` checks the file against that conversation's platform while it uploads.
 */
export function uploadRoutes(deps: Deps): Router {
  const r = Router();
  const store = createMediaStore(deps.config);

  r.post("/uploads", requireAuth(deps.config.JWT_SECRET), async (req, res) => {
    const { conversationId } = parse(uploadQuery, req.query);
    const { workspaceId, userId } = authOf(req);
    const dto = await withUploadedFile(req, (file) =>
      storeUpload({ db: deps.db, store }, { workspaceId, userId, conversationId }, file),
    );
    res.status(201).json(dto);
  });

  // Public on purpose: Meta fetches it with no Parley session. The signed, expiring query is the credential.
  r.get("/uploads/:id/content", async (req, res) => {
    const id = idParam(req, "id", "Upload");
    const media = await openSignedUpload(
      { db: deps.db, store, config: deps.config },
      id,
      req.query.expires,
      req.query.signature,
    );
    await streamMedia(media, res);
  });

  return r;
}
