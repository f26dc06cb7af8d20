import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the messages (replies out) feature.
export function messageRoutes(_deps: Deps): Router {
  return Router();
}
