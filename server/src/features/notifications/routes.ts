import { listNotifications, markNotificationsRead } from "@parley/core/notifications/list";
import { getPreferences, setPreferences } from "@parley/core/notifications/preferences";
import { Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth } from "../../http/auth";
import { parse } from "../../http/validate";
import { listQuery, preferencesBody, readBody } from "./schemas";

/** The caller's own notifications and what they want to be told about (mounted at /api). */
export function notificationRoutes(deps: Deps): Router {
  const r = Router();
  r.use(["/notifications", "/me/notification-preferences"], requireAuth(deps.config.JWT_SECRET));

  r.get("/notifications", async (req, res) => {
    res.json(await listNotifications(deps.db, authOf(req), parse(listQuery, req.query)));
  });

  r.post("/notifications/read", async (req, res) => {
    res.json(await markNotificationsRead(deps.db, authOf(req), parse(readBody, req.body ?? {})));
  });

  r.get("/me/notification-preferences", async (req, res) => {
    res.json(await getPreferences(deps.db, authOf(req)));
  });

  r.put("/me/notification-preferences", async (req, res) => {
    res.json(await setPreferences(deps.db, authOf(req), parse(preferencesBody, req.body ?? {})));
  });
  return r;
}
