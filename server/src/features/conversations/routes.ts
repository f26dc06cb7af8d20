import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the conversations feature.
export function conversationRoutes(_deps: Deps): Router {
  return Router();
}
